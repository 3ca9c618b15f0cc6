"""The store's schema version and the upgrades from older ones.

The version lives in the `_meta` table. A store from an older doorstep is upgraded when opened
for writing, after its file is copied to `store.json.schema-v<N>.bak`; a reader upgrades only
its copy in memory. A store from a newer doorstep is refused: guessing at a format we do not
know could lose data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from doorstep.i18n import Message, UserError
from doorstep.storage.messages import MESSAGES
from doorstep.storage.visits import record_key, visit_hash

SCHEMA_VERSION = 5
META_TABLE = "_meta"
META_DOC = "1"

Data = dict[str, Any]


def schema_of(data: Data) -> int:
    meta = data.get(META_TABLE, {}).get(META_DOC)
    if not meta:
        return 0  # written before the schema was versioned
    version = meta.get("schema")
    return version if isinstance(version, int) else 0


def _v0_to_v1(data: Data) -> Data:
    # Version 0 kept one record per visit, without revisions, keys, hashes or acknowledgement.
    for doc in data.get("visits", {}).values():
        doc.setdefault("revision", 1)
        doc.setdefault("supersedes", None)
        doc.setdefault("register_updates", {})
        doc.setdefault("status", "finalized")
        doc.setdefault("acked", False)
        doc.setdefault("received", None)
        doc["key"] = record_key(doc["uuid"], doc["revision"])
        doc["hash"] = visit_hash(doc)
    for doc in data.get("register", {}).values():
        doc.setdefault("version", 1)
        doc.setdefault("members", [])
    return data


def _v1_to_v2(data: Data) -> Data:
    # Version 2 records the register base of each visit (storage.visits.CONTENT_FIELDS). Visits
    # made before have none: None, which keeps their hash. An office's copy of a visit may hold a
    # `register_base` a device estimated when sending it; that was never part of the content (the
    # hash did not cover it), so it moves to `register_base_estimate` rather than being lost.
    for doc in data.get("visits", {}).values():
        estimate = doc.get("register_base")
        if estimate is not None:
            doc["register_base_estimate"] = estimate
        doc["register_base"] = None
    return data


# Version 3's register entries say whether the person is alive, when they died and whether they
# are still entitled (storage.store.ENTRY_DEFAULTS). Everyone on an older register counted as
# alive and entitled; the entries say so now, without a version bump or an audit row (nothing
# about the person changed).
REGISTER_DEFAULTS_V3 = {"status": "alive", "death_date": "", "entitled": "yes"}


def _v2_to_v3(data: Data) -> Data:
    for doc in data.get("register", {}).values():
        for name, value in REGISTER_DEFAULTS_V3.items():
            doc.setdefault(name, value)
    return data


def _v3_to_v4(data: Data) -> Data:
    # Version 4's corrections record `corrected_at` and keep the visit's `ended`; records made
    # before have none, which keeps their hash (storage.visits.LATER_FIELDS) and lets reports date
    # an older correction by its first revision. Nothing to rewrite: the bump is there so that an
    # older doorstep, which would hash a new correction without its `corrected_at`, refuses the
    # store instead of exporting corrections the office would refuse.
    return data


def _v4_to_v5(data: Data) -> Data:
    # Version 5 rewrites no record. Its visit index may hold lines of runs (storage.visit_index),
    # which a doorstep of version 4 would fail on, a traceback, had it not refused the store in
    # words first: the bump is for that refusal. A laid-out store of version 4 is marked 5 by
    # its first writer (storage.store), before it appends any such line.
    return data


UPGRADES: dict[int, Callable[[Data], Data]] = {0: _v0_to_v1, 1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4,
                                               4: _v4_to_v5}


def check_not_newer(data: Data, file: str) -> int:
    version = schema_of(data)
    if version > SCHEMA_VERSION:
        raise UserError(Message(MESSAGES, "store_too_new",
                                {"file": file, "found": version, "supported": SCHEMA_VERSION}))
    return version


def upgrade(data: Data) -> Data:
    version = schema_of(data)
    while version < SCHEMA_VERSION:
        data = UPGRADES[version](data)
        version += 1
    meta = data.setdefault(META_TABLE, {}).setdefault(META_DOC, {})
    meta["schema"] = SCHEMA_VERSION
    return data


def empty_store(kind: str) -> Data:
    return {META_TABLE: {META_DOC: {"schema": SCHEMA_VERSION, "kind": kind}}}
