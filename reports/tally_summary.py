"""The summary added up from month tallies (reports.month_tally), for a period of whole months.

The same figures as reports.figures.compute_summary computes from every visit, in the same
order, with the same values and the same number of sources each (tests/reports/
test_tally_summary.py compares them and every rendering). What a tally does not keep is which
visits a figure counts: `Summary.with_sources()` counts them from the records when `--explain`
or a drill-down asks.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from itertools import repeat
from operator import itemgetter
from typing import Any

from doorstep.reports import fields as f
from doorstep.reports.figures import (
    Figures,
    RelevantAnswers,
    Summary,
    beneficiaries_figures,
    counts_on_register,
    entered_by_hand,
    inspected_figures,
    instant,
    key_coverage,
    ordered,
    payments_figures,
    register_deaths,
    register_figures,
    waiting_figure,
    works_done_figures,
)
from doorstep.reports.inforce import UNSETTLED, visits_in_force
from doorstep.reports.month_tally import keep_first_and_latest
from doorstep.reports.period import Period, visit_day
from doorstep.reports.period_read import overlaps

Tally = Mapping[str, Any]
_ONE_DAY = timedelta(days=1)


def whole_months(period: Period) -> bool:
    """Whether the period starts on a month's first day and ends on a month's last (or is open)."""
    if period.start is not None and period.start.day != 1:
        return False
    return period.end is None or period.end == date.max or (period.end + _ONE_DAY).day == 1


def _counts(bucket: str, period: Period) -> bool:
    """Whether a bucket's visits count in the period (period of whole months)."""
    return period.contains(None) if bucket == "" else overlaps(bucket, period)


def months_to_count(lookback: Mapping[str, Tally], period: Period) -> list[str]:
    """The months whose counted tallies the period needs: those with a visit of its days."""
    return [month for month, tally in lookback.items()
            if any(_counts(b, period) for b in tally["buckets"])]


class _Columns:
    """A tally's per-household columns of the counted buckets, limited to a village."""

    def __init__(self, buckets: Iterable[Tally], households: set[str] | None) -> None:
        self.columns: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        for bucket in buckets:
            for name, column in bucket["hh"].items():
                if households is not None:
                    column = {h: n for h, n in column.items() if h in households}
                if column:
                    self.columns[name].append(column)

    def names(self, prefix: str) -> list[str]:
        """The parts after `prefix` of the columns with something counted."""
        return [name[len(prefix):] for name, parts in self.columns.items()
                if name.startswith(prefix) and any(any(p.values()) for p in parts)]

    def sum(self, name: str) -> int:
        return sum(sum(part.values()) for part in self.columns.get(name, ()))

    def yuan(self, name: str) -> Decimal:
        return sum((Decimal(n) for part in self.columns.get(name, ()) for n in part.values()), Decimal(0))

    def holders(self, *names: str) -> set[str]:
        """The households of columns of visits counted (never 0: month_tally keeps no zero there)."""
        found: set[str] = set()
        for name in names:
            for part in self.columns.get(name, ()):
                found.update(part)
        return found


def _latest(held: Iterable[Mapping[str, list[Any]]], keep: Callable[[str], bool]) -> dict[str, list[Any]]:
    """Each household's first (instant, uuid) and latest (instant, uuid, record) over the parts."""
    out: dict[str, list[Any]] = {}
    for part in held:
        for household, (fi, fu, li, lu, kept) in part.items():
            if keep(household):
                keep_first_and_latest(out, household, (fi, fu), (li, lu), kept)
    return out


def _by_first(held: Mapping[str, list[Any]]) -> dict[str, Mapping[str, Any]]:
    """The latest records, by household, in the order of each household's first."""
    return {h: v[4] for h, v in sorted(held.items(), key=lambda item: (item[1][0], item[1][1]))}


