"""The summary as an xlsx workbook: one sheet per table, and a sheet of every figure.

Numbers are written as numbers (yuan as Decimal with a two-decimal format, shares as a
percentage format), so the office can add up and chart them in Excel or WPS.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any, cast

from doorstep.reports.figures import Figure, Summary
from doorstep.reports.messages import t
from doorstep.reports.tables import Cell, build_tables
from doorstep.reports.vocabulary import Vocabulary
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

NUMBER_FORMATS = {"yuan": "#,##0.00", "share": "0.0%", "count": "#,##0", "minutes": "#,##0"}
_BAD_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_title(title: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = title.translate(_BAD_SHEET_CHARS).strip()[:31] or "sheet"
    name, n = base, 2
    while name in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def _write_value(sheet: Worksheet, row: int, column: int, figure: Figure) -> None:
    cell = sheet.cell(row=row, column=column)
    if figure.value is None:
        cell.value = None
        return
    cell.value = Decimal(figure.value) if isinstance(figure.value, Decimal) else figure.value
    cell.number_format = NUMBER_FORMATS[figure.unit]


def _write_text(sheet: Worksheet, row: int, column: int, text: str) -> Any:
    written = sheet.cell(row=row, column=column, value=text)
    if text.startswith("="):   # a name or a note is text, never a formula Excel would run
        written.data_type = "s"
    return written


def _write_cell(sheet: Worksheet, row: int, column: int, cell: Cell) -> None:
    if cell.figure is not None:
        _write_value(sheet, row, column, cell.figure)
    else:
        _write_text(sheet, row, column, cell.text)


def render_xlsx(summary: Summary, vocab: Vocabulary) -> bytes:
    workbook = Workbook()
    used: set[str] = set()
    first = True
    bold = Font(bold=True)
    for table in build_tables(summary, vocab):
        # A new workbook holds one worksheet, its active one: the first table goes there.
        sheet = cast(Worksheet, workbook.active) if first else workbook.create_sheet()
        first = False
        sheet.title = sheet_title(table.title, used)
        for column, name in enumerate(table.header, start=1):
            _write_text(sheet, 1, column, name).font = bold
            sheet.column_dimensions[get_column_letter(column)].width = \
                max(10, min(40, 2 * len(name) + 4))
        for r, row in enumerate(table.rows, start=2):
            for c, cell in enumerate(row, start=1):
                _write_cell(sheet, r, c, cell)
        sheet.freeze_panes = "A2"
    sheet = workbook.create_sheet()
    sheet.title = sheet_title(t("col.figure", vocab.lang), used)
    for column, key in enumerate(("figure", "label", "value", "unit", "sources"), start=1):
        sheet.cell(row=1, column=column, value=t(f"col.{key}", vocab.lang)).font = bold
    for r, figure in enumerate(summary.figures.values(), start=2):
        sheet.cell(row=r, column=1, value=figure.id)
        _write_text(sheet, r, 2, vocab.figure_label(figure))
        _write_value(sheet, r, 3, figure)
        sheet.cell(row=r, column=4, value=figure.unit)
        sheet.cell(row=r, column=5, value=len(figure.sources))
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
