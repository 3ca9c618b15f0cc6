"""Walk the dilapidated-house inspection through the engine."""

from __future__ import annotations

from datetime import date

import pytest
from doorstep.survey import Checklist, get_form

TODAY = date(2026, 8, 1)
ACTION_MESSAGE = ("The action does not fit the grade "
                  "(A: none; B: none or repair; C: repair or rebuild; D: rebuild)")


def fresh(**answers):
    return Checklist(get_form("house_inspection"), answers, lang="en", today=TODAY)


def names(cl):
    return [item.slot[0] for item in cl.items()]


def test_fresh_inspection_asks_no_costs():
    cl = fresh()
    assert names(cl) == ["structure", "year_built", "walls", "roof", "foundation", "danger_signs",
                         "grade", "action", "followup_needed"]
    assert cl.progress() == (0, 9)


def test_year_built_is_bounded_by_this_year():
    cl = fresh()
    assert cl.set(("year_built",), "1899") == ["The year built must be between 1900 and this year"]
    assert cl.set(("year_built",), "2027") == ["The year built must be between 1900 and this year"]
    assert cl.set(("year_built",), "2026") == []
    assert cl.set(("year_built",), "１９８５") == []
    assert cl.answers["year_built"] == "1985"
    next_year = Checklist(get_form("house_inspection"), {"year_built": "2027"}, today=date(2027, 1, 1))
    assert next_year.validate(("year_built",)) == []


def test_other_structure_and_other_danger_sign():
    cl = fresh()
    cl.set(("structure",), "other")
    assert names(cl)[1] == "structure_other"
    cl.set(("danger_signs",), "other tilting")
    assert "danger_other" in names(cl)
    assert cl.item(("danger_other",)).missing


def test_none_is_exclusive_among_danger_signs():
    cl = fresh()
    assert cl.set(("danger_signs",), "none wall_cracks") == [
        "“None” cannot be chosen together with other signs"]
    assert cl.set(("danger_signs",), "none") == []
    assert cl.set(("grade",), "D") == ["A grade C or D house needs its signs of danger recorded"]
    cl.set(("danger_signs",), "wall_cracks tilting")
    assert cl.validate(("grade",)) == []


ALLOWED = {"A": {"none"}, "B": {"none", "repair"}, "C": {"repair", "rebuild"}, "D": {"rebuild"}}


@pytest.mark.parametrize("grade", "ABCD")
@pytest.mark.parametrize("action", ["none", "repair", "rebuild"])
def test_action_must_fit_the_grade(grade, action):
    cl = fresh(danger_signs="wall_cracks", grade=grade)
    errors = cl.set(("action",), action)
    assert errors == ([] if action in ALLOWED[grade] else [ACTION_MESSAGE])


def test_costs_are_asked_only_for_c_and_d():
    cl = fresh(danger_signs="roof_collapse")
    for grade, asked in [("A", False), ("B", False), ("C", True), ("D", True)]:
        cl.set(("grade",), grade)
        assert ("estimated_cost" in names(cl)) is asked
        assert ("subsidy_requested" in names(cl)) is asked
    assert names(cl)[names(cl).index("action") + 1:] == ["estimated_cost", "subsidy_requested",
                                                         "followup_needed"]


def test_cost_and_subsidy_constraints_broken_then_satisfied():
    cl = fresh(danger_signs="roof_collapse", grade="D", action="rebuild")
    cost = "The estimated cost must be above 0 and at most 1,000,000 yuan, with at most two decimals"
    subsidy = ("The subsidy must be above 0, at most 100,000 yuan and at most the estimated cost, "
               "with at most two decimals")
    assert cl.set(("estimated_cost",), "0") == [cost]
    assert cl.set(("estimated_cost",), "-5") == [cost]
    assert cl.set(("estimated_cost",), "1e5") == ["enter a number (like 12 or 12.5)"]
    assert cl.set(("estimated_cost",), "12.345") == [cost]
    assert cl.set(("estimated_cost",), "2000000") == [cost]
    assert cl.set(("estimated_cost",), "８００００．５") == []
    assert cl.answers["estimated_cost"] == "80000.5"
    assert cl.set(("subsidy_requested",), "90000") == [subsidy]  # more than the cost
    assert cl.set(("subsidy_requested",), "0") == [subsidy]
    assert cl.set(("subsidy_requested",), "30000.00") == []
    cl.set(("estimated_cost",), "500000")
    assert cl.set(("subsidy_requested",), "150000") == [subsidy]  # above the cap
    assert cl.set(("subsidy_requested",), "60000") == []


def test_grade_c_and_d_must_be_followed_up():
    cl = fresh(danger_signs="wall_cracks", grade="C")
    assert cl.set(("followup_needed",), "no") == ["A grade C or D house must be followed up"]
    cl.set(("grade",), "B")
    assert cl.validate(("followup_needed",)) == []


def test_full_inspection_finalizes():
    cl = fresh()
    steps = [("structure", "earth_wood"), ("year_built", "1978"), ("walls", "severe"), ("roof", "damaged"),
             ("foundation", "settled"), ("danger_signs", "wall_cracks roof_collapse"), ("grade", "D"),
             ("action", "rebuild"), ("estimated_cost", "120000"), ("subsidy_requested", "40000"),
             ("followup_needed", "yes"), ("followup_note", "报镇里申请翻建补助")]
    for i, (name, value) in enumerate(steps):
        assert cl.set((name,), value) == [], name
        if i < len(steps) - 1:
            assert not cl.can_finalize()
    assert cl.can_finalize()
    assert cl.progress() == (12, 12)
    # down-grading to A hides the costs: they stay in the answers but no longer count
    cl.set(("grade",), "A")
    assert cl.validate(("action",)) == [ACTION_MESSAGE]
    cl.set(("action",), "none")
    assert "estimated_cost" not in names(cl)
    assert cl.answers["estimated_cost"] == "120000"
    assert cl.can_finalize()
