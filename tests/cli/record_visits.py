"""Finalize one visit of a built-in kind for every household assigned to a device home, through
the store calls the app makes (start, answers, register updates, finalize). Run as a script:
`python tests/cli/record_visits.py HOME`."""

from __future__ import annotations

import random
import sys
from datetime import date, datetime, timedelta, timezone

from doorstep.demo.people import Household
from doorstep.demo.visits import VisitMaker
from doorstep.storage.home import Home

KINDS = ("home_care", "house_inspection", "condolence", "verification")


def main(home_dir: str) -> None:
    rng = random.Random(7)
    maker = VisitMaker(lang="zh")
    with Home.open(home_dir).writer() as store:
        for i, entry in enumerate(store.entries()):
            household = Household(
                name=entry["name"], gender="男", birth_date="1950-01-01", id_number="",
                category=entry["category"], priority=entry["priority"], village=entry["village"],
                address=entry["address"], phone=entry["phone"], members=(), notes="")
            kind = KINDS[i % 4] if entry["priority"] == "key" else KINDS[1 + i % 3]
            made = maker.make(kind, rng, household, date(2026, 7, 30))
            start = datetime(2026, 7, 30, 9 + i, tzinfo=timezone(timedelta(hours=8)))
            visit = store.start_visit(entry["id"], kind, made.form_version, started=start.isoformat())
            for name, value in made.answers.items():
                store.save_answer(visit["uuid"], (name,), value)
            store.set_register_updates(visit["uuid"], made.register_updates)
            store.finalize(visit["uuid"], ended=(start + timedelta(minutes=made.minutes)).isoformat())


if __name__ == "__main__":
    main(sys.argv[1])
