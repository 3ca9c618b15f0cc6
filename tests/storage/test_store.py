"""The store through its public API, on a real disk: register, drafts, visits, audit, schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from doorstep.i18n import UserError
from doorstep.storage import qrid
from doorstep.storage.home import Home
from doorstep.storage.layout import STORE_DIR
from doorstep.storage.schema import SCHEMA_VERSION
from doorstep.storage.store import SINGLE_FILE_BACKUP, STORE_FILE
from doorstep.storage.visits import visit_hash

from .conftest import on_disk as _on_disk
from .conftest import store_bytes, write_single_file


def test_register_add_lookup_search(office_home: Home) -> None:
    with office_home.writer() as store:
        a = store.add_entry({"name": "张三", "category": "残疾军人", "village": "东村",
                             "members": [{"name": "李四", "relation": "妻"}]})
        b = store.add_entry({"name": "王五", "category": "elderly_retired_soldier", "village": "西村"})
        assert qrid.is_valid(a["id"]) and a["priority"] == "key" and a["version"] == 1
        assert b["priority"] == "general"
        assert store.get_entry(a["id"])["members"] == [{"name": "李四", "relation": "妻"}]
        assert store.get_entry("NOSUCH00") is None
        assert [e["name"] for e in store.search_entries("张")] == ["张三"]
        assert [e["id"] for e in store.search_entries(a["id"][2:6].lower())] == [a["id"]]
        assert [e["name"] for e in store.search_entries("西村")] == ["王五"]
        store.add_entry({"name": "Anna Smith", "category": "merit_family"})
        assert [e["name"] for e in store.search_entries("smith")] == ["Anna Smith"]
        assert store.search_entries("nobody") == [] and store.search_entries("  ") == []
    reader = office_home.reader()
    assert reader.register_count() == 3
    assert {a["id"], b["id"]} <= {e["id"] for e in _on_disk(office_home)["register"].values()}


def test_returned_entries_are_copies(office_home: Home) -> None:
    with office_home.writer() as store:
        entry = store.add_entry({"name": "张三", "category": "残疾军人"})
        entry["members"].append({"name": "x", "relation": "y"})
        entry["name"] = "changed"
        assert store.get_entry(entry["id"])["name"] == "张三"
        assert store.get_entry(entry["id"])["members"] == []


def test_update_entry_audits_each_field_and_bumps_version_once(office_home: Home) -> None:
    with office_home.writer(actor="站长") as store:
        entry = store.add_entry({"name": "张三", "category": "残疾军人", "phone": "1"})
        updated = store.update_entry(entry["id"], {"phone": "13900000000", "village": "南村",
                                                   "name": "张三"})
        assert updated["version"] == 2 and updated["phone"] == "13900000000"
        rows = [r for r in store.audit(entry["id"]) if r["action"] == "update"]
        assert {(r["field"], r["old"], r["new"]) for r in rows} == {
            ("phone", "1", "13900000000"), ("village", "", "南村")}
        assert all(r["who"] == "站长" for r in rows)
        same = store.update_entry(entry["id"], {"phone": "13900000000"})
        assert same["version"] == 2
        assert len([r for r in store.audit(entry["id"]) if r["action"] == "update"]) == 2
        with pytest.raises(UserError):
            store.update_entry(entry["id"], {"category": "nonsense"})
        with pytest.raises(UserError):
            store.update_entry("ZZZ", {"phone": "1"})


def test_category_change_rederives_priority(office_home: Home) -> None:
    with office_home.writer() as store:
        entry = store.add_entry({"name": "张三", "category": "残疾军人"})
        assert store.update_entry(entry["id"], {"category": "老年退役士兵"})["priority"] == "general"


def test_reader_is_read_only_and_needs_no_lock(office_home: Home) -> None:
    with office_home.writer() as store:
        store.add_entry({"name": "张三", "category": "残疾军人"})
        reader = office_home.reader()  # while the writer holds the lock
        assert reader.register_count() == 1
        with pytest.raises(UserError):
            reader.add_entry({"name": "x", "category": "残疾军人"})
        store.add_entry({"name": "王五", "category": "残疾军人"})
        assert reader.register_count() == 1  # a snapshot
        reader.reload()
        assert reader.register_count() == 2


def test_draft_answers_are_on_disk_at_once(device_home: Home) -> None:
    with device_home.writer() as store:
        draft = store.start_visit("ABCD1234", "home_care", "3")
        assert draft["volunteer"] == "李梅" and draft["device"] == device_home.home_id
        store.save_answer(draft["uuid"], ("occasion",), "spring")
        store.save_answer(draft["uuid"], ("items", 1, "amount"), "200")
        on_disk = device_home.files.read_json(device_home.path / "drafts" / f"{draft['uuid']}.json")
        assert on_disk["answers"] == {"occasion": "spring", "items": [{}, {"amount": "200"}]}
        store.save_answer(draft["uuid"], ("occasion",), None)
        with pytest.raises(UserError):
            store.save_answer(draft["uuid"], ("items", "x"), "1")
        with pytest.raises(UserError):
            store.save_answer("no-such-visit", ("occasion",), "1")
    # A fresh process (a new writer) sees the draft as it was last saved.
    with device_home.writer() as store:
        (again,) = store.drafts()
        assert again["answers"] == {"items": [{}, {"amount": "200"}]}
    assert "visits" not in _on_disk(device_home)  # drafts never touch the big file


def test_finalize_moves_draft_to_record(device_home: Home) -> None:
    with device_home.writer() as store:
        draft = store.start_visit("ABCD1234", "home_care", "3")
        store.save_answer(draft["uuid"], ("occasion",), "spring")
        store.set_register_updates(draft["uuid"], {"phone": "139"})
        record = store.finalize(draft["uuid"])
        assert record["status"] == "finalized" and record["revision"] == 1
        assert record["supersedes"] is None and record["ended"]
        assert record["register_updates"] == {"phone": "139"}
        assert record["hash"] == visit_hash(record)
        assert store.drafts() == []
        assert store.get_visit(draft["uuid"])["answers"] == {"occasion": "spring"}
        assert [v["uuid"] for v in store.visits(household="ABCD1234")] == [draft["uuid"]]
        assert store.visits(household="OTHER") == []
        with pytest.raises(UserError):
            store.finalize(draft["uuid"])
    assert not any((device_home.path / "drafts").iterdir())
    (stored,) = _on_disk(device_home)["visits"].values()
    assert stored["key"] == f"{draft['uuid']}.1"


def test_draft_already_finalized_is_dropped_on_open(device_home: Home) -> None:
    """A kill between writing the record and removing the draft leaves both: the record wins."""
    with device_home.writer() as store:
        draft = store.start_visit("ABCD1234", "home_care", "3")
        store.save_answer(draft["uuid"], ("occasion",), "spring")
        draft_file = device_home.path / "drafts" / f"{draft['uuid']}.json"
        kept = draft_file.read_bytes()
        store.finalize(draft["uuid"])
    draft_file.write_bytes(kept)
    with device_home.writer() as store:
        assert store.drafts() == []
        assert store.get_visit(draft["uuid"])["status"] == "finalized"
    assert not draft_file.exists()


def test_correction_is_a_new_revision(device_home: Home) -> None:
    with device_home.writer(actor="李梅") as store:
        draft = store.start_visit("ABCD1234", "home_care", "3")
        store.save_answer(draft["uuid"], ("occasion",), "spring")
        store.finalize(draft["uuid"])
    with device_home.writer(actor="王站长") as store:
        fix = store.start_correction(draft["uuid"])
        assert fix["revision"] == 2 and fix["supersedes"] == 1
        assert fix["answers"] == {"occasion": "spring"}
        store.save_answer(draft["uuid"], ("occasion",), "army_day")
        store.finalize(draft["uuid"])
        assert store.get_visit(draft["uuid"])["answers"] == {"occasion": "army_day"}
        assert store.get_visit(draft["uuid"], 1)["answers"] == {"occasion": "spring"}
        assert len(store.visits()) == 2 and len(store.visits(latest_only=True)) == 1
        changes = [r for r in store.audit(draft["uuid"]) if r["field"] == "answers.occasion"]
        assert [(r["who"], r["old"], r["new"]) for r in changes] == [("王站长", "spring", "army_day")]
        with pytest.raises(UserError):
            store.start_correction("no-such-visit")


def test_outbox_and_acknowledge(device_home: Home) -> None:
    with device_home.writer() as store:
        ids = []
        for household in ("A", "B"):
            draft = store.start_visit(household, "f", "1")
            ids.append(store.finalize(draft["uuid"])["key"])
        assert sorted(r["key"] for r in store.outbox()) == sorted(ids)
        assert store.acknowledge([ids[0], "unknown.1"]) == 1
        assert store.acknowledge([ids[0]]) == 0
        assert [r["key"] for r in store.outbox()] == [ids[1]]
    assert [r["key"] for r in device_home.reader().outbox()] == [ids[1]]


def test_office_receives_records_as_they_are(device_home: Home, office_home: Home) -> None:
    with device_home.writer() as store:
        draft = store.start_visit("A", "f", "1")
        store.save_answer(draft["uuid"], ("q",), "1")
        record = store.finalize(draft["uuid"])
    with office_home.writer() as office:
        assert office.add_received_visits([record]) == [record["key"]]
        assert office.add_received_visits([record]) == []
        got = office.get_visit(record["uuid"])
        assert got["device"] == device_home.home_id and got["hash"] == record["hash"]
        assert got["received"]


def test_assignment(device_home: Home) -> None:
    with device_home.writer() as store:
        assert store.assignment() == []
        store.set_assignment(["A", "B"], source="bundle-1")
        store.set_assignment(["C"])
        assert store.assignment() == ["C"]
    assert device_home.reader().assignment() == ["C"]


def test_transaction_is_one_write_and_rolls_back(office_home: Home) -> None:
    with office_home.writer() as store:
        store.add_entry({"name": "before", "category": "残疾军人"})
        writes = store.storage.writes
        with store.transaction():
            store.table("sync_bundles").insert({"bundle": 1})
            store.table("sync_conflicts").insert({"c": 1})
            store.add_entry({"name": "inside", "category": "残疾军人"})
        assert store.storage.writes == writes + 1
        before = store_bytes(office_home.path)
        with pytest.raises(RuntimeError), store.transaction():
            store.table("sync_bundles").insert({"bundle": 2})
            store.add_entry({"name": "lost", "category": "残疾军人"})
            raise RuntimeError("merge failed")
        assert store_bytes(office_home.path) == before
        assert [d["bundle"] for d in store.table("sync_bundles").all()] == [1]
        assert [e["name"] for e in store.entries()] == ["before", "inside"]
        assert store.search_entries("lost") == []
        # After the rollback ids and indexes are right again.
        again = store.add_entry({"name": "after", "category": "残疾军人"})
        assert store.get_entry(again["id"])["name"] == "after"
        assert store.table("sync_bundles").insert({"bundle": 3}) == 2
        with pytest.raises(ValueError):
            store.table("register")


def test_backup_of_previous_version_is_kept(office_home: Home) -> None:
    register = office_home.path / STORE_DIR / "register_ids.json"  # rewritten by every new entry
    with office_home.writer() as store:
        store.add_entry({"name": "one", "category": "残疾军人"})
        first = register.read_bytes()
        store.add_entry({"name": "two", "category": "残疾军人"})
    assert register.with_name("register_ids.json.bak").read_bytes() == first


def test_damaged_store_is_refused_naming_file_and_backup(office_home: Home) -> None:
    with office_home.writer() as store:
        store.add_entry({"name": "one", "category": "残疾军人"})
        store.add_entry({"name": "two", "category": "残疾军人"})
    path = office_home.path / STORE_DIR / "register_ids.json"
    damaged = path.read_bytes()[:-40]
    path.write_bytes(damaged)
    before = store_bytes(office_home.path)
    # A table's file is read when first used: here, the register.
    for opener in (office_home.reader, lambda: office_home.writer().__enter__()):
        with pytest.raises(UserError) as err:
            opener().register_count()
        message = err.value.render("en")
        assert str(path) in message and f"{path}.bak" in message
        assert str(path) in err.value.render("zh")
    assert store_bytes(office_home.path) == before  # never replaced by an empty store
    assert path.read_bytes() == damaged


def test_leftover_temp_files_are_removed_by_the_writer(office_home: Home) -> None:
    leftover = office_home.path / STORE_DIR / "register_ids.json.tmp-999-abcdef12"
    leftover.write_bytes(b'{"half')
    draft_left = office_home.path / "drafts" / "x.json.tmp-999-abcdef12"
    draft_left.write_bytes(b"{")
    office_home.reader()
    assert leftover.exists()  # a reader never deletes: a writer may be using it
    with office_home.writer():
        pass
    assert not leftover.exists() and not draft_left.exists()


def test_newer_schema_is_refused(office_home: Home) -> None:
    path = office_home.path / STORE_DIR / "meta.json"
    data = office_home.files.read_json(path)
    data["1"]["schema"] = SCHEMA_VERSION + 1
    path.write_bytes(office_home.files.sealer.seal(json.dumps(data).encode()))
    before = store_bytes(office_home.path)
    with pytest.raises(UserError) as err:
        office_home.reader()
    assert "newer doorstep" in err.value.render("en")
    with pytest.raises(UserError), office_home.writer():
        pass
    assert store_bytes(office_home.path) == before


def test_older_schema_is_upgraded_with_a_backup(office_home: Home) -> None:
    old = {"register": {"1": {"id": "ABCD1234", "name": "张三", "category": "disabled_serviceman",
                              "priority": "key", "village": "", "address": "", "phone": "",
                              "notes": ""}},
           "visits": {"1": {"uuid": "u-1", "household": "ABCD1234", "form_id": "f",
                            "form_version": "1", "volunteer": "v", "device": "d",
                            "started": "2024-01-01T10:00:00+08:00", "ended": None,
                            "answers": {"q": "1"}}}}
    path = write_single_file(office_home, old)
    raw = path.read_bytes()
    reader = office_home.reader()
    assert reader.get_visit("u-1")["revision"] == 1
    assert path.read_bytes() == raw  # a reader upgrades in memory only
    assert not (office_home.path / STORE_DIR).exists()
    with office_home.writer() as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.get_entry("ABCD1234")["version"] == 1
        visit = store.get_visit("u-1")
        assert visit["key"] == "u-1.1" and visit["hash"] == visit_hash(visit)
    assert (office_home.path / f"{STORE_FILE}.schema-v0.bak").read_bytes() == raw
    assert (office_home.path / SINGLE_FILE_BACKUP).read_bytes() == raw  # laid out, kept as it was
    assert not path.exists()
    assert _on_disk(office_home)["_meta"]["1"]["schema"] == SCHEMA_VERSION


def test_a_laid_out_store_of_schema_4_is_marked_5_by_its_first_writer(office_home: Home) -> None:
    """Version 5 rewrites nothing; its meta says 5 so that a doorstep of version 4 refuses the
    store in words rather than fail on the visit index's lines of runs (storage.visit_index)."""
    with office_home.writer() as store:
        store.add_entry({"name": "张三", "category": "disabled_serviceman", "village": "东村"})
    meta = office_home.path / STORE_DIR / "meta.json"
    meta.write_bytes(office_home.files.sealer.seal(b'{"1":{"schema":4,"kind":"office"}}'))
    reader = office_home.reader()
    try:
        assert reader.schema_version == 4 and len(reader.entries()) == 1
    finally:
        reader.close()
    assert json.loads(office_home.files.unseal(meta.read_bytes()))["1"]["schema"] == 4  # reader: no write
    with office_home.writer() as store:
        assert store.schema_version == SCHEMA_VERSION == 5
        assert len(store.entries()) == 1
    assert json.loads(office_home.files.unseal(meta.read_bytes())) == {"1": {"schema": 5, "kind": "office"}}


