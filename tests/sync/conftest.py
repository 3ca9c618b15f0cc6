"""Fixtures of the sync tests: an office and two enrolled devices on a real disk."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from sync_helpers import Enrolled, make_enrolled  # noqa: E402


@pytest.fixture
def enrolled(tmp_path: Path) -> Enrolled:
    return make_enrolled(tmp_path)
