"""The office's list of enrolled devices (`doorstep device add FILE`, `doorstep device list`).

Kept in the store's own table `sync_devices`, one row per device key. A bundle from a key not in
this list is refused. Names are unique: a second key under a name already taken is refused rather
than silently replacing the first (that could be someone impersonating a laptop).

Each row also binds the device's home id (`homes`: the `device` its visits carry, from its key
file) to its key, so that the merge can refuse a visit a device did not record itself. A home id
belongs to one key only. The same key enrolled again from a home of another id (its keys restored
into a new home) adds that id. A row enrolled from a key file without a home id (written before
doorstep knew it) learns the id from the device's first merged bundle.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from doorstep.i18n import UserError
from doorstep.storage.backend import StoreBackend
from doorstep.storage.home import Home
from doorstep.sync.identity import PublicIdentity, load_public_identity, read_public_key_file
from doorstep.sync.messages import msg
from doorstep.sync.tables import DEVICES


def _require_office(home: Home) -> None:
    if home.kind != "office":
        raise UserError(msg("only_office", path=str(home.path)))


def add_device(home: Home, key_file: Path) -> tuple[PublicIdentity, bool]:
    """Register the device whose public key `key_file` holds. Returns (device, added)."""
    _require_office(home)
    device = read_public_key_file(key_file)
    if device.role != "device":
        raise UserError(msg("key_file_not_device", path=str(key_file), role=device.role, name=device.name))
    if device.key_id == load_public_identity(home).key_id:
        raise UserError(msg("device_is_office"))
    with home.writer() as store:
        return device, add_device_to_store(store, device)


def add_device_to_store(store: StoreBackend, device: PublicIdentity) -> bool:
    table = store.table(DEVICES)
    rows = table.all()
    for row in rows:
        if row["key_id"] != device.key_id and device.home and device.home in row_homes(row):
            raise UserError(msg("device_home_taken", name=device.name, other=row["name"]))
    for row in rows:
        if row["key_id"] == device.key_id:
            if device.home and device.home not in row_homes(row):
                with store.transaction():
                    table.update({"homes": [*row_homes(row), device.home]}, doc_ids=[row.doc_id])
            return False
        if row["name"] == device.name:
            raise UserError(msg("device_name_taken", name=device.name, fingerprint=row["fingerprint"]))
    with store.transaction():
        table.insert(device.to_json() | {
            "key_id": device.key_id,
            "homes": [device.home] if device.home else [],
            "registered": datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
        })
    return True


def row_homes(row: dict[str, Any]) -> list[str]:
    """The home ids bound to an enrolled device's key."""
    return list(row.get("homes") or ([row["home"]] if row.get("home") else []))


def device_homes(store: StoreBackend) -> dict[str, set[str]]:
    """key id -> the home ids bound to it (empty: enrolled before key files named their home)."""
    return {row["key_id"]: set(row_homes(row)) for row in store.table(DEVICES).all()}


def bind_homes(store: StoreBackend, key_id: str, homes: set[str]) -> None:
    """Bind home ids learned from a device's first bundle to its key (inside the merge's transaction)."""
    table = store.table(DEVICES)
    for row in table.all():
        if row["key_id"] == key_id:
            table.update({"homes": sorted({*row_homes(row), *homes})}, doc_ids=[row.doc_id])


def device_rows(store: StoreBackend) -> list[dict[str, Any]]:
    return sorted((dict(r) for r in store.table(DEVICES).all()), key=lambda r: r["name"])


def known_devices(store: StoreBackend) -> dict[str, PublicIdentity]:
    """key id -> public identity of every enrolled device."""
    out = {}
    for row in store.table(DEVICES).all():
        device = PublicIdentity.from_json({k: v for k, v in row.items()
                                           if k not in ("key_id", "registered", "homes")})
        out[device.key_id] = device
    return out


def device_by_name(store: StoreBackend, name: str) -> PublicIdentity:
    for key_id, device in known_devices(store).items():
        if device.name == name or key_id == name:
            return device
    known = "、".join(sorted(d.name for d in known_devices(store).values())) or "-"
    raise UserError(msg("unknown_device", name=name, known=known))
