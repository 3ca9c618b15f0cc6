"""Files a clerk opens in Excel or WPS: csv and xlsx cells that are data, never a formula.

Every csv and xlsx doorstep writes goes through here, because the text in them comes from
outside (names, villages, notes typed in a doorway, sheets imported from other offices):

- **Formulas.** A cell whose text begins with = + - @, a tab or a carriage return is run as a
  formula (or a DDE command) by Excel and WPS when the file is opened. In csv such a cell gets a
  leading apostrophe, defusedcsv's rule (a plain number such as -12.5 is left alone); the register
  import takes that apostrophe off again (`undo_guard`), so an exported file imports unchanged.
  In xlsx the cell is written with the string type, which no spreadsheet evaluates, and keeps
  its text exactly (the apostrophe would show there).
- **Control characters** (C0 but tab, newline and carriage return; DEL; C1) are replaced by
  U+FFFD in both: openpyxl refuses them with an exception, and a terminal that shows a csv file
  would act on them.
- **Layout.** csv is UTF-8 with a BOM (what makes Excel read Chinese) and CRLF line ends. xlsx
  has its header rows bold and frozen, columns as wide as their content (a Chinese character
  counts two), dates and times as real dates, and money with two decimals.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"\A[+-]?\d+(\.\d+)?\Z")
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MIN_WIDTH, MAX_WIDTH = 6, 60


def clean_text(text: str) -> str:
    """Text without the control characters openpyxl refuses and terminals act on."""
    return _CONTROL.sub("\ufffd", text)


def needs_guard(text: str) -> bool:
    return text.startswith(_TRIGGERS) and not _PLAIN_NUMBER.match(text)


def csv_text_cell(text: str) -> str:
    text = clean_text(text)
    return "'" + text if needs_guard(text) else text


def undo_guard(text: str) -> str:
    """What csv_text_cell wrote, read back: the apostrophe before a formula-like text goes."""
    if text.startswith("'") and needs_guard(text[1:]):
        return text[1:]
    return text


@dataclass(frozen=True)
class Formatted:
    """A number or date with the Excel format it is shown in (a share as 0.0%, say)."""

    value: int | float | Decimal | date | datetime | None
    number_format: str


Value = str | int | float | Decimal | date | datetime | Formatted | None


def _csv_value(value: Value) -> str:
    if isinstance(value, Formatted):
        value = value.value
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_text_cell(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def csv_bytes(rows: Iterable[Sequence[Value]]) -> bytes:
    """UTF-8 with a BOM, CRLF line ends (RFC 4180), every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _shown(value: Value) -> str:
    """Roughly what Excel shows, to fit the column to it."""
    if isinstance(value, Formatted):
        inner = value.value
        if isinstance(inner, Decimal | float) and "%" in value.number_format:
            return f"{inner * 100:.1f}%"
        return _shown(inner)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return "2026-01-01 00:00"
    if isinstance(value, date):
        return "2026-01-01"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, int | float):
        return f"{value:,}"
    return max(str(value).split("\n"), key=display_width) if value else ""


@dataclass
class SheetData:
    """One sheet: `header` rows (bold, frozen), then `rows`."""

    title: str
    header: Sequence[Sequence[Value]]
    rows: Sequence[Sequence[Value]] = field(default_factory=list)
    widths: dict[int, int] = field(default_factory=dict)   # column index -> width, to override


_BAD_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_title(title: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = clean_text(title).translate(_BAD_SHEET_CHARS).strip().strip("'")[:31] or "sheet"
    name, n = base, 2
    while name.casefold() in {u.casefold() for u in used}:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


WIDTH_SAMPLE = 2000   # rows read to fit the columns: enough to see their content, fast on 100,000


def _fitted_widths(sheet: SheetData) -> list[float]:
    widths: list[int] = []
    step = max(1, len(sheet.rows) // WIDTH_SAMPLE)
    for row in [*sheet.header, *sheet.rows[::step]]:
        for i, value in enumerate(row):
            width = display_width(_shown(value))
            if i >= len(widths):
                widths.append(width)
            elif width > widths[i]:
                widths[i] = width
    return [sheet.widths.get(i, min(MAX_WIDTH, max(MIN_WIDTH, w + 2))) for i, w in enumerate(widths)]


def _xlsx_cell(ws: Any, value: Value, bold: Any = None) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if bold is None and (value is None or type(value) is int or (
            type(value) is str and not value.startswith("="))):
        # Most cells: written as they are (openpyxl types them the same), without a cell object.
        return clean_text(value) if type(value) is str else value

    number_format: str | None = None
    if isinstance(value, Formatted):
        number_format = value.number_format
        value = value.value
    if isinstance(value, str):
        cell = WriteOnlyCell(ws, value=clean_text(value))
        cell.data_type = "s"   # text, even when it begins with "=": never a formula
    elif isinstance(value, datetime):
        # Excel has no time zones: the time the visit's own clock showed.
        cell = WriteOnlyCell(ws, value=value.replace(tzinfo=None))
        cell.number_format = number_format or DATETIME_FORMAT
    elif isinstance(value, date):
        cell = WriteOnlyCell(ws, value=value)  # type: ignore[arg-type]  # openpyxl writes dates; its stubs say no
        cell.number_format = number_format or DATE_FORMAT
    elif isinstance(value, Decimal):
        cell = WriteOnlyCell(ws, value=value)  # type: ignore[arg-type]  # and Decimals, exactly
        cell.number_format = number_format or MONEY_FORMAT
    else:
        cell = WriteOnlyCell(ws, value=value)
        if number_format and value is not None:
            cell.number_format = number_format
    if bold is not None:
        cell.font = bold
    return cell


def xlsx_bytes(sheets: Sequence[SheetData]) -> bytes:
    """One workbook, written in openpyxl's write-only mode (rows stream out: 100,000 visits stay
    fast)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    used: set[str] = set()
    for sheet in sheets:
        ws = workbook.create_sheet(sheet_title(sheet.title, used))
        for i, width in enumerate(_fitted_widths(sheet), start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        if sheet.header:
            ws.freeze_panes = f"A{len(sheet.header) + 1}"
        for row in sheet.header:
            ws.append([_xlsx_cell(ws, v, bold) for v in row])
        for row in sheet.rows:
            ws.append([_xlsx_cell(ws, v) for v in row])
    if not sheets:
        workbook.create_sheet("sheet")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
