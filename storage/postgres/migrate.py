"""`doorstep office migrate --to URL`: a TinyDB office moved into an empty PostgreSQL database.

Everything is copied in ONE transaction, under the home's lock (nothing changes meanwhile): the
register, the visits (as they are: received, acked, hashes), the audit trail and every table sync/
keeps, with their document ids. Before it commits, the counts of every table and the visits'
keys and hashes are compared with the files'; any difference rolls the whole move back, leaving
the database as empty as it was. Only then does the home's config name the database. The TinyDB
files stay in the home folder exactly as they were: they are the backup.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from doorstep.i18n import Message, UserError
from doorstep.storage.home import Home
from doorstep.storage.postgres import schema
from doorstep.storage.postgres.messages import MESSAGES
from doorstep.storage.postgres.store import PostgresStore, lost_error
from doorstep.storage.postgres.url import check_url, connect, office_only, redact


@dataclass
class Migrated:
    counts: dict[str, int]
    where: str

    @property
    def tables(self) -> int:
        return sum(1 for k in self.counts if k.startswith("table:"))

    @property
    def table_rows(self) -> int:
        return sum(v for k, v in self.counts.items() if k.startswith("table:"))


def _err(key: str, **params: Any) -> UserError:
    return UserError(Message(MESSAGES, key, params))


def migrate_office(home: Home, url: str) -> Migrated:
    if home.kind != "office":
        raise office_only()
    url = check_url(url)
    if home.uses_database:
        raise _err("pg_migrate_not_tinydb", home=str(home.path), where=redact(home.database_url()))
    with home.writer() as store:
        entries = store.entries()
        visits = store.visits()
        audit = store.audit()
        tables = {name: [(row.doc_id, dict(row)) for row in store.table(name).all()]
                  for name in store.table_names()}
        expected = {"register": len(entries), "visits": len(visits), "audit": len(audit),
                    **{f"table:{name}": len(rows) for name, rows in tables.items() if rows}}
        conn = connect(url)
        try:
            with conn.transaction():
                found = schema.user_tables(conn)
                if found:
                    raise _err("pg_not_empty", where=redact(url), tables=", ".join(found[:8]))
                schema.create(conn, home.home_id)
                assert home.files is not None
                target = PostgresStore(url, read_only=False, actor=store.actor, device=home.home_id,
                                       device_name=home.name, files=home.files, home_id=home.home_id,
                                       conn=conn)
                with target.transaction():
                    target.load_everything(entries, visits, audit, tables)
                    _verify(target, expected, visits)
        except UserError:
            raise
        except Exception as exc:  # the server went away, refused a statement: nothing committed
            raise lost_error(url, exc) from None
        finally:
            conn.close()
        home.switch_to_database(url)
    return Migrated(expected, redact(url))


def _verify(target: PostgresStore, expected: dict[str, int], visits: list[Any]) -> None:
    counts = target.counts()
    for what in sorted(set(expected) | set(counts)):
        if expected.get(what, 0) != counts.get(what, 0):
            raise _err("pg_migrate_count", what=what, before=expected.get(what, 0), after=counts.get(what, 0))
    stored = Counter((k, h) for k, h in target.query("SELECT key, doc->>'hash' FROM visits"))
    if stored != Counter((v["key"], v["hash"]) for v in visits):
        raise _err("pg_migrate_count", what="visits", before=len(visits), after=sum(stored.values()))
