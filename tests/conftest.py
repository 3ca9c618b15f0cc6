"""Puts tests/support (shared helpers such as cli_runner) on the import path of every test,
gives the processes the tests start one bytecode cache for the session, and makes every test's
homes encrypted and unlocked from the environment, cheaply.

DOORSTEP_PASSPHRASE is how scripts and tests unlock a home (storage.unlock); subprocesses inherit
it. DOORSTEP_TEST_WEAK_KDF=1 makes the homes the tests create record Argon2id parameters that
cost a fraction of a millisecond instead of half a second (storage.keyring.TEST_KDF): the
parameters are stored beside each wrapped key, so only homes made under this variable are cheap,
and such a home is re-wrapped at full cost the first time it is unlocked without it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "support"))

# Pilot's waits between keys decided by the app's state as well as the CPU clock, and text cursors
# that do not blink, so a screenshot does not depend on the moment it is taken (see the modules).
import pilot_waits  # noqa: E402
import steady_cursor  # noqa: E402

# A throwaway PostgreSQL server for the tests of the office's database store (tests/support/postgres.py).
from postgres import fresh_database_url, pg_cluster  # noqa: E402, F401

pilot_waits.install()
steady_cursor.install()

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


TEST_PASSPHRASE = "orchard lantern 47 quietly"

os.environ["DOORSTEP_PASSPHRASE"] = TEST_PASSPHRASE
os.environ["DOORSTEP_TEST_WEAK_KDF"] = "1"
