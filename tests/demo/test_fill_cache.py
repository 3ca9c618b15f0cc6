"""Visits answered from the fill cache are the visits the survey engine makes, and the cache
never takes a value from an earlier visit when the engine would judge it differently."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from doorstep.demo.people import generate_households
from doorstep.demo.visits import PLANNERS, EngineRefused, VisitMaker
from doorstep.survey.form import load_form_text

TODAY = date(2026, 11, 29)

FORM = """
[form]
id = "grant"
title = { zh = "补助", en = "Grant" }
version = "1"

[[survey]]
type = "select_one yes_no"
name = "damaged"
label = { zh = "受损？", en = "Damaged?" }
required = true

[[survey]]
type = "decimal"
name = "cost"
label = { zh = "费用", en = "Cost" }
relevant = "${damaged} = 'yes'"
required = true

[[survey]]
type = "decimal"
name = "subsidy"
label = { zh = "补助", en = "Subsidy" }
relevant = "${damaged} = 'yes'"
required = true
constraint = ". > 0 and . <= ${cost}"

[[survey]]
type = "integer"
name = "year_built"
label = { zh = "建造年份", en = "Year built" }
required = true
constraint = ". >= 1900 and . <= int(substr(today(), 0, 4))"

[[survey]]
type = "text"
name = "note"
label = { zh = "备注", en = "Note" }

[[choices.yes_no]]
name = "yes"
label = { zh = "是", en = "Yes" }

[[choices.yes_no]]
name = "no"
label = { zh = "否", en = "No" }
"""


def test_cached_visits_of_every_kind_are_what_the_engine_makes() -> None:
    rng = random.Random(4)
    people = generate_households(rng, 400, TODAY)
    cached, engine = VisitMaker(lang="zh", cached=True), VisitMaker(lang="zh")
    kinds = list(PLANNERS)
    for n in range(3000):
        form_id = kinds[n % len(kinds)]
        pool = [p for p in people if p.priority == "key"] if form_id == "home_care" else people
        household = rng.choice(pool)
        day = TODAY - timedelta(days=rng.randint(0, 364))
        seed = rng.random()
        fast = cached.make(form_id, random.Random(seed), household, day)
        slow = engine.make(form_id, random.Random(seed), household, day)
        assert fast == slow, (form_id, fast, slow)
        assert list(fast.answers) == list(slow.answers)  # the same record, byte for byte
    assert cached.cache is not None
    assert cached.cache.hits > 2 * cached.cache.misses  # most visits did come from the cache


@pytest.fixture
def grant() -> tuple[VisitMaker, object]:
    form = load_form_text(FORM, "grant.toml")
    return VisitMaker(lang="zh", forms={"grant": form}, cached=True), form


def test_a_value_another_answer_checks_is_judged_again(grant) -> None:  # noqa: ANN001
    maker, form = grant
    assert maker.cache is not None
    ok = {"damaged": "yes", "cost": "1000", "subsidy": "500", "year_built": "1990", "note": "a"}
    for _ in range(3):
        maker.cache.answers(form, ok, TODAY)
    assert maker.cache.hits == 2
    with pytest.raises(EngineRefused):
        maker.cache.answers(form, {**ok, "subsidy": "1500"}, TODAY)
    answers, _ = maker.cache.answers(form, {**ok, "cost": "2000", "subsidy": "1500"}, TODAY)
    assert (answers["cost"], answers["subsidy"]) == ("2000", "1500")
    assert maker.cache.hits == 3  # judged in a probe of the earlier visit, not entered again
    with pytest.raises(EngineRefused):
        maker.cache.answers(form, {**ok, "cost": "2000", "subsidy": "2500"}, TODAY)


def test_a_free_value_is_checked_on_its_own_and_on_its_day(grant) -> None:  # noqa: ANN001
    maker, form = grant
    assert maker.cache is not None
    ok = {"damaged": "no", "cost": "1", "subsidy": "1", "year_built": "2026", "note": "a"}
    answers, _ = maker.cache.answers(form, ok, TODAY)
    assert answers == {"damaged": "no", "year_built": "2026", "note": "a"}
    other, _ = maker.cache.answers(form, {**ok, "note": "b", "cost": "5"}, TODAY)
    assert other == {"damaged": "no", "year_built": "2026", "note": "b"}
    assert maker.cache.hits == 1
    with pytest.raises(EngineRefused):  # valid in 2026, a year in the future in 2025
        maker.cache.answers(form, ok, date(2025, 12, 31))
    with pytest.raises(EngineRefused):
        maker.cache.answers(form, {**ok, "year_built": "1800"}, TODAY)
    with pytest.raises(EngineRefused):
        maker.cache.answers(form, {**ok, "year_built": "199O"}, TODAY)  # a letter O
    # A value the engine would normalize when typed is left to the engine, which keeps it as given.
    assert maker.cache.answers(form, {**ok, "note": "ａ"}, TODAY)[0]["note"] == "ａ"
