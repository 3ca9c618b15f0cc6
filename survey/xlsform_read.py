"""Reading an XLSForm workbook (.xlsx, .xlsm, .xls) into rows, with pyxform's own reader.

pyxform is the reference implementation of XLSForm: its backends decide what a cell holds (numbers
as "1" not "1.0", dates, booleans, non-breaking spaces) exactly as ODK's tools see it. Around it,
this module keeps hostile files harmless: a size limit, a check of the zip's expanded size (a
small .xlsx can expand to gigabytes), and any failure of the reader becomes one problem, never a
traceback. Rows keep their spreadsheet row number (the header is row 1), so every problem found
later can say where it is.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 20 << 20
MAX_EXPANDED_BYTES = 200 << 20
SUFFIXES = (".xlsx", ".xlsm", ".xls")
SHEETS = ("survey", "choices", "settings", "external_choices")
# C0 but tab, newline and carriage return; DEL; C1. An .xlsx holds DEL and C1 (XML allows them), an
# .xls any of them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass
class Sheet:
    name: str
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, {header: cell text})


@dataclass
class Workbook:
    sheets: dict[str, Sheet] = field(default_factory=dict)
    sheet_names: list[str] = field(default_factory=list)


class ReadProblem(Exception):
    """The workbook cannot be read at all: `key` (a survey.messages key) and its params, and the
    cell it is about when there is one."""

    def __init__(self, key: str, *, sheet: str = "-", row: int | None = None, column: str = "-",
                 **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
        self.sheet, self.row, self.column = sheet, row, column


def _check_text(sheet: Sheet) -> None:
    """No control character in a header or cell: labels and choices reach the volunteer's screen."""
    for column in sheet.headers:
        if _CONTROL.search(column):
            raise ReadProblem("xlsform_control_character", sheet=sheet.name, row=1, column=column)
    for number, row in sheet.rows:
        for column, value in row.items():
            if _CONTROL.search(value):
                raise ReadProblem("xlsform_control_character", sheet=sheet.name, row=number, column=column)


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(max(info.file_size, 0) for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise ReadProblem("xlsform_not_xlsx") from None
    if expanded > MAX_EXPANDED_BYTES:
        raise ReadProblem("xlsform_too_big", size=expanded >> 20, limit=MAX_EXPANDED_BYTES >> 20)


def read_workbook(path: Path) -> Workbook:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReadProblem("xlsform_bad_suffix", suffix=suffix or "-")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadProblem("form_unreadable", why=exc.strerror or str(exc)) from None
    if size > MAX_FILE_BYTES:
        raise ReadProblem("xlsform_too_big", size=size >> 20, limit=MAX_FILE_BYTES >> 20)
    if suffix != ".xls":
        _check_zip(path)
    try:
        from pyxform.xls2json_backends import xls_to_dict, xlsx_to_dict

        raw = (xls_to_dict if suffix == ".xls" else xlsx_to_dict)(str(path))
    except Exception as exc:  # noqa: BLE001 - any failure of a third-party reader on hostile input
        why = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise ReadProblem("xlsform_unreadable", why=why) from None
    book = Workbook(sheet_names=[str(n) for n in raw.get("sheet_names", [])])
    for name in SHEETS:
        rows = raw.get(name)
        if rows is None:
            continue
        header_rows = raw.get(f"{name}_header") or [{}]
        headers = [str(h) for h in header_rows[0]] if header_rows else []
        book.sheets[name] = Sheet(name, headers, [
            (number, {str(k): str(v) for k, v in row.items() if v is not None})
            for number, row in enumerate(rows, start=2)
        ])
        _check_text(book.sheets[name])
    return book
