"""Which revision of each visit the office counts: the latest one not flagged as a conflict.

A correction is a new revision of the same visit (same uuid, revision n+1). When sync/ finds
two records it cannot order (the same revision with different content, or two corrections of
one revision), it keeps both and flags them; a flagged record is left out of the figures until
the supervisor settles it, and the visit counts by its latest unflagged revision meanwhile.
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
    for record in records:
        if record.get("status", "finalized") != "finalized" or record_key(record) in conflicted:
            continue
        uuid = record["uuid"]
        current = best.get(uuid)
        if current is None or int(record.get("revision", 1)) > int(current.get("revision", 1)):
            best[uuid] = record
    return list(best.values())
