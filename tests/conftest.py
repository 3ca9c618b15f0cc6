"""Puts tests/support (shared helpers such as cli_runner) on the import path of every test, and
gives the processes the tests start one bytecode cache for the session."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "support"))

_CACHE = pytest.StashKey[str]()
_SAVED = {name: os.environ.get(name) for name in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}


def pytest_configure(config: pytest.Config) -> None:
    # Where PYTHONDONTWRITEBYTECODE is set (this machine's shells set it), every `python -m doorstep`
    # a test starts compiles doorstep from source again. A cache under a temporary folder, for this
    # session only, compiles it once and leaves the source tree as it was.
    cache = tempfile.mkdtemp(prefix="doorstep-pyc-")
    config.stash[_CACHE] = cache
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = cache


def pytest_unconfigure(config: pytest.Config) -> None:
    for name, value in _SAVED.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    cache = config.stash.get(_CACHE, None)
    if cache:
        shutil.rmtree(cache, ignore_errors=True)

