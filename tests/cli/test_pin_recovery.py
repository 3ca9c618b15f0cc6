"""PINs on the command line, as separate processes: a forgotten PIN recovered by the office end to
end, a wrong PIN refusing and changing nothing, weak PINs and backup passphrases refused."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cli_helpers import assert_user_error, doorstep, snapshot

OFFICE_SECRET = "harbour violet 93 gently"
OLD_PIN = "604817"
NEW_PIN = "582914"


def test_a_forgotten_pin_is_replaced_by_the_office_and_the_laptop_works_on(tmp_path: Path) -> None:
    office, laptop, stick = tmp_path / "office", tmp_path / "laptop", tmp_path / "stick"
    as_office = {"DOORSTEP_PASSPHRASE": OFFICE_SECRET}
    as_laptop = {"DOORSTEP_PASSPHRASE": OLD_PIN}
    assert doorstep("init", "office", "--name", "河口镇", home=office, env=as_office).code == 0
    assert doorstep("keys", "show", "--export", tmp_path / "office.pub", home=office, env=as_office).code == 0
    done = doorstep("init", "device", "--name", "laptop-1", "--volunteer", "李秀梅",
                    "--office-key", tmp_path / "office.pub", home=laptop, env=as_laptop)
    assert done.code == 0, done.err
    assert doorstep("keys", "show", "--export", tmp_path / "laptop.pub", home=laptop, env=as_laptop).code == 0
    assert doorstep("device", "add", tmp_path / "laptop.pub", home=office, env=as_office).code == 0
    register = tmp_path / "register.csv"
    register.write_text("编号,姓名,类别,村,电话\n,周桂英,烈士遗属,东湖村,13912345678\n", encoding="utf-8")
    assert doorstep("registry", "import", register, home=office, env=as_office).code == 0
    assert doorstep("assign", "--device", "laptop-1", "--out", stick, home=office, env=as_office).code == 0
    assert doorstep("bundle", "import", stick, home=laptop, env=as_laptop).code == 0

    # The volunteer forgets the PIN: the laptop refuses, and nothing of it changes.
    before = snapshot(laptop)
    forgotten = doorstep("registry", "export", "--format", "json", home=laptop,
                         env={"DOORSTEP_PASSPHRASE": "604818"})
    assert_user_error(forgotten, "wrong PIN")
    assert snapshot(laptop) == before

    # Another office's keys do not open it.
    other = tmp_path / "other-office"
    assert doorstep("init", "office", "--name", "别的镇", home=other, env=as_office).code == 0
    refused = doorstep("device", "recover", laptop, home=other,
                       env={**as_office, "DOORSTEP_NEW_PASSPHRASE": NEW_PIN})
    assert_user_error(refused, "another office")
    assert snapshot(laptop) == before

    # A weak new PIN is refused before anything changes.
    weak = doorstep("device", "recover", laptop, home=office,
                    env={**as_office, "DOORSTEP_NEW_PASSPHRASE": "123456"})
    assert_user_error(weak, "run")
    assert snapshot(laptop) == before

    done = doorstep("device", "recover", laptop, home=office,
                    env={**as_office, "DOORSTEP_NEW_PASSPHRASE": NEW_PIN}, lang="zh")
    assert done.code == 0, done.err
    assert "新的 PIN" in done.out
    changed = {name for name in snapshot(laptop) if snapshot(laptop)[name] != before.get(name)}
    assert changed == {"keyring.json"}  # the data stays as it was, sealed with the same key

    export = ("registry", "export", "--format", "json")
    assert_user_error(doorstep(*export, home=laptop, env=as_laptop), "wrong PIN")
    shown = doorstep(*export, home=laptop, env={"DOORSTEP_PASSPHRASE": NEW_PIN})
    assert shown.code == 0 and "13912345678" in shown.out, shown.err


def test_without_a_pin_and_without_a_terminal_the_command_says_what_to_set(tmp_path: Path) -> None:
    home = tmp_path / "laptop"
    assert doorstep("init", "device", "--name", "l", "--volunteer", "v", home=home,
                    env={"DOORSTEP_PASSPHRASE": OLD_PIN}).code == 0
    env = {k: v for k, v in os.environ.items() if k != "DOORSTEP_PASSPHRASE"}
    os_env_backup = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update(env)
        done = doorstep("registry", "export", home=home)
    finally:
        os.environ.clear()
        os.environ.update(os_env_backup)
    assert_user_error(done, "DOORSTEP_PASSPHRASE")


def test_init_refuses_weak_pins_and_passphrases_and_creates_nothing(tmp_path: Path) -> None:
    for pin, word in (("12345", "at least 6"), ("777777", "repeated"), ("345678", "run"), ("987654", "run")):
        done = doorstep("init", "device", "--name", "l", "--volunteer", "v", home=tmp_path / pin,
                        env={"DOORSTEP_PASSPHRASE": pin})
        assert_user_error(done, word)
        assert not (tmp_path / pin).exists()
    done = doorstep("init", "office", "--name", "o", home=tmp_path / "o",
                    env={"DOORSTEP_PASSPHRASE": "604817"})  # an office takes a passphrase
    assert_user_error(done, "at least 10 characters")


def test_keys_backup_refuses_weak_passphrases_and_writes_owner_only(tmp_path: Path) -> None:
    office = tmp_path / "office"
    env = {"DOORSTEP_PASSPHRASE": OFFICE_SECRET}
    assert doorstep("init", "office", "--name", "o", home=office, env=env).code == 0
    for weak in ("aaaaaaaaaa", "1234567890", "password12", " " * 10):
        done = doorstep("keys", "backup", "--out", tmp_path / "b.json", home=office,
                        env={**env, "DOORSTEP_BACKUP_PASSPHRASE": weak})
        assert_user_error(done, "passphrase")
        assert not (tmp_path / "b.json").exists()
    done = doorstep("keys", "backup", "--out", tmp_path / "b.json", home=office,
                    env={**env, "DOORSTEP_BACKUP_PASSPHRASE": "copper kettle 58 morning"})
    assert done.code == 0, done.err
    if os.name == "posix":
        assert stat.S_IMODE((tmp_path / "b.json").stat().st_mode) == 0o600


def test_pin_change_and_the_idle_lock_setting(tmp_path: Path) -> None:
    home = tmp_path / "laptop"
    as_old = {"DOORSTEP_PASSPHRASE": OLD_PIN}
    assert doorstep("init", "device", "--name", "l", "--volunteer", "v", home=home, env=as_old).code == 0
    weak = doorstep("pin", "change", home=home, env={**as_old, "DOORSTEP_NEW_PASSPHRASE": "111111"})
    assert_user_error(weak, "repeated")
    done = doorstep("pin", "change", home=home, env={**as_old, "DOORSTEP_NEW_PASSPHRASE": NEW_PIN})
    assert done.code == 0, done.err
    assert_user_error(doorstep("pin", "idle-lock", "2", home=home, env=as_old), "wrong PIN")
    as_new = {"DOORSTEP_PASSPHRASE": NEW_PIN}
    assert doorstep("pin", "idle-lock", "2", home=home, env=as_new).code == 0
    assert_user_error(doorstep("pin", "idle-lock", "-1", home=home, env=as_new), "0 to 1440")
    from doorstep.storage.home import Home

    assert Home.open(home, NEW_PIN).settings["idle_lock_minutes"] == 2
