"""`doorstep` with no command: open the app on the home (the office's screens on an office)."""

from __future__ import annotations

import argparse

from doorstep.i18n import detect_lang, normalize_lang
from doorstep.storage.home import Home, resolve_home_dir
from doorstep.storage.unlock import env_secret


def _explicit_lang(args: argparse.Namespace) -> str | None:
    """The language typed on the command line, if any: it beats the home's setting, which in
    turn beats the locale (cli.main keeps it as `lang_given` beside the detected `lang`)."""
    return normalize_lang(getattr(args, "lang_given", None))


def run_app(args: argparse.Namespace) -> int:
    """Open the app on --home / DOORSTEP_HOME / the default home; first start creates one.

    An existing home unlocked by DOORSTEP_PASSPHRASE is opened (and its lock taken) before the
    terminal is taken over, so that "another doorstep is writing to this home" or a damaged store
    is a plain message, exit 1; without it the app's unlock screen asks for the PIN first.
    """
    from datetime import datetime

    from doorstep.tui.app import DoorstepApp
    from doorstep.tui.session import Session

    path = resolve_home_dir(getattr(args, "home", None))
    lang = normalize_lang(_explicit_lang(args))
    session = None
    if Home.exists(path):
        if Home.open_locked(path).kind == "office":
            from doorstep.tui.office.app import run_office

            # An office unlocks at the terminal (a passphrase, asked without echo) or from
            # DOORSTEP_PASSPHRASE, before its screens start.
            return run_office(Home.open(path), lang=lang, theme=getattr(args, "theme", None))
        if env_secret():
            home = Home.open(path)
            session = Session.open(
                home, detect_lang(lang, home.settings.get("lang")), lambda: datetime.now().astimezone()
            )
        # else the app's unlock screen asks for the laptop's PIN
    try:
        app = DoorstepApp(path, lang=lang, theme=getattr(args, "theme", None), session=session)
        app.run()
    finally:
        if session is not None:
            session.close()  # the app closes it on exit too; closing twice is harmless
    return int(app.return_code or 0)
