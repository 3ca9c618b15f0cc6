"""Fixtures of the command-line tests: a generated office and two devices, on a real disk."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from cli_helpers import World, doorstep  # noqa: E402


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated")
    done = doorstep("demo", "generate", "--out", root / "w", "--households", "12", "--devices", "2",
                    "--visits", "6", "--seed", "3", "--today", "2026-11-01")
    assert done.code == 0, done.err
    return root / "w"


@pytest.fixture
def world(generated: Path, tmp_path: Path) -> World:
    """A fresh copy of the generated office and devices, with an empty shared stick."""
    root = tmp_path / "w"
    shutil.copytree(generated, root)
    (root / "stick").mkdir()
    return World(root, root / "office", (root / "device-1", root / "device-2"), root / "stick")
