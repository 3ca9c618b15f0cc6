"""Shared helpers: the CLI as a subprocess, and homes on a real disk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_cli(home: Path, *args: str, lang: str = "en", check: bool | None = None,
            **kwargs) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DOORSTEP_HOME", None)
    proc = subprocess.run([sys.executable, "-m", "doorstep", "--home", str(home), "--lang", lang, *args],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=env, **kwargs)
    if check is True:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture
def office_home(tmp_path: Path):
    from doorstep.storage.home import Home

    return Home.create(tmp_path / "office", "office", name="Town office")


@pytest.fixture
def device_home(tmp_path: Path):
    from doorstep.storage.home import Home

    return Home.create(tmp_path / "device", "device", name="laptop-1", volunteer="李梅")


def store_bytes(home_path: Path) -> dict[str, bytes]:
    """Every file of a home except the lock, for 'nothing changed' checks."""
    return {str(p.relative_to(home_path)): p.read_bytes()
            for p in sorted(home_path.rglob("*")) if p.is_file() and p.name != "lock"}
