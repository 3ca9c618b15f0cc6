"""An office on PostgreSQL, as its supervisors meet it: merges and reviews from several processes at
once, a server that goes away mid-merge, hostile URLs, the move from TinyDB, data sealed at rest."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest
from cli_runner import invoke
from doorstep.storage.home import Home
from doorstep.storage.postgres.schema import SCHEMA_VERSION
from doorstep.sync.merge import merge_paths
from doorstep.sync.outbox import export_visits
from sync_helpers import NAMES, Enrolled, finish_visit

ROOT = Path(__file__).resolve().parents[2]
on_postgres = pytest.mark.parametrize("store_kind", ["postgresql"])


def _visits(device: Home, households: list[str], notes: list[str], out: Path) -> Path:
    with device.writer() as store:
        for household, note in zip(households, notes, strict=False):
            finish_visit(store, household, {"needs_note": note})
    path = export_visits(device, out).path
    assert path is not None
    return out


def _doorstep(home: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "doorstep", "--home", str(home), "--lang", "en", *args],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


REVIEW = """
import sys
from doorstep.storage.home import Home
from doorstep.storage.postgres.schema import SCHEMA_VERSION
from doorstep.tui.office.reviews import set_review
home = Home.open(sys.argv[1])
with home.writer() as store:
    set_review(store, sys.argv[2], "approved", "看过了", at="2026-03-05T10:00:00+08:00", who="王主任")
