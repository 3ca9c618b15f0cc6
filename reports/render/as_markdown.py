"""The summary as Markdown: the narrative work summary, then every table."""

from __future__ import annotations

from datetime import date

from doorstep.reports.figures import Summary
from doorstep.reports.markdown import md_text
from doorstep.reports.messages import t
from doorstep.reports.narrative import build_narrative, plain
from doorstep.reports.tables import Table, build_tables
from doorstep.reports.vocabulary import Vocabulary


def md_table(table: Table) -> list[str]:
    lines = ["| " + " | ".join(md_text(h) for h in table.header) + " |"]
    aligns = []
    for i in range(len(table.header)):
        numeric = bool(table.rows) and all(row[i].figure is not None or not row[i].text
                                            for row in table.rows)
        aligns.append("---:" if numeric else "---")
    lines.append("| " + " | ".join(aligns) + " |")
    for row in table.rows:
        lines.append("| " + " | ".join(md_text(c.text) for c in row) + " |")
    return lines


def render_markdown(summary: Summary, vocab: Vocabulary, today: date | None = None) -> str:
    story = build_narrative(summary, vocab, today)
    lines = [f"# {md_text(story.title)}", "", md_text(story.subtitle), ""]
    for section in story.sections:
        lines += ["#" * section.level + " " + md_text(section.heading), ""]
        for paragraph in section.paragraphs:
            lines += [md_text(plain(paragraph)), ""]
    lines += [f"## {t('nar.h.tables', vocab.lang)}", ""]
    for table in build_tables(summary, vocab):
        lines += [f"### {md_text(table.title)}", ""]
        lines += md_table(table) if table.rows else [t("explain.none", vocab.lang)]
        lines.append("")
    return "\n".join(lines)
