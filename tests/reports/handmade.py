"""A small register and visits built by hand; the expected figures are worked out in the tests.

Households H1..H6 in two villages, one visit of a household not on the register (HX), visits
outside 2026, a correction (revision 2) and a record flagged as a conflict.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from doorstep.reports.figures import Summary

REGISTER: list[dict[str, Any]] = [
    {"id": "H1", "name": "张三", "category": "disabled_serviceman", "priority": "key", "village": "东村"},
    {"id": "H2", "name": "李四", "category": "martyr_survivor", "priority": "key", "village": "东村"},
    {"id": "H3", "name": "王五", "category": "elderly_retired_soldier", "priority": "general",
     "village": "西村"},
    {"id": "H4", "name": "赵六", "category": "old_demobilized", "priority": "key", "village": "西村"},
    {"id": "H5", "name": "钱七", "category": "serving_soldier_family", "priority": "other",
     "village": "西村"},
    {"id": "H6", "name": "孙八", "category": "combat_nuclear_veteran", "priority": "key", "village": "东村"},
]


def visit(uuid: str, household: str, form_id: str, day: str, answers: dict[str, Any], *,
          revision: int = 1, clock: str = "10:00") -> dict[str, Any]:
    return {"key": f"{uuid}.{revision}", "uuid": uuid, "revision": revision,
            "supersedes": revision - 1 if revision > 1 else None, "household": household,
            "form_id": form_id, "form_version": "1", "volunteer": "小刘", "device": "dev-1",
            "started": f"{day}T{clock}:00+08:00", "ended": f"{day}T{clock[:2]}:40:00+08:00",
            "answers": answers, "status": "finalized", "register_updates": {}}


def care(services: str, minutes: str, followup: str = "no", note: str = "") -> dict[str, Any]:
    answers = {"services": services, "minutes": minutes, "followup_needed": followup}
    if note:
        answers["followup_note"] = note
    return answers


def house(grade: str, action: str, cost: str = "", subsidy: str = "") -> dict[str, Any]:
    answers = {"grade": grade, "action": action}
    if cost:
        answers["estimated_cost"] = cost
    if subsidy:
        answers["subsidy_requested"] = subsidy
    return answers


def gifts(*items: tuple[str, str, str]) -> dict[str, Any]:
    """Entries (kind, amount, count) with line_amount and total as the form calculates them:
    a gift's amount is not relevant, so its line_amount is 0 even when an amount is stored."""
    entries = []
    for kind, amount, count in items:
        entry = {"kind": kind, "count": count, "line_amount": "0" if kind == "gift" else amount}
        if amount:
            entry["amount"] = amount
        entries.append(entry)
    total = sum(Decimal(e["line_amount"]) for e in entries)
    return {"occasion": "army_day", "items": entries, "total": str(total), "confirmed": "OK",
            "followup_needed": "no"}


RECORDS: list[dict[str, Any]] = [
    visit("v01", "H1", "home_care", "2026-03-01", care("cleaning laundry", "40", "yes", "需要轮椅")),
    visit("v02", "H1", "home_care", "2026-06-01", care("cleaning company", "30", "no")),
    visit("v02", "H1", "home_care", "2026-06-01", care("cleaning company", "35", "no"), revision=2),
    visit("v03", "H4", "home_care", "2026-04-10", care("cooking", "45", "yes", "屋顶漏水")),
    visit("v03", "H4", "home_care", "2026-04-10", care("cooking", "999", "yes", "冲突"), revision=2),
    visit("v04", "H2", "house_inspection", "2026-05-05", house("C", "repair", "12000.50", "8000")),
    visit("v05", "H4", "house_inspection", "2026-05-06", house("D", "rebuild", "60000", "30000.25")),
    visit("v06", "H4", "house_inspection", "2026-07-01", house("C", "repair", "20000", "10000")),
    # Graded A after a cost was typed: the cost stays stored but is not relevant.
    visit("v07", "H3", "house_inspection", "2026-05-07", house("A", "none", "5000", "3000")),
    visit("v08", "H1", "condolence", "2026-07-30",
          gifts(("condolence_money", "500", "1"), ("gift", "100", "2"))),
    visit("v09", "H5", "condolence", "2026-07-31",
          gifts(("conscript_allowance", "3000", "1"), ("condolence_money", "500", "1"))),
    visit("v10", "H3", "condolence", "2026-01-20", gifts(("condolence_money", "300.25", "1"))),
    visit("v11", "H2", "verification", "2026-02-01", {"status": "alive"}),
    visit("v12", "H4", "verification", "2026-02-02", {"status": "moved"}),
    visit("v13", "H1", "home_care", "2025-12-30", care("cleaning", "50", "yes", "去年的事")),
    visit("v14", "H6", "condolence", "2027-01-05", gifts(("condolence_money", "800", "1"))),
    visit("v17", "HX", "home_care", "2026-08-01", care("cleaning", "20")),
]
CONFLICTED = {"v03.2"}


def build_office_home(path: Any, records: list[dict[str, Any]] | None = None) -> dict[str, str]:
    """An office home on disk holding REGISTER and RECORDS (conflicts aside).

    Register ids on disk are real QR identifiers; returns {"H1": "<qr id>", ...}. Visit records
    are rewritten to point at those ids ("HX" stays off the register).
    """
    from doorstep.storage import qrid
    from doorstep.storage.home import Home

    home = Home.create(path, "office", name="测试镇")
    ids: dict[str, str] = {}
    with home.writer() as store:
        for entry in REGISTER:
            new = qrid.new_id(set(ids.values()))
            ids[entry["id"]] = new
            store.add_entry({**{k: v for k, v in entry.items() if k != "id"}, "id": new})
        chosen = records if records is not None else [r for r in RECORDS if r["key"] not in CONFLICTED]
        store.add_received_visits([{**r, "household": ids.get(r["household"], r["household"])}
                                   for r in chosen])
    return ids


def _shape(figure: Any) -> tuple[Any, ...]:
    return (figure.id, figure.value, figure.unit, figure.source_kind, figure.source_count, figure.label_key,
            figure.params)


def assert_same_summary(cut: Summary, whole: Summary) -> None:
    """A summary made from cut records (reports.summary_records) is the one from whole records:
    every figure and everything shown; its visits are the same ones, cut."""
    assert cut.figures and list(cut.figures) == list(whole.figures)
    if cut.with_every_source is not None:   # added up from month tallies: sources counted, not named
        assert [_shape(x) for x in cut.figures.values()] == [_shape(x) for x in whole.figures.values()]
        shown = [*cut.open_followups, *cut.unsettled]
        assert set(cut.visits) == set(shown) and set(shown) <= set(whole.visits)
        assert cut.with_sources().figures == whole.figures
    else:
        assert cut.figures == whole.figures
        assert list(cut.visits) == list(whole.visits)
    for name in ("villages", "kinds", "categories", "services", "grades", "money_kinds", "statuses",
                 "not_visited", "open_followups", "occasions", "benefits", "works", "houses_waiting",
                 "unsettled", "entered"):
        assert getattr(cut, name) == getattr(whole, name), name
