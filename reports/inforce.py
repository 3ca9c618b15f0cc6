"""Which revision of each visit the office counts: the latest one not flagged as a conflict.

A correction is a new revision of the same visit (same uuid, revision n+1). When sync/ finds
two records it cannot order (the same revision with different content, or two corrections of
one revision), it keeps both and flags them; a flagged record is left out of the figures until
the supervisor settles it, and the visit counts by its latest unflagged revision meanwhile.

A correction counts on the day of the visit it corrects, never on the day it was corrected.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any


def record_key(record: Mapping[str, Any]) -> str:
    return str(record.get("key") or f"{record['uuid']}.{record.get('revision', 1)}")


def visits_in_force(records: Iterable[Mapping[str, Any]],
                    conflicted: Collection[str] = ()) -> list[Mapping[str, Any]]:
    """One record per visit uuid: the highest finalized revision whose key is not conflicted.

    The result keeps the order in which each visit was first seen.
    """
    best: dict[str, Mapping[str, Any]] = {}
    first: dict[str, tuple[int, Any]] = {}   # uuid -> (lowest revision held, its ended)
    for record in records:
        if record.get("status", "finalized") != "finalized":
            continue
        uuid = record["uuid"]
        revision = int(record.get("revision", 1))
        if uuid not in first or revision < first[uuid][0]:
            first[uuid] = (revision, record.get("ended"))
        if record_key(record) in conflicted:
            continue
        current = best.get(uuid)
        if current is None or revision > int(current.get("revision", 1)):
            best[uuid] = record
    return [_dated(record, first[uuid][1]) for uuid, record in best.items()]


def _dated(record: Mapping[str, Any], made: Any) -> Mapping[str, Any]:
    """The record with the `ended` of the visit it corrects: a visit belongs to the day it was
    made. A correction finalized since corrections kept their date has it already; one made
    before carries the day it was corrected, which becomes its `corrected_at` here."""
    if int(record.get("revision", 1)) == 1 or not made or record.get("ended") == made:
        return record
    return {**record, "ended": made, "corrected_at": record.get("corrected_at") or record.get("ended")}
