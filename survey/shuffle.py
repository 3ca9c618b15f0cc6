"""ODK's randomize(): the choices of a question in an order fixed by a seed.

The ODK XForms spec (getodk/xforms-spec #176, #179) fixes the algorithm so that ODK Collect,
Enketo and Web Forms show the same order for the same seed: Durstenfeld's Fisher-Yates shuffle
driven by the Park-Miller "minimal standard" generator (multiplier 16807, modulus 2^31 - 1).
The seed becomes an integer as JavaRosa's Double.longValue() makes it: fractions are dropped,
NaN is 0, infinities are the ends of a 64-bit integer. With the spec's test input A-F, seed 42
gives BDFECA, -42 EDACBF, 1 ECBDFA and 11111111 ADBCEF (tests/survey/test_randomize.py).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")
_MODULUS = 2_147_483_647
_MULTIPLIER = 16_807
_LONG_MAX = 2**63 - 1


def java_long(seed: float) -> int:
    """A seed as JavaRosa turns a number into the generator's long."""
    if math.isnan(seed):
        return 0
    if math.isinf(seed):
        return _LONG_MAX if seed > 0 else -_LONG_MAX - 1
    return max(min(int(seed), _LONG_MAX), -_LONG_MAX - 1)  # int() truncates towards zero


def shuffled(items: Sequence[T], seed: float) -> list[T]:
    """`items` in ODK's order for `seed`."""
    long = java_long(seed)
    state = abs(long) % _MODULUS * (1 if long >= 0 else -1)  # Java's remainder keeps the sign
    if state <= 0:
        state += _MODULUS - 1
    out = list(items)
    n = len(out)
    while n:
        state = state * _MULTIPLIER % _MODULUS
        j = math.floor((state - 1) / (_MODULUS - 1) * n)
        n -= 1
        out[n], out[j] = out[j], out[n]
    return out


def visit_seed(visit: str, question: str) -> int:
    """A seed for a randomize without one: fixed per visit and question, so that the order does not
    change when the volunteer goes back or the draft is opened again (ODK reshuffles on every
    opening; a volunteer at a door would take that for a fault)."""
    digest = hashlib.sha256(f"{visit}\x00{question}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % (_MODULUS - 1) + 1
