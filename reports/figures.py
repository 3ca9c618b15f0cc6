"""Every figure of the office summary, computed from plain data, each with what it counts.

Input: register entries and the visits in force (reports.inforce), as the plain dicts storage/
keeps (docs/storage.md), a period and an optional village. Output: a `Summary` whose figures
each carry an id ("visits.by_kind.home_care"), a value and the ids behind it: visit uuids or
register (household) ids, so that every number can be traced (`doorstep summary --explain`).

Rules (docs/reports.md says the same for people):
- a visit belongs to the day it ended, in its own UTC offset (reports.period.visit_day); a
  correction to the day of the visit it corrects (reports.inforce);
- a visit's village is its household's village on the register ("" when not on the register);
- houses are counted once per household, by the household's latest inspection in the period;
- money is Decimal yuan: each condolence entry contributes its amount; households are counted
  once per kind however many entries they received;
- the register counts the living, entitled beneficiaries (status not "deceased", entitled not
  "no"; an entry without these fields is alive and entitled); the key beneficiaries to cover are
  those too;
- a death belongs to the period of its date of death on the register; a death recorded without a
  date, to the day of the latest verification visit in force that found the person deceased;
- a follow-up raised in the period is open until a later visit of the same household answers
  the follow-up question again (if that later visit raises one, it is that visit's follow-up).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Literal

from doorstep.i18n import Message, UserError
from doorstep.reports import fields as f
from doorstep.reports.inforce import UNSETTLED
from doorstep.reports.messages import MESSAGES
from doorstep.reports.period import Period
from doorstep.storage import entered as hand
from doorstep.storage.categories import BY_CODE, CATEGORIES, SURVIVORS

SourceKind = Literal["visit", "register", "entered"]
Unit = Literal["count", "yuan", "minutes", "share"]
Value = int | Decimal | None
RelevantAnswers = Callable[[Mapping[str, Any]], Mapping[str, Any]]
PRIORITIES = ("key", "general", "other")
SHARE_PLACES = Decimal("0.0001")
# A number as the forms store it, at most survey.normalize.MAX_DIGITS digits: one stored before
# that limit (thousands of digits) counts as no number, not as a figure no one can print.
_PLAIN_NUMBER = re.compile(r"-?\d{1,18}(\.\d{1,18})?")
EPOCH = datetime(1, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Figure:
    id: str
    value: Value            # int for counts and minutes, Decimal for yuan and shares (0..1)
    unit: Unit
    source_kind: SourceKind
    sources: tuple[str, ...]   # visit uuids, register ids or entered figures' ids, in a stable order
    label_key: str = ""        # the figure's family in reports.messages ("fig.visits.by_kind")
    params: tuple[tuple[str, str], ...] = ()   # ("kind", "home_care"), ("village", "东村"), ...
    counted: int = -1   # how many sources, where `sources` was left empty (reports.tally_summary)

    def param(self, name: str) -> str:
        return dict(self.params).get(name, "")

    @property
    def source_count(self) -> int:
        return len(self.sources) if self.counted < 0 else self.counted


@dataclass
class Summary:
    period: Period
    village: str | None
    figures: dict[str, Figure]
    villages: tuple[str, ...]                 # the villages the report shows, "" = not on register
    kinds: tuple[str, ...]                    # form ids
    categories: tuple[str, ...]
    services: tuple[str, ...]
    grades: tuple[str, ...]
    money_kinds: tuple[str, ...]
    statuses: tuple[str, ...]                 # verification results
    entries: dict[str, Mapping[str, Any]] = field(repr=False)   # every register entry, by id
    visits: dict[str, Mapping[str, Any]] = field(repr=False)    # the visits counted, by uuid
    not_visited: tuple[str, ...] = ()         # key beneficiaries not visited, register order
    open_followups: tuple[str, ...] = ()      # visit uuids
    occasions: tuple[str, ...] = ()           # condolence occasions (八一, 春节, other)
    benefits: tuple[str, ...] = ()            # benefits delivered at the door, by kind
    works: tuple[str, ...] = ()               # house works accepted: repair, rebuild
    houses_waiting: tuple[str, ...] = ()      # inspection uuids: C/D houses not yet repaired or rebuilt
    unsettled: tuple[str, ...] = ()           # visit uuids counted in a content not settled yet
    entered: dict[str, Mapping[str, Any]] = field(default_factory=dict, repr=False)  # counted, by id
    # A summary counted from month tallies (reports.tally_summary) knows how many sources each
    # figure has, not which: this makes the same summary with them, for `--explain`.
    with_every_source: Callable[[], Summary] | None = field(default=None, repr=False, compare=False)
    _with_sources: Summary | None = field(default=None, repr=False, compare=False)

    @property
    def sources_at_hand(self) -> bool:
        """Whether with_sources() answers at once (it counts them from the records otherwise)."""
        return self.with_every_source is None or self._with_sources is not None

    def with_sources(self) -> Summary:
        """This summary, or the same one whose figures name their sources."""
        if self.with_every_source is None:
            return self
        if self._with_sources is None:
            self._with_sources = self.with_every_source()
        return self._with_sources

    def figure(self, figure_id: str) -> Figure:
        try:
            return self.figures[figure_id]
        except KeyError:
            import difflib

            near = difflib.get_close_matches(figure_id, list(self.figures), n=3, cutoff=0.75)
            if near:
                raise UserError(Message(MESSAGES, "unknown_figure_near", {
                    "figure": figure_id, "near": ", ".join(near)})) from None
            raise UserError(Message(MESSAGES, "unknown_figure", {"figure": figure_id})) from None

    def value(self, figure_id: str) -> Value:
        return self.figure(figure_id).value


def decimal_or_none(text: Any) -> Decimal | None:
    """A plain decimal as the forms store it ("12", "12.50"); None for empty or anything else."""
    if not isinstance(text, str) or not _PLAIN_NUMBER.fullmatch(text.strip()):
        return None
    return Decimal(text.strip())


def whole_number(text: Any) -> int:
    """Minutes as the form stores them: a positive whole number of a plain decimal, else 0."""
    if isinstance(text, str) and text.isascii() and text.isdigit() and len(text) <= 18:  # most answers
        return int(text)
    number = decimal_or_none(text)
    return int(number) if number is not None and number > 0 else 0


def priority_of(entry: Mapping[str, Any]) -> str:
    given = entry.get("priority")
    if given in PRIORITIES:
        return str(given)
    category = BY_CODE.get(str(entry.get("category", "")))
    return category.priority if category else "other"


def counts_on_register(entry: Mapping[str, Any]) -> bool:
    """A living beneficiary still entitled: the one the register's figures count."""
    return entry.get("status", "alive") != "deceased" and entry.get("entitled", "yes") != "no"


