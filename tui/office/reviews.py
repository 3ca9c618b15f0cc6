"""Review states of received visits, as ODK Central has them for submissions.

A visit arrives *received*; the supervisor marks it *has issues*, *approves* it, or *returns* it
to its volunteer with a comment. The state is kept per record key (`<uuid>.<revision>`) in the
office's own table `office_reviews`, so a correction (a new revision) arrives as received again
and is reviewed afresh. Returning goes through sync.assignment.return_visit, which puts the
visit and its comment into the next assignment bundle written for its device.

sync offers no call to take a return back; when a returned visit is approved or marked
otherwise before its assignment is written, the row is removed from sync's `sync_returns` table
here (see the module's one function that does it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from doorstep.i18n import Message, UserError
from doorstep.storage.backend import StoreBackend
from doorstep.storage.records import VisitRecord
from doorstep.storage.visits import record_key
from doorstep.tui.office.messages import MESSAGES

REVIEWS = "office_reviews"
ReviewState = Literal["received", "has_issues", "approved", "returned"]
STATES: tuple[ReviewState, ...] = ("received", "has_issues", "approved", "returned")
MARK = {"received": "○", "has_issues": "!", "approved": "✓", "returned": "↩"}


@dataclass(frozen=True)
class ReviewRow:
    key: str
    uuid: str
    revision: int
    household: str
    name: str
    village: str
    form_id: str
    volunteer: str
    device_name: str
    ended: str
    state: ReviewState
    comment: str
    after_return: bool = False  # a correction of a revision the supervisor returned


def reviews_by_key(store: StoreBackend) -> dict[str, dict[str, Any]]:
    return {row["key"]: dict(row) for row in store.table(REVIEWS).all()}


def latest_records(store: StoreBackend) -> list[VisitRecord]:
    """The latest revision of every visit, newest first (by when it ended)."""
    records = store.visits(latest_only=True)
    return sorted(records, key=lambda r: (r.get("ended") or "", r.get("key") or ""), reverse=True)


def review_rows(store: StoreBackend) -> list[ReviewRow]:
    reviews = reviews_by_key(store)
    entries = {e["id"]: e for e in store.entries()}  # one copy of the register, not one per visit
    returned: dict[str, int] = {}  # uuid -> the lowest revision the supervisor returned
    for key, review in reviews.items():
        was_returned = review.get("state") == "returned" or any(
            h.get("state") == "returned" for h in review.get("history", []))
        uuid, _, revision = key.rpartition(".")
        if was_returned and revision.isdigit():
            returned[uuid] = min(returned.get(uuid, int(revision)), int(revision))
    rows = []
    for record in latest_records(store):
        key = record.get("key") or record_key(record["uuid"], int(record.get("revision", 1)))
        entry: Mapping[str, Any] = entries.get(record.get("household", "")) or {}
        review = reviews.get(key, {})
        rows.append(
            ReviewRow(
                key=key,
                uuid=record["uuid"],
                revision=int(record.get("revision", 1)),
                household=record.get("household", ""),
                name=entry.get("name", ""),
                village=entry.get("village", ""),
                form_id=record.get("form_id", ""),
                volunteer=record.get("volunteer") or "",
                device_name=record.get("device_name") or "",
                ended=record.get("ended") or "",
                state=review.get("state", "received"),
                comment=review.get("comment", ""),
                after_return=int(record.get("revision", 1)) > returned.get(record["uuid"], 1 << 30),
            )
        )
    return rows


def review_of(store: StoreBackend, key: str) -> dict[str, Any]:
    return reviews_by_key(store).get(key, {"key": key, "state": "received", "comment": ""})


def set_review(store: StoreBackend, key: str, state: ReviewState, comment: str = "", *,
               at: str, who: str) -> None:
    """Record the review of one visit record, in one transaction; returning needs a comment."""
    if state not in STATES:
        raise ValueError(state)
    comment = comment.strip()
    if state == "returned" and not comment:
        raise UserError(Message(MESSAGES, "return_needs_comment", {}))
    if not store.has_visit_record(key):
        raise UserError(Message(MESSAGES, "visit_not_found", {"key": key}))
    from doorstep.sync.assignment import return_visit

    table = store.table(REVIEWS)
    row = {"key": key, "state": state, "comment": comment, "at": at, "who": who}
    with store.transaction():
        # By the key alone (an index on PostgreSQL): the table grows with every review.
        existing = table.find("key", [key])
        history = []
        if existing:
            old: Mapping[str, Any] = existing[0]
            history = list(old.get("history", [])) + [
                {k: old.get(k) for k in ("state", "comment", "at", "who")}
            ]
            table.update({**row, "history": history}, doc_ids=[existing[0].doc_id])
        else:
            table.insert({**row, "history": history})
        if state == "returned":
            return_visit(store, key, comment)
        else:
            _withdraw_returns(store, [key])


def _withdraw_returns(store: StoreBackend, keys: Iterable[str]) -> None:
    """Take visits out of sync's list of visits to return (sync has no call for it yet)."""
    from doorstep.sync.assignment import RETURNS

    wanted = set(keys)
    table = store.table(RETURNS)
    doc_ids = [row.doc_id for row in table.find("key", wanted)]
    if doc_ids:
        table.remove(doc_ids=doc_ids)
