"""Benchmark of the office's review screen as a supervisor uses it (Pilot at 80x24), at city sizes.

    python bench/bench_office_tui.py [--sizes 10000,100000] [--reps 7]

bench_scale.py times a review click as the store's write (tui.office.reviews.set_review). Here
it is timed as a key pressed on the review screen until the screen has drawn again: the write,
the row changed, the counts, the repaint. Beside each, in the same run:

- a key: `a` (approve the visit under the cursor), beside `down` (the cursor moved one row: what
  any key costs through Textual and Pilot);
- one character typed in the search box (the list filtered again), beside the same `down`;
- opening the screen (F4 until its rows are in), beside reading that many visits' month files
  (what any list of every visit must at least read).

The office is built as bench_scale.py builds it (four laptops' sticks of 50 visits merged).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_scale import PASSPHRASE, Office  # noqa: E402
from doorstep.storage.home import Home  # noqa: E402
from doorstep.storage.layout import STORE_DIR, VISITS_DIR  # noqa: E402


async def on_screen(home: Path, reps: int) -> dict[str, float]:
    from doorstep.tui.office.app import OfficeApp
    from doorstep.tui.office.screens.review import ReviewScreen

    app = OfficeApp(home, lang="zh")
    times: dict[str, list[float]] = {"open": [], "down": [], "approve": [], "search": []}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        t0 = time.perf_counter()
        await pilot.press("f4")
        while not (isinstance(app.screen, ReviewScreen) and app.screen.have_rows):
            await pilot.pause()
        await pilot.pause()
        times["open"].append(time.perf_counter() - t0)
        for key, name in [("down", "down"), ("a", "approve")] * (reps + 1):
            t0 = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            times[name].append(time.perf_counter() - t0)
        await pilot.press("slash")
        for ch in "1" * (reps + 1):  # names as "王某1173": each key filters every visit again
            t0 = time.perf_counter()
            await pilot.press(ch)
            await pilot.pause()
            times["search"].append(time.perf_counter() - t0)
    # the first of each is the warm-up (styles cached, the notification's first layout)
    return {k: statistics.median(v[1:] if len(v) > 1 else v) for k, v in times.items()}


def read_months(home: Home) -> float:
    t0 = time.perf_counter()
    for path in sorted((home.path / STORE_DIR / VISITS_DIR).glob("*.json")):
        json.loads(home.files.read(path))
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()
    os.environ["DOORSTEP_PASSPHRASE"] = PASSPHRASE
    root = Path(tempfile.mkdtemp(prefix="doorstep-bench-office-tui-"))
    world = Office(root, 20_000)
    print("| visits | open the review screen | reading every month file | approve (a) | a cursor move "
          "| one character searched | x approve / move |")
    print("|---|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        world.grow_to(size)
        t = asyncio.run(on_screen(world.office.path, args.reps))
        files = read_months(world.office)
        ms = {k: f"{v * 1000:.0f} ms" for k, v in t.items()}
        print(f"| {size:,} | {ms['open']} | {files * 1000:.0f} ms | {ms['approve']} | {ms['down']} "
              f"| {ms['search']} | {t['approve'] / t['down']:.2f} |", flush=True)


if __name__ == "__main__":
    main()
