"""The store on disk: one file per table, visits one file per month, two append-only journals.

    store/
      meta.json            the _meta table (schema, kind)
      register/07.json     the register in 32 shards, by a hash of the household id
      register_ids.json    household id -> document id (unique over the shards, in the order added)
      sync_proposals/07.json, sync_applied/..., sync_sent_entries/..., sync_conflicts/...: sync's
                           tables that grow with the visits, each in 32 shards by a hash of the
                           household (storage.sharded); shard_ids.json the last id each gave
      assignment.json, sync_*.json, ...: one file per table
      visits/2026-03.json  the visits that ended in that month (undated.json: none could be read)
      month_ids.json       each month's highest document id, and the digest of the file it is
                           for (storage.month_ids): rows added to a month without reading it
      visit_marks/07.json  a laptop's: each household's visits as the assignments list needs
                           them (storage.marks), in 32 shards; visit_marks/built.json once made
      visits.idx           journal: which month holds each visit key (storage.visit_index)
      sync_bundles.keys.log journal: the visit keys of each bundle merged (not in sync_bundles.json)
      audit.log            journal: the audit trail
      commit.json          only while a change is being committed (storage.commit)

Every file goes through the home's HomeFiles (sealed when the home is encrypted); a journal holds
one sealed record per line. `TableFiles` is the TinyDB Storage over them: a table's file is read
when the table is first used, and a commit writes only the tables that changed and appends to the
journals, all in one commit record. A month of visits (or the bundle log) that only gained rows
since it was read or written is written as its previous bytes with the new rows spliced in
(`mark_appended`): the same bytes as encoding it again, without encoding a megabyte for one
visit; rows added to a month not read (`append_unread`) are spliced in likewise, numbered from
month_ids.json. A store kept in one `store.json` (doorstep before this layout) is read into the
same shape in memory (`split_single_file`), for a reader, or written out in it once by a writer
(storage.store).
"""

from __future__ import annotations

import contextlib
import itertools
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Any, cast

from doorstep.i18n import Message, UserError
from doorstep.storage import commit as commits
from doorstep.storage import month_ids
from doorstep.storage.files import HomeFiles
from doorstep.storage.journal import journal_line, read_journal
from doorstep.storage.marks import MARKS_DIR, is_marks_table
from doorstep.storage.messages import MESSAGES
from doorstep.storage.safe_json import encode, encode_appended
from doorstep.storage.visit_index import index_record
from tinydb.storages import Storage

STORE_DIR = "store"
META_FILE = "meta.json"
VISITS_DIR = "visits"
VISITS = "visits/"  # table name prefix of a month of visits: "visits/2026-03"
INDEX = "visits.idx"
AUDIT = "audit.log"
JOURNALS = (INDEX, AUDIT)
UNDATED = "undated"
REGISTER = "register/"  # table name prefix of a shard of the register: "register/07"
REGISTER_DIR = "register"
REGISTER_IDS = "register_ids"
REGISTER_SHARDS = 32
# sync's tables that grow with the visits (a row per proposal, field applied, version sent, flag),
# each split like the register by a hash of the household its rows are about: a merge reads and
# writes the shards of the households its stick proposes changes for, not the whole table.
SHARDED = ("sync_proposals", "sync_applied", "sync_sent_entries", "sync_conflicts")
SHARD_FIELD = "household"
SYNC_SHARDS = 32
SHARD_IDS = "shard_ids"  # table name -> the last document id that table gave
MONTH_IDS = "month_ids"  # month of visits -> its highest document id (storage.month_ids)
UNSHARDED_BACKUP = ".unsharded.bak"
# A field of a sync table kept out of its rows, in a journal of its own (storage.split_field):
# what only grows and is rarely read, every visit key of every bundle merged (4.8 MB at 100,000
# visits, read and written whole by each merge while it sat in the rows).
SPLIT_FIELDS = {"sync_bundles": ("keys", "sync_bundles.keys.log")}
_SHARD = re.compile(r"\A\d{2}\Z")
_TABLE_NAME = re.compile(r"\A[A-Za-z0-9_]+\Z")
_PERIOD = re.compile(r"\A(\d{4}-\d{2}|undated)\Z")
_MONTH = re.compile(r"\A\d{4}-(0[1-9]|1[0-2])")


