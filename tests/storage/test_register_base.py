"""Replacing a received record (office), the register base a visit records, the office's
versions kept on a device, and the upgrade of a schema-1 store. Through the public API, on disk."""

from __future__ import annotations

import hashlib
import json

import pytest
from doorstep.i18n import UserError
from doorstep.storage import qrid
from doorstep.storage.home import Home
from doorstep.storage.schema import SCHEMA_VERSION
from doorstep.storage.store import STORE_FILE
from doorstep.storage.visits import visit_hash

from .conftest import on_disk, store_bytes, write_single_file

HID = qrid.new_id()  # a household id with a right check character
V1_FIELDS = ("uuid", "revision", "supersedes", "household", "form_id", "form_version",
             "volunteer", "device", "started", "ended", "answers", "register_updates")


def v1_hash(record: dict) -> str:
    """The content hash as schema 1 computed it (before register_base existed)."""
    content = {name: record.get(name) for name in V1_FIELDS}
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True,
                                     separators=(",", ":")).encode("utf-8")).hexdigest()


def _finalized(device: Home, household: str, answer: str) -> dict:
    with device.writer() as store:
        draft = store.start_visit(household, "verification", "1")
        store.save_answer(draft["uuid"], ("needs",), answer)
        return store.finalize(draft["uuid"])


# ------------------------------------------------------------------ replace_received_visit


def test_replace_received_visit_swaps_content_keeps_index_and_audits(device_home: Home,
                                                                      office_home: Home) -> None:
    record = _finalized(device_home, "ABCD1234", "需要轮椅")
    other = {**record, "answers": {"needs": "屋顶漏雨"}}
    with office_home.writer() as office:
        office.add_received_visits([record])
        received = office.get_visit(record["uuid"])["received"]
        stored = office.replace_received_visit(other)
        assert stored["hash"] == visit_hash(other) != record["hash"]
        got = office.get_visit(record["uuid"])
        assert got["answers"] == {"needs": "屋顶漏雨"} and got["hash"] == stored["hash"]
        assert got["received"] == received and got["acked"] is True and got["key"] == record["key"]
        assert office.visit_count() == 1 and len(office.visits()) == 1
        assert office.has_visit_record(record["key"])
        (row,) = [r for r in office.audit(record["uuid"]) if r["action"] == "replace"]
        assert (row["field"], row["old"], row["new"]) == ("hash", record["hash"], stored["hash"])
        # The same content again writes nothing.
        writes = office.storage.writes
        office.replace_received_visit(other)
        assert office.storage.writes == writes
        with pytest.raises(UserError):
            office.replace_received_visit({**record, "uuid": "00000000-0000-4000-8000-000000000000"})
    again = office_home.reader()
    assert again.get_visit(record["uuid"])["answers"] == {"needs": "屋顶漏雨"}
    assert again.visit_count() == 1


def test_replace_received_visit_is_part_of_a_transaction(device_home: Home, office_home: Home) -> None:
    record = _finalized(device_home, "ABCD1234", "需要轮椅")
    with office_home.writer() as office:
        office.add_received_visits([record])
        before = store_bytes(office_home.path)
        with pytest.raises(RuntimeError), office.transaction():
            office.replace_received_visit({**record, "answers": {"needs": "别的"}})
            office.table("sync_variants").insert({"key": record["key"]})
            raise RuntimeError("the merge failed")
        assert store_bytes(office_home.path) == before
        assert office.get_visit(record["uuid"])["answers"] == {"needs": "需要轮椅"}
        writes = office.storage.writes
        with office.transaction():
            office.replace_received_visit({**record, "answers": {"needs": "别的"}})
            office.table("sync_variants").insert({"key": record["key"]})
        assert office.storage.writes == writes + 1
        assert office.get_visit(record["uuid"])["answers"] == {"needs": "别的"}


# ------------------------------------------------------------------ register base


def test_upsert_can_keep_the_given_versions(device_home: Home) -> None:
    with device_home.writer() as store:
        store.upsert_entries([{"id": HID, "name": "张三", "category": "残疾军人", "version": 5}],
                             keep_versions=True)
        assert store.get_entry(HID)["version"] == 5
        # a changed field with the office's next version: that version, not 6 counted here
        store.upsert_entries([{"id": HID, "name": "张三", "category": "残疾军人", "phone": "139",
                               "version": 7}], keep_versions=True)
        entry = store.get_entry(HID)
        assert (entry["phone"], entry["version"]) == ("139", 7)
        # the same fields under a newer version: the version follows
        store.upsert_entries([{**entry, "version": 8}], keep_versions=True)
        assert store.get_entry(HID)["version"] == 8
        # without keep_versions the store counts as before
        store.upsert_entries([{"id": HID, "phone": "138", "version": 99}])
        assert store.get_entry(HID)["version"] == 9
        before = store_bytes(device_home.path)
        for bad in (0, "3", None, True):
            with pytest.raises(UserError):
                store.upsert_entries([{"id": HID, "phone": "137", "version": bad}], keep_versions=True)
        assert store_bytes(device_home.path) == before


