"""Fixtures of the sync tests: an office and two enrolled devices on a real disk."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from sync_helpers import Enrolled, make_enrolled  # noqa: E402


@pytest.fixture(scope="session")
def _enrolled_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("enrolled")
    make_enrolled(root)
    return root




# These modules run on both stores: TinyDB files, and the enrolled office moved into a real
# PostgreSQL database (`doorstep office migrate`'s code) before the test begins.
BOTH_STORES = {"test_merge", "test_settle", "test_death_recorded", "test_corrections_keep_date"}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "store_kind" in metafunc.fixturenames and metafunc.module.__name__.rsplit(".", 1)[-1] in BOTH_STORES:
        metafunc.parametrize("store_kind", ["tinydb", "postgresql"])


@pytest.fixture
def store_kind() -> str:
    return "tinydb"


@pytest.fixture
def enrolled(_enrolled_once: Path, tmp_path: Path, store_kind: str,
             request: pytest.FixtureRequest) -> Enrolled:
    """A fresh copy, for each test, of one enrolled office built once for the session; on
    PostgreSQL, its office moved into a database of its own."""
    shutil.copytree(_enrolled_once, tmp_path, dirs_exist_ok=True)
    if store_kind == "postgresql":
        from doorstep.storage.home import Home
        from doorstep.storage.postgres.migrate import migrate_office

        migrate_office(Home.open(tmp_path / "office"), request.getfixturevalue("fresh_database_url"))
    return Enrolled.open(tmp_path)
