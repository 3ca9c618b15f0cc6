"""A finalized visit is corrected from the household (or its summary): a draft of the next
revision with the latest answers, the same checklist, review and finalize, then the outbox."""

from __future__ import annotations

from doorstep.storage.home import Home
from doorstep.tui.screens.checklist import ChecklistScreen
from doorstep.tui.screens.drafts import DraftsScreen
from doorstep.tui.screens.household import HouseholdScreen
from doorstep.tui.screens.outbox import OutboxScreen
from doorstep.tui.screens.review import ReviewScreen, SummaryScreen
from tui_helpers import scan, text_of, type_keys, type_text
from tui_homes import IDS

VISIT = "00000000-0000-4000-8000-000000000001"  # the fixture's finalized home-care visit of IDS[0]


def highlight(screen: HouseholdScreen, option_id: str) -> None:
    actions = screen.query_one("#actions")
    actions.highlighted = [o.id for o in actions.options].index(option_id)


async def test_correcting_a_past_visit_from_the_household_reaches_the_outbox(
    home_path, make_app, clock
) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[0], clock)
        assert isinstance(app.screen, HouseholdScreen)
        await type_keys(pilot, "c")  # on a kind of visit, not a past one: says what to do
        assert isinstance(app.screen, HouseholdScreen)
        highlight(app.screen, f"visit:{VISIT}")
        await type_keys(pilot, "c")
        assert isinstance(app.screen, ChecklistScreen) and app.screen.visit_id == VISIT
        assert app.screen.slot == ("services",)  # from the top, answers filled in
        draft = app.session.store.get_draft(VISIT)
        assert (draft["revision"], draft["supersedes"]) == (2, 1)
        assert draft["answers"]["minutes"] == "60"
        assert "Correction, rev. 2" in app.screen.sub_title
        await type_keys(pilot, "enter")  # services as they were
        assert app.screen.slot == ("minutes",)
        assert app.screen.query_one("#answer-input").value == "60"
        await type_text(pilot, "90")  # replaces the selected 60
        await type_keys(pilot, "f4")
        assert isinstance(app.screen, ReviewScreen)
        await type_keys(pilot, "f10", "enter")
        assert isinstance(app.screen, SummaryScreen)
        assert "rev. 2" in app.screen.sub_title
        store = app.session.store
        latest = store.get_visit(VISIT)
        assert (latest["revision"], latest["supersedes"]) == (2, 1)
        assert latest["answers"]["minutes"] == "90"
        assert store.get_visit(VISIT, 1)["answers"]["minutes"] == "60"  # the original is kept
        assert store.get_draft(VISIT) is None
        await type_keys(pilot, "escape")
        assert isinstance(app.screen, HouseholdScreen)
        options = [str(o.prompt) for o in app.screen.query_one("#actions").options]
        assert any("(rev. 2)" in o for o in options)
        await type_keys(pilot, "escape", "o")
        assert isinstance(app.screen, OutboxScreen)
        table = app.screen.query_one("#outbox")
        keys = [k.value for k in table.rows]
        assert {f"{VISIT}:1", f"{VISIT}:2"} <= set(keys)
        assert "2 visits" in text_of(app, "#count")
        table.move_cursor(row=keys.index(f"{VISIT}:1"))
        await type_keys(pilot, "enter")  # the original opens as it was, not the correction
        assert isinstance(app.screen, SummaryScreen) and app.screen.record["revision"] == 1
        assert app.screen.record["answers"]["minutes"] == "60"
    outbox = Home.open(home_path).reader().outbox()
    assert sorted(r["revision"] for r in outbox if r["uuid"] == VISIT) == [1, 2]


async def test_a_correction_from_the_summary_left_half_way_is_resumed_not_started_again(
    home_path, make_app, clock
) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[0], clock)
        highlight(app.screen, f"visit:{VISIT}")
        await type_keys(pilot, "enter")
        assert isinstance(app.screen, SummaryScreen)
        await type_keys(pilot, "c")
        assert isinstance(app.screen, ChecklistScreen)
        await type_keys(pilot, "pagedown")  # minutes
        await type_text(pilot, "65")  # the answer shown is selected: typing replaces it
        await type_keys(pilot, "escape")  # leave: the correction stays a draft
        assert isinstance(app.screen, HouseholdScreen)
        drafts = [o for o in app.screen.query_one("#actions").options if (o.id or "") == f"draft:{VISIT}"]
        assert len(drafts) == 1 and "Correction, rev. 2" in str(drafts[0].prompt)
        highlight(app.screen, f"visit:{VISIT}")
        await type_keys(pilot, "c")
        assert isinstance(app.screen, ChecklistScreen)
        assert app.screen.slot == ("minutes",)  # the answer the volunteer last changed
        assert app.session.store.get_draft(VISIT)["answers"]["minutes"] == "65"
        assert app.session.store.get_draft(VISIT)["revision"] == 2
        await type_keys(pilot, "escape", "escape", "d")
        assert isinstance(app.screen, DraftsScreen)
        table = app.screen.query_one("#drafts")
        assert str(table.get_row(VISIT)[-1]) == "2"  # the drafts say which one is a correction


async def test_a_household_without_past_visits_offers_no_correction(home_path, make_app, clock) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[4], clock)
        assert isinstance(app.screen, HouseholdScreen)
        footer_keys = {b.binding.action for b in app.screen.active_bindings.values()}
        assert "correct" not in footer_keys
        await type_keys(pilot, "c")
        assert isinstance(app.screen, HouseholdScreen)
        assert not [d for d in app.session.store.drafts() if d["household"] == IDS[4]]
        await scan(pilot, IDS[0], clock)  # a household with a past visit: offered
        assert "correct" in {b.binding.action for b in app.screen.active_bindings.values()}
