"""The architecture is a contract: import-linter's layers and the textual ban (pyproject.toml),
plus a ban on evaluating text as Python. Each contract is also shown to catch a wrong import."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".ci"))

import stage  # noqa: E402  (.ci/stage.py lays the folders out as they install)

SOURCES = ("survey", "storage", "sync", "i18n", "demo", "reports", "tui", "cli")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(stage_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT_IMPORTS), str(ROOT / "pyproject.toml")], cwd=stage_dir,
                          capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(stage_dir), "PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("stage")
    stage.lay_out(target)
    return target


def test_the_contracts_hold(staged: Path) -> None:
    done = _lint_imports(staged)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 kept, 0 broken" in done.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("storage/wrong.py", "from doorstep.sync import merge\n", "layers"),
    ("survey/wrong.py", "import textual.app\n", "nothing below tui imports textual"),
    ("reports/wrong.py", "from doorstep.tui import app\n", "layers"),
])
def test_a_wrong_import_breaks_a_contract(staged: Path, tmp_path: Path, module: str, line: str,
                                          contract: str) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(staged, broken)
    (broken / "doorstep" / module).write_text(line, encoding="utf-8")
    done = _lint_imports(broken)
    assert done.returncode != 0
    assert f"{contract}" in done.stdout and "BROKEN" in done.stdout


def _python_files() -> list[Path]:
    return sorted(path for package in SOURCES for path in (ROOT / package).rglob("*.py"))


def test_no_eval_exec_or_pickle_anywhere() -> None:
    offenders = []
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id in {"eval", "exec"}:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
                if any((name or "").split(".")[0] in {"pickle", "marshal", "shelve"} for name in names):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports pickle")
    assert offenders == []
