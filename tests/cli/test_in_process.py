"""main(argv) called again and again in one process, as the tests call it: nothing carries over."""

from __future__ import annotations

import os
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


def test_the_runner_gives_each_call_its_environment_and_puts_everything_back(tmp_path) -> None:  # noqa: ANN001
    from cli_runner import invoke

    before = (dict(os.environ), os.getcwd(), sys.stdin, sys.stdout, sys.stderr, sys.argv)
    zh = invoke(["forms", "list"], env={"LANG": "zh_CN.UTF-8"}, cwd=tmp_path)
    en = invoke(["forms", "list"], env={"LANG": "en_US.UTF-8"})
    assert zh.code == en.code == 0
    assert "走访慰问" in zh.out and "Condolence visit" in en.out  # the language from each run's LANG
    assert (dict(os.environ), os.getcwd(), sys.stdin, sys.stdout, sys.stderr, sys.argv) == before
    mistyped = invoke(["--lang", "en", "nosuch"])
    assert mistyped.code == 1 and "invalid choice: 'nosuch'" in mistyped.err and mistyped.out == ""
    assert invoke(["--help"]).code == 0
