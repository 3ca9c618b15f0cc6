"""Shared helpers: the CLI run in-process (tests/support/cli_runner.py), and homes on a real disk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli_runner import Result, invoke

ROOT = Path(__file__).resolve().parents[2]


def run_cli(home: Path, *args: str, lang: str = "en", check: bool | None = None, input: str = "") -> Result:  # noqa: A002
    """`doorstep --home HOME --lang LANG ARGS...`, without DOORSTEP_HOME; check=True asserts exit 0."""
    env = {k: v for k, v in os.environ.items() if k != "DOORSTEP_HOME"}
    proc = invoke(["--home", home, "--lang", lang, *args], env=env, cwd=ROOT, input=input)
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


def on_disk(home) -> dict:
    """The store's tables as they are on disk, in the shape of the single-file store."""
    from doorstep.storage.layout import STORE_DIR, as_single_file

    return as_single_file(home.path / STORE_DIR, home.files)


def write_single_file(home, data: dict) -> Path:
    """Make `home`'s store the single-file store of doorstep before the layout, holding `data`."""
    import json
    import shutil

    from doorstep.storage.layout import STORE_DIR
    from doorstep.storage.store import STORE_FILE

    shutil.rmtree(home.path / STORE_DIR)
    path = home.path / STORE_FILE
    path.write_bytes(home.files.sealer.seal(json.dumps(data, ensure_ascii=False).encode()))
    return path
