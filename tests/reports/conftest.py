"""Fixtures of the reports tests: homes on disk and `doorstep` run in-process (main(argv))."""

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
Run = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """`doorstep ARGS...` in a clean environment (English unless --lang says otherwise)."""
    env = {k: v for k, v in os.environ.items()
           if k in UNLOCK_VARS or not k.startswith(("DOORSTEP", "XDG_", "LC_", "LANG"))}
    env.update({"LANG": "en_US.UTF-8", "HOME": str(tmp_path / "user"), "PYTHONPATH": str(ROOT),
                "COLUMNS": "120"})

    def doorstep(*args: str) -> Result:
        return invoke(args, env=env, cwd=tmp_path)

    return doorstep


@pytest.fixture
def office(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """An office home holding the hand-made register and visits; (path, {"H1": qr id, ...})."""
    from handmade import build_office_home

    path = tmp_path / "office"
    return path, build_office_home(path)


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated office (demo generate) that has received every device's visits; read only."""
    from doorstep.demo.generate import generate_homes
    from doorstep.storage.home import Home

    out = tmp_path_factory.mktemp("generated")
    result = generate_homes(out / "demo", households=150, devices=3, visits=1500, seed=7)
    office = Home.open(result.office)
    records = []
    for device in result.devices:
        store = Home.open(device.path).reader()
        records += store.visits()
        store.close()
    with office.writer() as store:
        store.add_received_visits(records)
    return result.office
