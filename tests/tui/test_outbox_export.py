"""The outbox's export action writes a bundle through sync, on the demo home."""

from __future__ import annotations

from datetime import date

from doorstep.demo.home import make_demo_home
from doorstep.tui.screens.outbox import ExportReceipt, OutboxScreen
from doorstep.tui.screens.prompt import PathPrompt
from tui_helpers import type_keys, type_text


async def test_export_from_the_outbox_writes_a_bundle_and_then_has_nothing_new(tmp_path, make_app) -> None:
    home = make_demo_home(tmp_path / "demo", lang="en", today=date(2026, 8, 1))
    pending = len(home.reader().outbox())
    assert pending > 0
    usb = tmp_path / "usb"
    app = make_app(home.path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        session, store = app.session, app.session.store
        await type_keys(pilot, "o")
        assert isinstance(app.screen, OutboxScreen)
        assert f"Outbox: {pending} visits" in str(app.screen.query_one("#count").render())
        await type_keys(pilot, "e")
        assert isinstance(app.screen, PathPrompt)
        app.screen.query_one("#path").value = ""
        await type_text(pilot, str(usb))
        await type_keys(pilot, "enter")
        assert isinstance(app.screen, ExportReceipt)
        files = list(usb.iterdir())
        assert len(files) == 1 and files[0].suffix == ".json"
        assert str(files[0]) in str(app.screen.query_one(".dialog-title").render())
        await type_keys(pilot, "escape")
        # sync wrote through the app's own store: the session was never closed and reopened
        assert app.session is session and app.session.store is store and not store.read_only
        assert len(store.table("sync_exports").all()) == 1  # the export log, in the open store
        await type_keys(pilot, "e")
        assert app.screen.query_one("#path").value == str(usb)  # remembered
        await type_keys(pilot, "enter")
        assert isinstance(app.screen, OutboxScreen)
        assert any("No new visits" in str(n.message) for n in app._notifications)
        assert len(list(usb.iterdir())) == 1
