"""A month of visits counted once, kept beside the month: what the summary adds up.

A summary of a year counted every visit of the year again each time, though a month changes
only when a merge or a review writes it. So each month is tallied once (storage.visit_facts
keeps the tally sealed beside the month and makes it again when the month changes), and a
summary adds up the tallies of the months it covers (reports.tally_summary).

A tally is plain JSON, in buckets by the month of each visit's day (reports.period), nearly
always the file's own month. Two reducers, two files:

- `counted_tally`: what the months of the period count. `hh` holds, per figure part and per
  household, a number (a count, minutes, yuan as a decimal string), so that a village's figure
  adds its households up and the town's adds every one, and households reached are the keys;
  and `raised` the follow-ups raised (what the summary's table shows of each).
- `lookback_tally`: what every month adds to a summary of any period. The latest moment each
  household answered the follow-up question, the latest verification that found a death, and
  each household's first and latest house inspection and accepted house work (with the record).

Visits are taken as reports.inforce gives them. A visit with a revision in another month (an old
correction filed under the day it was made) makes the month `incomplete`: its summary is counted
from the records instead (reports.source).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from doorstep.reports import fields as f
from doorstep.reports.figures import (
    EPOCH,
    answer,
    decimal_or_none,
    micros,
    moment_of,
    repeat_entries,
    whole_number,
)
from doorstep.reports.inforce import visits_in_force
from doorstep.reports.summary_records import summary_records

# Bump when what is kept changes: the tallies are made again.
COUNTED_TAG = "summary-counted-4"
LOOKBACK_TAG = "summary-lookback-1"
_SHOWN = ("key", "uuid", "revision", "ended", "started", "household", "form_id", "volunteer",
          "corrected_at")


def bucket_of(day_iso: str) -> str:
    """The month a visit counts in ("2026-03"), "" for a visit without a day."""
    return day_iso[:7]


def _in_force(records: Iterable[Mapping[str, Any]]) -> tuple[list[Mapping[str, Any]], bool]:
    """The month's visits in force, and whether one of them has its first revision elsewhere."""
    finalized = [r for r in records if r.get("status", "finalized") == "finalized"]
    lowest: dict[str, int] = {}
    for r in finalized:
        uuid, revision = str(r["uuid"]), int(r.get("revision", 1))
        lowest[uuid] = min(revision, lowest.get(uuid, revision))
    return visits_in_force(finalized), any(n != 1 for n in lowest.values())


Placed = tuple[dict[str, Any], Mapping[str, Any], int, str]   # bucket, visit, instant, day


def _bucketed(records: Iterable[Mapping[str, Any]], new_bucket: Callable[[], dict[str, Any]]
              ) -> tuple[dict[str, dict[str, Any]], bool, list[Placed]]:
    """The month's buckets (made by `new_bucket`), whether it is incomplete (_in_force), and each
    visit in force with its bucket, its instant (reports.figures.instant) and day ("" if none)."""
    visits, incomplete = _in_force(records)
    buckets: dict[str, dict[str, Any]] = {}
    placed: list[Placed] = []
    for v in visits:
        moment = moment_of(v)
        day = "" if moment is EPOCH else moment.date().isoformat()
        bucket = buckets.get(bucket_of(day))
        if bucket is None:
            bucket = buckets[bucket_of(day)] = new_bucket()
        placed.append((bucket, v, micros(moment), day))
    return buckets, incomplete, placed


def _add(column: dict[str, Any], household: str, amount: int | Decimal) -> None:
    column[household] = column.get(household, 0) + amount


def _money(column: dict[str, dict[str, Any]], prefix: str, household: str,
           entries: Iterable[tuple[str, Mapping[str, Any]]]) -> None:
    """Entries handed over (condolence items, benefits) by kind: yuan, items, the visits with an
    amount and those with an entry, as reports.figures counts them; and the visit if any of its
    entries had an amount."""
    amounts: dict[str, Decimal] = {}
    items: dict[str, int] = {}
    for kind, entry in entries:
        amount = decimal_or_none(entry.get(f.ITEM_LINE_AMOUNT, entry.get(f.ITEM_AMOUNT, "")))
        count = decimal_or_none(entry.get(f.ITEM_COUNT, ""))
        amounts[kind] = amounts.get(kind, Decimal(0)) + (amount if amount is not None and amount > 0
                                                         else Decimal(0))
        items[kind] = items.get(kind, 0) + (int(count) if count is not None and count > 0 else 1)
    for kind, amount in amounts.items():
        _add(column[f"{prefix}:{kind}"], household, amount)
        _add(column[f"{prefix}#:{kind}"], household, 1 if amount else 0)
        _add(column[f"{prefix}items:{kind}"], household, items[kind])
        _add(column[f"{prefix}visits:{kind}"], household, 1)
    if amounts:
        _add(column[f"{prefix}any#"], household, 1 if any(amounts.values()) else 0)


