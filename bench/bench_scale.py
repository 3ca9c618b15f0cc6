"""Benchmark of an office that grows (issue 14): what one write and one read cost at N visits.

    python bench/bench_scale.py [--sizes 10000,100000,300000] [--reps 5] [--households 20000]

For each size an office is built with a register of 20,000 households and N visits merged from
real bundles of 50 (four enrolled laptops, months spread over three years, one visit in ten
proposing a register change), so sync's tables are those of a real office. A new stick holds 50
visits of the last six weeks (a laptop that syncs every few weeks), so it falls in two months'
files. Then, each beside a baseline measured in the same run:

- merging one new 50-visit stick in-process (merge_paths) and as the CLI command
  (`doorstep bundle merge`, a fresh process), beside SQLite (WAL, synchronous=FULL) inserting the
  same 50 visits into a table of N, and beside a fresh process that only imports doorstep's CLI;
- a review click (tui.office.reviews.set_review, the store open as the office's TUI holds it),
  beside one sealed atomic write of a small file;
- the summary of one year (reports.source.office_summary), beside reading that year's files
  of visits (unseal + json.loads); the office's first summary, which cuts every month it reads
  (reports.summary_records), apart;
- the peak RSS of the CLI merge.

Figures are medians over --reps runs. Where the visits came from is printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from doorstep.reports.period import Period  # noqa: E402
from doorstep.reports.source import office_summary  # noqa: E402
from doorstep.storage.home import Home  # noqa: E402
from doorstep.storage.layout import STORE_DIR, VISITS_DIR, data_files  # noqa: E402
from doorstep.storage.visits import visit_hash  # noqa: E402
from doorstep.sync.content import visit_item, visits_counts  # noqa: E402
from doorstep.sync.devices import add_device  # noqa: E402
from doorstep.sync.envelope import header_for, plaintext_of, seal  # noqa: E402
from doorstep.sync.identity import create_identity, export_public_key, load_identity, load_office_key  # noqa: E402
from doorstep.sync.merge import merge_paths  # noqa: E402

PASSPHRASE = "bench passphrase for the scale benchmark"
HOME_CARE = "2026.1"  # survey/forms/home_care.toml
SURNAMES = "王李张刘陈杨赵黄周吴"
VILLAGES = [f"{a}{b}村" for a in "东西南北中上下前后大" for b in "湖山岭坪和河桥庄"]
NEEDS = ["需要轮椅", "屋顶漏雨", "身体很好", "需要送药", ""]
YEARS = (2024, 2025, 2026)
PER_BUNDLE = 50
MERGE_CHUNK = 200  # bundles merged per call while building


def med(xs: list[float]) -> float:
    return statistics.median(xs)


def visit_record(rng: random.Random, household: str, device: Home, when: date) -> dict:
    started = f"{when.isoformat()}T09:{rng.randint(0, 59):02d}:00+08:00"
    record = {
        "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "revision": 1, "supersedes": None,
        "household": household, "form_id": "home_care", "form_version": HOME_CARE,
        "volunteer": "李秀梅", "device": device.home_id, "device_name": device.name, "started": started,
        "ended": started.replace("T09", "T10"),
        "answers": {"services": "cleaning company", "minutes": str(rng.randint(20, 180)),
                    "mood": rng.choice(["good", "fair", "low"]), "urgent_needs": rng.choice(NEEDS),
                    "followup_needed": "no"},
        "register_updates": {"phone": f"139{rng.randint(0, 99999999):08d}"} if rng.random() < 0.1 else {},
    }
    if record["answers"]["urgent_needs"]:
        record["answers"] |= {"followup_needed": "yes", "followup_note": "下周再去"}
    record["hash"] = visit_hash(record)
    return record


class Office:
    """An office and its laptops; `stick()` seals the next bundle of a laptop."""

    def __init__(self, root: Path, households: int) -> None:
        self.root = root
        self.rng = random.Random(14)
        self.office = Home.create(root / "office", "office", name="河口镇")
        create_identity(self.office)
        export_public_key(self.office, root / "office.pub")
        self.devices = []
        for i in range(4):
            device = Home.create(root / f"laptop-{i}", "device", name=f"laptop-{i}", volunteer="李秀梅")
            create_identity(device, office_key=root / "office.pub")
            export_public_key(device, root / f"d{i}.pub")
            add_device(self.office, root / f"d{i}.pub")
            self.devices.append(device)
        self.keys = [(load_identity(d), load_office_key(d)) for d in self.devices]
        self.sequence = [0] * len(self.devices)
        rows = [{"name": self.rng.choice(SURNAMES) + "某" + str(i), "category": "old_demobilized",
                 "village": VILLAGES[i % len(VILLAGES)], "phone": f"138{i:08d}"} for i in range(households)]
        with self.office.writer() as store:
            store.upsert_entries(rows)
            self.ids = [e["id"] for e in store.entries()]
        self.visits = 0
        self.out = root / "sticks"
        self.out.mkdir()

    def stick(self, when: list[date]) -> Path:
        n = self.rng.randrange(len(self.devices))
        self.sequence[n] += 1
        me, office_key = self.keys[n]
        items = sorted((visit_item(visit_record(self.rng, self.rng.choice(self.ids), self.devices[n], day), 1)
                        for day in when), key=lambda v: f"{v['uuid']}.{v['revision']}")
        plaintext = plaintext_of("visits", {"visits": items}, me, office_key)
        header = header_for("visits", plaintext, me, office_key, sequence=self.sequence[n],
                            created="2026-12-01T10:00:00+08:00", counts=visits_counts(items))
        path = self.out / f"b-{n}-{self.sequence[n]:05d}.json"
        path.write_bytes(seal(header, plaintext, me, office_key))
        return path

    def grow_to(self, total: int) -> float:
        """Merge bundles until the office holds `total` visits; seconds it took."""
        t0 = time.perf_counter()
        while self.visits < total:
            files = []
            while len(files) < MERGE_CHUNK and self.visits + len(files) * PER_BUNDLE < total:
                files.append(self.stick([self.day(self.visits + len(files) * PER_BUNDLE + k)
                                         for k in range(PER_BUNDLE)]))
            report = merge_paths(self.office, [], files=files)
            assert report.refused == 0, [b.reason("en") for b in report.bundles if b.error]
            self.visits += len(files) * PER_BUNDLE
            for path in files:
                path.unlink()
        return time.perf_counter() - t0

    def day(self, n: int) -> date:
        """Visits over three years, in the order they were made (n-th visit of the office)."""
        days = (date(YEARS[-1], 12, 31) - date(YEARS[0], 1, 1)).days
        return date.fromordinal(date(YEARS[0], 1, 1).toordinal() + (n * 7919) % days)

    def fresh_stick(self) -> Path:
        """50 new visits of the last six weeks, as a laptop that syncs every few weeks brings."""
        last = date(YEARS[-1], 12, 31)
        return self.stick([last - timedelta(days=self.rng.randrange(42)) for _ in range(PER_BUNDLE)])


def store_size(home: Home) -> int:
    return sum(p.stat().st_size for p in data_files(home.path))


def cli(home: Path, *args: str, rss: bool = False) -> tuple[float, int]:
    """Wall time (and peak RSS in KB) of `doorstep --home HOME ARGS` in a fresh process."""
    # The peak is the process's own high-water mark (VmHWM): ru_maxrss would also count the
    # benchmark's own memory, which Linux carries into a child over fork and exec (at 300,000
    # visits this process holds a gigabyte, and every child "peaked" at it).
    code = ("import sys\nfrom doorstep.cli.main import main\n"
            "try:\n    code = main(sys.argv[1:])\nexcept SystemExit as e:\n    code = e.code\n"
            "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0]\n"
            "print(hwm.split()[1], file=sys.stderr)\n"
            "sys.exit(code or 0)\n")
    env = {**child_env(), "DOORSTEP_PASSPHRASE": PASSPHRASE}
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, "--home", str(home), "--lang", "en", *args],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    took = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"doorstep {' '.join(args)} failed:\n{done.stderr}")
    return took, int(done.stderr.strip().splitlines()[-1])


def child_env() -> dict[str, str]:
    """The environment of a CLI run: bytecode written (PYTHONDONTWRITEBYTECODE, if set here, is
    not passed on). An office's doorstep is compiled once, when it is installed, not at every
    command; without its .pyc files a merge compiles some sixty modules first (about 130 ms)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def bare_cli() -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import doorstep.cli.main"], check=True, cwd=ROOT, env=child_env())
    return time.perf_counter() - t0


