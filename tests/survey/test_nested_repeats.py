"""Repeats inside repeats, as ODK runs them: a household's members, and each member's benefits.

References resolve as XPath does from where they are evaluated: inside a member's entry,
${benefit_amount} is that member's benefits (a node-set); outside, every benefit of every member.
"""

from __future__ import annotations

from datetime import date

import pytest
from doorstep.i18n import UserError
from doorstep.survey.engine import Checklist
from doorstep.survey.form import load_form_text

FORM = """
[form]
id = "members"
title = "家庭成员"
version = "1"

[[survey]]
type = "begin_repeat"
name = "member"
label = "成员"

[[survey]]
type = "text"
name = "member_name"
label = "姓名"
required = true

[[survey]]
type = "begin_repeat"
name = "benefit"
label = "${member_name} 的补贴"

[[survey]]
type = "decimal"
name = "amount"
label = "金额"
constraint = ". > 0"

[[survey]]
type = "text"
name = "note"
label = "备注（第 ${n_benefit} 项，${member_name}）"
relevant = "${amount} > 1000"

[[survey]]
type = "calculate"
name = "n_benefit"
calculation = "position(..)"

[[survey]]
type = "end_repeat"

[[survey]]
type = "calculate"
name = "member_total"
calculation = "sum(${amount})"

[[survey]]
type = "integer"
name = "check_count"
label = "核对项数"
default = "count(${benefit})"

[[survey]]
type = "end_repeat"

[[survey]]
type = "calculate"
name = "household_total"
calculation = "sum(${amount})"

[[survey]]
type = "calculate"
name = "benefits"
calculation = "count(${benefit})"
"""


@pytest.fixture
def form():
    return load_form_text(FORM, "members.toml")


def test_entries_inside_entries_are_asked_stored_and_summed(form):
    cl = Checklist(form, lang="zh", today=date(2026, 8, 1))
    assert cl.add_entry("member") == 0 and cl.add_entry("member") == 1
    cl.set(("member", 0, "member_name"), "王秀兰")
    cl.set(("member", 1, "member_name"), "李建国")
    assert cl.add_entry(("member", 0, "benefit")) == 0
    assert cl.add_entry(("member", 0, "benefit")) == 1
    assert cl.add_entry(("member", 1, "benefit")) == 0
    assert cl.set(("member", 0, "benefit", 0, "amount"), "１２００") == []
    cl.set(("member", 0, "benefit", 1, "amount"), "300")
    cl.set(("member", 1, "benefit", 0, "amount"), "50.5")
    assert cl.set(("member", 1, "benefit", 0, "amount"), "-1") != []  # the constraint, in its entry
    cl.set(("member", 1, "benefit", 0, "amount"), "50.5")

    calc = cl.calculated()
    assert calc[("member", 0, "member_total")] == "1500"  # this member's benefits only
    assert calc[("member", 1, "member_total")] == "50.5"
    assert calc[("household_total",)] == "1550.5" and calc[("benefits",)] == "3"
    assert calc[("member", 0, "benefit", 1, "n_benefit")] == "2"

    slots = [i.slot for i in cl.items()]
    assert slots[:6] == [("member",), ("member", 0, "member_name"), ("member", 0, "benefit"),
                         ("member", 0, "benefit", 0, "amount"), ("member", 0, "benefit", 0, "note"),
                         ("member", 0, "benefit", 1, "amount")]
    assert ("member", 0, "benefit", 1, "note") not in slots  # 300 is not > 1000
    labels = {i.slot: i.label for i in cl.items()}
    assert labels[("member", 1, "benefit")] == "李建国 的补贴"
    assert labels[("member", 0, "benefit", 0, "note")] == "备注（第 1 项，王秀兰）"
    item = cl.item(("member", 0, "benefit", 1, "amount"))
    assert item.repeat == ("benefit", 1) and item.entry == ("member", 0, "benefit", 1)
    assert cl.item(("member", 1, "benefit")).value == "1"

    answers = cl.answers
    assert answers["member"][0]["benefit"] == [{"amount": "1200", "n_benefit": "1"},
                                              {"amount": "300", "n_benefit": "2"}]
    assert answers["member"][1]["member_total"] == "50.5"
    # Read back from its JSON, the visit is the same visit.
    again = Checklist(form, answers, lang="zh", today=date(2026, 8, 1))
    assert again.calculated() == calc and [i.slot for i in again.items()] == slots


