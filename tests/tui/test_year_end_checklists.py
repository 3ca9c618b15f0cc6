"""The two checklists behind the town's year-end figures, walked at 80x24 as a volunteer walks
them: 修缮/翻建验收 (houses actually repaired or rebuilt, the subsidy paid) and 福利送达 (benefits
handed over at the door). Each starts from the household's list of checklists with the cursor
and Enter, is answered key by key with a refused value put right, finalized and found in the
outbox; the answers are what the office's figures read (reports.figures)."""

from __future__ import annotations

from doorstep.tui.screens.checklist import ChecklistScreen
from doorstep.tui.screens.household import HouseholdScreen
from test_visit_paths import asked, finalize, in_outbox, step
from textual.widgets import OptionList
from tui_helpers import scan, text_of, type_keys
from tui_homes import IDS


async def open_checklist(pilot, clock, household: str, form_id: str) -> str:  # noqa: ANN001
    await scan(pilot, household, clock)
    screen = pilot.app.screen
    assert isinstance(screen, HouseholdScreen)
    actions = screen.query_one("#actions", OptionList)
    ids = [actions.get_option_at_index(i).id for i in range(actions.option_count)]
    actions.highlighted = ids.index(f"start:{form_id}")
    await type_keys(pilot, "enter")
    assert isinstance(pilot.app.screen, ChecklistScreen)
    assert pilot.app.screen.form.id == form_id
    return pilot.app.screen.visit_id


async def test_a_rebuilt_house_is_accepted_with_its_subsidy(home_path, make_app, clock) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await open_checklist(pilot, clock, IDS[2], "house_followup")
        await step(pilot, "work", "2")                       # rebuild
        await step(pilot, "work_done", "1")                  # finished: the acceptance is asked
        await step(pilot, "finished_on", text="2026-08-05")  # after today (1 August): refused
        assert asked(app) == "finished_on"
        assert text_of(app, "#errors") != ""
        await type_keys(pilot, *["backspace"] * 10)
        await step(pilot, "finished_on", text="2026-07-20")
        await step(pilot, "subsidy_paid", text="40000.555")  # three decimals: refused
        assert asked(app) == "subsidy_paid"
        await type_keys(pilot, *["backspace"] * 9)
        await step(pilot, "subsidy_paid", text="４００００")      # full-width digits are a number
        await step(pilot, "within_quota", "2")               # over the year's quota
        await step(pilot, "followup_needed", "2")
        record = await finalize(pilot)
        assert record["answers"] == {"work": "rebuild", "work_done": "yes", "finished_on": "2026-07-20",
                                     "subsidy_paid": "40000", "within_quota": "no", "followup_needed": "no"}
        await in_outbox(pilot, visit)


async def test_work_not_finished_skips_the_acceptance(home_path, make_app, clock) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checklist(pilot, clock, IDS[2], "house_followup")
        await step(pilot, "work", "1")
        await step(pilot, "work_done", "2")                  # not finished: nothing to accept yet
        await step(pilot, "followup_needed", "1")
        await step(pilot, "followup_note", text="雨季停工待天晴后复工")
        record = await finalize(pilot)
        assert record["answers"] == {"work": "repair", "work_done": "no", "followup_needed": "yes",
                                     "followup_note": "雨季停工待天晴后复工"}


async def test_benefits_handed_over_medal_without_amount_heating_with_one(home_path, make_app, clock) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await open_checklist(pilot, clock, IDS[3], "benefits")
        assert asked(app) == "benefits"
        await type_keys(pilot, "1")                          # add an entry
        await step(pilot, "benefits[0].benefit", "1")        # a medal: no amount asked
        await step(pilot, "benefits[0].count", text="")      # the default count, 1
        assert asked(app) == "benefits"
        await type_keys(pilot, "1")
        await step(pilot, "benefits[1].benefit", "3")        # heating allowance: an amount
        await step(pilot, "benefits[1].amount", text="0")    # must be above 0: refused
        assert asked(app) == "benefits[1].amount"
        await type_keys(pilot, "backspace")
        await step(pilot, "benefits[1].amount", text="400")
        await step(pilot, "benefits[1].count", text="")
        await type_keys(pilot, "3")                          # no more entries
        await step(pilot, "confirmed", "1")
        await step(pilot, "followup_needed", "2")
        record = await finalize(pilot)
        entries = record["answers"]["benefits"]
        assert [(e["benefit"], e.get("amount"), e["count"]) for e in entries] == [
            ("medal", None, "1"), ("heating", "400", "1")]
        await in_outbox(pilot, visit)
