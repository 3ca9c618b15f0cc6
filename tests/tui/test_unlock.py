"""The unlock screen at start, a PIN set at first start, and the idle lock that returns to the
same question, through Pilot at 80x24 (without DOORSTEP_PASSPHRASE, as a volunteer starts it)."""

from __future__ import annotations

import base64

import pytest
from doorstep.storage import unlock
from doorstep.storage.home import Home
from doorstep.storage.keyring import KEYRING_FILE
from doorstep.storage.seal import is_sealed
from doorstep.storage.upgrade import journal_files, sealed_files
from doorstep.tui.screens import unlock as unlock_screen
from doorstep.tui.screens.assignments import AssignmentsScreen
from doorstep.tui.screens.checklist import ChecklistScreen
from doorstep.tui.screens.enrol import EnrolScreen
from doorstep.tui.screens.setup import SetupScreen
from doorstep.tui.screens.unlock import UnlockScreen, wait_after
from tui_helpers import scan, type_keys, type_text
from tui_homes import IDS

PASSPHRASE = "orchard lantern 47 quietly"  # tests/conftest.py's: the homes of tui_homes use it


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """A volunteer's start: no DOORSTEP_PASSPHRASE, and nothing unlocked in this process yet."""
    monkeypatch.delenv("DOORSTEP_PASSPHRASE")
    unlock.forget_all()


def _problem(app) -> str:  # noqa: ANN001
    return str(app.screen.query_one("#problem").render())


async def test_the_app_starts_locked_and_opens_with_the_right_pin(home_path, make_app, no_env) -> None:
    before = {p.name: p.read_bytes() for p in home_path.rglob("*") if p.is_file() and p.name != "lock"}
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, UnlockScreen) and app.session is None
        await type_text(pilot, "111111")
        await type_keys(pilot, "enter")
        assert isinstance(app.screen, UnlockScreen)
        assert "Wrong PIN (try 1)" in _problem(app)
        assert app.screen.query_one("#pin").value == ""
        await type_text(pilot, PASSPHRASE)
        await type_keys(pilot, "enter")
        assert isinstance(app.screen, AssignmentsScreen)
        assert app.session is not None
    after = {p.name: p.read_bytes() for p in home_path.rglob("*") if p.is_file() and p.name != "lock"}
    assert after == before  # unlocking, right or wrong, writes nothing


