"""Benchmark of a laptop that holds a lot (issue 14): 20,000 households and 20,000 visits.

    python bench/bench_laptop.py [--households 20000] [--visits 20000] [--reps 20] [--starts 5]

- finalizing a visit (Store.finalize of a draft with answers), beside saving one answer (the
  same durable write of one small file, which is what a finalize must at least do);
- the app's start until the assignment list is filled (bench/bench_tui.py's APP_START, a fresh
  process), beside a bare Textual app started the same way, interleaved in the same run. Argon2id
  unlocking the home (half a second by design, storage.keyring) is timed inside the process and
  reported apart: the ratio is that of the start without it. Beside them, the start screen made
  of Textual's stock widgets (SAME_WIDGETS_START, its list a DataTable of 500 rows): what such a
  screen costs in Textual itself, and what tui.widgets.row_list saves.
  The children write bytecode and one start of each is made first and not counted: a
  volunteer's laptop compiles doorstep once, not each morning (PYTHONDONTWRITEBYTECODE, if set
  here, is not passed on).
"""

from __future__ import annotations

import argparse
import os
import random
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
sys.path.insert(0, str(ROOT / "bench"))

from bench_tui import APP_START, BARE_START, build_home  # noqa: E402
from doorstep.storage.home import Home  # noqa: E402
from doorstep.storage.visits import visit_hash  # noqa: E402

PASSPHRASE = "bench passphrase for the laptop benchmark"
# APP_START, with the time spent deriving the PIN's key (Argon2id) printed on the last line.
TIMED_START = """
import time
from doorstep.storage import keyring
_unwrap = keyring.Keyring.unwrap
_spent = [0.0]
def _timed(self, secret):
    t0 = time.perf_counter()
    try:
        return _unwrap(self, secret)
    finally:
        _spent[0] += time.perf_counter() - t0
keyring.Keyring.unwrap = _timed
""" + APP_START + """
print(_spent[0])
"""


# The start screen's widgets in plain Textual (header, search, two filters, a count, a table of
# 500 rows of six fixed-width columns, footer): what Textual itself costs for such a screen, so
# that doorstep's own part of the start can be told from it.
SAME_WIDGETS_START = """
import sys, time
t0 = time.perf_counter()
from rich.text import Text
from textual.app import App
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Input, Select, Static
class Same(App):
    def compose(self):
        yield Header()
        with Horizontal():
            yield Input(placeholder="search")
            yield Select([("a", "a"), ("b", "b")], prompt="all")
            yield Select([("a", "a"), ("b", "b")], prompt="all")
        yield Static("500 of 20000")
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()
    def on_mount(self):
        table = self.query_one(DataTable)
        for key, width in zip("abcdef", (8, 8, 8, 20, 10, 13)):
            table.add_column(key, width=width, key=key)
        for n in range(500):
            table.add_row(*(Text(f"{n}{c}") for c in "abcdef"), key=str(n))
        self.call_after_refresh(self.exit)
Same().run(headless=True)
print(time.perf_counter() - t0)
"""


def spawn(code: str, *args: str) -> tuple[float, float]:
    """Wall time of a fresh process that starts an app and exits once it is ready, and the time
    it says it spent unlocking (0 for the bare app)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, cwd=ROOT, text=True,
                          env=env)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"the app did not start:\n{done.stderr}")
    lines = done.stdout.split()
    return wall, float(lines[-1]) if code is TIMED_START else 0.0


def records(home: Home, ids: list[str], count: int) -> list[dict]:
    rng = random.Random(7)
    out = []
    for n in range(count):
        day = date(2026, 1, 1) + timedelta(days=n * 365 // count)
        started = f"{day.isoformat()}T09:{rng.randint(10, 59)}:00+08:00"
        record = {"uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "revision": 1,
                  "supersedes": None, "household": rng.choice(ids), "form_id": "home_care",
                  "form_version": "2026.1", "volunteer": "测试员", "device": home.home_id,
                  "device_name": home.name, "started": started, "ended": started.replace("T09", "T10"),
                  "answers": {"services": "cleaning", "minutes": "40", "mood": "good",
                              "urgent_needs": "", "followup_needed": "no"},
                  "register_updates": {}, "register_base": 1, "status": "finalized",
                  "acked": n % 3 != 0}
        record["key"] = f"{record['uuid']}.1"
        record["hash"] = visit_hash(record)
        out.append(record)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--visits", type=int, default=20_000)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--starts", type=int, default=5)
    args = parser.parse_args()
    os.environ["DOORSTEP_PASSPHRASE"] = PASSPHRASE
    with tempfile.TemporaryDirectory(prefix="doorstep-bench-laptop-") as tmp:
        path = Path(tmp) / "laptop"
        ids = build_home(path, args.households)
        home = Home.open(path)
        with home.writer() as store:
            store.add_finalized_visits(records(home, ids, args.visits))
            finals, answers = [], []
            for n in range(args.reps):
                draft = store.start_visit(ids[n], "home_care", "2026.1")
                t0 = time.perf_counter()
                store.save_answer(draft["uuid"], ("minutes",), "30")
                answers.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                store.finalize(draft["uuid"])
                finals.append(time.perf_counter() - t0)
        final, answer = statistics.median(finals), statistics.median(answers)
        print(f"{args.households:,} households, {home.reader().visit_count():,} visits")
        print(f"finalize a visit     {final * 1000:7.1f} ms   (saving one answer: {answer * 1000:.1f} ms; "
              f"x{final / answer:.1f})")
        spawn(BARE_START)  # warm-up: bytecode written, files in the page cache
        spawn(SAME_WIDGETS_START)
        spawn(TIMED_START, str(path))
        bare, same, ours, unlocks = [], [], [], []
        for _ in range(args.starts):  # interleaved: all see the same machine load
            bare.append(spawn(BARE_START)[0])
            same.append(spawn(SAME_WIDGETS_START)[0])
            wall, unlock = spawn(TIMED_START, str(path))
            ours.append(wall - unlock)
            unlocks.append(unlock)
        b, w, o = statistics.median(bare), statistics.median(same), statistics.median(ours)
        u = statistics.median(unlocks)
        print(f"TUI start            {o * 1000:7.0f} ms   (a bare Textual app: {b * 1000:.0f} ms; "
              f"x{o / b:.2f}; without the unlock)")
        print(f"  stock widgets      {w * 1000:7.0f} ms   (the screen in Textual's own widgets, a DataTable"
              f" of 500 rows; x{w / b:.2f} the bare app; doorstep x{o / w:.2f} of it)")
        print(f"unlock (Argon2id)    {u * 1000:7.0f} ms   (apart from the start above)")


if __name__ == "__main__":
    main()
