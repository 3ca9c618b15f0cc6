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


NESTED_FORM = """
[form]
id = "members"
title = { zh = "家庭成员补贴", en = "Members' benefits" }
version = "1"

[[survey]]
type = "begin_repeat"
name = "member"
label = { zh = "成员", en = "Members" }

[[survey]]
type = "text"
name = "member_name"
label = { zh = "姓名", en = "Name" }

[[survey]]
type = "begin_repeat"
name = "benefit"
label = { zh = "${member_name} 的补贴", en = "Benefits of ${member_name}" }

[[survey]]
type = "decimal"
name = "amount"
label = { zh = "金额", en = "Amount" }

[[survey]]
type = "end_repeat"

[[survey]]
type = "end_repeat"

[[survey]]
type = "text"
name = "done"
label = { zh = "备注", en = "Remarks" }
"""


async def test_a_repeat_inside_a_repeat_is_walked_at_80x24(home_path, make_app, clock) -> None:
    ship(home_path, "members", NESTED_FORM)
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(pilot, clock, "members")
        assert screen.slot == ("member",)
        await type_keys(pilot, "enter")  # add the first member
        assert screen.slot == ("member", 0, "member_name")
        await type_text(pilot, "Wang")
        await type_keys(pilot, "enter")
        assert screen.slot == ("member", 0, "benefit")  # the member's own benefits
        assert "Wang" in str(screen.query_one("#label").render())
        await type_keys(pilot, "enter")  # add one
        assert screen.slot == ("member", 0, "benefit", 0, "amount")
        assert "[entry 1.1]" in str(screen.query_one("#label").render())
        await type_text(pilot, "300")
        await type_keys(pilot, "enter")
        assert screen.slot == ("member", 0, "benefit")  # another benefit of this member?
        await type_keys(pilot, "enter")  # go on
        assert screen.slot == ("member",)  # another member?
        await type_keys(pilot, "f6")  # a second member, straight away
        assert screen.slot == ("member", 1, "member_name")
        await type_text(pilot, "Li")
        await type_keys(pilot, "enter", "enter")  # Li's benefits: add one
        assert screen.slot == ("member", 1, "benefit", 0, "amount")
        await type_text(pilot, "50")
        await type_keys(pilot, "f7")  # removed again: Li has none
        assert screen.slot == ("member", 1, "benefit")
        await type_keys(pilot, "down", "enter")  # no benefit to edit: add, then continue
        assert screen.slot == ("member",)
        await type_keys(pilot, "enter")
        assert screen.slot == ("done",)
        answers = saved_answers(home_path, screen.visit_id)
    assert answers["member"] == [{"member_name": "Wang", "benefit": [{"amount": "300"}]},
                                 {"member_name": "Li", "benefit": []}]


FRENCH_FORM = """
[form]
id = "medal"
title = { zh = "纪念章发放", en = "Medal round", fr = "Remise des médailles" }
version = "1"

[[survey]]
type = "select_one yn"
name = "received"
label = { zh = "已领取纪念章？", en = "Medal received?", fr = "Médaille reçue ?" }

[[survey]]
type = "text"
name = "words"
label = { zh = "留言", en = "Words", fr = "Un mot" }

[[choices.yn]]
name = "yes"
label = { zh = "是", en = "Yes", fr = "Oui" }

[[choices.yn]]
name = "no"
label = { zh = "否", en = "No", fr = "Non" }
"""


async def test_f8_reads_the_form_in_another_language_and_the_screens_keep_theirs(
        home_path, make_app, clock) -> None:
    from doorstep.tui.form_language import FormLanguageMenu

    ship(home_path, "medal", FRENCH_FORM)
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(pilot, clock, "medal")
        label = screen.query_one("#label")
        assert "Medal received?" in str(label.render())
        await type_keys(pilot, "f8")
        menu = pilot.app.screen
        assert isinstance(menu, FormLanguageMenu)
        options = menu.query_one(OptionList)
        names = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert names == ["As the screens", "中文", "English", "Français"]
        await type_keys(pilot, "down", "down", "down", "enter")
        assert pilot.app.screen is screen
        assert "Médaille reçue" in str(screen.query_one("#label").render())
        choices = screen.query_one("#answer-choices", OptionList)
        assert [str(choices.get_option_at_index(i).prompt) for i in range(2)][0].endswith("Oui")
        assert screen.tr("key_next") == "Next"  # the screens' own words stay English
        await type_keys(pilot, "enter")  # Oui
        assert screen.slot == ("words",) and "Un mot" in str(screen.query_one("#label").render())
        await type_keys(pilot, "ctrl+l")  # the interface to Chinese: the form stays in French
        screen = pilot.app.screen
        assert "Un mot" in str(screen.query_one("#label").render())
        await type_keys(pilot, "f8")
        assert "用哪种语言读这份表单" in str(pilot.app.screen.query_one(".dialog-title").render())
        await type_keys(pilot, "up", "up", "up", "enter")  # follow the interface again
        assert "留言" in str(pilot.app.screen.query_one("#label").render())
        answers = saved_answers(home_path, screen.visit_id)
    assert answers["received"] == "yes"


async def test_f8_is_not_offered_for_a_form_in_the_interface_languages_only(
        home_path, make_app, clock) -> None:
    ship(home_path, "call_log", TIME_FORM)
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(pilot, clock, "call_log")
        await type_keys(pilot, "f8")
        assert pilot.app.screen is screen and screen.slot == ("arrived",)
