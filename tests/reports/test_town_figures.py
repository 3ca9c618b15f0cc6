"""The figures of a town's annual work summary, against values worked out by hand from
tests/reports/town_data.py (the comments say how)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from doorstep.reports.figures import Summary, compute_summary
from doorstep.reports.period import Period
from doorstep.reports.source import vocabulary
from town_data import REGISTER, VISITS

YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture(scope="module")
def summary() -> Summary:
    return compute_summary(REGISTER, VISITS, YEAR, None, vocabulary("zh").choice_order())


def test_the_register_as_the_town_counts_it(summary: Summary) -> None:
    v = summary.value
    assert v("register.beneficiaries") == 4          # A1, B1, C1 key; D1 general; E1 other; F1 died
    assert v("register.priority.other") == 1          # E1, reported apart
    assert v("register.group.survivors") == 2         # B1 烈士遗属 + C1 因公牺牲 (F1 is dead)
    assert v("register.age.60_plus") == 2             # A1 76, D1 60 on 2026-12-31; B1 is 56
    assert summary.figure("register.age.60_plus").sources == ("A1", "D1")
    assert v("register.age.unknown") == 1             # C1 has no date of birth


def test_condolence_by_occasion(summary: Summary) -> None:
    v = summary.value
    assert summary.occasions == ("army_day", "spring_festival", "other")
    assert (v("condolence.visits.army_day"), v("condolence.visits.spring_festival"),
            v("condolence.visits.other")) == (1, 2, 0)           # c4 is in 2025
    assert v("condolence.households.spring_festival") == 2       # A1 and B1
    assert v("condolence.amount.army_day") == Decimal("500")     # the gift has no amount
    assert v("condolence.amount.spring_festival") == Decimal("1300.50")
    assert v("condolence.amount.other") == Decimal("0")
    assert summary.figure("condolence.visits.spring_festival").sources == ("c2", "c3")


def test_houses_repaired_rebuilt_and_waiting(summary: Summary) -> None:
    v = summary.value
    assert v("houses.done.repair") == 1 and v("houses.done.rebuild") == 1      # f1, f2; f3 not finished
    assert v("houses.subsidy_paid") == Decimal("38000.50")                     # 8000 + 30000.50
    assert v("houses.outside_quota") == 1 and summary.figure("houses.outside_quota").sources == ("f2",)
    # B1's D house (h2) has no finished work; A1's and C1's were accepted after their inspection.
    assert v("houses.waiting") == 1 and summary.houses_waiting == ("h2",)


def test_benefits_delivered_at_the_door(summary: Summary) -> None:
    v = summary.value
    assert v("benefits.total.heating") == Decimal("400") and v("benefits.households.heating") == 2
    assert v("benefits.items.medal") == 1 and v("benefits.total.medal") == Decimal("0")
    assert v("benefits.items.health_check") == 1 and v("benefits.households.health_check") == 1
    assert v("benefits.total.conscript_allowance") == Decimal("2400.00")
    assert v("benefits.total.outpatient") == Decimal("0")                    # a kind nobody received
    assert v("benefits.amount") == Decimal("2800.00")                        # 400 + 2400
    assert v("benefits.households_all") == 3                                 # A1, D1, E1


def test_a_village_and_a_period_narrow_them(summary: Summary) -> None:
    west = compute_summary(REGISTER, VISITS, YEAR, "西村", vocabulary("zh").choice_order())
    assert west.value("houses.done.rebuild") == 1 and west.value("houses.done.repair") == 0
    assert west.value("houses.waiting") == 0 and west.value("register.beneficiaries") == 2
    first_half = compute_summary(REGISTER, VISITS, Period(date(2026, 1, 1), date(2026, 6, 30)), None,
                                 vocabulary("zh").choice_order())
    # By 30 June nothing was accepted: A1's C (h1) and B1's D (h2) wait; C1's 2025 C (h3) too.
    assert first_half.houses_waiting == ("h3", "h1", "h2")
    assert first_half.value("houses.subsidy_paid") == Decimal("0")


def test_every_new_figure_has_a_label_in_both_languages(summary: Summary) -> None:
    for lang in ("zh", "en"):
        vocab = vocabulary(lang)
        for figure in summary.figures.values():
            label = vocab.figure_label(figure)
            assert label and "_" not in label and "{" not in label, (figure.id, label)
