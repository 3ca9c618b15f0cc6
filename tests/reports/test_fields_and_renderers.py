"""The names reports read exist in the forms; every renderer works in both languages, also on
an empty home; every message has both languages."""

from __future__ import annotations

import json
import string
from decimal import Decimal

import openpyxl
import pytest
from doorstep.reports import fields as f
from doorstep.reports.figures import compute_summary
from doorstep.reports.inforce import visits_in_force
from doorstep.reports.messages import MESSAGES
from doorstep.reports.period import parse_period
from doorstep.reports.render import FORMATS, render_summary
from doorstep.reports.source import vocabulary
from doorstep.reports.vocabulary import format_value
from handmade import CONFLICTED, RECORDS, REGISTER


def test_the_field_names_are_the_forms_own() -> None:
    forms = vocabulary("zh").forms
    expected = {
        f.HOME_CARE: {f.SERVICES: "select_multiple", f.MINUTES: "integer", f.FOLLOWUP_NEEDED: "select_one",
                      f.FOLLOWUP_NOTE: "text"},
        f.HOUSE_INSPECTION: {f.GRADE: "select_one", f.ACTION: "select_one", f.ESTIMATED_COST: "decimal",
                             f.SUBSIDY_REQUESTED: "decimal", f.FOLLOWUP_NEEDED: "select_one"},
        f.CONDOLENCE: {f.ITEMS: "begin_repeat", f.ITEM_KIND: "select_one", f.ITEM_AMOUNT: "decimal",
                       f.ITEM_COUNT: "integer", f.ITEM_LINE_AMOUNT: "calculate", f.TOTAL: "calculate",
                       f.FOLLOWUP_NEEDED: "select_one"},
        f.VERIFICATION: {f.STATUS: "select_one", f.FOLLOWUP_NEEDED: "select_one"},
        f.HOUSE_FOLLOWUP: {f.WORK: "select_one", f.WORK_DONE: "select_one", f.FINISHED_ON: "date",
                           f.SUBSIDY_PAID: "decimal", f.WITHIN_QUOTA: "select_one",
                           f.FOLLOWUP_NEEDED: "select_one"},
        f.BENEFITS: {f.BENEFIT_ENTRIES: "begin_repeat", f.BENEFIT: "select_one", f.ITEM_AMOUNT: "decimal",
                     f.ITEM_COUNT: "integer", f.ITEM_LINE_AMOUNT: "calculate",
                     f.FOLLOWUP_NEEDED: "select_one"},
    }
    assert tuple(forms) == (*f.BUILTIN_KINDS, f.HOUSE_FOLLOWUP, f.BENEFITS)
    assert tuple(vocabulary("zh").choice_names(f.BENEFITS, f.BENEFIT)) == f.BENEFIT_KINDS
    assert tuple(vocabulary("zh").choice_names(f.CONDOLENCE, f.OCCASION)) == f.OCCASIONS
    for form_id, questions in expected.items():
        for name, qtype in questions.items():
            assert forms[form_id].by_name[name].type == qtype, (form_id, name)
    choices = vocabulary("zh").choice_names
    assert tuple(choices(f.HOUSE_INSPECTION, f.GRADE)) == f.GRADES
    assert {f.REPAIR, f.REBUILD} <= set(choices(f.HOUSE_INSPECTION, f.ACTION))
    assert tuple(choices(f.CONDOLENCE, f.ITEM_KIND)) == f.ITEM_KINDS
    assert f.YES in choices(f.HOME_CARE, f.FOLLOWUP_NEEDED)
    assert forms[f.CONDOLENCE].by_name[f.ITEM_KIND].repeat == f.ITEMS


def test_every_message_has_both_languages_and_the_same_fields() -> None:
    for key, entry in MESSAGES.items():
        assert entry.get("zh") and entry.get("en"), key
        if key == "date":          # English names the month, Chinese numbers it
            continue
        fields = [{n for _, n, _, _ in string.Formatter().parse(entry[lang]) if n} for lang in ("zh", "en")]
        assert fields[0] == fields[1], key


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders(fmt: str, lang: str) -> None:
    vocab = vocabulary(lang)
    summary = compute_summary(REGISTER, visits_in_force(RECORDS, CONFLICTED),
                              parse_period("2026-01-01", "2026-12-31"), None, vocab.choice_order())
    content = render_summary(summary, vocab, fmt)
    assert content
    if fmt == "json":
        assert json.loads(content)["figures"]["visits.total"]["value"] == 13


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_home_renders(fmt: str, tmp_path) -> None:  # noqa: ANN001
    vocab = vocabulary("zh")
    summary = compute_summary([], [], parse_period(None, None), None, vocab.choice_order())
    assert summary.value("visits.total") == 0 and summary.value("coverage.key.share") is None
    content = render_summary(summary, vocab, fmt)
    if fmt == "xlsx":
        (tmp_path / "x.xlsx").write_bytes(content)
        assert "走访情况（按村、按类型）" in openpyxl.load_workbook(tmp_path / "x.xlsx").sheetnames
    elif fmt == "md":
        assert "名册中暂无重点优抚对象。" in content and "期内未发放慰问金或物品。" in content


def test_value_formats() -> None:
    assert format_value(Decimal("1234.5"), "yuan", "zh") == "1,234.50"
    assert format_value(Decimal("0.3333"), "share", "en") == "33.3%"
    assert format_value(12345, "count", "en") == "12,345"
    assert format_value(None, "share", "en") == "—"


def test_text_from_the_field_is_shown_as_typed_never_as_markup() -> None:
    """A name or a note may hold brackets, angle brackets or pipes: shown as typed everywhere."""
    from doorstep.reports.render.as_text import render_text
    from handmade import care, visit

    register = [{"id": "Q1", "name": "<b>王|五</b>", "category": "disabled_serviceman", "priority": "key",
                 "village": "[red]东村[/red]"}]
    note = "[bold]急[/bold] <i>"
    visits = [visit("w1", "Q1", "home_care", "2026-03-01", care("cleaning", "30", "yes", note))]
    vocab = vocabulary("zh")
    summary = compute_summary(register, visits, parse_period(None, None), None, vocab.choice_order())
    text = render_text(summary, vocab, width=200)
    assert "[bold]急[/bold] <i>" in text and "[red]东村[/red]" in text
    html = render_summary(summary, vocab, "html")
    assert "&lt;b&gt;王|五&lt;/b&gt;" in html and "<b>王" not in html and "&lt;i&gt;" in html
    md = render_summary(summary, vocab, "md")
    assert "| \\<b\\>王\\|五\\</b\\> |" in md and "<b>" not in md
    assert "\\[red\\]东村\\[/red\\]" in md
