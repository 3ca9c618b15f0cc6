"""A summary of one visit, as Markdown and as HTML: who, when, which kind, every answer with its
label in the chosen language, the follow-ups, and the household's QR identifier as a QR code.

The TUI shows and exports the same text after finalizing (issue 4) and in the office's review.
Answers are read through the survey engine, so only what the form's skip logic leaves relevant
is shown (a stale answer kept for safety is not), in the form's order, with groups as
headings and each repeat entry on its own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from html import escape
from typing import Any, Literal

from doorstep.i18n import Lang, UserError
from doorstep.reports import fields as f
from doorstep.reports.inforce import UNSETTLED
from doorstep.reports.markdown import md_text
from doorstep.reports.messages import t
from doorstep.reports.period import visit_day
from doorstep.reports.qr import qr_svg, qr_text
from doorstep.reports.vocabulary import Vocabulary, format_value


@dataclass(frozen=True)
class Line:
    kind: Literal["heading", "answer"]   # a heading: a group, a repeat entry
    label: str
    text: str = ""
    depth: int = 0          # how many groups and repeat entries enclose it


@dataclass
class VisitSummary:
    title: str
    facts: list[tuple[str, str]]
    lines: list[Line]
    followups: list[str]
    household: str
    lang: Lang
    extra: list[tuple[str, str]] = field(default_factory=list)   # answers the form does not know


def _short(stamp: Any) -> str:
    try:
        return datetime.fromisoformat(str(stamp)).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return str(stamp or "")


def _when(visit: Mapping[str, Any], lang: Lang) -> str:
    start, end = _short(visit.get("started")), _short(visit.get("ended"))
    if start and end:
        if start[:10] == end[:10]:
            end = end[11:]
        return t("vs.time_range", lang, start=start, end=end)
    return start or end


def _answer_lines(visit: Mapping[str, Any], form: Any, vocab: Vocabulary) -> list[Line]:
    """Relevant, answered questions of `form` in order; headings for groups and repeat entries."""
    from doorstep.survey import Checklist

    answers = dict(visit.get("answers") or {})
    checklist = Checklist(form, answers, lang=vocab.lang, today=visit_day(visit))
    relevant = {item.slot for item in checklist.items()} | set(checklist.calculated())
    stored = checklist.answers
    lines: list[Line] = []
    pending: list[Line] = []          # headings shown only once an answer follows them
    depth = 0

    def answer(slot: tuple[Any, ...], question: Any, value: Any) -> None:
        if slot not in relevant or not isinstance(value, str) or not value.strip():
            return
        if question.type == "calculate" and not question.labels:
            return
        lines.extend(pending)
        pending.clear()
        lines.append(Line("answer", question.label(vocab.lang),
                          vocab.answer_text(form.id, question.name, value.strip()), depth))

    def open_heading(label: str) -> None:
        nonlocal depth
        pending.append(Line("heading", label, depth=depth))
        depth += 1

    def close_heading() -> None:
        nonlocal depth
        depth -= 1
        if pending and pending[-1].depth == depth:
            pending.pop()

    rows = form.rows

    def repeat_lines(start: int, around: tuple[Any, ...], holder: Mapping[str, Any]) -> int:
        """The entries of the repeat beginning at rows[start] (with the repeats inside them);
        the row after its end."""
        q = rows[start]
        end = start + 1
        while end < len(rows) and not (rows[end].type == "end_repeat" and rows[end].name == q.name):
            end += 1
        value = holder.get(q.name) if isinstance(holder, Mapping) else None
        entries = [e for e in value if isinstance(e, Mapping)] if isinstance(value, list) else []
        try:  # the label as the volunteer saw it: "王建国 的补贴", not "${member_name} 的补贴"
            label = checklist.item((*around, q.name)).label
        except UserError:
            label = q.label(vocab.lang)
        for index, entry in enumerate(entries):
            place = (*around, q.name, index)
            open_heading(f"{label} · {t('vs.entry', vocab.lang, n=index + 1)}")
            j = start + 1
            while j < end:
                inner = rows[j]
                if inner.type == "begin_repeat":
                    j = repeat_lines(j, place, entry)
                    continue
                if inner.type == "begin_group":
                    open_heading(inner.label(vocab.lang))
                elif inner.type == "end_group":
                    close_heading()
                elif inner.has_value and inner.repeat == q.name:
                    answer((*place, inner.name), inner, entry.get(inner.name))
                j += 1
            close_heading()
        return end + 1

    i = 0
    while i < len(rows):
        q = rows[i]
        if q.type == "begin_group":
            open_heading(q.label(vocab.lang))
        elif q.type == "end_group":
            close_heading()
        elif q.type == "begin_repeat":
            i = repeat_lines(i, (), stored)
            continue
        elif q.has_value and q.repeat is None:
            answer((q.name,), q, stored.get(q.name))
        i += 1
    return lines


def summarise_visit(visit: Mapping[str, Any], entry: Mapping[str, Any] | None,
                    vocab: Vocabulary) -> VisitSummary:
    """The summary of one visit record; `entry` is its household's register entry (or None)."""
    lang = vocab.lang
    form_id = str(visit.get("form_id", ""))
    household = str(visit.get("household", ""))
    entry = entry or {}
    name = str(entry.get("name", ""))
    facts = [
        (t("vs.household", lang), t("vs.name_id", lang, name=name, id=household) if name else household),
        (t("vs.village", lang), vocab.village(str(entry.get("village", ""))) if entry else vocab.village("")),
        (t("vs.category", lang), vocab.category(str(entry.get("category", ""))) if entry else ""),
        (t("vs.kind", lang), vocab.form_title(form_id)),
        (t("vs.when", lang), _when(visit, lang)),
        (t("vs.volunteer", lang), str(visit.get("volunteer", ""))),
        (t("vs.device", lang), str(visit.get("device_name") or visit.get("device", ""))),
        (t("vs.visit_id", lang), str(visit.get("uuid", ""))),
        (t("vs.revision", lang), str(visit.get("revision", 1))),
    ]
    if visit.get(UNSETTLED):  # two versions of it arrived; this one counts until settled
        facts.append((t("vs.unsettled", lang), t("vs.unsettled_text", lang)))
    if visit.get("corrected_at"):
        # The visit keeps its own day (vs.when); the correction's day is said apart.
        facts.append((t("vs.corrected_at", lang), _short(visit.get("corrected_at"))))
    answers = visit.get("answers") or {}
    if form_id == f.CONDOLENCE and isinstance(answers.get(f.TOTAL), str) and answers[f.TOTAL]:
        try:
            facts.append((t("vs.total", lang), format_value(Decimal(answers[f.TOTAL]), "yuan", lang)))
        except ArithmeticError:
            facts.append((t("vs.total", lang), answers[f.TOTAL]))
    form = vocab.forms.get(form_id)
    extra: list[tuple[str, str]] = []
    if form is not None:
        lines = _answer_lines(visit, form, vocab)
    else:   # a form this office does not have: every stored answer, by its name
        lines = [Line("answer", k, v) for k, v in answers.items() if isinstance(v, str) and v]
        extra = [(k, repr_json(v)) for k, v in answers.items() if not isinstance(v, str)]
    followups = []
    if answers.get(f.FOLLOWUP_NEEDED) == f.YES:
        followups.append(str(answers.get(f.FOLLOWUP_NOTE, "")).strip() or vocab.answer_text(
            form_id, f.FOLLOWUP_NEEDED, f.YES))
    return VisitSummary(t("vs.title", lang, kind=vocab.form_title(form_id)), facts, lines, followups,
                        household, lang, extra)


