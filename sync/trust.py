"""A device's trust in its office: `doorstep keys trust-office FILE [--replace]`.

A device may be created before the office's public key reaches it (`doorstep init device`
without `--office-key`); it trusts the office later from the file `doorstep keys show --export`
wrote at the office. The same key again changes nothing. A different key replaces the trusted
one only when asked (`replace=True`): a device that trusted the wrong file, or an office whose
keys had to be made anew. The replaced key file is kept beside the new one, never deleted.

Bundle sequence numbers count per office (docs/bundle-format.md), so on a replacement the
device's logs of bundles exported and assignments imported are stamped with the old office's
key id first, and from then on only the rows of the trusted office count. Stamping comes before
the new key is written: killed in between, the rows carry the old office's id while the old key
is still trusted, which is what an unstamped row means anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from doorstep.i18n import UserError
from doorstep.storage.atomic import write_atomic
from doorstep.storage.backend import StoreBackend
from doorstep.storage.home import Home
from doorstep.sync.identity import (
    OFFICE_FILE,
    PublicIdentity,
    ensure_recovery_key,
    load_office_key,
    read_office_key_file,
    write_public,
    writer_of,
)
from doorstep.sync.messages import msg
from doorstep.sync.tables import DEVICE_LOGS, OFFICE_STAMP


@dataclass(frozen=True)
class TrustResult:
    office: PublicIdentity
    changed: bool  # False: this key was trusted already
    replaced: PublicIdentity | None = None  # the office key trusted before, when replaced
    kept: Path | None = None  # where the replaced key file was kept


def trust_office(home: Home, key_file: Path, *, replace: bool = False,
                 store: StoreBackend | None = None) -> TrustResult:
    """Make a device trust the office whose public key `key_file` holds."""
    if home.kind != "device":
        raise UserError(msg("only_device", path=str(home.path)))
    office = read_office_key_file(key_file)
    path = home.keys_dir / OFFICE_FILE
    if not path.exists():
        write_public(path, office.to_json())
        ensure_recovery_key(home, office)
        return TrustResult(office=office, changed=True)
    try:
        current = load_office_key(home)
    except UserError:
        if not replace:  # a damaged office.json: replacing it is a deliberate act too
            raise
        current = None
    if current is not None and current.key_id == office.key_id:
        ensure_recovery_key(home, office)  # a laptop from before encryption gets it now
        return TrustResult(office=office, changed=False)
    if not replace:
        raise UserError(msg("office_key_differs", name=current.name if current else "?",
                            fingerprint=current.fingerprint if current else "?",
                            new=office.fingerprint))
    if current is not None:
        _stamp_logs(home, current.key_id, store)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = path.with_name(f"office-replaced-{stamp}.json")
    # Atomic, like every key file: killed mid-copy, no half-written key is left to be trusted.
    write_atomic(kept, path.read_bytes())
    write_public(path, office.to_json())
    ensure_recovery_key(home, office)
    return TrustResult(office=office, changed=True, replaced=current, kept=kept)


def _stamp_logs(home: Home, office_key_id: str, store: StoreBackend | None) -> None:
    with writer_of(home, store) as store, store.transaction():
        for name in DEVICE_LOGS:
            table = store.table(name)
            ids = [row.doc_id for row in table.all() if OFFICE_STAMP not in row]
            if ids:
                table.update({OFFICE_STAMP: office_key_id}, doc_ids=ids)
