"""Assignment bundles: written at the office (`doorstep assign`), applied on a device
(`doorstep bundle import FILE`).

An assignment carries the households a device is to visit with their register entries (and the
office's version of each, which the device remembers so that the register changes its visits
propose say which version they were based on), the forms (id and version; the source text of a
form that is not built in), acknowledgements of every visit the office received from that device
(they leave the device's outbox), and visits the office returned with a comment.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from doorstep.i18n import UserError
from doorstep.storage import qrid
from doorstep.storage.atomic import write_atomic
from doorstep.storage.backend import StoreBackend
from doorstep.storage.home import Home
from doorstep.storage.records import RegisterEntry
from doorstep.storage.store import ENTRY_FIELDS, clean_entry
from doorstep.storage.visits import now_iso
from doorstep.sync.content import SchemaError, assignment_counts, check_assignment_content, refuse
from doorstep.sync.devices import device_by_name
from doorstep.sync.envelope import (
    BundleRefused,
    Opened,
    content_hash,
    header_for,
    open_bundle,
    plaintext_of,
    read_limited,
    seal,
)
from doorstep.sync.identity import Identity, load_identity, load_office_key, writer_of
from doorstep.sync.messages import CountsText, msg
from doorstep.sync.outbox import bundle_file_name
from doorstep.sync.tables import (
    ASSIGNMENTS,
    BUNDLES,
    FORMS,
    IMPORTS,
    OFFICE_STAMP,
    REGISTER_BASE,
    RETURNED,
    RETURNS,
    SENT_ENTRIES,
    SENT_FORMS,
    of_office,
)

CUSTOM_FORMS_DIR = "forms"  # office: <home>/forms/*.toml are sent with every assignment


@dataclass
class AssignResult:
    path: Path
    id: str
    sequence: int
    device: str
    households: int
    acknowledgements: int
    forms: int


@dataclass
class ImportResult:
    id: str
    sequence: int
    already: bool
    households: int = 0
    added: int = 0
    changed: int = 0
    acknowledged: int = 0
    forms: int = 0
    returned: int = 0


# ------------------------------------------------------------------ office


def return_visit(store: StoreBackend, key: str, comment: str) -> None:
    """Office: send a visit back to its volunteer with a comment, in the next assignment."""
    table = store.table(RETURNS)
    with store.transaction():
        for row in table.find("key", [key]):
            table.update({"comment": comment}, doc_ids=[row.doc_id])
            return
        table.insert({"key": key, "comment": comment})


def _forms(home: Home) -> list[dict[str, Any]]:
    from doorstep.survey.builtin import builtin_forms
    from doorstep.survey.form import load_form
    from doorstep.sync.forms import current_form_files

    forms = [{"id": f.id, "version": str(f.version), "source": None} for f in builtin_forms().values()]
    for path in current_form_files(home):
        form = load_form(path)  # a broken form is reported before anything is written
        forms.append({"id": form.id, "version": str(form.version),
                      "source": path.read_text(encoding="utf-8")})
    return sorted(forms, key=lambda f: (f["id"], f["version"]))


def write_assignment(
    home: Home, device_name: str, villages: list[str], out_dir: Path, *, store: StoreBackend | None = None,
    now: str | None = None,
) -> AssignResult:
    """Write an assignment bundle for one device. `now` (ISO time) stands in for the clock, so
    that generated histories can be dated in the past."""
    if home.kind != "office":
        raise UserError(msg("only_office", path=str(home.path)))
    me = load_identity(home)
    forms = _forms(home)
    with writer_of(home, store) as store:
        device = device_by_name(store, device_name)
        entries = [e for e in store.entries() if not villages or e.get("village") in villages]
        if villages and not entries:
            known = "、".join(sorted({e.get("village") or "" for e in store.entries()} - {""})) or "-"
            raise UserError(msg("no_households", villages=", ".join(villages), known=known))
        received = sorted({key for row in store.table(BUNDLES).all() if row["sender"] == device.key_id
                           for key in row["keys"]})
        acked = set(received)
        returned = sorted(({"key": r["key"], "comment": r["comment"]} for r in store.table(RETURNS).all()
                           if r["key"] in acked), key=lambda r: r["key"])
        content: dict[str, Any] = {
            "device": device.key_id,
            "households": [e["id"] for e in entries],
            "entries": sorted((_sent_entry(e) for e in entries), key=lambda e: e["id"]),
            "forms": forms,
            "acknowledgements": received,
            "returned": returned,
        }
        try:
            check_assignment_content(content)
        except SchemaError as exc:
            raise UserError(msg("export_bad_visit", where=exc.where, what=exc.what)) from None
        plaintext = plaintext_of("assignment", content, me, device)
        digest = content_hash(plaintext)
        log = [r for r in store.table(ASSIGNMENTS).all() if r["device"] == device.key_id]
        earlier = next((r for r in log if r["content_hash"] == digest), None)
        sequence = earlier["sequence"] if earlier else max((r["sequence"] for r in log), default=0) + 1
        created = earlier["created"] if earlier else (now or now_iso())
        header = header_for("assignment", plaintext, me, device, sequence=sequence, created=created,
                            counts=assignment_counts(content))
        data = seal(header, plaintext, me, device)
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / bundle_file_name("assignment", me.public.key_id, sequence, header["id"])
        if not (path.exists() and path.read_bytes() == data):
            write_atomic(path, data)
        with store.transaction():
            _remember_sent(store, content["entries"])
            _remember_forms(store, forms)
            if earlier is None:
                store.table(ASSIGNMENTS).insert({
                    "device": device.key_id, "sequence": sequence, "id": header["id"],
                    "content_hash": digest, "created": created, "households": content["households"],
                })
    return AssignResult(path=path, id=header["id"], sequence=sequence, device=device.name,
                        households=len(content["households"]), acknowledgements=len(received),
                        forms=len(forms))


def _sent_entry(entry: RegisterEntry) -> dict[str, Any]:
    """An entry as an assignment carries it: its id, the office's version, its fields."""
    return {"id": entry["id"], "version": entry.get("version", 1),
            **{f: entry.get(f) for f in ENTRY_FIELDS if entry.get(f) is not None}}


