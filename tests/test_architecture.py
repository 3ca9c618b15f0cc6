"""The domain core never depends on the TUI, and no code evaluates text as Python."""

from __future__ import annotations

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
DOMAIN = ("survey", "storage", "sync", "i18n", "demo", "reports")


def _python_files(package: str) -> list[pathlib.Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _imported_modules(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", DOMAIN)
def test_domain_packages_never_import_textual_or_tui(package: str) -> None:
    files = _python_files(package)
    assert files, f"{package}/ has no Python files"
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in files
        for name in _imported_modules(path)
        if name.split(".")[0] in {"textual", "tui", "cli"}
    ]
    assert offenders == []


def test_no_eval_exec_or_pickle_anywhere() -> None:
    offenders = []
    for package in (*DOMAIN, "tui", "cli"):
        for path in _python_files(package):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                    if node.func.id in {"eval", "exec"}:
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if "pickle" in _imported_modules(path):
                offenders.append(f"{path.relative_to(ROOT)} imports pickle")
    assert offenders == []


def test_the_checker_itself_sees_a_textual_import(tmp_path: pathlib.Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from textual.app import App\n", encoding="utf-8")
    assert "textual.app" in _imported_modules(bad)
