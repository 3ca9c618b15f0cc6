"""The whole path at 80x24: a scanned household, each of the four checklists with skip logic and
a broken-then-fixed constraint, review, finalize, the visit in the outbox."""

from __future__ import annotations

import pytest
from doorstep.tui.app import DoorstepApp
from doorstep.tui.screens import checklist
from doorstep.tui.screens.checklist import ChecklistScreen
from doorstep.tui.screens.household import HouseholdScreen
from doorstep.tui.screens.outbox import OutboxScreen
from doorstep.tui.screens.review import ReviewScreen, SummaryScreen
from tui_helpers import scan, text_of, type_keys, type_text
from tui_homes import IDS


def asked(app: DoorstepApp) -> str:
    """The name of the question on screen."""
    screen = app.screen
    assert isinstance(screen, ChecklistScreen), screen
    return (
        screen.slot[-1] if len(screen.slot) == 1 else f"{screen.slot[0]}[{screen.slot[1]}].{screen.slot[2]}"
    )


async def step(pilot, name: str, *keys: str, text: str | None = None) -> None:  # noqa: ANN001
    """Check that `name` is asked, then answer it: typed `text` and/or `keys`, then Enter."""
    assert asked(pilot.app) == name
    if text is not None:
        await type_text(pilot, text)
    await type_keys(pilot, *keys, "enter")


async def start(pilot, clock, household: str, kind_key: str) -> str:  # noqa: ANN001
    await scan(pilot, household, clock)
    assert isinstance(pilot.app.screen, HouseholdScreen)
    await type_keys(pilot, kind_key)
    assert isinstance(pilot.app.screen, ChecklistScreen)
    return pilot.app.screen.visit_id


async def finalize(pilot) -> dict:  # noqa: ANN001
    app = pilot.app
    assert isinstance(app.screen, ReviewScreen)
    assert "F10" in text_of(app, "#review-state")
    await type_keys(pilot, "f10")
    await type_keys(pilot, "enter")  # confirm
    assert isinstance(app.screen, SummaryScreen)
    return app.screen.record


async def in_outbox(pilot, visit_id: str) -> None:  # noqa: ANN001
    app = pilot.app
    assert visit_id in {v["uuid"] for v in app.session.store.outbox()}
    assert app.session.store.get_draft(visit_id) is None
    await type_keys(pilot, "ctrl+p")
    await type_text(pilot, "Outbox")
    await type_keys(pilot, "enter")
    assert isinstance(app.screen, OutboxScreen)
    table = app.screen.query_one("#outbox")
    assert f"{visit_id}:1" in {k.value for k in table.rows}  # rows are revisions: uuid:revision
    assert "Outbox: 2 visits" in text_of(app, "#count")  # the fixture's visit and this one


async def test_home_care_visit(home_path, make_app, clock, monkeypatch: pytest.MonkeyPatch) -> None:
    # The volunteer has not paused yet, however slowly the machine delivers the keys: the pause
    # that lets an answer's errors show is a real-time timer (test_typing_answers.py tests the pause).
    monkeypatch.setattr(checklist, "ERROR_DELAY", 3600.0)
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start(pilot, clock, IDS[1], "1")
        await step(pilot, "services", "1", "5")  # cleaning + other
        await step(pilot, "services_other", text="理发")  # shown because "other" was ticked
        assert asked(app) == "minutes"
        await type_text(pilot, "2")
        assert text_of(app, "#errors") == ""  # "2" may be the start of "25": not said while typing
        await type_keys(pilot, "enter")
        assert asked(app) == "minutes"  # refused to move on
        assert "5 to 480" in text_of(app, "#errors")  # and said at once
        await type_keys(pilot, "backspace")
        await step(pilot, "minutes", text="９０")  # full-width digits from a Chinese input method
        assert text_of(app, "#errors") == ""
        await step(pilot, "health", "2")
        await step(pilot, "mobility", "3")  # bedridden
        await step(pilot, "lives_alone", "1")  # yes
        assert asked(app) == "alone_bedridden_note"  # a note that only this combination shows
        shown = [str(w.render()) for w in app.screen.query("#answer Static")]
        assert shown == ["Press Enter to continue"]  # what to do, not a "-" as if unanswered
        await step(pilot, "alone_bedridden_note")
        await step(pilot, "mood", "1")
        await step(pilot, "urgent_needs", text="需要助浴")
        await step(pilot, "followup_needed", "2")  # no: breaks the constraint
        assert asked(app) == "followup_needed"
        assert "follow-up" in text_of(app, "#errors")
        await step(pilot, "followup_needed", "1")
        await step(pilot, "followup_note", text="每周助浴一次")
        record = await finalize(pilot)
        answers = record["answers"]
        assert answers["services"] == "cleaning other"
        assert answers["minutes"] == "90"
        assert answers["followup_needed"] == "yes"
        await in_outbox(pilot, visit)


