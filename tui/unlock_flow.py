"""How the volunteer's app opens a home that is encrypted: the PIN from DOORSTEP_PASSPHRASE, else
the unlock screen; a home from before encryption first gets its PIN set (and is sealed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from doorstep.i18n import UserError
from doorstep.storage.home import Home
from doorstep.storage.unlock import env_secret
from doorstep.tui.screens.unlock import UnlockScreen


def open_existing_home(app: Any, opened: Callable[[Home], None]) -> None:
    """Unlock the home at `app.home_path`, then call `opened(home)`; a UserError ends the app."""
    def run(step: Callable[[], None]) -> None:
        try:
            step()
        except UserError as exc:
            app.exit(message=exc.render(app.lang), return_code=1)

    home = Home.open_locked(app.home_path)
    secret = env_secret()
    if secret:
        run(lambda: opened(Home.open(app.home_path, secret)))
    elif home.encrypted:
        app.push_screen(UnlockScreen(home, mode="unlock"), lambda _s: run(lambda: opened(home)))
    else:
        def seal(new: str | None) -> None:
            assert new is not None
            home.encrypt(new)
            opened(home)

        app.push_screen(UnlockScreen(home, mode="set"), lambda new: run(lambda: seal(new)))


def ask_new_pin(app: Any, then: Callable[[str], None]) -> None:
    """A PIN for a home about to be made: DOORSTEP_PASSPHRASE, else chosen on the unlock screen."""
    secret = env_secret()
    if secret:
        then(secret)
        return
    app.push_screen(UnlockScreen(None, mode="set", kind="device"), lambda new: then(new) if new else None)
