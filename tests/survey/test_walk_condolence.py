"""Walk the condolence visit (a repeat of money and gifts, a calculated total) through the engine."""

from __future__ import annotations

from datetime import date

import pytest
from doorstep.i18n import UserError
from doorstep.survey import Checklist, get_form

TODAY = date(2026, 8, 1)
AMOUNT = ("The amount must be above 0 and at most 100,000 yuan, with at most two decimals "
          "(like 500 or 500.50)")


def fresh(answers=None):
    return Checklist(get_form("condolence"), answers, lang="en", today=TODAY)


def slots(cl):
    return [item.slot for item in cl.items()]


def test_fresh_visit_has_an_empty_repeat():
    cl = fresh()
    assert slots(cl) == [("occasion",), ("items",), ("confirmed",), ("needs",), ("followup_needed",)]
    row = cl.item(("items",))
    assert row.type == "repeat" and row.value == "0" and not row.counted
    assert cl.calculated() == {("total",): "0"}


def test_other_occasion():
    cl = fresh()
    cl.set(("occasion",), "other")
    assert cl.next(("occasion",)) == ("occasion_other",)
    assert cl.item(("occasion_other",)).missing
    cl.set(("occasion",), "army_day")
    assert cl.next(("occasion",)) == ("items",)


def test_confirmation_needs_an_item_first():
    cl = fresh()
    assert cl.set(("confirmed",), "OK") == [
        "Record what was handed over, one entry per kind of money and one per kind of goods "
        "(one kind added up in one entry; F7 removes an extra one)"
    ]
    cl.add_entry("items")
    assert cl.validate(("confirmed",)) == []
    assert cl.set(("confirmed",), "maybe") == ["enter OK to confirm"]
    assert cl.set(("confirmed",), "确认") == []
    assert cl.answers["confirmed"] == "OK"


def test_one_entry_per_kind_of_goods_as_of_money():
    cl = fresh()
    cl.set(("occasion",), "army_day")
    for i, (kind, what) in enumerate([("pension", None), ("gift", "大米"), ("gift", " 大米 ")]):
        cl.add_entry("items")
        cl.set(("items", i, "kind"), kind)
        if what:
            cl.set(("items", i, "gift_what"), what)
            cl.set(("items", i, "gift_value"), "50")
        else:
            cl.set(("items", i, "amount"), "500")
    refused = cl.set(("confirmed",), "OK")  # 大米 twice (as typed, with spaces): one kind
    assert refused and "one per kind of goods" in refused[0]
    cl.set(("items", 2, "gift_what"), "食用油")
    assert cl.set(("confirmed",), "OK") == []  # money, 大米 and 食用油: each once
    cl.remove_entry("items", 0)
    assert cl.set(("confirmed",), "OK") == []  # goods only, no money entry among them
    cl.set(("items", 1, "gift_what"), "大米")
    assert cl.set(("confirmed",), "OK") != []


def test_items_amounts_and_total():
    cl = fresh()
    assert cl.add_entry("items") == 0
    assert cl.answers["items"] == [{"count": "1", "line_amount": "0"}]  # count defaults to 1
    assert slots(cl)[1:5] == [("items",), ("items", 0, "kind"), ("items", 0, "amount"), ("items", 0, "count")]
    assert cl.next(("items",)) == ("items", 0, "kind")
    assert cl.next(("items", 0, "count")) == ("total_note",)
    assert cl.previous(("total_note",)) == ("items", 0, "count")
    assert cl.previous(("confirmed",)) == ("total_note",)
    cl.set(("items", 0, "kind"), "gift")
    assert ("items", 0, "amount") not in slots(cl)  # gifts have no amount
    cl.set(("items", 0, "kind"), "pension")
    assert cl.set(("items", 0, "amount"), "1e5") == ["enter a number (like 12 or 12.5)"]
    assert cl.answers["items"][0]["amount"] == "1e5"  # kept as typed, still an error
    assert cl.calculated()[("total",)] == "0"
    assert cl.set(("items", 0, "amount"), "100.555") == [AMOUNT]
    assert cl.set(("items", 0, "amount"), "0") == [AMOUNT]
    assert cl.set(("items", 0, "amount"), "１２００．５０") == []
    assert cl.answers["items"][0]["amount"] == "1200.50"
    assert cl.set(("items", 0, "count"), "0") == ["The count must be 1 to 100"]
    assert cl.set(("items", 0, "count"), "2") == []
    assert cl.add_entry("items") == 1
    cl.set(("items", 1, "kind"), "merit_award")
    cl.set(("items", 1, "amount"), "500")
    assert cl.calculated() == {("items", 0, "line_amount"): "1200.5", ("items", 1, "line_amount"): "500",
                               ("total",): "1700.5"}
    assert cl.answers["total"] == "1700.5"
    assert cl.item(("total_note",)).label == "Total amount: 1700.5 yuan"  # shown before confirming
    cl.lang = "zh"
    assert cl.item(("total_note",)).label == "合计金额：1700.5 元"
    cl.lang = "en"
    assert cl.item(("items",)).value == "2"
    cl.remove_entry("items", 0)
    assert cl.calculated()[("total",)] == "500"
    assert cl.answers["items"] == [{"count": "1", "line_amount": "500", "kind": "merit_award",
                                    "amount": "500"}]


def test_entries_are_checked_one_by_one():
    cl = fresh()
    cl.add_entry("items")
    cl.add_entry("items")
    cl.set(("items", 0, "kind"), "gift")
    cl.set(("items", 1, "kind"), "conscript_allowance")
    errors = cl.errors()
    assert ("items", 0, "amount") not in errors
    assert errors[("items", 1, "amount")] == ["this question is required"]


def test_bad_slots_and_repeat_operations_are_user_errors():
    cl = fresh()
    with pytest.raises(UserError):
        cl.set(("items", 0, "amount"), "5")  # no entry yet
    with pytest.raises(UserError):
        cl.set(("total",), "5")  # calculated
    with pytest.raises(UserError):
        cl.remove_entry("items", 0)
    with pytest.raises(UserError):
        cl.add_entry("occasion")
    with pytest.raises(UserError):
        cl.set(("amount",), "5")  # inside a repeat: needs its entry
    with pytest.raises(UserError):
        cl.set(("nope",), "5")


def test_needs_raised_need_a_followup_and_the_visit_finalizes():
    cl = fresh()
    cl.set(("occasion",), "spring_festival")
    cl.add_entry("items")
    cl.set(("items", 0, "kind"), "condolence_money")
    cl.set(("items", 0, "amount"), "800")
    cl.set(("confirmed",), "ok")
    cl.set(("needs",), "屋顶漏雨")
    assert cl.set(("followup_needed",), "no") == ["Needs were raised: a follow-up is needed"]
    assert not cl.can_finalize()
    cl.set(("followup_needed",), "yes")
    assert cl.errors() == {("followup_note",): ["this question is required"]}
    cl.set(("followup_note",), "联系危房排查")
    assert cl.can_finalize()
    assert cl.progress() == (7, 7)  # occasion, kind, amount, count, confirmed, followup x2
    assert cl.answers["total"] == "800"


def test_navigation_with_unknown_slots_is_a_user_error():
    cl = fresh()
    for slot in [("nope",), ("items", "x", "kind"), ("items", 0), ()]:
        with pytest.raises(UserError):
            cl.next(slot)
        with pytest.raises(UserError):
            cl.previous(slot)