def repr_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# -- Markdown -------------------------------------------------------------------------------------

def visit_markdown(summary: VisitSummary) -> str:
    lang = summary.lang
    out = [f"# {md_text(summary.title)}", "", f"| {t('col.item', lang)} | {t('vs.answer', lang)} |",
           "| --- | --- |"]
    out += [f"| {md_text(k)} | {md_text(v)} |" for k, v in summary.facts]
    out += ["", f"## {t('vs.answers', lang)}", ""]
    colon = "：" if lang == "zh" else ": "
    for line in summary.lines:
        indent = "  " * line.depth
        if line.kind == "heading":
            out.append(f"{indent}- **{md_text(line.label)}**")
        else:
            out.append(f"{indent}- {md_text(line.label)}{colon}{md_text(line.text)}")
    out += [f"- {md_text(k)}{colon}`{v}`" for k, v in summary.extra]
    out += ["", f"## {t('vs.followups', lang)}", ""]
    out += [f"- {md_text(x)}" for x in summary.followups] or [t("vs.no_followup", lang)]
    out += ["", f"## {t('vs.qr', lang)}", "", "```text", qr_text(summary.household), "```", "",
            f"**{md_text(summary.household)}**", ""]
    return "\n".join(out)


# -- HTML -----------------------------------------------------------------------------------------

_STYLE = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; max-width: 46em;
       margin: 2em auto; padding: 0 1em; line-height: 1.6; color: #111; }
table { border-collapse: collapse; } th, td { border: 1px solid #aaa; padding: .2em .6em; text-align: left; }
ul.answers, ul.answers ul { list-style: none; padding-left: 1.2em; } .group { font-weight: bold; }
.q { color: #444; } .q::after { content: "："; } :lang(en) .q::after { content: ": "; }
.a { font-weight: bold; }
.qr-block { display: flex; align-items: center; gap: 1em; } .qr-id { font: bold 2em monospace; }
"""


def visit_html_fragment(summary: VisitSummary) -> str:
    lang = summary.lang
    facts = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in summary.facts)
    body = [f'<section class="visit"><h1>{escape(summary.title)}</h1>',
            f'<table class="facts">{facts}</table>', f"<h2>{escape(t('vs.answers', lang))}</h2>",
            '<ul class="answers">']
    depth = 0
    for line in summary.lines:
        while depth > line.depth:
            body.append("</ul></li>")
            depth -= 1
        if line.kind == "heading":
            body.append(f'<li><span class="group">{escape(line.label)}</span><ul>')
            depth += 1
        else:
            body.append(f'<li><span class="q">{escape(line.label)}</span> '
                        f'<span class="a">{escape(line.text)}</span></li>')
    body.append("</ul></li>" * depth)
    body += [f'<li><span class="q">{escape(k)}</span> <code>{escape(v)}</code></li>'
             for k, v in summary.extra]
    body.append("</ul>")
    body.append(f"<h2>{escape(t('vs.followups', lang))}</h2>")
    if summary.followups:
        body.append("<ul>" + "".join(f"<li>{escape(x)}</li>" for x in summary.followups) + "</ul>")
    else:
        body.append(f"<p>{escape(t('vs.no_followup', lang))}</p>")
    body.append(f"<h2>{escape(t('vs.qr', lang))}</h2>")
    body.append(f'<div class="qr-block">{qr_svg(summary.household, size="40mm")}'
                f'<span class="qr-id">{escape(summary.household)}</span></div></section>')
    return "".join(body)


def visit_html(summary: VisitSummary) -> str:
    lang = "zh-CN" if summary.lang == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{escape(summary.title)}</title><style>{_STYLE}</style></head>"
            f"<body>{visit_html_fragment(summary)}</body></html>\n")
