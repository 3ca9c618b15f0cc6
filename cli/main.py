"""Entry point of the `doorstep` command.

Each command group lives in its own module with a `register(subparsers)` function that adds
its parsers and sets `func` on them; `func(args) -> int` returns the exit code. User errors are
`i18n.UserError` and are printed in the chosen language, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from doorstep.cli.messages import MESSAGES, os_error_text, t
from doorstep.i18n import UserError, detect_lang

# The command groups (modules of doorstep.cli), in the order `doorstep --help` lists them, and
# the commands each adds. Only the group of the command typed is imported: a group pulls in
# what its commands need (the store, the reports, the survey engine), and a merge at the office
# or the TUI on a laptop should not wait for the others (tests/cli/test_main.py keeps the two
# in step).
COMMAND_GROUPS = ("forms", "home", "office", "registry", "payments", "figures", "keys", "bundle", "demo",
                  "summary", "visits", "conflicts")
COMMANDS = {"forms": "forms", "init": "home", "office": "office", "registry": "registry",
            "payments": "payments", "figures": "figures", "keys": "keys", "device": "keys", "pin": "keys",
            "bundle": "bundle", "assign": "bundle", "demo": "demo", "summary": "summary",
            "visits": "visits", "conflicts": "conflicts"}
_GLOBAL_WITH_VALUE = ("--home", "--lang", "--theme")


def command_group(name: str) -> ModuleType:
    return importlib.import_module(f"doorstep.cli.{name}")


def _groups_for(argv: Sequence[str] | None) -> tuple[str, ...]:
    """The groups the parser needs for this command line: the command's own, none when no
    command is typed (the TUI starts), every one for help or a command not known here (argparse
    lists them all)."""
    if argv is None:
        return COMMAND_GROUPS
    args = iter(argv)
    for arg in args:
        if arg in _GLOBAL_WITH_VALUE:
            next(args, None)
        elif arg.startswith(tuple(f"{o}=" for o in _GLOBAL_WITH_VALUE)):
            continue
        elif arg.startswith("-"):
            return COMMAND_GROUPS  # --help, or an option argparse will explain with the full list
        else:
            group = COMMANDS.get(arg)
            return (group,) if group is not None else COMMAND_GROUPS
    return ()


class Mistyped(Exception):
    """argparse could not understand the command line; `parser` is the (sub)command's parser."""

    def __init__(self, parser: argparse.ArgumentParser, detail: str) -> None:
        super().__init__(detail)
        self.parser = parser
        self.detail = detail


class Parser(argparse.ArgumentParser):
    """argparse, but a mistyped command is bad input like any other: main() says so in one line in
    the user's language (argparse's own detail, in English, after it) and returns exit code 1.
    Raising instead of exiting keeps main() callable again in the same process (the tests do)."""

    def error(self, message: str) -> NoReturn:
        raise Mistyped(self, message)


def _lang_in(argv: Sequence[str]) -> str | None:
    """The --lang typed, before argparse has understood the rest."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of `doorstep`; given the command line, only with the command groups it needs."""
    parser = Parser(
        prog="doorstep",
        description="doorstep: offline door-to-door visits / 上门走访",
    )
    parser.add_argument("--home", help="home folder (default: DOORSTEP_HOME or the user data folder)")
    parser.add_argument("--lang", choices=["zh", "en"], help="language / 语言")
    parser.add_argument("--theme", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _groups_for(argv):
        command_group(name).register(sub)
    _accept_global_options_anywhere(parser)
    return parser


def _accept_global_options_anywhere(parser: argparse.ArgumentParser) -> None:
    """Let --home and --lang follow the command too (`doorstep keys show --lang en`), as people
    type them. Defaults are suppressed, so a value given before the command is kept."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for child in action.choices.values():
            options = child._option_string_actions
            if "--home" not in options:
                child.add_argument("--home", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
            if "--lang" not in options:
                child.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS,
                                   help=argparse.SUPPRESS)
            _accept_global_options_anywhere(child)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = build_parser(argv).parse_args(argv)
    except Mistyped as exc:
        lang = detect_lang(_lang_in(argv))
        exc.parser.print_usage(sys.stderr)
        print(t("error_prefix", lang) + t("usage_error", lang, command=exc.parser.prog, detail=exc.detail),
              file=sys.stderr)
        return 1
    # Keep what was typed: the TUI prefers the home's setting over the locale, but not over --lang.
    args.lang_given = args.lang
    lang = detect_lang(args.lang)
    args.lang = lang
    from doorstep.cli.secrets import install_prompt

    install_prompt(lang)  # a home that needs its PIN asks for it at the terminal
    func = getattr(args, "func", None)
    try:
        if func is None:
            from doorstep.cli.app import run_app

            return run_app(args)
        return int(func(args) or 0)
    except UserError as exc:
        print(t("error_prefix", lang) + exc.render(lang), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(t("interrupted", lang), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a full disk, a read-only folder: say what and where
        print(os_error_text(exc, lang), file=sys.stderr)
        return 1


__all__ = ["main", "MESSAGES"]

if __name__ == "__main__":
    raise SystemExit(main())
