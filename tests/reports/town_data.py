"""A fixed data set for the town's figures and narrative: every number below is worked out by hand
in the tests that use it (tests/reports/test_town_figures.py, test_town_narrative.py)."""

from __future__ import annotations

from typing import Any

from handmade import visit

REGISTER: list[dict[str, Any]] = [
    {"id": "A1", "name": "王军", "category": "disabled_serviceman", "village": "东村",
     "birth_date": "1950-06-01"},
    {"id": "B1", "name": "李秀英", "category": "martyr_survivor", "village": "东村",
     "birth_date": "1970-01-01"},
    {"id": "C1", "name": "张国强", "category": "duty_death_survivor", "village": "西村"},
    {"id": "D1", "name": "赵德明", "category": "elderly_retired_soldier", "village": "西村",
     "birth_date": "1966-12-31"},
    {"id": "E1", "name": "钱学文", "category": "serving_soldier_family", "village": "南村",
     "birth_date": "1990-05-05"},
    {"id": "F1", "name": "孙桂兰", "category": "illness_death_survivor", "village": "南村",
     "status": "deceased", "death_date": "2025-06-01"},
]


def _items(*rows: tuple[str, str, str]) -> list[dict[str, str]]:
    return [{"kind": k, "amount": a, "count": c, "line_amount": a or "0"} for k, a, c in rows]


def _benefits(*rows: tuple[str, str, str]) -> list[dict[str, str]]:
    return [{"benefit": k, "amount": a, "count": c, "line_amount": a or "0"} for k, a, c in rows]


VISITS: list[dict[str, Any]] = [
    visit("c1", "A1", "condolence", "2026-07-30",
          {"occasion": "army_day", "items": _items(("condolence_money", "500", "1"), ("gift", "", "2")),
           "followup_needed": "no"}),
    visit("c2", "B1", "condolence", "2026-01-20",
          {"occasion": "spring_festival", "items": _items(("condolence_money", "300.50", "1")),
           "followup_needed": "no"}),
    visit("c3", "A1", "condolence", "2026-01-21",
          {"occasion": "spring_festival", "items": _items(("pension", "1000", "1")),
           "followup_needed": "no"}),
    visit("c4", "D1", "condolence", "2025-12-31",
          {"occasion": "other", "occasion_other": "重阳", "items": _items(("condolence_money", "200", "1")),
           "followup_needed": "no"}),
    visit("h1", "A1", "house_inspection", "2026-03-01",
          {"grade": "C", "action": "repair", "estimated_cost": "9000", "subsidy_requested": "8000",
           "followup_needed": "no"}),
    visit("h2", "B1", "house_inspection", "2026-03-02",
          {"grade": "D", "action": "rebuild", "estimated_cost": "60000", "subsidy_requested": "30000",
           "followup_needed": "yes", "followup_note": "翻建资金未落实"}),
    visit("h3", "C1", "house_inspection", "2025-05-01",
          {"grade": "C", "action": "repair", "estimated_cost": "5000", "subsidy_requested": "4000",
           "followup_needed": "no"}),
    visit("f1", "A1", "house_followup", "2026-09-01",
          {"work": "repair", "work_done": "yes", "finished_on": "2026-08-28", "subsidy_paid": "8000",
           "within_quota": "yes", "followup_needed": "no"}),
    visit("f2", "C1", "house_followup", "2026-10-01",
          {"work": "rebuild", "work_done": "yes", "finished_on": "2026-09-30", "subsidy_paid": "30000.50",
           "within_quota": "no", "followup_needed": "no"}),
    visit("f3", "B1", "house_followup", "2026-10-02",
          {"work": "rebuild", "work_done": "no", "followup_needed": "no"}),
    visit("b1", "A1", "benefits", "2026-08-01",
          {"benefits": _benefits(("medal", "", "1"), ("heating", "200", "1")), "confirmed": "OK",
           "followup_needed": "no"}),
    visit("b2", "D1", "benefits", "2026-11-01",
          {"benefits": _benefits(("heating", "200", "1"), ("health_check", "", "1")), "confirmed": "OK",
           "followup_needed": "no"}),
    visit("b3", "E1", "benefits", "2026-02-01",
          {"benefits": _benefits(("conscript_allowance", "2400.00", "1")), "confirmed": "OK",
           "followup_needed": "no"}),
]
