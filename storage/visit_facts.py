"""A month of visits boiled down to what a report looks back for, kept beside the month's file.

A summary of one year still needs a few things from the other years' visits (the latest house
inspection before the year, a follow-up answered after it, a death found by a later visit); those
are a small part of each month. And of its own year's months it reads a few fields and answers
of each visit (reports.summary_records). Unsealing and parsing every month whole cost most of a
summary's time, so what a report keeps of a month is kept in a file of its own, sealed like
every other file, under `cache/visit-facts/<tag>/` in the home.

The file is derived, never data: it names a digest of the month's file as stored (of a sealed
file's nonce, tag and size: see _fingerprint) and the reducer's tag, and is used only while both
match, so a merge, a review or an upgrade that rewrites the month makes it stale by itself, with
nothing to keep up to date. A missing, damaged or stale one is made again from the month; one
that cannot be written (a read-only folder) only costs the time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from doorstep.i18n import UserError
from doorstep.storage.files import HomeFiles, make_private_dir
from doorstep.storage.seal import MAGIC, NONCE_LEN, TAG_LEN, is_sealed

CACHE_DIR = ("cache", "visit-facts")
Reducer = Callable[[Iterable[Mapping[str, Any]]], Any]   # records -> any JSON value


def cache_dir(home_path: Path) -> Path:
    return home_path.joinpath(*CACHE_DIR)


def month_facts(files: HomeFiles, month_file: Path, cache_file: Path, reduce: Reducer, tag: str,
                memo: dict[str, Any] | None = None) -> Any:
    """What `reduce` keeps of the records in `month_file`, from the cache while it matches.

    `memo` (a dict the caller keeps) holds the records of the last month read here, by its
    digest: a summary asks for two tallies of a month just merged into, and reads it once."""
    try:
        handle = open(month_file, "rb")  # noqa: SIM115 - read on below if the cache is stale
    except FileNotFoundError:
        return reduce(())
    records: list[Any] | None = None
    with handle:
        month_digest, raw = _fingerprint(handle)
        digest = month_digest + ":" + tag
        with contextlib.suppress(OSError, UserError, ValueError):
            kept = files.read_json(cache_file)
            if isinstance(kept, dict) and kept.get("source") == digest and "facts" in kept:
                return kept["facts"]
        if memo is not None and memo.get("source") == month_digest:
            records = memo["records"]
        elif raw is None:  # the same file as the digest names, even if a writer replaced it since
            handle.seek(0)
            raw = handle.read()
    if records is None:
        try:
            records = list(json.loads(files.unseal(raw or b"").decode("utf-8")).values())
        except ValueError:  # damaged: refused as any reader refuses it, naming the file
            return reduce(files.read_json(month_file).values())
        if memo is not None:
            memo.clear()
            memo.update(source=month_digest, records=records)
    facts = reduce(records)
    with contextlib.suppress(OSError):
        make_private_dir(cache_file.parent)
        files.write_json(cache_file, {"source": digest, "facts": facts})
    return facts


def _fingerprint(handle: BinaryIO) -> tuple[str, bytes | None]:
    """A digest that changes whenever the file's content does, and the file's bytes if they had
    to be read whole for it. A sealed file is named by its ends: its nonce is new at every write
    and its GCM tag authenticates every byte (storage.seal), so the ends and the size tell one
    content from another without hashing a month of visits at every summary."""
    head = handle.read(len(MAGIC) + NONCE_LEN)
    if is_sealed(head):
        size = handle.seek(0, os.SEEK_END)
        handle.seek(max(size - TAG_LEN, len(head)))
        named = b"sealed:" + head + handle.read() + str(size).encode()
        return hashlib.blake2b(named, digest_size=20, person=b"visit-facts").hexdigest(), None
    raw = head + handle.read()
    return hashlib.blake2b(raw, digest_size=20, person=b"visit-facts").hexdigest(), raw
