"""What a user trips over on the command line: each gets one clear line, exit 1, nothing changed."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import World, assert_user_error, doorstep, snapshot

ROOT = Path(__file__).resolve().parents[2]


def _full_disk(fd: int) -> None:
    """A full disk: every fsync fails as it does with ENOSPC."""
    raise OSError(errno.ENOSPC, "No space left on device")


def test_global_options_may_follow_the_command(world: World) -> None:
    done = doorstep("registry", "show", "NOSUCH", "--home", world.office, "--lang", "en", lang="zh")
    assert_user_error(done, "not a valid id")
    zh = doorstep("keys", "show", "--lang", "zh", home=world.office)
    assert zh.code == 0 and "指纹" in zh.out


def test_a_full_disk_names_the_file_and_changes_nothing(world: World, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    csv = tmp_path / "more.csv"
    csv.write_text("姓名,类别,村\n新户,残疾军人,北村\n", encoding="utf-8")
    before = snapshot(world.office)
    for lang, words in (("en", ("the disk is full", "register")), ("zh", ("磁盘已满", "register"))):
        with monkeypatch.context() as patched:
            patched.setattr(os, "fsync", _full_disk)
            proc = doorstep("registry", "import", csv, home=world.office, lang=lang)
        assert proc.returncode == 1, proc.stderr
        assert "Traceback" not in proc.stderr
        assert all(w in proc.stderr for w in words), proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1
    assert snapshot(world.office) == before


def test_keys_restore_waits_for_the_writer_lock(world: World, tmp_path: Path) -> None:
    env = {"DOORSTEP_BACKUP_PASSPHRASE": "a long enough passphrase"}
    backup = tmp_path / "keys.backup"
    assert doorstep("keys", "backup", "--out", backup, home=world.office, env=env).code == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom doorstep.storage.home import Home\n"
         "with Home.open(sys.argv[1]).writer():\n    print('held', flush=True)\n    time.sleep(60)",
         str(world.office)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "held"
        before = snapshot(world.office)
        done = doorstep("keys", "restore", backup, home=world.office, env=env)
        assert_user_error(done, "another doorstep")
        assert snapshot(world.office) == before
    finally:
        holder.kill()
        holder.wait()
    assert doorstep("keys", "restore", backup, home=world.office, env=env).code == 0


def test_a_typo_in_a_device_or_village_lists_what_there_is(world: World) -> None:
    before = snapshot(world.office)
    done = doorstep("assign", "--device", "device-3", "--out", world.stick, home=world.office)
    assert_user_error(done, "device-3", "device-1", "device-2")
    done = doorstep("assign", "--device", "device-1", "--village", "东胡村", "--out", world.stick,
                    home=world.office)
    assert_user_error(done, "东胡村", "villages on the register")
    assert snapshot(world.office) == before
    assert not list(world.stick.iterdir())


def test_a_file_that_is_not_a_key_is_called_so(world: World, tmp_path: Path) -> None:
    picked = tmp_path / "register.csv"
    picked.write_bytes("姓名,类别\n".encode("gb18030"))
    before = snapshot(world.office)
    assert_user_error(doorstep("device", "add", picked, home=world.office),
                      "register.csv", "not a doorstep public-key file")
    assert_user_error(doorstep("device", "add", tmp_path / "missing.pub", home=world.office), "missing.pub")
    assert snapshot(world.office) == before
    office_key = tmp_path / "office.pub"
    assert doorstep("keys", "show", "--export", office_key, home=world.office).code == 0
    done = doorstep("device", "add", office_key, home=world.office, lang="zh")
    assert_user_error(done, "不是设备的公钥", "办公室")


def test_a_csv_in_an_unknown_encoding_says_how_to_save_it(world: World, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x81\x30\xff\xff,\xff\n")
    before = snapshot(world.office)
    assert_user_error(doorstep("registry", "import", bad, home=world.office), "bad.csv", "CSV UTF-8")
    assert snapshot(world.office) == before
    utf16 = tmp_path / "unicode.csv"  # Excel's "Unicode" text, renamed
    utf16.write_bytes("姓名,类别,村\n新户,残疾军人,北村\n".encode("utf-16"))
    assert_user_error(doorstep("registry", "import", utf16, home=world.office), "unicode.csv", "CSV UTF-8")
    assert snapshot(world.office) == before


def test_verify_speaks_the_user_s_language(world: World) -> None:
    assert doorstep("bundle", "export", "--out", world.stick, "--no-qr", home=world.devices[0]).code == 0
    bundle = next(world.stick.iterdir())
    done = doorstep("bundle", "verify", bundle, home=world.office, lang="zh")
    assert done.code == 0, done.err
    assert "走访数据包" in done.out and "visits" not in done.out


def test_an_output_file_in_a_missing_folder_is_named_as_given(world: World, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "summary.md"
    done = doorstep("summary", "--format", "md", "--out", target, home=world.office)
    assert_user_error(done, "no such file or folder", f"({target})")
    assert ".tmp-" not in done.err


def test_a_typo_in_a_figure_s_name_suggests_the_right_one(world: World) -> None:
    done = doorstep("summary", "--explain", "visits.totl", home=world.office)
    assert_user_error(done, "visits.totl", "did you mean", "visits.total")
    right = doorstep("summary", "--explain", "visits.total", home=world.office)
    assert right.code == 0 and "visits.total" in right.out


def test_a_mistyped_command_is_bad_input_with_exit_1(world: World) -> None:
    done = doorstep("summary", "--format", "pdf", home=world.office, lang="zh")
    assert_user_error(done, "命令写得不对", "doorstep summary --help", "pdf")
    done = doorstep("registry", "import", home=world.office)
    assert_user_error(done, "the command is not right", "file")
