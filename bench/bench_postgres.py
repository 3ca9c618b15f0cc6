"""Benchmark of an office's PostgreSQL store (storage/postgres/), each figure beside plain psycopg.

    python bench/bench_postgres.py [--visits 100000 1000000] [--households 20000] [--reps 5] [--merge-only]

For each size it builds an office on a throwaway PostgreSQL cluster (tests/support/postgres.py,
with fsync ON: a benchmark must not flatter), enrols a laptop, puts 20,000 households on the
register (the store's own upsert) and the stored visits in bulk (COPY of rows made by the store's
own row builder, sealed as the store seals them, plus the bundle log a merge of that many visits
leaves: one row per 50 visits). Then it measures, median of --reps:

- one 50-visit stick merged (sync.merge.merge_paths, in-process: read, verify, decrypt, merge);
  baseline: the same 50 rows INSERTed and committed by plain psycopg;
- a review click (tui.office.reviews.set_review on an open writer); baseline: one row INSERTed
  and committed by plain psycopg;
- the summary of everything (reports.source.office_summary), the first (which tallies every month
  and keeps it, reports.month_tally), the next ones (median) and the one after one more merge
  (the months that stick wrote tallied again); baseline: plain psycopg reading the same visit
  rows (SELECT of the sealed column, fetchall).

Targets (issue 14): merge <= 100 ms, review <= 20 ms, summary <= 5 s at 1M visits.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "support"))
os.environ.setdefault("DOORSTEP_PASSPHRASE", "bench passphrase 4711 orchard")
os.environ.setdefault("DOORSTEP_TEST_WEAK_KDF", "1")

import psycopg  # noqa: E402
from doorstep.demo.records import finalized_record  # noqa: E402
from doorstep.storage.backend import lookup_values  # noqa: E402
from doorstep.storage.home import Home  # noqa: E402
from doorstep.sync.assignment import import_assignment, write_assignment  # noqa: E402
from doorstep.sync.devices import add_device  # noqa: E402
from doorstep.sync.identity import create_identity, export_public_key, load_public_identity  # noqa: E402
from doorstep.sync.merge import merge_paths  # noqa: E402
from doorstep.sync.outbox import export_visits  # noqa: E402
from postgres import Cluster, find_bin_dir  # noqa: E402
from psycopg.types.json import Jsonb  # noqa: E402

VERIFICATION = "2026.1"
STICK = 50


def median_ms(fn: Callable[[], object], reps: int) -> float:
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def build(root: Path, url: str, households: int, visits: int, reps: int) -> tuple[Home, list[Path]]:
    office = Home.create(root / "office", "office", name="City office", database=url)
    create_identity(office)
    device = Home.create(root / "laptop", "device", name="laptop-01", volunteer="李秀梅")
    export_public_key(office, root / "office.pub")
    create_identity(device, office_key=root / "office.pub")
    export_public_key(device, root / "laptop.pub")
    add_device(office, root / "laptop.pub")
    rng = random.Random(14)
    with office.writer() as store:
        store.upsert_entries([{"name": f"户主{i}", "village": f"第{i % 40}村", "address": f"{i % 40}组{i}号",
                               "category": "old_demobilized" if i % 2 else "martyr_survivor",
                               "phone": f"139{i:08d}"} for i in range(households)])
        ids = [e["id"] for e in store.entries()]
    started = time.perf_counter()
    bulk_load(office, ids, visits, rng)
    print(f"  loaded {visits} visits in {time.perf_counter() - started:.1f} s", flush=True)
    write_assignment(office, device.name, [], root / "assign")
    import_assignment(device, next((root / "assign").glob("*.json")))
    sticks = []
    for n in range(reps + 1):   # the last for the summary after one more merge
        with device.writer() as store:
            for household in rng.sample(ids, STICK):
                draft = store.start_visit(household, "verification", VERIFICATION)
                store.save_answer(draft["uuid"], ("needs_note",), "屋顶漏雨")
                store.finalize(draft["uuid"])
        out = root / f"stick{n}"
        export_visits(device, out)
        sticks.append(out)
        with device.writer() as store:  # as the office's receipt would: the next stick is new visits only
            store.acknowledge([v["key"] for v in store.outbox()])
    return office, sticks


def bulk_load(office: Home, ids: list[str], visits: int, rng: random.Random) -> None:
    """The stored visits by COPY, each row made by the store itself (`_visit_params`), and the
    bundle log that many merged visits leave behind."""
    sender = "bulk" + uuid.uuid4().hex[:12]
    with office.writer() as store:
        conn = store.conn  # type: ignore[attr-defined]
        with conn.transaction(), conn.cursor() as cur:
            keys: list[str] = []
            with cur.copy("COPY visits (key, uuid, revision, household, form_id, period, acked, doc, sealed) "
                          "FROM STDIN") as copy:
                for i in range(visits):
                    month = 1 + i % 12
                    record = finalized_record(
                        uuid=str(uuid.UUID(int=rng.getrandbits(128))), household=ids[i % len(ids)],
                        form_id="verification", form_version=VERIFICATION, volunteer="李秀梅",
                        device=sender, device_name="laptop-00",
                        started=f"2025-{month:02d}-03T09:00:00+08:00",
                        ended=f"2025-{month:02d}-03T09:30:00+08:00",
                        answers={"needs_note": f"走访记录{i}"}, register_updates={})
                    record.update(acked=True, received="2025-12-01T10:00:00+08:00", register_base=1)
                    copy.write_row(store._visit_params(record))  # type: ignore[attr-defined]
                    keys.append(record["key"])
            rows = []
            for n, start in enumerate(range(0, visits, STICK), 1):
                doc = {"id": str(uuid.uuid4()), "sender": sender, "sequence": n, "kind": "visits",
                       "created": "2025-12-01T10:00:00+08:00", "content_hash": "0" * 64,
                       "counts": {"visits": STICK}, "merged": "2025-12-01T10:00:00+08:00",
                       "keys": keys[start:start + STICK]}
                rows.append(("sync_bundles", n, store.seal(doc),  # type: ignore[attr-defined]
                             Jsonb(lookup_values(doc))))
            with cur.copy("COPY documents (name, doc_id, sealed, ids) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cur.execute("INSERT INTO document_ids VALUES ('sync_bundles', %s)", [len(rows)])
        conn.execute("ANALYZE")


def measure(office: Home, sticks: list[Path], url: str, reps: int,
            merge_only: bool = False) -> dict[str, tuple[float, float]]:
    from doorstep.reports.period import parse_period
    from doorstep.reports.source import office_summary
    from doorstep.tui.office.reviews import set_review

    out: dict[str, tuple[float, float]] = {}
    queue = list(sticks)
    reports = []
    merge = median_ms(lambda: reports.append(merge_paths(office, [queue.pop(0)])), reps)
    merged = [(b.status, b.new, b.error and b.error.render("en")) for r in reports for b in r.bundles]
    assert [m[:2] for m in merged] == [("new", STICK)] * reps, merged
    plain = psycopg.connect(url, autocommit=True)
    plain.execute("CREATE TABLE plain_visits (LIKE visits INCLUDING ALL)")
    template = plain.execute("SELECT key, uuid, revision, household, form_id, period, acked, doc, sealed "
                             f"FROM visits ORDER BY doc_id DESC LIMIT {STICK}").fetchall()

    def plain_stick() -> None:
        with plain.transaction(), plain.cursor() as cur:
            cur.executemany("INSERT INTO plain_visits (key, uuid, revision, household, form_id, period, "
                            "acked, doc, sealed) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                            [(f"{uuid.uuid4()}.1", *row[1:7], Jsonb(row[7]), row[8])
                             for row in template])

    out["merge one 50-visit stick"] = (merge, median_ms(plain_stick, reps))
    if merge_only:
        plain.close()
        return out
    with office.writer() as store:
        keys = [r[0] for r in store.conn.execute(  # type: ignore[attr-defined]
            "SELECT key FROM visits ORDER BY doc_id DESC LIMIT 100").fetchall()]
        pick = iter(keys)
        review = median_ms(lambda: set_review(store, next(pick), "approved", "看过了",
                                              at="2026-03-05T10:00:00+08:00", who="王主任"), max(reps, 20))
    sealed = template[0][8]
    plain.execute("CREATE TABLE plain_documents (LIKE documents INCLUDING ALL)")
    counter = iter(range(1, 10**6))

    def plain_review() -> None:
        with plain.transaction():
            plain.execute("INSERT INTO plain_documents VALUES ('office_reviews', %s, %s)",
                          [next(counter), sealed])

    out["review click"] = (review, median_ms(plain_review, max(reps, 20)))
    period = parse_period(None, None)
    # The first summary makes every month's cut records (storage.visit_facts, kept in the
    # visit_facts table); later ones make only the months written since (here: none).
    first = median_ms(lambda: office_summary(office, period, None, "zh"), 1)
    summary = median_ms(lambda: office_summary(office, period, None, "zh"), reps)
    read = median_ms(lambda: plain.execute("SELECT sealed FROM visits").fetchall(), reps)
    merge_paths(office, [queue.pop(0)])   # one more stick: the months it wrote are tallied again
    after = median_ms(lambda: office_summary(office, period, None, "zh"), 1)
    out["summary, first (months cut)"] = (first, read)
    out["summary (everything)"] = (summary, read)
    out["summary after one more merge"] = (after, read)
    plain.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--merge-only", action="store_true", help="measure the merge only")
    args = parser.parse_args()
    bin_dir = find_bin_dir()
    if bin_dir is None:
        sys.exit("no PostgreSQL server binaries found (apt-get install postgresql)")
    cluster = Cluster(bin_dir, durable=True)
    cluster.start()
    try:
        for visits in args.visits:
            print(f"\n{visits} visits, {args.households} households:", flush=True)
            with tempfile.TemporaryDirectory() as tmp:
                url = cluster.new_database()
                office, sticks = build(Path(tmp), url, args.households, visits, args.reps)
                assert load_public_identity(office).role == "office"
                for name, (ours, base) in measure(office, sticks, url, args.reps, args.merge_only).items():
                    print(f"  {name:28s} doorstep {ours:10.1f} ms   plain psycopg {base:9.1f} ms   "
                          f"ratio {ours / base:6.1f}", flush=True)
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
