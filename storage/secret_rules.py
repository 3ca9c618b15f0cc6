"""What a new PIN or passphrase must be, checked when one is set (never when one is entered).

A laptop's PIN: at least 6 digits (full-width digits count), not one digit repeated, not a run
such as 123456 or 987654. With Argon2id at half a second a guess, a 6-digit PIN that is not one
of the first guesses costs an attacker days of one core per million tries; the office's recovery
key is the answer to a forgotten one, so there is no reason to allow a short one.

A passphrase (an office's home, a key backup, or a laptop whose user prefers one): at least 10
characters and a zxcvbn score of 3 or more ("safely unguessable": about 10^8 guesses), which
refuses "aaaaaaaaaa", "1234567890", "password12" and ten spaces, and accepts a few unrelated words.
"""

from __future__ import annotations

import unicodedata

from doorstep.i18n import Message, UserError
from doorstep.storage.messages import MESSAGES

MIN_PIN = 6
MIN_PASSPHRASE = 10
MIN_SCORE = 3


def _err(key: str, **params: object) -> UserError:
    return UserError(Message(MESSAGES, key, dict(params)))


def normalize_secret(secret: str) -> str:
    """NFKC, so that full-width digits typed with a Chinese input method are the same PIN."""
    return unicodedata.normalize("NFKC", secret)


def is_pin(secret: str) -> bool:
    text = normalize_secret(secret)
    return bool(text) and text.isascii() and text.isdigit()


def check_pin(secret: str) -> None:
    pin = normalize_secret(secret)
    if not (pin.isascii() and pin.isdigit()):
        raise _err("pin_not_digits")
    if len(pin) < MIN_PIN:
        raise _err("pin_too_short", n=MIN_PIN)
    if len(set(pin)) == 1:
        raise _err("pin_all_same")
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:], strict=False)}
    if steps in ({1}, {9}):  # 123456, 890123, 654321, 109876
        raise _err("pin_run")


def check_passphrase(secret: str) -> None:
    from zxcvbn import zxcvbn

    text = normalize_secret(secret)
    if len(text.strip()) < MIN_PASSPHRASE:
        raise _err("passphrase_short", n=MIN_PASSPHRASE)
    result = zxcvbn(text[:100])  # zxcvbn's cost grows with the length; 100 characters say enough
    if result["score"] >= MIN_SCORE:
        return
    patterns = {match.get("pattern") for match in result.get("sequence", [])}
    hint = ("repeat" if "repeat" in patterns else "sequence" if "sequence" in patterns
            else "common" if patterns & {"dictionary", "spatial"} else "short")
    raise _err(f"passphrase_weak_{hint}")


def check_new_secret(secret: str, kind: str) -> None:
    """A laptop takes a PIN or a passphrase; an office a passphrase."""
    if kind == "device" and is_pin(secret):
        check_pin(secret)
    else:
        check_passphrase(secret)
