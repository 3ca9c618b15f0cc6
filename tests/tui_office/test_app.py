"""The office app as a whole: screens by key, help, command palette, language, refusals."""

from __future__ import annotations

from doorstep.storage.home import Home
from doorstep.tui.office.app import OfficeApp
from doorstep.tui.office.screens.help import OfficeHelp
from doorstep.tui.office.screens.inbox import InboxScreen
from doorstep.tui.office.screens.problems import ProblemsScreen
from doorstep.tui.office.screens.register import RegisterScreen
from doorstep.tui.office.screens.review import ReviewScreen, VisitScreen
from doorstep.tui.office.screens.summaries import SummariesScreen
from doorstep.tui.widgets.row_list import RowList
from office_helpers import press, rows, settle, text_of, type_text
from textual.command import CommandPalette
from textual.widgets import Static


async def test_function_keys_switch_screens_and_each_keeps_its_place(merged_town, make_app) -> None:
    app = make_app(merged_town / "office")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key, cls in (("f3", ProblemsScreen), ("f4", ReviewScreen), ("f5", RegisterScreen),
                         ("f6", SummariesScreen), ("f2", InboxScreen)):
            await press(pilot, key)
            assert isinstance(app.screen, cls)
        await press(pilot, "f4", "down", "enter")
        assert isinstance(app.screen, VisitScreen)
        await press(pilot, "f5", "f4")
        assert isinstance(app.screen, VisitScreen)  # the visit was left open on the review screen
        await press(pilot, "f4")  # the screen's key again: back to its list
        assert isinstance(app.screen, ReviewScreen)


async def test_help_lists_the_keys_of_every_screen(merged_town, make_app) -> None:
    app = make_app(merged_town / "office")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f4", "f1")
        assert isinstance(app.screen, OfficeHelp)
        text = "\n".join(str(w.render()) for w in app.screen.query(Static))
        for words in ("Merge all", "Approve", "Has issues", "Return", "Print labels", "Drill down",
                      "Only differences", "Command palette"):
            assert words in text
        await press(pilot, "escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_the_command_palette_offers_the_main_actions(town, make_app) -> None:
    app = make_app(town / "office")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f5", "ctrl+p")
        assert CommandPalette.is_open(app)
        await type_text(pilot, "merge every")
        await press(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)
        assert text_of(pilot, "#inbox-status").startswith("Merged: 40 new visits")


async def test_the_language_switches_on_every_screen_and_is_remembered(merged_town, make_app) -> None:
    office = merged_town / "office"
    app = make_app(office, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f4")
        assert rows(pilot)[0][0] == "○ Received"
        await press(pilot, "ctrl+l")
        assert rows(pilot)[0][0] == "○ 已接收"
        await press(pilot, "f6")  # built in English before? built now, in Chinese
        assert text_of(pilot, "#table-title").startswith("表 1/")
        await press(pilot, "f2")
        assert text_of(pilot, "#inbox-status").startswith("2 个文件")
    assert Home.open(office).settings["lang"] == "zh"


async def test_a_device_home_is_refused_with_a_message(town) -> None:
    app = OfficeApp(town / "device-1", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert app.return_code == 1


async def test_a_second_writer_is_refused_while_the_office_is_open(town, make_app) -> None:
    from doorstep.i18n import UserError

    office = town / "office"
    app = make_app(office)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        try:
            with Home.open(office).writer():
                raise AssertionError("a second writer got the office's lock")
        except UserError:
            pass


def test_run_office_refuses_before_taking_the_terminal(town) -> None:
    """What the CLI calls: a device home or a held lock is a plain UserError, nothing started."""
    import pytest
    from doorstep.i18n import UserError
    from doorstep.tui.office.app import run_office

    with pytest.raises(UserError) as device:
        run_office(Home.open(town / "device-1"), lang="en")
    assert "not an office home" in device.value.render("en")
    with Home.open(town / "office").writer(), pytest.raises(UserError) as held:
        run_office(Home.open(town / "office"), lang="en")
    assert "another doorstep is writing" in held.value.render("en").lower()


async def test_changes_wait_while_a_merge_holds_the_store(merged_town, make_app) -> None:
    from doorstep.tui.office.reviews import REVIEWS

    app = make_app(merged_town / "office")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f4")
        lent = app.session.lend_to_merge()  # as the inbox does before its merge's worker starts
        await press(pilot, "a")
        assert rows(pilot)[0][0] == "○ Received"
        assert any("merge is running" in str(n.message) for n in app._notifications)
        await press(pilot, "f5")  # another screen that reads the store says so too, and shows no rows
        assert "merge is running" in str(app.screen.query_one("#count").render())
        await press(pilot, "f4")
        app.session.take_back()
        assert app.session.store is lent
        await press(pilot, "a")
        assert rows(pilot)[0][0] == "✓ Approved"
        assert len(app.session.store.table(REVIEWS).all()) == 1


async def test_the_daylight_theme_is_switched_and_remembered(town, make_app) -> None:
    app = make_app(town / "office")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "doorstep"
        await press(pilot, "ctrl+t")
        assert app.theme == "doorstep-daylight"
    assert Home.open(town / "office").settings["theme"] == "daylight"


async def test_a_larger_terminal_gives_the_columns_more_room(troubled_town, make_app) -> None:
    # The troubled town, so that the problems screen has rows too (a merged demo raises no flag).
    app = make_app(troubled_town[0] / "office")
    async with app.run_test(size=(140, 40)) as pilot:
        await press(pilot, "f4")
        widths = app.screen.query_one(RowList).column_widths()
        assert widths[4] > 40  # the kind of visit in full
        for key in ("f2", "f3", "f5", "f6"):
            await press(pilot, key)
            assert app.screen.query_one("DataTable").row_count > 0
