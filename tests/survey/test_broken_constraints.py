"""Checklist.broken_constraints looks only at the questions with a constraint (a merge checks
every visit of a stick): it must find what walking every item and validating finds."""

from __future__ import annotations

from typing import Any

from doorstep.survey import builtin_forms
from doorstep.survey.engine import Checklist
from hypothesis import given, settings
from hypothesis import strategies as st

AMOUNTS = st.sampled_from(["", "0", "500", "500.505", "100001", "12", "abc", "-3", "1e3"])
COUNTS = st.sampled_from(["", "0", "1", "101", "7", "x"])


def by_every_item(checklist: Checklist) -> list[tuple[str, tuple[Any, ...]]]:
    return [(item.question.name, item.slot) for item in checklist.items()
            if item.question.constraint and item.value and checklist.validate(item.slot)]


@settings(max_examples=150, deadline=None)
@given(form_id=st.sampled_from(["condolence", "benefits"]),
       entries=st.lists(st.tuples(st.sampled_from(["condolence_money", "gift", "pension", "medal",
                                                    "health_check", ""]), AMOUNTS, COUNTS), max_size=4))
def test_the_breaks_found_are_those_of_every_item(form_id: str, entries: list[tuple[str, str, str]]) -> None:
    form = builtin_forms()[form_id]
    repeat, kind = ("items", "kind") if form_id == "condolence" else ("benefits", "benefit")
    answers: dict[str, Any] = {repeat: [{kind: k, "amount": a, "count": c} for k, a, c in entries],
                               "occasion": "spring_festival"}
    checklist = Checklist(form, answers, lang="zh")
    found = [(q.name, slot) for q, slot in checklist.broken_constraints()]
    assert found == by_every_item(Checklist(form, answers, lang="zh"))


def test_a_break_in_the_second_entry_is_found() -> None:
    form = builtin_forms()["condolence"]
    answers = {"occasion": "spring_festival",
               "items": [{"kind": "condolence_money", "amount": "500"},
                         {"kind": "condolence_money", "amount": "100001"}]}
    assert [slot for _, slot in Checklist(form, answers).broken_constraints()] == [("items", 1, "amount")]
