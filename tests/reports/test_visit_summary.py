"""The summary of one visit, in Markdown and HTML, zh and en."""

from __future__ import annotations

from doorstep.reports.qr import qr_text
from doorstep.reports.source import vocabulary
from doorstep.reports.visit_summary import summarise_visit, visit_html, visit_markdown
from handmade import RECORDS, REGISTER, visit
from qr_decode import decode_all

ENTRIES = {e["id"]: e for e in REGISTER}
BY_KEY = {r["key"]: r for r in RECORDS}


def markdown(key: str, lang: str = "zh") -> str:
    record = BY_KEY[key]
    return visit_markdown(summarise_visit(record, ENTRIES.get(record["household"]), vocabulary(lang)))


def test_home_care_visit_in_chinese() -> None:
    text = markdown("v01.1")
    assert text.startswith("# 走访记录：居家养老服务")
    for fact in ("| 住户 | 张三（H1） |", "| 村 | 东村 |", "| 类别 | 残疾军人 |", "| 走访人 | 小刘 |",
                 "| 时间 | 2026-03-01 10:00 至 10:40 |", "| 走访编号 | v01 |"):
        assert fact in text
    assert "- **服务内容**\n  - 本次提供了哪些服务？：清扫卫生；洗衣\n  - 服务时长（分钟）：40" in text
    assert "- 是否需要跟进？：是" in text
    assert "## 需跟进事项\n\n- 需要轮椅" in text
    assert qr_text("H1") in text and "**H1**" in text


def test_irrelevant_answers_are_not_shown() -> None:
    stale = visit("v50", "H1", "home_care", "2026-04-01",
                  {"services": "cleaning", "minutes": "30", "followup_needed": "no",
                   "followup_note": "早先写的，后来改为不需跟进"})
    text = visit_markdown(summarise_visit(stale, ENTRIES["H1"], vocabulary("zh")))
    assert "早先写的" not in text
    assert "无需跟进。" in text


def test_condolence_entries_and_total_in_english() -> None:
    text = markdown("v08.1", "en")
    assert text.startswith("# Visit: Condolence visit")
    assert "| Handed over in all (yuan) | 500.00 |" in text
    assert ("- **Money and gifts handed over · Entry 1**\n  - Kind: Condolence money\n"
            "  - Amount (yuan): 500") in text
    entry2 = text.split("Entry 2**")[1].split("\n- ")[0]
    assert "Kind: Gift" in entry2 and "Count (parcels or pieces): 2" in entry2
    assert "Amount" not in entry2          # a gift's amount is not asked: the stale 100 stays hidden
    assert "No follow-up needed." in text
    assert ": OK" not in text  # ODK's stored "OK" reads as a confirmation


def test_acknowledgement_reads_as_a_confirmation_in_each_language() -> None:
    assert "：已确认" in markdown("v08.1", "zh")
    assert ": confirmed" in markdown("v08.1", "en")
    assert "OK" not in markdown("v08.1", "zh")


def test_html_holds_a_qr_code_of_the_household() -> None:
    record = BY_KEY["v04.1"]
    html = visit_html(summarise_visit(record, ENTRIES["H2"], vocabulary("zh")))
    assert html.startswith("<!DOCTYPE html>")
    assert decode_all(html) == ["H2"]
    assert "<span class=\"q\">安全等级</span> <span class=\"a\">C 级（局部危险）</span>" in html


def test_a_visit_of_an_unknown_form_lists_its_answers_by_name() -> None:
    odd = visit("v60", "H1", "heating_allowance", "2026-01-10", {"amount": "300", "rooms": ["a"]})
    text = visit_markdown(summarise_visit(odd, None, vocabulary("en")))
    assert "- amount: 300" in text and "- rooms: `[\"a\"]`" in text
    assert "| Household | H1 |" in text
