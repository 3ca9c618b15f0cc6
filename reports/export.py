"""Visit data for other tools, shaped as ODK Central and KoboToolbox export theirs.

One table per form with one row per visit (the visits in force) and one column per question
outside a repeat; one more table per repeat with one row per entry, linked to its visit by the
visit's uuid and the entry's index (1, 2, ...). Row 1 holds the labels in the chosen language
(for the clerk who opens the file), row 2 the question names (stable, for tools). Choices are
written as their labels, numbers as numbers (money with two decimals), dates and times as
dates; json keeps the answers as stored. Answers a form no longer asks (an older version's
questions) get columns of their own at the end: nothing stored is left out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from doorstep.i18n import Lang, Message, UserError
from doorstep.reports.figures import decimal_or_none
from doorstep.reports.inforce import UNSETTLED
from doorstep.reports.messages import MESSAGES, t
from doorstep.reports.period import Period, visit_day
from doorstep.storage.sheets import SheetData, csv_bytes
from doorstep.storage.sheets import xlsx_bytes as workbook_bytes

META = ("uuid", "revision", "household", "name", "village", "form_version", "volunteer", "device",
        "started", "ended")
Cell = str | int | Decimal | date | datetime | None


@dataclass
class Sheet:
    key: str                      # "home_care", "condolence-items": the sheet's and file's name
    names: list[str]              # row 1
    labels: list[str]             # row 2
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass
class FormExport:
    form_id: str
    main: Sheet
    repeats: list[Sheet]

    @property
    def sheets(self) -> list[Sheet]:
        return [self.main, *self.repeats]


def _choice_text(form: Any, question: Any, value: str, lang: Lang) -> str:
    """A select answer as people read it: its choices' labels (codes stay in json)."""
    labels = {c.name: c.label(lang) for c in form.choice_list(question)}
    return t("answer_sep", lang).join(str(labels.get(part, part)) for part in value.split())


def _typed(form: Any, question: Any, value: Any, lang: Lang) -> Cell:
    """A stored answer for a clerk: numbers as numbers (money as Decimal), dates as dates,
    choices as their labels, the rest as text."""
    if not isinstance(value, str):
        return None if value is None else json.dumps(value, ensure_ascii=False)
    if value == "":
        return None
    if question is None:
        return value
    if question.type in ("integer", "decimal", "calculate"):
        number = decimal_or_none(value)
        if number is not None:
            return int(number) if question.type == "integer" else number
    elif question.type == "date":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    elif question.type == "acknowledge" and value == "OK":
        return t("acknowledged", lang)
    elif getattr(question, "is_select", False):
        return _choice_text(form, question, value, lang)
    return value


def _moment(stamp: Any) -> Cell:
    """A visit's start or end as the time its own clock showed (Excel has no time zones)."""
    if not isinstance(stamp, str) or not stamp:
        return None
    try:
        return datetime.fromisoformat(stamp).replace(tzinfo=None)
    except ValueError:
        return stamp


def select_visits(visits: Iterable[Mapping[str, Any]], period: Period,
                  form_id: str | None = None) -> list[Mapping[str, Any]]:
    chosen = [v for v in visits if (form_id is None or v.get("form_id") == form_id)
              and period.contains(visit_day(v))]
    return sorted(chosen, key=lambda v: (str(v.get("started", "")), str(v["uuid"])))


def _columns(questions: Sequence[Any], found: Iterable[str], lang: Lang) -> tuple[list[Any], list[str]]:
    """The form's questions, then the names found in the answers that the form does not have."""
    known = {q.name for q in questions}
    extra = sorted({name for name in found if name not in known})
    return list(questions) + [None] * len(extra), [q.name for q in questions] + extra


def _label(question: Any, name: str, lang: Lang) -> str:
    """A column's label: the question's own, else the one reports give a calculated value (its
    name is internal), else the name (an answer no form has any more)."""
    if question is not None and question.labels:
        return str(question.label(lang))
    key = f"x.q.{name}"
    return t(key, lang) if key in MESSAGES else name


