"""The store's interface (storage.backend) on both implementations: TinyDB files and a real
PostgreSQL server (tests/support/postgres.py), through Home.writer()/reader() as callers use it."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from doorstep.i18n import UserError
from doorstep.storage.home import Home
from doorstep.storage.visits import record_key, visit_hash


@pytest.fixture(params=["tinydb", "postgresql"])
def office(request: pytest.FixtureRequest, tmp_path: Path) -> Home:
    database = request.getfixturevalue("fresh_database_url") if request.param == "postgresql" else None
    return Home.create(tmp_path / "office", "office", name="City office", database=database)


def received(household: str, *, revision: int = 1, visit: str | None = None, note: str = "屋顶漏雨",
             ended: str = "2026-03-02T10:00:00+08:00") -> dict:
    record = {"uuid": visit or str(uuid.uuid4()), "revision": revision,
              "supersedes": revision - 1 or None, "household": household, "form_id": "verification",
              "form_version": "2026.1", "volunteer": "李秀梅", "device": "dev-1", "device_name": "laptop-01",
              "started": "2026-03-02T09:30:00+08:00", "ended": ended, "answers": {"needs_note": note},
              "register_updates": {}, "register_base": 1, "status": "finalized"}
    record["key"] = record_key(record["uuid"], revision)
    record["hash"] = visit_hash(record)
    return record


def test_register_add_change_search_and_audit(office: Home) -> None:
    with office.writer() as store:
        a = store.add_entry({"name": "张三", "category": "残疾军人", "village": "东村",
                             "phone": "13800138000", "members": [{"name": "李四", "relation": "妻"}]})
        b = store.add_entry({"name": "Anna Smith", "category": "merit_family", "village": "西村"})
        assert a["priority"] == "key" and a["version"] == 1 and store.register_count() == 2
        assert [e["name"] for e in store.search_entries("张")] == ["张三"]
        assert [e["name"] for e in store.search_entries("smith")] == ["Anna Smith"]
        assert [e["id"] for e in store.search_entries("西村")] == [b["id"]]
        changed = store.update_entry(a["id"], {"phone": "13900139000", "village": "东村"})
        assert changed["phone"] == "13900139000" and changed["version"] == 2
        assert store.update_entry(a["id"], {"phone": "13900139000"})["version"] == 2  # nothing changed
        result = store.upsert_entries([{"id": a["id"], "notes": "腿脚不便"},
                                       {"name": "王五", "category": "烈属"}])
        assert result.changed == [a["id"]] and len(result.added) == 1
        with pytest.raises(UserError):
            store.update_entry("NOSUCH00", {"phone": "1"})
    reader = office.reader()
    try:
        assert reader.register_count() == 3 and reader.has_entry(a["id"]) and not reader.has_entry("NOSUCH00")
        assert [e["name"] for e in reader.entries()] == ["张三", "Anna Smith", "王五"]
        assert reader.get_entry(a["id"])["members"] == [{"name": "李四", "relation": "妻"}]
        trail = [(r["action"], r["field"], r["old"], r["new"]) for r in reader.audit(a["id"])]
        assert trail == [("add", None, None, None), ("update", "phone", "13800138000", "13900139000"),
                         ("update", "notes", "", "腿脚不便")]
    finally:
        reader.close()


def test_merged_changes_bump_versions_and_keep_the_visit_time(office: Home) -> None:
    with office.writer() as store:
        entry = store.add_entry({"name": "张三", "category": "烈属"})
        store.apply_merged_changes({entry["id"]: {"phone": "13700137000"}}, {entry["id"]: 2},
                                   {entry["id"]: "2026-03-02T10:00:00+08:00"})
        after = store.get_entry(entry["id"])
        assert (after["phone"], after["version"]) == ("13700137000", 3)
        assert after["updated"] == "2026-03-02T10:00:00+08:00"
        store.upsert_entries([{"id": entry["id"], "version": 7}], keep_versions=True)
        assert store.get_entry(entry["id"])["version"] == 7


def test_received_visits_replace_latest_and_counts(office: Home) -> None:
    with office.writer() as store:
        household = store.add_entry({"name": "张三", "category": "烈属"})["id"]
        first = received(household)
        second = received(household, revision=2, visit=first["uuid"], note="已修好")
        other = received(household, ended="2026-04-01T10:00:00+08:00")
        assert store.add_received_visits([first, other]) == [first["key"], other["key"]]
        assert store.add_received_visits([first, second]) == [second["key"]]  # a stored key is skipped
        assert store.visit_count() == 3 and store.has_visit_record(second["key"])
        assert store.get_visit(first["uuid"])["revision"] == 2
        assert store.get_visit(first["uuid"], 1)["answers"] == {"needs_note": "屋顶漏雨"}
        assert store.get_visit("no-such") is None
        latest = store.latest_visits([first["uuid"], "no-such", other["uuid"], first["uuid"]])
        assert {u: (r["revision"], r["answers"]) for u, r in latest.items()} == {
            first["uuid"]: (2, {"needs_note": "已修好"}), other["uuid"]: (1, {"needs_note": "屋顶漏雨"})}
        assert store.latest_visits([]) == {}
        assert [v["key"] for v in store.visits(latest_only=True)] == [other["key"], second["key"]]
        assert [v["key"] for v in store.visits(household=household)] == [first["key"], other["key"],
                                                                           second["key"]]
        assert all(v["acked"] and v["received"] for v in store.visits()) and store.outbox() == []
        rival = {**first, "answers": {"needs_note": "另一个内容"}}
        rival["hash"] = visit_hash(rival)
        kept = store.replace_received_visit(rival)
        assert kept["hash"] == rival["hash"]
        assert store.get_visit(first["uuid"], 1)["answers"] == rival["answers"]
        assert store.visit_count() == 3
        actions = [r["action"] for r in store.audit(first["uuid"])]
        assert actions == ["receive", "receive", "replace"]


def test_sync_tables_insert_update_remove_get(office: Home) -> None:
    with office.writer() as store:
        table = store.table("sync_conflicts")
        ids = table.insert_multiple([{"key": "a", "n": 1}, {"key": "b", "n": 2}])
        third = table.insert({"key": "c", "n": 3})
        assert ids + [third] == [1, 2, 3] and len(table) == 3
        assert table.update({"n": 20}, doc_ids=[2]) == [2]

        def bump(doc):
            doc["n"] += 100

        table.update(bump, doc_ids=[1, 3])
        rows = [(r.doc_id, r["key"], r["n"]) for r in table.all()]
        assert rows == [(1, "a", 101), (2, "b", 20), (3, "c", 103)]
        assert table.get(doc_id=2)["n"] == 20 and table.get(doc_id=99) is None
        table.remove(doc_ids=[1])
        table.remove(cond=lambda doc: doc["key"] == "c")
        assert [r["key"] for r in table.all()] == ["b"]
        assert table.insert({"key": "d"}) == 4  # ids are never given twice
        assert "sync_conflicts" in store.table_names()
        with pytest.raises(ValueError):
            store.table("visits")


def test_a_failed_transaction_changes_nothing(office: Home) -> None:
    with office.writer() as store:
        household = store.add_entry({"name": "张三", "category": "烈属"})["id"]
        with pytest.raises(RuntimeError), store.transaction():
            store.add_received_visits([received(household)])
            store.table("sync_bundles").insert({"id": "x"})
            store.update_entry(household, {"phone": "13700137000"})
            raise RuntimeError("killed half-way")
        assert store.visit_count() == 0 and store.table("sync_bundles").all() == []
        assert store.get_entry(household)["version"] == 1
    reader = office.reader()
    try:
        assert reader.visit_count() == 0 and reader.get_entry(household)["phone"] == ""
    finally:
        reader.close()


def test_an_office_store_keeps_no_drafts(office: Home) -> None:
    with office.writer() as store:
        assert store.drafts() == [] and store.get_draft("x") is None and store.assignment() == []
        if office.uses_database:
            with pytest.raises(UserError) as caught:
                store.start_visit("H1", "verification", "2026.1")
            assert "laptop" in caught.value.render("en") and "笔记本" in caught.value.render("zh")


def _conflict_rows() -> list[dict]:
    return [{"kind": "register", "household": "H1", "field": "phone", "n": 1},
            {"kind": "visit", "household": "H2", "key": "u1.1", "n": 2},
            {"kind": "register", "household": "H1", "field": "notes", "n": 3},
            {"kind": "visit_unknown_household", "household": "H3", "visits": ["u2.1"], "n": 4}]


def test_sync_tables_find_rows_by_household_key_or_any_field(office: Home) -> None:
    with office.writer() as store:
        table = store.table("sync_conflicts")
        table.insert_multiple(_conflict_rows())
        assert [(r.doc_id, r["n"]) for r in table.find("household", ["H1", "H9"])] == [(1, 1), (3, 3)]
        assert [r["n"] for r in table.find("key", ["u1.1"])] == [2]
        assert [r["n"] for r in table.find("kind", ["register"])] == [1, 3]  # not a lookup field
        assert table.find("household", []) == []
        table.update({"household": "H3"}, doc_ids=[1])
        table.remove(doc_ids=[3])
        assert table.find("household", ["H1"]) == []
        assert [r.doc_id for r in table.find("household", ["H3"])] == [1, 4]
    reader = office.reader()
    try:
        assert [r["n"] for r in reader.table("sync_conflicts").find("household", ["H3", "H2"])] == [1, 2, 4]
    finally:
        reader.close()


def test_sync_tables_pick_fields_of_every_row(office: Home) -> None:
    with office.writer() as store:
        table = store.table("sync_bundles")
        table.insert_multiple([{"id": "b1", "sender": "k1", "sequence": 1, "keys": ["u1.1"]},
                               {"id": "b2", "sender": "k2", "sequence": 7, "keys": []},
                               {"id": "b3", "sequence": 2}])
        assert table.pick(("id", "sender", "sequence")) == [
            {"doc_id": 1, "id": "b1", "sender": "k1", "sequence": 1},
            {"doc_id": 2, "id": "b2", "sender": "k2", "sequence": 7},
            {"doc_id": 3, "id": "b3", "sequence": 2}]
        assert table.pick(("keys",)) == [{"doc_id": 1, "keys": ["u1.1"]}, {"doc_id": 2, "keys": []},
                                         {"doc_id": 3}]
