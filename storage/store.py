"""The store of one home: the register, visits, drafts, assignments and the audit trail.

A TinyDB database laid out in files (storage.layout: one file per table, the visits one file per
month, the visit index and the audit trail append-only journals) holds the big tables, plus any
table sync/ adds through `table()`. A transaction (`transaction()`) writes the files it changed,
and only those, in one commit (storage.commit): a sync merge writes visits, conflicts and its
bundle log all or nothing. A store kept in one `store.json` (doorstep before the layout) is
written out in the layout by the first writer, the old file kept as `store.json.single-file.bak`;
a reader reads it as it is.

Drafts live apart, one small file per draft in `drafts/`, so saving an answer costs the same
with 100 or 100,000 visits stored. Finalizing writes the record into the big file first and
drops the draft file second; a draft whose record already exists is dropped when the store
opens, so a visit is never a draft and a record at once.

In-memory indexes (register id -> document id, visit key -> month -> document id) give O(1)
lookups; each is built when first needed and rebuilt after a rollback. Reads hand out copies of
what they return (copy_json, not copy.deepcopy); `visits()` hands out each record's own dict
with its nested answers shared, which callers read and never change. The shapes of the records
are storage.records'.
"""

from __future__ import annotations

import contextlib
import copy
import re
import shutil
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, cast

from doorstep.i18n import Message, UserError
from doorstep.storage import commit as commits
from doorstep.storage import idnumber, qrid
from doorstep.storage.atomic import remove_leftovers, unlink_durable, write_atomic
from doorstep.storage.categories import BY_CODE, category_choices, find_category
from doorstep.storage.files import FILE_MODE, HomeFiles, make_private_dir
from doorstep.storage.journal import journal_line
from doorstep.storage.layout import (
    AUDIT,
    INDEX,
    META_FILE,
    MONTH_IDS,
    REGISTER,
    REGISTER_DIR,
    REGISTER_IDS,
    REGISTER_SHARDS,
    SHARD_IDS,
    SHARDED,
    SPLIT_FIELDS,
    STORE_DIR,
    UNSHARDED_BACKUP,
    VISITS,
    VISITS_DIR,
    TableFiles,
    is_layout,
    last_ids,
    period_of,
    register_shard,
    sharded_of,
    split_field,
    split_single_file,
    split_sync_table,
    visits_table,
)
from doorstep.storage.marks import (
    ASSIGNED,
    BUILT,
    MARKS,
    MARKS_DIR,
    Marks,
    build_shards,
    marks_from_visits,
    marks_in,
    marks_shard,
    marks_shards,
    moment_of,
)
from doorstep.storage.messages import MESSAGES
from doorstep.storage.records import AuditRow, Draft, RegisterEntry, VisitRecord
from doorstep.storage.safe_json import copy_json, encode
from doorstep.storage.schema import META_DOC, SCHEMA_VERSION, check_not_newer, empty_store, schema_of, upgrade
from doorstep.storage.seal import PlainSealer
from doorstep.storage.sharded import ShardedTable
from doorstep.storage.split_field import SplitFieldTable
from doorstep.storage.visit_facts import Reducer, cache_dir, month_facts
from doorstep.storage.visit_index import FIRST, index_record, read_index
from doorstep.storage.visits import Slot, changed_slots, now_iso, record_key, set_slot, visit_hash
from tinydb.table import Document, Table

STORE_FILE = "store.json"  # the whole store in one file: doorstep before storage.layout
SINGLE_FILE_BACKUP = "store.json.single-file.bak"  # that file, once a writer laid it out
DRAFTS_DIR = "drafts"
OWN_TABLES = frozenset({"_meta", "_default", "register", "visits", "audit", "assignment", REGISTER_IDS,
                        SHARD_IDS, MONTH_IDS})
ENTRY_FIELDS = ("name", "category", "priority", "village", "address", "phone", "members", "notes",
                "status", "death_date", "entitled")
# What the annual verification establishes (survey/forms/verification.toml saves to these): is the
# person alive, when did they die, are they still entitled. An entry made before schema 3, or
# without them, holds these values.
STATUSES = ("alive", "deceased", "moved")
ENTITLED = ("yes", "no")
ENTRY_DEFAULTS: dict[str, str] = {"status": "alive", "death_date": "", "entitled": "yes"}
# What a town's sheet also keeps about the person. They stay at the office: an assignment does not
# carry them to the laptops (ENTRY_FIELDS is what travels), and no visit changes them. An entry
# holds them only once given (one made before them, or from a sheet without them, has none of
# them), and none reads as empty: OFFICE_DEFAULTS.
OFFICE_FIELDS = ("id_number", "sex", "birth_date", "disability_grade", "contact")
OFFICE_DEFAULTS: dict[str, Any] = {"id_number": "", "sex": "", "birth_date": "", "disability_grade": "",
                                   "contact": ""}
SEXES = ("male", "female")
_DATE_RE = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")


@dataclass
class UpsertResult:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def create_store_file(home_path: Path, kind: str, files: HomeFiles | None = None) -> None:
    """A new, empty store (sealed by `files`; plain without it, as Store is without it)."""
    files = files or HomeFiles(home_path, PlainSealer())
    root = home_path / STORE_DIR
    make_private_dir(root)
    make_private_dir(root / VISITS_DIR)
    make_private_dir(root / REGISTER_DIR)
    for table in SHARDED:
        make_private_dir(root / table)
    make_private_dir(root / MARKS_DIR)
    writes = {root / META_FILE: encode(empty_store(kind)["_meta"])}
    if kind == "device":  # no visits yet: its marks are all there are (storage.marks)
        writes[root / MARKS_DIR / f"{BUILT.partition('/')[2]}.json"] = encode({"complete": True})
    commits.commit(root, files, writes, {})
    make_private_dir(home_path / DRAFTS_DIR)


def store_exists(home_path: Path) -> bool:
    return is_layout(home_path / STORE_DIR) or (home_path / STORE_FILE).exists()


def copy_entry(doc: Mapping[str, Any]) -> RegisterEntry:
    """A register entry's own copy (its members are the only thing nested in it)."""
    entry = dict(doc)
    if isinstance(entry.get("members"), list):
        entry["members"] = [dict(m) if isinstance(m, dict) else m for m in entry["members"]]
    return cast(RegisterEntry, entry)


