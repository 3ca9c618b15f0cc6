"""Snapshots of the main screens at 80x24, in Chinese and in English (clock and data fixed).

Update after an intended change of the screens: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import scan, type_keys, type_text
from tui_homes import IDS

LANGS = ["zh", "en"]


@pytest.fixture
def shoot(snap_compare, make_app, home_path):
    def take(lang: str, run_before=None, path: Path | None = None) -> bool:  # noqa: ANN001
        app = make_app(path or home_path, lang=lang)
        return snap_compare(app, terminal_size=(80, 24), run_before=run_before)

    return take


@pytest.mark.parametrize("lang", LANGS)
def test_assignments(shoot, lang) -> None:
    assert shoot(lang)


@pytest.mark.parametrize("lang", LANGS)
def test_household_with_a_visit_and_a_follow_up(shoot, clock, lang) -> None:
    async def run_before(pilot) -> None:
        await scan(pilot, IDS[0], clock)

    assert shoot(lang, run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_checklist_with_a_broken_constraint(shoot, clock, lang) -> None:
    async def run_before(pilot) -> None:
        await scan(pilot, IDS[1], clock)
        await type_keys(pilot, "1")
        await type_keys(pilot, "1", "4", "enter")
        await type_text(pilot, "2")
        # The volunteer stops at "2": what the screen's timers do after such a pause, done now
        # rather than waited for, so the picture never depends on the machine's speed: the
        # answer is written (0.3 s), then flagged (0.8 s).
        pilot.app.screen.flush()
        pilot.app.screen.typing_paused()
        await pilot.pause()

    assert shoot(lang, run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_checklist_select_one(shoot, clock, lang) -> None:
    async def run_before(pilot) -> None:
        await scan(pilot, IDS[1], clock)
        await type_keys(pilot, "1")
        await type_keys(pilot, "1", "enter")
        await type_text(pilot, "60")
        await type_keys(pilot, "enter", "2")

    assert shoot(lang, run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_review_with_missing_answers(shoot, clock, lang) -> None:
    async def run_before(pilot) -> None:
        await scan(pilot, IDS[1], clock)
        await type_keys(pilot, "1")
        await type_keys(pilot, "1", "enter")
        await type_keys(pilot, "f4")

    assert shoot(lang, run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_visit_summary(shoot, clock, lang) -> None:
    async def run_before(pilot) -> None:
        await scan(pilot, IDS[0], clock)
        options = pilot.app.screen.query_one("#actions")
        index = next(i for i, o in enumerate(options.options) if (o.id or "").startswith("visit:"))
        options.highlighted = index
        await type_keys(pilot, "enter")

    assert shoot(lang, run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_drafts(shoot, lang) -> None:
    async def run_before(pilot) -> None:
        await type_keys(pilot, "d")

    assert shoot(lang, run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_outbox(shoot, lang) -> None:
    async def run_before(pilot) -> None:
        await type_keys(pilot, "o")

    assert shoot(lang, run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_help(shoot, lang) -> None:
    async def run_before(pilot) -> None:
        await type_keys(pilot, "down", "up")  # the footer below settles first
        await pilot.pause(0.1)
        await type_keys(pilot, "f1")

    assert shoot(lang, run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_first_start(shoot, lang) -> None:
    # a fixed path, never created: the screen shows where the home will be
    assert shoot(lang, path=Path("/nonexistent/doorstep-home"))


def test_daylight_theme(snap_compare, make_app, home_path) -> None:
    assert snap_compare(make_app(home_path, lang="zh", theme="daylight"), terminal_size=(80, 24))


def test_a_wide_terminal_shows_the_question_list_beside_the_question(
    snap_compare, make_app, home_path, clock
) -> None:
    async def run_before(pilot) -> None:
        await scan(pilot, IDS[1], clock)
        await type_keys(pilot, "1")
        await type_keys(pilot, "1", "enter")

    assert snap_compare(make_app(home_path, lang="zh"), terminal_size=(120, 32), run_before=run_before)


@pytest.mark.parametrize("theme", ["default", "daylight"])
def test_checklist_select_multiple_ticks_read_as_text(
    snap_compare, make_app, home_path, clock, theme
) -> None:
    async def run_before(pilot) -> None:
        await scan(pilot, IDS[1], clock)
        await type_keys(pilot, "1")
        await type_keys(pilot, "1", "3")  # [x] cleaning, [ ] laundry, [x] the third

    app = make_app(home_path, lang="zh", theme=theme)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
