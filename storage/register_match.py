"""Who a re-imported row already is: the doorstep id, else the 身份证号, else name and village.

Corrections are made in the sheet and the sheet is imported again, so each row must find the
person the register already holds. The doorstep id and the 身份证号 say it for sure. Name and
village only suggest it: a row found that way whose other fields are the same is that person
(the sheet imported again); one whose fields differ is a question for the supervisor, shown
with the difference (the same person with a corrected address, or a namesake in the same
village?). A stored entry with another 身份证号 is never the row's person.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from doorstep.i18n import Lang, Message, UserError, text
from doorstep.storage import idnumber
from doorstep.storage.backend import StoreBackend
from doorstep.storage.categories import BY_CODE
from doorstep.storage.import_problems import RowProblem
from doorstep.storage.messages import MESSAGES
from doorstep.storage.store import OFFICE_DEFAULTS, UpsertResult, clean_entry


@dataclass
class NameMatch:
    """A row matched only by name and village, whose fields differ from the stored entry's."""

    row: dict[str, Any]
    stored: Mapping[str, Any]
    differences: list[tuple[str, Any, Any]]   # (field, stored, in the sheet)

    def render(self, lang: Lang) -> str:
        changes = text(MESSAGES, "list_sep", lang).join(
            text(MESSAGES, "difference", lang, field=text(MESSAGES, f"field_{name}", lang),
                 old=shown(name, old, lang), new=shown(name, new, lang))
            for name, old, new in self.differences)
        return text(MESSAGES, "name_match", lang, row=self.row["_row"], name=self.stored["name"],
                    village=self.stored.get("village", "") or "—", id=self.stored["id"], changes=changes)


Decide = Callable[[NameMatch], bool]


@dataclass
class ImportReport:
    result: UpsertResult
    extra_columns: list[str] = field(default_factory=list)
    name_matches: list[NameMatch] = field(default_factory=list)


class ImportQuestions(UserError):
    """Rows that only name and village matched: nothing is written until the supervisor says."""

    def __init__(self, file: Path, questions: list[NameMatch]) -> None:
        self.questions = questions
        super().__init__(Message(MESSAGES, "import_questions", {"file": str(file), "count": len(questions)}),
                         *questions,
                         Message(MESSAGES, "import_questions_hint", {}))


def shown(name: str, value: Any, lang: Lang) -> str:
    """A field's value as a person reads it."""
    if value in (None, "", []):
        return text(MESSAGES, "empty_value", lang)
    if name == "id_number":
        return idnumber.mask(str(value))
    if name == "category":
        category = BY_CODE.get(str(value))
        return (category.zh if lang == "zh" else category.en) if category else str(value)
    if name in ("priority", "status", "entitled", "sex"):
        return text(MESSAGES, f"{name}_{value}", lang)
    if name == "members":
        return "; ".join(f"{m['name']}({m['relation']})" if m.get("relation") else m["name"] for m in value)
    return str(value)


def _differences(row: dict[str, Any], stored: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    fields = {k: v for k, v in row.items() if not k.startswith("_") and k != "id"}
    cleaned = clean_entry(fields)
    if "category" in cleaned and "priority" not in fields:
        cleaned["priority"] = BY_CODE[cleaned["category"]].priority
    out = []
    for name, value in cleaned.items():
        old = stored.get(name, OFFICE_DEFAULTS.get(name, ""))
        if old != value:
            out.append((name, old, value))
    return out


def match_rows(store: StoreBackend, rows: list[dict[str, Any]]) -> tuple[list[NameMatch], list[RowProblem]]:
    """Give each row without an id the id of the person it already is. Returns the rows that only
    name and village matched and that differ (questions), and rows that cannot be matched as
    written (a masked 身份证号 that is not the stored one)."""
    stored: list[Mapping[str, Any]] = list(store.entries())
    by_id = {e["id"]: e for e in stored}
    taken = {r["id"] for r in rows if r.get("id")}
    by_number: dict[str, str] = {}
    number_owner = {e["id_number"]: e["id"] for e in stored if e.get("id_number")}
    by_name: dict[tuple[str, str], list[str]] = {}
    for entry in stored:
        if entry["id"] in taken:
            continue
        if entry.get("id_number"):
            by_number.setdefault(entry["id_number"], entry["id"])
        by_name.setdefault((entry["name"], entry.get("village", "")), []).append(entry["id"])
    questions: list[NameMatch] = []
    problems: list[RowProblem] = []
    for row in rows:
        owner = number_owner.get(row.get("id_number", ""))
        if row.get("id") and owner and owner != row["id"]:
            problems.append(RowProblem(row["_row"], text(MESSAGES, "field_id_number", "zh"),
                                       "reason_id_number_taken",
                                       {"value": idnumber.mask(row["id_number"]), "other": owner}))
        if not row.get("id") and row.get("id_number") in by_number:
            row["id"] = by_number[row["id_number"]]
            taken.add(row["id"])
        masked = row.get("_masked_id_number")
        if not row.get("id") and not row.get("id_number"):
            for candidate in by_name.get((row.get("name", ""), row.get("village", "")), []):
                entry = by_id[candidate]
                if candidate in taken or (masked and idnumber.mask(entry.get("id_number", "")) != masked):
                    continue
                differences = _differences({k: v for k, v in row.items() if k != "_masked_id_number"}, entry)
                if differences:
                    questions.append(NameMatch(row, entry, differences))
                else:
                    row["id"] = candidate
                taken.add(candidate)
                break
        elif not row.get("id") and row.get("id_number"):
            # A 身份证号 the register does not have yet: the same person as a namesake in the
            # village only if that entry has no number either.
            for candidate in by_name.get((row.get("name", ""), row.get("village", "")), []):
                entry = by_id[candidate]
                if candidate in taken or entry.get("id_number"):
                    continue
                questions.append(NameMatch(row, entry, _differences(row, entry)))
                taken.add(candidate)
                break
        if masked:
            # The export masks the number; read back, it stands for the number stored, no more.
            target = by_id.get(row.get("id", "")) or next(
                (q.stored for q in questions if q.row is row), None)
            if target is None or idnumber.mask(target.get("id_number", "")) != masked:
                problems.append(RowProblem(row["_row"], text(MESSAGES, "field_id_number", "zh"),
                                           "reason_id_number_masked", {"value": masked}))
    return questions, problems
