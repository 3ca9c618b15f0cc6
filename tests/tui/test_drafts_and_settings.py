"""Drafts survive closing the app mid-question; language and theme are remembered."""

from __future__ import annotations

from doorstep.storage.home import Home
from doorstep.tui.screens.assignments import AssignmentsScreen
from doorstep.tui.screens.checklist import ChecklistScreen
from doorstep.tui.screens.drafts import DraftsScreen
from doorstep.tui.screens.help import HelpScreen
from doorstep.tui.screens.household import HouseholdScreen
from doorstep.tui.theme import DAYLIGHT_THEME, DEFAULT_THEME
from tui_helpers import scan, text_of, type_keys, type_text
from tui_homes import IDS


async def test_a_draft_is_resumed_after_the_app_was_closed_mid_question(home_path, make_app, clock) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[1], clock)
        await type_keys(pilot, "1")
        visit_id = app.screen.visit_id
        await type_keys(pilot, "2", "enter")  # laundry
        await type_text(pilot, "75")  # typed, not yet confirmed with Enter: the app closes now
        assert app.screen.slot == ("minutes",)
    # the lock is released and the answer typed last is on disk
    assert Home.open(home_path).reader().get_draft(visit_id)["answers"]["minutes"] == "75"

    again = make_app(home_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await type_keys(pilot, "d")
        assert isinstance(again.screen, DraftsScreen)
        table = again.screen.query_one("#drafts")
        keys = [k.value for k in table.rows]
        assert visit_id in keys
        table.move_cursor(row=keys.index(visit_id))
        await type_keys(pilot, "enter")
        assert isinstance(again.screen, ChecklistScreen)
        # the question the volunteer was typing into when the app closed, not the next one
        assert again.screen.slot == ("minutes",)
        assert again.screen.query_one("#answer-input").value == "75"
        await type_text(pilot, "0")  # typing goes on where it stopped, it does not replace
        assert again.screen.query_one("#answer-input").value == "750"
        await type_keys(pilot, "backspace", "enter")
        assert again.screen.slot == ("health",)
        await type_keys(pilot, "pageup", "pageup")
        multi = again.screen.query_one("#answer-multi")
        assert multi.selected == ["laundry"]


async def test_leaving_a_checklist_keeps_the_draft_on_the_household(home_path, make_app, clock) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[3], clock)
        await type_keys(pilot, "3")
        await type_keys(pilot, "2", "enter")  # Spring Festival
        await type_keys(pilot, "escape")
        assert isinstance(app.screen, HouseholdScreen)
        options = app.screen.query_one("#actions")
        draft_ids = [o.id for o in options.options if (o.id or "").startswith("draft:")]
        assert len(draft_ids) == 1
        assert app.session.store.get_draft(draft_ids[0][6:])["answers"]["occasion"] == "spring_festival"


async def test_discarding_a_draft_asks_first(home_path, make_app) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_keys(pilot, "d")
        assert len(app.session.store.drafts()) == 1
        await type_keys(pilot, "delete", "escape")  # asked, and said no
        assert len(app.session.store.drafts()) == 1
        await type_keys(pilot, "delete", "y")
        assert app.session.store.drafts() == []
        assert "No unfinished visits" in text_of(app, "#count")


async def test_language_switch_is_remembered_and_changes_every_string(home_path, make_app) -> None:
    app = make_app(home_path, lang=None)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.lang == "zh"  # the home's setting
        assert "户" in text_of(app, "#count")
        await type_keys(pilot, "ctrl+l")
        assert app.lang == "en"
        assert "households" in text_of(app, "#count")
    assert Home.open(home_path).settings["lang"] == "en"
    later = make_app(home_path, lang=None)
    async with later.run_test(size=(80, 24)):
        assert later.lang == "en"


async def test_the_daylight_theme_is_remembered(home_path, make_app) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == DEFAULT_THEME
        await type_keys(pilot, "ctrl+t")
        assert app.theme == DAYLIGHT_THEME
    assert Home.open(home_path).settings["theme"] == "daylight"
    later = make_app(home_path)
    async with later.run_test(size=(80, 24)):
        assert later.theme == DAYLIGHT_THEME


async def test_help_lists_every_key_of_every_screen(home_path, make_app) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_keys(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(s.render()) for s in app.screen.query("Static"))
        for screen_cls, _ in [(s, None) for s in (AssignmentsScreen, ChecklistScreen, DraftsScreen)]:
            for binding in screen_cls.BINDINGS:
                assert app.get_key_display(binding) in text
        for words in ("Prev", "Jump", "Finalize", "Export .md", "Enter id"):
            assert words in text
        await type_keys(pilot, "escape")
        assert isinstance(app.screen, AssignmentsScreen)


async def test_search_and_filters_narrow_the_assignments(home_path, make_app) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.query_one("#table")
        assert table.row_count == 6
        await type_keys(pilot, "v")  # the first village
        assert table.row_count == 2
        await type_keys(pilot, "v", "v", "v")  # back to all
        assert table.row_count == 6
        await type_keys(pilot, "s")  # not visited
        assert table.row_count == 4
        await type_keys(pilot, "s")  # drafts
        assert table.keys() == [IDS[2]]
        await type_keys(pilot, "s", "s")
        await type_keys(pilot, "slash")
        await type_text(pilot, "王")
        assert table.keys() == [IDS[2]]
        await type_keys(pilot, "backspace")
        await type_text(pilot, IDS[5].lower())  # by identifier, as typed
        assert table.keys() == [IDS[5]]


async def test_switching_language_inside_a_checklist_relabels_the_question(
    home_path, make_app, clock
) -> None:
    app = make_app(home_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[1], clock)
        await type_keys(pilot, "1")
        await type_keys(pilot, "1", "enter")
        await type_text(pilot, "30")
        assert "服务时长" in text_of(app, "#label")
        await type_keys(pilot, "ctrl+l")
        assert isinstance(app.screen, ChecklistScreen)
        assert "Time spent" in text_of(app, "#label")
        assert app.screen.query_one("#answer-input").value == "30"  # nothing typed is lost
