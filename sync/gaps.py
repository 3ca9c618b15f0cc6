"""The bundles an office has not received, said as runs: a laptop that was away for a year is
missing hundreds in a row, and "506–2499" is what a supervisor can read, not 1,994 lines."""

from __future__ import annotations

from collections.abc import Iterable

from doorstep.i18n import Lang

# How each language lists numbers and writes a range of them.
_LIST = {"zh": "、", "en": ", "}
_RANGE = {"zh": "～", "en": "–"}


def runs(sequences: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive sequence numbers as (first, last) pairs, in order; duplicates are one."""
    out: list[tuple[int, int]] = []
    for n in sorted(set(sequences)):
        if out and n == out[-1][1] + 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def runs_text(sequences: Iterable[int], lang: Lang = "en") -> str:
    """ "3, 5–9, 12" ("3、5～9、12"): a run of two is two numbers, a longer one a range."""
    parts: list[str] = []
    for first, last in runs(sequences):
        if first == last:
            parts.append(str(first))
        elif last == first + 1:
            parts.extend((str(first), str(last)))
        else:
            parts.append(f"{first}{_RANGE[lang]}{last}")
    return _LIST[lang].join(parts)
