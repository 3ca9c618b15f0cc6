"""Figures no visit records, entered by the supervisor with their source (输送合格军人 and the like).

The town's summary reports work done outside the visits: recruits sent to the army (the armed
forces department counts them), medals handed out at a ceremony, health checks at the clinic,
subsidies the office pays through other channels. doorstep cannot count these, so the
supervisor types them in, each with where it comes from: who gave the figure, the document and
its date. One figure per kind and year; entering it again replaces it. Every entry, change and
removal goes into the audit trail. The summary shows them marked as entered, never mixed into
what the visits count.

Everything typed is checked before anything is written: numbers may be typed with full-width
digits (１２) or thousands separators (1,200); anything else is refused with a message that names
the figure and the value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from doorstep.i18n import Lang, Message, UserError, text
from doorstep.i18n.shown import printable
from doorstep.storage.backend import StoreBackend
from doorstep.storage.messages import MESSAGES
from doorstep.storage.visits import now_iso

TABLE = "entered_figures"
FIRST_YEAR = 1950
MAX_TEXT = 200


@dataclass(frozen=True)
class EnteredKind:
    code: str
    zh: str
    en: str
    counts: str        # what the count counts: "people", "medals", "checks"
    money: bool        # an amount in yuan beside the count

    def label(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


KINDS = (
    EnteredKind("recruits", "输送合格军人", "Qualified recruits sent", "people", False),
    EnteredKind("medals", "发放纪念章", "Commemorative medals handed out", "medals", False),
    EnteredKind("health_checks", "免费体检", "Free health checks", "checks", False),
    EnteredKind("medical_insurance", "医疗保险补贴", "Medical insurance subsidy", "people", True),
    EnteredKind("outpatient", "门诊补助", "Outpatient subsidy", "people", True),
    EnteredKind("heating", "取暖费", "Heating allowance", "people", True),
)
BY_CODE = {k.code: k for k in KINDS}
_WHOLE = re.compile(r"\A\d+\Z")
_AMOUNT = re.compile(r"\A\d+(\.\d{1,2})?\Z")
_DAY = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")


def _err(key: str, **params: Any) -> UserError:
    return UserError(Message(MESSAGES, key, params))


def fold_number(value: str) -> str:
    """What a person typed, as plain ASCII digits: full-width folded, spaces and , separators gone."""
    return unicodedata.normalize("NFKC", value).strip().replace(",", "").replace(" ", "")


def find_kind(value: str) -> EnteredKind | None:
    """A kind by its code or by its name in either language."""
    folded = unicodedata.normalize("NFKC", value).strip()
    for kind in KINDS:
        if folded in (kind.code, kind.zh) or folded.lower() == kind.en.lower():
            return kind
    return None


def _kind(value: str) -> EnteredKind:
    kind = find_kind(value)
    if kind is None:
        raise _err("entered_bad_kind", value=value,
                   known="、".join(k.zh for k in KINDS), known_en=", ".join(k.code for k in KINDS))
    return kind


def _figure_name(kind: EnteredKind, lang: Lang = "zh") -> str:
    return kind.label(lang)


def _year(kind: EnteredKind, value: str, today: date) -> int:
    folded = fold_number(value)
    if not _WHOLE.match(folded) or not FIRST_YEAR <= int(folded) <= today.year:
        raise _err("entered_bad_year", figure=kind.zh, figure_en=kind.en, value=value, last=today.year)
    return int(folded)


def _count(kind: EnteredKind, value: str) -> int:
    folded = fold_number(value)
    if not _WHOLE.match(folded):
        raise _err("entered_bad_count", figure=kind.zh, figure_en=kind.en, value=value)
    return int(folded)


def _amount(kind: EnteredKind, value: str) -> str:
    folded = fold_number(value).removesuffix("元")
    if not kind.money:
        if folded:
            raise _err("entered_no_amount", figure=kind.zh, figure_en=kind.en, value=value)
        return ""
    if not _AMOUNT.match(folded):
        raise _err("entered_bad_amount", figure=kind.zh, figure_en=kind.en, value=value)
    return f"{Decimal(folded):.2f}"


def _source_text(kind: EnteredKind, what: str, value: str) -> str:
    value = value.strip()
    if not value:
        raise _err(f"entered_no_{what}", figure=kind.zh, figure_en=kind.en)
    if not printable(value) or len(value) > MAX_TEXT:
        raise _err("entered_bad_text", figure=kind.zh, figure_en=kind.en, max=MAX_TEXT)
    return value


def _day(kind: EnteredKind, value: str, today: date) -> str:
    folded = unicodedata.normalize("NFKC", value).strip().replace("/", "-")
    try:
        day = date.fromisoformat(folded) if _DAY.match(folded) else None
    except ValueError:
        day = None
    if day is None or day > today:
        raise _err("entered_bad_date", figure=kind.zh, figure_en=kind.en, value=value)
    return day.isoformat()


def check_entry(kind: str, year: str, count: str, amount: str, source: str, document: str,
                day: str, today: date | None = None) -> dict[str, Any]:
    """One entered figure as stored, from what a person typed; UserError naming the figure and
    the value at the first thing wrong."""
    today = today or date.today()
    found = _kind(kind)
    return {"kind": found.code, "year": _year(found, year, today), "count": _count(found, count),
            "amount": _amount(found, amount), "source": _source_text(found, "source", source),
            "document": _source_text(found, "document", document), "date": _day(found, day, today)}


def figure_id(record: Mapping[str, Any]) -> str:
    return f"{record['kind']}.{record['year']}"


SOURCE_FIELDS = ("count", "amount", "source", "document", "date")


def enter(store: StoreBackend, record: Mapping[str, Any]) -> str:
    """Store one checked figure (check_entry's), replacing the kind's figure of that year.
    Returns "added", "changed" or "unchanged"; each changed field is one audit row."""
    table = store.table(TABLE)
    ident = figure_id(record)
    stored = next((d for d in table.all() if figure_id(d) == ident), None)
    at = now_iso()
    if stored is None:
        with store.transaction():
            table.insert({**record, "entered_at": at, "entered_by": store.actor})
            store.add_audit("entered_figure", ident, "add", None, None,
                            {k: record[k] for k in SOURCE_FIELDS}, at)
        return "added"
    changed = [k for k in SOURCE_FIELDS if stored.get(k) != record[k]]
    if not changed:
        return "unchanged"
    with store.transaction():
        table.update({**{k: record[k] for k in changed}, "entered_at": at, "entered_by": store.actor},
                     doc_ids=[stored.doc_id])
        for k in changed:
            store.add_audit("entered_figure", ident, "update", k, stored.get(k), record[k], at)
    return "changed"


def remove(store: StoreBackend, kind: str, year: str, today: date | None = None) -> None:
    found = _kind(kind)
    ident = f"{found.code}.{_year(found, year, today or date.today())}"
    table = store.table(TABLE)
    stored = next((d for d in table.all() if figure_id(d) == ident), None)
    if stored is None:
        raise _err("entered_not_found", figure=found.zh, figure_en=found.en, year=ident.split(".")[1])
    with store.transaction():
        table.remove(doc_ids=[stored.doc_id])
        store.add_audit("entered_figure", ident, "remove", None,
                        {k: stored.get(k) for k in SOURCE_FIELDS}, None)


def entered_figures(store: StoreBackend) -> list[Mapping[str, Any]]:
    """Every entered figure, by kind's order then year."""
    order = {k.code: i for i, k in enumerate(KINDS)}
    rows = [dict(d) for d in store.table(TABLE).all() if d.get("kind") in BY_CODE]
    return sorted(rows, key=lambda r: (order[r["kind"]], r["year"]))


def describe(record: Mapping[str, Any], lang: Lang) -> str:
    """"人武部王强，2025-12-01，《2025年征兵工作总结》": where the figure comes from."""
    return text(MESSAGES, "entered_source", lang, source=record.get("source", ""),
                date=record.get("date", ""), document=record.get("document", ""))
