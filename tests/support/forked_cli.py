"""`doorstep ARGV...` as a real process forked from the test process, for tests that SIGKILL it.

A kill test needs a process it can kill at any moment of its work. A fresh interpreter spends most
of its life importing doorstep (half a second on the test machine, against a few milliseconds for
an export), so kills spread over its life land mostly in the imports. A fork of the test process,
which has doorstep imported already, starts at once and spends its life in the command: the
kills land where the writes are. The child is a separate process with its own memory, killed by
a real SIGKILL; it runs `doorstep.cli.main.main(argv)` exactly as `python -m doorstep` does
after its imports, with its output thrown away, and never returns into pytest (`os._exit`).

That `python -m doorstep` itself starts and runs is proved by tests/test_packaging.py.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path


class Forked:
    """A forked `doorstep` run, with the part of subprocess.Popen's interface the tests use."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self) -> int:
        if self.returncode is None:
            _, status = os.waitpid(self.pid, 0)
            self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def kill(self) -> None:
        """SIGKILL, unless it has ended already (its pid is not reused before it is waited for)."""
        if self.returncode is None:
            os.kill(self.pid, signal.SIGKILL)


def start(argv: Sequence[str | Path], *, env: Mapping[str, str] | None = None,
          cwd: str | Path | None = None) -> Forked:
    """Fork, and in the child run `doorstep ARGV...` (with `env` as its whole environment)."""
    from doorstep.cli.main import main  # imported here, in the parent: the child starts warm

    args = [str(arg) for arg in argv]
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return Forked(pid)
    code = 1
    try:  # the child: never returns into pytest
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 - until os._exit
        sys.stdout = sys.stderr = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        if cwd is not None:
            os.chdir(cwd)
        sys.argv = ["doorstep", *args]
        code = main(args)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: B036 - a traceback would go nowhere: the exit code says it
        code = 1
    finally:
        os._exit(code)
