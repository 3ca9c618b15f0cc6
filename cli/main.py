"""Entry point of the `doorstep` command.

Each command group lives in its own module with a `register(subparsers)` function that adds
its parsers and sets `func` on them; `func(args) -> int` returns the exit code. User errors are
`i18n.UserError` and are printed in the chosen language, never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from doorstep.cli import (
    bundle,
    conflicts,
    demo,
    figures,
    forms,
    home,
    keys,
    office,
    payments,
    registry,
    summary,
    visits,
)
from doorstep.cli.messages import MESSAGES, os_error_text, t
from doorstep.i18n import UserError, detect_lang

# The command groups, in the order `doorstep --help` lists them. Each imports what its commands
# need when they run, so that `doorstep --help` stays fast.
COMMAND_GROUPS = (forms, home, office, registry, payments, figures, keys, bundle, demo, summary, visits,
                  conflicts)


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


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="doorstep",
        description="doorstep: offline door-to-door visits / 上门走访",
    )
    parser.add_argument("--home", help="home folder (default: DOORSTEP_HOME or the user data folder)")
    parser.add_argument("--lang", choices=["zh", "en"], help="language / 语言")
    parser.add_argument("--theme", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(sub)
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
        args = build_parser().parse_args(argv)
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
