"""Visits by form and village: the office's own forms, which the summary's figures do not name.

The summary (reports.figures) counts the kinds of visit the year-end report asks for; a form the
office wrote (a medal round, a summer heat check) is counted here instead: per form and village,
the visits in force in the period and the households they reached, each traceable by its uuid.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from doorstep.reports.period import Period, visit_day


@dataclass(frozen=True)
class FormVillageRow:
    form_id: str
    title: str
    village: str  # "" when the household is not on the register
    visits: int
    households: int
    uuids: tuple[str, ...]
    # The questions the form asks to be summed (`summary = "sum"`): (label, total), form order.
    sums: tuple[tuple[str, Decimal], ...] = field(default=())


def _sums(form: Any, visits: list[Mapping[str, Any]], lang: str) -> tuple[tuple[str, Decimal], ...]:
    if form is None:
        return ()
    out = []
    for q in form.rows:
        if getattr(q, "summary", "") != "sum" or q.repeat is not None:
            continue
        total = Decimal(0)
        for v in visits:
            text = str((v.get("answers") or {}).get(q.name, "") or "")
            try:
                number = Decimal(text)
            except InvalidOperation:
                continue  # unanswered ("") or an incomplete calculation ("NaN") adds nothing
            if number.is_finite():
                total += number
        out.append((q.label(lang), total))
    return tuple(out)


def visits_by_form_and_village(entries: Iterable[Mapping[str, Any]], visits: Iterable[Mapping[str, Any]],
                               period: Period, village: str | None, forms: Mapping[str, Any],
                               lang: str, skip: Iterable[str] = ()) -> list[FormVillageRow]:
    """One row per (form, village) with visits in the period, forms in `forms` order first;
    forms whose ids are in `skip` (the built-ins the summary counts) are left out."""
    villages = {str(e.get("id")): str(e.get("village") or "") for e in entries}
    skipped = set(skip)
    groups: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for v in visits:
        form_id = str(v.get("form_id", ""))
        if form_id in skipped or not period.contains(visit_day(v)):
            continue
        where = villages.get(str(v.get("household", "")), "")
        if village is not None and where != village:
            continue
        groups.setdefault((form_id, where), []).append(v)
    order = {form_id: i for i, form_id in enumerate(forms)}
    rows = []
    for (form_id, where), chosen in sorted(groups.items(),
                                           key=lambda kv: (order.get(kv[0][0], len(order)), kv[0])):
        form = forms.get(form_id)
        rows.append(FormVillageRow(
            form_id=form_id, title=form.title(lang) if form is not None else form_id, village=where,
            visits=len(chosen), households=len({str(v.get("household", "")) for v in chosen}),
            uuids=tuple(sorted(str(v.get("uuid", "")) for v in chosen)), sums=_sums(form, chosen, lang)))
    return rows