def _death_day(entry: Mapping[str, Any], found: Mapping[str, date]) -> date | None:
    """The day a deceased entry's death is reported under: its date of death, else the day a
    verification visit found it (None: neither is known)."""
    text = entry.get("death_date")
    if isinstance(text, str) and text:
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    return found.get(str(entry.get("id", "")))


def moment_of(visit: Mapping[str, Any]) -> datetime:
    for key in ("ended", "started"):
        stamp = visit.get(key)
        if isinstance(stamp, str) and stamp:
            try:
                moment = datetime.fromisoformat(stamp)
            except ValueError:
                continue
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return EPOCH


def instant(visit: Mapping[str, Any]) -> int:
    """The visit's moment as whole microseconds since 0001-01-01 UTC (0 without one): ordered
    as the moments are, and cheaper to compare than datetimes with their offsets."""
    return micros(moment_of(visit))


def instant_and_day(visit: Mapping[str, Any]) -> tuple[int, date | None]:
    """instant() and reports.period.visit_day() of a visit, from one reading of its moment."""
    moment = moment_of(visit)
    return micros(moment), None if moment is EPOCH else moment.date()


def micros(moment: datetime) -> int:
    """A moment as instant() counts it: whole microseconds since 0001-01-01 UTC."""
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def ordered(known: Sequence[str], found: Iterable[str]) -> tuple[str, ...]:
    """Known names in their order, then any other name found, sorted."""
    known_set = set(known)
    return tuple(known) + tuple(sorted({x for x in found if x not in known_set}))


def repeat_entries(visit: Mapping[str, Any], repeat: str) -> list[Mapping[str, Any]]:
    given = (visit.get("answers") or {}).get(repeat)
    return [e for e in given if isinstance(e, Mapping)] if isinstance(given, list) else []


def answer(visit: Mapping[str, Any], name: str) -> str:
    value = (visit.get("answers") or {}).get(name, "")
    return value.strip() if isinstance(value, str) else ""


