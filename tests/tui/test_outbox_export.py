"""The outbox's export action writes a bundle through sync, on the demo home."""

from __future__ import annotations

import threading
from datetime import date

from doorstep.demo.home import make_demo_home
from doorstep.tui.screens.outbox import ExportReceipt, OutboxScreen
from doorstep.tui.screens.prompt import PathPrompt
from doorstep.tui.screens.working import Working
from tui_helpers import finish_work, type_keys, type_text


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
        await finish_work(pilot)
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
        await finish_work(pilot)
        assert isinstance(app.screen, OutboxScreen)
        assert any("No new visits" in str(n.message) for n in app._notifications)
        assert len(list(usb.iterdir())) == 1


async def test_the_export_writes_to_the_stick_in_a_thread_behind_a_dialog(
    tmp_path, make_app, monkeypatch
) -> None:
    import doorstep.tui.screens.outbox as outbox

    home = make_demo_home(tmp_path / "demo", lang="en", today=date(2026, 8, 1))
    real = outbox.export_visits
    release = threading.Event()
    ran_in = []

    def slow_stick(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - sync's signature
        ran_in.append(threading.current_thread() is threading.main_thread())
        release.wait(timeout=60)  # a stick that takes its time to fsync
        return real(*args, **kwargs)

    monkeypatch.setattr(outbox, "export_visits", slow_stick)
    app = make_app(home.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_keys(pilot, "o", "e")
        app.screen.query_one("#path").value = str(tmp_path / "usb")
        await type_keys(pilot, "enter")
        # the stick is still being written: the app draws, the dialog says so, keys are taken
        assert isinstance(app.screen, Working)
        assert "Writing to the stick" in str(app.screen.query_one(".dialog-title").render())
        await type_keys(pilot, "ctrl+l")  # the app answers meanwhile
        assert app.lang == "zh"
        release.set()
        await finish_work(pilot)
        assert ran_in == [False]
        assert isinstance(app.screen, ExportReceipt)


async def test_a_failed_export_says_why_in_the_screens_language_and_is_not_remembered(
    tmp_path, make_app
) -> None:
    home = make_demo_home(tmp_path / "demo", lang="zh", today=date(2026, 8, 1))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    app = make_app(home.path, lang="zh")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        before = app.session.home.settings.get("export_dir")
        await type_keys(pilot, "o", "e")
        app.screen.query_one("#path").value = str(blocker / "usb")
        await type_keys(pilot, "enter")
        await finish_work(pilot)
        assert isinstance(app.screen, OutboxScreen)
        messages = [str(n.message) for n in app._notifications]
        assert any("导出失败" in m and "不是文件夹" in m for m in messages), messages
        assert not any("directory" in m.lower() for m in messages)  # no English from the OS
        assert app.session.home.settings.get("export_dir") == before
