"""PINs and passphrases on the command line: typed without echo, or DOORSTEP_PASSPHRASE.

`install_prompt` hands storage.unlock an asker that prompts at the terminal (getpass: no echo);
with no terminal (a script, a pipe) nothing is asked and the command says to set
DOORSTEP_PASSPHRASE. A new secret is typed twice and checked by storage.secret_rules.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from doorstep.cli.messages import t
from doorstep.i18n import Lang, Message, UserError
from doorstep.storage import unlock
from doorstep.storage.messages import MESSAGES
from doorstep.storage.secret_rules import check_new_secret

NEW_PASSPHRASE_ENV = "DOORSTEP_NEW_PASSPHRASE"


def _interactive() -> bool:
    return sys.stdin.isatty()


def install_prompt(lang: Lang) -> None:
    def ask(home: Path, new: bool) -> str | None:
        if not _interactive():
            return None
        if new:
            return ask_new(lang, home, "secret_new_prompt")
        return getpass.getpass(t("secret_prompt", lang, home=str(home))) or None

    unlock.set_asker(ask)


def ask_new(lang: Lang, home: Path, prompt: str) -> str:
    first = getpass.getpass(t(prompt, lang, home=str(home)))
    if getpass.getpass(t("secret_again", lang)) != first:
        raise UserError(Message(MESSAGES, "secrets_differ", {}))
    return first


def new_secret(lang: Lang, home: Path, kind: str, *, env: str = unlock.PASSPHRASE_ENV,
               prompt: str = "secret_new_prompt") -> str:
    """A new PIN or passphrase for `home`: from `env`, else typed twice; checked either way."""
    secret = os.environ.get(env) or None
    if secret is None and _interactive():
        secret = ask_new(lang, home, prompt)
    if not secret:
        raise UserError(Message(MESSAGES, "home_new_secret_needed", {"home": str(home)}))
    check_new_secret(secret, kind)
    return secret
