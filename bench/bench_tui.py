"""Benchmarks of the volunteer's app (python bench/bench_tui.py [--households N] [--steps N]).

1. Time to the first interactive screen: `doorstep --home H` started in a fresh process, headless,
   until the assignments list is filled, beside a bare Textual app (a Static and a Footer) started
   the same way, in the same run.
2. Time from a key press to the next question on screen, with N households (default 20,000) on
   the register: Enter on an answered question, until the next question's widget is mounted and
   the answer before it is on disk; beside a bare Textual app where Enter changes a label.
Figures are medians (and 95th percentiles) with the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BARE_START = """
import sys, time
t0 = time.perf_counter()
from textual.app import App
from textual.widgets import Footer, Static
class Bare(App):
    def compose(self):
        yield Static("ready")
        yield Footer()
    def on_mount(self):
        self.call_after_refresh(self.exit)
Bare().run(headless=True)
print(time.perf_counter() - t0)
"""

APP_START = """
import sys, time
t0 = time.perf_counter()
from doorstep.tui.app import DoorstepApp
from doorstep.tui.screens.assignments import AssignmentsScreen
class Timed(DoorstepApp):
    def on_ready(self):
        self.check()
    def check(self):
        if isinstance(self.screen, AssignmentsScreen) and self.screen.query_one("#table").row_count:
            self.call_after_refresh(self.exit)
        else:
            self.set_timer(0.001, self.check)
app = Timed(sys.argv[1], lang="zh")
app.run(headless=True)
print(time.perf_counter() - t0)
"""


def build_home(path: Path, households: int) -> list[str]:
    from doorstep.storage import qrid
    from doorstep.storage.home import Home

    villages = [f"{n}村" for n in ("东山", "西河", "南岭", "北坡", "中和", "新丰", "长乐", "永安")]
    home = Home.create(path, "device", name="bench-laptop", volunteer="测试员", lang="zh")
    try:  # a laptop made as `doorstep init device` and the first start make it: with its keys
        from doorstep.sync.identity import create_identity

        create_identity(home)
    except ImportError:
        pass
    ids: list[str] = []
    seen: set[str] = set()
    for _ in range(households):
        i = qrid.new_id(seen)
        seen.add(i)
        ids.append(i)
    rows = [
        {
            "id": i,
            "name": f"测试{n:05d}",
            "category": "elderly_retired_soldier",
            "village": villages[n % len(villages)],
            "address": f"{n}号",
            "phone": "",
        }
        for n, i in enumerate(ids)
    ]
    with home.writer() as store:
        store.upsert_entries(rows)
        store.set_assignment(ids[:200])
    return ids


def spawn(code: str, *args: str) -> float:
    """Wall time of a fresh process that starts an app and exits once it is ready."""
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, cwd=ROOT, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the app did not start:\n{done.stderr}")
    return time.perf_counter() - t0


def start_times(home: Path, repeats: int) -> tuple[list[float], list[float]]:
    bare, ours = [], []
    for _ in range(repeats):  # interleaved, so that both see the same machine load
        bare.append(spawn(BARE_START))
        ours.append(spawn(APP_START, str(home)))
    return bare, ours


async def step_times(home: Path, household: str, steps: int) -> list[float]:
    from doorstep.tui.app import DoorstepApp
    from doorstep.tui.screens.checklist import ChecklistScreen

    app = DoorstepApp(home, lang="zh")
    times: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        while len(times) < steps:
            app.open_household(household)
            await pilot.pause()
            app.screen.start_visit("condolence")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ChecklistScreen)
            # occasion is a select_one: choose, then time Enter -> the next question on screen
            for _ in range(6):
                before = screen.slot
                screen.cl.set(before, screen.cl.item(before).choices[0].name) if screen.cl.item(
                    before
                ).choices else None
                t0 = time.perf_counter()
                await pilot.press("pagedown")
                while screen.slot == before or not screen.query("#answer > *"):
                    await asyncio.sleep(0)
                times.append(time.perf_counter() - t0)
                if screen.cl.next(screen.slot) is None:
                    break
            await pilot.press("escape")
            await pilot.pause()
    return times


async def bare_step_times(steps: int) -> list[float]:
    from textual.app import App
    from textual.widgets import Footer, Static

    class Bare(App):
        BINDINGS = [("pagedown", "next", "Next")]

        def compose(self):  # noqa: ANN202
            yield Static("0", id="label")
            yield Footer()

        def action_next(self) -> None:
            self.counter = getattr(self, "counter", 0) + 1
            self.query_one("#label", Static).update(str(self.counter))

    app = Bare()
    times = []
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(steps):
            before = getattr(app, "counter", 0)
            t0 = time.perf_counter()
            await pilot.press("pagedown")
            while getattr(app, "counter", 0) == before:
                await asyncio.sleep(0)
            times.append(time.perf_counter() - t0)
    return times


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def line(name: str, ours: list[float], base: list[float], base_name: str) -> str:
    m, b = statistics.median(ours), statistics.median(base)
    return (
        f"{name:<38} median {m * 1000:8.1f} ms  p95 {p95(ours) * 1000:8.1f} ms   "
        f"{base_name}: {b * 1000:7.1f} ms   ratio {m / b:5.1f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--steps", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        t0 = time.perf_counter()
        ids = build_home(home, args.households)
        print(f"home with {args.households} households built in {time.perf_counter() - t0:.1f} s")
        bare, ours = start_times(home, args.starts)
        print(line("start to first interactive screen", ours, bare, "bare Textual app"))
        base = asyncio.run(bare_step_times(args.steps))
        steps = asyncio.run(step_times(home, ids[0], args.steps))
        print(line(f"key -> next question ({args.households} hh)", steps, base, "bare key->label"))


if __name__ == "__main__":
    main()