def test_home_settings_and_open(tmp_path: Path) -> None:
    home = Home.create(tmp_path / "h", "device", name="laptop", volunteer="李梅", lang="en")
    home.save_settings(theme="dark")
    again = Home.open(tmp_path / "h")
    assert again.kind == "device" and again.name == "laptop" and again.home_id == home.home_id
    assert again.settings == {"lang": "en", "theme": "dark", "volunteer": "李梅"}
    with pytest.raises(UserError):
        Home.create(tmp_path / "h", "office", name="x")
    with pytest.raises(UserError) as err:
        Home.open(tmp_path / "nothing")
    assert "doorstep init" in err.value.render("en")


def test_resolve_home_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from doorstep.storage.home import resolve_home_dir

    monkeypatch.setenv("DOORSTEP_HOME", str(tmp_path / "env"))
    assert resolve_home_dir(str(tmp_path / "x")) == tmp_path / "x"
    assert resolve_home_dir(None) == tmp_path / "env"
    monkeypatch.delenv("DOORSTEP_HOME")
    assert "doorstep" in str(resolve_home_dir(None))


def test_failed_write_leaves_memory_and_disk_as_they_were(office_home: Home,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import doorstep.storage.files

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(args[0]))

    with office_home.writer() as store:
        kept = store.add_entry({"name": "kept", "category": "残疾军人"})
        draft = store.start_visit(kept["id"], "f", "1")
        store.save_answer(draft["uuid"], ("q",), "first")
        before = store_bytes(office_home.path)
        monkeypatch.setattr(doorstep.storage.files, "write_atomic", disk_full)  # every sealed write
        monkeypatch.setattr(doorstep.storage.files, "write_staged", disk_full)  # and a commit's files
        with pytest.raises(OSError):
            store.add_entry({"name": "lost", "category": "残疾军人"})
        with pytest.raises(OSError):
            store.update_entry(kept["id"], {"phone": "123"})
        with pytest.raises(OSError):
            store.save_answer(draft["uuid"], ("q",), "second")
        with pytest.raises(OSError):
            store.finalize(draft["uuid"])
        assert store_bytes(office_home.path) == before
        assert [e["name"] for e in store.entries()] == ["kept"]
        assert store.get_entry(kept["id"])["phone"] == ""
        assert store.get_draft(draft["uuid"])["answers"] == {"q": "first"}
        assert store.visits() == []
        monkeypatch.undo()
        store.finalize(draft["uuid"])
        assert store.add_entry({"name": "later", "category": "残疾军人"})["version"] == 1
        assert [e["name"] for e in store.entries()] == ["kept", "later"]


