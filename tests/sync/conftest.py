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


@pytest.fixture
def enrolled(_enrolled_once: Path, tmp_path: Path) -> Enrolled:
    """A fresh copy, for each test, of one enrolled office built once for the session."""
    shutil.copytree(_enrolled_once, tmp_path, dirs_exist_ok=True)
    return Enrolled.open(tmp_path)