"""


def _waiting(url: str, count: int) -> None:
    """Until `count` other sessions wait for the writers' row lock (they have read what they
    need and now queue for their turn)."""
    with psycopg.connect(url, autocommit=True) as conn:
        for _ in range(600):
            waiting = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                   "AND datname = current_database()").fetchone()[0]
            if waiting >= count:
                return
            time.sleep(0.1)
    raise AssertionError(f"{count} writers never queued")


def _holding_the_writers(url: str) -> psycopg.Connection:
    conn = psycopg.connect(url)
    conn.execute("UPDATE doorstep_generation SET n = n")  # an open transaction holds the row
    return conn


@on_postgres
def test_two_merges_and_a_review_from_three_processes_at_once(enrolled: Enrolled, tmp_path: Path) -> None:
    office, device = enrolled.office, enrolled.devices[0]
    merge_paths(office, [_visits(device, enrolled.households[:2], ["屋顶漏雨", "需要轮椅"], tmp_path / "s1")])
    reader = office.reader()
    reviewed = reader.visits()[0]["key"]
    reader.close()
    stick = _visits(device, enrolled.households[2:5], ["门窗坏了", "药费", "看病"], tmp_path / "s2")
    url = office.database_url()
    blocker = _holding_the_writers(url)
    try:
        # Both merges read the office's tables now (the bundle is new to both), then queue.
        procs = [_doorstep(office.path, "bundle", "merge", str(stick)) for _ in range(2)]
        procs.append(subprocess.Popen([sys.executable, "-c", REVIEW, str(office.path), reviewed], cwd=ROOT,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        _waiting(url, 3)
    finally:
        blocker.rollback()
        blocker.close()
    results = [p.communicate() + (p.returncode,) for p in procs]
    assert [r[2] for r in results] == [0, 0, 0], results
    store = office.reader()
    try:
        assert store.visit_count() == 5  # the stick merged once, not twice
        bundles = store.table("sync_bundles").all()
        assert len(bundles) == 2 and len({b["id"] for b in bundles}) == 2
        reviews = [dict(r) for r in store.table("office_reviews").all()]
        assert [(r["key"], r["state"], r["who"]) for r in reviews] == [(reviewed, "approved", "王主任")]
        receipts = [a for a in store.audit() if a["action"] == "receive"]
        assert len(receipts) == 5
    finally:
        store.close()


@on_postgres
def test_a_server_that_goes_away_mid_merge_changes_nothing(enrolled: Enrolled, tmp_path: Path) -> None:
    office, device = enrolled.office, enrolled.devices[0]
    stick = _visits(device, enrolled.households[:3], ["屋顶漏雨", "需要轮椅", "药费"], tmp_path / "s1")
    url = office.database_url()
    blocker = _holding_the_writers(url)
    try:
        merge = _doorstep(office.path, "bundle", "merge", str(stick))
        _waiting(url, 1)
        with psycopg.connect(url, autocommit=True) as admin:  # the server drops the merge's connection
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE wait_event_type = 'Lock' AND datname = current_database()")
    finally:
        blocker.rollback()
        blocker.close()
    out, err = merge.communicate()
    assert merge.returncode == 1, (out, err)
    assert "Traceback" not in err and "connection to the database" in err and "lost" in err
    store = office.reader()
    try:
        assert store.visit_count() == 0 and store.table("sync_bundles").all() == []
    finally:
        store.close()
    again = _doorstep(office.path, "bundle", "merge", str(stick))  # and a re-run merges it whole
    assert again.wait() == 0
    store = office.reader()
    try:
        assert store.visit_count() == 3
    finally:
        store.close()


def _run(home: Path, *args: str, lang: str = "en"):
    env = {k: v for k, v in os.environ.items() if k != "DOORSTEP_HOME"}
    return invoke(["--home", str(home), "--lang", lang, *args], env=env, cwd=ROOT)


def test_hostile_database_urls_are_refused_in_words_and_never_show_the_password(
        tmp_path: Path, pg_cluster) -> None:
    home = tmp_path / "office"
    bad = _run(home, "init", "office", "--name", "City", "--database", "mysql://root@db/x")
    assert bad.returncode == 1 and "not a database URL" in bad.stderr and not Home.exists(home)
    zh = _run(home, "init", "office", "--name", "City", "--database", "http://x", lang="zh")
    assert zh.returncode == 1 and "数据库地址" in zh.stderr
    with socket_closed() as port:
        url = f"postgresql://clerk:s3cret-pw@127.0.0.1:{port}/city"
        refused = _run(home, "init", "office", "--name", "City", "--database", url)
    assert refused.returncode == 1 and "cannot connect to the database" in refused.stderr
    assert "s3cret-pw" not in refused.stderr + refused.stdout and "clerk:***@" in refused.stderr
    assert "Traceback" not in refused.stderr and not Home.exists(home)
    wrong_db = _run(home, "init", "office", "--name", "City", "--database",
                    pg_cluster.tcp_url("no_such_db", password="pw-XYZ"))
    assert wrong_db.returncode == 1 and "pw-XYZ" not in wrong_db.stderr and "no_such_db" in wrong_db.stderr
    laptop = _run(tmp_path / "laptop", "init", "device", "--name", "l1", "--volunteer", "李梅",
                  "--database", pg_cluster.url())
    assert laptop.returncode == 1 and "office only" in laptop.stderr
    assert not Home.exists(tmp_path / "laptop")
    laptop_zh = _run(tmp_path / "laptop", "init", "device", "--name", "l1", "--volunteer", "李梅",
                     "--database", pg_cluster.url(), lang="zh")
    assert "笔记本电脑始终使用本地文件" in laptop_zh.stderr


class socket_closed:
    """A local port nothing listens on."""

    def __enter__(self) -> int:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return int(s.getsockname()[1])

    def __exit__(self, *exc: object) -> None:
        return None


def test_office_migrate_moves_everything_keeps_the_files_and_refuses_a_used_database(
        enrolled: Enrolled, tmp_path: Path, pg_cluster) -> None:
    office, device = enrolled.office, enrolled.devices[0]
    merge_paths(office, [_visits(device, enrolled.households[:2], ["屋顶漏雨", "需要轮椅"], tmp_path / "s1")])
    before = office.reader()
    entries, visits, audit = before.entries(), before.visits(), before.audit()
    bundles = [(r.doc_id, dict(r)) for r in before.table("sync_bundles").all()]
    before.close()
    files = {p.name: p.read_bytes() for p in office.path.iterdir() if p.is_file() and p.name != "lock"}
    used = pg_cluster.new_database()
    with psycopg.connect(used, autocommit=True) as conn:
        conn.execute("CREATE TABLE something_else (x int)")
    refused = _run(office.path, "office", "migrate", "--to", used)
    assert refused.returncode == 1 and "not empty" in refused.stderr and "something_else" in refused.stderr
    assert not Home.open(office.path).uses_database
    target = pg_cluster.new_database()
    moved = _run(office.path, "office", "migrate", "--to", target)
    assert moved.returncode == 0, moved.stderr
    assert "8 households, 2 visits" in moved.stdout and "every count checked" in moved.stdout
    for name, data in files.items():  # the TinyDB files stay, untouched: the backup
        if name != "home.json":  # which now names the database's kind of store
            assert (office.path / name).read_bytes() == data, name
    home = Home.open(office.path)
    assert home.uses_database
    after = home.reader()
    try:
        assert after.entries() == entries and after.visits() == visits and after.audit() == audit
        assert [(r.doc_id, dict(r)) for r in after.table("sync_bundles").all()] == bundles
    finally:
        after.close()
    again = _run(office.path, "office", "migrate", "--to", pg_cluster.new_database())
    assert again.returncode == 1 and "already uses the database" in again.stderr
    export = _run(office.path, "registry", "export", "--format", "json")
    assert export.returncode == 0 and NAMES[0] in export.stdout


@on_postgres
def test_names_phones_addresses_and_answers_are_sealed_at_rest(enrolled: Enrolled, tmp_path: Path) -> None:
    office, device = enrolled.office, enrolled.devices[0]
    merge_paths(office, [_visits(device, enrolled.households[:2], ["屋顶漏雨很严重", "需要一台轮椅"],
                                 tmp_path / "s1")])
    with office.writer() as store:
        store.update_entry(enrolled.households[0], {"notes": "独居老人", "id_number": "11010519491231002X"})
    secrets = [e[f] for e in enrolled.entries for f in ("name", "phone", "address")]
    secrets += ["屋顶漏雨很严重", "需要一台轮椅", "独居老人", "11010519491231002X", "李秀梅"]
    seen: list[bytes] = []
    with psycopg.connect(office.database_url(), autocommit=True) as conn:
        tables = [r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables "
                                             "WHERE table_schema = current_schema()")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                seen += [v if isinstance(v, bytes) else str(v).encode() for v in row]
    everything = b"\n".join(seen)
    assert len(everything) > 1000 and enrolled.households[0].encode() in everything  # ids stay in clear
    for secret in secrets:
        assert secret.encode() not in everything, secret


@on_postgres
def test_a_schema_1_database_is_upgraded_and_its_rows_found_by_household(enrolled: Enrolled,
                                                                         tmp_path: Path) -> None:
    office, device = enrolled.office, enrolled.devices[0]
    merge_paths(office, [_visits(device, enrolled.households[:2], ["屋顶漏雨", "需要轮椅"], tmp_path / "s1")])

    def rows(store: Any) -> dict[str, list[tuple[int, dict[str, Any]]]]:
        return {name: [(r.doc_id, dict(r)) for r in store.table(name).all()] for name in store.table_names()}

    with office.writer() as store:
        before = rows(store)
    with psycopg.connect(office.database_url(), autocommit=True) as conn:  # as doorstep left it before
        conn.execute("ALTER TABLE documents DROP COLUMN ids")
        for table in ("visit_periods", "visit_facts"):  # and what schema 3 added
            conn.execute(f"DROP TABLE {table}")
        conn.execute("DROP SEQUENCE visit_period_versions")
        for which in ("new", "old", "all"):
            conn.execute(f"DROP FUNCTION doorstep_{which}_periods() CASCADE")
        conn.execute("UPDATE doorstep_schema SET version = 1")
    reader = office.reader()  # a reader leaves it as it is, and reads it
    try:
        assert reader.schema_version == 1
        bundles = reader.table("sync_bundles").pick(("id", "sequence"))
        assert [b["sequence"] for b in bundles] == [1]
        found = reader.table("sync_bundles").find("id", [bundles[0]["id"]])
        assert [r.doc_id for r in found] == [bundles[0]["doc_id"]]
    finally:
        reader.close()
    with office.writer() as store:
        assert store.schema_version == SCHEMA_VERSION == 3
        assert rows(store) == before
        found = store.table("sync_bundles").find("id", [bundles[0]["id"]])
        assert [r["id"] for r in found] == [bundles[0]["id"]]
    with psycopg.connect(office.database_url(), autocommit=True) as conn:
        ids = dict(conn.execute("SELECT name, count(*) FROM documents WHERE ids <> '{}' "
                                "GROUP BY name").fetchall())
        assert ids.get("sync_bundles") == 1 and ids.get("sync_devices") is None  # rows naming no id
        conn.execute("SET enable_seqscan = off")  # a table this small is read whole otherwise
        plan = "\n".join(r[0] for r in conn.execute(
            "EXPLAIN SELECT doc_id FROM documents WHERE name = 'sync_proposals' "
            "AND ids->>'household' = ANY(ARRAY['x'])").fetchall())
        assert "documents_household" in plan
    # A second merge reads the upgraded rows: the same visit again is a duplicate, a new one is new.
    report = merge_paths(office, [_visits(device, enrolled.households[2:3], ["新的"], tmp_path / "s2")])
    assert [b.status for b in report.bundles] == ["new"]
