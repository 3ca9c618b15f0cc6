"""The inbox: bundle files waiting to be merged, described from their clear, signed header.

Listing a file verifies its signature (sync.envelope.verified_outer) but decrypts nothing: the
header holds the sender's key id, the sequence number, when it was sealed and the counts, and
no personal data. A file that is not a bundle from an enrolled device is listed with the reason
sync gives, so the supervisor sees it before merging.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from doorstep.i18n import Lang, UserError
from doorstep.storage.backend import StoreBackend
from doorstep.storage.home import Home
from doorstep.sync.devices import known_devices
from doorstep.sync.envelope import read_limited, verified_outer
from doorstep.sync.identity import load_identity
from doorstep.sync.merge import BUNDLES, collect_files


@dataclass(frozen=True)
class InboxFile:
    path: Path
    sender: str = ""  # the device's name as enrolled here
    sequence: int | None = None
    created: str = ""  # ISO time the bundle was sealed
    visits: int | None = None
    merged: bool = False  # this very bundle was merged before
    problem: str | None = None  # why it would be refused (or skipped), in the session's language
    skipped: bool = False  # not for merging here (the office's own assignment bundle): passed over


def resolve_folder(text: str, home_path: Path) -> Path:
    """A folder as typed: `~` expanded; a relative one is inside the office's home folder."""
    path = Path(text.strip()).expanduser()
    return path if path.is_absolute() else home_path / path


def shown_folder(path: Path, home_path: Path) -> str:
    """A folder as shown: relative to the home folder when it is inside it."""
    try:
        return str(path.relative_to(home_path))
    except ValueError:
        return str(path)


def list_inbox(folder: Path, home: Home, store: StoreBackend, lang: Lang) -> list[InboxFile]:
    """Every *.json file in `folder` (recursively, sorted by name), described."""
    if not folder.is_dir():
        return []
    me = load_identity(home)
    devices = known_devices(store)
    merged_ids = {row["id"] for row in store.table(BUNDLES).pick(("id",))}  # not every key they carried
    out = []
    for path in collect_files([folder]):
        try:
            sender_id, sender, outer = verified_outer(read_limited(path), devices, path, me=me)
        except UserError as exc:
            out.append(InboxFile(path=path, problem=_reason(exc, lang), skipped=not_for_merging(exc)))
            continue
        found = outer.get("header")
        header: dict[str, Any] = found if isinstance(found, dict) else {}
        found = header.get("counts")
        counts: dict[str, Any] = found if isinstance(found, dict) else {}
        sequence = header.get("sequence")
        visits = counts.get("visits")
        corrections = counts.get("corrections")
        total = visits + corrections if isinstance(visits, int) and isinstance(corrections, int) else visits
        out.append(
            InboxFile(
                path=path,
                sender=sender.name,
                sequence=sequence if isinstance(sequence, int) else None,
                created=str(header.get("created") or ""),
                visits=total if isinstance(total, int) else None,
                merged=header.get("id") in merged_ids,
            )
        )
    return out


def not_for_merging(exc: UserError) -> bool:
    """sync's word on whether a refusal only means "not the office's to merge" (an assignment it
    sealed itself, lying on the same stick); such files are skipped by a merge of a folder."""
    try:
        from doorstep.sync.merge import not_for_merging as sync_says
    except ImportError:  # a sync without the notion: every refusal is a refusal
        return False
    return bool(sync_says(exc))


def _reason(exc: UserError, lang: Lang) -> str:
    """sync's reason without the file's name (the list already shows it)."""
    from doorstep.sync.envelope import BundleRefused

    if isinstance(exc, BundleRefused):
        return super(BundleRefused, exc).render(lang)
    return exc.render(lang)
