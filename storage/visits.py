"""Pure helpers for visits: slots in answers, the content hash, record keys. No I/O here."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

Slot = tuple[str | int, ...]

# The fields that make up a visit's content: the hash covers exactly these, so a record has
# the same hash on the device and at the office whatever bookkeeping each adds (acked, received).
# `register_base` (schema 2) is the version of the household's register entry the volunteer saw
# when the visit's register updates were set (0: the device held no entry for it).
# `corrected_at` is when a correction was finalized; a correction keeps the `ended` of
# the visit it corrects, because a visit belongs to the day it was made (its money stays there).
CONTENT_FIELDS = ("uuid", "revision", "supersedes", "household", "form_id", "form_version",
                  "volunteer", "device", "started", "ended", "answers", "register_updates",
                  "register_base", "corrected_at")
# Fields added after the first records were hashed: absent (None) they are left out of the hash,
# so the hashes older records are stored and acknowledged under stay true.
LATER_FIELDS = ("register_base", "corrected_at")


def now_iso() -> str:
    """The current time as ISO 8601 with the local UTC offset."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def record_key(uuid: str, revision: int) -> str:
    return f"{uuid}.{revision}"


def visit_hash(record: Mapping[str, Any]) -> str:
    content = {name: record.get(name) for name in CONTENT_FIELDS}
    for name in LATER_FIELDS:
        if content[name] is None:
            # Not recorded (a visit made before the field existed): hashed as it was then.
            del content[name]
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def set_slot(answers: dict[str, Any], slot: Slot, value: Any) -> None:
    """Set (or with value None, remove) the answer at `slot`, creating repeat rows as needed."""
    if not slot or not isinstance(slot[0], str):
        raise ValueError(f"bad slot {slot!r}")
    if len(slot) == 1:
        if value is None:
            answers.pop(slot[0], None)
        else:
            answers[slot[0]] = value
        return
    if len(slot) < 3 or not isinstance(slot[1], int) or slot[1] < 0:
        raise ValueError(f"bad slot {slot!r}")
    rows = answers.setdefault(slot[0], [])
    if not isinstance(rows, list):
        raise ValueError(f"slot {slot!r}: {slot[0]} is not a repeat")
    while len(rows) <= slot[1]:
        rows.append({})
    set_slot(rows[slot[1]], slot[2:], value)


def changed_slots(old: Any, new: Any, prefix: Slot = ()) -> list[tuple[Slot, Any, Any]]:
    """Every slot whose value differs between two answer sets: (slot, old, new)."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[tuple[Slot, Any, Any]] = []
        for name in sorted(set(old) | set(new), key=str):
            out += changed_slots(old.get(name), new.get(name), (*prefix, name))
        return out
    if isinstance(old, list) and isinstance(new, list):
        out = []
        for i in range(max(len(old), len(new))):
            out += changed_slots(old[i] if i < len(old) else None,
                                 new[i] if i < len(new) else None, (*prefix, i))
        return out
    if old == new or (old in (None, "") and new in (None, "")):
        return []
    return [(prefix, old, new)]
