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

from cli.messages import MESSAGES, t
from i18n import UserError, detect_lang

# Command-group modules, imported lazily so that `doorstep --help` stays fast.
COMMAND_MODULES = (
    "cli.forms",
    "cli.home",
    "cli.registry",
    "cli.keys",
    "cli.bundle",
    "cli.demo",
    "cli.summary",
    "cli.visits",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="doorstep",
        description="doorstep: offline door-to-door visits / 上门走访",
    )
    parser.add_argument("--home", help="home folder (default: DOORSTEP_HOME or the user data folder)")
    parser.add_argument("--lang", choices=["zh", "en"], help="language / 语言")
    parser.add_argument("--theme", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # that group is not built yet
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # Keep what was typed: the TUI prefers the home's setting over the locale, but not over --lang.
    args.lang_given = args.lang
    lang = detect_lang(args.lang)
    args.lang = lang
    func = getattr(args, "func", None)
    try:
        if func is None:
            from cli.app import run_app

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
        print(t("os_error", lang, what=exc.strerror or str(exc), where=exc.filename or "-"),
              file=sys.stderr)
        return 1


__all__ = ["main", "MESSAGES"]

if __name__ == "__main__":
    raise SystemExit(main())