def _remember_forms(store: StoreBackend, forms: list[dict[str, Any]]) -> None:
    """Keep every custom form sent (its text): visits on it, even once the office's folder holds
    a newer version, are checked against the version they name (sync.form_fit)."""
    table = store.table(SENT_FORMS)
    have = {(row["id"], row["version"]) for row in table.all()}
    new = [dict(f) for f in forms if f["source"] is not None and (f["id"], f["version"]) not in have]
    if new:
        table.insert_multiple(new)


def _remember_sent(store: StoreBackend, entries: list[dict[str, Any]]) -> None:
    """Keep the fields of every version of an entry sent to a device: a visit's register base
    names one of them, and the merge compares each proposed field with its value there."""
    table = store.table(SENT_ENTRIES)
    have = {(row["household"], row["version"]) for row in table.all()}
    new = [{"household": e["id"], "version": e["version"],
            "fields": {f: e[f] for f in ENTRY_FIELDS if f in e}}
           for e in entries if (e["id"], e["version"]) not in have]
    if new:
        table.insert_multiple(new)


# ------------------------------------------------------------------ device


def import_assignment(home: Home, path: Path, *, store: StoreBackend | None = None,
                      now: str | None = None) -> ImportResult:
    """Apply an assignment bundle on a device, in one transaction (`now`: as for write_assignment)."""
    if home.kind != "device":
        raise UserError(msg("only_device", path=str(home.path)))
    me = load_identity(home)
    office = load_office_key(home)
    data = read_limited(path)
    opened = open_bundle(data, me, {office.key_id: office}, path)
    content = check_assignment(opened, me, path)
    with writer_of(home, store) as store:
        log = of_office(store.table(IMPORTS).all(), office.key_id)
        if any(row["id"] == opened.id for row in log):
            return ImportResult(id=opened.id, sequence=opened.sequence, already=True)
        latest = max((row["sequence"] for row in log), default=0)
        if opened.sequence <= latest:
            raise BundleRefused("old_assignment", path, sequence=opened.sequence, latest=latest)
        at = now or now_iso()
        with store.transaction():
            # The office's versions are kept, so that the base a visit records is the office's.
            upsert = store.upsert_entries(content["entries"], keep_versions=True)
            _remember_versions(store, content["entries"], at)  # estimates for older visits
            store.set_assignment(content["households"], source=opened.id)
            acknowledged = store.acknowledge(content["acknowledgements"])
            custom = [f for f in content["forms"] if f["source"] is not None]
            _keep_forms(store, custom)
            _keep_returned(store, content["returned"], at)
            store.table(IMPORTS).insert({"id": opened.id, "sequence": opened.sequence,
                                         "created": opened.header["created"], "imported": at,
                                         OFFICE_STAMP: office.key_id})
    return ImportResult(
        id=opened.id, sequence=opened.sequence, already=False, households=len(content["households"]),
        added=len(upsert.added), changed=len(upsert.changed), acknowledged=acknowledged,
        forms=len(content["forms"]), returned=len(content["returned"]),
    )


