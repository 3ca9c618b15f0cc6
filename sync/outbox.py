"""Device side: export the outbox as a visits bundle (`doorstep bundle export --out DIR`).

A bundle holds every finalized visit and correction the office has not acknowledged. Its id is
a hash of its content, and the same content is always sealed with the same sequence number and
creation time (kept in the device's `sync_exports` log), so exporting the same outbox twice gives
the same file, byte for byte. When every visit in the outbox has already gone out in an earlier
bundle, nothing is written unless `again` is asked (for a stick that was lost).

A kill cannot split an export: the log row (sequence, time, content hash, visit keys) is written
before the file, and marked `written` after it. An export finds a row never marked (killed
between the two) and writes that bundle first, derived again from its visits to the same bytes,
so no sequence number ever names two different bundles and none is skipped.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from doorstep.i18n import UserError
from doorstep.storage.atomic import TEMP_MARK, write_atomic
from doorstep.storage.backend import StoreBackend
from doorstep.storage.home import Home
from doorstep.storage.records import VisitRecord
from doorstep.storage.visits import now_iso, record_key
from doorstep.sync import canonical
from doorstep.sync.content import SchemaError, check_visit, visit_item, visits_counts
from doorstep.sync.envelope import bundle_id, content_hash, header_for, plaintext_of, seal
from doorstep.sync.identity import load_identity, load_office_key, qr_text, writer_of
from doorstep.sync.messages import msg
from doorstep.sync.records import VisitItem
from doorstep.sync.tables import EXPORTS, OFFICE_STAMP, REGISTER_BASE, of_office


@dataclass
class ExportResult:
    written: bool
    path: Path | None = None
    id: str = ""
    sequence: int = 0
    count: int = 0
    content_hash: str = ""
    last_sequence: int = 0  # when nothing was written: the last bundle that went out
    pending: int = 0  # visits in the outbox, not yet acknowledged by the office

    def receipt(self) -> str:
        """What the QR receipt encodes: enough to match the file at the office."""
        return f"doorstep:{self.id}:{self.sequence}:{self.count}:{self.content_hash[:12]}"

    def receipt_qr(self) -> str:
        return qr_text(self.receipt())


def bundle_file_name(kind: str, sender_key: str, sequence: int, bundle_id: str) -> str:
    return f"doorstep-{kind}-{sender_key[:8]}-{sequence:06d}-{bundle_id[:12]}.json"


def instant(iso: str | None) -> datetime | None:
    if not iso:
        return None
    try:
        value = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def register_base(history: list[list[Any]] | None, started: str | None) -> int | None:
    """An estimate of the office's version of the household's entry this device held when the
    visit began, for a visit that did not record its base (made before storage's schema 2).

    `history` is the household's [[imported at, office version], ...] in the order imported.
    Wrong when an import happened during the visit; visits made since record their own base.
    """
    if not history:
        return None
    began = instant(started)
    chosen = None
    for at, version in history:  # in the order imported
        when = instant(at)
        if began is None or when is None or when <= began:
            chosen = version
    return chosen if chosen is not None else history[0][1]


def export_visits(home: Home, out_dir: Path, *, again: bool = False,
                  store: StoreBackend | None = None) -> ExportResult:
    if home.kind != "device":
        raise UserError(msg("only_device", path=str(home.path)))
    me = load_identity(home)
    office = load_office_key(home)
    out_dir = Path(out_dir)
    with writer_of(home, store) as store:
        records = sorted(store.outbox(), key=lambda r: record_key(r["uuid"], r["revision"]))
        finished = _finish_unwritten(store, me, office, out_dir)
        log = of_office(store.table(EXPORTS).all(), office.key_id)
        last = max((row["sequence"] for row in log), default=0)
        keys = [record_key(r["uuid"], r["revision"]) for r in records]
        exported = {key for row in log for key in row["keys"]}
        if not records or (not again and set(keys) <= exported):
            if finished is not None:  # the bundle a killed export had logged: written now
                return finished
            return ExportResult(written=False, last_sequence=last, pending=len(keys))
        items = _items(store, records, keys)
        content = {"visits": items}
        plaintext = plaintext_of("visits", content, me, office)
        digest = content_hash(plaintext)
        earlier = next((row for row in log if row["content_hash"] == digest), None)
        if earlier is None:
            # The log first, the file second: the sequence number and the time are recorded before
            # any file with them exists, so a kill can never leave two bundles with one number.
            # Killed before the file is written, the next export writes this very bundle first.
            earlier = {"id": bundle_id(digest), "sequence": last + 1, "content_hash": digest,
                       "created": now_iso(), "keys": keys, "file": "", OFFICE_STAMP: office.key_id,
                       "written": False}
            with store.transaction():
                earlier["doc"] = store.table(EXPORTS).insert(dict(earlier))
        path = _write(store, me, office, earlier, plaintext, out_dir)
        return ExportResult(written=True, path=path, id=earlier["id"], sequence=earlier["sequence"],
                            count=len(items), content_hash=digest, pending=len(keys))


def _write(store: Any, me: Any, office: Any, row: dict[str, Any], plaintext: bytes, out_dir: Path) -> Path:
    """Seal the logged bundle `row` and write its file (unless the very bytes are there already);
    then note in the log that it was written."""
    items = canonical.loads(plaintext)["content"]["visits"]
    header = header_for("visits", plaintext, me, office, sequence=row["sequence"], created=row["created"],
                        counts=visits_counts(items))
    data = seal(header, plaintext, me, office)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / bundle_file_name("visits", me.public.key_id, row["sequence"], header["id"])
    _remove_own_leftovers(out_dir, me.public.key_id)
    if not (path.exists() and path.read_bytes() == data):
        write_atomic(path, data)
    if row.get("written") is False or row.get("file") != str(path):
        doc_id = row.get("doc") or next(r.doc_id for r in store.table(EXPORTS).all() if r["id"] == row["id"])
        with store.transaction():
            store.table(EXPORTS).update({"written": True, "file": str(path)}, doc_ids=[doc_id])
    return path


def _remove_own_leftovers(out_dir: Path, key_id: str) -> None:
    """Temporary files an export of this laptop was killed writing (never a whole bundle, never
    another laptop's: a stick may be shared)."""
    for entry in out_dir.glob(f"doorstep-visits-{key_id[:8]}-*{TEMP_MARK}*"):
        with contextlib.suppress(OSError):
            entry.unlink()


def _finish_unwritten(store: Any, me: Any, office: Any, out_dir: Path) -> ExportResult | None:
    """A bundle logged but never written (the export was killed in between) is written now, the
    same bytes it would have had, before any newer one: so the office never sees a gap, nor two
    bundles under one number. Its content is derived again from its visits (a finalized record
    never changes) and checked against the logged hash. Returns the last one written, if any."""
    done = None
    log = of_office(store.table(EXPORTS).all(), office.key_id)
    for row in sorted((r for r in log if r.get("written") is False), key=lambda r: r["sequence"]):
        found = [store.get_visit(u, int(rev)) for u, _, rev in (k.rpartition(".") for k in row["keys"])]
        records = [r for r in found if r is not None]
        if len(records) != len(found):
            continue
        items = _items(store, records, row["keys"])
        plaintext = plaintext_of("visits", {"visits": items}, me, office)
        if content_hash(plaintext) == row["content_hash"]:
            path = _write(store, me, office, {**row, "doc": row.doc_id}, plaintext, out_dir)
            done = ExportResult(written=True, path=path, id=row["id"], sequence=row["sequence"],
                                count=len(items), content_hash=row["content_hash"], pending=len(items))
    return done


def _items(store: StoreBackend, records: list[VisitRecord], keys: list[str]) -> list[VisitItem]:
    """The bundle items of `records` (sorted by key), checked before anything is sealed."""
    bases = _bases(store, records)
    items = []
    for record, key in zip(records, keys, strict=True):
        item = visit_item(record, bases.get(record["household"], {}).get(key))
        try:
            check_visit(dict(item), key)  # a copy: the check fills in unset fields
        except SchemaError as exc:
            raise UserError(msg("export_bad_visit", where=exc.where, what=exc.what)) from None
        items.append(item)
    return items


@dataclass
class ReexportResult:
    bundles: list[ExportResult]  # each bundle written again, in sequence order
    unsent: int = 0  # visits in the outbox that no bundle has carried yet (a new export's job)
    unrecoverable: int = 0  # bundles of the log whose visits this home no longer holds as sent


def reexport_unacknowledged(home: Home, out_dir: Path, *,
                            store: StoreBackend | None = None) -> ReexportResult:
    """Write again, byte for byte, every bundle sent to the trusted office that still carries a
    visit the office has not acknowledged (a lost stick).

    It only reads the home: the log of bundles sent already holds each one's sequence number,
    creation time and content hash, and sealing is deterministic (docs/bundle-format.md), so the
    same file comes out without writing anything to the home. That is why it can run from the
    command line while the app holds the home's writer (`store` given: the app's own store; else
    a reader snapshot, which never takes the lock): the two never write one home at once,
    because this never writes it. Sealing a new bundle (export_visits) does write the log and
    needs the writer.
    """
    if home.kind != "device":
        raise UserError(msg("only_device", path=str(home.path)))
    me = load_identity(home)
    office = load_office_key(home)
    out_dir = Path(out_dir)
    opened = store is None
    reader = home.reader() if store is None else store
    try:
        waiting = {record_key(r["uuid"], r["revision"]) for r in reader.outbox()}
        log = sorted(of_office(reader.table(EXPORTS).all(), office.key_id), key=lambda r: r["sequence"])
        result = ReexportResult(bundles=[])
        for row in log:
            if not waiting & set(row["keys"]):
                continue  # every visit it carried is acknowledged: the office has it
            keys = sorted(row["keys"])
            records = [reader.get_visit(*_split(key)) for key in keys]
            if any(r is None for r in records):
                result.unrecoverable += 1
                continue
            items = _items(reader, records, keys)  # type: ignore[arg-type]
            plaintext = plaintext_of("visits", {"visits": items}, me, office)
            if content_hash(plaintext) != row["content_hash"]:
                result.unrecoverable += 1  # not the content that went out: never a look-alike
                continue
            header = header_for("visits", plaintext, me, office, sequence=row["sequence"],
                                created=row["created"], counts=visits_counts(items))
            data = seal(header, plaintext, me, office)
            out_dir.mkdir(parents=True, exist_ok=True)
            path = out_dir / bundle_file_name("visits", me.public.key_id, row["sequence"], header["id"])
            if not (path.exists() and path.read_bytes() == data):
                write_atomic(path, data)
            result.bundles.append(ExportResult(
                written=True, path=path, id=header["id"], sequence=row["sequence"], count=len(items),
                content_hash=header["content_hash"], pending=len(waiting & set(keys))))
        result.unsent = len(waiting - {key for row in log for key in row["keys"]})
        return result
    finally:
        if opened:
            reader.close()


def _split(key: str) -> tuple[str, int]:
    uuid, _, revision = key.rpartition(".")
    return uuid, int(revision)


def _bases(store: StoreBackend, records: list[VisitRecord]) -> dict[str, dict[str, int | None]]:
    """{household: {visit key: estimated base}} for the visits that propose register changes and
    did not record their base (made before storage's schema 2); the others carry their own."""
    out: dict[str, dict[str, int | None]] = {}
    histories = {row["household"]: row["versions"] for row in store.table(REGISTER_BASE).all()}
    for record in records:
        if record.get("register_updates") and record.get("register_base") is None:
            key = record_key(record["uuid"], record["revision"])
            out.setdefault(record["household"], {})[key] = register_base(
                histories.get(record["household"]), record.get("started"))
    return out
