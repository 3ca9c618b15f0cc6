"""Fixtures of the demo tests: `doorstep` run in-process (main(argv)) in a clean environment."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_runner import Result, invoke

sys.path.insert(0, str(Path(__file__).parent))

# How tests unlock their homes, cheaply (tests/conftest.py): kept in the clean environment.
UNLOCK_VARS = ("DOORSTEP_PASSPHRASE", "DOORSTEP_TEST_WEAK_KDF")

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A clean environment: English messages, user folders under tmp_path, no DOORSTEP_HOME."""
    env = {k: v for k, v in os.environ.items()
           if k in UNLOCK_VARS or not k.startswith(("DOORSTEP", "XDG_", "LC_", "LANG"))}
    env.update({
        "LANG": "en_US.UTF-8",
        "HOME": str(tmp_path / "user"),
        "XDG_DATA_HOME": str(tmp_path / "user" / "data"),
        "PYTHONPATH": str(ROOT),
    })
    return env


@pytest.fixture
def run(env: dict[str, str]) -> Callable[..., Result]:
    def run_cli(*args: str, extra_env: dict[str, str] | None = None) -> Result:
        return invoke(args, cwd=ROOT, env={**env, **(extra_env or {})})

    return run_cli