def check_assignment(opened: Opened, me: Identity, path: Path | str) -> dict[str, Any]:
    """Every check of an opened assignment that needs no store (import and verify make them):
    its kind, the schema, the header's counts against the content, that it is for this device,
    and that the register takes every entry as it is. Raises BundleRefused."""
    if opened.kind != "assignment":
        raise BundleRefused("wrong_kind", path, expected="assignment", found=opened.kind)
    try:
        content = check_assignment_content(opened.content)
    except SchemaError as exc:
        raise refuse(exc, path) from None
    told, counted = dict(opened.header["counts"]), assignment_counts(content)
    if told != counted:
        raise BundleRefused("assignment_counts", path, told=CountsText(told), counted=CountsText(counted))
    if content["device"] != me.public.key_id:
        raise BundleRefused("assignment_elsewhere", path)
    for index, entry in enumerate(content["entries"]):
        # Checked here rather than met half-way through the import's transaction, where the
        # register's own message would name neither the bundle nor the household.
        try:
            if not (qrid.is_valid(entry["id"]) and qrid.normalize(entry["id"]) == entry["id"]):
                raise UserError(msg("entry_not_qr_id"))
            clean_entry(entry, any_day=True)
        except UserError as exc:
            raise BundleRefused("bad_entry", path, n=index + 1, household=entry["id"], why=exc) from None
    return content


def _remember_versions(store: StoreBackend, entries: list[dict[str, Any]], at: str) -> None:
    table = store.table(REGISTER_BASE)
    rows = {row["household"]: row for row in table.all()}
    new = []
    for entry in entries:
        row = rows.get(entry["id"])
        if row is None:
            new.append({"household": entry["id"], "versions": [[at, entry["version"]]]})
        elif row["versions"][-1][1] != entry["version"]:
            table.update({"versions": [*row["versions"], [at, entry["version"]]]}, doc_ids=[row.doc_id])
    if new:
        table.insert_multiple(new)


def _keep_forms(store: StoreBackend, forms: list[dict[str, Any]]) -> None:
    table = store.table(FORMS)
    have = {(row["id"], row["version"]) for row in table.all()}
    new = [f for f in forms if (f["id"], f["version"]) not in have]
    if new:
        table.insert_multiple(new)


def _keep_returned(store: StoreBackend, returned: list[dict[str, Any]], at: str) -> None:
    table = store.table(RETURNED)
    have = {(row["key"], row["comment"]) for row in table.all()}
    new = [r | {"received": at} for r in returned if (r["key"], r["comment"]) not in have]
    if new:
        table.insert_multiple(new)