def summary_from_tallies(entries: Iterable[Mapping[str, Any]], lookback: Mapping[str, Tally],
                         counted: Mapping[str, Tally], period: Period, village: str | None,
                         choice_order: Mapping[str, Sequence[str]], relevant: RelevantAnswers | None,
                         payments: Iterable[Mapping[str, Any]], entered: Iterable[Mapping[str, Any]],
                         unsettled: Collection[str], months_of: Callable[[set[str]], set[str]],
                         records_of: Callable[[str], Iterable[Mapping[str, Any]]]) -> Summary:
    """The summary of a period of whole months from the tallies of every month (`lookback`)
    and of the months it counts (`counted`, months_to_count). `unsettled`: the keys flagged
    and not settled (reports.inforce); `months_of(uuids)` the months that hold those visits, and
    `records_of(month)` a month's records cut for a summary: read only for the visits flagged."""
    order = choice_order
    all_entries: dict[str, Mapping[str, Any]] = {}
    entry_village: dict[str, str] = {}
    in_village = []
    for e in entries:   # one pass over a register of tens of thousands
        ident, place = str(e["id"]), e.get("village", "")
        all_entries[ident] = e
        entry_village[ident] = str(place)
        if village is None or place == village:
            in_village.append(e)
    register = [e for e in in_village if counts_on_register(e)]
    households = None if village is None else {str(e["id"]) for e in in_village}

    def mine(household: str) -> bool:
        return households is None or household in households

    out = Figures()
    on_register = register_figures(out, register)

    found_dead: dict[str, tuple[int, str, str]] = {}
    for tally in lookback.values():
        for bucket in tally["buckets"].values():
            for household, (at, uuid, day) in bucket["dead"].items():
                if household not in found_dead or (at, uuid) > found_dead[household][:2]:
                    found_dead[household] = (at, uuid, day)
    register_deaths(out, in_village, {h: date.fromisoformat(d[2]) for h, d in found_dead.items()}, period)

    buckets = [(month, b) for month, tally in counted.items()
               for name, b in tally["buckets"].items() if _counts(name, period)]
    cols = _Columns((b for _, b in buckets), households)

    # Visits by kind and village, households reached.
    kinds = ordered(f.BUILTIN_KINDS, cols.names("k:"))
    by_village: Counter[str] = Counter()
    by_kind_village: dict[tuple[str, str], int] = defaultdict(int)
    for kind in kinds:
        for part in cols.columns.get("k:" + kind, ()):
            # Counted in C: a month holds tens of thousands of households at a city.
            places = map(entry_village.get, part, repeat(""))
            if len(part) == sum(part.values()):   # one visit per household, as in most months
                counts = Counter(places)
            else:
                counts = Counter()
                for place, n in zip(places, part.values(), strict=True):
                    counts[place] += n
            by_village.update(counts)
            for place, n in counts.items():
                by_kind_village[(kind, place)] += n
    reached = cols.holders(*("k:" + kind for kind in kinds))
    households_by_village = Counter(map(entry_village.get, reached, repeat("")))
    if village is not None:
        villages: tuple[str, ...] = (village,)
    else:
        villages = tuple(sorted(set(entry_village.values()) - {""}))
        if by_village.get(""):
            villages += ("",)
    by_kind = {kind: cols.sum("k:" + kind) for kind in kinds}
    out.add_counted("visits.total", sum(by_kind.values()), "count", "visit", sum(by_kind.values()))
    for kind in kinds:
        out.add_counted("visits.by_kind", by_kind[kind], "count", "visit", by_kind[kind], kind=kind)
    for place in villages:
        out.add_counted("visits.by_village", by_village[place], "count", "visit", by_village[place],
                        village=place)
        n = households_by_village[place]
        out.add_counted("households.by_village", n, "count", "register", n, village=place)
        for kind in kinds:
            n = by_kind_village[(kind, place)]
            out.add_counted("visits.by_kind_village", n, "count", "visit", n, kind=kind, village=place)
    out.add_counted("households.reached", len(reached), "count", "register", len(reached))
    not_visited = key_coverage(out, on_register.by_priority["key"], reached)

    # Home care.
    services = ordered(order.get("services", ()), cols.names("svc:"))
    for service in services:
        n = cols.sum("svc:" + service)
        out.add_counted("home_care.services", n, "count", "visit", n, service=service)
    care = cols.holders("k:" + f.HOME_CARE)
    out.add_counted("home_care.households", len(care), "count", "register", len(care))
    out.add_counted("home_care.minutes", cols.sum("min"), "minutes", "visit", cols.sum("min#"))

    # Houses inspected in the period: each household's latest inspection.
    def inspections(until: Callable[[str], bool]) -> dict[str, list[Any]]:
        return _latest((b["inspected"] for t in lookback.values() for name, b in t["buckets"].items()
                        if until(name)), mine)

    latest = inspections(lambda name: _counts(name, period))
    houses = [v[4] for v in sorted(latest.values(), key=lambda v: (v[2], v[3]))]
    grades = inspected_figures(out, houses, order, relevant)

    # Money handed over, by kind.
    _handed(out, cols, "pay", ordered(order.get("item_kind", ()), cols.names("payvisits:")),
            "money.kind_total", "money.kind_households", "money.kind_items", "money.total",
            "money.households", "item_kind")

    # Follow-ups raised in the period; open until a later visit of the household asks again.
    # (at, uuid, household, form, ended, started, note, revision), month_tally.counted_tally
    raised = [r for _, b in buckets for r in b["raised"] if households is None or r[2] in households]
    raised.sort(key=itemgetter(0, 1))   # runs sorted by the month's tally: merged, not sorted again
    last_asked: dict[str, int] = {}
    wanted = {r[2] for r in raised}
    earliest = raised[0][0] if raised else None
    for tally in lookback.values():
        for bucket in tally["buckets"].values():
            asked = bucket["asked"]
            if earliest is None or not asked or max(asked.values()) < earliest:
                continue   # answers all before the first follow-up raised: they answer none
            for household in wanted.intersection(asked):
                if asked[household] > last_asked.get(household, -1):
                    last_asked[household] = asked[household]
    still_open = [_raised_record(r) for r in raised if r[0] >= last_asked.get(r[2], -1)]
    out.count("followups.raised", "visit", [r[1] for r in raised])
    out.count("followups.open", "visit", [str(r["uuid"]) for r in still_open])

    flagged = _flagged(period, unsettled, months_of, records_of, mine)
    out.count("visits.unsettled", "visit", [str(v["uuid"]) for v in flagged])

    statuses = ordered(order.get("status", ()), filter(None, cols.names("st:")))
    for status in statuses:
        n = cols.sum("st:" + status)
        out.add_counted("verification.status", n, "count", "visit", n, status=status)

    beneficiaries_figures(out, on_register.beneficiaries, period)
    occasions = ordered(order.get("occasion", f.OCCASIONS), filter(None, cols.names("occ:")))
    for occasion in occasions:
        n = cols.sum("occ:" + occasion)
        out.add_counted("condolence.visits", n, "count", "visit", n, occasion=occasion)
        held = cols.holders("occ:" + occasion)
        out.add_counted("condolence.households", len(held), "count", "register", len(held), occasion=occasion)
        out.add_counted("condolence.amount", cols.yuan("occ$:" + occasion), "yuan", "visit",
                        cols.sum("occ#:" + occasion), occasion=occasion)

    done = _latest((b["done"] for t in lookback.values() for name, b in t["buckets"].items()
                    if _counts(name, period)), mine)
    works_done_figures(out, list(_by_first(done).values()))
    end_month = period.end.isoformat()[:7] if period.end else None
    until_end = inspections(lambda name: name != "" and (end_month is None or name <= end_month))
    done_until = _latest((b["done"] for t in lookback.values() for name, b in t["buckets"].items()
                          if name != "" and (end_month is None or name <= end_month)), mine)
    last_done = {h: day for h, v in done_until.items() if (day := visit_day(v[4])) is not None}
    waiting = waiting_figure(out, _by_first(until_end), last_done, visit_day)

    benefits = ordered(order.get("benefit", f.BENEFIT_KINDS), cols.names("benvisits:"))
    _handed(out, cols, "ben", benefits, "benefits.total", "benefits.households", "benefits.items",
            "benefits.amount", "benefits.households_all", "benefit")
    payments_figures(out, payments, period, {str(e["id"]) for e in in_village})
    counted_by_hand = entered_by_hand(out, entered, period, village)

    shown: dict[str, Mapping[str, Any]] = {str(r["uuid"]): r for r in still_open}
    shown.update((str(v["uuid"]), v) for v in flagged)
    return Summary(
        period=period, village=village, figures=out.figures, villages=villages, kinds=kinds,
        categories=on_register.categories, services=services, grades=grades,
        money_kinds=ordered(order.get("item_kind", ()), cols.names("payvisits:")),
        statuses=statuses, entries=all_entries, visits=shown, not_visited=tuple(not_visited),
        open_followups=tuple(str(r["uuid"]) for r in still_open), occasions=occasions,
        benefits=benefits, works=(f.REPAIR, f.REBUILD), houses_waiting=waiting,
        unsettled=tuple(str(v["uuid"]) for v in flagged), entered=counted_by_hand)


