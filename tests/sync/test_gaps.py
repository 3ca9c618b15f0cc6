"""Missing bundles are said as runs, in the CLI's merge report: a laptop away for months is
missing many in a row."""

from __future__ import annotations

from doorstep.sync.gaps import runs, runs_text
from hypothesis import given
from hypothesis import strategies as st


def test_runs_of_consecutive_numbers() -> None:
    assert runs([]) == []
    assert runs([7, 3, 4, 5, 9, 10, 5]) == [(3, 5), (7, 7), (9, 10)]
    assert runs_text([1]) == "1"
    assert runs_text([3, 4]) == "3, 4"  # two in a row are two numbers
    assert runs_text([3, 4, 5, 9, 12, 13, 14, 15]) == "3–5, 9, 12–15"
    assert runs_text([3, 4, 5, 9], "zh") == "3～5、9"


@given(st.sets(st.integers(min_value=1, max_value=400)))
def test_runs_cover_exactly_the_numbers(numbers: set[int]) -> None:
    found = [n for first, last in runs(numbers) for n in range(first, last + 1)]
    assert found == sorted(numbers)
    pairs = runs(numbers)
    assert all(b[0] > a[1] + 1 for a, b in zip(pairs, pairs[1:], strict=False))  # runs never touch
