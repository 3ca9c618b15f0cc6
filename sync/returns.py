"""Device side: the visits the office returned, until their correction has gone back.

An assignment bundle carries `returned` ({key, comment}); import keeps them in `sync_returned`.
A return stays open until a correction of that visit (a later revision) has been exported: while
the correction is a draft, or finalized but not yet in a bundle, the volunteer still sees it,
saying how far it got. Nothing here writes: the state follows from the store's own tables, so a
kill at any moment leaves it true.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from doorstep.sync.tables import EXPORTS, RETURNED

ReturnState = Literal["to_correct", "correcting", "corrected"]  # corrected: finalized, not yet sent


@dataclass(frozen=True)
class Returned:
    key: str          # the returned record, "<uuid>.<revision>"
    uuid: str
    revision: int
    household: str
    form_id: str
    ended: str        # the day of the visit
    comment: str      # the supervisor's, shown as data
    received: str     # when the assignment that carried it was imported
    state: ReturnState


def open_returns(store: Any) -> list[Returned]:
    """The returns whose correction has not been exported yet, in the order they arrived."""
    rows = sorted(store.table(RETURNED).all(), key=lambda r: r.doc_id)
    latest_comment: dict[str, dict[str, Any]] = {}
    for row in rows:  # the same visit returned twice: the latest comment counts
        latest_comment.pop(row["key"], None)
        latest_comment[row["key"]] = dict(row)
    exported = {key for row in store.table(EXPORTS).all() for key in row.get("keys", [])}
    out = []
    for key, row in latest_comment.items():
        uuid, _, rev = key.rpartition(".")
        revision = int(rev)
        record = store.get_visit(uuid, revision)
        if record is None:
            continue  # returned for a visit this laptop does not hold (another laptop's)
        later = [r for r in store.visits(household=record["household"])
                 if r["uuid"] == uuid and r["revision"] > revision]
        if any(f"{uuid}.{r['revision']}" in exported for r in later):
            continue  # the correction went back to the office
        draft = store.get_draft(uuid)
        state: ReturnState = "corrected" if later else ("correcting" if draft else "to_correct")
        out.append(Returned(key=key, uuid=uuid, revision=revision, household=record["household"],
                            form_id=record["form_id"], ended=record.get("ended") or "",
                            comment=str(row.get("comment") or ""), received=str(row.get("received") or ""),
                            state=state))
    return out


def returned_households(store: Any) -> dict[str, list[Returned]]:
    out: dict[str, list[Returned]] = {}
    for item in open_returns(store):
        out.setdefault(item.household, []).append(item)
    return out


def return_comment(store: Any, visit_uuid: str) -> str | None:
    """The supervisor's comment on an open return of this visit (to show above its correction)."""
    found = [r for r in open_returns(store) if r.uuid == visit_uuid]
    return found[-1].comment if found else None
