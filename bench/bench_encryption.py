"""Benchmark of encryption at rest: an encrypted home beside the same home in plain files.

    python bench/bench_encryption.py [--households 20000] [--visits 2000] [--saves 150] [--opens 5]

Two laptop homes hold the same 20,000-household register and the same finalized visits: one
sealed (today's doorstep), one plain (what doorstep wrote before encryption, PlainSealer). In the
same run, interleaved sample by sample so that a busy disk or CPU hits both alike, it measures:

- saving one answer (Store.save_answer: one sealed, fsynced draft file), median;
- opening the store (home.reader(): read, unseal, parse, index), best of --opens;
- the unlock itself (Argon2id with the default parameters), once per process, not per write.

Targets (issue 12): saving one answer at most 1.2x the plain cost; opening at most 1.3x.
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from doorstep.storage import qrid, unlock  # noqa: E402
from doorstep.storage.categories import CATEGORIES  # noqa: E402
from doorstep.storage.files import HomeFiles  # noqa: E402
from doorstep.storage.home import Home  # noqa: E402
from doorstep.storage.keyring import DEFAULT_KDF, KEYRING_FILE, Keyring  # noqa: E402
from doorstep.storage.layout import data_files  # noqa: E402
from doorstep.storage.seal import PlainSealer  # noqa: E402
from doorstep.storage.upgrade import journal_files, sealed_files  # noqa: E402

SECRET = "bench lantern 31 softly"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国"


def build(path: Path, households: int, visits: int, seed: int) -> Home:
    rng = random.Random(seed)
    home = Home.create(path, "device", name="bench", volunteer="李秀梅", secret=SECRET)
    entries, ids = [], []
    for n in range(households):
        hid = qrid.new_id(ids)
        ids.append(hid)
        entries.append({"id": hid, "name": rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2)),
                        "category": rng.choice(CATEGORIES).code, "village": f"村{n % 40}",
                        "address": f"{n % 40}组{n}号", "phone": f"139{rng.randrange(10**8):08d}"})
    with home.writer() as store:
        store.upsert_entries(entries)
        records = []
        for n in range(visits):
            records.append({"uuid": f"00000000-0000-4000-8000-{n:012d}", "revision": 1,
                            "household": ids[n % households], "form_id": "home_care", "form_version": "1",
                            "volunteer": "李秀梅", "device": home.home_id, "device_name": "bench",
                            "started": "2026-05-01T09:00:00+08:00", "ended": "2026-05-01T09:30:00+08:00",
                            "answers": {"services": "cleaning laundry", "minutes": "45",
                                        "notes": "老人腿脚不便，需要复查"}})
        store.add_finalized_visits(records)
    return home


def make_plain(home: Home) -> Home:
    for path in sealed_files(home.path):
        path.write_bytes(home.files.read(path))
    for path in journal_files(home.path):  # one sealed record per line
        path.write_bytes(b"".join(base64.b64encode(home.files.unseal(base64.b64decode(line))) + b"\n"
                                  for line in path.read_bytes().splitlines()))
    (home.path / KEYRING_FILE).unlink()
    plain = Home.open_locked(home.path)
    plain._unlocked(HomeFiles(home.path, PlainSealer()))
    return plain


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--visits", type=int, default=2_000)
    parser.add_argument("--saves", type=int, default=150)
    parser.add_argument("--opens", type=int, default=5)
    args = parser.parse_args()
    os.environ.pop(unlock.PASSPHRASE_ENV, None)
    os.environ["DOORSTEP_TEST_WEAK_KDF"] = "1"  # building the homes; the unlock is timed apart
    with tempfile.TemporaryDirectory(prefix="doorstep-bench-") as tmp:
        sealed = build(Path(tmp) / "sealed", args.households, args.visits, 1)
        plain = make_plain(build(Path(tmp) / "plain", args.households, args.visits, 1))
        size = sum(p.stat().st_size for p in data_files(sealed.path))
        print(f"{args.households} households, {args.visits} visits; store {size / 1e6:.1f} MB")

        opens = {"sealed": [], "plain": []}
        for _ in range(args.opens):
            for name, home in (("sealed", sealed), ("plain", plain)):
                start = time.perf_counter()
                store = home.reader()
                opens[name].append(time.perf_counter() - start)
                store.close()

        saves = {"sealed": [], "plain": []}
        writers = {}
        drafts = {}
        for name, home in (("sealed", sealed), ("plain", plain)):
            ctx = home.writer()
            store = ctx.__enter__()
            writers[name] = (ctx, store)
            drafts[name] = store.start_visit(store.entries()[0]["id"], "home_care", "1")["uuid"]
        for n in range(args.saves):
            for name in ("sealed", "plain") if n % 2 else ("plain", "sealed"):
                store = writers[name][1]
                start = time.perf_counter()
                store.save_answer(drafts[name], ("notes",), f"第{n}次：老人腿脚不便，需要复查")
                saves[name].append(time.perf_counter() - start)
        for ctx, _store in writers.values():
            ctx.__exit__(None, None, None)

        ring = Keyring.new("bench", os.urandom(32), SECRET)
        ring.set_secret(os.urandom(32), SECRET, DEFAULT_KDF)
        start = time.perf_counter()
        ring.unwrap(SECRET)
        unlock_cost = time.perf_counter() - start

    save_s, save_p = statistics.median(saves["sealed"]), statistics.median(saves["plain"])
    open_s, open_p = min(opens["sealed"]), min(opens["plain"])
    print(f"save one answer, median       sealed {save_s * 1e3:8.2f} ms   plain {save_p * 1e3:8.2f} ms"
          f"   ratio {save_s / save_p:.2f} (target <= 1.2)")
    print(f"open the store, best of {args.opens}      sealed {open_s * 1e3:8.0f} ms   "
          f"plain {open_p * 1e3:8.0f} ms   ratio {open_s / open_p:.2f} (target <= 1.3)")
    print(f"unlock (Argon2id t={DEFAULT_KDF['t']}, m={DEFAULT_KDF['m'] // 1024} MiB, p={DEFAULT_KDF['p']}), "
          f"once per process: {unlock_cost * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
