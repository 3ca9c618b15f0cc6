"""regex() in linear time: form patterns run on RE2, never on a backtracking engine.

A pattern comes from a form file, which is outside input: with Python's `re`, `(a+)+$` on 28
characters takes seconds and doubles with every character. RE2 guarantees time linear in the
length of the text, at the price of a smaller language (no look-around, no back-references),
so a pattern RE2 cannot compile is refused when the form loads, with the reason.
docs/forms.md lists the differences from ODK's (Java's) dialect.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import re2

# RE2 builds its automaton within this much memory; a pattern that needs more (huge counted
# repetitions) is refused rather than allowed to take the laptop's memory.
_MAX_MEM = 8 << 20


def _options() -> Any:
    options = re2.Options()
    options.log_errors = False  # the reason is reported to the form's author, not to stderr
    options.max_mem = _MAX_MEM
    return options


_OPTIONS = _options()


def pattern_problem(pattern: str) -> str | None:
    """None when RE2 accepts the pattern, else a survey.messages key saying why not."""
    try:
        re2.compile(pattern, _OPTIONS)
    except re2.error as exc:
        why = exc.args[0] if exc.args else b""
        why = why.decode("utf-8", "replace") if isinstance(why, bytes) else str(why)
        if "perl operator" in why:
            return "expr_regex_lookaround"
        if "escape sequence" in why and any(f"\\{d}" in why for d in "123456789"):
            return "expr_regex_backreference"
        return "expr_bad_regex"
    except (UnicodeError, TypeError, ValueError):
        return "expr_bad_regex"
    return None


@lru_cache(maxsize=512)
def compile_regex(pattern: str) -> Any:
    """The compiled pattern, or None when RE2 cannot compile it (it then matches nothing)."""
    try:
        return re2.compile(pattern, _OPTIONS)
    except (re2.error, UnicodeError, TypeError, ValueError):
        return None


def full_match(pattern: str, text: str) -> bool:
    """True when the whole of `text` matches (doorstep's regex(), see docs/forms.md)."""
    compiled = compile_regex(pattern)
    if compiled is None:
        return False
    try:
        return compiled.fullmatch(text) is not None
    except UnicodeError:  # a lone surrogate cannot be encoded for RE2; it is no valid answer
        return False
