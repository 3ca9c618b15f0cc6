"""The visits in force a summary of a period needs, read without reading every month in full.

The figures count the visits of the period, but three of them look at visits outside it
(reports.figures): a death recorded without a date belongs to the day of the latest
verification visit that found it, whenever that was; a follow-up raised in the period is open
until a later visit, even one after the period, answers the question again; a house waits from
its latest inspection up to the period's end, however long ago that was. And a correction
counts on the day of the visit it corrects, whose first revision may be in another month.

So the months the period overlaps are read whole, and of every other month only what those
figures read (`reduce_month`, kept sealed beside the month by storage.visit_facts): the
records of the looked-back forms, those that answer the follow-up question, every revision of
a corrected visit, and any record whose day is not its file's month. A visit whose counted
revision comes from such a month and falls in the period after all (an old correction that
carries the day it was corrected) has its months read whole, and a visit whose first revision
is not among what was read has every month read whole: the figures are those computed from
every visit, always (tests/reports/test_period_read.py).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from doorstep.reports import fields as f
from doorstep.reports.figures import instant, instant_and_day, micros
from doorstep.reports.inforce import record_key, visits_in_force
from doorstep.reports.period import Period, visit_day
from doorstep.storage.backend import StoreBackend
from doorstep.storage.visit_facts import Reducer

# Bump when what is kept changes: the facts kept beside the months are made again.
LOOKED_BACK_TAG = "summary-looked-back-1"
ASKED_TAG = "summary-asked-1"
_LOOKED_BACK = frozenset({f.VERIFICATION, f.HOUSE_INSPECTION, f.HOUSE_FOLLOWUP})
_KEPT_ANSWERS = (f.STATUS, f.FOLLOWUP_NEEDED, f.GRADE, f.WORK_DONE)
_KEPT_FIELDS = ("key", "uuid", "revision", "status", "ended", "started", "household", "form_id")
_MONTH = re.compile(r"\A(\d{4})-(0[1-9]|1[0-2])\Z")


def _split(records: Iterable[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A month's finalized records cut to what a summary of another period reads: those it
    always reads (looked-back forms, every revision of a corrected visit, a record whose day is
    not its file's month), and those that only answer the follow-up question."""
    finalized = [r for r in records if r.get("status", "finalized") == "finalized"]
    corrected = {r.get("uuid") for r in finalized if int(r.get("revision", 1)) != 1}
    always: list[dict[str, Any]] = []
    asked: list[dict[str, Any]] = []
    for r in finalized:
        answers = r.get("answers") or {}
        followup = answers.get(f.FOLLOWUP_NEEDED) if isinstance(answers, Mapping) else None
        day = visit_day(r)
        stamp = str(r.get("ended") or r.get("started") or "")
        if r.get("form_id") in _LOOKED_BACK or r.get("uuid") in corrected or day is None \
                or day.isoformat()[:7] != stamp[:7]:
            group = always
        elif isinstance(followup, str) and followup.strip():
            group = asked
        else:
            continue
        kept: dict[str, Any] = {k: r[k] for k in _KEPT_FIELDS if k in r}
        kept["answers"] = ({n: answers[n] for n in _KEPT_ANSWERS if n in answers}
                           if isinstance(answers, Mapping) else answers)
        group.append(kept)
    return always, asked


def looked_back(records: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The records a summary of another period always reads, and the latest moment (as
    reports.figures.instant) of those that only answer the follow-up question."""
    always, asked = _split(records)
    return {"records": always, "asked_until": max((instant(r) for r in asked), default=None)}


def asked(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The records that only answer the follow-up question: read when one may be later than a
    follow-up the period raised."""
    return _split(records)[1]


def overlaps(month: str, period: Period) -> bool:
    """Whether a month's visits can fall in the period; a name that is not a month always can."""
    found = _MONTH.match(month)
    if found is None:
        return True
    year, number = int(found[1]), int(found[2])
    first, last = date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])
    return (period.end is None or first <= period.end) and (period.start is None or last >= period.start)


