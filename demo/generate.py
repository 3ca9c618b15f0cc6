"""`doorstep demo generate`: an office and K enrolled devices with a register and M visits.

For trying the office side, for tests and for benchmarks, so it must build a million visits in
minutes: the register goes into each store with one upsert, and each device's visits in
transactions of WRITE_BATCH (one commit per batch, not one per visit, and never all of them in
memory at once). Every visit's answers are what the survey engine gives (demo.visits), so what
is generated is what a volunteer could enter; the engine itself fills one visit per answer
pattern and the rest come from demo.fill_cache, the same answers (about 3 ms a visit through the
engine, an hour for a million; bench/bench_generate.py measures both in one run).
"""

from __future__ import annotations

import heapq
import random
import shutil
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from doorstep.demo import enroll
from doorstep.demo.holidays import army_day, spring_festival
from doorstep.demo.ids import household_id, visit_uuid
from doorstep.demo.messages import MESSAGES
from doorstep.demo.people import VILLAGES, Household, generate_households, given_name, surname
from doorstep.demo.records import CHINA_TZ, finalized_record, register_entry
from doorstep.demo.secret import demo_secret
from doorstep.demo.visits import VisitMaker
from doorstep.i18n import Lang, Message, UserError
from doorstep.storage.home import Home

OFFICE_DIR = "office"
DEVICE_DIR = "device-{n}"
# The mix of visit kinds over a year: verification once a year for most, condolence around the
# holidays, home care for key beneficiaries only, house inspections for a minority of homes.
FORM_WEIGHTS = {"verification": 30, "condolence": 30, "home_care": 25, "house_inspection": 15}
# Village names for registers too big for one town's five villages.
_VILLAGE_FIRST = "东西南北中上下前后大小新"
_VILLAGE_SECOND = ("湖", "山", "岭", "坪", "和", "河", "桥", "庄", "湾", "沟", "塘", "坝", "园", "林",
                   "峰", "岗")
HOUSEHOLDS_PER_VILLAGE = 80
WRITE_BATCH = 10_000  # visits per store transaction of a device


@dataclass(frozen=True)
class DeviceSummary:
    path: Path
    name: str
    households: int
    visits: int


@dataclass(frozen=True)
class GenerateResult:
    office: Path
    households: int
    devices: list[DeviceSummary] = field(default_factory=list)
    visits: int = 0


def village_names(count: int) -> tuple[str, ...]:
    """The town's five villages, then more made-up names when the register is large."""
    names = list(VILLAGES)
    for first in _VILLAGE_FIRST:
        for second in _VILLAGE_SECOND:
            if len(names) >= count:
                return tuple(names)
            name = f"{first}{second}村"
            if name not in names:
                names.append(name)
    n = 1
    while len(names) < count:  # beyond 190 villages: numbered ones, as new settlements are
        names.append(f"新建{n}村")
        n += 1
    return tuple(names)


def _check_out(out: Path) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UserError(Message(MESSAGES, "out_not_empty", {"path": str(out)}))


def _visit_day(rng: random.Random, form_id: str, today: date) -> date:
    """A day in the year before `today`; condolence visits cluster before the holidays."""
    start = today - timedelta(days=364)
    if form_id == "condolence":
        holidays = [d for y in (today.year - 1, today.year) for d in
                    (army_day(y), spring_festival(y))
                    if start + timedelta(days=10) <= d <= today]
        if holidays and rng.random() < 0.85:
            return rng.choice(holidays) - timedelta(days=rng.randint(0, 10))
    return start + timedelta(days=rng.randint(0, 364))


