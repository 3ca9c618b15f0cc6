"""Question kinds of the office's own forms on the laptop at 80x24: a time typed as a volunteer
types it (full-width, through the IME) is saved as a time, and the review shows it localised."""

from __future__ import annotations

from doorstep.storage.home import Home
from doorstep.sync.tables import FORMS
from doorstep.tui.screens.checklist import ChecklistScreen
from doorstep.tui.screens.household import HouseholdScreen
from textual.widgets import Input, OptionList
from tui_helpers import scan, type_keys, type_text
from tui_homes import IDS

TIME_FORM = """
[form]
id = "call_log"
title = { zh = "来电记录", en = "Call log" }
version = "1"

[[survey]]
type = "time"
name = "arrived"
label = { zh = "到达时间", en = "Arrived at" }
constraint = ". >= '08:00'"

[[survey]]
type = "dateTime"
name = "next_call"
label = { zh = "下次致电", en = "Next call" }
"""


def ship(home_path, form_id: str, source: str) -> None:
    with Home.open(home_path).writer() as store:
        store.table(FORMS).insert({"id": form_id, "version": "1", "source": source})


async def open_form(pilot, clock, form_id: str) -> ChecklistScreen:  # noqa: ANN001
    await scan(pilot, IDS[0], clock)
    screen = pilot.app.screen
    assert isinstance(screen, HouseholdScreen)
    actions = screen.query_one("#actions", OptionList)
    ids = [actions.get_option_at_index(i).id for i in range(actions.option_count)]
    actions.highlighted = ids.index(f"start:{form_id}")
    await type_keys(pilot, "enter")
    assert isinstance(pilot.app.screen, ChecklistScreen)
    return pilot.app.screen


def saved_answers(home_path, visit_id: str) -> dict:
    reader = Home.open(home_path).reader()
    try:
        return reader.get_draft(visit_id)["answers"]
    finally:
        reader.close()


async def test_a_time_and_a_date_time_are_typed_and_saved_canonically(home_path, make_app, clock) -> None:
    ship(home_path, "call_log", TIME_FORM)
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(pilot, clock, "call_log")
        assert screen.slot == ("arrived",)
        field = screen.query_one("#answer-input", Input)
        assert "14:30" in field.placeholder
        await type_text(pilot, "7:15")
        await pilot.pause(1.0)
        assert screen.cl.validate(("arrived",)) != []  # before 08:00
        field.value = "下午２：３０"  # what a Chinese IME leaves in the field
        await pilot.pause()
        await type_keys(pilot, "enter")
        assert screen.slot == ("next_call",)
        await type_text(pilot, "2026-08-02 9:00")
        await type_keys(pilot, "enter")
        answers = saved_answers(home_path, screen.visit_id)
    assert answers["arrived"] == "14:30:00"
    assert answers["next_call"] == "2026-08-02T09:00:00"
