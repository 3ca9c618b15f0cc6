"""Issue 16, points 3, 5, 6 and 11, at 80x24: Enter resumes the open draft, a new visit of a kind
already under way is asked for, an empty draft is not kept, a removed entry comes back with
ctrl+z, Escape after a scan mid-visit returns to the visit, a draft resumes at the question the
volunteer was on, and one progress number is shown on every screen."""

from __future__ import annotations

import re

from doorstep.storage.home import Home
from doorstep.tui.screens.assignments import AssignmentsScreen
from doorstep.tui.screens.checklist import ChecklistScreen
from doorstep.tui.screens.drafts import DraftsScreen
from doorstep.tui.screens.household import DraftOpenDialog, HouseholdScreen
from tui_helpers import scan, text_of, type_keys, type_text
from tui_homes import IDS

CONDOLENCE_DRAFT = "00000000-0000-4000-8000-000000000002"  # tui_homes: on IDS[2], occasion answered


def highlighted_id(app) -> str:  # noqa: ANN001
    actions = app.screen.query_one("#actions")
    return actions.get_option_at_index(actions.highlighted).id or ""


async def test_enter_on_a_household_with_a_draft_resumes_it(home_path, make_app, clock) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[2], clock)
        assert isinstance(app.screen, HouseholdScreen)
        assert highlighted_id(app) == f"draft:{CONDOLENCE_DRAFT}"
        await type_keys(pilot, "enter")
        assert isinstance(app.screen, ChecklistScreen)
        assert app.screen.visit_id == CONDOLENCE_DRAFT
        assert len(app.session.store.drafts()) == 1


async def test_a_number_key_for_a_kind_under_way_asks_first(home_path, make_app, clock) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[2], clock)
        await type_keys(pilot, "3")  # condolence, the kind of the open draft
        assert isinstance(app.screen, DraftOpenDialog)
        assert len(app.session.store.drafts()) == 1  # nothing created yet
        await type_keys(pilot, "escape")
        assert isinstance(app.screen, HouseholdScreen)
        assert len(app.session.store.drafts()) == 1
        await type_keys(pilot, "3", "enter")  # Enter: resume
        assert app.screen.visit_id == CONDOLENCE_DRAFT
        await type_keys(pilot, "escape", "3", "2")  # 2: deliberately a new one
        assert isinstance(app.screen, ChecklistScreen)
        assert app.screen.visit_id != CONDOLENCE_DRAFT
        assert len(app.session.store.drafts()) == 2


async def test_a_visit_left_without_an_answer_leaves_no_draft(home_path, make_app, clock) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[0], clock)  # finalized visit in this period
        for key in ("1", "2", "4"):  # stray number keys, each left at once
            await type_keys(pilot, key)
            assert isinstance(app.screen, ChecklistScreen)
            await type_keys(pilot, "escape")
            assert isinstance(app.screen, HouseholdScreen)
        assert app.session.drafts(IDS[0]) == []
        assert not [o for o in app.screen.query_one("#actions").options if (o.id or "").startswith("draft:")]
        await type_keys(pilot, "escape")
        assert isinstance(app.screen, AssignmentsScreen)
        status = {r.entry["id"]: r.status for r in app.screen.rows}
        assert status[IDS[0]] == "finalized"  # not "draft"
    # and an empty draft left by a laptop switched off before the first answer goes at start
    with Home.open(home_path).writer() as store:
        store.start_visit(IDS[4], "verification", "1")
        assert len(store.drafts()) == 2
    again = make_app(home_path)
    async with again.run_test(size=(80, 24)):
        assert [d["uuid"] for d in again.session.store.drafts()] == [CONDOLENCE_DRAFT]


async def test_a_removed_money_entry_comes_back_with_ctrl_z(home_path, make_app, clock) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[3], clock)
        await type_keys(pilot, "3", "1", "enter")  # condolence, Army Day
        assert app.screen.slot == ("items",)
        await type_keys(pilot, "1", "1")  # add an entry; condolence money
        await type_keys(pilot, "enter")
        await type_text(pilot, "800")
        await type_keys(pilot, "enter")
        visit_id = app.screen.visit_id
        entries = app.session.store.get_draft(visit_id)["answers"]["items"]
        assert entries[0]["amount"] == "800"
        await type_keys(pilot, "pageup")  # back inside the entry
        assert app.screen.slot[:2] == ("items", 0)
        await type_keys(pilot, "f7")
        assert app.session.store.get_draft(visit_id)["answers"].get("items") in (None, [])
        assert app.screen.slot == ("items",)
        await type_keys(pilot, "ctrl+z")
        assert app.session.store.get_draft(visit_id)["answers"]["items"] == entries  # on disk again
        assert app.screen.slot[:2] == ("items", 0)
        await type_keys(pilot, "ctrl+z")  # once only: nothing more to undo
        assert app.session.store.get_draft(visit_id)["answers"]["items"] == entries


async def test_escape_after_a_scan_mid_visit_goes_back_to_the_visit(home_path, make_app, clock) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[1], clock)
        await type_keys(pilot, "1", "2", "enter")  # home care: laundry
        await type_text(pilot, "45")
        visit_id = app.screen.visit_id
        await scan(pilot, IDS[4], clock)  # the neighbour's door label, scanned mid-visit
        assert isinstance(app.screen, HouseholdScreen)
        assert app.screen.household_id == IDS[4]
        assert app.session.store.get_draft(visit_id)["answers"]["minutes"] == "45"  # saved first
        await type_keys(pilot, "escape")
        assert isinstance(app.screen, ChecklistScreen)
        assert app.screen.visit_id == visit_id
        assert app.screen.slot == ("minutes",)
        await type_keys(pilot, "escape", "escape")
        assert isinstance(app.screen, AssignmentsScreen)


async def test_a_resumed_draft_opens_where_the_volunteer_was(home_path, make_app, clock) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[1], clock)
        await type_keys(pilot, "1", "2", "enter")  # services
        await type_text(pilot, "45")
        await type_keys(pilot, "enter")  # minutes
        await type_keys(pilot, "2", "enter")  # health
        await type_keys(pilot, "pageup", "pageup", "pageup")  # back to look at the services again
        assert app.screen.slot == ("services",)
        visit_id = app.screen.visit_id
    again = make_app(home_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[1], clock)
        await type_keys(pilot, "enter")
        assert again.screen.visit_id == visit_id
        assert again.screen.slot == ("services",)  # not the last answered question
        finalized = again.session.store
        assert finalized.get_draft(visit_id)["position"] == ["services"]


def numbers(text: str) -> list[str]:
    return re.findall(r"\d+/\d+", text)


async def test_the_household_the_drafts_and_the_checklist_show_one_progress(
    home_path, make_app, clock
) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[1], clock)
        await type_keys(pilot, "1", "2", "enter")
        await type_text(pilot, "45")
        await type_keys(pilot, "enter")
        shown = text_of(app, "#progress")
        in_checklist = numbers(shown)[-1]  # "Question 3/9 · required 2/6": the second pair
        assert in_checklist.startswith("2/")
        await type_keys(pilot, "escape")
        option = app.screen.query_one("#actions").get_option_at_index(
            app.screen.query_one("#actions").highlighted
        )
        assert numbers(str(option.prompt)) == [in_checklist]
        await type_keys(pilot, "escape", "d")
        assert isinstance(app.screen, DraftsScreen)
        table = app.screen.query_one("#drafts")
        visit_id = next(k.value for k in table.rows if k.value != CONDOLENCE_DRAFT)
        assert str(table.get_cell(visit_id, "progress")) == in_checklist
