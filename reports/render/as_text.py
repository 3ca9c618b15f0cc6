"""The summary as rich tables, for the terminal (or a plain-text file)."""

from __future__ import annotations

import io

from doorstep.reports.figures import Summary
from doorstep.reports.messages import t
from doorstep.reports.narrative import period_text, place_text
from doorstep.reports.tables import Table, build_tables
from doorstep.reports.vocabulary import Vocabulary
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable
from rich.text import Text


def _rich_table(table: Table) -> RichTable:
    # Cells are Text, never markup: a name or a note may well contain "[".
    out = RichTable(title=Text(table.title), box=box.SIMPLE_HEAVY, title_justify="left", expand=False)
    for i, name in enumerate(table.header):
        numeric = bool(table.rows) and all(row[i].figure is not None or not row[i].text
                                            for row in table.rows)
        out.add_column(Text(name), justify="right" if numeric else "left", overflow="fold")
    for row in table.rows:
        out.add_row(*(Text(cell.text) for cell in row))
    return out


def print_summary(summary: Summary, vocab: Vocabulary, console: Console) -> None:
    title = t("nar.title", vocab.lang, place=place_text(summary, vocab))
    console.print(f"[bold]{escape(title)}[/bold]\n{escape(period_text(summary.period, vocab))}\n",
                  highlight=False)
    for table in build_tables(summary, vocab):
        if table.rows:
            console.print(_rich_table(table))
        else:
            none = t("explain.none", vocab.lang)
            console.print(f"{escape(table.title)}\n  {escape(none)}\n", highlight=False)


def render_text(summary: Summary, vocab: Vocabulary, width: int = 100) -> str:
    """Plain text without colours, for --out FILE."""
    buffer = io.StringIO()
    print_summary(summary, vocab, Console(file=buffer, width=width, color_system=None,
                                          force_terminal=False, emoji=False))
    return buffer.getvalue()
