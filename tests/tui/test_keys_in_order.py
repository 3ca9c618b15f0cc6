"""Keys arrive in one read from the terminal (a fast typist, a paste by an input method, a test
harness): each reaches the answer in the order it was pressed. Backspace is a binding, which
Textual runs only once the key has bubbled up to the app; a character after it used to be
typed first and then deleted by that late backspace."""

from __future__ import annotations

import pytest
from doorstep.tui.screens.checklist import ChecklistScreen
from textual import events
from tui_helpers import scan, type_keys, type_text
from tui_homes import IDS


async def burst(pilot, *keys: str) -> None:  # noqa: ANN001
    """The keys as the terminal driver hands them over from one read: no pause between them."""
    driver = pilot.app._driver
    for key in keys:
        event = events.Key(key, "\x7f" if key == "backspace" else key)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await pilot.pause()
    await pilot.app.release_held_keys()
    await pilot.pause()


@pytest.mark.parametrize("text", ["2026年11月3日", "２０２６年１１月３日", "2026-11-03"])
async def test_backspaces_then_chinese_at_machine_speed(home_path, make_app, clock, text) -> None:
    app = make_app(home_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[0], clock)
        await type_keys(pilot, "5", "1", "enter", "1", "enter")  # repair finished: its date
        screen = app.screen
        assert isinstance(screen, ChecklistScreen) and screen.slot == ("finished_on",)
        await type_text(pilot, "2026-10-01")
        field = screen.query_one("#answer-input")
        for _ in range(5):  # the report: lost twice in five runs
            clock.step = 0.001  # faster than a person: as the keys of one read arrive
            await burst(pilot, *(["backspace"] * 12), *text)
            clock.step = 0.25
            assert field.value == text
        await type_keys(pilot, "enter")
        assert screen.cl.answers["finished_on"] == "2026-11-03"


async def test_backspace_in_free_text_keeps_its_place(home_path, make_app, clock) -> None:
    app = make_app(home_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[0], clock)
        await type_keys(pilot, "3", "3", "enter")  # condolence, another occasion: which?
        screen = app.screen
        assert isinstance(screen, ChecklistScreen) and screen.current().type == "text"
        await type_text(pilot, "送米")
        field = screen.query_one("#answer-input")
        await burst(pilot, "backspace", "backspace", "大", "米", "backspace", "面")
        assert field.value == "大面"


async def test_chinese_punctuation_in_free_text_is_kept(home_path, make_app, clock) -> None:
    """Found in the tmux day: "腰疼，需要买" came back from the draft as "腰疼,需要买" (NFKC)."""
    app = make_app(home_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[0], clock)
        await type_keys(pilot, "3", "3", "enter")  # condolence, another occasion: which?
        screen = app.screen
        assert isinstance(screen, ChecklistScreen) and screen.current().type == "text"
        for ch in "重阳节（敬老），村里统一":  # as the terminal names them: the character itself
            await burst(pilot, ch)
        await type_keys(pilot, "enter")
        assert screen.cl.answers["occasion_other"] == "重阳节（敬老），村里统一"