def _raised_record(raised: Sequence[Any]) -> dict[str, Any]:
    """What the summary shows of a follow-up raised, as a record: its table and its document."""
    _, uuid, household, form, ended, started, note, revision = raised
    record: dict[str, Any] = {"uuid": uuid, "household": household, "form_id": form, "revision": revision,
                              "answers": {f.FOLLOWUP_NEEDED: f.YES} if note is None
                              else {f.FOLLOWUP_NEEDED: f.YES, f.FOLLOWUP_NOTE: note}}
    if ended is not None:
        record["ended"] = ended
    if started is not None:
        record["started"] = started
    return record


def _handed(out: Figures, cols: _Columns, prefix: str, kinds: Sequence[str], total: str, households: str,
            items: str, all_total: str, all_households: str, param: str) -> None:
    """Money or benefits handed over, by kind: yuan, households, items; then for all kinds."""
    for kind in kinds:
        out.add_counted(total, cols.yuan(f"{prefix}:{kind}"), "yuan", "visit", cols.sum(f"{prefix}#:{kind}"),
                        **{param: kind})
        held = cols.holders(f"{prefix}visits:{kind}")
        out.add_counted(households, len(held), "count", "register", len(held), **{param: kind})
        out.add_counted(items, cols.sum(f"{prefix}items:{kind}"), "count", "visit",
                        cols.sum(f"{prefix}visits:{kind}"), **{param: kind})
    out.add_counted(all_total, sum((cols.yuan(f"{prefix}:{kind}") for kind in kinds), Decimal(0)), "yuan",
                    "visit", cols.sum(f"{prefix}any#"))
    held = cols.holders(*(f"{prefix}visits:{kind}" for kind in kinds))
    out.add_counted(all_households, len(held), "count", "register", len(held))


def _flagged(period: Period, unsettled: Collection[str], months_of: Callable[[set[str]], set[str]],
             records_of: Callable[[str], Iterable[Mapping[str, Any]]],
             mine: Callable[[str], bool]) -> list[Mapping[str, Any]]:
    """The visits counted whose counted revision, or an earlier one, is flagged and not settled
    (reports.inforce), in time order: read from their months' records, which are few."""
    uuids = {key.rpartition(".")[0] for key in unsettled}
    if not uuids:
        return []
    found = []
    for month in sorted(months_of(uuids)):   # every revision of a visit is in one month here
        for v in visits_in_force(records_of(month), unsettled):
            if v.get(UNSETTLED) and period.contains(visit_day(v)) and mine(str(v.get("household", ""))):
                found.append(v)
    return sorted(found, key=lambda v: (instant(v), str(v["uuid"])))

