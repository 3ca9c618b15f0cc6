"""Fixtures of the office screens' tests: offices made by the CLI, copied fresh for each test."""

from __future__ import annotations

import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from doorstep.tui.office.app import OfficeApp  # noqa: E402
from office_homes import fill_inbox, generate, make_problems, merge_inbox  # noqa: E402

FIXED_NOW = datetime(2026, 7, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="session")
def _pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = generate(tmp_path_factory.mktemp("pristine") / "town")
    fill_inbox(root)
    return root


@pytest.fixture(scope="session")
def _merged(_pristine: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("merged") / "town"
    shutil.copytree(_pristine, root)
    merge_inbox(root)
    return root


@pytest.fixture(scope="session")
def _problems(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = generate(tmp_path_factory.mktemp("problems") / "town")
    return root, make_problems(root)


@pytest.fixture
def town(_pristine: Path, tmp_path: Path) -> Path:
    """An office with each device's bundle in its inbox, nothing merged yet."""
    return shutil.copytree(_pristine, tmp_path / "town")


@pytest.fixture
def merged_town(_merged: Path, tmp_path: Path) -> Path:
    """An office that merged both devices' bundles."""
    return shutil.copytree(_merged, tmp_path / "town")


@pytest.fixture
def troubled_town(_problems: tuple[Path, dict], tmp_path: Path) -> tuple[Path, dict]:
    """An office with a conflicting visit and a missing bundle (see office_homes.make_problems)."""
    return shutil.copytree(_problems[0], tmp_path / "town"), _problems[1]


@pytest.fixture
def make_app():
    def factory(office: Path, lang: str = "en", **kw) -> OfficeApp:  # noqa: ANN003
        return OfficeApp(office, lang=lang, now=lambda: FIXED_NOW, **kw)

    return factory
