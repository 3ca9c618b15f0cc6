"""The generated register and answers: realistic, deterministic, and accepted by the engine."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import date, timedelta

import pytest
from doorstep.demo.holidays import occasion_for
from doorstep.demo.ids import household_id, visit_uuid
from doorstep.demo.people import VILLAGES, generate_households, id_check_character
from doorstep.demo.visits import EngineRefused, VisitMaker, fill
from doorstep.storage.categories import BY_CODE, CATEGORIES
from doorstep.storage.qrid import is_valid
from doorstep.survey import Checklist, get_form

TODAY = date(2026, 11, 29)
KINDS = ("home_care", "house_inspection", "condolence", "verification", "house_followup", "benefits")


@pytest.fixture(scope="module")
def people() -> list:
    return generate_households(random.Random(11), 3000, TODAY)


@pytest.fixture(scope="module")
def maker() -> VisitMaker:
    return VisitMaker(lang="zh")


def test_the_same_seed_gives_the_same_people_and_the_global_random_state_is_untouched() -> None:
    random.seed(123)
    state = random.getstate()
    a = generate_households(random.Random(5), 50, TODAY)
    assert random.getstate() == state
    b = generate_households(random.Random(5), 50, TODAY)
    assert a == b
    assert generate_households(random.Random(6), 50, TODAY) != a


def test_a_small_register_has_every_category_and_every_village() -> None:
    small = generate_households(random.Random(1), 12, TODAY)
    assert {h.category for h in small} == {c.code for c in CATEGORIES}
    assert {h.village for h in small} == set(VILLAGES)


def test_people_look_like_a_chinese_register(people: list) -> None:
    for h in people:
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,3}", h.name)
        assert re.fullmatch(r"1[3-9]\d{9}", h.phone)
        assert len(h.id_number) == 18 and h.id_number[6:14] == h.birth_date.replace("-", "")
        assert id_check_character(h.id_number[:17]) == h.id_number[17]
        assert int(h.id_number[16]) % 2 == (1 if h.gender == "男" else 0)  # odd for men
        assert h.priority == BY_CODE[h.category].priority
        assert h.members[0].relation == "本人" and h.members[0].name == h.name
        assert h.address.startswith("河口镇" + h.village)
        assert (h.disability_grade is not None) == (h.category == "disabled_serviceman")
    assert len({(h.village, h.address) for h in people}) == len(people)  # one family per house


def test_ages_fit_the_categories(people: list) -> None:
    for h in people:
        age = TODAY.year - int(h.birth_date[:4])
        if h.category == "old_revolutionary":
            assert age >= 90
        if h.category == "old_demobilized":
            assert age >= 85
        if h.category in ("martyr_child_elderly", "elderly_retired_soldier"):
            assert age >= 59
        if h.category == "serving_soldier_family":
            soldier = next(m for m in h.members if m.note.startswith("现役"))
            assert 18 <= TODAY.year - soldier.birth_year <= 25
            assert int(h.birth_date[:4]) + 20 <= soldier.birth_year  # a parent, not a sibling
            enlisted = int(re.search(r"(\d{4})年9月入伍", soldier.note).group(1))
            assert enlisted - soldier.birth_year >= 18 and enlisted <= TODAY.year


def test_the_mix_of_categories_is_a_towns(people: list) -> None:
    counts = Counter(h.category for h in people)
    assert counts.most_common(1)[0][0] == "elderly_retired_soldier"
    assert counts["old_revolutionary"] < counts["disabled_serviceman"] < counts["elderly_retired_soldier"]
    grades = Counter(h.disability_grade for h in people if h.disability_grade)
    assert grades["一级"] < grades["八级"]  # the heaviest disabilities are the rarest


def test_ids_are_valid_qr_identifiers_and_uuid4s() -> None:
    rng = random.Random(3)
    ids = set()
    for _ in range(2000):
        hid = household_id(rng, ids)
        assert is_valid(hid) and hid not in ids
        ids.add(hid)
    u = visit_uuid(rng)
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", u)


@pytest.mark.parametrize("form_id", KINDS)
def test_every_generated_visit_is_finalizable_for_the_engine(form_id: str, people: list,
                                                             maker: VisitMaker) -> None:
    rng = random.Random(form_id)
    form = get_form(form_id)
    for h in people[:400]:
        day = TODAY - timedelta(days=rng.randint(0, 364))
        made = maker.make(form_id, rng, h, day)
        cl = Checklist(form, answers=made.answers, today=day)
        assert cl.can_finalize(), (made.answers, cl.errors())
        assert cl.answers == made.answers
        assert cl.register_updates() == made.register_updates


def test_house_grades_are_mostly_a_and_b_with_repairs_and_rebuilds_for_c_and_d(
        people: list, maker: VisitMaker) -> None:
    rng = random.Random(2)
    visits = [maker.make("house_inspection", rng, h, TODAY).answers for h in people[:1500]]
    grades = Counter(v["grade"] for v in visits)
    assert (grades["A"] + grades["B"]) / len(visits) > 0.75
    assert grades["C"] > 0 and grades["D"] > 0 and grades["D"] < grades["C"]
    for v in visits:
        if v["grade"] in "CD":
            assert v["action"] in ("repair", "rebuild")
            assert 0 < float(v["subsidy_requested"]) <= float(v["estimated_cost"])
            assert v["followup_needed"] == "yes"
        else:
            assert "subsidy_requested" not in v
    assert {v["action"] for v in visits if v["grade"] == "D"} == {"rebuild"}


def test_condolence_money_comes_in_round_amounts_and_fits_the_household(
        people: list, maker: VisitMaker) -> None:
    rng = random.Random(4)
    army_day = date(2026, 7, 28)
    seen: Counter[str] = Counter()
    for h in people[:800]:
        answers = maker.make("condolence", rng, h, army_day).answers
        assert answers["occasion"] == "army_day"
        total = 0.0
        for item in answers["items"]:
            seen[item["kind"]] += 1
            if item["kind"] == "gift":
                assert "amount" not in item
                continue
            assert re.fullmatch(r"\d+\.\d\d", item["amount"])
            assert float(item["amount"]) % 100 == 0
            total += float(item["amount"])
            if item["kind"] == "conscript_allowance":
                assert h.category == "serving_soldier_family" and h.facts["rank"] == "义务兵"
            if item["kind"] == "merit_award":
                assert h.category == "merit_family"
        assert float(answers["total"]) == total
    assert set(seen) == {"condolence_money", "pension", "conscript_allowance", "merit_award", "gift"}
    assert seen["condolence_money"] > seen["merit_award"]


def test_verification_now_and_then_finds_a_death_or_a_move_and_proposes_the_update(
        people: list, maker: VisitMaker) -> None:
    rng = random.Random(6)
    outcomes: Counter[str] = Counter()
    for h in people[:1500]:
        made = maker.make("verification", rng, h, TODAY)
        status = made.answers["status"]
        outcomes[status] += 1
        assert made.register_updates["status"] == status
        if status == "deceased":
            assert made.register_updates["death_date"] <= TODAY.isoformat()
            assert made.answers["followup_needed"] == "yes"
            assert "phone" not in made.register_updates
        if status == "moved":
            assert made.register_updates["address"] == made.answers["new_address"]
        if made.answers.get("phone_correct") == "no":
            assert made.register_updates["phone"] == made.answers["new_phone"] != h.phone
    assert outcomes["alive"] > 0.85 * sum(outcomes.values())
    assert outcomes["deceased"] > 0 and outcomes["moved"] > 0


def test_home_care_services_and_minutes(people: list, maker: VisitMaker) -> None:
    rng = random.Random(8)
    services: Counter[str] = Counter()
    for h in [p for p in people if p.priority == "key"][:500]:
        answers = maker.make("home_care", rng, h, TODAY).answers
        chosen = answers["services"].split()
        services.update(chosen)
        assert int(answers["services_count"]) == len(chosen)
        assert 5 <= int(answers["minutes"]) <= 480
        assert answers["lives_alone"] == ("yes" if len(h.members) == 1 else "no")
    assert services.most_common(1)[0][0] == "company"
    assert set(services) == {"cleaning", "laundry", "cooking", "company", "other"}


def test_a_draft_stops_half_way_with_only_valid_answers(people: list, maker: VisitMaker) -> None:
    made = maker.make("home_care", random.Random(1), people[0], TODAY, partial=True)
    cl = Checklist(get_form("home_care"), answers=made.answers, today=TODAY)
    assert not cl.can_finalize()
    assert all(item.errors == () for item in cl.items())
    assert 0 < cl.progress().answered < cl.progress().required


def test_answers_the_engine_refuses_are_an_error_not_a_visit() -> None:
    form = get_form("house_inspection")
    bad = {"structure": "brick_concrete", "year_built": "1990", "walls": "intact", "roof": "intact",
           "foundation": "stable", "danger_signs": "none", "grade": "D", "action": "none",
           "followup_needed": "no"}
    with pytest.raises(EngineRefused) as caught:
        fill(form, bad, day=TODAY)
    assert "house_inspection" in caught.value.render("en")


def test_occasions_follow_the_calendar() -> None:
    assert occasion_for(date(2026, 7, 25)) == "army_day"
    assert occasion_for(date(2026, 2, 10)) == "spring_festival"  # festival on 17 February 2026
    assert occasion_for(date(2027, 1, 30)) == "spring_festival"  # festival on 6 February 2027
    assert occasion_for(date(2026, 10, 29)) == "other"


def test_house_acceptances_are_mostly_finished_with_a_subsidy_paid(people: list, maker: VisitMaker) -> None:
    rng = random.Random(6)
    visits = [maker.make("house_followup", rng, h, TODAY).answers for h in people[:400]]
    done = [v for v in visits if v["work_done"] == "yes"]
    assert 0.6 < len(done) / len(visits) < 0.95
    for v in done:
        paid = float(v["subsidy_paid"])
        allowed = (30_000, 40_000, 50_000) if v["work"] == "rebuild" else (5_000, 8_000, 10_000, 15_000)
        assert paid in allowed
        assert v["finished_on"] < TODAY.isoformat() and v["followup_needed"] == "no"
    assert {v["within_quota"] for v in done} == {"yes", "no"}
    assert all(v["followup_needed"] == "yes" and "subsidy_paid" not in v
               for v in visits if v["work_done"] == "no")


def test_benefits_delivered_fit_the_household_and_the_season(people: list, maker: VisitMaker) -> None:
    rng = random.Random(8)
    seen: Counter[str] = Counter()
    for h in people[:600]:
        for day in (date(2026, 1, 10), date(2026, 7, 10)):
            entries = maker.make("benefits", rng, h, day).answers["benefits"]
            assert entries
            for e in entries:
                seen[e["benefit"]] += 1
                if e["benefit"] in ("medal", "health_check"):
                    assert "amount" not in e
                else:
                    assert float(e["amount"]) > 0
                    assert float(e["line_amount"]) == float(e["amount"])  # the form's own sum
                assert e["benefit"] != "heating" or day.month == 1     # heating only in winter
            if h.category == "old_revolutionary":
                assert "medal" in {e["benefit"] for e in entries}
    assert set(seen) == {"medal", "health_check", "heating", "medical_insurance", "outpatient"}
