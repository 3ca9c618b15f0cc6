"""Visit marks: what the assignments list needs of each household's visits, kept apart from them.

The laptop's list shows, for each household, the day of its last visit and whether it was
visited in the current period (tui.session): both follow from the moment (`ended`, else
`started`) of the latest revision of each of its visits. Reading every month of visits for that
at each start costs the whole store; the marks keep just those moments, by household, in 32
small tables (`visit_marks/NN`, by a hash of the household, as storage.layout shards the
register), written in the same commit as the visit that changes them:

    visit_marks/07.json   {household: {visit uuid: [revision, moment]}}
    visit_marks/assigned.json  {household: its register entry}, for the households assigned
    visit_marks/built.json  present once the marks hold every visit (a laptop made before them
                          gets them from its first writer: storage.store)

The list also shows the assigned households' entries: a laptop holds the town's register (20,000
entries, 5.6 MB to parse, a fifth of a second), and an assignment names a few hundred of them,
spread over every shard. Their copies in `assigned` are written in the commit that changes the
assignment or an entry of it, and `Store.get_entry` answers from them.

Only a laptop keeps them (an office's list of households is no assignment, and a merge would
rewrite most shards); elsewhere, and in a home whose marks are not built yet, `marks_from_visits`
computes the same answer from the visits.
"""

from __future__ import annotations

import zlib
from collections.abc import Collection, Iterable, Mapping
from typing import Any

MARKS_DIR = "visit_marks"
MARKS = "visit_marks/"  # table name prefix of a shard: "visit_marks/07"
MARK_SHARDS = 32
BUILT = "visit_marks/built"
ASSIGNED = "visit_marks/assigned"

# What one household's marks are, as visit_marks() hands them out: the moment of each visit (its
# latest revision), in order.
Marks = dict[str, list[str]]


def marks_shard(household: str) -> str:
    return f"{MARKS}{zlib.crc32(household.encode('utf-8')) % MARK_SHARDS:02d}"


def marks_shards() -> list[str]:
    return [f"{MARKS}{n:02d}" for n in range(MARK_SHARDS)]


def is_marks_table(name: str) -> bool:
    if name in (BUILT, ASSIGNED):
        return True
    shard = name[len(MARKS):] if name.startswith(MARKS) else ""
    return len(shard) == 2 and shard.isdigit() and int(shard) < MARK_SHARDS


def moment_of(record: Mapping[str, Any]) -> str:
    """The moment a visit counts at: when it ended, else when it started ("" if neither)."""
    return str(record.get("ended") or record.get("started") or "")


def marks_from_visits(records: Iterable[Mapping[str, Any]],
                      households: Collection[str] | None = None) -> Marks:
    """The marks of `households` (every household visited, if None), from the latest revisions
    of their visits."""
    wanted = None if households is None else set(households)
    out: Marks = {}
    for record in records:
        household = record.get("household")
        if not isinstance(household, str) or (wanted is not None and household not in wanted):
            continue
        out.setdefault(household, []).append(moment_of(record))
    return {h: sorted(moments) for h, moments in out.items()}


def build_shards(records: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every shard's table, from the latest revisions of all visits (shards without a household
    visited are left out: an absent shard holds no marks)."""
    shards: dict[str, dict[str, Any]] = {}
    for record in records:
        household = record.get("household")
        if not isinstance(household, str):
            continue
        row = shards.setdefault(marks_shard(household), {}).setdefault(household, {})
        row[record["uuid"]] = [int(record["revision"]), moment_of(record)]
    return shards


def marks_in(shard: Mapping[str, Any], households: Collection[str] | None) -> Marks:
    """The marks a shard's table holds for `households` (all of its households, if None)."""
    return {household: sorted(moment for _, moment in visits.values())
            for household, visits in shard.items()
            if visits and (households is None or household in households)}
