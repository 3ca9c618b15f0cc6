"""Visit marks (storage.marks): what the assignments list reads of each household's visits, the
same on a laptop that keeps them, an office that computes them, and PostgreSQL; and a month of
visits written as a splice of its previous bytes (storage.layout.TableFiles.mark_appended) is
byte for byte what encoding it whole gives."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import pytest
from doorstep.storage.home import Home
from doorstep.storage.layout import STORE_DIR
from doorstep.storage.marks import MARKS_DIR, marks_from_visits
from doorstep.storage.safe_json import encode, encode_appended
from doorstep.storage.seal import is_sealed
from doorstep.storage.visits import record_key, visit_hash
from hypothesis import given, settings
from hypothesis import strategies as st


@pytest.fixture(params=["laptop", "tinydb-office", "postgresql"])
def home(request: pytest.FixtureRequest, tmp_path: Path) -> Home:
    if request.param == "laptop":
        return Home.create(tmp_path / "laptop", "device", name="laptop-1", volunteer="李梅")
    database = request.getfixturevalue("fresh_database_url") if request.param == "postgresql" else None
    return Home.create(tmp_path / "office", "office", name="City office", database=database)


def visit(household: str, ended: str | None, *, revision: int = 1, of: str | None = None,
          started: str = "2026-03-02T09:30:00+08:00") -> dict:
    record = {"uuid": of or str(uuid.uuid4()), "revision": revision, "supersedes": revision - 1 or None,
              "household": household, "form_id": "home_care", "form_version": "2026.1",
              "volunteer": "李梅", "device": "dev-1", "device_name": "laptop-1", "started": started,
              "ended": ended, "answers": {"services": "cleaning"}, "register_updates": {},
              "register_base": 1, "status": "finalized"}
    record["key"] = record_key(record["uuid"], revision)
    record["hash"] = visit_hash(record)
    return record


def test_marks_follow_the_latest_revisions_on_every_store(home: Home) -> None:
    a, b, c = "HK000018", "HK000026", "HK000034"
    first = visit(a, "2026-03-02T10:00:00+08:00")
    later = visit(a, "2026-05-20T16:00:00+08:00")
    undated = visit(b, None, started="2026-04-01T08:00:00+08:00")
    moved = visit(c, "2026-02-01T10:00:00+08:00")
    with home.writer() as store:
        store.add_finalized_visits([first, later, undated, moved])
        assert store.visit_marks() == {a: ["2026-03-02T10:00:00+08:00", "2026-05-20T16:00:00+08:00"],
                                       b: ["2026-04-01T08:00:00+08:00"], c: ["2026-02-01T10:00:00+08:00"]}
        # A correction takes its visit's place (its own moment, here a later one); one that names
        # another household moves the visit's mark there; an older revision arriving later
        # changes nothing.
        store.add_finalized_visits([visit(a, "2026-03-03T09:00:00+08:00", revision=2, of=first["uuid"]),
                                    visit(b, "2026-02-02T10:00:00+08:00", revision=2, of=moved["uuid"])])
        store.add_finalized_visits([visit(c, "2026-01-01T10:00:00+08:00", revision=1, of=moved["uuid"])])
        expected = {a: ["2026-03-03T09:00:00+08:00", "2026-05-20T16:00:00+08:00"],
                    b: ["2026-02-02T10:00:00+08:00", "2026-04-01T08:00:00+08:00"]}
        assert store.visit_marks() == expected
        assert store.visit_marks([b, "HK999999"]) == {b: expected[b]}
        assert store.visit_marks([]) == {}
        assert store.visit_marks() == marks_from_visits(store.visits(latest_only=True))
    reader = home.reader()
    try:
        assert reader.visit_marks() == expected
        assert reader.visit_marks([a]) == {a: expected[a]}
    finally:
        reader.close()


def test_a_laptop_keeps_its_marks_sealed_and_in_the_visits_commit(device_home: Home) -> None:
    with device_home.writer() as store:
        household = store.add_entry({"name": "王建国", "category": "残疾军人"})["id"]
        draft = store.start_visit(household, "home_care", "2026.1")
        store.save_answer(draft["uuid"], ("services",), "cleaning")
        done = store.finalize(draft["uuid"], ended="2026-07-01T08:30:00+08:00")
        assert store.visit_marks([household]) == {household: ["2026-07-01T08:30:00+08:00"]}
        correction = store.start_correction(done["uuid"])
        store.save_answer(correction["uuid"], ("services",), "cooking")
        store.finalize(correction["uuid"], ended="2026-07-02T08:30:00+08:00")
        # A correction keeps its visit's `ended`: the mark stays on the day of the visit.
        assert store.visit_marks([household]) == {household: ["2026-07-01T08:30:00+08:00"]}
        before = {p.name: p.read_bytes() for p in (device_home.path / STORE_DIR / MARKS_DIR).glob("*.json")}
        with pytest.raises(RuntimeError), store.transaction():
            store.add_finalized_visits([visit(household, "2026-08-01T10:00:00+08:00")])
            raise RuntimeError("killed before the commit")
        # All or nothing: the marks were not written, and the store forgot them.
        after = {p.name: p.read_bytes() for p in (device_home.path / STORE_DIR / MARKS_DIR).glob("*.json")}
        assert after == before
        assert store.visit_marks([household]) == {household: ["2026-07-01T08:30:00+08:00"]}
    files = sorted((device_home.path / STORE_DIR / MARKS_DIR).glob("*.json"))
    assert {p.name for p in files} >= {"built.json"} and len(files) == 2
    assert all(is_sealed(p.read_bytes()) for p in files)
    assert household not in b"".join(p.read_bytes() for p in files).decode("latin-1")


def test_a_laptop_made_before_the_marks_gets_them_from_its_first_writer(device_home: Home) -> None:
    households = [f"HK{n:06d}" for n in range(40)]
    records = [visit(households[n % 40], f"2026-{1 + n % 12:02d}-0{1 + n % 9}T10:00:00+08:00")
               for n in range(300)]
    with device_home.writer() as store:
        store.add_finalized_visits(records)
        expected = store.visit_marks()
    assert expected == marks_from_visits(records)
    shutil.rmtree(device_home.path / STORE_DIR / MARKS_DIR)  # as a laptop of doorstep before them
    reader = device_home.reader()
    try:
        assert reader.visit_marks() == expected  # computed from the visits
    finally:
        reader.close()
    with device_home.writer() as store:
        assert (device_home.path / STORE_DIR / MARKS_DIR / "built.json").exists()
        assert store.visit_marks() == expected
        store.add_finalized_visits([visit(households[0], "2026-12-31T10:00:00+08:00")])
        expected[households[0]] = [*expected[households[0]], "2026-12-31T10:00:00+08:00"]
    reader = device_home.reader()
    try:
        assert reader.visit_marks() == expected
        assert reader.visit_marks(households[:3]) == {h: expected[h] for h in households[:3]}
    finally:
        reader.close()


def _month_file(home: Home, month: str) -> bytes:
    return home.files.read(home.path / STORE_DIR / "visits" / f"{month}.json")


def test_a_finalized_visit_is_spliced_into_its_month(device_home: Home,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import doorstep.storage.layout as layout

    encoded: list[object] = []
    real = layout.encode

    def counting(data: object) -> bytes:
        encoded.append(data)
        return real(data)

    with device_home.writer() as store:
        household = store.add_entry({"name": "王建国", "category": "残疾军人"})["id"]
        store.add_finalized_visits([visit(household, f"2026-07-0{n}T10:00:00+08:00") for n in range(1, 6)])
        monkeypatch.setattr(layout, "encode", counting)
        for n in range(3):
            draft = store.start_visit(household, "home_care", "2026.1")
            store.save_answer(draft["uuid"], ("services",), f"第{n}次 \"cleaning\"\n")
            store.finalize(draft["uuid"], ended=f"2026-07-1{n}T10:00:00+08:00")
            raw = _month_file(device_home, "2026-07")
            month = json.loads(raw)
            assert raw == real(month) and len(month) == 6 + n
            assert month[str(6 + n)]["answers"]["services"] == f"第{n}次 \"cleaning\"\n"
        # The month was never encoded whole for a finalize: its rows were spliced in.
        assert not [d for d in encoded if isinstance(d, dict) and len(d) >= 5 and "1" in d]
        store.acknowledge([r["key"] for r in store.visits()][:2])  # a change, not an insert: whole
        raw = _month_file(device_home, "2026-07")
        assert raw == real(json.loads(raw)) and json.loads(raw)["1"]["acked"] is True
        draft = store.start_visit(household, "home_care", "2026.1")
        store.finalize(draft["uuid"], ended="2026-07-20T10:00:00+08:00")
        raw = _month_file(device_home, "2026-07")
        assert raw == real(json.loads(raw)) and len(json.loads(raw)) == 9
    reader = device_home.reader()
    try:
        assert len(reader.visits(months=["2026-07"])) == 9
    finally:
        reader.close()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12)
tables = st.dictionaries(st.integers(1, 10_000).map(str), st.dictionaries(st.text(), json_values, max_size=5),
                         max_size=6)


@settings(max_examples=200, deadline=None)
@given(table=tables, added=tables)
def test_encode_appended_is_what_encoding_the_whole_table_gives(table: dict, added: dict) -> None:
    new = {k: v for k, v in added.items() if k not in table}
    assert encode_appended(encode(table), new) == encode({**table, **new})


def test_an_assigned_households_entry_follows_the_register(device_home: Home) -> None:
    """A laptop keeps its assigned households' entries beside their marks (storage.marks) and
    answers get_entry from there: every change to the register must reach that copy, in the
    same commit, and survive a reopening."""
    with device_home.writer() as store:
        store.upsert_entries([{"name": f"户主{n}", "category": "old_demobilized", "phone": f"1390000000{n}"}
                              for n in range(3)])
        ids = [e["id"] for e in store.entries()]
        store.set_assignment(ids[:2])
        store.add_finalized_visits([visit(ids[0], "2026-03-02T10:00:00+08:00")])
        store.upsert_entries([{"id": ids[0], "phone": "13811112222"}, {"id": ids[2], "phone": "13833334444"}])
        store.update_entry(ids[1], {"address": "东湖村3组"})
        assert store.get_entry(ids[0])["phone"] == "13811112222"
    reader = device_home.reader()
    try:
        assert reader.get_entry(ids[0])["phone"] == "13811112222"
        assert reader.get_entry(ids[1])["address"] == "东湖村3组"
        assert reader.get_entry(ids[2])["phone"] == "13833334444"  # not assigned: from the register
        assert reader.visit_marks(ids[:1]) == {ids[0]: ["2026-03-02T10:00:00+08:00"]}
    finally:
        reader.close()
    with device_home.writer() as store:
        store.set_assignment(ids[1:])  # the next assignment: the copies are made again
        store.update_entry(ids[2], {"phone": "13855556666"})
        assert store.get_entry(ids[2])["phone"] == "13855556666"
        assert store.get_entry(ids[0])["phone"] == "13811112222"  # no longer assigned
    assert Home.open(device_home.path).reader().get_entry(ids[2])["phone"] == "13855556666"