async def test_wrong_pins_wait_longer_and_longer(
    home_path, make_app, no_env, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert [wait_after(n) for n in range(1, 7)] == [0, 0, 1, 2, 4, 8]
    # the third wait made long: what is said and refused during it must not race its end
    monkeypatch.setattr(unlock_screen, "wait_after", lambda n: 0 if n < 3 else 60)
    app = make_app(home_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await type_text(pilot, "222222")
            await type_keys(pilot, "enter")
        assert "第 3 次" in _problem(app) and "60 秒" in _problem(app)
        pin = app.screen.query_one("#pin")
        assert pin.disabled
        pin.value = PASSPHRASE  # even the right PIN is not tried while waiting
        app.screen.action_submit()
        assert isinstance(app.screen, UnlockScreen) and app.session is None


async def test_after_the_wait_the_right_pin_opens(home_path, make_app, no_env) -> None:
    app = make_app(home_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await type_text(pilot, "222222")
            await type_keys(pilot, "enter")
        pin = app.screen.query_one("#pin")
        for _ in range(500):  # a bound on rounds, not on time: the 1 s wait ends when it can
            if not pin.disabled and pin.has_focus:  # enabled, then focused: two steps to wait for
                break
            await pilot.pause(0.02)
        assert not pin.disabled and pin.has_focus
        await type_text(pilot, PASSPHRASE)
        await type_keys(pilot, "enter")
        assert isinstance(app.screen, AssignmentsScreen)


async def test_idle_lock_saves_the_draft_and_unlocks_on_the_same_question(home_path, make_app, clock) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[1], clock)
        await type_keys(pilot, "1")
        visit_id = app.screen.visit_id
        await type_keys(pilot, "2", "enter")  # laundry
        await type_text(pilot, "75")  # typed, not yet confirmed: the lock must save it
        question = app.screen
        assert question.slot == ("minutes",)
        app.idle_lock.check()
        assert app.screen is question  # four minutes and a bit: not yet
        clock.now += 5 * 60
        app.idle_lock.check()
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        assert "5 idle minutes" in str(app.screen.query_one(".hint").render())
        assert Home.open(home_path).reader().get_draft(visit_id)["answers"]["minutes"] == "75"
        await type_text(pilot, "000000")
        await type_keys(pilot, "enter")
        assert isinstance(app.screen, UnlockScreen) and "Wrong PIN" in _problem(app)
        await type_text(pilot, PASSPHRASE)
        await type_keys(pilot, "enter")
        assert app.screen is question and isinstance(question, ChecklistScreen)
        assert question.slot == ("minutes",)
        assert question.query_one("#answer-input").value == "75"
        await type_text(pilot, "0")
        assert question.query_one("#answer-input").value == "750"  # typing goes on


async def test_the_idle_lock_follows_the_setting(home_path, make_app, clock) -> None:
    Home.open(home_path).save_settings(idle_lock_minutes=0)
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        clock.now += 10 * 3600
        app.idle_lock.check()
        await pilot.pause()
        assert isinstance(app.screen, AssignmentsScreen)


async def test_first_start_sets_a_pin_that_then_unlocks_the_new_home(tmp_path, make_app, no_env) -> None:
    path = tmp_path / "new"
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, SetupScreen)
        await type_text(pilot, "laptop-7")
        await type_keys(pilot, "enter")
        await type_text(pilot, "李秀梅")
        await type_keys(pilot, "enter")
        assert isinstance(app.screen, UnlockScreen) and app.screen.mode == "set"
        for weak, said in (("123456", "run like 123456"), ("999999", "one digit repeated")):
            await type_text(pilot, weak)
            await type_keys(pilot, "enter")
            await type_text(pilot, weak)
            await type_keys(pilot, "enter")
            assert said in _problem(app)
            app.screen.query_one("#pin").value = ""
            app.screen.query_one("#again").value = ""
            app.screen.query_one("#pin").focus()
        await type_text(pilot, "604817")
        await type_keys(pilot, "enter")
        await type_text(pilot, "604871")
        await type_keys(pilot, "enter")
        assert "differ" in _problem(app)
        await type_text(pilot, "604817")
        await type_keys(pilot, "enter")
        assert isinstance(app.screen, EnrolScreen)  # the home is made; enrolling comes next
        assert app.session is not None
    assert (path / KEYRING_FILE).exists()
    unlock.forget_all()
    assert Home.open(path, "604817").settings["volunteer"] == "李秀梅"


# -- snapshots (80x24, zh and en) -------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_snapshot_unlock_after_a_wrong_pin(snap_compare, make_app, home_path, no_env, lang) -> None:
    async def run_before(pilot) -> None:
        await type_text(pilot, "111111")
        await type_keys(pilot, "enter")

    assert snap_compare(make_app(home_path, lang=lang), terminal_size=(80, 24), run_before=run_before)


def _make_plain(path) -> None:  # noqa: ANN001
    """The home as doorstep wrote it before encryption: plain files, no keyring."""
    home = Home.open(path, PASSPHRASE)
    for file in sealed_files(path):
        file.write_bytes(home.files.read(file))
    for file in journal_files(path):  # one sealed record per line
        file.write_bytes(b"".join(base64.b64encode(home.files.unseal(base64.b64decode(line))) + b"\n"
                                  for line in file.read_bytes().splitlines()))
    (path / KEYRING_FILE).unlink()
    unlock.forget_all()


async def test_a_home_from_before_encryption_gets_a_pin_and_is_sealed(home_path, make_app, no_env) -> None:
    _make_plain(home_path)
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, UnlockScreen) and app.screen.mode == "set"
        await type_text(pilot, "604817")
        await type_keys(pilot, "enter")
        await type_text(pilot, "604817")
        await type_keys(pilot, "enter")
        assert isinstance(app.screen, AssignmentsScreen)
    assert all(is_sealed(p.read_bytes()) for p in sealed_files(home_path))
    unlock.forget_all()
    assert Home.open(home_path, "604817").reader().register_count() > 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_snapshot_set_a_pin_for_a_home_from_before_encryption(snap_compare, make_app, home_path, no_env,
                                                              lang) -> None:
    _make_plain(home_path)

    async def run_before(pilot) -> None:
        await type_text(pilot, "123456")
        await type_keys(pilot, "enter")
        await type_text(pilot, "123456")
        await type_keys(pilot, "enter")

    assert snap_compare(make_app(home_path, lang=lang), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_snapshot_idle_lock(snap_compare, make_app, home_path, clock, lang) -> None:
    async def run_before(pilot) -> None:
        # The list must be up, its keys in the footer beneath the lock, before the idle time runs
        # out: on a busy machine the first pause can come before the list has the focus.
        for _ in range(200):
            if isinstance(pilot.app.screen, AssignmentsScreen) and pilot.app.focused is not None:
                break
            await pilot.pause()
        assert isinstance(pilot.app.screen, AssignmentsScreen) and pilot.app.focused is not None
        await pilot.pause()
        clock.now += 6 * 60
        pilot.app.idle_lock.check()
        await pilot.pause()
        assert isinstance(pilot.app.screen, UnlockScreen)

    assert snap_compare(make_app(home_path, lang=lang), terminal_size=(80, 24), run_before=run_before)