def period_of(record: Mapping[str, Any]) -> str:
    """The month a visit belongs to: that of its `ended` (a correction keeps its visit's)."""
    when = record.get("ended") or record.get("started") or ""
    if isinstance(when, str) and _MONTH.match(when):
        return when[:7]
    return UNDATED


def register_shard(household_id: str) -> str:
    """The table of the register's shard that holds `household_id`'s entry."""
    return f"{REGISTER}{zlib.crc32(household_id.encode('utf-8')) % REGISTER_SHARDS:02d}"


def sync_shard(table: str, household: Any) -> str:
    """The shard of the sharded sync table `table` that holds the rows about `household`."""
    value = household if isinstance(household, str) else ""
    return f"{table}/{zlib.crc32(value.encode('utf-8')) % SYNC_SHARDS:02d}"


def sync_shards(table: str) -> list[str]:
    return [f"{table}/{n:02d}" for n in range(SYNC_SHARDS)]


def sharded_of(name: str) -> str | None:
    """The sharded sync table that `name` is a shard of ("sync_proposals/07"), if it is one."""
    table, _, shard = name.partition("/")
    return table if table in SHARDED and _SHARD.match(shard) else None


def visits_table(period: str) -> str:
    return VISITS + period


def is_layout(root: Path) -> bool:
    return (root / META_FILE).exists() or (root / commits.RECORD).exists()


class _Tables(MutableMapping[str, Any]):
    """What TinyDB's Table sees as the whole database: each table read when first asked for."""

    def __init__(self, owner: TableFiles) -> None:
        self._owner = owner

    def __getitem__(self, name: str) -> dict[str, Any]:
        return self._owner.table_data(name)

    def __setitem__(self, name: str, value: dict[str, Any]) -> None:
        self._owner.set_table(name, value)

    def __delitem__(self, name: str) -> None:
        self._owner.set_table(name, {})

    def __iter__(self) -> Iterator[str]:
        return iter(self._owner.table_names())

    def __len__(self) -> int:
        return len(self._owner.table_names())