def _split(count: int, parts: int) -> list[int]:
    base, extra = divmod(count, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def generate_homes(out: Path, *, households: int, devices: int, visits: int, seed: int = 1,
                   today: date | None = None, lang: Lang = "zh",
                   progress: Callable[[Message], None] | None = None,
                   cached: bool = True) -> GenerateResult:
    """Write OUT/office and OUT/device-1..K (see the module's docstring).

    `progress` is told each step as it begins (a Message naming it: the register, the keys,
    one device). If anything fails half-way, what was written is removed again, so OUT is left
    as it was found (missing or empty). `cached=False` enters every visit through the engine
    (the same data, an hour for a million: for tests and benchmarks to compare with).
    """
    out = Path(out)
    if households < devices:
        raise UserError(Message(MESSAGES, "too_few_households",
                                {"households": households, "devices": devices}))
    _check_out(out)
    existed = out.exists()
    try:
        return _generate(out, households, devices, visits, seed, today or date.today(), lang,
                         progress or (lambda _step: None), cached)
    except BaseException:
        if existed:
            for child in out.iterdir():
                shutil.rmtree(child, ignore_errors=True)
        else:
            shutil.rmtree(out, ignore_errors=True)
        raise


def _generate(out: Path, households: int, devices: int, visits: int, seed: int, today: date,
              lang: Lang, say: Callable[[Message], None], cached: bool) -> GenerateResult:
    rng = random.Random(seed)
    say(Message(MESSAGES, "step_register", {}))
    villages = village_names(min(households, max(5, devices, -(-households // HOUSEHOLDS_PER_VILLAGE))))
    people = generate_households(rng, households, today, villages)
    taken: set[str] = set()
    ids = []
    for _ in people:
        hid = household_id(rng, taken)
        taken.add(hid)
        ids.append(hid)
    shares = share_villages(villages, [p.village for p in people], devices)

    out.mkdir(parents=True, exist_ok=True)
    secret = demo_secret()
    office = Home.create(out / OFFICE_DIR, "office", name=_office_name(lang), lang=lang, secret=secret)
    device_homes = []
    for n in range(1, devices + 1):
        volunteer = surname(rng) + given_name(rng, rng.choice(["男", "女"]), 1975)
        device_homes.append(Home.create(out / DEVICE_DIR.format(n=n), "device", name=f"device-{n}",
                                        volunteer=volunteer, lang=lang, secret=secret))
    say(Message(MESSAGES, "step_keys", {}))
    enroll.enroll(office, device_homes)
    with office.writer() as store:
        store.upsert_entries([register_entry(hid, person) for hid, person in zip(ids, people, strict=True)])

    maker = VisitMaker(lang=lang, cached=cached)
    summaries = []
    for device, share, count in zip(device_homes, shares, _split(visits, devices), strict=True):
        say(Message(MESSAGES, "step_device", {"name": device.name}))
        enroll.assign(office, device, share)
        villages_here = set(share)
        mine = [i for i, person in enumerate(people) if person.village in villages_here]
        records = _device_visits(rng, maker, device, [ids[i] for i in mine], [people[i] for i in mine],
                                 count, today)
        written = 0
        with device.writer() as store:
            # Bulk calls of WRITE_BATCH visits in the order they were made (so each writes a
            # month or two of the store's files): finalizing 100,000 drafts one by one means
            # 100,000 draft files and commits, and holding a million records at once, gigabytes.
            for batch in _batches(records, WRITE_BATCH):
                written += len(store.add_finalized_visits(batch))
        summaries.append(DeviceSummary(device.path, device.name, len(mine), written))
    return GenerateResult(office.path, households, summaries, sum(s.visits for s in summaries))


def _batches(items: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def share_villages(villages: Sequence[str], of_each: Sequence[str], devices: int) -> list[list[str]]:
    """Whole villages per device (a laptop covers whole villages, as a town hands out work),
    as even in households as can be: the biggest village first to the least loaded device.
    Needs at least as many non-empty villages as devices."""
    sizes = Counter(of_each)
    loads = [(0, n) for n in range(devices)]
    shares: list[list[str]] = [[] for _ in range(devices)]
    for village in sorted((v for v in villages if sizes[v]), key=lambda v: (-sizes[v], villages.index(v))):
        load, n = heapq.heappop(loads)
        shares[n].append(village)
        heapq.heappush(loads, (load + sizes[village], n))
    return shares


def _office_name(lang: Lang) -> str:
    return MESSAGES["office_name"][lang]


def _device_visits(rng: random.Random, maker: VisitMaker, device: Home, ids: list[str],
                   people: list[Household], count: int, today: date) -> Iterator[dict[str, Any]]:
    """`count` finalized visits over this device's households, in the order they were made:
    a volunteer's day runs from about half past eight, one house after another.

    A household found deceased at a verification visit gets no visits after that day.
    """
    forms = list(FORM_WEIGHTS)
    weights = list(FORM_WEIGHTS.values())
    key = [i for i, p in enumerate(people) if p.priority == "key"]
    plan = []
    for _ in range(count):
        form_id = rng.choices(forms, weights=weights)[0]
        if form_id == "home_care" and not key:
            form_id = "verification"
        index = rng.choice(key) if form_id == "home_care" else rng.randrange(len(people))
        plan.append((_visit_day(rng, form_id, today), form_id, index))
    plan.sort(key=lambda p: p[0])
    deceased: dict[int, date] = {}
    clock_day: date | None = None
    clock = datetime.combine(today, time(8, 30), CHINA_TZ)
    volunteer = device.settings.get("volunteer") or device.name
    for day, form_id, index in plan:
        if index in deceased:  # visits planned after a death go to a neighbour instead
            alive = [i for i in (key if form_id == "home_care" else range(len(people)))
                     if i not in deceased]
            if not alive:
                form_id, alive = "verification", [i for i in range(len(people)) if i not in deceased]
            if not alive:
                break
            index = alive[bisect_right(alive, index) % len(alive)]
        made = maker.make(form_id, rng, people[index], day)
        if made.outcome == "deceased":
            deceased[index] = day
        if day != clock_day:  # a new working day: the first door at about half past eight
            clock_day = day
            clock = datetime.combine(day, time(8, rng.randint(0, 59)), CHINA_TZ)
        started = clock
        ended = started + timedelta(minutes=made.minutes)
        clock = ended + timedelta(minutes=rng.randint(5, 40))  # walking to the next house
        yield finalized_record(
            uuid=visit_uuid(rng), household=ids[index], form_id=form_id,
            form_version=made.form_version, volunteer=volunteer, device=device.home_id,
            device_name=device.name, started=started.isoformat(), ended=ended.isoformat(),
            answers=made.answers, register_updates=made.register_updates, hashed=False)



