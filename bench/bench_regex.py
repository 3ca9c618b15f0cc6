"""Benchmark of regex(): RE2 against Python's backtracking `re` on a catastrophic pattern.

    python bench/bench_regex.py [--max-backtracking 24]

`(a+)+$` on n 'a's followed by '!' makes a backtracking engine try every way of splitting the
run: its time doubles with each character. The baseline is Python's `re` on the same text, for
lengths where it still finishes; RE2 is then timed on 10,000 and 100,000 characters.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from doorstep.survey.regex import full_match  # noqa: E402

PATTERN = "(a+)+$"


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-backtracking", type=int, default=24)
    args = parser.parse_args()
    backtracking = re.compile(PATTERN)
    print(f"pattern {PATTERN!r}, text 'a' * n + '!'")
    print(f"{'n':>8} {'re (s)':>10} {'re2 (s)':>10} {'ratio':>10}")
    for n in range(16, args.max_backtracking + 1, 2):
        text = "a" * n + "!"
        slow = timed(lambda: backtracking.fullmatch(text))  # noqa: B023
        fast = timed(lambda: full_match(PATTERN, text))  # noqa: B023
        print(f"{n:>8} {slow:>10.4f} {fast:>10.6f} {slow / max(fast, 1e-9):>10.0f}")
    for n in (10_000, 100_000):
        text = "a" * n + "!"
        fast = timed(lambda: full_match(PATTERN, text))  # noqa: B023
        print(f"{n:>8} {'(years)':>10} {fast:>10.6f}")


if __name__ == "__main__":
    main()
