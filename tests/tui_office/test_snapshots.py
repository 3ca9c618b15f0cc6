"""Snapshots of the office's main screens at 80x24, in Chinese and in English.

The data is fixed: `doorstep demo generate` with a seed and a date, bundles sealed with sync's
clock frozen, the app's clock frozen. Update after an intended change of the screens:
pytest tests/tui_office/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path

import pytest
from doorstep.tui.office.screens.register import EditEntry, RegisterScreen
from office_helpers import press, settle, type_text
from textual.widgets import DataTable

LANGS = ["zh", "en"]


@pytest.fixture
def shoot(snap_compare, make_app):
    def take(office: Path, lang: str, run_before=None) -> bool:  # noqa: ANN001
        async def prepare(pilot) -> None:  # noqa: ANN001
            await settle(pilot)
            if run_before is not None:
                await run_before(pilot)
            pilot.app.clear_notifications()
            await settle(pilot)

        return snap_compare(make_app(office, lang=lang), terminal_size=(80, 24), run_before=prepare)

    return take


@pytest.mark.parametrize("lang", LANGS)
def test_inbox_before_merging(shoot, town, lang) -> None:
    assert shoot(town / "office", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_inbox_after_merging(shoot, town, lang) -> None:
    (town / "office" / "inbox" / "notes.json").write_text("{}", encoding="utf-8")

    async def run_before(pilot) -> None:  # noqa: ANN001
        await press(pilot, "m")

    assert shoot(town / "office", lang, run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_problems(shoot, troubled_town, lang) -> None:
    async def run_before(pilot) -> None:  # noqa: ANN001
        await press(pilot, "f3")

    assert shoot(troubled_town[0] / "office", lang, run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_conflict_side_by_side(shoot, troubled_town, lang) -> None:
    async def run_before(pilot) -> None:  # noqa: ANN001
        await press(pilot, "f3")
        index = next(i for i, f in enumerate(pilot.app.screen.flags) if f["kind"] == "visit")
        pilot.app.screen.query_one("DataTable").move_cursor(row=index)
        await press(pilot, "enter")

    assert shoot(troubled_town[0] / "office", lang, run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_settle_a_visit_conflict(shoot, troubled_town, lang) -> None:
    async def run_before(pilot) -> None:  # noqa: ANN001
        await press(pilot, "f3")
        index = next(i for i, f in enumerate(pilot.app.screen.flags) if f["kind"] == "visit")
        pilot.app.screen.query_one("DataTable").move_cursor(row=index)
        await press(pilot, "s", "down")

    assert shoot(troubled_town[0] / "office", lang, run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_review_with_states(shoot, merged_town, lang) -> None:
    async def run_before(pilot) -> None:  # noqa: ANN001
        await press(pilot, "f4", "a", "down", "i", "down", "r")
        await type_text(pilot, "请补拍签收单")
        await press(pilot, "enter", "down")

    assert shoot(merged_town / "office", lang, run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_visit(shoot, merged_town, lang) -> None:
    async def run_before(pilot) -> None:  # noqa: ANN001
        await press(pilot, "f4", "down", "down", "down", "enter")

    assert shoot(merged_town / "office", lang, run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_register_search(shoot, town, lang) -> None:
    async def run_before(pilot) -> None:  # noqa: ANN001
        await press(pilot, "f5")
        await type_text(pilot, "王")

    assert shoot(town / "office", lang, run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_edit_entry(shoot, town, lang) -> None:
    async def run_before(pilot) -> None:  # noqa: ANN001
        # Each step waits for the state the next key needs: the register loaded with the focus in
        # its search field, then the focus on the table, so Enter edits the first entry.
        await press(pilot, "f5")
        screen = pilot.app.screen
        assert isinstance(screen, RegisterScreen) and screen.have_entries
        assert pilot.app.focused is screen.query_one("#search")
        await press(pilot, "tab", "tab")
        assert pilot.app.focused is screen.query_one(DataTable)
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, EditEntry)

    assert shoot(town / "office", lang, run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_summary_visits_table(shoot, merged_town, lang) -> None:
    async def run_before(pilot) -> None:  # noqa: ANN001
        await press(pilot, "f6")   # the figures first: a key pressed before they are counted waits for none
        await press(pilot, "n", "n")

    assert shoot(merged_town / "office", lang, run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_summary_drill_down(shoot, merged_town, lang) -> None:
    async def run_before(pilot) -> None:  # noqa: ANN001
        await press(pilot, "f6")
        await press(pilot, "n", "n", "right", "enter")

    assert shoot(merged_town / "office", lang, run_before)
