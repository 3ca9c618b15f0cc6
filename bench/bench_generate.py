"""Benchmark: `doorstep demo generate`, visits a second, beside entering every visit through the engine.

    python bench/bench_generate.py [--visits 100000] [--households 10000] [--devices 4]
                                   [--baseline-visits 10000] [--keep DIR]

Measures, in the same run on the same machine:

- baseline: generate_homes(cached=False), every visit entered through the survey engine (what
  the command did before the fill cache), on --baseline-visits visits;
- the command as it runs (the fill cache), on --visits visits;

and prints visits a second of each, their ratio, the time a million would take at that rate,
and the size of what was written. Households scale with the visits (one per ten visits unless
--households says otherwise), so both runs see the same register per visit.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from doorstep.demo.generate import generate_homes  # noqa: E402

TODAY = date(2026, 6, 30)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def run(out: Path, visits: int, households: int, devices: int, cached: bool) -> tuple[float, int]:
    started = time.perf_counter()
    result = generate_homes(out, households=households, devices=devices, visits=visits, seed=1,
                            today=TODAY, cached=cached)
    took = time.perf_counter() - started
    assert result.visits == visits
    return took, _size(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=100_000)
    parser.add_argument("--households", type=int, default=0, help="default: visits / 10")
    parser.add_argument("--devices", type=int, default=4)
    parser.add_argument("--baseline-visits", type=int, default=10_000)
    parser.add_argument("--keep", metavar="DIR", help="write the homes here and leave them")
    args = parser.parse_args()
    os.environ.setdefault("DOORSTEP_PASSPHRASE", "bench generate")
    os.environ.setdefault("DOORSTEP_TEST_WEAK_KDF", "1")  # the key derivation is not measured
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-generate-"))
    try:
        figures = {}
        for name, visits, cached in (("engine every visit (baseline)", args.baseline_visits, False),
                                     ("fill cache (the command)", args.visits, True)):
            households = args.households or max(args.devices, visits // 10)
            took, size = run(root / ("cached" if cached else "engine"), visits, households,
                             args.devices, cached)
            figures[name] = visits / took
            print(f"{name}: {visits:,} visits, {households:,} households, {args.devices} devices: "
                  f"{took:.1f} s, {visits / took:,.0f} visits/s, 1M in {1e6 / (visits / took) / 60:.1f} min, "
                  f"{size / 1e6:.0f} MB ({size / visits:,.0f} bytes a visit)")
        base, fast = figures.values()
        print(f"ratio: {fast / base:.1f}x the baseline's visits/s (load: {os.getloadavg()[0]:.2f})")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
