"""Running doorstep as a user does, for the command-line tests."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Done:
    code: int
    out: str
    err: str


def doorstep(*args: str | Path, home: Path | None = None, env: dict[str, str] | None = None,
             lang: str = "en") -> Done:
    """Run `python -m cli.main` as a user would: a fresh process, its exit code and its output."""
    argv = [sys.executable, "-m", "doorstep", "--lang", lang]
    if home is not None:
        argv += ["--home", str(home)]
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    proc = subprocess.run([*argv, *map(str, args)], capture_output=True, text=True, encoding="utf-8",
                          env=full_env, cwd=Path(__file__).resolve().parents[2])
    return Done(proc.returncode, proc.stdout, proc.stderr)


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
