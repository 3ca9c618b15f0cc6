"""The home's writer lock: an OS-level lock, so the OS drops it when its holder dies.

POSIX uses fcntl.flock, Windows msvcrt.locking on one byte far past the pid written at the
start of the file (so others can still read who holds it). A stale lock file is harmless: only
a live process holds the lock itself.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from doorstep.i18n import Message, UserError
from doorstep.storage.messages import MESSAGES

_WIN_LOCK_OFFSET = 1 << 20


class HomeLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            params = {"pid": self.holder_pid() or "?", "home": str(self.path.parent)}
            raise UserError(Message(MESSAGES, "home_locked", params)) from None
        # We hold it: say who we are, for the message the next one gets.
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid():<12d}".encode())
        self._fd = fd

    def holder_pid(self) -> int | None:
        try:
            with open(self.path, "rb") as handle:
                return int(handle.read(12).decode().strip() or "0") or None
        except (OSError, ValueError):
            return None

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
