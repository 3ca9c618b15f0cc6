"""The summary as an xlsx workbook: one sheet per table, and a sheet of every figure.

Numbers are written as numbers (yuan with two decimals, shares as a percentage format), so the
office can add up and chart them in Excel or WPS; headers in the chosen language, bold and
frozen; columns fitted to their content (storage.sheets writes the file).
"""

from __future__ import annotations

from decimal import Decimal

from doorstep.reports.figures import Figure, Summary
from doorstep.reports.messages import t
from doorstep.reports.tables import Cell, build_tables
from doorstep.reports.vocabulary import Vocabulary
from doorstep.storage.sheets import Formatted, SheetData, Value, xlsx_bytes

NUMBER_FORMATS = {"yuan": "#,##0.00", "share": "0.0%", "count": "#,##0", "minutes": "#,##0"}


def figure_value(figure: Figure) -> Value:
    if figure.value is None:
        return None
    value = Decimal(figure.value) if isinstance(figure.value, Decimal) else figure.value
    return Formatted(value, NUMBER_FORMATS[figure.unit])


def _value(cell: Cell) -> Value:
    return figure_value(cell.figure) if cell.figure is not None else cell.text


def render_xlsx(summary: Summary, vocab: Vocabulary) -> bytes:
    lang = vocab.lang
    sheets = [SheetData(table.title, [list(table.header)], [[_value(c) for c in row] for row in table.rows])
              for table in build_tables(summary, vocab)]
    columns = ("label", "value", "unit", "sources", "figure")
    sheets.append(SheetData(t("table.figures", lang), [[t(f"col.{c}", lang) for c in columns]], [
        [vocab.figure_label(f), figure_value(f), t(f"unit.{f.unit}", lang), f.source_count, f.id]
        for f in summary.figures.values()]))
    return xlsx_bytes(sheets)