def sqlite_baseline(root: Path, stored: int, reps: int) -> float:
    """Insert 50 visits into an SQLite table of `stored` (WAL, synchronous=FULL): median seconds."""
    rng = random.Random(3)
    db = sqlite3.connect(root / "baseline.sqlite")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE visits (key TEXT PRIMARY KEY, month TEXT, doc TEXT)")

    def rows(n: int) -> list[tuple[str, str, str]]:
        out = []
        for _ in range(n):
            record = {"uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                      "answers": {"x": "y" * 200}, "ended": "2026-03-01T10:00:00+08:00"}
            out.append((record["uuid"] + ".1", "2026-03", json.dumps(record, ensure_ascii=False)))
        return out

    with db:
        for start in range(0, stored, 10_000):
            db.executemany("INSERT INTO visits VALUES (?, ?, ?)", rows(min(10_000, stored - start)))
    times = []
    for _ in range(reps):
        batch = rows(PER_BUNDLE)
        t0 = time.perf_counter()
        with db:
            db.executemany("INSERT INTO visits VALUES (?, ?, ?)", batch)
        times.append(time.perf_counter() - t0)
    db.close()
    return med(times)


def review_clicks(home: Home, reps: int) -> tuple[float, float]:
    from doorstep.tui.office.reviews import set_review

    with home.writer() as store:
        keys = [v["key"] for v in store.visits(period=str(YEARS[-1]))[:reps * 2]]
        store.visit_count()  # what the review screen has loaded already
        times = []
        for n, key in enumerate(keys[: reps * 2]):
            t0 = time.perf_counter()
            set_review(store, key, "approved" if n % 2 else "received", at="2026-12-02T09:00:00+08:00",
                       who="站长")
            times.append(time.perf_counter() - t0)
        base = []
        for n in range(reps * 2):
            t0 = time.perf_counter()
            home.files.write_json(home.path / "bench-small.json", {"key": keys[0], "n": n})
            base.append(time.perf_counter() - t0)
    (home.path / "bench-small.json").unlink()
    return med(times), med(base)


def summaries(home: Home, reps: int) -> tuple[float, float, float]:
    year = YEARS[-1]
    times, base = [], []
    # Apart: the first summary of an office cuts every month it reads (reports.summary_records,
    # kept by storage.visit_facts); later ones cut again only the months written since.
    t0 = time.perf_counter()
    office_summary(home, Period(date(year, 1, 1), date(year, 12, 31)), None, "en")
    first = time.perf_counter() - t0
    for _ in range(reps):
        t0 = time.perf_counter()
        office_summary(home, Period(date(year, 1, 1), date(year, 12, 31)), None, "en")
        times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for path in sorted((home.path / STORE_DIR / VISITS_DIR).glob(f"{year}-*.json")):
            json.loads(home.files.read(path))
        base.append(time.perf_counter() - t0)
    return med(times), med(base), first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,300000")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--keep", action="store_true", help="keep the offices (printed) for a look")
    args = parser.parse_args()
    os.environ["DOORSTEP_PASSPHRASE"] = PASSPHRASE
    sizes = [int(s) for s in args.sizes.split(",")]
    root = Path(tempfile.mkdtemp(prefix="doorstep-bench-scale-"))
    try:
        world = Office(root, args.households)
        rows = []
        warmed = False
        for size in sizes:
            built = world.grow_to(size)
            office = world.office
            print(f"{size:,} visits: built in {built:.0f} s by merging bundles of {PER_BUNDLE}; "
                  f"store {store_size(office) / 1e6:.1f} MB", flush=True)
            merges = []
            for _ in range(args.reps):
                stick = world.fresh_stick()
                t0 = time.perf_counter()
                report = merge_paths(office, [], files=[stick])
                merges.append(time.perf_counter() - t0)
                assert sum(b.new for b in report.bundles) == PER_BUNDLE
                world.visits += PER_BUNDLE
            cli_runs, rss = [], 0
            if not warmed:  # the first run writes the bytecode: not what an office sees each time
                cli(office.path, "bundle", "merge", str(world.fresh_stick()))
                world.visits += PER_BUNDLE
                warmed = True
            for _ in range(args.reps):
                took, peak = cli(office.path, "bundle", "merge", str(world.fresh_stick()))
                world.visits += PER_BUNDLE
                cli_runs.append(took)
                rss = max(rss, peak)
            bare = med([bare_cli() for _ in range(args.reps)])
            (root / f"sqlite-{size}").mkdir()
            sqlite = sqlite_baseline(root / f"sqlite-{size}", size, args.reps)
            click, write = review_clicks(office, args.reps)
            summary, files, first = summaries(office, args.reps)
            merge_paths(office, [], files=[world.fresh_stick()])   # two months written again
            world.visits += PER_BUNDLE
            t0 = time.perf_counter()
            office_summary(office, Period(date(YEARS[-1], 1, 1), date(YEARS[-1], 12, 31)), None, "en")
            after_merge = time.perf_counter() - t0
            rows.append((size, med(merges), sqlite, med(cli_runs), bare, click, write, summary, files, rss))
            print(f"  merge in-process {med(merges) * 1000:7.0f} ms   "
                  f"(SQLite insert of 50: {sqlite * 1000:.0f} ms)")
            print(f"  merge CLI        {med(cli_runs) * 1000:7.0f} ms   (a process importing the CLI: "
                  f"{bare * 1000:.0f} ms); peak RSS {rss / 1024:.0f} MB")
            print(f"  review click     {click * 1000:7.1f} ms   "
                  f"(one sealed atomic write: {write * 1000:.1f} ms)")
            print(f"  summary of {YEARS[-1]}  {summary * 1000:7.0f} ms   (reading that year's files: "
                  f"{files * 1000:.0f} ms; x{summary / files:.1f}); the first, cutting every month: "
                  f"{first * 1000:.0f} ms (x{first / files:.1f}); after one more merge: "
                  f"{after_merge * 1000:.0f} ms (x{after_merge / files:.1f})", flush=True)
        print()
        print("| visits | merge in-process | SQLite 50 rows | merge CLI | bare CLI | review click "
              "| one write | summary of a year | its files | x | peak RSS |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for size, merge, sqlite, run, bare, click, write, summary, files, rss in rows:
            print(f"| {size:,} | {merge * 1000:.0f} ms | {sqlite * 1000:.0f} ms | {run * 1000:.0f} ms | "
                  f"{bare * 1000:.0f} ms | {click * 1000:.1f} ms | {write * 1000:.1f} ms | "
                  f"{summary * 1000:.0f} ms | {files * 1000:.0f} ms | {summary / files:.1f} | "
                  f"{rss / 1024:.0f} MB |")
    finally:
        if args.keep:
            print(f"kept: {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
