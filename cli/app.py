"""`doorstep` with no command: open the volunteer's app on the home."""

from __future__ import annotations

import argparse
import sys

from i18n import detect_lang, normalize_lang
from storage.home import Home, resolve_home_dir


def _explicit_lang(args: argparse.Namespace) -> str | None:
    """The language given on the command line, if any.

    cli.main replaces args.lang with the detected language (locale included) before calling us,
    which would hide the home's own setting; so look at whether --lang was actually given.
    """
    given = getattr(args, "lang_given", None)
    if given is not None:
        return given or None
    argv = sys.argv[1:]
    if any(a == "--lang" or a.startswith("--lang=") for a in argv):
        return normalize_lang(getattr(args, "lang", None))
    return None


def run_app(args: argparse.Namespace) -> int:
    """Open the app on --home / DOORSTEP_HOME / the default home; first start creates one.

    An existing home is opened (and its lock taken) before the terminal is taken over, so that
    "another doorstep is writing to this home" or a damaged store is a plain message, exit 1.
    """
    from datetime import datetime

    from tui.app import DoorstepApp
    from tui.session import Session

    path = resolve_home_dir(getattr(args, "home", None))
    lang = _explicit_lang(args)
    session = None
    if Home.exists(path):
        home = Home.open(path)
        session = Session.open(
            home, detect_lang(lang, home.settings.get("lang")), lambda: datetime.now().astimezone()
        )
    try:
        app = DoorstepApp(path, lang=lang, theme=getattr(args, "theme", None), session=session)
        app.run()
    finally:
        if session is not None:
            session.close()  # the app closes it on exit too; closing twice is harmless
    return int(app.return_code or 0)
