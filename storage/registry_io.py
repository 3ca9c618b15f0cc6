"""Register import (.csv in UTF-8, UTF-8 with BOM or GB18030; .xlsx) and export (csv, json).

Import is all or nothing: every row is checked first and every bad row is reported (row number
as a spreadsheet shows it, column as the file names it, and why); only a file without errors
is written, in one atomic store write. Importing the same file again changes nothing: rows with
an id are matched by id, rows without one by (name, village, address), and an entry equal to
its row is left alone (no version bump, no audit row).
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from doorstep.i18n import Lang, Message, UserError, text
from doorstep.i18n.shown import shown
from doorstep.storage import idnumber, qrid, sheets
from doorstep.storage.backend import StoreBackend
from doorstep.storage.categories import (
    BY_CODE,
    category_choices,
    find_category,
    is_group_name,
    survivor_names,
)
from doorstep.storage.import_problems import ImportErrors, RowProblem
from doorstep.storage.messages import MESSAGES
from doorstep.storage.phone import normalize_phone
from doorstep.storage.register_match import Decide, ImportQuestions, ImportReport, match_rows
from doorstep.storage.store import clean_death_date

# Header names people use, lower-cased, for each field.
HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("编号", "id", "二维码编号", "qr", "qr id", "qrid"),
    "name": ("姓名", "name", "名字"),
    "category": ("类别", "category", "优抚类别", "对象类别"),
    "village": ("村", "village", "村名", "所在村", "村庄"),
    "address": ("地址", "address", "住址", "家庭住址"),
    "phone": ("电话", "phone", "联系电话", "手机"),
    "members": ("家庭成员", "members", "成员"),
    "notes": ("备注", "notes", "note"),
    "priority": ("级别", "priority", "重点/一般"),
    "status": ("状态", "status", "现状"),
    "death_date": ("去世日期", "death_date", "death date", "date of death"),
    "entitled": ("是否仍享受待遇", "entitled", "享受待遇"),
    "id_number": ("身份证号", "id_number", "id number", "身份证", "身份证号码", "公民身份号码",
                  "居民身份证号"),
    "sex": ("性别", "sex", "gender"),
    "birth_date": ("出生日期", "birth_date", "date of birth", "出生年月日"),
    "disability_grade": ("残疾等级", "disability_grade", "disability grade", "伤残等级", "残疾级别"),
    "contact": ("联系人", "contact", "contact person", "监护人", "紧急联系人"),
}
SEX_WORDS = {"男": "male", "女": "female", "male": "male", "female": "female", "m": "male", "f": "female"}
GRADE_WORDS = {w: i for i, w in enumerate("一二三四五六七八九十", start=1)}
# Columns the export writes that the store counts itself: read and left alone.
IGNORED_HEADERS = frozenset({"版本", "version", "更新时间", "updated", "序号", "no.", "#"})
REQUIRED = ("name", "category")
EXPORT_COLUMNS = ("id", "name", "sex", "birth_date", "id_number", "category", "priority", "disability_grade",
                  "village", "address", "phone", "contact", "members", "notes", "status", "death_date",
                  "entitled", "version", "updated")
PRIORITY_WORDS = {"key": "key", "重点": "key", "general": "general", "一般": "general",
                  "other": "other", "其他": "other"}
STATUS_WORDS = {"alive": "alive", "健在": "alive", "在世": "alive",
                "deceased": "deceased", "已去世": "deceased", "去世": "deceased", "死亡": "deceased",
                "moved": "moved", "已迁居": "moved", "迁居": "moved", "迁出": "moved"}
ENTITLED_WORDS = {"yes": "yes", "是": "yes", "y": "yes", "no": "no", "否": "no", "n": "no"}
_DATE_CELL = re.compile(r"\A(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T ]00:00(?::00)?)?\Z")
_MEMBER_SPLIT = re.compile(r"[;；、,，]")
_MEMBER = re.compile(r"^([^()（）]+?)\s*(?:[(（]\s*([^()（）]*?)\s*[)）])?$")


def _err(key: str, **params: Any) -> UserError:
    # File names and headers come from outside: shown as data, whoever prints the message.
    return UserError(Message(MESSAGES, key, {k: shown(v) if isinstance(v, str) else v
                                             for k, v in params.items()}))


def _cell(value: Any) -> str:
    if type(value) is str:  # nearly every cell: the fast path
        # Control characters are noise from other programs, and a terminal would act on them.
        return sheets.undo_guard(sheets.clean_text(value.strip()))
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel keeps phone numbers typed as numbers as floats
    if isinstance(value, datetime | date):
        return value.isoformat()
    return sheets.clean_text(str(value).strip())


# A city's register of 100,000 households is about 6 MB as xlsx (100 MB unpacked) and 20 MB as csv.
MAX_FILE_BYTES = 64 << 20
MAX_EXPANDED_BYTES = 256 << 20   # what the zip's members unpack to: a small xlsx can claim gigabytes
MAX_CELLS = 20_000_000           # cells read, blank ones inside a row included (100,000 x 19 is 1.9 million)
MAX_ROWS = 1_048_576             # a spreadsheet's own limit


def _decode_csv(raw: bytes, path: Path) -> str:
    nul = raw.find(b"\x00")
    if nul >= 0:   # no text Excel or WPS writes as csv holds one: UTF-16, or not text at all
        raise _err("import_nul", file=str(path), row=raw.count(b"\n", 0, nul) + 1)
    start = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    try:
        return raw[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        if start:   # the BOM says UTF-8: GB18030 would only turn its mistakes into other characters
            raise _err("import_encoding", file=str(path), offset=exc.start + start) from None
    try:
        return raw.decode("gb18030")  # what Excel in China writes for "CSV"
    except UnicodeDecodeError as exc:
        raise _err("import_encoding", file=str(path), offset=exc.start) from None


class _Counter:
    """Cells read so far: a sheet of a million blank-padded rows is refused, not waited for."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.cells = 0

    def add(self, number: int, width: int) -> None:
        self.cells += width
        if number > MAX_ROWS or self.cells > MAX_CELLS:
            raise _err("import_sheet_too_big", file=str(self.path), row=number, rows=MAX_ROWS,
                       cells=MAX_CELLS)


