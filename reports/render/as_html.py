"""The summary as one self-contained HTML page: the narrative, then every table.

Each number in the text and the tables carries its figure id (`data-figure`, shown as a
tooltip), so a reader can ask `doorstep summary --explain ID` what lies behind it.
"""

from __future__ import annotations

import html
from datetime import date

from doorstep.i18n.shown import shown
from doorstep.reports.figures import Summary
from doorstep.reports.messages import t
from doorstep.reports.narrative import Num, Paragraph, build_narrative
from doorstep.reports.tables import Cell, Table, build_tables
from doorstep.reports.vocabulary import Vocabulary

STYLE = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       max-width: 60em; margin: 2em auto; padding: 0 1em; line-height: 1.7; color: #111; }
h1 { text-align: center; font-size: 1.6em; } .subtitle { text-align: center; color: #555; }
p { text-indent: 2em; margin: .4em 0; } .fig { font-weight: bold; }
table { border-collapse: collapse; margin: .5em 0 1.5em; } caption { text-align: left; font-weight: bold; }
th, td { border: 1px solid #999; padding: .2em .6em; } td.num { text-align: right; }
@media print { body { margin: 0; } h2 { page-break-after: avoid; } }
"""


def escape(text: str) -> str:
    """Names and villages come from the register's sheet: escaped, control characters visible."""
    return html.escape(shown(text))


def html_paragraph(paragraph: Paragraph) -> str:
    parts = []
    for seg in paragraph:
        if isinstance(seg, Num):
            parts.append(f'<span class="fig" data-figure="{escape(seg.figure_id)}" '
                         f'title="{escape(seg.figure_id)}">{escape(seg.text)}</span>')
        else:
            parts.append(escape(seg))
    return "".join(parts)


def html_cell(cell: Cell) -> str:
    if cell.figure is None:
        return f"<td>{escape(cell.text)}</td>"
    fid = escape(cell.figure.id)
    return f'<td class="num" data-figure="{fid}" title="{fid}">{escape(cell.text)}</td>'


def html_table(table: Table) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.header)
    body = "".join("<tr>" + "".join(html_cell(c) for c in row) + "</tr>" for row in table.rows)
    return (f'<table id="{escape(table.id)}"><caption>{escape(table.title)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def render_html(summary: Summary, vocab: Vocabulary, today: date | None = None) -> str:
    lang = vocab.lang
    story = build_narrative(summary, vocab, today)
    out = ["<!DOCTYPE html>", f'<html lang="{"zh-CN" if lang == "zh" else "en"}">', "<head>",
           '<meta charset="utf-8">', f"<title>{escape(story.title)}</title>",
           f"<style>{STYLE}</style>", "</head>", "<body>",
           f"<h1>{escape(story.title)}</h1>", f'<p class="subtitle">{escape(story.subtitle)}</p>']
    for section in story.sections:
        level = min(section.level, 6)
        out.append(f"<h{level}>{escape(section.heading)}</h{level}>")
        out.extend(f"<p>{html_paragraph(p)}</p>" for p in section.paragraphs)
    out.append(f"<h2>{escape(t('nar.h.tables', lang))}</h2>")
    for table in build_tables(summary, vocab):
        out.append(html_table(table) if table.rows else
                   f"<h3>{escape(table.title)}</h3><p>{escape(t('explain.none', lang))}</p>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)