class Figures:
    def __init__(self) -> None:
        self.figures: dict[str, Figure] = {}

    def add(self, family: str, value: Value, unit: Unit, source: SourceKind,
            sources: Iterable[str], /, **params: str) -> None:
        """The id is the family followed by the parameters' values: ("visits.by_kind", kind=x)."""
        figure_id = ".".join((family, *params.values()))
        self.figures[figure_id] = Figure(figure_id, value, unit, source, tuple(sources),
                                         "fig." + family, tuple(params.items()))

    def add_counted(self, family: str, value: Value, unit: Unit, source: SourceKind, counted: int,
                    /, **params: str) -> None:
        """A figure that knows how many sources it has, not which."""
        figure_id = ".".join((family, *params.values()))
        self.figures[figure_id] = Figure(figure_id, value, unit, source, (), "fig." + family,
                                         tuple(params.items()), counted)

    def count(self, family: str, source: SourceKind, sources: Sequence[str], /, **params: str) -> None:
        self.add(family, len(sources), "count", source, sources, **params)

    def total(self, family: str, unit: Unit, amounts: Sequence[tuple[str, Decimal | int]], /,
              **params: str) -> None:
        """A sum of (source, amount) pairs; the sources are those with a non-zero amount."""
        total: Decimal | int = sum((a for _, a in amounts), Decimal(0) if unit == "yuan" else 0)
        self.add(family, total, unit, "visit", _unique(s for s, a in amounts if a), **params)


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


@dataclass(frozen=True)
class OnRegister:
    by_priority: Mapping[str, Sequence[Any]]   # register ids, in register order
    categories: tuple[str, ...]
    beneficiaries: Sequence[Mapping[str, Any]]   # key and general, in register order


def register_figures(out: Figures, register: Sequence[Mapping[str, Any]]) -> OnRegister:
    """The register's figures: in all, key / general / other, by category, 三属."""
    out.count("register.total", "register", [e["id"] for e in register])
    # One pass over the register for each grouping, in register order (20,000 entries).
    by_priority: dict[str, list[Any]] = defaultdict(list)
    by_category: dict[Any, list[Any]] = defaultdict(list)
    beneficiaries: list[Mapping[str, Any]] = []   # key and general, in register order
    for e in register:
        priority = priority_of(e)
        by_priority[priority].append(e["id"])
        by_category[e.get("category", "")].append(e["id"])
        if priority in ("key", "general"):
            beneficiaries.append(e)
    for priority in PRIORITIES:
        out.count("register.priority", "register", by_priority[priority], priority=priority)
    categories = ordered([c.code for c in CATEGORIES], (str(e.get("category", "")) for e in register))
    for code in categories:
        out.count("register.category", "register", by_category[code], category=code)
    _register_groups(out, register)
    return OnRegister(by_priority, categories, beneficiaries)


def register_deaths(out: Figures, in_village: Iterable[Mapping[str, Any]],
                    found_dead: Mapping[str, date], period: Period) -> None:
    """Deaths in the period: the register's deceased entries, by their date of death, else the
    day a verification visit found the death (`found_dead`, by household)."""
    out.count("register.deaths", "register",
              [str(e["id"]) for e in in_village if e.get("status") == f.DECEASED
               and period.contains(_death_day(e, found_dead))])


def key_coverage(out: Figures, key: Iterable[Any], reached: set[str]) -> list[str]:
    """Key beneficiaries visited at least once, any kind of visit; those not visited."""
    key_ids = [str(i) for i in key]
    visited = [i for i in key_ids if i in reached]
    not_visited = [i for i in key_ids if i not in reached]
    out.count("coverage.key.total", "register", key_ids)
    out.count("coverage.key.visited", "register", visited)
    out.count("coverage.key.not_visited", "register", not_visited)
    share = (Decimal(len(visited)) / Decimal(len(key_ids))).quantize(SHARE_PLACES) if key_ids else None
    out.add("coverage.key.share", share, "share", "register", visited)
    return not_visited


def _register_groups(out: Figures, register: Sequence[Mapping[str, Any]]) -> None:
    """三属 as the town's summary counts them: the three survivors' categories together."""
    out.count("register.group.survivors", "register",
              [e["id"] for e in register if e.get("category", "") in SURVIVORS])


