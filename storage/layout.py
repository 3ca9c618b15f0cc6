"""The store on disk: one file per table, visits one file per month, two append-only journals.

    store/
      meta.json            the _meta table (schema, kind)
      register/07.json     the register in 32 shards, by a hash of the household id
      register_ids.json    household id -> document id (unique over the shards, in the order added)
      assignment.json, sync_*.json, ...: one file per table
      visits/2026-03.json  the visits that ended in that month (undated.json: none could be read)
      visits.idx           journal: which month holds each visit key
      audit.log            journal: the audit trail
      commit.json          only while a change is being committed (storage.commit)

Every file goes through the home's HomeFiles (sealed when the home is encrypted); a journal holds
one sealed record per line. `TableFiles` is the TinyDB Storage over them: a table's file is read
when the table is first used, and a commit writes only the tables that changed and appends to the
journals, all in one commit record. A store kept in one `store.json` (doorstep before this
layout) is read into the same shape in memory (`split_single_file`), for a reader, or written out
in it once by a writer (storage.store).
"""

from __future__ import annotations

import contextlib
import re
import zlib
from collections.abc import Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Any, cast

from doorstep.i18n import Message, UserError
from doorstep.storage import commit as commits
from doorstep.storage.files import HomeFiles
from doorstep.storage.journal import journal_line, read_journal
from doorstep.storage.messages import MESSAGES
from doorstep.storage.safe_json import encode
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
        if not _TABLE_NAME.match(name):
            raise ValueError(f"not a table name: {name!r}")
        return self.root / f"{name}.json"

    def folders(self) -> list[Path]:
        return [self.root, self.root / VISITS_DIR, self.root / REGISTER_DIR]

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
        """The tables written to: those with a file, and those changed in the open transaction."""
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
        return sorted(names)

    # -- tables -------------------------------------------------------------------------------
    def table_data(self, name: str) -> dict[str, Any]:
        data = self._tables.get(name)
        if data is None:
            data = self._tables[name] = self._load(name)
        return data

    def _load(self, name: str) -> dict[str, Any]:
        if self._preloaded is not None:
            return self._preloaded[0].get(name, {})
        path = self.path_of(name)
        source = self._pending.renames.get(path, path)
        for candidate in (source, path):  # the .next may have been renamed since we looked
            if candidate.exists():
                self.loads += 1
                data = self.files.read_json(candidate)
                return data
        return {}

    def preload(self, tables: Mapping[str, dict[str, Any]]) -> None:
        """Hold `tables` as if read from their files (a reader's copy of an older layout)."""
        self._tables.update(tables)

    def set_table(self, name: str, value: dict[str, Any]) -> None:
        self._require_writer()
        self.path_of(name)  # a name the layout can store
        self._tables[name] = value
        self._dirty.add(name)

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
        self._dirty.clear()
        self._appends.clear()

    def forget(self) -> None:
        """Forget everything read: the next use reads the files again."""
        self._tables.clear()
        self._dirty.clear()
        self._appends.clear()
        if self.read_only and self._preloaded is None:
            self._pending = commits.pending(self.root, self.files)

    def _flush(self) -> None:
        writes = {self.path_of(name): encode(self._tables[name]) for name in sorted(self._dirty)}
        appends = {self.root / name: [journal_line(self.files, r) for r in records]
                   for name, records in self._appends.items() if records}
        try:
            commits.commit(self.root, self.files, writes, appends)
        except BaseException:
            self.discard_changes()
            raise
        self._dirty.clear()
        self._appends.clear()
        self.writes += 1


def data_files(home_path: Path) -> list[Path]:
    """Every file that holds the store's data (not backups): for sizes and baselines."""
    root = home_path / STORE_DIR
    return sorted([*root.glob("*.json"), *root.glob("*.idx"), *root.glob("*.log"),
                   *(root / VISITS_DIR).glob("*.json"), *(root / REGISTER_DIR).glob("*.json")])


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
        else:
            tables[name] = dict(table)
    if index:
        journals[INDEX] = [index]
    return tables, journals


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
        elif name == REGISTER_IDS:
            continue
        elif data:
            out[name] = data
    if "register" in out:
        out["register"] = dict(sorted(out["register"].items(), key=lambda item: int(item[0])))
    rows = [row for record in storage.journal(AUDIT) for row in record]
    if rows:
        out["audit"] = {str(n): row for n, row in enumerate(rows, 1)}
    return out
