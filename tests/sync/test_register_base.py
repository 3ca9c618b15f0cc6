"""Register bases: the version a visit's register updates were based on, recorded on the device
while the visit is under way, carried in the bundle, and used by the office field by field."""

from __future__ import annotations

import uuid
from pathlib import Path

from doorstep.storage.home import Home
from doorstep.storage.visits import visit_hash
from doorstep.sync.assignment import import_assignment, write_assignment
from doorstep.sync.envelope import open_bundle
from doorstep.sync.identity import load_identity
from doorstep.sync.merge import CONFLICTS, PROPOSALS, merge_paths
from doorstep.sync.outbox import export_visits
from sync_helpers import VERIFICATION, Enrolled, finish_visit


def _bundle_visits(enrolled: Enrolled, device: Home, path: Path) -> list[dict]:
    me = load_identity(device).public
    return open_bundle(path.read_bytes(), load_identity(enrolled.office), {me.key_id: me}).content["visits"]


def _office_rows(office: Home, table: str) -> list[dict]:
    store = office.reader()
    try:
        return [dict(r) for r in store.table(table).all()]
    finally:
        store.close()


def _reassign(enrolled: Enrolled, device: Home, out: Path) -> None:
    import_assignment(device, write_assignment(enrolled.office, device.name, [], out).path)


def test_an_import_during_a_visit_leaves_the_base_the_volunteer_saw(
        enrolled: Enrolled, tmp_path: Path) -> None:
    a = enrolled.devices[0]
    household = enrolled.households[0]
    seen_phone = enrolled.entries[0]["phone"]
    with a.writer() as store:
        draft = store.start_visit(household, "verification", VERIFICATION)
        store.save_answer(draft["uuid"], ("needs_note",), "需要轮椅")
        store.set_register_updates(draft["uuid"], {"phone": "13900000001"})
        assert store.get_entry(household)["version"] == 1
    # Meanwhile the office changes the address and the device takes the new assignment.
    with enrolled.office.writer() as store:
        store.update_entry(household, {"address": "办公室改的地址"})
    _reassign(enrolled, a, tmp_path / "as")
    with a.writer() as store:
        assert store.get_entry(household)["version"] == 2  # the office's version, kept on the device
        store.set_register_updates(draft["uuid"], {"phone": "13900000001"})  # the checklist saves again
        record = store.finalize(draft["uuid"])
        later = finish_visit(store, enrolled.households[1], {}, updates={"phone": "13900000002"})
    assert record["register_base"] == 1  # what the volunteer was looking at, not the import's 2
    assert later["register_base"] == 1  # households[1] did not change: still the office's version 1

    path = export_visits(a, tmp_path / "stick").path
    items = {v["uuid"]: v for v in _bundle_visits(enrolled, a, path)}
    assert items[record["uuid"]]["register_base"] == 1
    assert items[record["uuid"]]["hash"] == visit_hash(items[record["uuid"]])  # the hash covers it
    merge_paths(enrolled.office, [path])
    (proposal,) = [p for p in _office_rows(enrolled.office, PROPOSALS) if p["visit"] == record["key"]]
    assert proposal["base"] == 1 and proposal["base_recorded"] and proposal["base_value"] == seen_phone
    entry = enrolled.office.reader().get_entry(household)
    # field by field: the phone the volunteer changed applies; the address the office changed stays
    assert (entry["phone"], entry["address"]) == ("13900000001", "办公室改的地址")
    assert _office_rows(enrolled.office, CONFLICTS) == []


def test_a_field_the_office_changed_after_the_base_is_not_overwritten(
        enrolled: Enrolled, tmp_path: Path) -> None:
    a, b = enrolled.devices
    household = enrolled.households[2]
    with a.writer() as store:  # a saw version 1
        old = finish_visit(store, household, {}, updates={"phone": "13911111111"})
    with enrolled.office.writer() as store:
        store.update_entry(household, {"phone": "13822222222"})  # version 2, by the office
    _reassign(enrolled, b, tmp_path / "as")
    with b.writer() as store:  # b saw version 2
        new = finish_visit(store, household, {}, updates={"phone": "13933333333"})
    assert (old["register_base"], new["register_base"]) == (1, 2)
    merge_paths(enrolled.office, [export_visits(a, tmp_path / "s1").path])
    assert enrolled.office.reader().get_entry(household)["phone"] == "13822222222"
    (flag,) = _office_rows(enrolled.office, CONFLICTS)
    assert flag["kind"] == "register_office_edited" and flag["office_value"] == "13822222222"
    assert flag["values"] == [{"value": "13911111111", "visit": old["key"]}]
    # b's change was made seeing the office's value: it applies, and the flag goes.
    merge_paths(enrolled.office, [export_visits(b, tmp_path / "s2").path])
    assert enrolled.office.reader().get_entry(household)["phone"] == "13933333333"
    assert _office_rows(enrolled.office, CONFLICTS) == []