def test_a_commit_whose_record_fails_leaves_no_staged_file(office_home: Home,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The files of a commit are staged (written, not yet named in a record); a full disk at
    the record itself leaves the home as it was, the staged files gone at once."""
    import errno

    import doorstep.storage.files

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(args[0]))

    with office_home.writer() as store:
        kept = store.add_entry({"name": "kept", "category": "残疾军人"})
        before = store_bytes(office_home.path)
        monkeypatch.setattr(doorstep.storage.files, "write_atomic", disk_full)  # the record
        with pytest.raises(OSError):
            with store.transaction():
                store.update_entry(kept["id"], {"phone": "123"})
                store.add_entry({"name": "lost", "category": "残疾军人"})
        assert store_bytes(office_home.path) == before
        assert not list(office_home.path.rglob("*.next"))
        monkeypatch.undo()
        assert store.update_entry(kept["id"], {"phone": "456"})["phone"] == "456"
    assert Home.open(office_home.path).reader().get_entry(kept["id"])["phone"] == "456"


def test_bulk_finalized_visits_of_this_device(device_home: Home) -> None:
    records = [{"uuid": f"u-{i}", "revision": 1, "household": "A", "form_id": "f", "form_version": "1",
                "volunteer": "王", "device": device_home.home_id, "started": "2026-01-01T09:00:00+08:00",
                "ended": "2026-01-01T09:30:00+08:00", "answers": {"q": str(i)}} for i in range(3)]
    with device_home.writer() as store:
        writes = store.storage.writes
        assert store.add_finalized_visits(records) == ["u-0.1", "u-1.1", "u-2.1"]
        assert store.storage.writes == writes + 1
        assert store.add_finalized_visits(records[:1]) == []
        visit = store.get_visit("u-1")
        assert visit["hash"] == visit_hash(visit) and visit["acked"] is False
        assert len(store.outbox()) == 3
        assert [r["who"] for r in store.audit("u-2")] == ["王"]
    with device_home.writer() as store:  # the indexes of a fresh open agree
        assert store.get_visit("u-2")["answers"] == {"q": "2"}
        fix = store.start_correction("u-2")
        assert fix["revision"] == 2


def test_a_register_laid_out_before_its_shards_is_split_keeping_every_entry(office_home: Home) -> None:
    with office_home.writer() as store:
        ids = store.upsert_entries([{"name": f"户{n}", "category": "残疾军人"} for n in range(40)]).added
    root = office_home.path / STORE_DIR
    data = _on_disk(office_home)["register"]
    for path in [*(root / "register").glob("*.json*"), *root.glob("register_ids.json*")]:
        path.unlink()
    (root / "register.json").write_bytes(office_home.files.sealer.seal(json.dumps(data).encode()))
    assert [e["id"] for e in office_home.reader().entries()] == ids  # a reader splits its copy
    assert not (root / "register_ids.json").exists()
    with office_home.writer() as store:
        assert [e["id"] for e in store.entries()] == ids and store.has_entry(ids[7])
    assert (root / "register_ids.json").exists() and not (root / "register.json").exists()
    assert (root / "register.json.unsharded.bak").exists()
    assert [e["id"] for e in office_home.reader().entries()] == ids
