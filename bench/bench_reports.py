"""Benchmark: the office summary of 100,000 visits in every format, beside loading the same store.

    python bench/bench_reports.py [--households 5000] [--visits 100000] [--devices 4]
                                  [--repeat 3] [--keep DIR]

Sets up an office home with `doorstep demo generate` and every device's visits received at the
office (as a merge leaves them), then measures, in the same run:

- baseline: opening the store and reading its register and visits (what any command that
  reads a home pays), and json.loads of the store's file alone;
- the summary's figures (load + visits in force + every figure), and each format end to end
  (figures + rendering), as `doorstep summary --format F --out FILE` does;
- the visit export to xlsx and csv, and one label sheet of the whole register.

Each figure is the best of --repeat runs (the machine may be shared), printed beside the
baseline as a ratio.

`--against REV` also measures, in the same run and on the same store, the figures as the
reports/figures.py of git revision REV computes them (the code before a change), so that a
change's cost is a ratio of ratios taken on one machine at one time. `--summary-only` skips the
formats, the exports and the labels.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from doorstep.demo.generate import generate_homes  # noqa: E402
from doorstep.reports.export import build_exports, csv_files, xlsx_bytes  # noqa: E402
from doorstep.reports.labels import labels_for, render_labels  # noqa: E402
from doorstep.reports.period import Period  # noqa: E402
from doorstep.reports.render import FORMATS, render_summary  # noqa: E402
from doorstep.reports.source import load_report_data, office_summary, vocabulary  # noqa: E402
from doorstep.storage.home import Home  # noqa: E402
from doorstep.storage.layout import data_files  # noqa: E402


def best_time(work: Callable[[], object], repeat: int) -> float:
    """The best of `repeat` runs: on a shared machine the fastest run is the least disturbed."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def setup(out: Path, households: int, devices: int, visits: int) -> Path:
    result = generate_homes(out, households=households, devices=devices, visits=visits, seed=1)
    office = Home.open(result.office)
    records = []
    for device in result.devices:
        store = Home.open(device.path).reader()
        records += store.visits()
        store.close()
    with office.writer() as store:
        store.add_received_visits(records)
    return result.office


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=5000)
    parser.add_argument("--visits", type=int, default=100_000)
    parser.add_argument("--devices", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the homes here and keep them")
    parser.add_argument("--against", metavar="REV", help="also time reports/figures.py of this git revision")
    parser.add_argument("--summary-only", action="store_true", help="only the baseline and the figures")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        base = args.keep or Path(scratch)
        started = time.perf_counter()
        office_dir = base / "demo" / "office"
        if not Home.exists(office_dir):
            setup(base / "demo", args.households, args.devices, args.visits)
        home = Home.open(office_dir)
        print(f"setup (generate + receive): {time.perf_counter() - started:.1f} s", file=sys.stderr)
        count = len(load_report_data(home).visits)
        size = sum(p.stat().st_size for p in data_files(office_dir))
        print(f"office store: {count:,} visits in force, {size / 1e6:.1f} MB")

        def load() -> None:
            store = home.reader()
            store.entries()
            store.visits()
            store.close()

        store_files = data_files(office_dir)
        baseline = best_time(load, args.repeat)
        rows = Rows()
        rows.append(("baseline: open the store, read register and visits", baseline))
        rows.append(("baseline: json.loads of the store's files alone",
                     best_time(lambda: [json.loads(home.files.read(p)) for p in store_files
                                        if p.suffix == ".json"], args.repeat)))

        period = Period()
        rows.append(("summary figures (load + in force + figures)",
                     best_time(lambda: office_summary(home, period, None, "zh"), args.repeat)))
        if args.against:
            compare_figures(home, period, args.against, args.repeat, rows)
        if args.summary_only:
            return 0
        summary, vocab = office_summary(home, period, None, "zh")
        outputs = base / "out"
        outputs.mkdir(exist_ok=True)
        for fmt in FORMATS:
            def end_to_end(fmt: str = fmt) -> None:
                s, v = office_summary(home, period, None, "zh")
                content = render_summary(s, v, fmt)
                path = outputs / f"summary.{fmt}"
                path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
            rows.append((f"summary --format {fmt} (figures + render)", best_time(end_to_end, args.repeat)))
            render_only = best_time(lambda fmt=fmt: render_summary(summary, vocab, fmt), args.repeat)
            rows.append((f"  render {fmt} alone", render_only))

        data = load_report_data(home)
        forms = vocabulary("zh").forms

        def export(kind: str) -> None:
            exports = build_exports(data.entries, data.visits, forms, period, None, "zh")
            if kind == "xlsx":
                (outputs / "visits.xlsx").write_bytes(xlsx_bytes(exports))
            else:
                for path, content in csv_files(exports, outputs / "visits.csv", one_form=False):
                    path.write_bytes(content)
        rows.append(("visits export xlsx (after load)", best_time(lambda: export("xlsx"), args.repeat)))
        rows.append(("visits export csv (after load)", best_time(lambda: export("csv"), args.repeat)))
        labels = labels_for(data.entries)
        rows.append((f"labels html, {len(labels):,} labels (after load)",
                     best_time(lambda: render_labels(labels, outputs / "labels.html", "zh"), 1)))

    return 0


def compare_figures(home: Home, period: Period, rev: str, repeat: int, rows: Rows) -> None:
    """The figures of this tree and of `rev`'s reports/figures.py, each with the same load."""
    import importlib.util
    import subprocess

    from doorstep.reports.figures import compute_summary
    from doorstep.reports.source import relevant_answers_with

    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:reports/figures.py"], check=True,
                            capture_output=True, text=True).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False, encoding="utf-8") as handle:
        handle.write(source)
    spec = importlib.util.spec_from_file_location("doorstep.reports.figures_then", handle.name)
    assert spec is not None and spec.loader is not None
    then = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = then   # its dataclasses look their module up there
    spec.loader.exec_module(then)
    vocab = vocabulary("zh", home)

    def figures(compute: Callable[..., object]) -> None:
        data = load_report_data(home)
        compute(data.entries, data.visits, period, None, vocab.choice_order(),
                relevant_answers_with(vocab.forms))

    for _ in range(2):   # alternate, so that neither gets the quieter moment of a shared machine
        now = best_time(lambda: figures(compute_summary), repeat)
        before = best_time(lambda: figures(then.compute_summary), repeat)
    rows.append((f"figures, reports/figures.py of {rev[:10]}", before))
    rows.append(("figures, this tree", now))
    print(f"this tree / {rev[:10]}: {now / before:.3f} (the limit is 1.2)", flush=True)


class Rows(list):
    """Prints each measure as soon as it is taken, beside the first one (the baseline)."""

    WIDTH = 52

    def append(self, row: tuple[str, float]) -> None:
        if not self:
            print(f"{'measure'.ljust(self.WIDTH)}  {'seconds':>9}  {'x baseline':>10}")
        super().append(row)
        name, seconds = row
        print(f"{name.ljust(self.WIDTH)}  {seconds:9.3f}  {seconds / self[0][1]:10.2f}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