def test_a_value_equal_to_the_base_is_no_change_and_no_clash(enrolled: Enrolled, tmp_path: Path) -> None:
    a, b = enrolled.devices
    household = enrolled.households[3]
    seen = enrolled.entries[3]
    with a.writer() as store:  # the volunteer confirms the phone and address as they were
        finish_visit(store, household, {}, updates={"phone": seen["phone"], "address": seen["address"]},
                     ended="2030-08-01T12:00:00+08:00")
    with b.writer() as store:  # the other changes the phone, earlier in the day, from the same base
        finish_visit(store, household, {}, updates={"phone": "13944444444"},
                     ended="2030-08-01T09:00:00+08:00")
        finish_visit(store, household, {}, updates={"address": "两人都改了"},
                     ended="2030-08-01T09:30:00+08:00")
    with a.writer() as store:  # ... while two real changes of one field from one base do clash
        finish_visit(store, household, {}, updates={"address": "另一个地址"},
                     ended="2030-08-01T13:00:00+08:00")
    paths = [export_visits(d, tmp_path / d.name).path for d in (a, b)]
    merge_paths(enrolled.office, paths)
    entry = enrolled.office.reader().get_entry(household)
    assert entry["phone"] == "13944444444"  # a's later confirmation did not undo b's change
    assert entry["address"] == "另一个地址"  # the later of the two changes
    flags = _office_rows(enrolled.office, CONFLICTS)
    assert [(f["kind"], f["field"], f["base"]) for f in flags] == [("register", "address", 1)]
    assert sorted(v["value"] for v in flags[0]["values"]) == ["两人都改了", "另一个地址"]


def test_a_visit_from_before_register_bases_falls_back_to_the_estimate(
        enrolled: Enrolled, tmp_path: Path) -> None:
    """A visit a schema-1 store finalized has no base: the device estimates it from its import
    log, outside the hash, and the office keeps the estimate beside the record."""
    a = enrolled.devices[0]
    household = enrolled.households[4]
    with a.writer() as store:
        record = finish_visit(store, household, {"needs_note": "x"}, updates={"phone": "13955555555"})
    legacy = {k: v for k, v in record.items() if k not in ("key", "hash", "status", "acked", "received")}
    legacy |= {"uuid": str(uuid.uuid4()), "register_base": None}
    with a.writer() as store:
        (key,) = store.add_finalized_visits([legacy])
        stored = store.get_visit(legacy["uuid"])
    assert stored["register_base"] is None
    path = export_visits(a, tmp_path / "s").path
    item = next(v for v in _bundle_visits(enrolled, a, path) if v["uuid"] == legacy["uuid"])
    assert item["register_base"] == 1 and item["hash"] == stored["hash"] != visit_hash(item)
    merge_paths(enrolled.office, [path])
    office = enrolled.office.reader()
    kept = office.get_visit(legacy["uuid"])
    assert kept["hash"] == stored["hash"] and kept["register_base"] is None
    assert kept["register_base_estimate"] == 1
    (proposal,) = [p for p in _office_rows(enrolled.office, PROPOSALS) if p["visit"] == key]
    assert proposal["base"] == 1 and not proposal["base_recorded"] and "base_value" not in proposal
    # The same bundle again is a duplicate: the hashes agree on both sides.
    again = merge_paths(enrolled.office, [export_visits(a, tmp_path / "s2", again=True).path])
    assert again.bundles[0].status == "duplicate"


def test_a_change_made_seeing_the_office_own_value_applies(enrolled: Enrolled, tmp_path: Path) -> None:
    """doorstep applied a's phone; the office then corrected it; b, who saw the correction,
    changes it again: b's change applies. a's stale second visit does not."""
    a, b = enrolled.devices
    household = enrolled.households[5]
    with a.writer() as store:
        finish_visit(store, household, {}, updates={"phone": "13966666666"})
    merge_paths(enrolled.office, [export_visits(a, tmp_path / "s1").path])
    with enrolled.office.writer() as store:
        store.update_entry(household, {"phone": "13877777777"})
    _reassign(enrolled, b, tmp_path / "as")
    with b.writer() as store:
        assert store.get_entry(household)["phone"] == "13877777777"
        finish_visit(store, household, {}, updates={"phone": "13988888888"})
    merge_paths(enrolled.office, [export_visits(b, tmp_path / "s2").path])
    assert enrolled.office.reader().get_entry(household)["phone"] == "13988888888"
    assert _office_rows(enrolled.office, CONFLICTS) == []
