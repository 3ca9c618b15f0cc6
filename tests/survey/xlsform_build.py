"""Building XLSForm workbooks in tests, as a form author writes them in Excel or WPS."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl


def xlsform(path: Path, survey: Sequence[Sequence[Any]], choices: Sequence[Sequence[Any]] | None = None,
            settings: Sequence[Sequence[Any]] | None = None, **extra: Sequence[Sequence[Any]]) -> Path:
    """Write a workbook: each sheet is a list of rows, the first row the headers."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "survey"
    for row in survey:
        ws.append(list(row))
    for name, rows in (("choices", choices), ("settings", settings), *extra.items()):
        if rows is None:
            continue
        sheet = wb.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    wb.save(path)
    return path


YES_NO = [["list_name", "name", "label::English (en)", "label::Chinese (zh)"],
          ["yn", "yes", "Yes", "是"], ["yn", "no", "No", "否"]]


def xls(path: Path, survey: Sequence[Sequence[Any]], choices: Sequence[Sequence[Any]] | None = None,
        settings: Sequence[Sequence[Any]] | None = None) -> Path:
    """The same workbook in the old Excel 97-2003 format (.xls), as xlwt writes it; numbers stay
    numbers in their cells, as Excel keeps them."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for name, rows in (("survey", survey), ("choices", choices), ("settings", settings)):
        if rows is None:
            continue
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None and value != "":
                    sheet.write(r, c, value)
    book.save(str(path))
    return path
