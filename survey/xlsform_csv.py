"""The CSV attachments of a form: read once, at import, into the form file.

select_one_from_file's CSV becomes a choice list; a CSV that pulldata() or instance() looks up (or
a csv-external row names) becomes a table of the form (`[instances]`).

ODK ships a form's CSV files beside it to every phone; here the choices are written into the form
file itself, so they travel with the form in every assignment and cannot go missing on a laptop.
The file is outside input like the workbook: size-limited, decoded as UTF-8 (with or without BOM)
or GB18030 (what WPS and Excel write on Chinese Windows), and every row checked.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

MAX_BYTES = 5 << 20
MAX_ROWS = 20_000
# A column of a lookup table is named as an XML name is (ODK's rule for CSV headers).
_HEADER_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*\Z")
# Control characters (escape sequences among them) have no business in a cell of a table whose
# values are shown on a volunteer's screen; refused with the cell's place, not cleaned up.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


class CsvProblem(Exception):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def read_choice_csv(path: Path, value_column: str = "name",
                    label_column: str = "label") -> list[dict[str, str]]:
    """[{name, label, other columns...}] in file order; CsvProblem when the file cannot serve."""
    try:
        raw = path.read_bytes()
    except OSError:
        raise CsvProblem("xlsform_csv_missing", attachment=path.name) from None
    if len(raw) > MAX_BYTES:
        raise CsvProblem("xlsform_csv_too_big", attachment=path.name, limit=MAX_BYTES >> 20)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise CsvProblem("xlsform_csv_encoding", attachment=path.name)
    rows: list[dict[str, str]] = []
    first: dict[str, int] = {}
    number = 0   # the last row read, for the place of a syntax error
    try:
        # strict: an unclosed quote would otherwise swallow the rows after it into one label
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        headers = [h.strip() for h in reader.fieldnames or []]
        number = 1
        if value_column not in headers:
            raise CsvProblem("xlsform_csv_no_column", attachment=path.name, column=value_column)
        for number, row in enumerate(reader, start=2):
            if number - 1 > MAX_ROWS:
                raise CsvProblem("xlsform_csv_too_big", attachment=path.name, limit=MAX_BYTES >> 20)
            clean = {str(k).strip(): (v or "").strip() for k, v in row.items() if k is not None}
            if not any(clean.values()):
                continue
            for column, cell in clean.items():
                if _CONTROL_RE.search(column) or _CONTROL_RE.search(cell):   # it would act on a screen
                    raise CsvProblem("xlsform_csv_cell", attachment=path.name, row=number, column=column)
            name = clean.get(value_column, "")
            if not name:
                raise CsvProblem("xlsform_csv_row", attachment=path.name, row=number, column=value_column)
            if name in first:   # said here, at its row: the form's loader would blame the choices sheet
                raise CsvProblem("xlsform_csv_duplicate", attachment=path.name, row=number, name=name,
                                 first=first[name])
            first[name] = number
            label = clean.get(label_column) or name
            extra = {k: v for k, v in clean.items() if k not in (value_column, label_column) and k}
            rows.append({"name": name, "label": label, **extra})
    except csv.Error:
        raise CsvProblem("xlsform_csv_syntax", attachment=path.name, row=number + 1,
                         limit=csv.field_size_limit()) from None
    if not rows:
        raise CsvProblem("xlsform_csv_empty", attachment=path.name)
    return rows


def read_table_csv(path: Path) -> list[dict[str, str]]:
    """Every row of a lookup table as {column: text}, in file order; CsvProblem (with the row and
    column) when the file cannot serve: missing, too big, not UTF-8/GB18030, not CSV, headers
    that are not names or appear twice, control characters in a cell."""
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError:
        raise CsvProblem("xlsform_table_missing", attachment=name) from None
    if len(raw) > MAX_BYTES:
        raise CsvProblem("xlsform_table_too_big", attachment=name, limit=MAX_BYTES >> 20, rows=MAX_ROWS)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise CsvProblem("xlsform_table_encoding", attachment=name)
    rows: list[dict[str, str]] = []
    number = 0   # the last row read, for the place of a syntax error
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        headers = [h.strip() for h in next(reader, [])]
        number = 1
        for column, header in enumerate(headers, start=1):
            if not _HEADER_RE.match(header) or headers.index(header) != column - 1:
                raise CsvProblem("xlsform_table_header", attachment=name, column=column, header=header)
        for number, cells in enumerate(reader, start=2):
            if number - 1 > MAX_ROWS:
                raise CsvProblem("xlsform_table_too_big", attachment=name, limit=MAX_BYTES >> 20,
                                 rows=MAX_ROWS)
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(headers):
                raise CsvProblem("xlsform_table_cell", attachment=name, row=number, column=len(headers) + 1)
            for column, cell in enumerate(cells, start=1):
                if _CONTROL_RE.search(cell):
                    raise CsvProblem("xlsform_table_cell", attachment=name, row=number, column=column)
            rows.append({h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(headers)})
    except csv.Error:
        raise CsvProblem("xlsform_table_syntax", attachment=name, row=number + 1,
                         limit=csv.field_size_limit()) from None
    if not headers or not rows:
        raise CsvProblem("xlsform_table_empty", attachment=name)
    return rows
