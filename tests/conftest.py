"""Puts tests/support (shared helpers such as cli_runner) on the import path of every test, and
gives the processes the tests start one bytecode cache."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "support"))

_SAVED = {name: os.environ.get(name) for name in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
# One folder per user, kept between sessions: Python checks each cached file against its source, so
# a changed file is compiled again, and worktrees at different paths never share an entry.
BYTECODE_CACHE = Path(tempfile.gettempdir()) / f"doorstep-tests-pyc-{getattr(os, 'getuid', lambda: 0)()}"


def pytest_configure(config: pytest.Config) -> None:
    # Where PYTHONDONTWRITEBYTECODE is set (this machine's shells set it), every `python -m doorstep`
    # a test starts would compile doorstep from source again. The processes the tests start write
    # their bytecode to BYTECODE_CACHE instead, outside the source tree.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(BYTECODE_CACHE)


def pytest_unconfigure(config: pytest.Config) -> None:
    for name, value in _SAVED.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
