"""The household screen at 80x24 as a volunteer meets it: the register's notes (an illness) in
view even with a family members line, and a key for every form offered, the office's own too."""

from __future__ import annotations

import pytest
from doorstep.storage.home import Home
from doorstep.sync.tables import FORMS
from doorstep.tui.screens.checklist import ChecklistScreen
from doorstep.tui.screens.help import HelpScreen
from doorstep.tui.screens.household import HouseholdScreen
from tui_helpers import scan, screen_lines, type_keys
from tui_homes import IDS

NOTES = "男，1965年1月生；1984年入伍，服役期间患风湿性心脏病，带病回乡；患糖尿病，常年服药"


def _family_with_notes(home_path) -> None:  # noqa: ANN001
    with Home.open(home_path).writer() as store:
        store.update_entry(
            IDS[1],
            {
                "members": [
                    {"name": "王俊杰", "relation": "儿子"},
                    {"name": "张梦瑶", "relation": "儿媳"},
                    {"name": "王明哲", "relation": "孙子"},
                ],
                "notes": NOTES,
            },
        )


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_notes_are_in_view_beside_the_family(home_path, make_app, clock, lang) -> None:
    _family_with_notes(home_path)
    app = make_app(home_path, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[1], clock)
        assert isinstance(app.screen, HouseholdScreen)
        shown = "".join(line.strip() for line in screen_lines(app))
        assert "风湿性心脏病" in shown and "糖尿病" in shown  # without Tab, without scrolling
        assert "王明哲" in shown  # and the family too
        assert "1  " in shown  # the first form to start is still on screen


def _ship_form(home_path, form_id: str, title: str) -> None:  # noqa: ANN001
    source = f"""
[form]
id = "{form_id}"
title = {{ zh = "{title}", en = "{title}" }}
version = "1"

[[survey]]
type = "text"
name = "remark"
label = {{ zh = "情况", en = "Remark" }}
"""
    with Home.open(home_path).writer() as store:
        store.table(FORMS).insert({"id": form_id, "version": "1", "source": source})


async def test_every_offered_form_has_a_key(home_path, make_app, clock) -> None:
    for n in range(5):  # 6 built-in forms and 5 of the office's: keys 1-9, then a and b
        _ship_form(home_path, f"office_form_{n}", f"Office form {n}")
    app = make_app(home_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[0], clock)
        options = app.screen.query_one("#actions").options
        prompts = [str(o.prompt) for o in options if (o.id or "").startswith("start:")]
        assert len(prompts) == 11
        assert [p.split()[0] for p in prompts] == [*"123456789", "a", "b"]
        assert not any("·" in p for p in prompts)
        await type_keys(pilot, "5")  # a built-in beyond the first four
        assert isinstance(app.screen, ChecklistScreen) and app.screen.form.id == "house_followup"
        await type_keys(pilot, "escape")
        await type_keys(pilot, "b")  # the office's fifth form
        assert isinstance(app.screen, ChecklistScreen) and app.screen.form.id == "office_form_4"
        await type_keys(pilot, "escape", "c")  # c is still "correct", never a form
        assert isinstance(app.screen, HouseholdScreen)


async def test_help_names_the_form_keys_in_one_line(home_path, make_app, clock) -> None:
    app = make_app(home_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[0], clock)
        await type_keys(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(s.render()) for s in app.screen.query("Static"))
        assert "1-9, a, b, d-z" in text and "Start the visit that key shows in the list" in text
        assert text.count("Start the visit that key shows") == 1
