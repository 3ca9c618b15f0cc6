"""The demo device home that `doorstep demo` opens: a town's register, an assignment, visits.

The home is built in a hidden folder beside its destination and renamed into place at the end,
so a demo interrupted half-way never leaves a half-made home that a second run would then take
for a finished one. An existing home is never touched: running the demo again changes nothing.

Layout (everything under one folder, so removing the demo is removing that folder):

    <path>/          the device home (a volunteer's laptop), enrolled with the office below
    <path>/office/   the demo's office home, which knows the device's keys
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import time as time_module
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from doorstep.demo import enroll
from doorstep.demo.ids import household_id, visit_uuid
from doorstep.demo.messages import MESSAGES
from doorstep.demo.people import VILLAGES, Household, generate_households
from doorstep.demo.records import CHINA_TZ, register_entry
from doorstep.demo.secret import demo_secret
from doorstep.demo.visits import MadeVisit, VisitMaker
from doorstep.i18n import Lang, Message, UserError
from doorstep.storage.backend import StoreBackend
from doorstep.storage.home import Home

DEMO_SEED = 20260801  # the demo's people are the same on every laptop
DEMO_HOUSEHOLDS = 60
OFFICE_DIR = "office"
PARTIAL_MARK = ".demo-partial-"
STALE_SECONDS = 600  # a demo takes seconds to make; a partial folder this old was abandoned

VOLUNTEER = {"zh": "李秀梅", "en": "李秀梅"}  # names are Chinese in either language
DEVICE_NAME = {"zh": "东湖村服务站笔记本", "en": "donghu-laptop-01"}
OFFICE_NAME = {"zh": "河口镇退役军人服务站", "en": "Hekou Town Veterans Service Station"}


@dataclass(frozen=True)
class DemoResult:
    path: Path
    created: bool  # False when a home was already there (and left alone)
    is_demo: bool  # False when the home there is someone's real home
    office: Path | None = None  # the demo's office home, when there is one
    households: int = 0
    villages: int = 0
    visits: int = 0


def make_demo_home(path: str | Path, lang: Lang = "zh", today: date | None = None) -> Home:
    """A ready demo device home at `path` (created unless a home is there already)."""
    result = ensure_demo_home(path, lang=lang, today=today)
    return Home.open(result.path, demo_secret())


def ensure_demo_home(path: str | Path, lang: Lang = "zh", today: date | None = None) -> DemoResult:
    """Create the demo home at `path` unless a home exists there; say what was done."""
    path = Path(path).expanduser()
    if Home.exists(path):
        home = Home.open_locked(path)
        is_demo = home.is_demo
        office = path / OFFICE_DIR if is_demo and Home.exists(path / OFFICE_DIR) else None
        return DemoResult(path, created=False, is_demo=is_demo, office=office)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise UserError(Message(MESSAGES, "folder_not_empty", {"path": str(path)}))
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_partials(path)
    partial = path.with_name(f".{path.name}{PARTIAL_MARK}{os.getpid()}")
    try:
        counts = _build(partial, lang, today or date.today())
        if path.exists():
            path.rmdir()  # an empty folder the user made for it; rename needs it gone on Windows
        os.replace(partial, path)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return DemoResult(path, created=True, is_demo=True, office=path / OFFICE_DIR, **counts)


def _remove_partials(path: Path) -> None:
    """Folders a killed demo left behind (only ours: they carry the partial mark). One that is
    recent may belong to a demo being made right now by another doorstep, so it stays."""
    for leftover in path.parent.glob(f".{path.name}{PARTIAL_MARK}*"):
        with contextlib.suppress(OSError):
            if leftover.is_dir() and time_module.time() - leftover.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(leftover, ignore_errors=True)


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), CHINA_TZ)


def _build(folder: Path, lang: Lang, today: date) -> dict[str, int]:
    rng = random.Random(DEMO_SEED)
    households = generate_households(rng, DEMO_HOUSEHOLDS, today)
    ids: list[str] = []
    for _ in households:
        ids.append(household_id(rng, ids))

    secret = demo_secret()
    office = Home.create(folder / OFFICE_DIR, "office", name=OFFICE_NAME[lang], lang=lang, secret=secret)
    device = Home.create(folder, "device", name=DEVICE_NAME[lang], volunteer=VOLUNTEER[lang], lang=lang,
                         secret=secret, demo=True)
    enroll.enroll(office, [device])
    with office.writer() as store:
        store.upsert_entries([register_entry(hid, h) for hid, h in zip(ids, households, strict=True)])
    # The assignment came the morning before the first visit of DEMO_PLAN, so that every demo
    # visit belongs to it (the app counts a household as visited since its assignment).
    first_day = today - timedelta(days=max(days for _, days, _, _ in DEMO_PLAN) + 1)
    enroll.assign(office, device, VILLAGES, at=_at(first_day, 8, 0).isoformat())
    with device.writer() as store:
        finalized = _visits(store, rng, dict(zip(ids, households, strict=True)), lang, today)
    device.save_settings(demo=True)  # the app shows it is a demo
    return {"households": len(households), "villages": len({h.village for h in households}),
            "visits": finalized}


# A plausible fortnight of one volunteer's work: (form, days ago, hour, what it should show).
# The wishes make sure the demo has something of each kind to look at; the answers themselves
# come from demo.visits like any other.
DEMO_PLAN: tuple[tuple[str, int, int, Callable[[MadeVisit], bool]], ...] = (
    ("verification", 16, 9, lambda v: v.answers.get("status") == "alive"),
    ("verification", 16, 10, lambda v: v.answers.get("phone_correct") == "no"),
    ("home_care", 14, 9, lambda v: v.answers.get("followup_needed") == "yes"),
    ("house_inspection", 13, 14, lambda v: v.answers.get("grade") == "A"),
    ("house_inspection", 13, 15, lambda v: v.answers.get("grade") == "C"),
    ("condolence", 9, 10, lambda v: len(v.answers.get("items", [])) >= 2),
    ("condolence", 9, 11, lambda v: True),
    ("house_followup", 7, 14, lambda v: v.answers.get("work_done") == "yes"),
    ("home_care", 6, 9, lambda v: v.answers.get("followup_needed") == "no"),
    ("verification", 3, 15, lambda v: v.answers.get("status") == "moved"),
    ("house_inspection", 2, 10, lambda v: v.answers.get("grade") == "B"),
    ("benefits", 2, 15, lambda v: len(v.answers.get("benefits", [])) >= 2),
    ("home_care", 1, 10, lambda v: True),
)


def _make_wished(maker: VisitMaker, rng: random.Random, form_id: str, household: Household,
                 day: date, wish: Callable[[MadeVisit], bool]) -> MadeVisit:
    made = maker.make(form_id, rng, household, day)
    for _ in range(500):  # deterministic: the same rng always stops at the same draw
        if wish(made):
            break
        made = maker.make(form_id, rng, household, day)
    return made


def _visits(store: StoreBackend, rng: random.Random, by_id: dict[str, Household], lang: Lang,
            today: date) -> int:
    """The finalized visits of DEMO_PLAN, and one draft begun this morning, through the same
    calls the app makes (start, answers, register updates, finalize)."""
    maker = VisitMaker(lang=lang)
    pool = list(by_id)
    rng.shuffle(pool)
    # Home care is for key beneficiaries; the other kinds may go to anyone.
    key_people = [hid for hid in pool if by_id[hid].priority == "key"]
    others = [hid for hid in pool if hid not in key_people]
    count = 0
    last_end: datetime | None = None
    repaired: list[str] = []   # houses graded C or D: the acceptance goes to one of them
    for form_id, days_ago, hour, wish in DEMO_PLAN:
        if form_id == "house_followup" and repaired:
            hid = repaired.pop(0)
        else:
            hid = key_people.pop(0) if form_id == "home_care" else others.pop(0)
        day = today - timedelta(days=days_ago)
        made = _make_wished(maker, rng, form_id, by_id[hid], day, wish)
        if form_id == "house_inspection" and made.answers.get("grade") in ("C", "D"):
            repaired.append(hid)
        started = _at(day, hour, rng.randint(0, 40))
        if last_end is not None and last_end.date() == day:  # one house after another
            started = max(started, last_end + timedelta(minutes=rng.randint(10, 25)))
        visit = store.start_visit(hid, form_id, made.form_version, started=started.isoformat(),
                                  visit_id=visit_uuid(rng))
        for name, value in made.answers.items():
            store.save_answer(visit["uuid"], (name,), value)
        store.set_register_updates(visit["uuid"], made.register_updates)
        last_end = started + timedelta(minutes=made.minutes)
        store.finalize(visit["uuid"], ended=last_end.isoformat())
        count += 1
    # The draft: a home-care visit begun this morning, left half-way through the checklist.
    hid = key_people.pop(0)
    made = maker.make("home_care", rng, by_id[hid], today, partial=True)
    visit = store.start_visit(hid, "home_care", made.form_version, started=_at(today, 9, 5).isoformat(),
                              visit_id=visit_uuid(rng))
    for name, value in made.answers.items():
        store.save_answer(visit["uuid"], (name,), value)
    return count
