"""An office's store in PostgreSQL: storage.backend.StoreBackend over the tables of schema.py.

Several supervisors at once: every writing transaction first bumps the one row of
`doorstep_generation`, so writers of all processes take turns transaction by transaction (a
review click waits for a merge's transaction, not for the merge's whole run), and each reads,
inside its transaction, what the others committed. The store keeps no copy of the tables in
memory: every read asks the database, through the indexes.

Rows are sealed whole with the home's data key (schema.py says what else is kept in clear);
an office has no drafts and no assignment (those are a laptop's), and says so.

A database that goes away is a UserError naming it (its password hidden); the transaction it
interrupted is not committed, so the stored data stays as it was.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any, NoReturn, cast

import psycopg
from doorstep.i18n import Message, UserError
from doorstep.storage import qrid
from doorstep.storage.backend import lookup_values
from doorstep.storage.categories import BY_CODE, category_choices
from doorstep.storage.files import HomeFiles
from doorstep.storage.marks import marks_from_visits
from doorstep.storage.messages import MESSAGES as STORE_MESSAGES
from doorstep.storage.postgres import schema
from doorstep.storage.postgres.documents import DocumentTable
from doorstep.storage.postgres.messages import MESSAGES
from doorstep.storage.postgres.url import connect, reason_of, redact
from doorstep.storage.records import AuditRow, Draft, RegisterEntry, VisitRecord
from doorstep.storage.safe_json import encode
from doorstep.storage.seal import SealError
from doorstep.storage.store import (
    ENTRY_DEFAULTS,
    OFFICE_DEFAULTS,
    UpsertResult,
    _as_record,
    clean_entry,
)
from doorstep.storage.visit_facts import Reducer
from doorstep.storage.visits import Slot, now_iso, record_key
from psycopg.types.json import Jsonb

# What names no one, kept in clear beside the sealed document (for indexes and aggregates).
CLEAR_ENTRY = ("id", "category", "priority", "village", "status", "death_date", "entitled", "version",
               "updated", "sex", "disability_grade")
CLEAR_VISIT = ("uuid", "revision", "supersedes", "household", "form_id", "form_version", "device",
               "started", "ended", "corrected_at", "status", "key", "hash", "acked", "received",
               "register_base")
RESERVED = frozenset({"_meta", "_default", "register", "visits", "audit", "assignment"})
_LOST = (psycopg.OperationalError, psycopg.InterfaceError)


def _err(key: str, **params: Any) -> UserError:
    return UserError(Message(MESSAGES, key, params))


def _store_err(key: str, **params: Any) -> UserError:
    return UserError(Message(STORE_MESSAGES, key, params))



def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _given_version(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _store_err("entry_bad_version", value=_text(value))
    return value


def _period(record: Mapping[str, Any]) -> str:
    return str(record.get("ended") or "")[:7]


def new_entry(fields: Mapping[str, Any], household_id: str, at: str, *,
              any_day: bool = False) -> RegisterEntry:
    """A register entry as storage.store makes one (same fields, same order, same defaults)."""
    cleaned = clean_entry(fields, any_day=any_day)
    if "name" not in cleaned or "category" not in cleaned:
        raise _store_err("entry_no_name" if "name" not in cleaned else "entry_bad_category", value="",
                         **category_choices())
    entry: dict[str, Any] = {"id": household_id, "name": "", "category": "", "priority": "",
                             "village": "", "address": "", "phone": "", "members": [], "notes": "",
                             **ENTRY_DEFAULTS}
    entry.update(cleaned)
    if "priority" not in cleaned:
        entry["priority"] = BY_CODE[cleaned["category"]].priority
    entry["version"] = 1
    entry["updated"] = at
    return cast(RegisterEntry, entry)


def entry_changes(current: Mapping[str, Any], changes: Mapping[str, Any], *,
                  any_day: bool = False) -> dict[str, tuple[Any, Any]]:
    """field -> (old, new) for what `changes` would change in `current` (as storage.store)."""
    cleaned = clean_entry(changes, any_day=any_day)
    if "category" in cleaned and "priority" not in changes:
        cleaned["priority"] = BY_CODE[cleaned["category"]].priority
    return {k: (current.get(k, OFFICE_DEFAULTS.get(k)), v) for k, v in cleaned.items()
            if current.get(k, OFFICE_DEFAULTS.get(k)) != v}


class PostgresStore:
    """Open with Home.writer() / Home.reader(), not directly."""

    shared = True  # other processes write to the same database meanwhile

    def __init__(self, url: str, *, read_only: bool, actor: str, device: str, device_name: str = "",
                 files: HomeFiles, home_id: str, conn: psycopg.Connection[Any] | None = None) -> None:
        self.url = url
        self.where = redact(url)
        self.read_only = read_only
        self.actor = actor
        self.device = device
        self.device_name = device_name
        self.files = files
        self.home_id = home_id
        self._depth = 0
        self._before = 0
        self._own = 0  # writing transactions this store committed
        self.ids_kept = False  # whether documents.ids is there (schema 2), set by _check_schema
        self.facts_kept = False  # whether visit_facts is there (schema 3), set by _check_schema
        self._facts_memo: dict[str, Any] = {}   # the last month read for its facts (visit_facts)
        self.conn = conn or connect(url)  # `conn`: a migration's, with its transaction open
        try:
            self._check_schema()
        except BaseException:
            self.conn.close()
            raise

    # -- the connection ------------------------------------------------------------------------
    def _lost(self, exc: BaseException) -> UserError:
        return _err("pg_lost", where=self.where, reason=reason_of(exc, self.url))

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        try:
            cursor = self.conn.execute(sql, params)
            return cursor.fetchall() if cursor.description is not None else []
        except _LOST as exc:
            raise self._lost(exc) from None

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        try:
            with self.conn.cursor() as cursor:
                cursor.executemany(sql, rows)
        except _LOST as exc:
            raise self._lost(exc) from None

    def seal(self, doc: Any) -> bytes:
        return self.files.sealer.seal(encode(doc))

    def unseal(self, raw: bytes | memoryview) -> Any:
        # Decoded here: json.loads would first guess the encoding of every row's bytes.
        return json.loads(self.files.sealer.unseal(bytes(raw)).decode("utf-8"))

    def sealed_rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """The documents of a query whose one column is `sealed`, unsealed. The rows come in
        binary: as text, bytea travels hex-encoded, twice its size, and is decoded row by row."""
        try:
            with self.conn.cursor(binary=True) as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
        except _LOST as exc:
            raise self._lost(exc) from None
        return [self.unseal(r[0]) for r in rows]

    def _check_schema(self) -> None:
        with self._guard():
            version = schema.found_version(self.conn)
            if version is None:
                raise _err("pg_not_doorstep", where=self.where)
            if version > schema.SCHEMA_VERSION:
                raise _err("pg_newer_schema", where=self.where, found=version,
                           known=schema.SCHEMA_VERSION)
            owner = self.query("SELECT home_id FROM doorstep_schema")[0][0]
            if owner != self.home_id:
                raise _err("pg_other_office", where=self.where)
            if version < schema.SCHEMA_VERSION and not self.read_only:
                with self.conn.transaction():
                    self.query("LOCK TABLE doorstep_schema")
                    again = schema.found_version(self.conn) or 0
                    if again < schema.SCHEMA_VERSION:
                        schema.upgrade(self.conn, again)
                        if again < 2:
                            self._fill_document_ids()
                version = schema.SCHEMA_VERSION
            # A reader of a database no writer has upgraded yet finds sync's rows by reading them all.
            self.ids_kept = version >= 2
            self.facts_kept = version >= 3

    def _fill_document_ids(self) -> None:
        """The clear ids of the documents written before schema 2 (in the upgrade's transaction)."""
        rows = self.query("SELECT name, doc_id, sealed FROM documents")
        self.execute_many("UPDATE documents SET ids = %s WHERE name = %s AND doc_id = %s",
                          [(Jsonb(lookup_values(self.unseal(sealed))), name, doc_id)
                           for name, doc_id, sealed in rows])

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except _LOST as exc:
            raise self._lost(exc) from None

    # -- transactions and sync's tables ----------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Every write inside is committed together at the end; an error undoes them all."""
        self._require_writer()
        if self._depth:
            with self._guard(), self.conn.transaction():
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
            return
        with self._guard(), self.conn.transaction():
            # Our turn among all the writers (the row lock is held until commit).
            bumped = self.query("UPDATE doorstep_generation SET n = n + 1 RETURNING n")
            self._before = int(bumped[0][0]) - 1
            self._depth = 1
            try:
                yield
            finally:
                self._depth = 0
        self._own += 1  # committed

    def _writing(self) -> contextlib.AbstractContextManager[None]:
        return self.transaction()

    def generation(self) -> int:
        """How many writing transactions other processes have committed (storage.backend); inside
        a transaction, as of its start, when it took its turn."""
        if self._depth:
            return self._before - self._own
        return int(self.query("SELECT n FROM doorstep_generation")[0][0]) - self._own

    def table(self, name: str) -> DocumentTable:
        if name in RESERVED:
            raise ValueError(f"table {name!r} belongs to storage; use the Store's methods")
        return DocumentTable(self, name)

    def table_names(self) -> list[str]:
        return [r[0] for r in self.query("SELECT DISTINCT name FROM documents ORDER BY name")]

    def reload(self) -> None:
        """Nothing is cached: every read already sees what is committed."""

    def close(self) -> None:
        with contextlib.suppress(psycopg.Error):
            self.conn.close()

    @property
    def schema_version(self) -> int:
        return int(self.query("SELECT version FROM doorstep_schema")[0][0])

    def _require_writer(self) -> None:
        if self.read_only:
            raise _store_err("store_read_only", file=self.where)

    # -- the audit trail -------------------------------------------------------------------------
    def _audit_row(self, target: str, target_id: str, action: str, field_name: str | None = None,
                   old: Any = None, new: Any = None, at: str | None = None,
                   who: str | None = None) -> AuditRow:
        return {"at": at or now_iso(), "who": self.actor if who is None else who, "target": target,
                "target_id": target_id, "action": action, "field": field_name, "old": old, "new": new}

    def _audit(self, rows: list[AuditRow]) -> None:
        self.execute_many("INSERT INTO audit (target, target_id, action, at, sealed) "
                          "VALUES (%s, %s, %s, %s, %s)",
                          [(r["target"], r["target_id"], r["action"], r["at"], self.seal(r)) for r in rows])

    def add_audit(self, target: str, target_id: str, action: str, field_name: str | None = None,
                  old: Any = None, new: Any = None, at: str | None = None) -> None:
        with self.transaction():
            self._audit([self._audit_row(target, target_id, action, field_name, old, new, at)])

    def audit(self, target_id: str | None = None) -> list[AuditRow]:
        if target_id is None:
            rows = self.query("SELECT sealed FROM audit ORDER BY seq")
        else:
            rows = self.query("SELECT sealed FROM audit WHERE target_id = %s ORDER BY seq", [target_id])
        return [self.unseal(r[0]) for r in rows]

    # -- register ----------------------------------------------------------------------------------
    def _entry_params(self, entry: Mapping[str, Any]) -> tuple[Any, ...]:
        clear = {k: entry[k] for k in CLEAR_ENTRY if k in entry}
        return (entry["id"], entry.get("village", ""), entry.get("category", ""), entry.get("status", ""),
                int(entry.get("version", 1)), json.dumps(clear, ensure_ascii=False), self.seal(entry))

    def _insert_entries(self, entries: Sequence[Mapping[str, Any]]) -> None:
        self.execute_many("INSERT INTO register (id, village, category, status, version, doc, sealed) "
                          "VALUES (%s, %s, %s, %s, %s, %s::jsonb, %s)",
                          [self._entry_params(e) for e in entries])

    def _write_entries(self, entries: Sequence[Mapping[str, Any]]) -> None:
        self.execute_many("UPDATE register SET village = %s, category = %s, status = %s, version = %s, "
                          "doc = %s::jsonb, sealed = %s WHERE id = %s",
                          [(*self._entry_params(e)[1:], e["id"]) for e in entries])

    def _entries_of(self, ids: Iterable[str], *, lock: bool = False) -> dict[str, dict[str, Any]]:
        wanted = list(ids)
        if not wanted:
            return {}
        rows = self.query("SELECT id, sealed FROM register WHERE id = ANY(%s) ORDER BY doc_id"
                          + (" FOR UPDATE" if lock else ""), [wanted])
        return {r[0]: self.unseal(r[1]) for r in rows}

    def register_count(self) -> int:
        return int(self.query("SELECT count(*) FROM register")[0][0])

    def get_entry(self, household_id: str) -> RegisterEntry | None:
        return cast("RegisterEntry | None", self._entries_of([household_id]).get(household_id))

    def has_entry(self, household_id: str) -> bool:
        return bool(self.query("SELECT 1 FROM register WHERE id = %s", [household_id]))

    def entries_held(self, household_ids: Iterable[str]) -> set[str]:
        return {r[0] for r in self.query("SELECT id FROM register WHERE id = ANY(%s)", [list(household_ids)])}

    def entries(self) -> list[RegisterEntry]:
        return self.sealed_rows("SELECT sealed FROM register ORDER BY doc_id")

    def register_rows(self) -> Sequence[Mapping[str, Any]]:
        return self.entries()   # each unsealed anew: nothing to share

    def search_entries(self, text: str, limit: int = 50) -> list[RegisterEntry]:
        """Entries whose name, id, village or phone contains `text`; exact ids first. Names and
        phones are sealed, so the ranking runs here, as storage.store's does."""
        needle = text.strip()
        if not needle:
            return []
        as_id = qrid.normalize(needle)
        folded = needle.casefold()
        ranked: list[tuple[int, int, RegisterEntry]] = []
        for order, doc in enumerate(self.entries()):
            name = doc["name"].casefold()
            if doc["id"] == as_id:
                rank = 0
            elif name.startswith(folded):
                rank = 1
            elif folded in name:
                rank = 2
            elif as_id and as_id in doc["id"]:
                rank = 3
            elif needle in doc.get("village", "") or needle in doc.get("phone", ""):
                rank = 4
            else:
                continue
            ranked.append((rank, order, doc))
        ranked.sort(key=lambda r: (r[0], r[1]))
        return [doc for _, _, doc in ranked[:limit]]

    def add_entry(self, fields: Mapping[str, Any]) -> RegisterEntry:
        added = self.upsert_entries([fields]).added[0]
        entry = self.get_entry(added)
        assert entry is not None
        return entry

    def update_entry(self, household_id: str, changes: Mapping[str, Any]) -> RegisterEntry:
        """Change some fields of an entry; an audit row per changed field, one version bump."""
        self._require_writer()
        with self.transaction():
            current = self._entries_of([household_id], lock=True).get(household_id)
            if current is None:
                raise _store_err("entry_not_found", id=household_id)
            diff = entry_changes(current, changes)
            if diff:
                self._apply_diffs({household_id: current}, {household_id: diff}, now_iso())
        entry = self.get_entry(household_id)
        assert entry is not None
        return entry

    def _apply_diffs(self, current: dict[str, dict[str, Any]],
                     diffs: dict[str, dict[str, tuple[Any, Any]]], at: str) -> None:
        changed = []
        for hid, diff in diffs.items():
            doc = current[hid]
            for name, (_, new) in diff.items():
                doc[name] = new
            doc["version"] = doc.get("version", 1) + 1
            doc["updated"] = at
            changed.append(doc)
        self._write_entries(changed)
        self._audit([self._audit_row("register", hid, "update", name, old, new, at)
                     for hid, diff in diffs.items() for name, (old, new) in diff.items()])

    def apply_merged_changes(self, changes: dict[str, dict[str, Any]], bumps: dict[str, int],
                             updated: dict[str, str]) -> None:
        """Office: the register changes a merge decided (storage.store's rules, one transaction)."""
        self._require_writer()
        households = sorted(set(changes) | set(bumps))
        if not households:
            return
        with self.transaction():
            current = self._entries_of(households, lock=True)
            at = now_iso()
            out: list[dict[str, Any]] = []
            rows: list[AuditRow] = []
            for household in households:
                doc = current.get(household)
                if doc is None:
                    continue
                diff = entry_changes(doc, changes.get(household, {}))
                bump = max(bumps.get(household, 0), 1 if diff else 0)
                when = updated.get(household) or None
                if when == doc.get("updated"):
                    when = None
                if not (diff or bump or when):
                    continue
                for name, (_, new) in diff.items():
                    doc[name] = new
                doc["version"] = doc.get("version", 1) + bump
                if when:
                    doc["updated"] = when
                out.append(doc)
                rows += [self._audit_row("register", household, "update", name, old, new, at)
                         for name, (old, new) in diff.items()]
            self._write_entries(out)
            self._audit(rows)

    def upsert_entries(self, entries: Iterable[Mapping[str, Any]], *,
                       keep_versions: bool = False) -> UpsertResult:
        """Add new entries and change existing ones (matched by id) in ONE transaction
        (storage.store.Store.upsert_entries says the rules)."""
        self._require_writer()
        given_rows = list(entries)
        result = UpsertResult()
        with self.transaction():
            at = now_iso()
            ids = {qrid.parse(_text(f.get("id"))) for f in given_rows if _text(f.get("id"))}
            current = self._entries_of(ids, lock=True)
            taken: set[str] | None = None
            new_docs: list[RegisterEntry] = []
            diffs: dict[str, dict[str, tuple[Any, Any]]] = {}
            versions: dict[str, int] = {}
            for fields in given_rows:
                given = _given_version(fields.get("version")) if keep_versions else None
                raw_id = _text(fields.get("id"))
                household_id = qrid.parse(raw_id) if raw_id else ""
                if household_id not in current:
                    if taken is None:
                        taken = {r[0] for r in self.query("SELECT id FROM register")}
                    if household_id in taken:
                        raise _store_err("entry_duplicate_id", id=household_id)
                    entry = new_entry(fields, household_id or qrid.new_id(taken), at,
                                      any_day=keep_versions)
                    if given is not None:
                        entry["version"] = given
                    taken.add(entry["id"])
                    new_docs.append(entry)
                    result.added.append(entry["id"])
                    continue
                rest = {k: v for k, v in fields.items() if k != "id"}
                diff = entry_changes(current[household_id], rest, any_day=keep_versions)
                if diff:
                    diffs[household_id] = diff
                    result.changed.append(household_id)
                else:
                    result.unchanged.append(household_id)
                if given is not None and (diff or current[household_id].get("version") != given):
                    versions[household_id] = given
            if diffs:
                self._apply_diffs(current, diffs, at)
            if versions:
                for hid, version in versions.items():
                    current[hid]["version"] = version
                self._write_entries([current[h] for h in versions])
            if new_docs:
                self._insert_entries(new_docs)
                self._audit([self._audit_row("register", e["id"], "add", at=at) for e in new_docs])
        return result

    # -- drafts and assignment: a laptop's ---------------------------------------------------------
    def _no_drafts(self) -> NoReturn:
        raise _err("pg_no_drafts")

    def start_visit(self, household: str, form_id: str, form_version: str, *,
                    started: str | None = None, visit_id: str | None = None) -> Draft:
        self._no_drafts()

    def start_correction(self, visit_uuid: str) -> Draft:
        self._no_drafts()

    def save_answer(self, visit_id: str, slot: Slot | list[Any], value: Any) -> None:
        self._no_drafts()

    def set_register_updates(self, visit_id: str, updates: Mapping[str, Any]) -> None:
        self._no_drafts()

    def set_draft_position(self, visit_id: str, slot: Slot | list[Any]) -> None:
        self._no_drafts()

    def get_draft(self, visit_id: str) -> Draft | None:
        return None

    def drafts(self) -> list[Draft]:
        return []

    def discard_draft(self, visit_id: str) -> None:
        raise _store_err("draft_not_found", id=visit_id)

    def finalize(self, visit_id: str, *, ended: str | None = None) -> VisitRecord:
        raise _store_err("draft_not_found", id=visit_id)

    def set_assignment(self, household_ids: list[str], *, source: str | None = None) -> None:
        self._no_drafts()

    def assignment(self) -> list[str]:
        return []

    # -- visit records -----------------------------------------------------------------------------
    def _visit_params(self, doc: Mapping[str, Any]) -> tuple[Any, ...]:
        clear = {k: doc.get(k) for k in CLEAR_VISIT}
        return (doc["key"], doc["uuid"], int(doc["revision"]), doc["household"], doc["form_id"],
                _period(doc), bool(doc.get("acked")), json.dumps(clear, ensure_ascii=False),
                self.seal(doc))

    def _insert_visits(self, docs: Sequence[Mapping[str, Any]]) -> None:
        self.execute_many("INSERT INTO visits (key, uuid, revision, household, form_id, period, acked, doc, "
                          "sealed) VALUES (%s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s)",
                          [self._visit_params(d) for d in docs])

    def _write_visits(self, docs: Sequence[Mapping[str, Any]]) -> None:
        self.execute_many("UPDATE visits SET uuid = %s, revision = %s, household = %s, form_id = %s, "
                          "period = %s, acked = %s, doc = %s::jsonb, sealed = %s WHERE key = %s",
                          [(*self._visit_params(d)[1:], d["key"]) for d in docs])

    def _records(self, where: str = "", params: Sequence[Any] = ()) -> list[VisitRecord]:
        return self.sealed_rows(f"SELECT sealed FROM visits v {where} ORDER BY doc_id", params)

    def get_visit(self, visit_uuid: str, revision: int | None = None) -> VisitRecord | None:
        if revision:
            rows = self.query("SELECT sealed FROM visits WHERE key = %s", [record_key(visit_uuid, revision)])
        else:
            rows = self.query("SELECT sealed FROM visits WHERE uuid = %s ORDER BY revision DESC LIMIT 1",
                              [visit_uuid])
        return self.unseal(rows[0][0]) if rows else None

    def latest_visits(self, uuids: Iterable[str]) -> dict[str, VisitRecord]:
        wanted = list(dict.fromkeys(uuids))
        if not wanted:
            return {}
        rows = self.query("SELECT DISTINCT ON (uuid) uuid, sealed FROM visits WHERE uuid = ANY(%s) "
                          "ORDER BY uuid, revision DESC", [wanted])
        return {r[0]: self.unseal(r[1]) for r in rows}

    def has_visit_record(self, key: str) -> bool:
        return bool(self.query("SELECT 1 FROM visits WHERE key = %s", [key]))

    def visits_held(self, keys: Iterable[str]) -> set[str]:
        return {r[0] for r in self.query("SELECT key FROM visits WHERE key = ANY(%s)", [list(keys)])}

    def visits(self, household: str | None = None, latest_only: bool = False, *,
               period: str | None = None, months: Collection[str] | None = None) -> list[VisitRecord]:
        """As storage.store's: `period` ("2026", "2026-03") and `months` read by the indexed
        period column."""
        conditions: list[str] = []
        params: list[Any] = []
        if household is not None:
            conditions.append("v.household = %s")
            params.append(household)
        if period is not None:  # the months it names, as equalities the period index answers
            named = [m for m in self.periods() if m.startswith(period)]
            months = named if months is None else [m for m in named if m in months]
        if months is not None:
            conditions.append("v.period = ANY(%s)")
            params.append(sorted(months))
        if latest_only:
            conditions.append("NOT EXISTS (SELECT 1 FROM visits n WHERE n.uuid = v.uuid "
                              "AND n.revision > v.revision)")
        return self._records("WHERE " + " AND ".join(conditions) if conditions else "", params)

    def visit_marks(self, households: Iterable[str] | None = None) -> dict[str, list[str]]:
        """As storage.store's, from the rows (no marks kept: an office has no assignments list)."""
        if households is None:
            return marks_from_visits(self.visits(latest_only=True))
        wanted = sorted(set(households))
        return marks_from_visits(self._records(
            "WHERE v.household = ANY(%s) AND NOT EXISTS (SELECT 1 FROM visits n WHERE n.uuid = v.uuid "
            "AND n.revision > v.revision)", [wanted]), wanted)

    def periods(self) -> list[str]:
        """The months that hold visits, as the period column has them (YYYY-MM of `ended`)."""
        return [str(r[0]) for r in self.query("SELECT DISTINCT period FROM visits ORDER BY period")]

    def visit_facts(self, month: str, reduce: Reducer, tag: str) -> Any:
        """What `reduce` makes of one month's records (storage.visit_facts): kept sealed in
        visit_facts while the month's version (bumped by the triggers of schema 3) is the one it
        was made from, else made from the rows and kept."""
        if not self.facts_kept:
            return reduce(self._records("WHERE v.period = %s", [month]))
        # The version first, then the rows: the rows are at least as new as the version they
        # are kept under, so what is kept is never older than it says (newer is only made again).
        found = self.query("SELECT p.version, f.version, f.sealed FROM visit_periods p "
                           "LEFT JOIN visit_facts f ON f.period = p.period AND f.tag = %s "
                           "WHERE p.period = %s", [tag, month])
        if found and found[0][1] == found[0][0]:
            with contextlib.suppress(ValueError, SealError):
                return self.unseal(found[0][2])
        # A summary asks for two tallies of a month just merged into: its rows read once.
        source = (month, found[0][0] if found else None)
        if self._facts_memo.get("source") != source or source[1] is None:
            self._facts_memo = {"source": source, "records": self._records("WHERE v.period = %s", [month])}
        facts = reduce(self._facts_memo["records"])
        if found and not self._depth:  # never inside a writer's transaction: it is not its change
            self.query("INSERT INTO visit_facts (period, tag, version, sealed) VALUES (%s, %s, %s, %s) "
                       "ON CONFLICT (period, tag) DO UPDATE SET version = EXCLUDED.version, "
                       "sealed = EXCLUDED.sealed", [month, tag, found[0][0], self.seal(facts)])
        return facts

    def visit_count(self) -> int:
        return int(self.query("SELECT count(*) FROM visits")[0][0])

    def outbox(self) -> list[VisitRecord]:
        return self._records("WHERE NOT v.acked")

    def acknowledge(self, keys: Iterable[str]) -> int:
        self._require_writer()
        wanted = sorted(set(keys))
        with self.transaction():
            rows = self.query("SELECT sealed FROM visits WHERE key = ANY(%s) AND NOT acked FOR UPDATE",
                              [wanted])
            docs = [self.unseal(r[0]) for r in rows]
            for doc in docs:
                doc["acked"] = True
            self._write_visits(docs)
        return len(docs)

    def add_received_visits(self, records: Iterable[Mapping[str, Any]]) -> list[str]:
        """Office: keep finalized records from devices as they are; a key already stored is skipped."""
        at = now_iso()

        def mark(doc: VisitRecord) -> None:
            doc["received"] = at
            doc["acked"] = True

        return self._add_records(records, "receive", mark)

    def add_finalized_visits(self, records: Iterable[Mapping[str, Any]]) -> list[str]:
        def mark(doc: VisitRecord) -> None:
            doc["acked"] = bool(doc.get("acked", False))
            doc["received"] = None

        return self._add_records(records, "finalize", mark)

    def _add_records(self, records: Iterable[Mapping[str, Any]], action: str,
                     mark: Callable[[VisitRecord], None]) -> list[str]:
        self._require_writer()
        docs = [_as_record(r) for r in records]
        with self.transaction():
            stored = {r[0] for r in self.query("SELECT key FROM visits WHERE key = ANY(%s)",
                                               [[d["key"] for d in docs]])}
            new: list[VisitRecord] = []
            for doc in docs:
                if doc["key"] in stored:
                    continue
                mark(doc)
                stored.add(doc["key"])
                new.append(doc)
            self._insert_visits(new)
            self._audit([self._audit_row("visit", d["uuid"], action, "revision", d["supersedes"],
                                         d["revision"], d.get("received") or d.get("ended"),
                                         who=d["volunteer"] if action == "finalize" else None)
                         for d in new])
        return [d["key"] for d in new]

    def replace_received_visit(self, record: Mapping[str, Any]) -> VisitRecord:
        """Office: put `record` in the place of the stored record with the same key
        (storage.store.Store.replace_received_visit says why)."""
        self._require_writer()
        key = record_key(record["uuid"], int(record["revision"]))
        with self.transaction():
            rows = self.query("SELECT sealed FROM visits WHERE key = %s FOR UPDATE", [key])
            if not rows:
                raise _store_err("visit_not_found", id=key)
            current = self.unseal(rows[0][0])
            doc = _as_record(record, {"received": current.get("received"), "acked": True})
            if doc["hash"] == current.get("hash"):
                return cast(VisitRecord, current)
            self._write_visits([doc])
            self._audit([self._audit_row("visit", doc["uuid"], "replace", "hash", current.get("hash"),
                                         doc["hash"])])
        return doc

    # -- moving an office in (storage.postgres.migrate) ----------------------------------------------
    def load_everything(self, entries: Sequence[Mapping[str, Any]], visits: Sequence[Mapping[str, Any]],
                        audit: Sequence[Mapping[str, Any]],
                        tables: Mapping[str, Sequence[tuple[int, Mapping[str, Any]]]]) -> None:
        """Rows exactly as another store holds them (document ids of sync's tables kept), in the
        caller's transaction."""
        assert self._depth, "load_everything runs inside a transaction"
        self._insert_entries(entries)
        self._insert_visits(visits)
        self._audit(cast(list[AuditRow], list(audit)))
        for name, rows in tables.items():
            self.execute_many("INSERT INTO documents (name, doc_id, sealed, ids) VALUES (%s, %s, %s, %s)",
                              [(name, doc_id, self.seal(dict(doc)), Jsonb(lookup_values(doc)))
                               for doc_id, doc in rows])
            if rows:
                self.query("INSERT INTO document_ids VALUES (%s, %s)", [name, max(i for i, _ in rows)])

    def counts(self) -> dict[str, int]:
        """Rows per table: register, visits, audit and each of sync's tables by name."""
        out = {"register": self.register_count(), "visits": self.visit_count(),
               "audit": int(self.query("SELECT count(*) FROM audit")[0][0])}
        for name, count in self.query("SELECT name, count(*) FROM documents GROUP BY name"):
            out[f"table:{name}"] = int(count)
        return out


def lost_error(url: str, exc: BaseException) -> UserError:
    return _err("pg_lost", where=redact(url), reason=reason_of(exc, url))


def create_database_store(url: str, home_id: str) -> None:
    """Create doorstep's tables in the empty database at `url` (refused if it has any table)."""
    conn = connect(url)
    try:
        with conn.transaction():
            tables = schema.user_tables(conn)
            if tables:
                raise _err("pg_not_empty", where=redact(url), tables=", ".join(tables[:8]))
            schema.create(conn, home_id)
    except _LOST as exc:
        raise lost_error(url, exc) from None
    finally:
        conn.close()