async def test_house_inspection_visit(home_path, make_app, clock) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start(pilot, clock, IDS[3], "2")
        await step(pilot, "structure", "3")  # earth and wood: no "other" text asked
        await step(pilot, "year_built", text="1978")
        await step(pilot, "walls", "2")
        await step(pilot, "roof", "2")
        await step(pilot, "foundation", "1")
        await step(pilot, "danger_signs", "2", "6")
        await step(pilot, "grade", "3")  # C: cost and subsidy are asked
        await step(pilot, "action", "1")  # "none" does not fit grade C
        assert asked(app) == "action"
        await step(pilot, "action", "2")  # repair
        await step(pilot, "estimated_cost", text="12000.5")
        await step(pilot, "subsidy_requested", text="15000")  # more than the cost
        assert asked(app) == "subsidy_requested"
        await type_keys(pilot, *["backspace"] * 5)
        await step(pilot, "subsidy_requested", text="8000")
        await step(pilot, "followup_needed", "1")
        await step(pilot, "followup_note", text="十月前修缮屋顶")
        record = await finalize(pilot)
        assert record["answers"]["grade"] == "C"
        assert record["answers"]["subsidy_requested"] == "8000"
        await in_outbox(pilot, visit)


async def test_house_inspection_grade_a_skips_cost_questions(home_path, make_app, clock) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, clock, IDS[3], "2")
        await step(pilot, "structure", "1")
        await step(pilot, "year_built", text="2005")
        await step(pilot, "walls", "1")
        await step(pilot, "roof", "1")
        await step(pilot, "foundation", "1")
        await step(pilot, "danger_signs", "1")
        await step(pilot, "grade", "1")  # A
        await step(pilot, "action", "1")
        assert asked(app) == "followup_needed"  # estimated_cost and subsidy_requested skipped


async def test_condolence_visit_with_repeat_entries(home_path, make_app, clock) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start(pilot, clock, IDS[4], "3")
        await step(pilot, "occasion", "1")  # Army Day: no "other" text
        assert asked(app) == "items"
        await type_keys(pilot, "1")  # add an entry
        await step(pilot, "items[0].kind", "1")  # condolence money
        await step(pilot, "items[0].amount", text="500.123")  # three decimals: refused
        assert asked(app) == "items[0].amount"
        await type_keys(pilot, "backspace")
        await step(pilot, "items[0].amount", text="")
        await step(pilot, "items[0].count", text="1")
        assert asked(app) == "items"  # back at the repeat: another entry?
        await type_keys(pilot, "1")
        await step(pilot, "items[1].kind", "5")  # a gift: no amount asked, but what and its value
        await step(pilot, "items[1].gift_what", text="大米")
        await step(pilot, "items[1].count", text="2")
        await step(pilot, "items[1].gift_value", text="200")
        await type_keys(pilot, "1")  # a third entry, then remove it
        assert asked(app) == "items[2].kind"
        await type_keys(pilot, "f7")
        assert asked(app) == "items"
        await type_keys(pilot, "3")  # continue
        assert "500.12" in text_of(app, "#label")  # the note shows the calculated total
        await step(pilot, "total_note")
        await step(pilot, "confirmed", "1")
        await step(pilot, "needs", text="")
        await step(pilot, "followup_needed", "2")
        record = await finalize(pilot)
        items = record["answers"]["items"]
        assert [i["kind"] for i in items] == ["condolence_money", "gift"]
        assert items[0]["amount"] == "500.12"
        assert record["answers"]["total"] == "500.12"
        await in_outbox(pilot, visit)