def test_walking_goes_through_inner_entries_in_order(form):
    cl = Checklist(form, lang="zh")
    cl.add_entry("member")
    cl.add_entry(("member", 0, "benefit"))
    walked = []
    slot = cl.next(None)
    while slot is not None:
        walked.append(slot)
        slot = cl.next(slot)
    assert walked == [("member",), ("member", 0, "member_name"), ("member", 0, "benefit"),
                      ("member", 0, "benefit", 0, "amount"), ("member", 0, "check_count")]
    assert cl.previous(("member", 0, "check_count")) == ("member", 0, "benefit", 0, "amount")


def test_a_dynamic_default_in_an_entry_sees_its_own_inner_entries(form):
    cl = Checklist(form, {"member": [{"member_name": "甲", "benefit": [{"amount": "1"}, {"amount": "2"}]}]})
    cl.add_entry("member")
    assert cl.answers["member"][1]["check_count"] == "0"  # its own member's benefits: none yet


def test_removing_an_inner_entry_leaves_the_other_members_alone(form):
    cl = Checklist(form, {"member": [{"member_name": "甲", "benefit": [{"amount": "1"}, {"amount": "2"}]},
                                     {"member_name": "乙", "benefit": [{"amount": "3"}]}]})
    cl.remove_entry(("member", 0, "benefit"), 0)
    assert cl.answers["member"][0]["benefit"] == [{"amount": "2", "n_benefit": "1"}]
    assert cl.answers["member"][1]["benefit"] == [{"amount": "3", "n_benefit": "1"}]
    assert cl.calculated()[("household_total",)] == "5"


@pytest.mark.parametrize("slot", [("member", 0, "amount"), ("benefit", 0, "amount"), ("member", 0, "benefit"),
                                  ("member", 5, "benefit", 0, "amount"),
                                  ("member", 0, "benefit", 9, "amount"),
                                  ("member", 0, "benefit", 0), ("member", "0", "benefit", 0, "amount")])
def test_slots_that_do_not_exist_are_refused(form, slot):
    cl = Checklist(form, {"member": [{"member_name": "甲", "benefit": [{"amount": "1"}]}]})
    with pytest.raises(UserError):
        cl.set(slot, "1")


def test_answers_of_the_wrong_shape_are_refused(form):
    with pytest.raises(UserError):
        Checklist(form, {"member": [{"benefit": "not a list"}]})
    with pytest.raises(UserError):
        Checklist(form, {"member": [{"benefit": [["x"]]}]})


def test_a_counted_repeat_inside_a_repeat(form):
    text = FORM.replace('name = "benefit"\nlabel = "${member_name} 的补贴"',
                        'name = "benefit"\nlabel = "补贴"\nrepeat_count = "2"')
    cl = Checklist(load_form_text(text, "m.toml"), {"member": [{"member_name": "甲"}, {"member_name": "乙"}]})
    assert [i.slot for i in cl.items() if i.slot[-1] == "amount"] == [
        ("member", 0, "benefit", 0, "amount"), ("member", 0, "benefit", 1, "amount"),
        ("member", 1, "benefit", 0, "amount"), ("member", 1, "benefit", 1, "amount")]
    cl.set(("member", 1, "benefit", 1, "amount"), "7")
    assert cl.answers["member"][1]["benefit"][1]["amount"] == "7"
    with pytest.raises(UserError):
        cl.add_entry(("member", 0, "benefit"))
