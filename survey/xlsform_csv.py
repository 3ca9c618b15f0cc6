"""The CSV attachments of select_one_from_file: read once, at import, into the form's choices.

ODK ships a form's CSV files beside it to every phone; here the choices are written into the form
file itself, so they travel with the form in every assignment and cannot go missing on a laptop.
The file is outside input like the workbook: size-limited, decoded as UTF-8 (with or without BOM)
or GB18030 (what WPS and Excel write on Chinese Windows), and every row checked.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

MAX_BYTES = 5 << 20
MAX_ROWS = 20_000


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
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        headers = [h.strip() for h in reader.fieldnames or []]
        if value_column not in headers:
            raise CsvProblem("xlsform_csv_no_column", attachment=path.name, column=value_column)
        rows: list[dict[str, str]] = []
        for number, row in enumerate(reader, start=2):
            if number - 1 > MAX_ROWS:
                raise CsvProblem("xlsform_csv_too_big", attachment=path.name, limit=MAX_BYTES >> 20)
            clean = {str(k).strip(): (v or "").strip() for k, v in row.items() if k is not None}
            if not any(clean.values()):
                continue
            name = clean.get(value_column, "")
            if not name:
                raise CsvProblem("xlsform_csv_row", attachment=path.name, row=number, column=value_column)
            label = clean.get(label_column) or name
            extra = {k: v for k, v in clean.items() if k not in (value_column, label_column) and k}
            rows.append({"name": name, "label": label, **extra})
    except csv.Error as exc:
        raise CsvProblem("xlsform_csv_syntax", attachment=path.name, why=str(exc)) from None
    if not rows:
        raise CsvProblem("xlsform_csv_empty", attachment=path.name)
    return rows
