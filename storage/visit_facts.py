"""A month of visits boiled down to what a report looks back for, kept beside the month's file.

A summary of one year still needs a few things from the other years' visits (the latest house
inspection before the year, a follow-up answered after it, a death found by a later visit); those
are a small part of each month. Unsealing and parsing every month for them cost the summary twice
the reading of its own year, so the part a report needs is kept in a file of its own, sealed like
every other file, under `cache/visit-facts/` in the home.

The file is derived, never data: it names the digest of the month's file (as stored, sealed) and
of the reducer's tag, and is used only while both match, so a merge, a review or an upgrade
that rewrites the month makes it stale by itself, with nothing to keep up to date. A missing,
damaged or stale one is made again from the month; one that cannot be written (a read-only
folder) only costs the time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from doorstep.i18n import UserError
from doorstep.storage.files import HomeFiles, make_private_dir

CACHE_DIR = ("cache", "visit-facts")
Reducer = Callable[[Iterable[Mapping[str, Any]]], Any]   # records -> any JSON value


def cache_dir(home_path: Path) -> Path:
    return home_path.joinpath(*CACHE_DIR)


def month_facts(files: HomeFiles, month_file: Path, cache_file: Path, reduce: Reducer, tag: str) -> Any:
    """What `reduce` keeps of the records in `month_file`, from the cache while it matches."""
    try:
        raw = month_file.read_bytes()
    except FileNotFoundError:
        return reduce(())
    digest = hashlib.blake2b(raw, digest_size=20, person=b"visit-facts").hexdigest() + ":" + tag
    with contextlib.suppress(OSError, UserError, ValueError):
        kept = files.read_json(cache_file)
        if isinstance(kept, dict) and kept.get("source") == digest and "facts" in kept:
            return kept["facts"]
    try:
        table = json.loads(files.unseal(raw).decode("utf-8"))
    except ValueError:  # damaged: refused as any reader refuses it, naming the file
        return reduce(files.read_json(month_file).values())
    facts = reduce(table.values())
    with contextlib.suppress(OSError):
        make_private_dir(cache_file.parent)
        files.write_json(cache_file, {"source": digest, "facts": facts})
    return facts
