"""The app killed (SIGKILL, as a dead battery) in the middle of a question loses nothing saved.

The real `doorstep` runs in a pseudo-terminal; keys are typed at a person's pace.
"""

from __future__ import annotations

import os
import re
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


class Screen:
    """What the app drew on the terminal since the last look, without its escape sequences."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.drawn = bytearray()

    def drain(self) -> None:
        """Read whatever the app drew, so that it never blocks on a full terminal buffer."""
        import select

        while select.select([self.fd], [], [], 0)[0]:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.drawn += chunk

    def shows(self, text: str) -> bool:
        self.drain()
        return text in re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", self.drawn.decode("utf-8", "replace"))

    def type(self, keys: list[str], pause: float = 0.25) -> None:
        """Keys at a person's pace (far slower than a scanner's burst)."""
        for key in keys:
            os.write(self.fd, key.encode())
            time.sleep(pause)
            self.drain()

    def wait_for(self, predicate, seconds: float = 60.0) -> bool:  # noqa: ANN001
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.drain()
            if predicate():
                return True
            time.sleep(0.05)
        return False

    def wait_to_show(self, text: str) -> bool:
        """Wait until the app draws `text` (on a new screen: what was drawn before is forgotten)."""
        found = self.wait_for(lambda: self.shows(text))
        self.drawn.clear()
        return found


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
    screen = Screen(master)
    try:
        reader = Home.open(path).reader()

        def drafts_of(household: str) -> list[dict]:
            reader.reload()
            return [d for d in reader.drafts() if d["household"] == household]

        assert screen.wait_for(lambda: (path / "lock").exists() and proc.poll() is None)
        assert screen.wait_to_show("6 of 6 households")  # the first screen
        screen.type([F2])
        assert screen.wait_to_show("Enter or scan a household identifier")
        screen.type(list(IDS[1]) + ["\r"])
        assert screen.wait_to_show("Start a visit")  # the household
        screen.type(["1"])  # home care: a draft is started
        assert screen.wait_for(lambda: bool(drafts_of(IDS[1])))
        assert screen.wait_to_show("Which services were delivered?")
        screen.type(["2", "\r"])  # laundry
        assert screen.wait_to_show("Time spent (minutes)")
        screen.type(["7", "5"])  # typed into "minutes", not confirmed
        assert screen.wait_for(lambda: drafts_of(IDS[1])[0]["answers"].get("minutes") == "75")
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
