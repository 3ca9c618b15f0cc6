"""Issue 16, point 13, at 80x24: amounts written with thousands separators are accepted, free
text wraps onto several lines (ctrl+j starts a new one), and live validation waits for a pause
before it flags what may be the start of a good answer."""

from __future__ import annotations

import pytest
from doorstep.tui.screens import checklist
from doorstep.tui.widgets.answer import DoorstepTextAnswer
from tui_helpers import scan, text_of, type_keys, type_text
from tui_homes import IDS


async def test_amounts_with_thousands_separators_are_accepted(home_path, make_app, clock) -> None:
    app = make_app(home_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[3], clock)
        await type_keys(pilot, "3", "1", "enter", "1", "1", "enter")  # Army Day; an entry of money
        assert app.screen.slot == ("items", 0, "amount")
        # as the Chinese input method commits it (Pilot cannot press a full-width comma: it
        # drops the key, in a bare Textual app too)
        app.screen.query_one("#answer-input").value = "１２，０００"
        await pilot.pause()
        await type_keys(pilot, "enter")
        assert app.screen.slot != ("items", 0, "amount")  # accepted, moved on
        visit = app.session.store.get_draft(app.screen.visit_id)
        assert visit["answers"]["items"][0]["amount"] == "12000"
        await type_keys(pilot, "pageup")
        field = app.screen.query_one("#answer-input")
        field.value = ""
        await type_text(pilot, "12,000.50")
        await type_keys(pilot, "enter")
        assert app.screen.slot != ("items", 0, "amount")
        assert app.session.store.get_draft(app.screen.visit_id)["answers"]["items"][0]["amount"] == "12000.50"


async def test_free_text_wraps_and_takes_new_lines(home_path, make_app, clock) -> None:
    app = make_app(home_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[1], clock)
        await type_keys(pilot, "1", "5", "enter")  # home care: services "other"
        assert app.screen.slot == ("services_other",)
        field = app.screen.query_one("#answer-input", DoorstepTextAnswer)
        long = "帮老人把院子里堆了很久的柴火搬进柴房 顺便清理了灶台和水缸 又陪老人聊了半个小时家常"
        await type_text(pilot, long)
        await pilot.pause()
        assert field.wrapped_document.height >= 2  # on several lines, not scrolled sideways
        assert field.scroll_offset.x == 0
        await type_keys(pilot, "ctrl+j")
        await type_text(pilot, "下次带药")
        await type_keys(pilot, "enter")  # Enter still means "next question"
        assert app.screen.slot == ("minutes",)
        answers = app.session.store.get_draft(app.screen.visit_id)["answers"]
        assert answers["services_other"] == long + "\n下次带药"


async def test_live_validation_waits_for_a_pause_before_flagging_a_prefix(
    home_path, make_app, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pause is a real-time timer: a slow machine must not make the volunteer look paused
    # while the keys are coming, so the delay is long for them and short for the pause.
    monkeypatch.setattr(checklist, "ERROR_DELAY", 3600.0)
    app = make_app(home_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[1], clock)
        await type_keys(pilot, "1", "2", "enter")
        assert app.screen.slot == ("minutes",)  # 5 to 480
        await type_text(pilot, "2")
        assert text_of(app, "#errors") == ""  # the volunteer is typing "25"
        await type_text(pilot, "5")
        assert text_of(app, "#errors") == ""
        monkeypatch.setattr(checklist, "ERROR_DELAY", 0.05)
        await type_keys(pilot, "backspace")  # back to "2", and the volunteer stops there
        for _ in range(500):  # a bound on rounds, not on time: the timer fires when it can
            if text_of(app, "#errors"):
                break
            await pilot.pause(0.02)
        assert "5 to 480" in text_of(app, "#errors")
        monkeypatch.setattr(checklist, "ERROR_DELAY", 3600.0)
        await type_text(pilot, "5")
        assert text_of(app, "#errors") == ""