def _kinds(entries: Iterable[Mapping[str, Any]], name: str) -> list[tuple[str, Mapping[str, Any]]]:
    found = []
    for entry in entries:
        kind = str(entry.get(name, "")).strip()
        if kind:
            found.append((kind, entry))
    return found


def counted_tally(records: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """What the visits of a month add to the figures of a period that holds it."""
    buckets, incomplete, placed = _bucketed(records, lambda: {"hh": defaultdict(dict), "raised": []})
    for bucket, v, at, _day in placed:
        hh = bucket["hh"]
        household, kind, uuid = str(v.get("household", "")), str(v.get("form_id", "")), str(v["uuid"])
        answers = v.get("answers") or {}
        _add(hh["k:" + kind], household, 1)
        if kind == f.HOME_CARE:
            given = answers.get(f.SERVICES, "")
            if isinstance(given, str):
                for name in dict.fromkeys(given.split()):
                    _add(hh["svc:" + name], household, 1)
            minutes = whole_number(answers.get(f.MINUTES, ""))
            _add(hh["min"], household, minutes)
            _add(hh["min#"], household, 1 if minutes else 0)
        elif kind == f.CONDOLENCE:
            entries = repeat_entries(v, f.ITEMS)
            _money(hh, "pay", household, _kinds(entries, f.ITEM_KIND))
            occasion = answer(v, f.OCCASION)
            if occasion:
                total = Decimal(0)
                for entry in entries:
                    amount = decimal_or_none(entry.get(f.ITEM_LINE_AMOUNT, entry.get(f.ITEM_AMOUNT, "")))
                    total += amount if amount is not None and amount > 0 else Decimal(0)
                _add(hh["occ:" + occasion], household, 1)
                _add(hh["occ$:" + occasion], household, total)
                _add(hh["occ#:" + occasion], household, 1 if total else 0)
        elif kind == f.VERIFICATION:
            _add(hh["st:" + answer(v, f.STATUS)], household, 1)
        elif kind == f.BENEFITS:
            _money(hh, "ben", household, _kinds(repeat_entries(v, f.BENEFIT_ENTRIES), f.BENEFIT))
        if answer(v, f.FOLLOWUP_NEEDED) == f.YES:   # a list, not a record: most visits raise one
            bucket["raised"].append([at, uuid, household, kind, v.get("ended"), v.get("started"),
                                     answers.get(f.FOLLOWUP_NOTE), v.get("revision", 1)])
    for bucket in buckets.values():
        bucket["raised"].sort(key=lambda r: (r[0], r[1]))   # a summary merges the months' runs
        bucket["hh"] = {name: {h: str(n) if isinstance(n, Decimal) else n for h, n in column.items()}
                        for name, column in bucket["hh"].items()}
    return {"incomplete": incomplete, "buckets": buckets}


def keep_first_and_latest(held: dict[str, list[Any]], household: str, first: tuple[int, str],
                          latest: tuple[int, str], kept: Any) -> None:
    """A household's first (instant, uuid) and latest (instant, uuid, what is kept), in
    `held[household]` as [first instant, first uuid, latest instant, latest uuid, kept]: what a
    month keeps of its visits, and what a summary keeps of its months."""
    found = held.get(household)
    if found is None:
        held[household] = [*first, *latest, kept]
        return
    if first < (found[0], found[1]):
        found[0], found[1] = first
    if latest > (found[2], found[3]):
        found[2], found[3], found[4] = *latest, kept


def lookback_tally(records: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """What the visits of a month add to a summary of any period (see the module's text)."""
    buckets, incomplete, placed = _bucketed(
        records, lambda: {"asked": {}, "dead": {}, "inspected": {}, "done": {}})
    for bucket, v, at, day in placed:
        household, kind, uuid = str(v.get("household", "")), v.get("form_id"), str(v["uuid"])
        asked = (v.get("answers") or {}).get(f.FOLLOWUP_NEEDED)
        if isinstance(asked, str) and asked.strip() and at > bucket["asked"].get(household, -1):
            bucket["asked"][household] = at
        if kind == f.VERIFICATION and day and answer(v, f.STATUS) == f.DECEASED:
            found = bucket["dead"].get(household)
            if found is None or (at, uuid) > (found[0], found[1]):
                bucket["dead"][household] = [at, uuid, day]
        elif kind == f.HOUSE_INSPECTION:
            when = (at, uuid)
            keep_first_and_latest(bucket["inspected"], household, when, when, summary_records([v])[0])
        elif kind == f.HOUSE_FOLLOWUP and answer(v, f.WORK_DONE) == f.YES:
            shown = {k: v[k] for k in _SHOWN if k in v}
            shown["answers"] = {k: answer(v, k) for k in (f.WORK, f.WORK_DONE, f.SUBSIDY_PAID,
                                                          f.WITHIN_QUOTA)}
            keep_first_and_latest(bucket["done"], household, (at, uuid), (at, uuid), shown)
    return {"incomplete": incomplete, "buckets": buckets}
