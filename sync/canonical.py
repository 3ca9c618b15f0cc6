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
    """The bytes are not canonical JSON."""


def _no_float(text: str) -> Any:
    raise CanonicalError(f"a floating-point number ({text[:20]}) where only integers are allowed")


def _no_constant(text: str) -> Any:
    raise CanonicalError(f"{text} is not JSON")


def dumps(value: Any) -> bytes:
    try:
        return json.dumps(
            value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
        ).encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate
        raise CanonicalError("text that is not valid Unicode") from exc


def loads(data: bytes) -> Any:
    """Parse canonical JSON; CanonicalError if malformed or spelled any other way."""
    try:
        value = json.loads(data.decode("utf-8"), parse_float=_no_float, parse_constant=_no_constant)
    except UnicodeDecodeError as exc:
        raise CanonicalError("not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise CanonicalError(f"malformed JSON at byte {exc.pos}: {exc.msg}") from exc
    except RecursionError as exc:
        raise CanonicalError("JSON nested too deeply") from exc
    if dumps(value) != data:
        raise CanonicalError("JSON not in canonical form")
    return value
