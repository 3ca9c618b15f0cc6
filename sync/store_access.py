"""The few store operations sync/ needs that storage's documented API does not offer yet.

Kept in one place so that they are easy to replace once storage offers them.
"""

from __future__ import annotations

import copy
from typing import Any

from storage.visits import record_key, visit_hash


def replace_visit_record(store: Any, record: dict[str, Any]) -> None:
    """Office: put `record` in the place of the stored record with the same key.

    The merge keeps, of several contents under one key, the one with the smallest hash in the
    visits table (and the others as conflicts), so that the outcome does not depend on the order
    bundles arrive in; when a smaller hash arrives later, it must take the stored one's place.
    storage has no public call for this (add_received_visits skips a key it holds), so it is done
    on the TinyDB table directly, under the store's transaction, keeping the same document id so
    that the store's indexes stay right.
    """
    replace = getattr(store, "replace_received_visit", None)
    if callable(replace):
        replace(record)
        return
    key = record_key(record["uuid"], int(record["revision"]))
    doc_id = store._visit_index[key]  # noqa: SLF001 - see the docstring
    table = store.db.table("visits")
    current = table.get(doc_id=doc_id)
    doc = copy.deepcopy(dict(record))
    doc.update({
        "key": key,
        "status": "finalized",
        "hash": visit_hash(doc),
        "received": current.get("received") if current else None,
        "acked": True,
    })

    def swap(stored: dict[str, Any]) -> None:
        stored.clear()
        stored.update(doc)

    table.update(swap, doc_ids=[doc_id])