def build_form_export(form: Any | None, form_id: str, visits: Sequence[Mapping[str, Any]],
                      entries: Mapping[str, Mapping[str, Any]], lang: Lang) -> FormExport:
    rows = list(form.rows) if form is not None else []
    top = [q for q in rows if q.has_value and q.repeat is None]
    repeats = [q for q in rows if q.type == "begin_repeat"]
    repeat_names = {q.name for q in repeats}
    found = {k for v in visits for k, a in (v.get("answers") or {}).items()
             if not (k in repeat_names or isinstance(a, list))}
    questions, names = _columns(top, found, lang)
    # While some visit is counted in a version its supervisor has not settled (reports.inforce),
    # a column says which; without any, the sheet is as it always was.
    meta_names = [*META, UNSETTLED] if any(v.get(UNSETTLED) for v in visits) else list(META)
    main = Sheet(form_id, [*meta_names, *names],
                 [*(t(f"x.meta.{m}", lang) for m in meta_names),
                  *(_label(q, n, lang) for q, n in zip(questions, names, strict=True))])
    for v in visits:
        answers = v.get("answers") or {}
        entry = entries.get(str(v.get("household", ""))) or {}
        meta: list[Cell] = [str(v["uuid"]), int(v.get("revision", 1)), str(v.get("household", "")),
                            str(entry.get("name", "")), str(entry.get("village", "")),
                            str(v.get("form_version", "")), str(v.get("volunteer", "")),
                            str(v.get("device_name") or v.get("device", "")), _moment(v.get("started")),
                            _moment(v.get("ended"))]
        if len(meta_names) > len(META):
            meta.append(t("x.unsettled_yes", lang) if v.get(UNSETTLED) else "")
        columns = zip(questions, names, strict=True)
        main.rows.append(meta + [_typed(form, q, answers.get(n, ""), lang) for q, n in columns])

    repeat_sheets = []
    # Repeats the form has, then lists found in the answers that the form does not know.
    found_lists = sorted({k for v in visits for k, a in (v.get("answers") or {}).items()
                          if isinstance(a, list) and k not in repeat_names})
    for repeat_name, repeat_q in [(q.name, q) for q in repeats] + [(n, None) for n in found_lists]:
        # A repeat inside a repeat (a member's benefits): its rows say which entry of each
        # repeat around it they belong to, one column each, then their own index.
        chain = (*repeat_q.repeats, repeat_name) if repeat_q is not None else (repeat_name,)
        inner = [q for q in rows if q.has_value and q.repeat == repeat_name]
        inner_found = {k for v in visits for _, e in _entries(v, chain) for k, a in e.items()
                       if not isinstance(a, list)}
        questions, names = _columns(inner, inner_found, lang)
        index_names, index_labels = [], []
        for name in chain:
            q = form.by_name.get(name) if form is not None else None
            label = q.label(lang) if q is not None and q.labels else name
            # "${member_name} 的补贴": a header is no one entry's, so the answer shown is left out
            label = " ".join(re.sub(r"\$\{[^}]*\}", "", label).split()) or label
            index_names.append("entry_index" if name == repeat_name else f"{name}_index")
            index_labels.append(f"{t('x.meta.entry_index', lang)}（{label}）" if lang == "zh"
                                else f"{t('x.meta.entry_index', lang)} ({label})")
        sheet = Sheet(f"{form_id}-{repeat_name}", ["uuid", *index_names, *names],
                      [t("x.meta.uuid", lang), *index_labels,
                       *(_label(q, n, lang) for q, n in zip(questions, names, strict=True))])
        for v in visits:
            for where, entry in _entries(v, chain):
                columns = zip(questions, names, strict=True)
                sheet.rows.append([str(v["uuid"]), *(i + 1 for i in where),
                                   *(_typed(form, q, entry.get(n, ""), lang) for q, n in columns)])
        repeat_sheets.append(sheet)
    return FormExport(form_id, main, repeat_sheets)