class TableFiles(Storage):
    """TinyDB Storage over the layout; `read_only=True` refuses every write. With `preloaded`
    (tables, journals), everything is in memory already (an old home opened by a reader)."""

    def __init__(self, root: Path, files: HomeFiles, *, read_only: bool,
                 preloaded: tuple[dict[str, dict[str, Any]], dict[str, list[Any]]] | None = None) -> None:
        self.root = root
        self.files = files
        self.read_only = read_only
        self._preloaded = preloaded
        self._tables: dict[str, dict[str, Any]] = {}
        self._dirty: set[str] = set()
        self._appends: dict[str, list[Any]] = {}
        # A writer's months of visits and bundle log: their row counts and their files' identity
        # when read or written, so that new rows can be spliced into the file's bytes
        # (mark_appended) once it is known to hold the table as it was. The bytes are read again
        # then, not kept: an office's session reads every month for its summaries.
        self._clean: dict[str, tuple[int, tuple[int, int, int] | None]] = {}
        # A changed table -> the ids of the rows added to it, when that is all that changed (None:
        # it is written whole).
        self._added: dict[str, list[str] | None] = {}
        # Months of visits that gained rows without being read (append_unread): the content of
        # the month's file, its highest document id then, and the rows added by document id.
        self._unread: dict[str, tuple[bytes, int, dict[str, Any]]] = {}
        self._batch_depth = 0
        self.writes = 0  # commits done: lets tests and benchmarks see batching work
        self.loads = 0  # table files parsed: lets tests see a merge read only what it needs
        self._view = _Tables(self)
        self._pending = commits.Pending()
        self.forget()

    # -- where things are ---------------------------------------------------------------------
    def path_of(self, name: str) -> Path:
        if name == "_meta":
            return self.root / META_FILE
        if name.startswith(VISITS):
            period = name[len(VISITS):]
            if not _PERIOD.match(period):
                raise ValueError(f"not a period: {period!r}")
            return self.root / VISITS_DIR / f"{period}.json"
        if name.startswith(REGISTER):
            shard = name[len(REGISTER):]
            if not _SHARD.match(shard):
                raise ValueError(f"not a shard: {shard!r}")
            return self.root / REGISTER_DIR / f"{shard}.json"
        sharded = sharded_of(name)
        if sharded is not None:
            return self.root / sharded / f"{name.partition('/')[2]}.json"
        if is_marks_table(name):
            return self.root / MARKS_DIR / f"{name.partition('/')[2]}.json"
        if not _TABLE_NAME.match(name):
            raise ValueError(f"not a table name: {name!r}")
        return self.root / f"{name}.json"

    def folders(self) -> list[Path]:
        return [self.root, self.root / VISITS_DIR, self.root / REGISTER_DIR,
                *(self.root / table for table in SHARDED), self.root / MARKS_DIR]

    def periods(self) -> list[str]:
        """Every month that holds visits (or is about to), in order."""
        found = {n[len(VISITS):] for n in self._tables if n.startswith(VISITS) and self._tables[n]}
        if self._preloaded is None:
            folder = self.root / VISITS_DIR
            on_disk = [p for p in folder.glob("*.json")] if folder.is_dir() else []
            on_disk += [t for t in self._pending.renames if t.parent == folder]
            found |= {p.stem for p in on_disk if _PERIOD.match(p.stem)}
        return sorted(found)

    def table_names(self) -> list[str]:
        """The tables written to: those with a file, and those changed in the open transaction.
        A sharded sync table is named once, by its own name."""
        names = {n for n, data in self._tables.items() if data or n in self._dirty}
        if self._preloaded is not None:
            names |= set(self._preloaded[0])
        if self._preloaded is None:
            pending = [t for t in self._pending.renames if t.parent == self.root]
            names |= {p.stem for p in [*self.root.glob("*.json"), *pending]
                      if p.suffix == ".json" and p.name not in (META_FILE, commits.RECORD)}
            names |= {visits_table(p) for p in self.periods()}
            shards = [*(self.root / REGISTER_DIR).glob("*.json"),
                      *(t for t in self._pending.renames if t.parent == self.root / REGISTER_DIR)]
            names |= {REGISTER + p.stem for p in shards if _SHARD.match(p.stem)}
            for table in SHARDED:
                folder = self.root / table
                found = [*folder.glob("*.json"), *(t for t in self._pending.renames if t.parent == folder)]
                if any(_SHARD.match(p.stem) for p in found):
                    names.add(table)
        return sorted({sharded_of(n) or n for n in names})

    # -- tables -------------------------------------------------------------------------------
    def table_data(self, name: str) -> dict[str, Any]:
        data = self._tables.get(name)
        if data is None:
            data = self._tables[name] = self._load(name)
            unread = self._unread.pop(name, None)
            if unread is not None:  # rows added unread: now a table read, then added to
                data.update(unread[2])
                self._added[name] = list(unread[2])
        return data

    def _load(self, name: str) -> dict[str, Any]:
        if self._preloaded is not None:
            return self._preloaded[0].get(name, {})
        path = self.path_of(name)
        source = self._pending.renames.get(path, path)
        for candidate in (source, path):  # the .next may have been renamed since we looked
            if candidate.exists():
                self.loads += 1
                data = cast("dict[str, Any]", self.files.read_json(candidate))
                if self._splices(name):
                    self._clean[name] = (len(data), _identity(path))
                return data
        if self._splices(name):
            self._clean[name] = (0, None)
        return {}

    def _splices(self, name: str) -> bool:
        """Whether new rows of `name` are spliced into its bytes: a writer's tables that grow by
        a few rows at a time, the months of visits and the bundle log (SPLIT_FIELDS' tables)."""
        return not self.read_only and self._preloaded is None and (
            name.startswith(VISITS) or name in SPLIT_FIELDS)

    def moving(self, path: Path) -> bool:
        """Whether the commit being written (a reader's view) moves `path` elsewhere."""
        return path in self._pending.renames.values()

    def preload(self, tables: Mapping[str, dict[str, Any]]) -> None:
        """Hold `tables` as if read from their files (a reader's copy of an older layout)."""
        self._tables.update(tables)

    def set_table(self, name: str, value: dict[str, Any]) -> None:
        self._require_writer()
        self.path_of(name)  # a name the layout can store
        self._tables[name] = value
        # A first change may be an insert (mark_appended says so); any later one is written whole.
        self._added[name] = [] if name not in self._dirty else None
        self._dirty.add(name)

    def append_unread(self, name: str, rows: Iterable[Mapping[str, Any]]) -> list[int] | None:
        """Add `rows` to the month of visits `name` without reading its rows, numbered as TinyDB
        would (from the month's highest document id, storage.month_ids); written as a splice of the
        file's bytes. None, changing nothing, when that id is not known for the file as it is, or
        the month has been read: then the caller inserts through TinyDB."""
        self._require_writer()
        if not (self._splices(name) and name.startswith(VISITS)) or name in self._tables:
            return None
        unread = self._unread.get(name)
        if unread is None:
            path = self.path_of(name)
            if not path.exists():
                return None  # nothing to read: TinyDB's insert costs nothing
            content = self.files.read(path)
            last = month_ids.last_id(self.table_data(MONTH_IDS).get(name), content)
            if last is None or not (content.startswith(b"{") and content.endswith(b"}")):
                return None
            unread = self._unread[name] = (content, last, {})
        added = unread[2]
        new = [dict(row) for row in rows]
        first = unread[1] + len(added) + 1
        ids = list(range(first, first + len(new)))
        added.update(zip(map(str, ids), new, strict=True))
        self._dirty.add(name)
        return ids

    def mark_appended(self, name: str, doc_ids: Iterable[int | str]) -> None:
        """The last change to `name` (a set_table by TinyDB's insert) only added the rows
        `doc_ids`, after the rows it had: its file is then written as its previous bytes with
        them spliced in. Ignored when the table had changed before in this transaction."""
        if self._added.get(name) == []:
            self._added[name] = [str(d) for d in doc_ids]

    def journal(self, name: str) -> list[Any]:
        """The records of a journal, with those appended in the open transaction."""
        if self._preloaded is not None:
            records = list(self._preloaded[1].get(name, []))
        else:
            path = self.root / name
            size, lines = self._pending.appends.get(path, (None, None))
            records = read_journal(path, self.files, size=size, then=lines)
        return records + self._appends.get(name, [])

    def append(self, name: str, record: Any) -> None:
        """Add `record` to a journal: in the open transaction's commit, or in one of its own."""
        self._require_writer()
        self._appends.setdefault(name, []).append(record)
        if not self._batch_depth:
            self._flush()

    # -- TinyDB's Storage interface -----------------------------------------------------------
    def read(self) -> dict[str, dict[str, Any]] | None:
        # TinyDB only looks tables up in what read() gives and assigns them back: the view, which
        # loads a table's file when first asked, serves as the dict TinyDB's type names.
        return cast("dict[str, dict[str, Any]]", self._view)

    def write(self, data: Mapping[str, Any]) -> None:
        self._require_writer()
        if data is not self._view:  # not through our view (TinyDB always writes what it read)
            for name, table in data.items():
                self.set_table(name, table)
        if not self._batch_depth:
            self._flush()

    def close(self) -> None:
        self.forget()

    def _require_writer(self) -> None:
        if self.read_only:
            raise UserError(Message(MESSAGES, "store_read_only", {"file": str(self.root)}))

    # -- transactions -------------------------------------------------------------------------
    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        self._batch_depth += 1
        try:
            yield
        except BaseException:
            self._batch_depth -= 1
            if self._batch_depth == 0:
                self.discard_changes()
            raise
        self._batch_depth -= 1
        if self._batch_depth == 0 and (self._dirty or self._appends):
            self._flush()

    @property
    def in_batch(self) -> bool:
        return self._batch_depth > 0

    def discard_changes(self) -> None:
        """Forget what was not committed: a changed table is read again from its file."""
        for name in self._dirty:
            self._tables.pop(name, None)
            self._clean.pop(name, None)
        self._dirty.clear()
        self._added.clear()
        self._unread.clear()
        self._appends.clear()

    def forget(self) -> None:
        """Forget everything read: the next use reads the files again."""
        self._tables.clear()
        self._dirty.clear()
        self._added.clear()
        self._unread.clear()
        self._clean.clear()
        self._appends.clear()
        if self.read_only and self._preloaded is None:
            self._pending = commits.pending(self.root, self.files)

    def _encoded(self, name: str) -> bytes:
        """The bytes of table `name` as it is now: its previous bytes with the rows added spliced
        in, when that is all that changed (safe_json.encode_appended: what encode gives), else
        encoded whole."""
        unread = self._unread.get(name)
        if unread is not None:
            return encode_appended(unread[0], unread[2])
        table = self._tables[name]
        added, clean = self._added.get(name), self._clean.get(name)
        if added and clean is not None and len(table) == clean[0] + len(added) \
                and list(itertools.islice(reversed(table), len(added)))[::-1] == added:
            path = self.path_of(name)
            if clean[1] is None and not path.exists():
                return encode_appended(b"{}", {doc_id: table[doc_id] for doc_id in added})
            if clean[1] is not None and _identity(path) == clean[1]:
                previous = self.files.read(path)
                return encode_appended(previous, {doc_id: table[doc_id] for doc_id in added})
        return encode(table)

    def _flush(self) -> None:
        encoded = {name: self._encoded(name) for name in sorted(self._dirty)}
        months = {name: data for name, data in encoded.items() if name.startswith(VISITS)}
        if months:  # their highest ids, in the commit that writes them (storage.month_ids)
            ids = dict(self.table_data(MONTH_IDS))
            for name, data in months.items():
                unread = self._unread.get(name)
                # The highest id in the file, from which TinyDB numbers in a new process (not
                # the next id a Table of this process may hold, after its last row was removed).
                last = unread[1] + len(unread[2]) if unread is not None else \
                    max((int(k) for k in self._tables[name]), default=0)
                ids[name] = month_ids.entry(data, last)
            self._tables[MONTH_IDS] = ids
            self._dirty.add(MONTH_IDS)
            encoded[MONTH_IDS] = encode(ids)
        writes = {self.path_of(name): data for name, data in encoded.items()}
        appends = {self.root / name: [journal_line(self.files, r) for r in records]
                   for name, records in self._appends.items() if records}
        try:
            commits.commit(self.root, self.files, writes, appends)
        except BaseException:
            self.discard_changes()
            raise
        for name in encoded:
            if self._splices(name) and name in self._tables:
                self._clean[name] = (len(self._tables[name]), _identity(self.path_of(name)))
        self._dirty.clear()
        self._added.clear()
        self._unread.clear()
        self._appends.clear()
        self.writes += 1