def _err(key: str, **params: Any) -> UserError:
    return UserError(Message(MESSAGES, key, params))


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _version(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _err("entry_bad_version", value=_text(value))
    return value


def clean_death_date(value: Any, today: date | None = None, *, any_day: bool = False) -> str:
    """A date of death as the register keeps it: YYYY-MM-DD, not after today (unless `any_day`);
    "" for none."""
    text = _text(value)
    if not text:
        return ""
    try:
        day = date.fromisoformat(text) if _DATE_RE.match(text) else None
    except ValueError:
        day = None
    if day is None:
        raise _err("entry_bad_death_date", value=text)
    if not any_day and day > (today or date.today()):
        raise _err("entry_future_death_date", value=text)
    return text


def _clean_office_field(name: str, value: Any) -> Any:
    text = _text(value)
    if not text:
        return ""
    if name == "id_number":
        number, why = idnumber.check(text)
        if why:
            raise _err("entry_bad_id_number", value=idnumber.mask(text))
        return number
    if name == "sex":
        if text not in SEXES:
            raise _err("entry_bad_sex", value=text)
        return text
    if name == "birth_date":
        try:
            return date.fromisoformat(text).isoformat() if _DATE_RE.match(text) else _bad_birth(text)
        except ValueError:
            return _bad_birth(text)
    if name == "disability_grade":
        whole = isinstance(value, int) and not isinstance(value, bool) or text.isdigit()
        if not whole or not 1 <= int(text) <= 10:
            raise _err("entry_bad_disability_grade", value=text)
        return int(text)
    return text


def _bad_birth(text: str) -> str:
    raise _err("entry_bad_birth_date", value=text)


def clean_entry(fields: Mapping[str, Any], *, any_day: bool = False) -> dict[str, Any]:
    """The register fields of `fields`, checked and in their stored form.

    `any_day` accepts a date of death after today: for a copy of the office's register, which
    the office's clock has checked (a laptop whose clock is a day behind must still import it).
    """
    out: dict[str, Any] = {}
    for name in ENTRY_FIELDS + OFFICE_FIELDS:
        if name not in fields:
            continue
        value = fields[name]
        if name in OFFICE_FIELDS:
            out[name] = _clean_office_field(name, value)
        elif name == "members":
            members = []
            for member in value or []:
                if not isinstance(member, dict) or not _text(member.get("name")):
                    raise _err("entry_bad_members")
                members.append({"name": _text(member.get("name")),
                                "relation": _text(member.get("relation"))})
            out[name] = members
        elif name == "category":
            category = find_category(_text(value))
            if category is None:
                raise _err("entry_bad_category", value=_text(value), **category_choices())
            out[name] = category.code
        elif name == "priority":
            if value not in ("key", "general", "other"):
                raise _err("entry_bad_priority", value=_text(value))
            out[name] = value
        elif name == "status":
            if _text(value) not in STATUSES:
                raise _err("entry_bad_status", value=_text(value))
            out[name] = _text(value)
        elif name == "entitled":
            if _text(value) not in ENTITLED:
                raise _err("entry_bad_entitled", value=_text(value))
            out[name] = _text(value)
        elif name == "death_date":
            out[name] = clean_death_date(value, any_day=any_day)
        else:
            out[name] = _text(value)
    if "name" in out and not out["name"]:
        raise _err("entry_no_name")
    return out


class Store:
    """Open with Home.writer() / Home.reader(), not directly."""

    def __init__(self, home_path: Path, *, read_only: bool, actor: str, device: str,
                 device_name: str = "", files: HomeFiles | None = None) -> None:
        self.home_path = home_path
        # Every file of the store goes through the home's file layer (sealed when encrypted).
        self.files = files or HomeFiles(home_path, PlainSealer())
        self.read_only = read_only
        self.actor = actor
        self.device = device
        self.device_name = device_name
        self.drafts_dir = home_path / DRAFTS_DIR
        self.root = home_path / STORE_DIR
        self._facts_memo: dict[str, Any] = {}   # the last month read for its facts (visit_facts)
        self.path = self.root
        # TinyDB's tables over our storage, made when first used. A Table caches its next document
        # id and query results; after a rollback they are thrown away (_resync) and made afresh.
        self._tables: dict[str, Table] = {}
        self._sharded: dict[str, ShardedTable] = {}
        self._drafts: dict[str, Draft] = {}
        self._open()

    # -- opening ----------------------------------------------------------------------------
    def _open(self) -> None:
        single = self.home_path / STORE_FILE
        if not is_layout(self.root) and single.exists():
            self._open_single_file(single)
        else:
            self.storage = TableFiles(self.root, self.files, read_only=self.read_only)
            if not self.read_only:
                make_private_dir(self.root)
                make_private_dir(self.root / VISITS_DIR)
                make_private_dir(self.root / REGISTER_DIR)
                for table in SHARDED:
                    make_private_dir(self.root / table)
                make_private_dir(self.root / MARKS_DIR)
                commits.recover(self.root, self.files, self.storage.folders())
            if not (self.root / META_FILE).exists() and not self.storage.table_data("_meta"):
                raise _err("store_missing", file=str(self.root / META_FILE))
            version = check_not_newer({"_meta": self.storage.table_data("_meta")}, str(self.root / META_FILE))
            if version < SCHEMA_VERSION and not self.read_only:
                self._mark_schema()
            if (self.root / "register.json").exists() and not (self.root / f"{REGISTER_IDS}.json").exists():
                self._shard_register()
            self._upgrade_sync_tables()
        if not self.read_only:
            remove_leftovers(self.home_path)
            make_private_dir(self.drafts_dir)
            remove_leftovers(self.drafts_dir)
        self._rebuild_indexes()
        self._load_drafts()
        if not self.read_only and self._wants_marks() and not self._keeps_marks():
            self._build_marks()

    # -- visit marks (storage.marks) ------------------------------------------------------------
    def _wants_marks(self) -> bool:
        """A laptop keeps visit marks; an office does not (storage.marks says why)."""
        return bool(self._raw("_meta").get("1", {}).get("kind") == "device")

    def _keeps_marks(self) -> bool:
        return self._wants_marks() and bool(self._raw(BUILT))

    def _build_marks(self) -> None:
        """A laptop made before the marks: its first writer makes them, in one commit."""
        shards = build_shards(self.visits(latest_only=True))
        with self.transaction():
            for name, table in sorted(shards.items()):
                self.storage.set_table(name, table)
            self.storage.set_table(BUILT, {"complete": True})
            self._note_assigned(self.assignment(), whole=True)

    def visit_marks(self, households: Iterable[str] | None = None) -> Marks:
        """Household -> the moment (`ended`, else `started`) of each of its visits, latest
        revisions only, in order: for `households` (every household visited, if None). Read
        from the marks where the store keeps them, else from the visits."""
        wanted = None if households is None else set(households)
        if not self._keeps_marks():
            return marks_from_visits(self.visits(latest_only=True), wanted)
        out: Marks = {}
        if wanted is not None:  # the assigned households' marks are beside their entries
            assigned = self._raw(ASSIGNED)
            out.update(marks_in({h: assigned[h]["visits"] for h in wanted if h in assigned}, None))
            wanted -= set(assigned)
        shards = marks_shards() if wanted is None else sorted({marks_shard(h) for h in wanted})
        for shard in shards:
            out.update(marks_in(self._raw(shard), wanted))
        return out

    def _marks_rows(self, households: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Household -> its marks as stored: {visit uuid: [revision, moment]}."""
        return {h: dict(self._raw(marks_shard(h)).get(h) or {}) for h in households}

    def _write_marks(self, rows: Mapping[str, dict[str, Any]]) -> None:
        """Store households' new marks (inside a transaction): in their shards, and beside their
        entries for those assigned."""
        by_shard: dict[str, list[str]] = {}
        for household in rows:
            by_shard.setdefault(marks_shard(household), []).append(household)
        for shard, households in sorted(by_shard.items()):
            table = dict(self._raw(shard))
            for household in households:
                table[household] = rows[household]
            self.storage.set_table(shard, {h: v for h, v in table.items() if v})
        assigned = self._raw(ASSIGNED)
        if any(h in assigned for h in rows):
            self.storage.set_table(ASSIGNED, {h: {**a, "visits": rows[h]} if h in rows else a
                                              for h, a in assigned.items()})

    def _note_marks(self, records: Iterable[VisitRecord]) -> None:
        """The marks of new records (before the index has them), inside a transaction: a
        record newer than its visit's latest revision takes that revision's place, in its
        household's marks (and out of another household's, if the visit moved)."""
        if not self._keeps_marks():
            return
        rows: dict[str, dict[str, Any]] = {}  # household -> its new marks

        def row(household: str) -> dict[str, Any]:
            if household not in rows:
                rows.update(self._marks_rows([household]))
            return rows[household]

        seen: dict[str, tuple[int, str]] = {}  # uuid -> (latest revision, its household) so far
        for doc in records:
            uuid, revision, household = doc["uuid"], int(doc["revision"]), doc["household"]
            before = seen.get(uuid)
            if before is None:
                latest = self._latest.get(uuid)
                found = self._record(record_key(uuid, latest)) if latest is not None else None
                before = (latest, found[2]["household"]) if latest is not None and found else None
            if before is not None and before[0] >= revision:
                continue
            if before is not None and before[1] != household:
                row(before[1]).pop(uuid, None)
            row(household)[uuid] = [revision, moment_of(doc)]
            seen[uuid] = (revision, household)
        if rows:
            self._write_marks(rows)

    def _replace_marks(self, current: Mapping[str, Any], doc: VisitRecord) -> None:
        """The marks of a record put in the place of `current` (same key), inside a transaction."""
        if not self._keeps_marks() or self._latest.get(doc["uuid"]) != int(doc["revision"]):
            return  # none kept, or an older revision: the marks hold the latest
        rows = self._marks_rows([current["household"], doc["household"]])
        rows[current["household"]].pop(doc["uuid"], None)
        rows[doc["household"]][doc["uuid"]] = [int(doc["revision"]), moment_of(doc)]
        self._write_marks(rows)

    def _note_assigned(self, households: Iterable[str], *, whole: bool = False) -> None:
        """Copy the entries and marks of `households` that are assigned beside each other
        (storage.marks), inside a transaction: `whole` when the assignment changed (the copies
        are made again), else for entries that changed."""
        if not (self._wants_marks() and (whole or self._raw(BUILT))):
            return
        assigned = set(self.assignment())
        table = {} if whole else dict(self._raw(ASSIGNED))
        changed = False
        for household in households:
            doc_id = self._register_index.get(household)
            if household in assigned and doc_id is not None:
                entry = copy_entry(self._raw(register_shard(household))[str(doc_id)])
                table[household] = {"entry": entry, "visits": self._marks_rows([household])[household]}
                changed = True
        if whole or changed:
            self.storage.set_table(ASSIGNED, table)

    def _shard_register(self) -> None:
        """A store laid out before the register had shards keeps it in register.json: a writer
        splits it (one commit, the old file kept as register.json.unsharded.bak); a reader
        splits its copy in memory."""
        tables, _ = split_single_file({"register": self.storage.table_data("register")})
        if self.read_only:
            self.storage.preload(tables)
            return
        with self.storage.batch():
            for name, table in tables.items():
                self.storage.set_table(name, table)
        old = self.root / "register.json"
        commits.replace_with_retry(old, old.with_name("register.json.unsharded.bak"))

    def _mark_schema(self) -> None:
        """A laid-out store of an older schema holds nothing to rewrite (the layout came with
        version 4; storage.schema says what each later one changed): its meta says the version
        now, in a commit of its own, before this writer writes anything an older doorstep
        could not read."""
        meta = {doc_id: dict(doc) for doc_id, doc in self.storage.table_data("_meta").items()}
        meta.setdefault(META_DOC, {})["schema"] = SCHEMA_VERSION
        commits.commit(self.root, self.files, {self.root / META_FILE: encode(meta)}, {})
        self.storage.forget()

    def _upgrade_sync_tables(self) -> None:
        """A store laid out before storage.sharded and storage.split_field keeps each of sync's
        growing tables in one file, and each bundle's keys in its row: a writer splits the tables
        into shards and moves the keys to their journal, in one commit (which also moves each old
        file aside as <name>.json.unsharded.bak); a reader splits its copy in memory and reads the
        keys where they are."""
        old = {name: self.root / f"{name}.json" for name in SHARDED}
        old = {name: path for name, path in old.items() if path.exists() and not self.storage.moving(path)}
        writes: dict[str, dict[str, Any]] = {}
        appends: dict[str, Any] = {}
        if old:
            tables = {name: self.storage.table_data(name) for name in old}
            for name, table in tables.items():
                writes.update(split_sync_table(name, table))
            writes[SHARD_IDS] = {**self.storage.table_data(SHARD_IDS), **last_ids(tables)}
        for name, (split, journal) in SPLIT_FIELDS.items():
            if self.read_only or (self.root / journal).exists() or not (self.root / f"{name}.json").exists():
                continue
            table = self.storage.table_data(name)
            if any(split in doc for doc in table.values()):
                writes[name], appends[journal] = split_field(name, table)
        if not writes:
            return
        self.storage.forget()
        if self.read_only:
            self.storage.preload(writes)
            return
        commits.commit(self.root, self.files,
                       {self.storage.path_of(name): encode(table) for name, table in writes.items()},
                       {self.root / journal: [journal_line(self.files, record)]
                        for journal, record in appends.items()},
                       moves={path: path.with_name(path.name + UNSHARDED_BACKUP) for path in old.values()})

    def _open_single_file(self, single: Path) -> None:
        """A store from before the layout: a reader reads it in memory; a writer lays it out on
        disk, in one commit that also moves the old file aside (SINGLE_FILE_BACKUP)."""
        data = self.files.read_json(single)
        version = check_not_newer(data, str(single))
        if version < SCHEMA_VERSION:
            if not self.read_only:
                write_atomic(single.with_name(f"{STORE_FILE}.schema-v{version}.bak"),
                             single.read_bytes(), mode=FILE_MODE)  # as it is: sealed if it was
            data = upgrade(data)
        if self.read_only:
            self.storage = TableFiles(self.root, self.files, read_only=True,
                                      preloaded=split_single_file(data))
            return
        if self.root.exists() and not is_layout(self.root):
            shutil.rmtree(self.root)  # a layout begun by a writer killed before its commit record
        make_private_dir(self.root)
        make_private_dir(self.root / VISITS_DIR)
        make_private_dir(self.root / REGISTER_DIR)
        for table in SHARDED:
            make_private_dir(self.root / table)
        make_private_dir(self.root / MARKS_DIR)
        self.storage = TableFiles(self.root, self.files, read_only=False)
        tables, journals = split_single_file(data)
        writes = {self.storage.path_of(name): encode(table) for name, table in tables.items()}
        appends = {self.root / name: [journal_line(self.files, r) for r in records]
                   for name, records in journals.items()}
        commits.commit(self.root, self.files, writes, appends,
                       moves={single: self.home_path / SINGLE_FILE_BACKUP}, backups=False)

    def _load_drafts(self) -> None:
        self._drafts = {}
        if not self.drafts_dir.is_dir():
            return
        for path in sorted(self.drafts_dir.glob("*.json")):
            if not path.exists():
                continue  # finalized by a writer while this reader was listing the folder
            draft = self.files.read_json(path)
            if record_key(draft["uuid"], draft["revision"]) in self._visit_index:
                # Finalized, but killed before the draft file went: the record wins.
                if not self.read_only:
                    unlink_durable(path)
                continue
            draft.setdefault("register_base", None)  # a draft begun before schema 2
            self._drafts[draft["uuid"]] = draft

    def _raw(self, table: str) -> dict[str, Any]:
        return self.storage.table_data(table)

    def _rebuild_indexes(self) -> None:
        """Forget the indexes: each is built again from the files when next needed."""
        self._register_ids: dict[str, int] | None = None
        self._visit_periods: dict[str, str] | None = None  # key -> month
        self._later_keys: list[str] = []  # the keys of the index not ending in ".1"
        self._latest_revisions: _LatestRevisions | None = None  # uuid -> latest revision
        self._month_keys: dict[str, dict[str, int]] = {}  # month -> key -> document id

    @property
    def _register_index(self) -> dict[str, int]:
        """Household id -> document id (unique over the register's shards, in the order added)."""
        if self._register_ids is None:
            self._register_ids = dict(self._raw(REGISTER_IDS))
        return self._register_ids

    def _register_view(self) -> _RegisterView:
        return _RegisterView(self)

    def _update_register(self, apply: Callable[[MutableMapping[str, Any]], None],
                         doc_ids: Iterable[int]) -> None:
        """Change the entries of `doc_ids`, shard by shard (inside a transaction)."""
        view = self._register_view()
        by_shard: dict[str, list[int]] = {}
        for doc_id in doc_ids:
            by_shard.setdefault(register_shard(view.household_of(doc_id)), []).append(doc_id)
        for shard, ids in sorted(by_shard.items()):
            self._table(shard).update(apply, doc_ids=ids)
        self._note_assigned([view.household_of(d) for d in doc_ids])

    def _insert_entries(self, entries: list[RegisterEntry]) -> None:
        """Add new entries to their shards and to the register's index (inside a transaction)."""
        index = self._register_index
        next_id = max(index.values(), default=0) + 1
        by_shard: dict[str, list[Document]] = {}
        for n, entry in enumerate(entries):
            by_shard.setdefault(register_shard(entry["id"]), []).append(Document(entry, next_id + n))
        for shard, docs in sorted(by_shard.items()):
            self._table(shard).insert_multiple(docs)
        index.update({entry["id"]: next_id + n for n, entry in enumerate(entries)})
        self.storage.set_table(REGISTER_IDS, dict(index))
        self._note_assigned([entry["id"] for entry in entries])

    @property
    def _visit_index(self) -> dict[str, str]:
        if self._visit_periods is None:
            self._visit_periods, self._later_keys = read_index(self.storage.journal(INDEX))
        return self._visit_periods

    @property
    def _latest(self) -> _LatestRevisions:
        if self._latest_revisions is None:
            index = self._visit_index  # read first: reading it finds its later revisions
            self._latest_revisions = _LatestRevisions(index, self._later_keys)
        return self._latest_revisions

    def _keys_of(self, period: str) -> dict[str, int]:
        keys = self._month_keys.get(period)
        if keys is None:
            keys = self._month_keys[period] = {
                doc["key"]: int(doc_id) for doc_id, doc in self._raw(visits_table(period)).items()}
        return keys

    def _record(self, key: str) -> tuple[str, int, VisitRecord] | None:
        """Where the record under `key` is (its month, its document id) and the record itself."""
        period = self._visit_index.get(key)
        if period is None:
            return None
        doc_id = self._keys_of(period)[key]
        return period, doc_id, self._raw(visits_table(period))[str(doc_id)]

    def _insert_visits(self, records: list[VisitRecord]) -> None:
        """Put new records in their months' files and the index (inside a transaction)."""
        self._note_marks(records)
        by_period: dict[str, list[VisitRecord]] = {}
        for record in records:
            by_period.setdefault(period_of(record), []).append(record)
        index: dict[str, str] = {}
        for period, docs in sorted(by_period.items()):
            table = visits_table(period)
            # A month not read yet gains its rows unread, when its highest id is known (a merge
            # into a month of 2 MB); else TinyDB inserts them, reading the month.
            doc_ids = self.storage.append_unread(table, docs)
            if doc_ids is not None:
                self._tables.pop(table, None)  # TinyDB's table of it counted without these rows
                keys = self._month_keys.get(period)  # None: made from the month when needed
            else:
                keys = self._keys_of(period)
                doc_ids = self._table(table).insert_multiple(docs)
                self.storage.mark_appended(table, doc_ids)  # written as a splice
            for doc, doc_id in zip(docs, doc_ids, strict=True):
                if keys is not None:
                    keys[doc["key"]] = doc_id
                index[doc["key"]] = period
        self.storage.append(INDEX, index_record(index))
        self._visit_index.update(index)
        self._later_keys += [key for key in index if not key.endswith(FIRST)]
        latest = self._latest
        for doc in records:
            latest.note(doc["uuid"], doc["revision"])

    def periods(self) -> list[str]:
        """The months that hold visits ("YYYY-MM"; "undated" for records without a date)."""
        return self.storage.periods()

    def _resync(self) -> None:
        """After a rollback: TinyDB's caches and ours must forget what was undone."""
        self._tables.clear()
        self._sharded.clear()
        self._rebuild_indexes()

    def _table(self, name: str) -> Table:
        table = self._tables.get(name)
        if table is None:
            table = self._tables[name] = DocFile(self.storage, name)
        return table

    def reload(self) -> None:
        self.storage.forget()
        self._open()
        self._resync()

    # -- transactions and sync's tables ---------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Every write inside is one atomic file write at the end; an error undoes them all."""
        self._require_writer()
        try:
            with self.storage.batch():
                yield
        except BaseException:
            if not self.storage.in_batch:
                self._resync()
            raise

    def table(self, name: str) -> DocFile | ShardedTable | SplitFieldTable:
        if name in OWN_TABLES or name.startswith((VISITS, REGISTER, MARKS)) or sharded_of(name):
            raise ValueError(f"table {name!r} belongs to storage; use the Store's methods")
        if name in SHARDED:
            sharded = self._sharded.get(name)
            if sharded is None:
                sharded = self._sharded[name] = ShardedTable(name, self.storage, self._doc_file)
            return sharded
        if name in SPLIT_FIELDS:
            return SplitFieldTable(name, self.storage, lambda: self._doc_file(name))
        return self._doc_file(name)

    def _doc_file(self, name: str) -> DocFile:
        return cast(DocFile, self._table(name))

    def table_names(self) -> list[str]:
        return [name for name in self.storage.table_names()
                if name not in OWN_TABLES and not name.startswith((VISITS, REGISTER))]

    def generation(self) -> int:
        """Always 0: the one writer holds the home's lock, so no one else writes meanwhile
        (storage.backend)."""
        return 0

    def _require_writer(self) -> None:
        if self.read_only:
            raise _err("store_read_only", file=str(self.path))

    def _audit(self, rows: list[AuditRow]) -> None:
        if rows:
            self.storage.append(AUDIT, rows)

    def _audit_row(self, target: str, target_id: str, action: str, field_name: str | None = None,
                   old: Any = None, new: Any = None, at: str | None = None,
                   who: str | None = None) -> AuditRow:
        return {"at": at or now_iso(), "who": self.actor if who is None else who, "target": target,
                "target_id": target_id, "action": action, "field": field_name, "old": old, "new": new}

    def add_audit(self, target: str, target_id: str, action: str, field_name: str | None = None,
                  old: Any = None, new: Any = None, at: str | None = None) -> None:
        """One row of the audit trail for a decision made above storage (sync's settlements),
        written by the store's actor; inside a transaction it is part of it."""
        self._require_writer()
        with self.transaction():
            self._audit([self._audit_row(target, target_id, action, field_name, old, new, at)])

    def audit(self, target_id: str | None = None) -> list[AuditRow]:
        return [copy_json(r) for rows in self.storage.journal(AUDIT) for r in rows
                if target_id is None or r["target_id"] == target_id]

    # -- register ---------------------------------------------------------------------------
    def register_count(self) -> int:
        return len(self._register_index)

    def get_entry(self, household_id: str) -> RegisterEntry | None:
        assigned = self._raw(ASSIGNED).get(household_id) if self._keeps_marks() else None
        if assigned is not None:  # without reading the register's shards (storage.marks)
            return copy_entry(assigned["entry"])
        doc_id = self._register_index.get(household_id)
        if doc_id is None:
            return None
        return copy_entry(self._raw(register_shard(household_id))[str(doc_id)])

    def has_entry(self, household_id: str) -> bool:
        return household_id in self._register_index

    def entries_held(self, household_ids: Iterable[str]) -> set[str]:
        return {h for h in household_ids if h in self._register_index}

    def entries(self) -> list[RegisterEntry]:
        return [copy_entry(doc) for doc in self.register_rows()]

    def register_rows(self) -> Sequence[Mapping[str, Any]]:
        return self._register_view().values()

    def search_entries(self, text: str, limit: int = 50) -> list[RegisterEntry]:
        """Entries whose name, id, village or phone contains `text`; exact ids first."""
        needle = text.strip()
        if not needle:
            return []
        as_id = qrid.normalize(needle)
        folded = needle.casefold()  # Latin names match whatever the case typed
        ranked: list[tuple[int, int, RegisterEntry]] = []
        for order, doc in enumerate(self._register_view().values()):
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
        return [copy_entry(doc) for _, _, doc in ranked[:limit]]

    def _new_entry(self, fields: Mapping[str, Any], household_id: str, at: str, *,
                   any_day: bool = False) -> RegisterEntry:
        cleaned = clean_entry(fields, any_day=any_day)
        if "name" not in cleaned or "category" not in cleaned:
            raise _err("entry_no_name" if "name" not in cleaned else "entry_bad_category", value="",
                       **category_choices())
        category = cleaned["category"]
        # Field by field in this order: the order the register's JSON has always had.
        entry: dict[str, Any] = {"id": household_id, "name": "", "category": "", "priority": "",
                                 "village": "", "address": "", "phone": "", "members": [], "notes": "",
                                 **ENTRY_DEFAULTS}
        entry.update(cleaned)
        if "priority" not in cleaned:
            entry["priority"] = BY_CODE[category].priority
        entry["version"] = 1
        entry["updated"] = at
        return cast(RegisterEntry, entry)  # every field is set above, checked by clean_entry

    def _stored_entry(self, household_id: str) -> RegisterEntry:
        """A copy of the entry of a household known to be on the register."""
        return copy_entry(self._register_view()[str(self._register_index[household_id])])

    def add_entry(self, fields: Mapping[str, Any]) -> RegisterEntry:
        return self._stored_entry(self.upsert_entries([fields]).added[0])

    def _changes(self, current: Mapping[str, Any], changes: Mapping[str, Any], *,
                 any_day: bool = False) -> dict[str, tuple[Any, Any]]:
        cleaned = clean_entry(changes, any_day=any_day)
        if "category" in cleaned and "priority" not in changes:
            cleaned["priority"] = BY_CODE[cleaned["category"]].priority
        return {k: (current.get(k, OFFICE_DEFAULTS.get(k)), v) for k, v in cleaned.items()
                if current.get(k, OFFICE_DEFAULTS.get(k)) != v}

    def update_entry(self, household_id: str, changes: Mapping[str, Any]) -> RegisterEntry:
        """Change some fields of an entry; an audit row per changed field, one version bump."""
        self._require_writer()
        doc_id = self._register_index.get(household_id)
        if doc_id is None:
            raise _err("entry_not_found", id=household_id)
        current = self._register_view()[str(doc_id)]
        diff = self._changes(current, changes)
        if diff:
            at = now_iso()
            with self.transaction():
                self._apply_register_diffs({doc_id: diff}, at)
        return self._stored_entry(household_id)

    def _apply_register_diffs(self, diffs: dict[int, dict[str, tuple[Any, Any]]], at: str) -> None:
        def apply(doc: MutableMapping[str, Any]) -> None:
            # TinyDB hands us each document; find its diff by its id.
            diff = by_id[doc["id"]]
            for name, (_, new) in diff.items():
                doc[name] = copy.deepcopy(new)
            doc["version"] = doc.get("version", 1) + 1
            doc["updated"] = at

        raw = self._register_view()
        by_id = {raw[str(doc_id)]["id"]: diff for doc_id, diff in diffs.items()}
        self._update_register(apply, list(diffs))
        self._audit([self._audit_row("register", hid, "update", name, old, new, at)
                     for hid, diff in by_id.items() for name, (old, new) in diff.items()])

    def apply_merged_changes(self, changes: dict[str, dict[str, Any]], bumps: dict[str, int],
                             updated: dict[str, str]) -> None:
        """Office: the register changes a merge of bundles decided, in one write.

        `changes`: household -> fields; `bumps`: household -> how much its version goes up (the
        number of visits that proposed changes to it, so that two offices merging the same
        bundles in any order count the same); `updated`: household -> the time of the visit
        that changed it (the entry's `updated` comes from the bundles, not from this clock).
        """
        self._require_writer()
        raw = self._register_view()
        plan: dict[int, tuple[dict[str, tuple[Any, Any]], int, str | None]] = {}
        for household in sorted(set(changes) | set(bumps)):
            doc_id = self._register_index.get(household)
            if doc_id is None:
                continue
            diff = self._changes(raw[str(doc_id)], changes.get(household, {}))
            bump = max(bumps.get(household, 0), 1 if diff else 0)
            when = updated.get(household) or None
            if when == raw[str(doc_id)].get("updated"):
                when = None
            if diff or bump or when:
                plan[doc_id] = (diff, bump, when)
        if not plan:
            return
        at = now_iso()

        def apply(doc: MutableMapping[str, Any]) -> None:
            diff, bump, when = by_id[doc["id"]]
            for name, (_, new) in diff.items():
                doc[name] = copy.deepcopy(new)
            doc["version"] = doc.get("version", 1) + bump
            if when:
                doc["updated"] = when

        by_id = {raw[str(doc_id)]["id"]: item for doc_id, item in plan.items()}
        with self.transaction():
            self._update_register(apply, list(plan))
            self._audit([self._audit_row("register", hid, "update", name, old, new, at)
                         for hid, (diff, _, _) in by_id.items() for name, (old, new) in diff.items()])

    def _set_versions(self, versions: dict[int, int]) -> None:
        def apply(doc: MutableMapping[str, Any]) -> None:
            doc["version"] = by_id[doc["id"]]

        raw = self._register_view()
        by_id = {raw[str(doc_id)]["id"]: version for doc_id, version in versions.items()}
        self._update_register(apply, list(versions))

    def upsert_entries(self, entries: Iterable[Mapping[str, Any]], *,
                       keep_versions: bool = False) -> UpsertResult:
        """Add new entries and change existing ones (matched by id) in ONE atomic write.

        An entry equal to what is stored changes nothing: no version bump, no audit row.
        With `keep_versions`, each entry's `version` (an integer >= 1) is stored as given instead
        of being counted here: a device's copy of the office's register carries the office's
        versions, so that the base a visit records (set_register_updates) is the office's. Such a
        copy's dates of death were checked against the office's clock, not this one's.
        """
        self._require_writer()
        result = UpsertResult()
        at = now_iso()
        new_docs: list[RegisterEntry] = []
        diffs: dict[int, dict[str, tuple[Any, Any]]] = {}
        raw = self._register_view()
        taken = set(self._register_index)
        versions: dict[int, int] = {}  # keep_versions: doc id -> the version to store
        for fields in entries:
            given = _version(fields.get("version")) if keep_versions else None
            raw_id = _text(fields.get("id"))
            household_id = qrid.parse(raw_id) if raw_id else ""
            doc_id = self._register_index.get(household_id) if household_id else None
            if doc_id is None:
                if household_id in taken:
                    raise _err("entry_duplicate_id", id=household_id)
                entry = self._new_entry(fields, household_id or qrid.new_id(taken), at,
                                        any_day=keep_versions)
                if given is not None:
                    entry["version"] = given
                taken.add(entry["id"])
                new_docs.append(entry)
                result.added.append(entry["id"])
                continue
            diff = self._changes(raw[str(doc_id)], {k: v for k, v in fields.items() if k != "id"},
                                 any_day=keep_versions)
            if diff:
                diffs[doc_id] = diff
                result.changed.append(household_id)
            else:
                result.unchanged.append(household_id)
            if given is not None and (diff or raw[str(doc_id)].get("version") != given):
                versions[doc_id] = given
        if not new_docs and not diffs and not versions:
            return result
        with self.transaction():
            if diffs:
                self._apply_register_diffs(diffs, at)
            if versions:
                self._set_versions(versions)
            if new_docs:
                self._insert_entries(new_docs)
                self._audit([self._audit_row("register", e["id"], "add", at=at) for e in new_docs])
        return result

    # -- drafts -----------------------------------------------------------------------------
    def _draft_path(self, visit_id: str) -> Path:
        return self.drafts_dir / f"{visit_id}.json"

    def _write_draft(self, draft: Draft) -> None:
        draft["updated"] = now_iso()
        self.files.write_json(self._draft_path(draft["uuid"]), draft)

    def _get_draft(self, visit_id: str) -> Draft:
        draft = self._drafts.get(visit_id)
        if draft is None:
            raise _err("draft_not_found", id=visit_id)
        return draft

    def start_visit(self, household: str, form_id: str, form_version: str, *,
                    started: str | None = None, visit_id: str | None = None) -> Draft:
        import uuid as uuid_module

        self._require_writer()
        visit_id = visit_id or str(uuid_module.uuid4())
        if visit_id in self._drafts or visit_id in self._latest:
            raise _err("visit_exists", id=visit_id)
        draft: Draft = {"uuid": visit_id, "revision": 1, "supersedes": None, "household": household,
                 "form_id": form_id, "form_version": str(form_version), "volunteer": self.actor,
                 "device": self.device, "device_name": self.device_name,
                 "started": started or now_iso(), "ended": None, "answers": {},
                 "register_updates": {}, "register_base": None, "status": "draft"}
        self._write_draft(draft)
        self._drafts[visit_id] = draft
        return copy.deepcopy(draft)

    def start_correction(self, visit_uuid: str) -> Draft:
        """A draft that will supersede the latest revision of a finalized visit."""
        self._require_writer()
        if visit_uuid in self._drafts:
            raise _err("visit_exists", id=visit_uuid)
        latest = self.get_visit(visit_uuid)
        if latest is None:
            raise _err("visit_not_found", id=visit_uuid)
        # Field by field in this order: the order a correction's draft file has always had. The
        # updates it carries were based on what the volunteer saw then: so is the correction. A
        # visit belongs to the day it was made: the correction keeps its `ended`, and gets its own
        # `corrected_at` when finalized, so its money does not move into another month.
        draft: Draft = {
            "uuid": latest["uuid"], "household": latest["household"], "form_id": latest["form_id"],
            "form_version": latest["form_version"], "started": latest["started"],
            "answers": latest["answers"], "register_updates": latest["register_updates"],
            "register_base": latest.get("register_base"),
            "revision": latest["revision"] + 1, "supersedes": latest["revision"],
            "volunteer": self.actor, "device": self.device, "device_name": self.device_name,
            "ended": latest.get("ended"), "corrected_at": None, "status": "draft"}
        self._write_draft(draft)
        self._drafts[visit_uuid] = draft
        return copy.deepcopy(draft)

    def save_answer(self, visit_id: str, slot: Slot | list[Any], value: Any) -> None:
        """Set one answer of a draft; on disk (fsynced) when this returns."""
        self._require_writer()
        draft = self._get_draft(visit_id)
        answers = copy.deepcopy(draft["answers"])  # the draft changes only once the write succeeds
        try:
            set_slot(answers, tuple(slot), value)
        except ValueError as exc:
            raise _err("bad_slot", slot=str(exc)) from None
        self._write_draft({**draft, "answers": answers})
        draft["answers"] = answers

    def set_register_updates(self, visit_id: str, updates: Mapping[str, Any]) -> None:
        """The register changes the visit proposes, `{field: value}` for its household.

        The first call on a draft also records `register_base`: the version of the household's
        register entry at that moment, the one the volunteer is looking at (0 if there is no
        entry). Later calls keep it, so a register import while the visit is under way (which
        brings a newer version the volunteer never saw) does not move it. A correction keeps
        the base of the revision it corrects.
        """
        self._require_writer()
        draft = self._get_draft(visit_id)
        base = draft.get("register_base")
        if base is None:
            entry = self.get_entry(draft["household"])
            base = int(entry.get("version", 1)) if entry else 0
        self._write_draft({**draft, "register_updates": copy.deepcopy(dict(updates)), "register_base": base})
        draft["register_updates"] = copy.deepcopy(dict(updates))
        draft["register_base"] = base

    def set_draft_position(self, visit_id: str, slot: Slot | list[Any]) -> None:
        """Remember the question the volunteer is on, so that a resumed draft opens there.

        Kept in the draft only: a finalized record does not carry it (it is no answer)."""
        self._require_writer()
        draft = self._get_draft(visit_id)
        position = list(slot)
        if draft.get("position") == position:
            return
        self._write_draft({**draft, "position": position})
        draft["position"] = position

    def get_draft(self, visit_id: str) -> Draft | None:
        draft = self._drafts.get(visit_id)
        return copy.deepcopy(draft) if draft else None

    def drafts(self) -> list[Draft]:
        return [copy.deepcopy(d) for d in self._drafts.values()]

    def discard_draft(self, visit_id: str) -> None:
        self._require_writer()
        self._get_draft(visit_id)
        unlink_durable(self._draft_path(visit_id))
        del self._drafts[visit_id]

    def finalize(self, visit_id: str, *, ended: str | None = None) -> VisitRecord:
        """Turn a draft into a finalized record: the record is written first, atomically, and
        only then is the draft file removed.

        `ended` is the moment of finalizing (now by default). For a visit it is its `ended`; for a
        correction it is its `corrected_at`, and the correction keeps the `ended` of the visit.
        """
        self._require_writer()
        if self.storage.in_batch:
            # The draft file goes once the record is on disk; inside an open transaction it is not.
            raise RuntimeError("finalize() cannot run inside store.transaction()")
        draft = self._get_draft(visit_id)
        fields: dict[str, Any] = {k: copy.deepcopy(v) for k, v in draft.items()
                                  if k not in ("updated", "position")}
        moment = ended or now_iso()
        if draft["revision"] > 1:
            fields["corrected_at"] = moment
            # A draft begun before corrections kept their date has none: it is the last resort.
            fields["ended"] = draft.get("ended") or moment
        else:
            fields["ended"] = ended or draft.get("ended") or moment
        fields["status"] = "finalized"
        fields["key"] = record_key(draft["uuid"], draft["revision"])
        fields["hash"] = visit_hash(fields)
        fields["acked"] = False
        fields["received"] = None
        record = cast(VisitRecord, fields)  # a draft's fields and the record's bookkeeping
        at = now_iso()
        rows = [self._audit_row("visit", visit_id, "finalize" if record["revision"] == 1 else "correct",
                                "revision", record["supersedes"], record["revision"], at)]
        if record["supersedes"]:
            before = self.get_visit(visit_id, record["supersedes"])
            rows += [self._audit_row("visit", visit_id, "correct", "answers." + ".".join(map(str, slot)),
                                     old, new, at)
                     for slot, old, new in changed_slots(before["answers"] if before else {},
                                                         record["answers"])]
        with self.transaction():
            self._insert_visits([record])
            self._audit(rows)
        unlink_durable(self._draft_path(visit_id))
        del self._drafts[visit_id]
        return copy_json(record)

    # -- visit records --------------------------------------------------------------------------
    def get_visit(self, visit_uuid: str, revision: int | None = None) -> VisitRecord | None:
        revision = revision or self._latest.get(visit_uuid)
        if revision is None:
            return None
        found = self._record(record_key(visit_uuid, revision))
        return copy_json(found[2]) if found is not None else None

    def latest_visits(self, uuids: Iterable[str]) -> dict[str, VisitRecord]:
        found = {uuid: self.get_visit(uuid) for uuid in dict.fromkeys(uuids) if uuid in self._latest}
        return {uuid: record for uuid, record in found.items() if record is not None}

    def has_visit_record(self, key: str) -> bool:
        return key in self._visit_index

    def visits_held(self, keys: Iterable[str]) -> set[str]:
        return {key for key in keys if key in self._visit_index}

    def visits(self, household: str | None = None, latest_only: bool = False, *,
               period: str | None = None, months: Collection[str] | None = None) -> list[VisitRecord]:
        """The records (of `household`; the latest revisions only), in the order they were
        stored; with `period` ("2026" or "2026-03"), only the months that start with it are read;
        with `months` (as periods() names them), only those.

        Each is a dict of its own, its nested values (answers, register updates) shared with the
        store: read them, never change them (copy one first, as get_visit does)."""
        out: list[VisitRecord] = []
        latest = self._latest if latest_only else _LatestRevisions({}, [])
        wanted = None if months is None else set(months)
        if wanted is not None and period is None and len(wanted) == 1 and not latest_only:
            period = next(iter(wanted))  # one month: its keys, without walking the index
        found_months: dict[str, tuple[dict[str, int], dict[str, Any]]] = {}
        for key, month in self._visit_index.items():  # the index is in the order records came
            if period is not None and not month.startswith(period):
                continue
            if wanted is not None and month not in wanted:
                continue
            found = found_months.get(month)
            if found is None:
                found = found_months[month] = (self._keys_of(month), self._raw(visits_table(month)))
            doc = found[1][str(found[0][key])]
            if household is not None and doc["household"] != household:
                continue
            if latest_only and doc["revision"] != latest.get(doc["uuid"]):
                continue
            out.append(dict(doc))  # type: ignore[arg-type]
        return out

    def visit_facts(self, month: str, reduce: Reducer, tag: str) -> Any:
        """What `reduce` makes of the records of one month (storage.visit_facts): from the file
        kept beside the month's while it matches the month's file, else from the month."""
        table = visits_table(month)
        path = self.storage.path_of(table)
        if not self._visit_facts_cacheable(table, path):
            return reduce(self._raw(table).values())
        return month_facts(self.files, path, cache_dir(self.home_path) / tag / path.name, reduce, tag,
                           self._facts_memo)

    def _visit_facts_cacheable(self, table: str, path: Path) -> bool:
        """Whether the month's file is the month as this store sees it: not while a commit is
        half done, not for a store read from one old file, not after this store changed it."""
        storage = self.storage
        if not self.read_only or getattr(storage, "_preloaded", None) is not None:
            return False
        if path in storage._pending.renames or table in storage._tables:
            return False
        return True

    def visit_count(self) -> int:
        return len(self._visit_index)

    def outbox(self) -> list[VisitRecord]:
        return [copy_json(d) for d in self.visits() if not d.get("acked")]

    def acknowledge(self, keys: Iterable[str]) -> int:
        self._require_writer()
        by_period: dict[str, list[int]] = {}
        for key in sorted(set(keys)):
            found = self._record(key)
            if found is not None and not found[2].get("acked"):
                by_period.setdefault(found[0], []).append(found[1])
        if by_period:
            with self.transaction():
                for period, doc_ids in sorted(by_period.items()):
                    self._table(visits_table(period)).update({"acked": True}, doc_ids=doc_ids)
        return sum(len(ids) for ids in by_period.values())

    def add_received_visits(self, records: Iterable[Mapping[str, Any]]) -> list[str]:
        """Office: keep finalized records from devices as they are. A key already stored is
        skipped (sync/ decides what a different content under the same key means)."""
        at = now_iso()

        def mark(doc: VisitRecord) -> None:
            doc["received"] = at
            doc["acked"] = True

        return self._add_records(records, "receive", mark)

    def replace_received_visit(self, record: Mapping[str, Any]) -> VisitRecord:
        """Office: put `record` in the place of the stored record with the same key.

        sync/'s conflict rule keeps, of several contents under one key, the one its device sent
        first in the visits table (the others in its own tables), so that the outcome does not
        depend on the order bundles arrive in: when one sent earlier arrives later, it takes the
        stored one's place. The record keeps its document id (the indexes stay right) and the
        time the key was first received; an audit row names both hashes. Inside a transaction it
        is part of it; alone, it is one atomic write. Returns the record as stored.
        """
        self._require_writer()
        key = record_key(record["uuid"], int(record["revision"]))
        found = self._record(key)
        if found is None:
            raise _err("visit_not_found", id=key)
        period, doc_id, current = found
        doc = _as_record(record, {"received": current.get("received"), "acked": True})
        if doc["hash"] == current.get("hash"):
            return copy_json(current)
        row = self._audit_row("visit", doc["uuid"], "replace", "hash", current.get("hash"), doc["hash"])

        def swap(stored: MutableMapping[str, Any]) -> None:
            stored.clear()
            stored.update(doc)

        with self.transaction():
            self._replace_marks(current, doc)
            if period_of(doc) == period:
                self._table(visits_table(period)).update(swap, doc_ids=[doc_id])
            else:  # its date moved it to another month's file
                self._table(visits_table(period)).remove(doc_ids=[doc_id])
                del self._month_keys[period][key]
                self._insert_visits([doc])
            self._audit([row])
        return copy_json(doc)

    def add_finalized_visits(self, records: Iterable[Mapping[str, Any]]) -> list[str]:
        """Device: many of this device's own finalized visits at once, in the form finalize()
        gives them (the demo generator; an import). `acked` is kept if given, else False."""
        def mark(doc: VisitRecord) -> None:
            doc["acked"] = bool(doc.get("acked", False))
            doc["received"] = None

        return self._add_records(records, "finalize", mark)

    def _add_records(self, records: Iterable[Mapping[str, Any]], action: str,
                     mark: Callable[[VisitRecord], None]) -> list[str]:
        self._require_writer()
        new: list[VisitRecord] = []
        seen: set[str] = set()
        for record in records:
            doc = _as_record(record)
            if doc["key"] in self._visit_index or doc["key"] in seen:
                continue
            mark(doc)
            seen.add(doc["key"])
            new.append(doc)
        if new:
            with self.transaction():
                self._insert_visits(new)
                self._audit([self._audit_row("visit", d["uuid"], action, "revision", d["supersedes"],
                                             d["revision"], d.get("received") or d.get("ended"),
                                             who=d["volunteer"] if action == "finalize" else None)
                             for d in new])
            # A draft this record finalizes is dropped, as when the store opens.
            for doc in new:
                draft = self._drafts.get(doc["uuid"])
                if draft and draft["revision"] == doc["revision"] and not self.storage.in_batch:
                    unlink_durable(self._draft_path(doc["uuid"]))
                    del self._drafts[doc["uuid"]]
        return [d["key"] for d in new]

    # -- assignment -------------------------------------------------------------------------
    def set_assignment(self, household_ids: list[str], *, source: str | None = None) -> None:
        self._require_writer()
        table = self._table("assignment")
        with self.transaction():
            table.truncate()
            table.insert({"households": list(household_ids), "source": source, "set": now_iso()})
            if self._keeps_marks():
                self._note_assigned(household_ids, whole=True)

    def assignment(self) -> list[str]:
        docs = list(self._raw("assignment").values())
        return list(docs[0]["households"]) if docs else []

    # -- misc ---------------------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return schema_of({"_meta": self._raw("_meta")})

    def close(self) -> None:
        self.storage.close()


class _LatestRevisions:
    """uuid -> its latest revision, over the visit index. Most keys are first revisions: a uuid is
    looked up in the index as `<uuid>.1`, and only the later revisions are kept apart (building a
    map of every uuid was a tenth of a merge's time at 100,000 visits). `later` are the index's
    keys that do not end in ".1" (storage.visit_index finds them as it reads the index)."""

    def __init__(self, index: Mapping[str, str], later: Iterable[str]) -> None:
        self._index = index
        self._later: dict[str, int] = {}
        for key in later:
            uuid, _, revision = key.rpartition(".")
            self.note(uuid, int(revision))

    def note(self, uuid: str, revision: int) -> None:
        """A record of `uuid` at `revision` joined the index."""
        if revision > self._later.get(uuid, 1):
            self._later[uuid] = revision

    def get(self, uuid: str, default: int | None = None) -> int | None:
        later = self._later.get(uuid)
        if later is not None:
            return later
        return 1 if f"{uuid}.1" in self._index else default

    def __contains__(self, uuid: object) -> bool:
        return isinstance(uuid, str) and self.get(uuid) is not None


class DocFile(Table):
    """A TinyDB table with storage.backend.DocTable's lookups: rows are made Documents only when
    they match (the raw rows of the table's file are scanned, not wrapped one by one)."""

    def find(self, field: str, values: Iterable[Any]) -> list[Document]:
        wanted = set(values)
        if not wanted:
            return []
        rows = self._read_table()
        return [Document(doc, int(doc_id)) for doc_id, doc in rows.items()
                if isinstance(value := doc.get(field), (str, int)) and value in wanted]

    def pick(self, fields: Sequence[str]) -> list[dict[str, Any]]:
        rows = self._read_table()
        return [{"doc_id": int(doc_id), **{f: doc[f] for f in fields if f in doc}}
                for doc_id, doc in rows.items()]


class _RegisterView(Mapping[str, Any]):
    """The register's shards seen as the one table {document id: entry} they were, in order."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._households: dict[int, str] | None = None

    def household_of(self, doc_id: int) -> str:
        if self._households is None:
            self._households = {d: h for h, d in self._store._register_index.items()}
        return self._households[doc_id]

    def __getitem__(self, doc_id: str) -> Any:
        household = self.household_of(int(doc_id))
        return self._store._raw(register_shard(household))[doc_id]

    def __iter__(self) -> Iterator[str]:
        return (str(d) for d in sorted(self._store._register_index.values()))

    def __len__(self) -> int:
        return len(self._store._register_index)

    def values(self) -> Any:  # in the order entries were added, one shard file read at a time
        index = self._store._register_index
        rows = [(int(doc_id), doc) for n in range(REGISTER_SHARDS)
                for doc_id, doc in self._store._raw(f"{REGISTER}{n:02d}").items()
                if index.get(doc.get("id")) == int(doc_id)]
        rows.sort(key=lambda row: row[0])
        return [doc for _, doc in rows]


def _as_record(record: Mapping[str, Any], bookkeeping: Mapping[str, Any] | None = None) -> VisitRecord:
    """A finalized record from elsewhere (a device's, a bundle's, the demo's) as the visits table
    keeps it: its own copy, with the fields an older record may lack, its key, status, the given
    bookkeeping (acked, received) and its hash."""
    doc = copy_json(dict(record))
    doc["revision"] = int(doc["revision"])
    doc.setdefault("supersedes", None)
    doc.setdefault("register_updates", {})
    doc.setdefault("register_base", None)
    doc["key"] = record_key(doc["uuid"], doc["revision"])
    doc["status"] = "finalized"
    doc.update(bookkeeping or {})
    doc["hash"] = visit_hash(doc)
    return cast(VisitRecord, doc)  # a checked record (sync.content) or one this code wrote