_Placed = tuple[tuple[int, ...], Mapping[str, Any]]


def _entries(visit: Mapping[str, Any], chain: tuple[str, ...]) -> list[_Placed]:
    """Every entry of the repeat chain[-1], in the entries of the repeats chain[:-1] around it:
    (the index in each repeat, outermost first; the entry)."""
    found: list[_Placed] = [((), visit.get("answers") or {})]
    for name in chain:
        deeper = []
        for where, holder in found:
            given = holder.get(name) if isinstance(holder, Mapping) else None
            if isinstance(given, list):
                deeper += [((*where, i), e) for i, e in enumerate(given) if isinstance(e, Mapping)]
        found = deeper
    return found


def build_exports(entries: Iterable[Mapping[str, Any]], visits: Iterable[Mapping[str, Any]],
                  forms: Mapping[str, Any], period: Period, form_id: str | None,
                  lang: Lang) -> list[FormExport]:
    """One FormExport per form (only `form_id` when given), the known forms first."""
    if form_id is not None and form_id not in forms:
        raise UserError(Message(MESSAGES, "unknown_form", {"form": form_id, "known": ", ".join(forms)}))
    by_id = {str(e["id"]): e for e in entries}
    chosen = select_visits(visits, period, form_id)
    ids = [form_id] if form_id is not None else list(forms) + sorted(
        {str(v.get("form_id", "")) for v in chosen} - set(forms))
    return [build_form_export(forms.get(i), i, [v for v in chosen if v.get("form_id") == i], by_id, lang)
            for i in ids]


# -- writing ----------------------------------------------------------------------------------------


def csv_text(sheet: Sheet) -> bytes:
    """Row 1 the labels (for the clerk), row 2 the names (for tools); every cell made safe."""
    return csv_bytes([sheet.labels, sheet.names, *sheet.rows])


def csv_files(exports: Sequence[FormExport], out: Path, one_form: bool) -> list[tuple[Path, bytes]]:
    """With one form: FILE.csv and FILE-<repeat>.csv; with several: FILE-<form>[-<repeat>].csv."""
    files = []
    for export in exports:
        for sheet in export.sheets:
            name = sheet.key if not one_form else sheet.key[len(export.form_id) + 1:]
            path = out if not name else out.with_name(f"{out.stem}-{name}{out.suffix or '.csv'}")
            files.append((path, csv_text(sheet)))
    return files


def xlsx_bytes(exports: Sequence[FormExport]) -> bytes:
    """One sheet per form and repeat: the labels in row 1, the names in row 2, both frozen."""
    return workbook_bytes([SheetData(sheet.key, [sheet.labels, sheet.names], sheet.rows)
                           for export in exports for sheet in export.sheets])


def json_text(entries: Iterable[Mapping[str, Any]], visits: Iterable[Mapping[str, Any]],
              period: Period, form_id: str | None, forms: Mapping[str, Any]) -> str:
    """The visits as stored (answers nested, repeats as lists), with the household's name and village."""
    if form_id is not None and form_id not in forms:
        raise UserError(Message(MESSAGES, "unknown_form", {"form": form_id, "known": ", ".join(forms)}))
    by_id = {str(e["id"]): e for e in entries}
    out = []
    for v in select_visits(visits, period, form_id):
        entry = by_id.get(str(v.get("household", ""))) or {}
        out.append({"uuid": v["uuid"], "revision": v.get("revision", 1), "household": v.get("household", ""),
                    "name": entry.get("name", ""), "village": entry.get("village", ""),
                    "form_id": v.get("form_id", ""), "form_version": v.get("form_version", ""),
                    "volunteer": v.get("volunteer", ""),
                    "device": v.get("device_name") or v.get("device", ""),
                    "started": v.get("started", ""), "ended": v.get("ended", ""),
                    "answers": v.get("answers") or {}})
        if v.get(UNSETTLED):  # counted in the version sent first until settled (reports.inforce)
            out[-1][UNSETTLED] = True
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"