def _csv_rows(path: Path) -> list[tuple[int, list[str]]]:
    content = _decode_csv(path.read_bytes(), path)
    counter = _Counter(path)
    numbered: list[tuple[int, list[str]]] = []
    # strict: a quote left open would otherwise swallow every row after it into one cell, and the
    # import would "succeed" with the rest of the sheet inside someone's notes.
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    try:
        for number, record in enumerate(reader, start=1):
            counter.add(number, len(record))
            numbered.append((number, [_cell(c) for c in record]))
    except csv.Error:
        raise _err("import_csv_syntax", file=str(path), row=len(numbered) + 1,
                   limit=csv.field_size_limit()) from None
    return numbered


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(max(info.file_size, 0) for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError):
        raise _err("import_not_xlsx", file=str(path)) from None
    if expanded > MAX_EXPANDED_BYTES:
        raise _err("import_too_big", file=str(path), size=expanded >> 20, limit=MAX_EXPANDED_BYTES >> 20)


def _xlsx_rows(path: Path) -> list[tuple[int, list[str]]]:
    import openpyxl

    _check_zip(path)
    counter = _Counter(path)
    numbered: list[tuple[int, list[str]]] = []
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            # Read-only mode believes the sheet's <dimension>: a stale one silently drops the rows
            # and columns beyond it, a false one pads every row to 16,384 columns.
            sheet.reset_dimensions()
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                counter.add(number, len(values))
                numbered.append((number, [_cell(c) for c in values]))
        finally:
            workbook.close()
    except (UserError, OSError):
        raise
    except Exception:  # noqa: BLE001 - whatever openpyxl raises on a damaged or forged workbook
        raise _err("import_not_xlsx", file=str(path)) from None
    return numbered


