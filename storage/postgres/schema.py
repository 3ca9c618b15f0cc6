"""The tables of an office's PostgreSQL store, and how doorstep creates and upgrades them.

Every table holds its rows twice over, on purpose: `sealed` is the whole document, sealed with the
home's data key (storage.seal), and is what the store reads back; the plain columns and `doc`
(jsonb) hold only what names no one (ids, categories, villages, dates, versions, hashes), for the
indexes and the SQL aggregates. Names, 身份证号, phones, addresses, members, notes, answers and
proposed register changes exist only sealed. docs/storage.md shows the schema.

`doorstep_schema` holds the version; an upgrade runs the steps after it in one transaction.
"""

from __future__ import annotations

from typing import Any

SCHEMA_VERSION = 3
OWN_TABLES = ("doorstep_schema", "doorstep_generation", "register", "visits", "audit", "documents",
              "document_ids", "visit_periods", "visit_facts")

# Step n brings a database from version n-1 to n.
STEPS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE doorstep_schema (
               version integer NOT NULL,
               home_id text NOT NULL,      -- the office whose data key seals the rows
               kind text NOT NULL DEFAULT 'office')""",
        # One row, bumped by every writing transaction: its row lock serialises the writers of
        # all processes, and its value tells a merge whether anyone wrote since it looked.
        "CREATE TABLE doorstep_generation (n bigint NOT NULL)",
        "INSERT INTO doorstep_generation VALUES (0)",
        """CREATE TABLE register (
               doc_id bigserial PRIMARY KEY,  -- the order entries were added in
               id text NOT NULL UNIQUE,
               village text NOT NULL DEFAULT '',
               category text NOT NULL DEFAULT '',
               status text NOT NULL DEFAULT '',
               version integer NOT NULL,
               doc jsonb NOT NULL,
               sealed bytea NOT NULL)""",
        "CREATE INDEX register_village ON register (village)",
        """CREATE TABLE visits (
               doc_id bigserial PRIMARY KEY,  -- the order records arrived in
               key text NOT NULL UNIQUE,      -- uuid:revision
               uuid text NOT NULL,
               revision integer NOT NULL,
               household text NOT NULL,
               form_id text NOT NULL,
               period text NOT NULL,          -- YYYY-MM of `ended`
               acked boolean NOT NULL,
               doc jsonb NOT NULL,
               sealed bytea NOT NULL)""",
        "CREATE INDEX visits_uuid ON visits (uuid, revision DESC)",
        "CREATE INDEX visits_household ON visits (household)",
        "CREATE INDEX visits_form_period ON visits (form_id, period)",
        "CREATE INDEX visits_period ON visits (period)",
        "CREATE INDEX visits_unacked ON visits (doc_id) WHERE NOT acked",
        """CREATE TABLE audit (
               seq bigserial PRIMARY KEY,
               target text NOT NULL,
               target_id text NOT NULL,
               action text NOT NULL,
               at text NOT NULL,
               sealed bytea NOT NULL)""",
        "CREATE INDEX audit_target ON audit (target_id)",
        # sync/'s tables (and payments, reviews): documents by table name, ids in insert order.
        """CREATE TABLE documents (
               name text NOT NULL,
               doc_id bigint NOT NULL,
               sealed bytea NOT NULL,
               PRIMARY KEY (name, doc_id))""",
        # The last id each table gave: an id is never given twice, even after its row is removed.
        "CREATE TABLE document_ids (name text PRIMARY KEY, last bigint NOT NULL)",
    ),
    # A merge reads sync's rows by household, bundle id or visit key (storage.backend.DocTable.find)
    # and every bundle's sender and sequence (`pick`): those ids, and only those, are kept in clear
    # beside the sealed document (storage.backend.LOOKUP_FIELDS), indexed. The rows written before
    # get theirs in the same upgrade (PostgresStore fills them: they must be unsealed first).
    2: (
        "ALTER TABLE documents ADD COLUMN ids jsonb NOT NULL DEFAULT '{}'",
        "CREATE INDEX documents_household ON documents (name, (ids->>'household'))",
        "CREATE INDEX documents_id ON documents (name, (ids->>'id'))",
        "CREATE INDEX documents_key ON documents (name, (ids->>'key'))",
    ),
    # A month of visits boiled down to what a summary reads (storage.visit_facts), kept sealed
    # in `visit_facts` and used while its month's version in `visit_periods` is the one it was
    # made from. The versions are bumped by triggers, in the transaction that changes the rows,
    # so that no way of writing visits (a merge, a review, a migration, psql) can leave a stale
    # one in use; statement triggers, so that a COPY of a million rows bumps each month once.
    3: (
        "CREATE SEQUENCE visit_period_versions",
        "CREATE TABLE visit_periods (period text PRIMARY KEY, version bigint NOT NULL)",
        """CREATE TABLE visit_facts (
               period text NOT NULL,
               tag text NOT NULL,             -- what was kept (the reducer's tag)
               version bigint NOT NULL,       -- visit_periods.version it was made from
               sealed bytea NOT NULL,
               PRIMARY KEY (period, tag))""",
        *(f"""CREATE FUNCTION doorstep_{rows}_periods() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN
                  INSERT INTO visit_periods (period, version)
                      SELECT period, nextval('visit_period_versions')
                      FROM (SELECT DISTINCT period FROM {rows}_rows) AS changed
                  ON CONFLICT (period) DO UPDATE SET version = EXCLUDED.version;
                  RETURN NULL;
              END $$""" for rows in ("new", "old")),
        """CREATE TRIGGER visits_inserted AFTER INSERT ON visits REFERENCING NEW TABLE AS new_rows
               FOR EACH STATEMENT EXECUTE FUNCTION doorstep_new_periods()""",
        """CREATE TRIGGER visits_updated_to AFTER UPDATE ON visits REFERENCING NEW TABLE AS new_rows
               FOR EACH STATEMENT EXECUTE FUNCTION doorstep_new_periods()""",
        """CREATE TRIGGER visits_updated_from AFTER UPDATE ON visits REFERENCING OLD TABLE AS old_rows
               FOR EACH STATEMENT EXECUTE FUNCTION doorstep_old_periods()""",
        """CREATE TRIGGER visits_deleted AFTER DELETE ON visits REFERENCING OLD TABLE AS old_rows
               FOR EACH STATEMENT EXECUTE FUNCTION doorstep_old_periods()""",
        # TRUNCATE has no rows to name: every month kept is stale.
        """CREATE FUNCTION doorstep_all_periods() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN
                   UPDATE visit_periods SET version = nextval('visit_period_versions');
                   RETURN NULL;
               END $$""",
        """CREATE TRIGGER visits_truncated AFTER TRUNCATE ON visits
               FOR EACH STATEMENT EXECUTE FUNCTION doorstep_all_periods()""",
        # The months already stored, each with a version of its own.
        """INSERT INTO visit_periods (period, version)
               SELECT period, nextval('visit_period_versions')
               FROM (SELECT DISTINCT period FROM visits) AS p""",
    ),
}


def user_tables(conn: Any) -> list[str]:
    rows = conn.execute("SELECT table_name FROM information_schema.tables "
                        "WHERE table_schema = current_schema() ORDER BY table_name").fetchall()
    return [r[0] for r in rows]


def found_version(conn: Any) -> int | None:
    """The schema version of the database, or None if it holds no doorstep store."""
    # pg_tables, not information_schema (user_tables): every store opens with this question, and
    # the information_schema views took a few milliseconds of it.
    found = conn.execute("SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
                         "AND tablename = 'doorstep_schema'").fetchone()
    if found is None:
        return None
    row = conn.execute("SELECT version FROM doorstep_schema").fetchone()
    return int(row[0]) if row else None


def create(conn: Any, home_id: str) -> None:
    """Every table, in the caller's transaction."""
    upgrade(conn, 0)
    conn.execute("INSERT INTO doorstep_schema (version, home_id) VALUES (%s, %s)",
                 (SCHEMA_VERSION, home_id))


def upgrade(conn: Any, version: int) -> None:
    """From `version` to SCHEMA_VERSION, in the caller's transaction."""
    for step in range(version + 1, SCHEMA_VERSION + 1):
        for statement in STEPS[step]:
            conn.execute(statement)
    if version:
        conn.execute("UPDATE doorstep_schema SET version = %s", (SCHEMA_VERSION,))
