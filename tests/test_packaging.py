"""doorstep installs one import name, and its entry points work as installed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_holds_only_doorstep_with_its_forms(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path),
                           str(ROOT)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    [wheel] = tmp_path.glob("doorstep-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert tops == {"doorstep"}
    for form in ("home_care", "house_inspection", "condolence", "verification"):
        assert f"doorstep/survey/forms/{form}.toml" in names
    assert "doorstep/tui/app.tcss" in names and "doorstep/__main__.py" in names
    assert not [name for name in names if "/tests/" in name or name.startswith("tests/")]


def test_generic_names_are_not_importable(tmp_path: Path) -> None:
    for name in ("survey", "storage", "sync", "tui", "cli", "reports", "demo", "i18n"):
        done = subprocess.run([sys.executable, "-c", f"import {name}"], cwd=tmp_path,
                              capture_output=True, text=True)
        assert done.returncode != 0 and "ModuleNotFoundError" in done.stderr, name


def test_python_dash_m_doorstep_and_the_console_script(tmp_path: Path) -> None:
    as_module = subprocess.run([sys.executable, "-m", "doorstep", "--lang", "en", "forms", "list"],
                               cwd=tmp_path, capture_output=True, text=True)
    script = Path(sys.executable).with_name("doorstep")
    as_script = subprocess.run([str(script), "--lang", "en", "forms", "list"], cwd=tmp_path,
                               capture_output=True, text=True)
    assert as_module.returncode == 0 and as_script.returncode == 0, as_module.stderr + as_script.stderr
    assert as_module.stdout == as_script.stdout
    assert "Condolence visit" in as_module.stdout
