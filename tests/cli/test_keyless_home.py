"""`keys show` on a home without keys gives the step that completes it, never `doorstep init`
(which refuses a home that exists): the app, for a laptop; the backup, for an office. The step
given for a laptop is then taken, and works."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import assert_user_error, doorstep, snapshot
from doorstep.storage.home import Home
from doorstep.tui.app import DoorstepApp


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ("has no keys yet", "open the app with doorstep --home")),
    ("zh", ("还没有密钥", "用 doorstep --home")),
])
async def test_a_keyless_laptop_is_told_to_open_the_app(tmp_path: Path, lang: str, words: tuple) -> None:
    home = tmp_path / "laptop"
    Home.create(home, "device", name="laptop-07", volunteer="周志愿", lang="zh")  # no keys made
    before = snapshot(home)
    done = doorstep("keys", "show", home=home, lang=lang)
    assert_user_error(done, *words, str(home))
    assert "doorstep init" not in done.err
    assert snapshot(home) == before

    app = DoorstepApp(home, lang=lang)  # the step the message gives
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    shown = doorstep("keys", "show", home=home, lang="en")
    assert shown.code == 0, shown.err


def test_a_keyless_office_is_told_to_restore_its_backup(tmp_path: Path) -> None:
    home = tmp_path / "office"
    Home.create(home, "office", name="河口镇退役军人服务站")
    for key in (home / "keys").glob("*"):  # the keys lost
        key.unlink()
    done = doorstep("keys", "show", home=home, lang="en")
    assert_user_error(done, "keys restore")
    assert "doorstep init" not in done.err
