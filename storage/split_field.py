"""A sync table with one field kept out of its rows (storage.layout.SPLIT_FIELDS): the
storage.backend.DocTable a caller sees, over the table's file and a journal of that field.

The rows in the file stay small, so a merge reads and rewrites them cheaply; the field's values
(a bundle's visit keys) are appended to the journal, one record per commit (document id ->
value; a row inserted without the field records None, so an id given again after a removal
never shows an old value). Whatever hands out rows (`all`, `find`, `get`) gives them with the
field, read from the journal; `pick` of other fields reads only the file. A row written before
the split (its field still in it) is read as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from typing import Any

from doorstep.storage.backend import DocChange
from doorstep.storage.layout import SPLIT_FIELDS, TableFiles, split_values
from tinydb.table import Document


class SplitFieldTable:
    def __init__(self, name: str, storage: TableFiles, table: Callable[[], Any]) -> None:
        self.name = name
        self.field, self.journal = SPLIT_FIELDS[name]
        self.storage = storage
        self._table: Callable[[], Any] = table  # the table of the file (storage.store.DocFile)

    def _values(self) -> dict[int, Any]:
        return split_values(self.storage.journal(self.journal))

    def _whole(self, rows: list[Document]) -> list[Document]:
        if not rows:
            return rows
        values = self._values()
        return [Document({**r, self.field: values[r.doc_id]}, r.doc_id)
                if values.get(r.doc_id) is not None else r for r in rows]

    def all(self) -> list[Any]:
        return self._whole(self._table().all())

    def find(self, field: str, values: Iterable[Any]) -> list[Any]:
        if field == self.field:
            wanted = set(values)
            return [r for r in self.all() if r.get(field) in wanted]
        return self._whole(self._table().find(field, values))

    def pick(self, fields: Sequence[str]) -> list[dict[str, Any]]:
        picked: list[dict[str, Any]] = self._table().pick(fields)
        if self.field in fields:
            values = self._values()
            for row in picked:
                if values.get(row["doc_id"]) is not None:
                    row[self.field] = values[row["doc_id"]]
        return picked

    def get(self, *, doc_id: int) -> Any:
        row = self._table().get(doc_id=doc_id)
        return self._whole([row])[0] if row is not None else None

    def __len__(self) -> int:
        return len(self._table())

    def insert(self, document: Mapping[str, Any]) -> int:
        return self.insert_multiple([document])[0]

    def insert_multiple(self, documents: Iterable[Mapping[str, Any]]) -> list[int]:
        docs = [dict(d) for d in documents]
        if not docs:
            return []
        values = [d.pop(self.field, None) for d in docs]
        with self.storage.batch():
            ids: list[int] = self._table().insert_multiple(docs)
            self.storage.mark_appended(self.name, ids)  # the file written as a splice (storage.layout)
            self.storage.append(self.journal, {str(i): v for i, v in zip(ids, values, strict=True)})
        return ids

    def update(self, fields: DocChange, cond: Any = None,
               doc_ids: Iterable[int] | None = None) -> list[int]:
        """Each chosen row is changed whole (with its field), then split again."""
        apply: Callable[[MutableMapping[str, Any]], None]
        if callable(fields):
            apply = fields
        else:
            given = dict(fields)

            def apply(doc: MutableMapping[str, Any]) -> None:
                doc.update(given)

        if doc_ids is None:
            rows = self.all()
        else:
            rows = [r for i in doc_ids if (r := self.get(doc_id=i)) is not None]
        if doc_ids is None:
            if cond is None:
                raise RuntimeError("a change names its rows: doc_ids or cond")
            rows = [r for r in rows if cond(r)]
        changed: dict[str, Any] = {}
        with self.storage.batch():
            for row in rows:
                doc = dict(row)
                apply(doc)
                changed[str(row.doc_id)] = doc.pop(self.field, None)

                def replace(stored: MutableMapping[str, Any], doc: dict[str, Any] = doc) -> None:
                    stored.clear()
                    stored.update(doc)

                self._table().update(replace, doc_ids=[row.doc_id])
            if changed:  # every row changed (one written before the split loses its field here)
                self.storage.append(self.journal, changed)
        return [r.doc_id for r in rows]

    def remove(self, cond: Any = None, doc_ids: Iterable[int] | None = None) -> list[int]:
        if doc_ids is None and cond is not None:
            doc_ids = [r.doc_id for r in self.all() if cond(r)]
        removed: list[int] = self._table().remove(doc_ids=doc_ids)
        return removed
