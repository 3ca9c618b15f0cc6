"""A small device home built through storage's API, with fixed ids and times (stable snapshots)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from doorstep.storage import qrid
from doorstep.storage.home import Home
from doorstep.survey import get_form
from doorstep.sync.identity import create_identity

FIXED_NOW = datetime(2026, 8, 1, 9, 30, tzinfo=UTC)


def make_id(payload: str) -> str:
    return payload + qrid.check_character(payload)


PEOPLE = [
    # (payload, name, category, village, address, phone)
    ("1000001", "张桂兰", "martyr_survivor", "东山村", "东山村3组12号", "13800000001"),
    ("1000002", "李建国", "disabled_serviceman", "东山村", "东山村1组4号", "13800000002"),
    ("1000003", "王秀英", "elderly_retired_soldier", "西河村", "西河村2组7号", "13800000003"),
    ("1000004", "刘德华", "serving_soldier_family", "西河村", "西河村5组1号", ""),
    ("1000005", "陈志强", "old_revolutionary", "南岭村", "南岭村老街9号", "13800000005"),
    ("1000006", "赵淑珍", "illness_death_survivor", "南岭村", "南岭村新村22号", "13800000006"),
]
IDS = [make_id(p[0]) for p in PEOPLE]


def make_home(path: Path, lang: str = "zh", *, with_visits: bool = True) -> Home:
    """A device home with six households in three villages, a finalized visit with a follow-up,
    and one draft (its first question answered)."""
    home = Home.create(path, "device", name="laptop-01", volunteer="周志愿", lang=lang)
    create_identity(home)  # as `doorstep init device` and the first start make it
    with home.writer() as store:
        for payload, name, category, village, address, phone in PEOPLE:
            store.add_entry(
                {
                    "id": make_id(payload),
                    "name": name,
                    "category": category,
                    "village": village,
                    "address": address,
                    "phone": phone,
                    "members": [{"name": name, "relation": "本人"}],
                }
            )
        store.set_assignment(IDS)
        if with_visits:
            v = store.start_visit(
                IDS[0],
                "home_care",
                get_form("home_care").version,
                started="2026-07-20T09:00:00+08:00",
                visit_id="00000000-0000-4000-8000-000000000001",
            )
            for slot, value in (
                (("services",), "cleaning company"),
                (("minutes",), "60"),
                (("health",), "fair"),
                (("mobility",), "independent"),
                (("lives_alone",), "no"),
                (("mood",), "good"),
                (("followup_needed",), "yes"),
                (("followup_note",), "屋顶漏雨，需安排维修"),
            ):
                store.save_answer(v["uuid"], slot, value)
            store.finalize(v["uuid"], ended="2026-07-20T10:05:00+08:00")
            draft = store.start_visit(
                IDS[2],
                "condolence",
                get_form("condolence").version,
                started="2026-07-28T15:00:00+08:00",
                visit_id="00000000-0000-4000-8000-000000000002",
            )
            store.save_answer(draft["uuid"], ("occasion",), "army_day")
    return Home.open(path)
