"""Which revision of each visit the office counts: the latest one it holds.

A correction is a new revision of the same visit (same uuid, revision n+1). When two copies of
one laptop (a restored backup, a cloned disk) send one revision with different contents, sync/
keeps every content and puts in the visits table the one the rule chose (the content the device
sent first: the lowest bundle sequence that carried it, table `sync_first_sent`; a rule no
sender can steer, the same in any merge order), and flags the key for the supervisor. The
figures count that chosen content straight away, as they count any other; the record is marked
`unsettled` until the supervisor settles the flag, so that every place that shows it (the
summary's table of such visits, the visits export, the visit summary) can say so.

A correction counts on the day of the visit it corrects, never on the day it was corrected.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

UNSETTLED = "unsettled"  # set on a record in force when a revision of its visit is flagged


def record_key(record: Mapping[str, Any]) -> str:
    return str(record.get("key") or f"{record['uuid']}.{record.get('revision', 1)}")


def visits_in_force(records: Iterable[Mapping[str, Any]],
                    unsettled: Collection[str] = ()) -> list[Mapping[str, Any]]:
    """One record per visit uuid: the highest finalized revision.

    `unsettled`: the keys ("<uuid>.<revision>") of records flagged as conflicts and not settled
    yet; a visit with such a revision (the one counted, or an earlier one, whose day it keeps)
    is returned marked `UNSETTLED`. The result keeps the order in which each visit was first seen.
    """
    best: dict[str, Mapping[str, Any]] = {}
    first: dict[str, tuple[int, Any]] = {}   # uuid -> (lowest revision held, its ended)
    flagged = {key.rpartition(".")[0] for key in unsettled}
    for record in records:
        if record.get("status", "finalized") != "finalized":
            continue
        uuid = record["uuid"]
        revision = int(record.get("revision", 1))
        if uuid not in first or revision < first[uuid][0]:
            first[uuid] = (revision, record.get("ended"))
        current = best.get(uuid)
        if current is None or revision > int(current.get("revision", 1)):
            best[uuid] = record
    out = []
    for uuid, record in best.items():
        dated = _dated(record, first[uuid][1])
        if uuid in flagged and _flagged(uuid, record, unsettled):
            dated = {**dated, UNSETTLED: True}
        out.append(dated)
    return out


def _flagged(uuid: str, counted: Mapping[str, Any], unsettled: Collection[str]) -> bool:
    """Whether the counted revision, or one before it, is flagged."""
    last = int(counted.get("revision", 1))
    return any(f"{uuid}.{n}" in unsettled for n in range(1, last + 1))


def _dated(record: Mapping[str, Any], made: Any) -> Mapping[str, Any]:
    """The record with the `ended` of the visit it corrects: a visit belongs to the day it was
    made. A correction finalized since corrections kept their date has it already; one made
    before carries the day it was corrected, which becomes its `corrected_at` here."""
    if int(record.get("revision", 1)) == 1 or not made or record.get("ended") == made:
        return record
    return {**record, "ended": made, "corrected_at": record.get("corrected_at") or record.get("ended")}
