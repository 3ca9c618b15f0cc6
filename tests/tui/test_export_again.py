"""A lost stick, from the outbox: `a` writes again every bundle the office has not acknowledged,
the same bytes as the first time (Pilot, 80x24)."""

from __future__ import annotations

from datetime import date

from doorstep.demo.home import make_demo_home
from doorstep.tui.screens.outbox import ExportReceipt, OutboxScreen
from doorstep.tui.screens.prompt import PathPrompt
from tui_helpers import finish_work, type_keys, type_text


async def said_in(pilot, said: list[str], text: str) -> bool:  # noqa: ANN001
    """Whether the app said `text`, letting its queued messages (a dialog's callback) run first:
    a pause returns once no message waits anywhere in the app (tests/support/pilot_waits.py), so
    the rounds only bound how long a wrong answer takes to show, never how long the app may take."""
    for _ in range(1000):
        if any(text in m for m in said):
            return True
        await pilot.pause()
    return False


async def test_export_again_gives_the_same_file(tmp_path, make_app) -> None:  # noqa: ANN001
    home = make_demo_home(tmp_path / "demo", lang="en", today=date(2026, 8, 1))
    usb, spare = tmp_path / "usb", tmp_path / "spare"
    app = make_app(home.path)
    said: list[str] = []   # every notification, kept: a slow machine may outlive a toast's timeout
    shown = app.notify
    app.notify = lambda message, *a, **kw: (said.append(str(message)), shown(message, *a, **kw))[1]
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await type_keys(pilot, "o", "e")
        app.screen.query_one("#path").value = ""
        await type_text(pilot, str(usb))
        await type_keys(pilot, "enter")
        await finish_work(pilot)  # the stick is written in a thread
        assert isinstance(app.screen, ExportReceipt)
        await type_keys(pilot, "escape")
        (sent,) = list(usb.iterdir())
        first = sent.read_bytes()
        sent.unlink()                       # the stick is lost
        await type_keys(pilot, "e")
        assert isinstance(app.screen, PathPrompt)
        await type_keys(pilot)               # the prompt's field has the focus before Enter
        await type_keys(pilot, "enter")
        await finish_work(pilot)
        assert await said_in(pilot, said, "Stick lost? a exports again")
        await type_keys(pilot, "a")
        assert isinstance(app.screen, PathPrompt)
        app.screen.query_one("#path").value = ""
        await type_text(pilot, str(spare))
        await type_keys(pilot, "enter")
        await finish_work(pilot)
        assert isinstance(app.screen, OutboxScreen)
        assert await said_in(pilot, said, "1 bundle written again")
    (again,) = list(spare.iterdir())
    assert again.name == sent.name and again.read_bytes() == first