def test_the_base_is_the_version_seen_when_updates_were_first_set(device_home: Home) -> None:
    entry = {"id": HID, "name": "张三", "category": "残疾军人", "phone": "138", "version": 3}
    with device_home.writer() as store:
        store.upsert_entries([entry], keep_versions=True)
        draft = store.start_visit(HID, "verification", "1")
        assert draft["register_base"] is None
        store.set_register_updates(draft["uuid"], {"address": "新地址"})
        assert store.get_draft(draft["uuid"])["register_base"] == 3
        other = store.start_visit("QQQQ0000", "verification", "1")  # not on the register
        store.set_register_updates(other["uuid"], {"phone": "1"})
    # An assignment import during the visit brings version 4; the volunteer saw 3.
    with device_home.writer() as store:
        store.upsert_entries([{**entry, "phone": "137", "version": 4}], keep_versions=True)
        assert store.get_draft(draft["uuid"])["register_base"] == 3  # kept across processes
        store.set_register_updates(draft["uuid"], {"address": "新地址", "phone": "136"})
        record = store.finalize(draft["uuid"])
        assert record["register_base"] == 3
        assert store.finalize(other["uuid"])["register_base"] == 0
        # the base is content: the hash covers it
        assert record["hash"] == visit_hash(record) != visit_hash({**record, "register_base": 4})
        fix = store.start_correction(draft["uuid"])
        assert fix["register_base"] == 3
        store.set_register_updates(draft["uuid"], {"phone": "135"})
        assert store.finalize(draft["uuid"])["register_base"] == 3
    assert device_home.reader().get_visit(draft["uuid"], 1)["register_base"] == 3


def test_a_visit_without_a_base_hashes_as_before() -> None:
    record = {"uuid": "u", "revision": 1, "supersedes": None, "household": "H", "form_id": "f",
              "form_version": "1", "volunteer": "v", "device": "d", "started": "s", "ended": "e",
              "answers": {"q": "1"}, "register_updates": {}}
    assert visit_hash(record) == v1_hash(record) == visit_hash({**record, "register_base": None})
    assert visit_hash({**record, "register_base": 0}) != v1_hash(record)


def test_a_schema_1_store_is_upgraded_keeping_every_hash(device_home: Home, office_home: Home) -> None:
    own = {"uuid": "11111111-1111-4111-8111-111111111111", "revision": 1, "supersedes": None,
           "household": HID, "form_id": "verification", "form_version": "1", "volunteer": "李梅",
           "device": "d", "device_name": "laptop", "started": "2030-01-01T10:00:00+08:00",
           "ended": "2030-01-01T10:30:00+08:00", "answers": {"q": "1"},
           "register_updates": {"phone": "139"}, "status": "finalized", "acked": False, "received": None}
    own |= {"key": own["uuid"] + ".1", "hash": v1_hash(own)}
    # An office's copy from a schema-1 bundle holds the device's estimate of the base.
    received = own | {"register_base": 2, "acked": True, "received": "2030-01-02T09:00:00+08:00"}
    for home, record in ((device_home, own), (office_home, received)):
        data = on_disk(home)
        data["_meta"]["1"]["schema"] = 1
        data["visits"] = {"1": record}
        path = write_single_file(home, data)
        raw = path.read_bytes()
        assert home.reader().get_visit(own["uuid"])["register_base"] is None  # in memory only
        assert path.read_bytes() == raw
        with home.writer() as store:
            assert store.schema_version == SCHEMA_VERSION
            visit = store.get_visit(own["uuid"])
            assert visit["register_base"] is None
            assert visit["hash"] == own["hash"] == visit_hash(visit)
            assert store.outbox() == ([visit] if home is device_home else [])
        assert (home.path / f"{STORE_FILE}.schema-v1.bak").read_bytes() == raw
    stored = office_home.reader().get_visit(own["uuid"])
    assert stored["register_base_estimate"] == 2  # kept, outside the content
