"""main(argv) called again and again in one process, as the tests call it: nothing carries over."""

from __future__ import annotations

import sys

import pytest
from doorstep.cli.main import main


def test_a_mistyped_command_returns_1_in_the_language_typed_and_the_next_call_is_clean(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # The language comes from the argv given, not from the process's own command line.
    monkeypatch.setattr(sys, "argv", ["pytest", "--lang", "zh"])
    assert main(["--lang", "en", "summary", "--format", "pdf"]) == 1
    err = capsys.readouterr().err
    assert "doorstep summary --help" in err and "invalid choice: 'pdf'" in err
    assert "命令写得不对" not in err
    assert main(["--lang", "zh", "summary", "--format", "pdf"]) == 1
    assert "命令写得不对" in capsys.readouterr().err
    assert main(["--lang", "en", "forms", "list"]) == 0
    done = capsys.readouterr()
    assert "Condolence visit" in done.out and done.err == ""


def test_help_still_exits_0_as_argparse_does(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    assert "usage: doorstep" in capsys.readouterr().out
