"""Benchmark: the summary of one year of an office (issue 14), beside reading that year's files.

    python bench/bench_summary.py OFFICE [--year 2026] [--reps 5]

OFFICE is an office home, e.g. one kept by `bench/bench_scale.py --sizes 100000 --keep` (its
passphrase is that benchmark's). Each rep times, in this order and in one process:

- reading the year's files of visits: unseal + json.loads of store/visits/YYYY-*.json (baseline);
- reports.source.office_summary of the year, the facts of the other months kept (warm);
- the same with the kept facts removed first (cold: the first summary after a merge into every
  other month; the facts are made again and kept);
- the figures from every visit (load_report_data without a period + compute_summary), as the
  summary read before it read by period.

Wall and CPU medians; the ratios are to the baseline of the same run. Copy a kept office before
running this on it: the summary writes its kept facts into the home (cache/visit-facts/).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DOORSTEP_PASSPHRASE", "bench passphrase for the scale benchmark")

from doorstep.reports.figures import compute_summary  # noqa: E402
from doorstep.reports.period import Period  # noqa: E402
from doorstep.reports.relevance import relevant_answers_with  # noqa: E402
from doorstep.reports.source import collector_paused, load_report_data, office_summary, vocabulary  # noqa: E402
from doorstep.storage.home import Home  # noqa: E402
from doorstep.storage.layout import STORE_DIR, VISITS_DIR  # noqa: E402
from doorstep.storage.visit_facts import cache_dir  # noqa: E402


def timed(run: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("office", type=Path)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    home = Home.open(args.office)
    period = Period(date(args.year, 1, 1), date(args.year, 12, 31))
    files = sorted((home.path / STORE_DIR / VISITS_DIR).glob(f"{args.year}-*.json"))

    def read_files() -> None:
        for path in files:
            json.loads(home.files.read(path))

    def cold() -> None:
        shutil.rmtree(cache_dir(home.path), ignore_errors=True)
        office_summary(home, period, None, "en")

    def every_visit() -> None:
        with collector_paused():
            data = load_report_data(home)
            vocab = vocabulary("en", home)
            compute_summary(data.entries, data.visits, period, None, vocab.choice_order(),
                            relevant_answers_with(vocab.forms), payments=data.payments, entered=data.entered)

    cases: dict[str, list[tuple[float, float]]] = {"files": [], "warm": [], "cold": [], "every": []}
    office_summary(home, period, None, "en")   # the facts kept, as after any earlier summary
    for _ in range(args.reps):
        cases["files"].append(timed(read_files))
        cases["warm"].append(timed(lambda: office_summary(home, period, None, "en")))
        cases["cold"].append(timed(cold))
        cases["every"].append(timed(every_visit))
    med = {name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
           for name, runs in cases.items()}
    base_wall, base_cpu = med["files"]
    print(f"office {args.office}, year {args.year}, {len(files)} files, medians of {args.reps}, "
          f"load {os.getloadavg()[0]:.1f}")
    print("| | wall | x files | CPU | x files |")
    print("|---|---|---|---|---|")
    names = {"files": "reading the year's files (baseline)", "warm": "summary of the year",
             "cold": "summary of the year, no facts kept", "every": "figures from every visit"}
    for name, (wall, cpu) in med.items():
        print(f"| {names[name]} | {wall * 1000:.0f} ms | {wall / base_wall:.1f} | {cpu * 1000:.0f} ms | "
              f"{cpu / base_cpu:.1f} |")


if __name__ == "__main__":
    main()
