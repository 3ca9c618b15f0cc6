"""sync/'s tables in PostgreSQL: the TinyDB Table subset of storage.backend.DocTable over the
`documents` table, each document sealed whole (sync's tables hold visit contents and proposed
register values: personal data). Its ids (storage.backend.LOOKUP_FIELDS) are kept in clear too,
in `ids`, so that `find` and `pick` are indexed queries that unseal only the rows they return."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from typing import TYPE_CHECKING, Any

from doorstep.storage.backend import LOOKUP_FIELDS, DocChange, lookup_values
from psycopg.types.json import Jsonb

if TYPE_CHECKING:
    from doorstep.storage.postgres.store import PostgresStore


class Document(dict[str, Any]):
    """A row as its caller reads it, with the id the table gave it (as TinyDB's Document)."""

    def __init__(self, value: Mapping[str, Any], doc_id: int) -> None:
        super().__init__(value)
        self.doc_id = doc_id


class DocumentTable:
    def __init__(self, store: PostgresStore, name: str) -> None:
        self.store = store
        self.name = name

    def _rows(self, doc_ids: Iterable[int] | None = None, *, lock: bool = False) -> list[Document]:
        sql = "SELECT doc_id, sealed FROM documents WHERE name = %s"
        params: list[Any] = [self.name]
        if doc_ids is not None:
            sql += " AND doc_id = ANY(%s)"
            params.append(list(doc_ids))
        sql += " ORDER BY doc_id" + (" FOR UPDATE" if lock else "")
        rows = self.store.query(sql, params)
        return [Document(self.store.unseal(sealed), doc_id) for doc_id, sealed in rows]

    def all(self) -> list[Any]:
        return self._rows()

    def find(self, field: str, values: Iterable[Any]) -> list[Any]:
        wanted = list(dict.fromkeys(values))
        if not wanted:
            return []
        if field not in LOOKUP_FIELDS or not self.store.ids_kept:  # not in clear: every row is read
            return [r for r in self._rows() if r.get(field) in wanted]
        rows = self.store.query(
            "SELECT doc_id, sealed FROM documents WHERE name = %s AND ids->>%s = ANY(%s) ORDER BY doc_id",
            [self.name, field, [str(v) for v in wanted]])
        found = [Document(self.store.unseal(sealed), doc_id) for doc_id, sealed in rows]
        return [r for r in found if r.get(field) in wanted]  # "7" is not 7

    def pick(self, fields: Sequence[str]) -> list[dict[str, Any]]:
        if not set(fields) <= set(LOOKUP_FIELDS) or not self.store.ids_kept:
            return [{"doc_id": r.doc_id, **{f: r[f] for f in fields if f in r}} for r in self._rows()]
        # Each field as text, not the jsonb whole: 2,000 bundles' rows parsed as JSON took longer
        # than the rest of the query.
        # A sequence is kept only as a whole number (lookup_values), so the cast cannot fail.
        columns = "".join(", (ids->>%s)::bigint" if f == "sequence" else ", ids->>%s" for f in fields)
        rows = self.store.query(f"SELECT doc_id{columns} FROM documents WHERE name = %s ORDER BY doc_id",
                                [*fields, self.name])
        names = ("doc_id", *fields)
        # dict(zip()) for every row (20,000 bundles at 1M visits), then the fields a row lacks
        # taken out of the few rows that lack one.
        out = [dict(zip(names, row, strict=True)) for row in rows]
        return [{k: v for k, v in d.items() if v is not None} if None in row else d
                for d, row in zip(out, rows, strict=True)]

    def __len__(self) -> int:
        return int(self.store.query("SELECT count(*) FROM documents WHERE name = %s", [self.name])[0][0])

    def get(self, *, doc_id: int) -> Any:
        rows = self._rows([doc_id])
        return rows[0] if rows else None

    def insert(self, document: Mapping[str, Any]) -> int:
        return self.insert_multiple([document])[0]

    def insert_multiple(self, documents: Iterable[Mapping[str, Any]]) -> list[int]:
        docs = [dict(d) for d in documents]
        with self.store.transaction():
            if not docs:
                return []
            last = int(self.store.query(
                "INSERT INTO document_ids VALUES (%s, %s) ON CONFLICT (name) "
                "DO UPDATE SET last = document_ids.last + EXCLUDED.last RETURNING last",
                [self.name, len(docs)])[0][0])
            start = last - len(docs)
            ids = list(range(start + 1, start + 1 + len(docs)))
            self.store.execute_many(
                "INSERT INTO documents (name, doc_id, sealed, ids) VALUES (%s, %s, %s, %s)",
                [(self.name, i, self.store.seal(d), Jsonb(lookup_values(d)))
                 for i, d in zip(ids, docs, strict=True)])
        return ids

    def _chosen(self, cond: Any, doc_ids: Iterable[int] | None) -> list[Document]:
        rows = self._rows(None if doc_ids is None else list(doc_ids), lock=True)
        return [r for r in rows if cond is None or cond(r)]

    def update(self, fields: DocChange, cond: Any = None,
               doc_ids: Iterable[int] | None = None) -> list[int]:
        change: Callable[[MutableMapping[str, Any]], None]
        if callable(fields):
            change = fields
        else:
            given = dict(fields)

            def change(doc: MutableMapping[str, Any]) -> None:
                doc.update(given)

        with self.store.transaction():
            rows = self._chosen(cond, doc_ids)
            for row in rows:
                change(row)
            self.store.execute_many(
                "UPDATE documents SET sealed = %s, ids = %s WHERE name = %s AND doc_id = %s",
                [(self.store.seal(dict(r)), Jsonb(lookup_values(r)), self.name, r.doc_id) for r in rows])
        return [r.doc_id for r in rows]

    def remove(self, cond: Any = None, doc_ids: Iterable[int] | None = None) -> list[int]:
        with self.store.transaction():
            ids = [r.doc_id for r in self._chosen(cond, doc_ids)]
            if ids:
                self.store.query("DELETE FROM documents WHERE name = %s AND doc_id = ANY(%s)",
                                 [self.name, ids])
        return ids

    def truncate(self) -> None:
        with self.store.transaction():
            self.store.query("DELETE FROM documents WHERE name = %s", [self.name])