async def test_verification_visit(home_path, make_app, clock) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start(pilot, clock, IDS[5], "4")
        await step(pilot, "status", "3")  # moved: the new address is asked
        await step(pilot, "new_address", text="镇上")  # too short
        assert asked(app) == "new_address"
        await step(pilot, "new_address", text="幸福小区5栋")
        await step(pilot, "still_entitled", "1")
        await step(pilot, "category_correct", "2")  # no: the right category is asked
        assert asked(app) == "new_category"
        await type_keys(pilot, "down", "down", "down", "down", "down", "down", "down", "down", "down")
        await type_keys(pilot, "enter")  # the tenth choice, by arrows
        await step(pilot, "phone_correct", "2")
        await step(pilot, "new_phone", text="12345")
        assert asked(app) == "new_phone"
        await type_keys(pilot, *["backspace"] * 5)
        await step(pilot, "new_phone", text="13912345678")
        await step(pilot, "needs", "1", "2")  # "none" with another: broken
        assert asked(app) == "needs"
        await step(pilot, "needs", "1")  # untick "none"
        await step(pilot, "needs_note", text="定期体检")
        await step(pilot, "followup_needed", "2")
        record = await finalize(pilot)
        assert record["answers"]["new_category"] == "serving_soldier_family"
        assert record["register_updates"]  # the corrected phone, address and category
        await in_outbox(pilot, visit)


async def test_review_refuses_to_finalize_and_edits_a_missing_answer_in_place(
    home_path, make_app, clock
) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        visit = await start(pilot, clock, IDS[5], "3")  # condolence
        await type_keys(pilot, "f4")
        assert isinstance(app.screen, ReviewScreen)
        assert "answers to fill in or fix" in text_of(app, "#review-state")
        await type_keys(pilot, "f10")
        assert isinstance(app.screen, ReviewScreen)  # refused
        assert any("Cannot finalize" in str(n.message) for n in app._notifications)
        assert app.session.store.get_draft(visit) is not None
        # the first row is the occasion: edit it from here
        await type_keys(pilot, "enter")
        assert asked(app) == "occasion"
        await type_keys(pilot, "3", "enter")  # other: now a text is asked for
        assert asked(app) == "occasion_other"
        await type_keys(pilot, "f4")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert ("occasion_other",) in review.slots  # skip logic reached the review too
        assert app.session.store.get_draft(visit)["answers"]["occasion"] == "other"


async def test_on_the_demo_home_a_scanned_household_is_visited_and_reaches_the_outbox(
    tmp_path, make_app, clock
) -> None:
    from datetime import date

    from doorstep.demo.home import make_demo_home

    home = make_demo_home(tmp_path / "demo", lang="zh", today=date(2026, 8, 1))
    reader = home.reader()
    drafted = {d["household"] for d in reader.drafts()}
    household = next(h for h in reader.assignment() if h not in drafted)
    before = len(reader.outbox())
    app = make_app(home.path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start(pilot, clock, household, "4")  # register verification
        await step(pilot, "status", "2")  # deceased: contact questions are skipped
        await step(pilot, "death_date", text="2026-08-02")  # after today: refused
        assert asked(app) == "death_date"
        await type_keys(pilot, *["backspace"] * 10)
        await step(pilot, "death_date", text="２０２６年７月３０日")  # as a Chinese IME types it
        await step(pilot, "needs", "1")
        await step(pilot, "followup_needed", "2")  # a death needs a follow-up: refused
        assert asked(app) == "followup_needed"
        await step(pilot, "followup_needed", "1")
        await step(pilot, "followup_note", text="办理抚恤手续")
        record = await finalize(pilot)
        assert record["answers"]["death_date"] == "2026-07-30"
        assert "still_entitled" not in record["answers"]
    after = home.reader()
    assert len(after.outbox()) == before + 1
    assert visit in {v["uuid"] for v in after.outbox()}
