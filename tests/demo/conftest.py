"""Fixtures of the demo tests: `doorstep` run as a subprocess in a clean environment."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A clean environment: English messages, user folders under tmp_path, no DOORSTEP_HOME."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOORSTEP", "XDG_", "LC_", "LANG"))}
    env.update({
        "LANG": "en_US.UTF-8",
        "HOME": str(tmp_path / "user"),
        "XDG_DATA_HOME": str(tmp_path / "user" / "data"),
        "PYTHONPATH": str(ROOT),
    })
    return env


@pytest.fixture
def run(env: dict[str, str]) -> Callable[..., subprocess.CompletedProcess[str]]:
    def run_cli(*args: str, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "doorstep", *args],
            cwd=ROOT, env={**env, **(extra_env or {})}, capture_output=True, text=True,
            encoding="utf-8", timeout=None, check=False,
        )

    return run_cli