def _identity(path: Path) -> tuple[int, int, int] | None:
    """What tells a file's content changed, short of reading it: its inode, size and mtime."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def data_files(home_path: Path) -> list[Path]:
    """Every file that holds the store's data (not backups): for sizes and baselines."""
    root = home_path / STORE_DIR
    return sorted([*root.glob("*.json"), *root.glob("*.idx"), *root.glob("*.log"),
                   *(root / VISITS_DIR).glob("*.json"), *(root / REGISTER_DIR).glob("*.json"),
                   *(p for table in SHARDED for p in (root / table).glob("*.json")),
                   *(root / MARKS_DIR).glob("*.json")])


def split_single_file(data: Mapping[str, Any]) -> tuple[dict[str, dict[str, Any]], dict[str, list[Any]]]:
    """The tables and journals of the layout, from the data of a single-file store."""
    tables: dict[str, dict[str, Any]] = {}
    journals: dict[str, list[Any]] = {}
    index: dict[str, str] = {}
    for name, table in data.items():
        if name == "visits":
            for _, doc in sorted(table.items(), key=lambda item: int(item[0])):
                period = period_of(doc)
                part = tables.setdefault(visits_table(period), {})
                part[str(len(part) + 1)] = doc
                index[doc["key"]] = period
        elif name == "register":
            ids: dict[str, int] = {}
            for doc_id, doc in sorted(table.items(), key=lambda item: int(item[0])):
                tables.setdefault(register_shard(doc["id"]), {})[doc_id] = doc
                ids[doc["id"]] = int(doc_id)
            tables[REGISTER_IDS] = ids
        elif name == "audit":
            rows = [doc for _, doc in sorted(table.items(), key=lambda item: int(item[0]))]
            if rows:
                journals[AUDIT] = [rows]
        elif name in SPLIT_FIELDS:
            tables[name], record = split_field(name, table)
            if record:
                journals[SPLIT_FIELDS[name][1]] = [record]
        elif name in SHARDED:
            tables.update(split_sync_table(name, table))
            tables.setdefault(SHARD_IDS, {}).update(last_ids({name: table}))
        else:
            tables[name] = dict(table)
    if index:
        journals[INDEX] = [index_record(index)]
    return tables, journals