def read_rows(path: Path) -> list[tuple[int, list[str]]]:
    """(row number as a spreadsheet counts it, cells) for every non-blank row, header first."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise _err("import_bad_type", file=str(path))
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _err("import_too_big", file=str(path), size=size >> 20, limit=MAX_FILE_BYTES >> 20)
        numbered = _csv_rows(path) if suffix == ".csv" else _xlsx_rows(path)
    except FileNotFoundError:
        raise _err("import_unreadable", file=str(path), reason="not found / 不存在") from None
    except OSError as exc:
        raise _err("import_unreadable", file=str(path), reason=exc.strerror or type(exc).__name__) from None
    return [(n, cells) for n, cells in numbered if any(cells)]


@dataclass
class Columns:
    """Which column holds which field; the columns no field takes, kept in the notes."""

    fields: dict[str, int]
    extra: list[int]


def _column_letter(index: int) -> str:
    """0 -> A, 26 -> AA: as far as a csv goes, which has no column limit."""
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _header_map(header: list[str], path: Path) -> Columns:
    columns: dict[str, int] = {}
    seen: dict[str, int] = {}
    extra: list[int] = []
    for index, name in enumerate(header):
        key = name.strip().lstrip("\ufeff").lower()
        if not key:
            extra.append(index)   # a column without a header: its cells still go to the notes
            continue
        if key in seen:
            raise _err("import_duplicate_header", file=str(path), column=name.strip(),
                       first=_column_letter(seen[key]), second=_column_letter(index))
        seen[key] = index
        if key in IGNORED_HEADERS:
            continue
        field_name = next((f for f, names in HEADERS.items() if key in names), None)
        if field_name is None:
            extra.append(index)
        elif field_name in columns:
            raise _err("import_duplicate_field", file=str(path), first=header[columns[field_name]].strip(),
                       second=name.strip(), field=text(MESSAGES, f"field_{field_name}", "zh"),
                       field_en=text(MESSAGES, f"field_{field_name}", "en"))
        else:
            columns[field_name] = index
    missing = [f"{HEADERS[f][0]}/{HEADERS[f][1]}" for f in REQUIRED if f not in columns]
    if missing:
        raise _err("import_no_header", file=str(path), columns=", ".join(missing))
    return Columns(columns, extra)


def parse_members(value: str) -> list[dict[str, str]] | None:
    """'张三(妻)；李四(子)' -> [{name, relation}, ...]; None when it cannot be read."""
    members = []
    for part in _MEMBER_SPLIT.split(value):
        part = part.strip()
        if not part:
            continue
        match = _MEMBER.match(part)
        if not match:
            return None
        members.append({"name": match.group(1).strip(), "relation": (match.group(2) or "").strip()})
    return members


def parse_date_cell(value: str) -> str | None:
    """'2026-3-1', '2026/03/01', '2026年3月1日' or an Excel date -> '2026-03-01'; None if not a date."""
    match = _DATE_CELL.match(value.strip())
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        return None


@dataclass
class RegisterFile:
    """The checked rows of a register sheet, and what the office should know about it."""

    entries: list[dict[str, Any]]
    extra_columns: list[str]     # headers whose cells went into the notes


def _extra_cells(header: list[str], cells: list[str], extra: list[int]) -> list[int]:
    """The columns of this row no field takes that hold something: those the header names no
    field, and those beyond the header (a csv row longer than its header, an xlsx cell right of
    the last header). `extra` is ascending, so a row costs what its own cells do."""
    used = []
    for index in extra:
        if index >= len(cells):
            break
        if cells[index]:
            used.append(index)
    used.extend(i for i in range(len(header), len(cells)) if cells[i])
    return used


def _column_name(header: list[str], index: int) -> str:
    return header[index].strip() if index < len(header) and header[index].strip() else _column_letter(index)


def _extra_notes(header: list[str], cells: list[str], used: list[int]) -> str:
    return "；".join(f"{_column_name(header, i)}：{cells[i]}" for i in used)


def read_register_file(path: str | Path) -> list[dict[str, Any]]:
    """The entries of a register file, checked; ImportErrors listing every bad row."""
    return read_register(path).entries


def read_register(path: str | Path) -> RegisterFile:
    """A register sheet, checked whole: ImportErrors listing every bad cell of every row."""
    path = Path(path)
    rows = read_rows(path)
    if not rows:
        raise _err("import_empty", file=str(path))
    header = rows[0][1]
    found = _header_map(header, path)
    columns = found.fields
    if len(rows) < 2:
        raise _err("import_empty", file=str(path))
    problems: list[RowProblem] = []
    entries: list[dict[str, Any]] = []
    seen_ids: dict[str, int] = {}
    seen_numbers: dict[str, int] = {}
    used_extra: set[int] = set()
    for number, cells in rows[1:]:
        def cell(name: str, cells: list[str] = cells) -> str:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        def bad(name: str, reason: str, /, **params: Any) -> None:
            problems.append(RowProblem(number, header[columns[name]], reason, params))  # noqa: B023 - called at once

        entry: dict[str, Any] = {"_row": number}
        for name in ("name", "village", "address", "notes", "contact"):
            if name in columns:
                entry[name] = cell(name)
        used = _extra_cells(header, cells, found.extra)
        if used:
            used_extra.update(used)
            kept = _extra_notes(header, cells, used)
            entry["notes"] = "；".join(filter(None, (entry.get("notes", ""), kept)))
        if not entry["name"]:
            bad("name", "reason_required")
        category = find_category(cell("category"))
        if category is None and not cell("category"):
            bad("category", "reason_required")
        elif category is None and is_group_name(cell("category")):
            bad("category", "reason_category_group", value=cell("category"),
                choices_zh=survivor_names("zh"), choices_en=survivor_names("en"))
        elif category is None:
            bad("category", "reason_category", value=cell("category"), **category_choices())
        else:
            entry["category"] = category.code
        raw_id = cell("id")
        if raw_id:
            result = qrid.check(raw_id)
            if result is qrid.QrCheck.OK:
                entry["id"] = qrid.normalize(raw_id)
                if entry["id"] in seen_ids:
                    bad("id", "reason_id_duplicate", value=entry["id"], other=seen_ids[entry["id"]])
                seen_ids.setdefault(entry["id"], number)
            else:
                bad("id", f"reason_id_{result.value}", value=raw_id)
        _person_fields(entry, cell, bad, columns, category.code if category else "", seen_numbers, number)
        if "phone" in columns:
            phone = normalize_phone(cell("phone"))
            if phone is None:
                bad("phone", "reason_phone", value=cell("phone"))
            entry["phone"] = phone or ""
        if "members" in columns:
            members = parse_members(cell("members"))
            if members is None:
                bad("members", "reason_members", value=cell("members"))
            entry["members"] = members or []
        if "priority" in columns and cell("priority"):
            priority = PRIORITY_WORDS.get(cell("priority").lower())
            if priority is None:
                bad("priority", "reason_priority", value=cell("priority"))
            entry["priority"] = priority
        # status, death_date and entitled are optional columns; an empty cell leaves the field as
        # it is (a new entry: alive, entitled, no date of death).
        if "status" in columns and cell("status"):
            status = STATUS_WORDS.get(cell("status").lower())
            if status is None:
                bad("status", "reason_status", value=cell("status"))
            entry["status"] = status
        if "entitled" in columns and cell("entitled"):
            entitled = ENTITLED_WORDS.get(cell("entitled").lower())
            if entitled is None:
                bad("entitled", "reason_entitled", value=cell("entitled"))
            entry["entitled"] = entitled
        if "death_date" in columns and cell("death_date"):
            day = parse_date_cell(cell("death_date"))
            if day is None:
                bad("death_date", "reason_death_date", value=cell("death_date"))
            else:
                try:
                    entry["death_date"] = clean_death_date(day)
                except UserError:
                    bad("death_date", "reason_death_future", value=day)
                if entry.get("status") in ("alive", "moved"):
                    bad("death_date", "reason_death_not_deceased", value=day)
        entries.append(entry)
    if problems:
        raise ImportErrors(path, problems)
    extra_names = [_column_name(header, i) for i in sorted(used_extra)]
    return RegisterFile(entries, extra_names)


def _grade(value: str) -> int | None:
    """'6', '六级', '6级', '六' -> 6; None if it is not a grade of 1 to 10."""
    v = unicodedata.normalize("NFKC", value).strip().removesuffix("级")
    # isdigit() holds for ፩ and ², which int() refuses, and for 5,000 digits, which it refuses too
    number = int(v) if v.isdecimal() and len(v) <= 2 else GRADE_WORDS.get(v)
    return number if number is not None and 1 <= number <= 10 else None


def check_person_fields(cells: Mapping[str, str], category: str
                        ) -> tuple[dict[str, Any], list[tuple[str, str, dict[str, Any]]]]:
    """身份证号, 性别, 出生日期, 残疾等级 as one person's typed values (a register screen's edit),
    checked by exactly the rules of the import: the stored values, and each problem as (field,
    reason key, params)."""
    entry: dict[str, Any] = {}
    problems: list[tuple[str, str, dict[str, Any]]] = []

    def bad(name: str, reason: str, **params: Any) -> None:
        problems.append((name, reason, params))

    _person_fields(entry, lambda name: str(cells.get(name, "")).strip(), bad, {"disability_grade": 0},
                   category, {}, 0)
    return entry, problems


def _person_fields(entry: dict[str, Any], cell: Callable[[str], str], bad: Callable[..., None],
                   columns: dict[str, int], category: str, seen: dict[str, int], row: int) -> None:
    """身份证号, 性别, 出生日期, 残疾等级: checked, and the first two told apart from the number."""
    from_number: dict[str, str] = {}
    raw = cell("id_number")
    if raw and idnumber.is_masked(raw):
        entry["_masked_id_number"] = idnumber.fold(raw)   # kept as stored: see assign_ids
    elif raw:
        number, why = idnumber.check(raw)
        if why:
            bad("id_number", f"reason_id_number_{why}", value=raw)
        else:
            entry["id_number"] = number
            if number in seen:
                bad("id_number", "reason_id_number_duplicate", value=idnumber.mask(number),
                    other=seen[number])
            seen.setdefault(number, row)
            from_number = {"sex": idnumber.sex(number), "birth_date": idnumber.birth_date(number).isoformat()}
    if cell("sex"):
        sex = SEX_WORDS.get(cell("sex").lower())
        if sex is None:
            bad("sex", "reason_sex", value=cell("sex"))
        elif from_number and sex != from_number["sex"]:
            bad("sex", "reason_sex_conflict", value=cell("sex"))
        else:
            entry["sex"] = sex
    elif from_number:
        entry["sex"] = from_number["sex"]
    if cell("birth_date"):
        day = parse_date_cell(cell("birth_date"))
        if day is None or day > date.today().isoformat():
            bad("birth_date", "reason_birth_date", value=cell("birth_date"))
        elif from_number and day != from_number["birth_date"]:
            bad("birth_date", "reason_birth_conflict", value=cell("birth_date"),
                born=from_number["birth_date"])
        else:
            entry["birth_date"] = day
    elif from_number:
        entry["birth_date"] = from_number["birth_date"]
    if "disability_grade" in columns:
        grade_text = cell("disability_grade")
        if grade_text and category and category != "disabled_serviceman":
            bad("disability_grade", "reason_grade_not_disabled", value=grade_text)
        elif grade_text:
            grade = _grade(grade_text)
            if grade is None:
                bad("disability_grade", "reason_grade", value=grade_text)
            entry["disability_grade"] = grade or ""
        else:
            entry["disability_grade"] = ""


def import_register(store: StoreBackend, path: str | Path, decide: Decide | None = None) -> ImportReport:
    """Check the whole file, match its rows to the people already on the register, then write it
    in one atomic step (or raise and write nothing).

    A row matched only by name and village, whose other fields differ, is a question: `decide`
    answers it (True: the same person, updated; False: a new person). Without `decide`, such
    rows are refused (ImportQuestions) and nothing is written: never a silent duplicate.
    """
    found = read_register(path)
    entries = found.entries
    questions, problems = match_rows(store, entries)
    if problems:
        raise ImportErrors(Path(path), problems)
    if questions:
        if decide is None:
            raise ImportQuestions(Path(path), questions)
        for question in questions:
            if decide(question):
                question.row["id"] = question.stored["id"]
    for entry in entries:
        for name in [k for k in entry if k.startswith("_")]:
            del entry[name]
    result = store.upsert_entries(entries)
    return ImportReport(result, found.extra_columns, questions)


def _export_cell(entry: Mapping[str, Any], name: str, lang: Lang, fmt: str, full_ids: bool) -> sheets.Value:
    value = entry.get(name, "")
    if name == "id_number":
        return str(value) if full_ids else idnumber.mask(str(value))
    if name == "members":
        return "; ".join(f"{m['name']}({m['relation']})" if m.get("relation") else m["name"]
                         for m in value or [])
    if name == "category":
        return category_label(str(value), lang)
    if name in ("priority", "status", "entitled", "sex"):
        return text(MESSAGES, f"{name}_{value}", lang) if value else ""
    if fmt == "xlsx" and name in ("death_date", "birth_date") and value:
        return date.fromisoformat(str(value))
    if fmt == "xlsx" and name == "updated" and value:
        try:
            return datetime.fromisoformat(str(value))
        except ValueError:
            return str(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else str(value)


def export_register(store: StoreBackend, fmt: str = "csv", lang: Lang = "zh", *,
                    full_ids: bool = False) -> bytes:
    """The register as a clerk opens it (csv, xlsx: headers and values in `lang`, which the
    import reads back unchanged) or as stored (json). 身份证号 are masked unless `full_ids`
    (json, for tools, holds them whole)."""
    entries = store.entries()
    if fmt == "json":
        return (json.dumps(entries, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    header = [text(MESSAGES, f"field_{c}", lang) for c in EXPORT_COLUMNS]
    rows = [[_export_cell(e, c, lang, fmt, full_ids) for c in EXPORT_COLUMNS] for e in entries]
    if fmt == "xlsx":
        return sheets.xlsx_bytes([sheets.SheetData(text(MESSAGES, "register_sheet", lang), [header], rows)])
    return sheets.csv_bytes([header, *rows])


def category_label(code: str, lang: Lang) -> str:
    category = BY_CODE.get(code)
    return (category.zh if lang == "zh" else category.en) if category else code
