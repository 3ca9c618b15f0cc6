"""Starting the app: the first start creates a home; a home in use is refused plainly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from doorstep.storage.home import Home
from doorstep.tui.screens.assignments import AssignmentsScreen
from doorstep.tui.screens.enrol import EnrolScreen
from doorstep.tui.screens.setup import SetupScreen
from tui_helpers import type_keys, type_text
from tui_homes import make_home

ROOT = Path(__file__).resolve().parents[2]


async def test_first_start_guides_the_user_through_creating_a_home(tmp_path, make_app) -> None:
    path = tmp_path / "new-home"
    app = make_app(path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, SetupScreen)
        await type_keys(pilot, "enter")  # nothing typed yet
        assert not Home.exists(path)
        await type_text(pilot, "laptop-07")
        await type_keys(pilot, "enter")
        await type_text(pilot, "Li Ming")
        await type_keys(pilot, "enter")
        assert isinstance(app.screen, EnrolScreen)  # next: enrol the laptop (test_enrolment.py)
        await type_keys(pilot, "escape")
        assert isinstance(app.screen, AssignmentsScreen)
        assert "office's USB stick" in str(app.screen.query_one("#count").render())
    home = Home.open(path)
    assert home.kind == "device" and home.name == "laptop-07"
    assert home.settings["volunteer"] == "Li Ming"
    assert home.settings["lang"] == "en"


async def test_first_start_says_what_is_missing(tmp_path, make_app) -> None:
    app = make_app(tmp_path / "h", lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await type_keys(pilot, "tab")
        await type_text(pilot, "张三")
        await type_keys(pilot, "enter")
        assert "请填写设备名称和走访人姓名" in str(app.screen.query_one("#problem").render())
        assert not Home.exists(tmp_path / "h")


def test_a_home_in_use_by_another_doorstep_is_refused_with_a_message(tmp_path) -> None:
    path = tmp_path / "home"
    make_home(path)
    before = sorted(p.name for p in path.rglob("*"))
    with Home.open(path).writer():  # another doorstep holds the home
        done = subprocess.run(
            [sys.executable, "-m", "doorstep", "--home", str(path), "--lang", "en"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "another doorstep" in done.stderr.lower() or "writing" in done.stderr.lower()
    assert sorted(p.name for p in path.rglob("*")) == before
