"""Canonical JSON: one byte string per value, so that hashes and signatures are reproducible.

Keys sorted, no spaces, UTF-8, no floats (amounts travel as text, as ODK keeps them). Parsing is
strict: a document that would not re-encode to exactly the same bytes (duplicate keys, escapes
where none are needed, spaces, floats, NaN) is refused, so there is only one valid spelling of
every bundle and nothing can hide in the slack.
"""

from __future__ import annotations

import json
from typing import Any


class CanonicalError(ValueError):
    """The bytes are not canonical JSON. `key` names what is wrong (sync.messages has `json_<key>`
    in both languages, with `params`); the exception's text is the English."""

    def __init__(self, text: str, key: str, **params: Any) -> None:
        super().__init__(text)
        self.key = key
        self.params = params


def _no_float(text: str) -> Any:
    raise CanonicalError(f"a floating-point number ({text[:20]}) where only integers are allowed",
                         "float", number=text[:20])


def _no_constant(text: str) -> Any:
    raise CanonicalError(f"{text} is not JSON", "constant", constant=text)


MAX_INT_DIGITS = 19  # every integer a bundle or backup holds is below 2**53 (16 digits)


def _bounded_int(text: str) -> int:
    # Python refuses to read an integer of more than 4300 digits with a ValueError that is no
    # JSONDecodeError, and reads shorter ones in quadratic time: neither may reach a caller.
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise CanonicalError(f"an integer of {len(text)} digits", "long_int", digits=len(text))
    return int(text)


def dumps(value: Any) -> bytes:
    try:
        return json.dumps(
            value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
        ).encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate
        raise CanonicalError("text that is not valid Unicode", "surrogate") from exc


def loads(data: bytes) -> Any:
    """Parse canonical JSON; CanonicalError if malformed or spelled any other way."""
    try:
        value = json.loads(data.decode("utf-8"), parse_float=_no_float, parse_int=_bounded_int,
                           parse_constant=_no_constant)
    except UnicodeDecodeError as exc:
        raise CanonicalError("not UTF-8 text", "not_utf8") from exc
    except json.JSONDecodeError as exc:
        raise CanonicalError(f"malformed JSON at byte {exc.pos}: {exc.msg}", "malformed",
                             pos=exc.pos) from exc
    except RecursionError as exc:
        raise CanonicalError("JSON nested too deeply", "deep") from exc
    if dumps(value) != data:
        raise CanonicalError("JSON not in canonical form", "not_canonical")
    return value
