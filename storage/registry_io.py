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
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from doorstep.i18n import Lang, Message, UserError, text
from doorstep.storage import qrid
from doorstep.storage.categories import (
    BY_CODE,
    category_choices,
    find_category,
    is_group_name,
    survivor_names,
)
from doorstep.storage.messages import MESSAGES
from doorstep.storage.phone import normalize_phone
from doorstep.storage.store import Store, UpsertResult, clean_death_date

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
}
REQUIRED = ("name", "category")
EXPORT_COLUMNS = ("id", "name", "category", "priority", "village", "address", "phone", "members",
                  "notes", "status", "death_date", "entitled", "version", "updated")
PRIORITY_WORDS = {"key": "key", "重点": "key", "general": "general", "一般": "general",
                  "other": "other", "其他": "other"}
STATUS_WORDS = {"alive": "alive", "健在": "alive", "在世": "alive",
                "deceased": "deceased", "已去世": "deceased", "去世": "deceased", "死亡": "deceased",
                "moved": "moved", "已迁居": "moved", "迁居": "moved", "迁出": "moved"}
ENTITLED_WORDS = {"yes": "yes", "是": "yes", "y": "yes", "no": "no", "否": "no", "n": "no"}
_DATE_CELL = re.compile(r"\A(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T ]00:00(?::00)?)?\Z")
_MEMBER_SPLIT = re.compile(r"[;；、,，]")
_MEMBER = re.compile(r"^([^()（）]+?)\s*(?:[(（]\s*([^()（）]*?)\s*[)）])?$")


@dataclass(frozen=True)
class RowProblem:
    """One bad cell: renders as a Message does, in either language."""

    row: int
    column: str
    reason: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: Lang) -> str:
        reason = text(MESSAGES, self.reason, lang, **self.params)
        return text(MESSAGES, "import_row_error", lang, row=self.row, column=self.column, reason=reason)


class ImportErrors(UserError):
    def __init__(self, file: Path, problems: list[RowProblem]) -> None:
        self.problems = problems
        header = Message(MESSAGES, "import_errors", {"file": str(file), "count": len(problems),
                                                      "details": ""})
        super().__init__(header, *problems)


def _err(key: str, **params: Any) -> UserError:
    return UserError(Message(MESSAGES, key, params))


def _cell(value: Any) -> str:
    if type(value) is str:  # nearly every cell: the fast path
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel keeps phone numbers typed as numbers as floats
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _decode_csv(raw: bytes, path: Path) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")  # what Excel in China writes for "CSV"
    except UnicodeDecodeError as exc:
        raise _err("import_encoding", file=str(path), offset=exc.start) from None


def read_rows(path: Path) -> list[tuple[int, list[str]]]:
    """(row number as a spreadsheet counts it, cells) for every non-blank row, header first."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            content = _decode_csv(path.read_bytes(), path)
            rows = list(csv.reader(io.StringIO(content, newline="")))
            numbered = [(i + 1, [_cell(c) for c in r]) for i, r in enumerate(rows)]
        elif suffix == ".xlsx":
            import openpyxl

            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                numbered = [(i + 1, [_cell(c) for c in r])
                            for i, r in enumerate(sheet.iter_rows(values_only=True))]
            finally:
                workbook.close()
        else:
            raise _err("import_bad_type", file=str(path))
    except FileNotFoundError:
        raise _err("import_unreadable", file=str(path), reason="not found / 不存在") from None
    except (csv.Error, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise _err("import_unreadable", file=str(path), reason=str(exc)[:100]) from None
    return [(n, cells) for n, cells in numbered if any(cells)]


def _header_map(header: list[str], path: Path) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.strip().lstrip("\ufeff").lower()
        for field_name, names in HEADERS.items():
            if key in names and field_name not in columns:
                columns[field_name] = index
    missing = [f"{HEADERS[f][0]}/{HEADERS[f][1]}" for f in REQUIRED if f not in columns]
    if missing:
        raise _err("import_no_header", file=str(path), columns=", ".join(missing))
    return columns


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


def read_register_file(path: str | Path) -> list[dict[str, Any]]:
    """The entries of a register file, checked; ImportErrors listing every bad row."""
    path = Path(path)
    rows = read_rows(path)
    if not rows:
        raise _err("import_empty", file=str(path))
    header = rows[0][1]
    columns = _header_map(header, path)
    if len(rows) < 2:
        raise _err("import_empty", file=str(path))
    problems: list[RowProblem] = []
    entries: list[dict[str, Any]] = []
    seen_ids: dict[str, int] = {}
    for number, cells in rows[1:]:
        def cell(name: str, cells: list[str] = cells) -> str:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        def bad(name: str, reason: str, /, **params: Any) -> None:
            problems.append(RowProblem(number, header[columns[name]], reason, params))  # noqa: B023 - called at once

        entry: dict[str, Any] = {"_row": number}
        for name in ("name", "village", "address", "notes"):
            if name in columns:
                entry[name] = cell(name)
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
    return entries


def _match_key(entry: Mapping[str, Any]) -> tuple[str, str, str]:
    return (entry.get("name", ""), entry.get("village", ""), entry.get("address", ""))


def assign_ids(store: Store, entries: list[dict[str, Any]]) -> None:
    """Give rows without an id the id of the entry they already are, if any."""
    if all(e.get("id") for e in entries):
        return
    existing: dict[tuple[str, str, str], list[str]] = {}
    taken = {e["id"] for e in entries if e.get("id")}
    for stored in store.entries():
        if stored["id"] not in taken:
            existing.setdefault(_match_key(stored), []).append(stored["id"])
    for entry in entries:
        if not entry.get("id"):
            candidates = existing.get(_match_key(entry))
            if candidates:
                entry["id"] = candidates.pop(0)


def import_register(store: Store, path: str | Path) -> UpsertResult:
    """Check the whole file, then write it in one atomic step (or raise and write nothing)."""
    entries = read_register_file(path)
    assign_ids(store, entries)
    for entry in entries:
        entry.pop("_row", None)
    return store.upsert_entries(entries)


def export_register(store: Store, fmt: str = "csv") -> str:
    entries = store.entries()
    if fmt == "json":
        return json.dumps(entries, ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for entry in entries:
        row = dict(entry)
        row["members"] = "; ".join(
            f"{m['name']}({m['relation']})" if m.get("relation") else m["name"] for m in entry["members"])
        writer.writerow([row.get(c, "") for c in EXPORT_COLUMNS])
    return out.getvalue()


def category_label(code: str, lang: Lang) -> str:
    category = BY_CODE.get(code)
    return (category.zh if lang == "zh" else category.en) if category else code
