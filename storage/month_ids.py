"""The last document id of each month of visits (`month_ids.json`, storage.layout.MONTH_IDS).

A merge adds its visits to a month or two of 2 MB each at 100,000 visits. TinyDB gives a new row
the month's highest document id plus one, and finds it by reading the month: parsing 2 MB of
JSON to add 25 rows. With the highest id at hand the rows are spliced into the month's bytes
unread (storage.layout.TableFiles.append_unread), as TinyDB would have numbered them.

An entry is `{"last": highest id in the month's file, "digest": a SHA-256 of that file's content}`,
written in the commit that writes the month, so the two never disagree on disk. It is believed
only while the month's file is the one it was written for (the digest matches its content,
hashed in a millisecond or two): a month written by an older doorstep, restored from a backup
by hand, or never written since this file existed, is read as before, and its entry written at
the commit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:32]


def entry(content: bytes, last: int) -> dict[str, Any]:
    """The entry of a month whose file holds `content`, its highest document id `last`."""
    return {"last": last, "digest": digest(content)}


def last_id(found: Any, content: bytes) -> int | None:
    """The highest document id of a month whose file holds `content`, from its entry `found`; None
    when there is no entry or it was written for another content."""
    if not isinstance(found, Mapping) or found.get("digest") != digest(content):
        return None
    last = found.get("last")
    return last if isinstance(last, int) and not isinstance(last, bool) and last >= 0 else None
