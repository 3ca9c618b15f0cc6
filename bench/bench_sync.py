"""Benchmark of the office's merge (issue 5).

Merges B bundles of V visits each (default 200 x 50) into an office store that already holds N
visits (default 100,000), beside a baseline measured in the same run on the same files: reading,
verifying and decrypting them (and checking their schema) without merging. Then the same merge
again, when every bundle is a duplicate. Figures are printed with their ratio to the baseline.

Then a stick that raises F flags (default 3,000: every visit's time spent is out of its range, so
each is kept and flagged for the supervisor), merged into a copy of the office, against the same
number of visits that raise none, merged into another copy: the ratio says what flagging costs.

    python bench/bench_sync.py [--stored 100000] [--bundles 200] [--per-bundle 50] [--devices 4]
                               [--flags 3000]

Homes are encrypted, as every home is: set DOORSTEP_PASSPHRASE (and DOORSTEP_TEST_WEAK_KDF=1, so
that making the bench's homes does not take seconds each; the merge's own cost is unchanged).
The bundles are sealed with the devices' real keys through sync.envelope, as `doorstep bundle
export` seals them (the export's own cost is not what is measured here).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from doorstep.storage.home import Home  # noqa: E402
from doorstep.storage.layout import data_files  # noqa: E402
from doorstep.storage.visits import visit_hash  # noqa: E402
from doorstep.sync.content import check_visits_content, visit_item, visits_counts  # noqa: E402
from doorstep.sync.devices import add_device  # noqa: E402
from doorstep.sync.envelope import header_for, open_bundle, plaintext_of, read_limited, seal  # noqa: E402
from doorstep.sync.identity import create_identity, export_public_key, load_identity, load_office_key  # noqa: E402
from doorstep.sync.merge import merge_paths  # noqa: E402

VILLAGES = ["东湖村", "西岭村", "南河村", "北山村", "中心村"]
SURNAMES = "王李张刘陈杨赵黄周吴"
HOME_CARE_VERSION = "2026.1"  # survey/forms/home_care.toml
NEEDS = ["需要轮椅", "屋顶漏雨", "身体很好", "需要送药", "希望有人陪伴聊天", ""]


def visit_record(rng: random.Random, household: str, device: str, device_name: str, day: int) -> dict:
    started = f"2026-{1 + day % 12:02d}-{1 + day % 28:02d}T09:{rng.randint(0, 59):02d}:00+08:00"
    record = {
        "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "revision": 1, "supersedes": None,
        "household": household, "form_id": "home_care", "form_version": HOME_CARE_VERSION,
        "volunteer": "李秀梅", "device": device, "device_name": device_name, "started": started,
        "ended": started.replace("T09", "T10"),
        # Answers a laptop's checklist can give (the merge checks them against the form).
        "answers": {"services": "cleaning company", "minutes": str(rng.randint(20, 180)),
                    "mood": rng.choice(["good", "fair", "low"]), "urgent_needs": rng.choice(NEEDS),
                    "followup_needed": "no"},
        "register_updates": {"phone": f"139{rng.randint(0, 99999999):08d}"} if rng.random() < 0.1 else {},
    }
    if record["answers"]["urgent_needs"]:  # the checklist requires a follow-up then
        record["answers"] |= {"followup_needed": "yes", "followup_note": "下周再去"}
    record["hash"] = visit_hash(record)
    return record


def stick(out: Path, device: Home, ids: list[str], rng: random.Random, visits: int, per_bundle: int,
          first_sequence: int, minutes: str | None = None) -> list[Path]:
    """Bundles of `device` holding `visits` visits, `per_bundle` to a bundle, from `first_sequence`;
    with `minutes`, every visit says that many minutes. No visit proposes a register change."""
    me, office_key = load_identity(device), load_office_key(device)
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for n, start in enumerate(range(0, visits, per_bundle)):
        sequence = first_sequence + n
        records = [visit_record(rng, rng.choice(ids), device.home_id, device.name, sequence)
                   for _ in range(min(per_bundle, visits - start))]
        for record in records:  # no register changes: their flags are not what is measured
            record["register_updates"] = {}
            if minutes is not None:
                record["answers"]["minutes"] = minutes
            record["hash"] = visit_hash(record)
        items = sorted((visit_item(r, 1) for r in records), key=lambda v: f"{v['uuid']}.{v['revision']}")
        content = {"visits": items}
        plaintext = plaintext_of("visits", content, me, office_key)
        header = header_for("visits", plaintext, me, office_key, sequence=sequence,
                            created="2026-08-01T10:00:00+08:00", counts=visits_counts(items))
        path = out / f"b-{device.name}-{sequence:04d}.json"
        path.write_bytes(seal(header, plaintext, me, office_key))
        files.append(path)
    return files


def build(root: Path, args: argparse.Namespace) -> tuple[Home, list[Path]]:
    rng = random.Random(5)
    office = Home.create(root / "office", "office", name="河口镇")
    create_identity(office)
    export_public_key(office, root / "office.pub")
    devices = []
    for i in range(args.devices):
        device = Home.create(root / f"laptop-{i:02d}", "device", name=f"laptop-{i:02d}", volunteer="李秀梅")
        create_identity(device, office_key=root / "office.pub")
        export_public_key(device, root / f"d{i}.pub")
        add_device(office, root / f"d{i}.pub")
        devices.append(device)
    households = [{"name": rng.choice(SURNAMES) + "某" + str(i), "category": "old_demobilized",
                   "village": VILLAGES[i % len(VILLAGES)], "phone": f"138{i:08d}"} for i in range(2000)]
    with office.writer() as store:
        store.upsert_entries(households)
        ids = [e["id"] for e in store.entries()]
        t0 = time.perf_counter()
        store.add_received_visits(visit_record(rng, rng.choice(ids), "old-device", "old", d)
                                  for d in range(args.stored))
        print(f"  store filled with {store.visit_count():,} visits in {time.perf_counter() - t0:.1f} s")
    size = sum(p.stat().st_size for p in data_files(office.path))
    print(f"  office store: {size / 1e6:.1f} MB")
    out = root / "stick"
    out.mkdir()
    files = []
    per_device = args.bundles // args.devices
    for i, device in enumerate(devices):
        me, office_key = load_identity(device), load_office_key(device)
        for sequence in range(1, per_device + 1):
            items = [visit_item(visit_record(rng, rng.choice(ids), device.home_id, device.name, sequence), 1)
                     for _ in range(args.per_bundle)]
            items.sort(key=lambda v: f"{v['uuid']}.{v['revision']}")
            content = {"visits": items}
            plaintext = plaintext_of("visits", content, me, office_key)
            header = header_for("visits", plaintext, me, office_key, sequence=sequence,
                                created="2026-08-01T10:00:00+08:00", counts=visits_counts(items))
            path = out / f"b-{i:02d}-{sequence:04d}.json"
            path.write_bytes(seal(header, plaintext, me, office_key))
            files.append(path)
    return office, files


def baseline(office: Home, files: list[Path]) -> float:
    """Read, verify, decrypt and schema-check every file, merging nothing."""
    from doorstep.sync.devices import known_devices

    me = load_identity(office)
    store = office.reader()
    senders = known_devices(store)
    store.close()
    t0 = time.perf_counter()
    for path in files:
        opened = open_bundle(read_limited(path), me, senders, path)
        check_visits_content(opened.content)
    return time.perf_counter() - t0


def flagging(root: Path, office: Home, args: argparse.Namespace) -> None:
    """The same number of visits into two copies of the office: raising no flag, and one each."""
    from doorstep.sync.merge import conflicts

    rng = random.Random(7)
    device = Home.open(root / "laptop-00")
    with office.writer() as store:
        ids = [e["id"] for e in store.entries()]
        flags_before = len(conflicts(store))
    first = args.bundles // args.devices + 1
    times = {}
    for label, minutes in (("quiet", None), ("flagged", "999")):
        copy = root / f"office-{label}"
        shutil.copytree(office.path, copy)
        files = stick(root / f"stick-{label}", device, ids, rng, args.flags, args.per_bundle, first, minutes)
        target = Home.open(copy)
        t0 = time.perf_counter()
        report = merge_paths(target, [], files=files)
        times[label] = time.perf_counter() - t0
        assert report.refused == 0 and sum(b.new for b in report.bundles) == args.flags
        with target.writer() as store:
            raised = len(conflicts(store)) - flags_before
        assert raised == (args.flags if minutes else 0), raised
    print()
    bundles = -(-args.flags // args.per_bundle)
    print(f"{args.flags:,} visits in {bundles} bundles, into copies of that office:")
    print(f"  raising no flag        {times['quiet']:8.2f} s")
    print(f"  raising {args.flags:,} flags    {times['flagged']:8.2f} s"
          f"   x {times['flagged'] / times['quiet']:.2f} of the quiet merge")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stored", type=int, default=100_000)
    parser.add_argument("--bundles", type=int, default=200)
    parser.add_argument("--per-bundle", type=int, default=50)
    parser.add_argument("--devices", type=int, default=4)
    parser.add_argument("--flags", type=int, default=3000)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="doorstep-bench-sync-"))
    try:
        print(f"setting up: {args.stored:,} stored visits, {args.bundles} bundles of {args.per_bundle}")
        office, files = build(root, args)
        total = sum(p.stat().st_size for p in files)
        print(f"  {len(files)} bundles, {total / 1e6:.1f} MB in all")

        t0 = time.perf_counter()
        store = office.reader()
        store.close()
        open_time = time.perf_counter() - t0
        base = baseline(office, files)
        t0 = time.perf_counter()
        report = merge_paths(office, [], files=files)
        merge = time.perf_counter() - t0
        assert report.refused == 0 and sum(b.new for b in report.bundles) == len(files) * args.per_bundle
        t0 = time.perf_counter()
        report = merge_paths(office, [], files=files)
        again = time.perf_counter() - t0
        assert all(b.status == "duplicate" for b in report.bundles)

        n = len(files)
        print()
        print(f"{'':44}{'total s':>10}{'per bundle ms':>15}{'x baseline':>12}")
        rows = [
            ("baseline: read+verify+decrypt+check", base),
            ("opening the office store (once)", open_time),
            ("merge (all new visits)", merge),
            ("merge again (all duplicates)", again),
        ]
        for label, seconds in rows:
            print(f"{label:44}{seconds:10.2f}{seconds / n * 1000:15.1f}{seconds / base:12.1f}")
        if args.flags:
            flagging(root, office, args)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
