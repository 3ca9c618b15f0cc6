"""The office's own forms on the laptop at 80x24: offered on the household screen beside the
built-ins, walked through, and a draft begun on an older version finishing on that version."""

from __future__ import annotations

from doorstep.storage.home import Home
from doorstep.sync.tables import FORMS
from doorstep.tui.screens.checklist import ChecklistScreen
from doorstep.tui.screens.household import HouseholdScreen
from textual.widgets import OptionList
from tui_helpers import scan, type_keys, type_text
from tui_homes import IDS


def _form(version: str, extra: str = "") -> str:
    return f"""
[form]
id = "heat_check"
title = {{ zh = "夏季高温探访", en = "Summer heat check" }}
version = "{version}"

[[survey]]
type = "deviceid"
name = "deviceid"

[[survey]]
type = "geopoint"
name = "where"
label = {{ zh = "位置", en = "Location" }}
{extra}"""


V2_EXTRA = """
[[survey]]
type = "text"
name = "advice"
label = { zh = "建议", en = "Advice given" }
"""


def _ship(home_path, version: str, extra: str = "") -> None:
    """What an assignment leaves on the laptop (sync.assignment keeps each form it carries)."""
    with Home.open(home_path).writer() as store:
        store.table(FORMS).insert({"id": "heat_check", "version": version, "source": _form(version, extra)})


async def _open_custom(pilot, clock) -> None:  # noqa: ANN001
    await scan(pilot, IDS[0], clock)
    screen = pilot.app.screen
    assert isinstance(screen, HouseholdScreen)
    actions = screen.query_one("#actions", OptionList)
    ids = [actions.get_option_at_index(i).id for i in range(actions.option_count)]
    assert ids.index("start:heat_check") > ids.index("start:verification")  # after the built-ins
    prompt = str(actions.get_option_at_index(ids.index("start:heat_check")).prompt)
    assert "Summer heat check" in prompt
    actions.highlighted = ids.index("start:heat_check")
    await type_keys(pilot, "enter")
    assert isinstance(pilot.app.screen, ChecklistScreen)


async def test_a_custom_form_is_offered_and_walked(home_path, make_app, clock) -> None:
    _ship(home_path, "1")
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_custom(pilot, clock)
        screen = pilot.app.screen
        assert screen.form.version == "1" and screen.slot == ("where",)
        await type_text(pilot, "91 0")
        await pilot.pause()
        assert screen.cl.validate(("where",)) != []
        await type_keys(pilot, *["backspace"] * 4)
        await type_text(pilot, "28.2 112.9")
        await type_keys(pilot, "enter")
        await pilot.pause()
        reader = Home.open(home_path).reader()
        draft = reader.get_draft(screen.visit_id)
        reader.close()
    assert draft["form_id"] == "heat_check" and draft["form_version"] == "1"
    assert draft["answers"]["where"] == "28.2 112.9"
    assert draft["answers"]["deviceid"] == "laptop-01"


async def test_an_older_versions_draft_finishes_on_its_version(home_path, make_app, clock) -> None:
    _ship(home_path, "1")
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_custom(pilot, clock)
        visit = pilot.app.screen.visit_id
        await type_text(pilot, "28.2 112.9")  # a draft with an answer: an empty one is not kept
        await type_keys(pilot, "enter")
    _ship(home_path, "2", V2_EXTRA)  # the next assignment brings version 2
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        from doorstep.tui.forms import forms

        assert forms()["heat_check"].version == "2"  # new visits use version 2
        pilot.app.push_screen(ChecklistScreen(visit))
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ChecklistScreen)
        assert screen.form.version == "1" and "advice" not in screen.form.by_name
