"""Lay the source folders out as they install (doorstep/survey, doorstep/sync, ...) in build/stage.

The folders stay at the top of the repository and setuptools maps them into `doorstep` (pyproject's
package-dir). An editable install resolves that mapping with an import hook, which static tools
(import-linter's grimp, mypy) do not run, so CI gives them a copy laid out as the wheel is.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGE = ROOT / "build" / "stage"


def lay_out(target: Path) -> None:
    mapping = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package_dir = mapping["tool"]["setuptools"]["package-dir"]
    shutil.rmtree(target, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package, folder in sorted(package_dir.items()):
        shutil.copytree(ROOT / folder, target.joinpath(*package.split(".")), ignore=ignore,
                        dirs_exist_ok=True)


if __name__ == "__main__":
    lay_out(STAGE)
    print(STAGE)
