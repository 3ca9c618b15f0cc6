"""Fixtures of the TUI tests: a small home on disk, a clock the tests drive, an app factory."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from doorstep.tui.app import DoorstepApp  # noqa: E402
from tui_homes import FIXED_NOW, make_home  # noqa: E402


class SteppingClock:
    """Each reading moves time on by `step` seconds: 0.25 s is a person typing, 0.004 s a scanner."""

    def __init__(self, step: float = 0.25) -> None:
        self.now = 1000.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock()


@pytest.fixture
def home_path(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    make_home(path)
    return path


@pytest.fixture
def make_app(clock: SteppingClock):
    def factory(path: Path, lang: str | None = "en", theme: str | None = None) -> DoorstepApp:
        return DoorstepApp(path, lang=lang, theme=theme, clock=clock, now=lambda: FIXED_NOW)

    return factory
