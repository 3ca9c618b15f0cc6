"""Benchmark of storage/: doorstep's store beside plain TinyDB (JSONStorage) and json.loads.

    python bench/bench_storage.py [--visits 100000] [--reps 200]

For a small home (100 households, 100 visits) and a large one (20,000 households, 100,000
visits) it measures: opening the store, lookup by id, search by name, saving one answer (median
and 95th percentile), finalizing a visit, and importing 20,000 rows; each beside a baseline
measured in the same run, printed as a ratio (doorstep / baseline). The baseline does the same
with plain TinyDB and its JSONStorage on the same data (which rewrites the whole file for every
change and does not fsync), and json.loads of the same file for opening.

The target: saving one answer costs the same (within 20%) with 100 and with 100,000 visits.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import json  # noqa: E402

from doorstep.storage import qrid  # noqa: E402
from doorstep.storage.atomic import write_atomic  # noqa: E402
from doorstep.storage.categories import CATEGORIES  # noqa: E402
from doorstep.storage.home import Home  # noqa: E402
from doorstep.storage.layout import STORE_DIR  # noqa: E402
from doorstep.storage.registry_io import import_register  # noqa: E402
from doorstep.storage.safe_json import encode  # noqa: E402
from doorstep.storage.schema import empty_store  # noqa: E402
from doorstep.storage.store import STORE_FILE  # noqa: E402
from doorstep.storage.visits import record_key, visit_hash  # noqa: E402
from tinydb import Query, TinyDB  # noqa: E402
from tinydb.storages import JSONStorage  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国"


def timed(fn: Callable[[], object], reps: int) -> list[float]:
    out = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def med(xs: list[float]) -> float:
    return statistics.median(xs)


def p95(xs: list[float]) -> float:
    return sorted(xs)[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def make_data(households: int, visits: int, rng: random.Random) -> tuple[dict, list[str]]:
    data = empty_store("device")
    ids: list[str] = []
    register = {}
    taken: set[str] = set()
    for i in range(households):
        hid = qrid.new_id(taken)
        taken.add(hid)
        ids.append(hid)
        category = rng.choice(CATEGORIES)
        register[str(i + 1)] = {
            "id": hid, "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            "category": category.code, "priority": category.priority, "village": f"村{i % 40}",
            "address": f"幸福路{i}号", "phone": f"139{i:08d}",
            "members": [{"name": "某某", "relation": "妻"}],
            "notes": "", "version": 1, "updated": "2026-01-01T09:00:00+08:00"}
    data["register"] = register
    table = {}
    for i in range(visits):
        uuid = f"00000000-0000-4000-8000-{i:012d}"
        record = {"uuid": uuid, "revision": 1, "supersedes": None, "household": rng.choice(ids),
                  "form_id": "home_care", "form_version": "3", "volunteer": "李梅", "device": "dev",
                  "started": "2026-01-01T09:00:00+08:00", "ended": "2026-01-01T09:30:00+08:00",
                  "answers": {"occasion": "spring", "alive": "yes", "services": "cleaning cooking",
                              "condition": "good", "needs": "需要修缮屋顶", "amount": "500",
                              "items": [{"kind": "rice", "qty": "2"}]},
                  "register_updates": {}, "status": "finalized"}
        record.update(key=record_key(uuid, 1), hash=visit_hash(record), acked=True, received=None)
        table[str(i + 1)] = record
    data["visits"] = table
    return data, ids


def write_csv(path: Path, rows: int) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["姓名", "类别", "村", "地址", "电话"])
        for i in range(rows):
            writer.writerow([f"户{i}", CATEGORIES[i % len(CATEGORIES)].zh, f"村{i % 40}", f"路{i}号",
                             f"138{i:08d}"])


def line(label: str, ours: float, base: float, unit: str = "ms") -> None:
    scale = 1000 if unit == "ms" else 1e6
    ratio = ours / base if base else float("nan")
    print(f"  {label:<38} doorstep {ours * scale:10.3f} {unit}   baseline {base * scale:10.3f} {unit}"
          f"   ratio {ratio:7.3f}")


def lay_out(home: Home, raw: bytes) -> None:
    """Give `home` the single-file store `raw` and let a writer lay it out (storage.layout), as
    the first open of a home from before the layout does; the baseline keeps the single file."""
    shutil.rmtree(home.path / STORE_DIR)
    (home.path / STORE_FILE).write_bytes(home.files.sealer.seal(raw))
    with home.writer():
        pass


def bench_home(root: Path, households: int, visits: int, reps: int,
               rng: random.Random) -> tuple[Home, str]:
    print(f"\n== {households} households, {visits} visits ==")
    data, ids = make_data(households, visits, rng)
    home = Home.create(root / f"home-{households}-{visits}", "device", name="bench", volunteer="李梅")
    raw = encode(data)
    lay_out(home, raw)
    base_path = root / f"tinydb-{households}-{visits}.json"
    base_path.write_bytes(raw)
    print(f"  store file: {len(raw) / 1e6:.1f} MB")
    base_reps = max(3, min(reps, 2_000_000 // max(1, len(raw) // 100)))  # plain TinyDB is slow here

    open_ours = timed(lambda: home.reader(), 3)
    open_json = timed(lambda: json.loads(base_path.read_bytes()), 3)
    line("open store (vs json.loads)", med(open_ours), med(open_json))

    def tiny_open() -> None:
        db = TinyDB(base_path, storage=JSONStorage)
        db.table("register").get(doc_id=1)
        db.close()

    line("open store (vs TinyDB JSONStorage)", med(open_ours), med(timed(tiny_open, 3)))

    reader = home.reader()
    base_db = TinyDB(base_path, storage=JSONStorage)
    register = base_db.table("register")
    probe = [rng.choice(ids) for _ in range(reps)]
    it = iter(probe * 2)
    ours_lookup = timed(lambda: reader.get_entry(next(it)), reps)
    it2 = iter(probe * 2)
    base_lookup = timed(lambda: register.get(Query().id == next(it2)), base_reps)
    line("lookup by id (median)", med(ours_lookup), med(base_lookup), "us")

    names = [reader.get_entry(h)["name"][:2] for h in probe[:50]]
    it3 = iter(names * reps)
    ours_search = timed(lambda: reader.search_entries(next(it3)), min(reps, 50))
    it4 = iter(names * reps)
    base_search = timed(lambda: register.search(Query().name.search(next(it4))), min(base_reps, 50))
    line("search by name (median)", med(ours_search), med(base_search))

    with home.writer() as store:
        draft = store.start_visit(ids[0], "home_care", "3")
        # Flush the big files written above, so that the first fsyncs measured do not pay for them.
        if hasattr(os, "sync"):
            os.sync()
        counter = iter(range(10**9))
        ours_save = timed(lambda: store.save_answer(draft["uuid"], ("needs",), f"v{next(counter)}"), reps)
        visits_table = base_db.table("visits")
        base_id = visits_table.insert({**data["visits"]["1"], "status": "draft", "answers": {}})
        base_save = timed(lambda: visits_table.update({"answers": {"needs": f"v{next(counter)}"}},
                                                      doc_ids=[base_id]), base_reps)
        line("save one answer (median)", med(ours_save), med(base_save))
        line("save one answer (p95)", p95(ours_save), p95(base_save))

        def finalize_one() -> None:
            d = store.start_visit(ids[1], "home_care", "3")
            store.save_answer(d["uuid"], ("needs",), "x")
            store.finalize(d["uuid"])

        ours_fin = timed(finalize_one, 3)
        def base_finalize_one() -> None:
            doc_id = visits_table.insert({**data["visits"]["1"], "status": "draft", "answers": {}})
            visits_table.update({"answers": {"needs": "x"}}, doc_ids=[doc_id])
            visits_table.update({"status": "finalized"}, doc_ids=[doc_id])

        base_fin = timed(base_finalize_one, 3)
        line("finalize a visit (start+answer+final)", med(ours_fin), med(base_fin))
    base_db.close()

    csv_path = root / "import.csv"
    if not csv_path.exists():
        write_csv(csv_path, 20_000)
    import_home = Home.create(root / f"import-{households}-{visits}", "device", name="i")
    lay_out(import_home, raw)
    base_import_path = root / f"tinydb-import-{households}-{visits}.json"
    base_import_path.write_bytes(raw)

    def ours_import() -> None:
        with import_home.writer() as store:
            import_register(store, csv_path)

    def base_import() -> None:
        db = TinyDB(base_import_path, storage=JSONStorage)
        with open(csv_path, encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        db.table("register").insert_multiple(
            {"id": qrid.new_id(), "name": r["姓名"], "category": r["类别"], "village": r["村"],
             "address": r["地址"], "phone": r["电话"]} for r in rows)
        db.close()

    line("import 20,000 rows", med(timed(ours_import, 1)), med(timed(base_import, 1)))
    return home, draft["uuid"]


def raw_small_write(folder: Path) -> Callable[[], None]:
    """The floor: one small file written the same durable way, with no store at all."""
    target = folder / "floor.json"

    def write() -> None:
        write_atomic(target, b'{"answers": {"needs": "x"}}')

    return write


def bench_target(root: Path, small: tuple[Home, str], large: tuple[Home, str], visits: int,
                 reps: int) -> None:
    """Saving one answer with 100 and with many visits, interleaved sample by sample, so that
    both see the same disk (fsync time on a shared disk varies a lot from minute to minute)."""
    print(f"\n== the target: one answer costs the same with 100 and {visits} visits ==")
    floor = raw_small_write(root)
    times: dict[str, list[float]] = {"small": [], "large": [], "floor": []}
    with small[0].writer() as s_store, large[0].writer() as l_store:
        counter = iter(range(10**9))
        steps = {"small": lambda: s_store.save_answer(small[1], ("needs",), f"v{next(counter)}"),
                 "large": lambda: l_store.save_answer(large[1], ("needs",), f"v{next(counter)}"),
                 "floor": floor}
        for _ in range(reps):
            for name, step in steps.items():
                times[name] += timed(step, 1)
    for name, label in (("small", "100 visits"), ("large", f"{visits} visits")):
        line(f"save one answer, {label} (median)", med(times[name]), med(times["floor"]))
        line(f"save one answer, {label} (p95)", p95(times[name]), p95(times["floor"]))
    ratio = med(times["large"]) / med(times["small"])
    verdict = "within" if abs(ratio - 1) <= 0.2 else "OUTSIDE"
    print("  (baseline here: the same durable write of a small file, no store)")
    print(f"  median with {visits} visits / median with 100 visits = {ratio:.3f} ({verdict} 20%)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=100_000)
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--reps", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(42)
    with tempfile.TemporaryDirectory(prefix="doorstep-bench-") as tmp:
        root = Path(tmp)
        small = bench_home(root, 100, 100, args.reps, rng)
        large = bench_home(root, args.households, args.visits, args.reps, rng)
        bench_target(root, small, large, args.visits, args.reps)

if __name__ == "__main__":
    main()
