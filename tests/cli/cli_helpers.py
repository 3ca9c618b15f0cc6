"""Running doorstep as a user does, for the command-line tests."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cli_runner import Result, invoke

Done = Result  # .code, .out, .err


def doorstep(*args: str | Path, home: Path | None = None, env: dict[str, str] | None = None,
             lang: str = "en") -> Done:
    """`doorstep --lang LANG [--home HOME] ARGS...` as a user types it: exit code and output."""
    argv: list[str | Path] = ["--lang", lang]
    if home is not None:
        argv += ["--home", home]
    return invoke([*argv, *args], env={**os.environ, **(env or {})},
                  cwd=Path(__file__).resolve().parents[2])


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, but the lock (it holds the last writer's pid)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "lock"}


def assert_user_error(done: Done, *words: str) -> None:
    """Exit 1, no traceback, and one message naming what was wrong."""
    assert done.code == 1, (done.out, done.err)
    assert "Traceback" not in done.err + done.out
    for word in words:
        assert word in done.err, done.err


@dataclass(frozen=True)
class World:
    root: Path
    office: Path
    devices: tuple[Path, Path]
    stick: Path
