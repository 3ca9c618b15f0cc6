"""A stick that raises many flags at once (the merge writes them together, at the end of its
transaction): every flag is there exactly once, a flag restated by a later bundle is updated in
place, and the same bundles merged in another order, or one merge each, give the same flags."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any

from doorstep.storage import qrid
from doorstep.storage.home import Home
from doorstep.sync.merge import conflicts, merge_paths
from doorstep.sync.settle import open_conflicts, settle
from sync_helpers import Enrolled
from test_forged_bundles import HOME_CARE, forge

BROKEN = 120  # visits whose time spent is out of range, 40 to a bundle


def visit(enrolled: Enrolled, household: str, minutes: str) -> dict[str, Any]:
    device = enrolled.devices[0]
    started = "2026-03-01T09:00:00+08:00"
    return {"uuid": str(uuid.uuid4()), "revision": 1, "supersedes": None, "household": household,
            "form_id": "home_care", "form_version": HOME_CARE, "volunteer": "李秀梅",
            "device": device.home_id, "device_name": device.name, "started": started,
            "ended": started.replace("T09", "T10"), "register_base": None,
            "answers": {"services": "cleaning", "minutes": minutes, "mood": "good", "urgent_needs": "",
                        "followup_needed": "no"}, "register_updates": {}}


def flags_of(home: Home) -> list[dict[str, Any]]:
    store = home.reader()
    try:
        return [dict(f) for f in conflicts(store)]
    finally:
        store.close()


def test_many_flags_are_each_written_once_in_any_order(enrolled: Enrolled, tmp_path: Path) -> None:
    stranger = qrid.new_id(enrolled.households)
    broken = [visit(enrolled, enrolled.households[i % 3], "9999") for i in range(BROKEN)]
    strangers = [visit(enrolled, stranger, "30") for _ in range(3)]
    bundles = [forge(enrolled, enrolled.devices[0], [*broken[n * 40:(n + 1) * 40], strangers[n]],
                     tmp_path / "stick" / f"{n}.json", sequence=n + 1) for n in range(3)]
    twins = [tmp_path / "office-b", tmp_path / "office-c"]
    for twin in twins:
        shutil.copytree(enrolled.office.path, twin)

    assert merge_paths(enrolled.office, bundles).refused == 0          # one transaction
    flags = flags_of(enrolled.office)
    ranges = [f for f in flags if f["kind"] == "visit_constraint"]
    assert sorted(f["key"] for f in ranges) == sorted(f"{v['uuid']}.1" for v in broken)
    assert {tuple(f["questions"]) for f in ranges} == {("服务时长（分钟）",)}  # as labelled
    (unknown,) = [f for f in flags if f["kind"] == "visit_unknown_household"]
    assert unknown["visits"] == sorted(f"{v['uuid']}.1" for v in strangers)   # one flag, restated
    assert len(flags) == BROKEN + 1

    b, c = (Home.open(t) for t in twins)
    assert merge_paths(b, list(reversed(bundles))).refused == 0        # another order
    for path in bundles[1:] + bundles[:1]:                              # one transaction each
        assert merge_paths(c, [path]).refused == 0
    assert flags_of(b) == flags == flags_of(c)

    # A settled flag stays settled when everything is merged again; the others stay open.
    with c.writer() as store:
        first = next(f for f in open_conflicts(store) if f["kind"] == "visit_constraint")
        settle(store, first["id"], dismiss=True, reason="checked: 99 minutes")
    assert merge_paths(c, bundles).refused == 0
    assert len(flags_of(c)) == BROKEN and first["key"] not in {f.get("key") for f in flags_of(c)}