def split_sync_table(name: str, table: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The shards of the sharded sync table `name`, from its rows in one table (its file before
    storage.sharded, or a single-file store's): each row keeps its document id."""
    shards: dict[str, dict[str, Any]] = {}
    for doc_id, doc in sorted(table.items(), key=lambda item: int(item[0])):
        shards.setdefault(sync_shard(name, doc.get(SHARD_FIELD)), {})[doc_id] = doc
    return shards


def split_field(name: str, table: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The rows of `name` without its SPLIT_FIELDS field, and the journal record of that field
    (document id -> value; None for a row without it)."""
    field = SPLIT_FIELDS[name][0]
    rows: dict[str, Any] = {}
    record: dict[str, Any] = {}
    for doc_id, doc in table.items():
        rows[doc_id] = {k: v for k, v in doc.items() if k != field}
        record[doc_id] = doc.get(field)
    return rows, record


def split_values(records: list[Any]) -> dict[int, Any]:
    """Document id -> the split field's value, from the records of its journal (the last wins)."""
    out: dict[int, Any] = {}
    for record in records:
        out.update((int(k), v) for k, v in record.items())
    return out


def last_ids(tables: Mapping[str, Mapping[str, Any]]) -> dict[str, int]:
    """The last document id of each of these tables (for SHARD_IDS)."""
    return {name: max((int(k) for k in table), default=0) for name, table in tables.items()}


def as_single_file(root: Path, files: HomeFiles) -> dict[str, dict[str, Any]]:
    """The data of a laid-out store in the shape of a single-file store: tables by name, the
    months of visits together (renumbered) and the audit trail as a table (tests, tools)."""
    storage = TableFiles(root, files, read_only=True)
    out: dict[str, dict[str, Any]] = {}
    for name in ["_meta", *storage.table_names()]:
        data = storage.table_data(name)
        if name.startswith(VISITS):
            visits = out.setdefault("visits", {})
            for doc in data.values():
                visits[str(len(visits) + 1)] = doc
        elif name.startswith(REGISTER):
            out.setdefault("register", {}).update(data)
        elif name in (REGISTER_IDS, SHARD_IDS, MONTH_IDS):
            continue
        elif name in SHARDED:
            docs = {k: v for shard in sync_shards(name) for k, v in storage.table_data(shard).items()}
            if docs:
                out[name] = dict(sorted(docs.items(), key=lambda item: int(item[0])))
        elif name in SPLIT_FIELDS and data:
            field, journal = SPLIT_FIELDS[name]
            values = split_values(storage.journal(journal))
            out[name] = {k: {**doc, field: values[int(k)]} if values.get(int(k)) is not None else doc
                         for k, doc in data.items()}
        elif data:
            out[name] = data
    if "register" in out:
        out["register"] = dict(sorted(out["register"].items(), key=lambda item: int(item[0])))
    rows = [row for record in storage.journal(AUDIT) for row in record]
    if rows:
        out["audit"] = {str(n): row for n, row in enumerate(rows, 1)}
    return out
