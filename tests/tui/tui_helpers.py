"""Driving the app like a person (and like a scanner) from Pilot tests."""

from __future__ import annotations

from doorstep.tui.app import DoorstepApp
from textual.pilot import Pilot
from textual.widgets import Static


async def type_keys(pilot: Pilot, *keys: str) -> None:
    """Press keys at a person's speed and let every key reach its widget."""
    app = pilot.app
    assert isinstance(app, DoorstepApp)
    for key in keys:
        await pilot.press(key)
    await app.release_held_keys()
    await pilot.pause()


async def type_text(pilot: Pilot, text: str) -> None:
    await type_keys(pilot, *text)


async def scan(pilot: Pilot, code: str, clock) -> None:  # noqa: ANN001 - the tests' SteppingClock
    """A handheld scanner: the characters 4 ms apart, then Enter.

    The clock moves 4 ms between two keys and not otherwise: the app's real-time timer that
    releases a burst's keys when they stop coming also reads the clock, and on a loaded machine
    it can fire many times while Pilot delivers one key. Were each of those readings a step, the
    burst would look like typing whenever the machine is slow."""
    old = clock.step
    clock.step = 0
    try:
        for key in (*code, "enter"):
            clock.now += 0.004
            await pilot.press(key)
    finally:
        clock.step = old
    await pilot.pause()


async def finish_work(pilot: Pilot) -> None:
    """Let the work the app runs in threads (writing to a stick) end, and its results show:
    the dialog it runs behind may not have started its thread yet when this is called."""
    from doorstep.tui.screens.working import Working

    app = pilot.app
    for _ in range(1000):  # a bound on the number of rounds, not on time
        await pilot.pause()
        if not isinstance(app.screen, Working) and not any(w.is_running for w in app.workers):
            break
        await app.workers.wait_for_complete()
    await pilot.pause()


def text_of(app: DoorstepApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def screen_lines(app: DoorstepApp) -> list[str]:
    """The screen as a person sees it: one string per terminal row, as drawn (the top screen
    and any dialog over it)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]