def compute_summary(entries: Iterable[Mapping[str, Any]],
                    visits: Iterable[Mapping[str, Any]],
                    period: Period | None = None,
                    village: str | None = None,
                    choice_order: Mapping[str, Sequence[str]] | None = None,
                    relevant: RelevantAnswers | None = None,
                    payments: Iterable[Mapping[str, Any]] = (),
                    entered: Iterable[Mapping[str, Any]] = ()) -> Summary:
    """Every figure of issue 6 for the period and village.

    `visits` are the visits in force (one record per uuid). `choice_order` gives the known
    choice names of "services", "grade", "item_kind" and "status" in the forms' order, so that
    a kind nobody received still shows as 0; names found in the data are added after them.
    `relevant` gives a visit's answers without those its form's skip logic makes irrelevant
    (reports.relevance); it is applied to house inspections, where a cost typed before the
    grade was lowered to A or B stays stored but must not count. Without it, every stored
    answer counts.
    """
    order = choice_order or {}
    period = period or Period()
    all_entries = {str(e["id"]): e for e in entries}
    in_village = [e for e in all_entries.values() if village is None or e.get("village") == village]
    register = [e for e in in_village if counts_on_register(e)]
    all_visits = list(visits)

    entry_village = {i: str(e.get("village", "")) for i, e in all_entries.items()}
    # Each visit's day, village and place in time, worked out once (100,000 visits are read
    # many times). The place in time is (instant, uuid): moments compared as datetimes with
    # offsets cost most of the sorting.
    days: dict[int, date | None] = {}
    times: dict[int, tuple[int, str]] = {}
    for v in all_visits:
        moment = moment_of(v)
        days[id(v)] = None if moment is EPOCH else moment.date()
        times[id(v)] = (micros(moment), str(v["uuid"]))
    places = {id(v): entry_village.get(str(v.get("household", "")), "") for v in all_visits}

    def village_of(visit: Mapping[str, Any]) -> str:
        return places[id(visit)]

    def in_time(visit: Mapping[str, Any]) -> tuple[int, str]:
        return times[id(visit)]

    def day_of(visit: Mapping[str, Any]) -> date | None:
        return days[id(visit)]

    counted = sorted(
        (v for v in all_visits
         if period.contains(days[id(v)]) and (village is None or places[id(v)] == village)),
        key=in_time)
    out = Figures()

    on_register = register_figures(out, register)
    by_priority, categories = on_register.by_priority, on_register.categories

    # Deaths in the period: the register's deceased entries, by their date of death (or the day a
    # verification visit found the death, when the register has no date).
    found_dead: dict[str, date] = {}
    deaths_found = [v for v in all_visits if v.get("form_id") == f.VERIFICATION
                    and answer(v, f.STATUS) == f.DECEASED and days[id(v)] is not None]
    for v in sorted(deaths_found, key=in_time):
        day = days[id(v)]
        if day is not None:
            found_dead[str(v.get("household", ""))] = day   # in time order: the latest stays
    register_deaths(out, in_village, found_dead, period)

    # Visits by kind and village, households reached.
    by_kind: dict[str, list[str]] = defaultdict(list)
    by_village: dict[str, list[str]] = defaultdict(list)
    by_kind_village: dict[tuple[str, str], list[str]] = defaultdict(list)
    households_by_village: dict[str, list[str]] = defaultdict(list)
    of_kind: dict[str, list[Mapping[str, Any]]] = defaultdict(list)    # the visits, by form
    all_counted: list[str] = []
    for v in counted:   # one pass for every grouping of the visits counted (a million at a city)
        kind, place, uuid = str(v.get("form_id", "")), places[id(v)], str(v["uuid"])
        all_counted.append(uuid)
        of_kind[kind].append(v)
        by_kind[kind].append(uuid)
        by_village[place].append(uuid)
        by_kind_village[(kind, place)].append(uuid)
        households_by_village[place].append(str(v.get("household", "")))
    kinds = ordered(f.BUILTIN_KINDS, list(by_kind))
    if village is not None:
        villages: tuple[str, ...] = (village,)
    else:
        villages = tuple(sorted({str(e.get("village", "")) for e in in_village} - {""}))
        if "" in by_village:
            villages += ("",)
    out.count("visits.total", "visit", all_counted)
    for kind in kinds:
        out.count("visits.by_kind", "visit", by_kind[kind], kind=kind)
    for place in villages:
        out.count("visits.by_village", "visit", by_village[place], village=place)
        out.count("households.by_village", "register", _unique(households_by_village[place]), village=place)
        for kind in kinds:
            out.count("visits.by_kind_village", "visit", by_kind_village[(kind, place)],
                      kind=kind, village=place)
    reached = _unique(str(v.get("household", "")) for v in counted)
    out.count("households.reached", "register", reached)

    # Coverage of key beneficiaries: visited at least once in the period, any kind of visit.
    not_visited = key_coverage(out, by_priority["key"], set(reached))

    # Home care: services delivered by kind (visits that delivered each), time spent.
    care = of_kind[f.HOME_CARE]
    delivered: dict[str, list[str]] = defaultdict(list)   # service -> the visits that delivered it
    minutes = []
    for v in care:   # one pass: a city's home care is most of its visits
        uuid, answers = str(v["uuid"]), v.get("answers") or {}
        services_given = answers.get(f.SERVICES, "")
        if isinstance(services_given, str):
            for name in dict.fromkeys(services_given.split()):
                delivered[name].append(uuid)
        minutes.append((uuid, whole_number(answers.get(f.MINUTES, ""))))
    services = ordered(order.get("services", ()), delivered)
    for service in services:
        out.count("home_care.services", "visit", delivered[service], service=service)
    out.count("home_care.households", "register", _unique(str(v.get("household", "")) for v in care))
    out.total("home_care.minutes", "minutes", minutes)

    # Houses: each household once, by its latest inspection in the period.
    latest: dict[str, Mapping[str, Any]] = {}
    for v in of_kind[f.HOUSE_INSPECTION]:
        latest[str(v.get("household", ""))] = v   # in time order: the latest stays
    grades = inspected_figures(out, sorted(latest.values(), key=in_time), order, relevant)

    # Money handed over, by kind: total, households and items (a gift has items but no amount).
    paid: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
    items: dict[str, list[tuple[str, int]]] = defaultdict(list)
    paid_households: dict[str, list[str]] = defaultdict(list)
    for v in of_kind[f.CONDOLENCE]:
        for entry in repeat_entries(v, f.ITEMS):
            kind = str(entry.get(f.ITEM_KIND, "")).strip()
            if not kind:
                continue
            uuid = str(v["uuid"])
            # line_amount is the form's own calculation: 0 where the amount is not relevant.
            amount_text = entry.get(f.ITEM_LINE_AMOUNT, entry.get(f.ITEM_AMOUNT, ""))
            amount = decimal_or_none(amount_text)
            count = decimal_or_none(entry.get(f.ITEM_COUNT, ""))
            paid[kind].append((uuid, amount if amount is not None and amount > 0 else Decimal(0)))
            items[kind].append((uuid, int(count) if count is not None and count > 0 else 1))
            paid_households[kind].append(str(v.get("household", "")))
    money_kinds = ordered(order.get("item_kind", ()), paid)
    for kind in money_kinds:
        out.total("money.kind_total", "yuan", paid[kind], item_kind=kind)
        out.count("money.kind_households", "register", _unique(paid_households[kind]), item_kind=kind)
        out.total("money.kind_items", "count", items[kind], item_kind=kind)
    out.total("money.total", "yuan", [p for kind in money_kinds for p in paid[kind]])
    out.count("money.households", "register",
              _unique(h for kind in money_kinds for h in paid_households[kind]))

    # Follow-ups raised in the period, and those no later visit of the household has answered.
    raised = [v for v in counted if answer(v, f.FOLLOWUP_NEEDED) == f.YES]
    last_asked: dict[str, int] = {}
    for v in all_visits:
        asked = (v.get("answers") or {}).get(f.FOLLOWUP_NEEDED)
        if isinstance(asked, str) and asked.strip():
            household = str(v.get("household", ""))
            asked_at = times[id(v)][0]
            if asked_at > last_asked.get(household, -1):
                last_asked[household] = asked_at
    still_open = [v for v in raised if times[id(v)][0] >= last_asked[str(v.get("household", ""))]]
    out.count("followups.raised", "visit", [str(v["uuid"]) for v in raised])
    out.count("followups.open", "visit", [str(v["uuid"]) for v in still_open])

    # Visits counted in the content sync's rule chose (the one their laptop sent first) while the
    # supervisor has not settled their conflict (reports.inforce): counted like any other, and
    # listed, so that nobody takes their figures for final.
    unsettled = [str(v["uuid"]) for v in counted if v.get(UNSETTLED)]
    out.count("visits.unsettled", "visit", unsettled)

    # Register verification: what the visits found.
    checks = of_kind[f.VERIFICATION]
    found: dict[str, list[str]] = defaultdict(list)   # status -> the visits that found it: one pass
    for v in checks:
        found[answer(v, f.STATUS)].append(str(v["uuid"]))
    statuses = ordered(order.get("status", ()), filter(None, found))
    for status in statuses:
        out.count("verification.status", "visit", found[status], status=status)

    beneficiaries_figures(out, on_register.beneficiaries, period)
    occasions = _occasions(out, of_kind[f.CONDOLENCE], order)
    works, waiting = _house_works(out, of_kind[f.HOUSE_FOLLOWUP], all_visits, period, day_of, in_time,
                                  village_of, village)
    benefits = _benefits(out, of_kind[f.BENEFITS], order)
    payments_figures(out, payments, period, {str(e["id"]) for e in in_village})
    counted_by_hand = entered_by_hand(out, entered, period, village)

    return Summary(
        period=period, village=village, figures=out.figures, villages=villages, kinds=kinds,
        categories=categories, services=services, grades=grades, money_kinds=money_kinds,
        statuses=statuses, entries=all_entries, visits={str(v["uuid"]): v for v in counted},
        not_visited=tuple(not_visited), open_followups=tuple(str(v["uuid"]) for v in still_open),
        occasions=occasions, benefits=benefits, works=works, houses_waiting=waiting,
        unsettled=tuple(unsettled),
        entered=counted_by_hand,
    )


