"""One of sync's tables kept in shards by household (storage.layout.SHARDED): the
storage.backend.DocTable a caller sees, over a TinyDB table per shard.

A lookup by household (`find("household", ...)`) reads the shards of those households only; a
commit writes only the shards that changed. Everything else (`all`, a lookup by another field, a
change chosen by `cond`) reads every shard. Document ids stay unique over the table: each new row
takes the next of the table's own counter (storage.layout.SHARD_IDS), and a row keeps its id when
a store is upgraded into shards. A change that gives a row another household moves it to that
household's shard.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from typing import Any

from doorstep.storage.backend import DocChange
from doorstep.storage.layout import SHARD_FIELD, SHARD_IDS, TableFiles, sync_shard, sync_shards
from tinydb.table import Document


class ShardedTable:
    def __init__(self, name: str, storage: TableFiles, shard: Callable[[str], Any]) -> None:
        self.name = name
        self.storage = storage
        self._shard = shard  # shard name -> its table (storage.store.DocFile)
        self._where: dict[int, str] = {}  # document id -> its shard, for the rows seen

    def forget(self) -> None:
        """After a rollback: rows seen may be gone."""
        self._where.clear()

    def _rows(self, shards: Iterable[str], find: tuple[str, set[Any]] | None = None) -> list[Document]:
        out: list[Document] = []
        for shard in shards:
            rows = self._shard(shard).find(*find) if find else self._shard(shard).all()
            self._where.update(dict.fromkeys((r.doc_id for r in rows), shard))
            out += rows
        return sorted(out, key=lambda r: r.doc_id)

    def all(self) -> list[Any]:
        return self._rows(sync_shards(self.name))

    def find(self, field: str, values: Iterable[Any]) -> list[Any]:
        wanted = set(values)
        if not wanted:
            return []
        shards = sorted({sync_shard(self.name, v) for v in wanted}) if field == SHARD_FIELD \
            else sync_shards(self.name)
        return self._rows(shards, (field, wanted))

    def pick(self, fields: Sequence[str]) -> list[dict[str, Any]]:
        return [{"doc_id": r.doc_id, **{f: r[f] for f in fields if f in r}} for r in self.all()]

    def __len__(self) -> int:
        return sum(len(self._shard(s)) for s in sync_shards(self.name))

    def get(self, *, doc_id: int) -> Any:
        found = self._located([doc_id])
        for shard, ids in found.items():
            return self._shard(shard).get(doc_id=ids[0])
        return None

    def insert(self, document: Mapping[str, Any]) -> int:
        return self.insert_multiple([document])[0]

    def insert_multiple(self, documents: Iterable[Mapping[str, Any]]) -> list[int]:
        docs = [dict(d) for d in documents]
        if not docs:
            return []
        counters = dict(self.storage.table_data(SHARD_IDS))
        first = int(counters.get(self.name, 0)) + 1
        ids = list(range(first, first + len(docs)))
        by_shard: dict[str, list[Document]] = {}
        for doc, doc_id in zip(docs, ids, strict=True):
            by_shard.setdefault(sync_shard(self.name, doc.get(SHARD_FIELD)), []).append(Document(doc, doc_id))
        with self.storage.batch():
            for shard, rows in sorted(by_shard.items()):
                self._shard(shard).insert_multiple(rows)
                self._where.update(dict.fromkeys((r.doc_id for r in rows), shard))
            counters[self.name] = ids[-1]
            self.storage.set_table(SHARD_IDS, counters)
        return ids

    def _located(self, doc_ids: Iterable[int]) -> dict[str, list[int]]:
        """The shards that hold these rows (those of no shard left out), each with its ids."""
        ids = list(dict.fromkeys(doc_ids))
        if any(i not in self._where for i in ids):
            self.all()  # rows not seen yet: look in every shard
        out: dict[str, list[int]] = {}
        for doc_id in ids:
            shard = self._where.get(doc_id)
            if shard is not None and self._shard(shard).contains(doc_id=doc_id):
                out.setdefault(shard, []).append(doc_id)
        return dict(sorted(out.items()))

    def _chosen(self, cond: Any, doc_ids: Iterable[int] | None) -> list[int]:
        """The rows a change names: its ids (as TinyDB, `cond` then is not asked), else those
        `cond` holds for. A shard is only written if a row of it changes."""
        if doc_ids is not None:
            return list(doc_ids)
        if cond is None:
            raise RuntimeError("a change names its rows: doc_ids or cond")
        return [r.doc_id for r in self.all() if cond(r)]

    def update(self, fields: DocChange, cond: Any = None,
               doc_ids: Iterable[int] | None = None) -> list[int]:
        apply: Callable[[MutableMapping[str, Any]], None]
        if callable(fields):
            apply = fields
        else:
            given = dict(fields)

            def apply(doc: MutableMapping[str, Any]) -> None:
                doc.update(given)

        changed: list[int] = []
        with self.storage.batch():
            for shard, ids in self._located(self._chosen(cond, doc_ids)).items():
                table = self._shard(shard)
                changed += table.update(apply, doc_ids=ids)
                for doc_id in ids:  # a row now about another household goes to its shard
                    row = table.get(doc_id=doc_id)
                    home = sync_shard(self.name, row.get(SHARD_FIELD))
                    if home != shard:
                        table.remove(doc_ids=[doc_id])
                        self._shard(home).insert(Document(dict(row), doc_id))
                        self._where[doc_id] = home
        return sorted(changed)

    def remove(self, cond: Any = None, doc_ids: Iterable[int] | None = None) -> list[int]:
        removed: list[int] = []
        with self.storage.batch():
            for shard, ids in self._located(self._chosen(cond, doc_ids)).items():
                removed += self._shard(shard).remove(doc_ids=ids)
        for doc_id in removed:
            self._where.pop(doc_id, None)
        return sorted(removed)
