"""What lies behind one figure: the visits or register entries it counts (`--explain`)."""

from __future__ import annotations

from typing import Any

from doorstep.reports.figures import Figure, Summary
from doorstep.reports.messages import t
from doorstep.reports.narrative import period_text, place_text
from doorstep.reports.period import visit_day
from doorstep.reports.vocabulary import Vocabulary, plain_value


def explain_header(summary: Summary, figure: Figure, vocab: Vocabulary, *, with_id: bool = True) -> str:
    """The figure, its value, period and place; with the id a command line takes (--explain ID),
    which a screen leaves out: it is a name for machines."""
    key = "explain.head" if with_id else "explain.head_named"
    return t(key, vocab.lang, figure=figure.id, label=vocab.figure_label(figure),
             value=vocab.format_value(figure), period=period_text(summary.period, vocab),
             place=place_text(summary, vocab))


def explain_rows(summary: Summary, figure: Figure, vocab: Vocabulary) -> tuple[list[str], list[list[str]]]:
    """A header and one row per source, in the chosen language."""
    lang = vocab.lang
    summary = summary.with_sources()
    figure = summary.figure(figure.id)
    if figure.source_kind == "visit":
        header = [t(f"col.{c}", lang) for c in ("uuid", "date", "id", "name", "village", "form", "volunteer")]
        rows = []
        for uuid in figure.sources:
            visit = summary.visits.get(uuid, {})
            household = str(visit.get("household", ""))
            entry = summary.entries.get(household, {})
            day = visit_day(visit)
            rows.append([uuid, day.isoformat() if day else "", household, str(entry.get("name", "")),
                         vocab.village(str(entry.get("village", ""))) if entry else vocab.village(""),
                         vocab.form_title(str(visit.get("form_id", ""))), str(visit.get("volunteer", ""))])
        return header, rows
    if figure.source_kind == "entered":
        header = [t(f"col.{c}", lang) for c in ("year", "value", "given_by", "doc_date", "document",
                                                 "entered_at", "entered_by")]
        rows = []
        for ident in figure.sources:
            r = summary.entered.get(ident, {})
            value = str(r.get("amount") if figure.unit == "yuan" else r.get("count", ""))
            rows.append([str(r.get("year", "")), value, str(r.get("source", "")), str(r.get("date", "")),
                         str(r.get("document", "")), str(r.get("entered_at", ""))[:16].replace("T", " "),
                         str(r.get("entered_by", ""))])
        return header, rows
    header = [t(f"col.{c}", lang) for c in ("id", "name", "village", "category")]
    rows = []
    for household in figure.sources:
        found = summary.entries.get(household)
        if found is None:
            rows.append([household, "", vocab.village(""), ""])
        else:
            rows.append([household, str(found.get("name", "")), str(found.get("village", "")),
                         vocab.category(str(found.get("category", "")))])
    return header, rows


def explain_text(summary: Summary, figure_id: str, vocab: Vocabulary) -> str:
    figure = summary.figure(figure_id)
    header, rows = explain_rows(summary, figure, vocab)
    key = {"visit": "explain.visits", "entered": "explain.entered"}.get(figure.source_kind,
                                                                         "explain.register")
    lines = [explain_header(summary, figure, vocab), t(key, vocab.lang, count=len(rows))]
    if rows:
        lines.append("\t".join(header))
        lines.extend("\t".join(row) for row in rows)
    else:
        lines.append(t("explain.none", vocab.lang))
    return "\n".join(lines) + "\n"


def explain_document(summary: Summary, figure_id: str, vocab: Vocabulary) -> dict[str, Any]:
    summary.figure(figure_id)   # an unknown figure is refused before the sources are counted
    summary = summary.with_sources()
    figure = summary.figure(figure_id)
    return {"figure": figure.id, "label": vocab.figure_label(figure),
            "value": plain_value(figure.value, figure.unit), "unit": figure.unit,
            "period": summary.period.describe(), "village": summary.village,
            "source_kind": figure.source_kind, "sources": list(figure.sources)}