# -- the figures of a town's annual work summary (issue 13) ---------------------------------------


def age_on(birth: str, day: date) -> int | None:
    if not birth:   # most of a register, where no date of birth was given: no exception to raise
        return None
    try:
        born = date.fromisoformat(birth)
    except ValueError:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def beneficiaries_figures(out: Figures, beneficiaries: Sequence[Mapping[str, Any]], period: Period) -> None:
    """优抚对象 as the town's summary counts them: the key and general entries counted on the
    register (the others apart). Ages on the period's last day (today without one), from the
    date of birth the register holds."""
    out.count("register.beneficiaries", "register", [e["id"] for e in beneficiaries])
    day = period.end or date.today()
    known = [(e, age_on(str(e.get("birth_date", "")), day)) for e in beneficiaries]
    out.count("register.age.60_plus", "register",
              [e["id"] for e, age in known if age is not None and age >= 60])
    out.count("register.age.unknown", "register", [e["id"] for e, age in known if age is None])


def _occasions(out: Figures, condolence: Sequence[Mapping[str, Any]],
               order: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """Condolence visits by occasion (八一, 春节, other): visits, households reached, money."""
    occasions = ordered(order.get("occasion", f.OCCASIONS),
                         filter(None, (answer(v, f.OCCASION) for v in condolence)))
    for occasion in occasions:
        chosen = [v for v in condolence if answer(v, f.OCCASION) == occasion]
        out.count("condolence.visits", "visit", [str(v["uuid"]) for v in chosen], occasion=occasion)
        out.count("condolence.households", "register", _unique(str(v.get("household", "")) for v in chosen),
                  occasion=occasion)
        amounts = []
        for v in chosen:
            for entry in repeat_entries(v, f.ITEMS):
                amount = decimal_or_none(entry.get(f.ITEM_LINE_AMOUNT, entry.get(f.ITEM_AMOUNT, "")))
                amounts.append((str(v["uuid"]), amount if amount is not None and amount > 0 else Decimal(0)))
        out.total("condolence.amount", "yuan", amounts, occasion=occasion)
    return occasions


def inspected_figures(out: Figures, houses: Sequence[Mapping[str, Any]], order: Mapping[str, Sequence[str]],
                      relevant: RelevantAnswers | None) -> tuple[str, ...]:
    """Houses inspected in the period (each household's latest inspection, in time order): by
    grade, by the action asked for, the costs; the grades shown."""
    if relevant is not None:   # only the amounts can be stale (grade and action are required)
        houses = [{**v, "answers": relevant(v)}
                  if answer(v, f.ESTIMATED_COST) or answer(v, f.SUBSIDY_REQUESTED) else v for v in houses]
    grades = ordered(order.get("grade", f.GRADES), filter(None, (answer(v, f.GRADE) for v in houses)))
    out.count("houses.inspected", "visit", [str(v["uuid"]) for v in houses])
    for grade in grades:
        out.count("houses.grade", "visit", [str(v["uuid"]) for v in houses if answer(v, f.GRADE) == grade],
                  grade=grade)
    for action in (f.REPAIR, f.REBUILD):
        out.count("houses.action", "visit",
                  [str(v["uuid"]) for v in houses if answer(v, f.ACTION) == action], action=action)
    for name, figure_id in ((f.ESTIMATED_COST, "houses.estimated_cost"),
                            (f.SUBSIDY_REQUESTED, "houses.subsidy_requested")):
        out.total(figure_id, "yuan",
                  [(str(v["uuid"]), decimal_or_none(answer(v, name)) or Decimal(0)) for v in houses])
    return grades


def _house_works(out: Figures, followups: Sequence[Mapping[str, Any]],
                 all_visits: Sequence[Mapping[str, Any]], period: Period,
                 day_of: Callable[[Mapping[str, Any]], date | None],
                 in_time: Callable[[Mapping[str, Any]], tuple[int, str]],
                 village_of: Callable[[Mapping[str, Any]], str],
                 village: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Houses actually repaired or rebuilt (修缮/翻建验收 in the period, work finished), each
    household once by its latest acceptance; the subsidy paid; those outside the year's quota.
    And the houses still waiting: graded C or D by their latest inspection up to the period's
    end, with no finished work accepted since."""
    latest: dict[str, Mapping[str, Any]] = {}
    for v in followups:
        if answer(v, f.WORK_DONE) == f.YES:
            latest[str(v.get("household", ""))] = v     # in time order: the latest stays
    works_done_figures(out, list(latest.values()))

    # Waiting: every inspection and acceptance up to the period's end, whatever its start.
    def until_end(v: Mapping[str, Any]) -> bool:
        day = day_of(v)
        return day is not None and (period.end is None or day <= period.end) and (
            village is None or village_of(v) == village)

    last_inspection: dict[str, Mapping[str, Any]] = {}
    last_done: dict[str, date] = {}
    house_visits = [v for v in all_visits if v.get("form_id") in (f.HOUSE_INSPECTION, f.HOUSE_FOLLOWUP)
                    and until_end(v)]
    for v in sorted(house_visits, key=in_time):
        household = str(v.get("household", ""))
        if v.get("form_id") == f.HOUSE_INSPECTION:
            last_inspection[household] = v
        elif v.get("form_id") == f.HOUSE_FOLLOWUP and answer(v, f.WORK_DONE) == f.YES:
            day = day_of(v)
            if day is not None:
                last_done[household] = day
    return (f.REPAIR, f.REBUILD), waiting_figure(out, last_inspection, last_done, day_of)


def works_done_figures(out: Figures, done: Sequence[Mapping[str, Any]]) -> None:
    """Houses repaired or rebuilt: each household's latest accepted work, in the order the
    households' first acceptances came."""
    for work in (f.REPAIR, f.REBUILD):
        out.count("houses.done", "visit", [str(v["uuid"]) for v in done if answer(v, f.WORK) == work],
                  work=work)
    out.total("houses.subsidy_paid", "yuan",
              [(str(v["uuid"]), decimal_or_none(answer(v, f.SUBSIDY_PAID)) or Decimal(0)) for v in done])
    out.count("houses.outside_quota", "visit",
              [str(v["uuid"]) for v in done if answer(v, f.WITHIN_QUOTA) == "no"])


def waiting_figure(out: Figures, last_inspection: Mapping[str, Mapping[str, Any]],
                   last_done: Mapping[str, date],
                   day_of: Callable[[Mapping[str, Any]], date | None]) -> tuple[str, ...]:
    """Houses graded C or D by their latest inspection (by household, in the order of their
    first) with no finished work accepted on or after that day."""
    waiting = []
    for household, v in last_inspection.items():
        day = day_of(v)
        if answer(v, f.GRADE) in ("C", "D") and not (household in last_done and day is not None
                                                         and last_done[household] >= day):
            waiting.append(str(v["uuid"]))
    out.count("houses.waiting", "visit", waiting)
    return tuple(waiting)


PAYMENT_KINDS = ("pension", "living_allowance")


def payments_figures(out: Figures, payments: Iterable[Mapping[str, Any]], period: Period,
              households: set[str]) -> None:
    """优抚金 and 生活费 the office paid by transfer (storage.payments), by the day paid: yuan and
    the people paid, traced to the register entries."""
    chosen = []
    for p in payments:
        try:
            day = date.fromisoformat(str(p.get("date", "")))
        except ValueError:
            continue
        if period.contains(day) and str(p.get("household", "")) in households:
            chosen.append(p)
    out.count("payments.sheets", "register", _unique(str(p["household"]) for p in chosen))
    for kind in PAYMENT_KINDS:
        of_kind = [p for p in chosen if p.get("kind") == kind]
        total = sum((decimal_or_none(str(p.get("amount", ""))) or Decimal(0) for p in of_kind), Decimal(0))
        people = _unique(str(p["household"]) for p in of_kind)
        out.add("payments.total", total, "yuan", "register", people, payment=kind)
        out.count("payments.people", "register", people, payment=kind)


def _benefits(out: Figures, delivered: Sequence[Mapping[str, Any]],
              order: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """Benefits delivered at the door, by kind: yuan, households, items (medals, health checks)."""
    paid: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
    items: dict[str, list[tuple[str, int]]] = defaultdict(list)
    households: dict[str, list[str]] = defaultdict(list)
    for v in delivered:
        for entry in repeat_entries(v, f.BENEFIT_ENTRIES):
            kind = str(entry.get(f.BENEFIT, "")).strip()
            if not kind:
                continue
            amount = decimal_or_none(entry.get(f.ITEM_LINE_AMOUNT, entry.get(f.ITEM_AMOUNT, "")))
            count = decimal_or_none(entry.get(f.ITEM_COUNT, ""))
            paid[kind].append((str(v["uuid"]), amount if amount is not None and amount > 0 else Decimal(0)))
            items[kind].append((str(v["uuid"]), int(count) if count is not None and count > 0 else 1))
            households[kind].append(str(v.get("household", "")))
    kinds = ordered(order.get("benefit", f.BENEFIT_KINDS), paid)
    for kind in kinds:
        out.total("benefits.total", "yuan", paid[kind], benefit=kind)
        out.count("benefits.households", "register", _unique(households[kind]), benefit=kind)
        out.total("benefits.items", "count", items[kind], benefit=kind)
    out.total("benefits.amount", "yuan", [p for kind in kinds for p in paid[kind]])
    out.count("benefits.households_all", "register", _unique(h for kind in kinds for h in households[kind]))
    return kinds


def covers_year(period: Period, year: int) -> bool:
    """Whether the period holds the whole year: an entered figure is a year's, never split."""
    return (period.start is None or period.start <= date(year, 1, 1)) and (
        period.end is None or period.end >= date(year, 12, 31))


def entered_by_hand(out: Figures, records: Iterable[Mapping[str, Any]], period: Period,
             village: str | None) -> dict[str, Mapping[str, Any]]:
    """Figures the supervisor entered (storage.entered), for every year the period covers whole:
    counted apart from the visits, traced to their entries (which name their source). None
    where nothing was entered: "no data", not 0. They are the town's: none for one village."""
    chosen = [] if village is not None else [
        r for r in records if isinstance(r.get("year"), int) and covers_year(period, r["year"])]
    for kind in hand.KINDS:
        mine = [r for r in chosen if r.get("kind") == kind.code]
        ids = tuple(hand.figure_id(r) for r in mine)
        count = sum(int(r.get("count") or 0) for r in mine) if mine else None
        out.figures[f"entered.count.{kind.code}"] = Figure(
            f"entered.count.{kind.code}", count, "count", "entered", ids, f"fig.entered.{kind.counts}",
            (("entered", kind.code),))
        if kind.money:
            amount = sum((Decimal(str(r.get("amount") or 0)) for r in mine), Decimal(0)) if mine else None
            out.figures[f"entered.amount.{kind.code}"] = Figure(
                f"entered.amount.{kind.code}", amount, "yuan", "entered", ids, "fig.entered.amount",
                (("entered", kind.code),))
    return {hand.figure_id(r): r for r in chosen}
