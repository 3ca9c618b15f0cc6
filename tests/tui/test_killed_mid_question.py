"""The app killed (SIGKILL, as a dead battery) in the middle of a question loses nothing saved.

The real `doorstep` runs in a pseudo-terminal; keys are typed at a person's pace.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from doorstep.storage.home import Home
from tui_homes import IDS, make_home

ROOT = Path(__file__).resolve().parents[2]
F2 = "\x1bOQ"


def _drain(fd: int) -> None:
    """Read whatever the app drew, so that it never blocks on a full terminal buffer."""
    import select

    while select.select([fd], [], [], 0)[0]:
        try:
            if not os.read(fd, 65536):
                return
        except OSError:
            return


def _type(fd: int, keys: list[str], pause: float = 0.25) -> None:
    for key in keys:
        os.write(fd, key.encode())
        time.sleep(pause)
        _drain(fd)


def _wait_for(predicate, fd: int, seconds: float = 60.0) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        _drain(fd)
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_a_killed_app_keeps_every_answer_it_showed_as_saved(tmp_path: Path) -> None:
    path = tmp_path / "home"
    make_home(path)
    master, slave = os.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "doorstep", "--home", str(path), "--lang", "en"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    try:
        reader = Home.open(path).reader()

        def drafts_of(household: str) -> list[dict]:
            reader.reload()
            return [d for d in reader.drafts() if d["household"] == household]

        assert _wait_for(lambda: (path / "lock").exists() and proc.poll() is None, master)
        time.sleep(2.0)  # the first screen
        _type(master, [F2], pause=1.0)
        _type(master, list(IDS[1]) + ["\r"])
        time.sleep(1.0)
        _type(master, ["1"], pause=1.0)  # home care: a draft is started
        assert _wait_for(lambda: bool(drafts_of(IDS[1])), master)
        _type(master, ["2", "\r"])  # laundry
        _type(master, ["7", "5"])  # typed into "minutes", not confirmed
        assert _wait_for(lambda: drafts_of(IDS[1])[0]["answers"].get("minutes") == "75", master)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the battery dies
        proc.wait(timeout=30)
        os.close(master)
    answers = Home.open(path).reader().drafts()
    draft = next(d for d in answers if d["household"] == IDS[1])
    assert draft["answers"]["services"] == "laundry"
    assert draft["answers"]["minutes"] == "75"
    # and the home opens again for the next start: the lock died with the process
    with Home.open(path).writer() as store:
        assert store.get_draft(draft["uuid"]) is not None
