"""Household identifiers printed as QR codes and typed by people or handheld scanners.

Alphabet: the ten digits and the upper-case letters that cannot be mistaken for one another or
for a digit: I and L (1), O (0), U (V) and Z (2) are left out. No punctuation at all, because
scanners type punctuation differently under different keyboard layouts. That leaves 31 symbols,
a prime, which is what makes the check character strong:

    check = -(sum of w_k * value_k) mod 31,  weights w = n, n-1, ..., 2 for the payload

so that sum(w_k * value_k) + 1 * check == 0 (mod 31). A substitution at position k changes the
sum by w_k * (a - b), never 0 mod 31 because 0 < w_k < 31 and 0 < |a - b| < 31 and 31 is prime.
A swap of neighbours changes it by (w_k - w_k+1) * (a - b) = +-(a - b), never 0 either.
"""

from __future__ import annotations

import enum
import secrets
import unicodedata
from collections.abc import Container

from doorstep.i18n import Message, UserError
from doorstep.storage.messages import MESSAGES

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXY"
MODULUS = len(ALPHABET)  # 31, prime
VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
PAYLOAD_LENGTH = 7  # 31**7, about 2.7e10 ids: random ids practically never collide
ID_LENGTH = PAYLOAD_LENGTH + 1
MAX_LENGTH = MODULUS - 1  # weights must stay below the modulus

# Letters people type for a digit they read: mapped before checking (as Crockford's base 32).
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_DROPPED = str.maketrans("", "", " -\u00a0\t_")


class QrCheck(enum.Enum):
    OK = "ok"
    TYPO = "typo"  # every character is allowed but the check character does not match
    MALFORMED = "malformed"  # wrong length or characters outside the alphabet


class QrIdError(UserError):
    """A typed identifier that is not a valid id; `reason` is "typo" or "malformed"."""

    def __init__(self, reason: str, text: str) -> None:
        super().__init__(Message(MESSAGES, f"qrid_{reason}", {"id": text}))
        self.reason = reason
        self.text = text


def check_character(payload: str) -> str:
    """The check character for `payload` (already in the alphabet)."""
    n = len(payload) + 1
    total = sum((n - k) * VALUE[ch] for k, ch in enumerate(payload))
    return ALPHABET[(-total) % MODULUS]


def new_id(existing: Container[str] = ()) -> str:
    """A random id not in `existing`."""
    while True:
        number = secrets.randbelow(MODULUS**PAYLOAD_LENGTH)
        digits = []
        for _ in range(PAYLOAD_LENGTH):
            number, digit = divmod(number, MODULUS)
            digits.append(ALPHABET[digit])
        payload = "".join(digits)
        candidate = payload + check_character(payload)
        if candidate not in existing:
            return candidate


def normalize(text: str) -> str:
    """What a person or a scanner typed, made comparable: full-width characters (NFKC),
    upper case, no spaces or hyphens, O/I/L read as 0/1."""
    folded = unicodedata.normalize("NFKC", text).upper()
    return folded.translate(_DROPPED).translate(_LOOKALIKES)


def check(text: str) -> QrCheck:
    code = normalize(text)
    if not 2 <= len(code) <= MAX_LENGTH or any(ch not in VALUE for ch in code):
        return QrCheck.MALFORMED
    if check_character(code[:-1]) != code[-1]:
        return QrCheck.TYPO
    return QrCheck.OK


def is_valid(text: str) -> bool:
    return check(text) is QrCheck.OK


def parse(text: str) -> str:
    """The normalised id, or QrIdError saying whether it looks like a typo or is malformed."""
    result = check(text)
    if result is QrCheck.OK:
        return normalize(text)
    raise QrIdError(result.value, text.strip())