def visits_for(store: StoreBackend, period: Period, unsettled: Collection[str],
               cut: tuple[Reducer, str] | None = None) -> list[Mapping[str, Any]]:
    """The visits in force, as reports.inforce gives them from every record, whole where the
    period's figures read them whole; those outside the period may be cut to what is looked at.

    `cut` (a reducer of a month's records and its tag, as storage.visit_facts takes them): the
    months read whole are read through it instead, each kept cut beside its month."""
    def read(months: Collection[str] | None) -> list[Mapping[str, Any]]:
        if cut is None:
            return list(store.visits(months=months))
        records: list[Mapping[str, Any]] = []
        for month in sorted(store.periods() if months is None else months):
            records.extend(store.visit_facts(month, *cut))
        return records

    if period.start is None and period.end is None:
        return visits_in_force(read(None), unsettled)
    months = store.periods()
    whole = {m for m in months if overlaps(m, period)}
    while True:
        records: list[Mapping[str, Any]] = read(whole) if whole else []
        cut_month: dict[str, str] = {}   # record key -> its month, for the records cut down
        until: dict[str, int] = {}       # month -> latest moment of its follow-up answers
        for month in months:
            if month not in whole:
                facts = store.visit_facts(month, looked_back, LOOKED_BACK_TAG)
                for record in facts["records"]:
                    cut_month[record_key(record)] = month
                    records.append(record)
                if facts["asked_until"] is not None:
                    until[month] = facts["asked_until"]
        in_force = visits_in_force(records, unsettled)
        # A follow-up raised in the period is at most a day before its start in UTC: a month
        # whose answers all came before that answers none of them (most of the months before).
        reach = micros(datetime.combine(period.start - timedelta(days=1), time(), UTC)) \
            if period.start else None
        until = {m: latest for m, latest in until.items() if reach is None or latest >= reach}
        first_raised = min((at for at, day in (instant_and_day(v) for v in in_force
                                                 if _raises(v) and record_key(v) not in cut_month)
                            if period.contains(day)), default=None) if until else None
        later = [m for m, latest in until.items() if first_raised is not None and latest >= first_raised]
        for month in later:   # may answer again a follow-up raised in the period
            for record in store.visit_facts(month, asked, ASKED_TAG):
                cut_month[record_key(record)] = month
                records.append(record)
        if cut_month and _first_missing(store, records):
            return visits_in_force(read(None), unsettled)
        if later:
            in_force = visits_in_force(records, unsettled)
        more = _months_of_counted(in_force, cut_month, period)
        if not more:
            return in_force
        whole |= more


def _raises(visit: Mapping[str, Any]) -> bool:
    answer = (visit.get("answers") or {}).get(f.FOLLOWUP_NEEDED, "")
    return isinstance(answer, str) and answer.strip() == f.YES


def _first_missing(store: StoreBackend, records: Iterable[Mapping[str, Any]]) -> bool:
    """Whether a visit's earlier revision (which dates it) is stored but was not read."""
    lowest: dict[str, int] = {}
    for r in records:
        if r.get("status", "finalized") == "finalized":
            uuid, revision = str(r["uuid"]), int(r.get("revision", 1))
            if revision < lowest.get(uuid, revision + 1):
                lowest[uuid] = revision
    return any(store.has_visit_record(f"{uuid}.{n}")
               for uuid, revision in lowest.items() if revision > 1 for n in range(1, revision))


def _months_of_counted(in_force: Iterable[Mapping[str, Any]], cut_month: Mapping[str, str],
                       period: Period) -> set[str]:
    """The months to read whole: those of the cut-down records of visits the period counts."""
    counted = {str(v["uuid"]) for v in in_force
               if record_key(v) in cut_month and period.contains(visit_day(v))}
    if not counted:
        return set()
    return {month for key, month in cut_month.items() if key.rpartition(".")[0] in counted}
