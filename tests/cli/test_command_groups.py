"""The CLI imports only the command group of the command typed (a merge at the office, the TUI
on a laptop, do not wait for the reports or the register import), and the table that says which
group holds which command is the groups' own."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
from doorstep.cli.main import COMMAND_GROUPS, COMMANDS, command_group, main

ROOT = Path(__file__).resolve().parents[2]


def test_the_table_of_commands_is_what_the_groups_register() -> None:
    registered = {}
    for name in COMMAND_GROUPS:
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        command_group(name).register(sub)
        registered.update(dict.fromkeys(sub.choices, name))
    assert registered == COMMANDS
    assert set(COMMANDS.values()) == set(COMMAND_GROUPS)


def _groups_loaded(*argv: str) -> set[str]:
    code = ("import sys\nfrom doorstep.cli.main import main, COMMAND_GROUPS\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print(' '.join(g for g in COMMAND_GROUPS if 'doorstep.cli.' + g in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, cwd=ROOT,
                          check=True)
    return set(done.stdout.splitlines()[-1].split()) if done.stdout.strip() else set()


def test_a_command_imports_its_own_group_only(tmp_path: Path) -> None:
    assert _groups_loaded("--home", str(tmp_path / "none"), "--lang", "en", "bundle", "verify",
                          str(tmp_path / "missing.json")) == {"bundle"}
    assert _groups_loaded("--lang=zh", "forms", "list") == {"forms"}


def test_help_and_unknown_commands_still_list_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "en", "--help"])
    listed = capsys.readouterr().out
    assert all(command in listed for command in COMMANDS)
    assert main(["--lang", "en", "bundel", "merge"]) == 1  # a typo: argparse names the choices
    err = capsys.readouterr().err
    assert "invalid choice: 'bundel'" in err and "'bundle'" in err
