"""The visit index's records (storage.visit_index): runs of one month's keys, and the `{key: month}`
records older homes hold, read alike, on real files."""

from __future__ import annotations

import random
import uuid
from pathlib import Path
from typing import Any

from doorstep.storage.home import Home
from doorstep.storage.journal import journal_line, read_journal
from doorstep.storage.layout import INDEX, STORE_DIR
from doorstep.storage.visit_index import index_record, read_index
from doorstep.storage.visits import record_key, visit_hash


def _record(rng: random.Random, month: int, *, revision: int = 1, of: str | None = None) -> dict[str, Any]:
    started = f"2026-{month:02d}-{rng.randint(1, 28):02d}T09:00:00+08:00"
    record = {
        "uuid": of or str(uuid.UUID(int=rng.getrandbits(128), version=4)), "revision": revision,
        "supersedes": revision - 1 if revision > 1 else None, "household": "HK000018",
        "form_id": "home_care", "form_version": "2026.1", "volunteer": "李秀梅", "device": "dev-1",
        "device_name": "laptop-1", "started": started, "ended": started.replace("T09", "T10"),
        "answers": {"minutes": str(rng.randint(20, 180))}, "register_updates": {},
    }
    record["hash"] = visit_hash(record)
    return record


def test_a_record_is_runs_of_one_month_and_reads_back_in_order() -> None:
    index = {"a.1": "2026-03", "b.1": "2026-03", "c.2": "2026-04", "d.1": "2026-03", "e.1": "undated"}
    record = index_record(index)
    assert record == ["2026-03", "a.1 b.1", "2026-04", "c.2", "2026-03", "d.1", "undated", "e.1"]
    periods, later = read_index([record])
    assert list(periods.items()) == list(index.items())
    assert later == ["c.2"]


def test_old_records_and_runs_read_together_as_dict_update_did() -> None:
    old = {"a.1": "2026-01", "b.3": "2026-01", "c.1": "2026-02"}
    new = index_record({"d.1": "2026-02", "a.1": "2026-05", "e.11": "2026-05"})
    periods, later = read_index([old, new, {}, []])
    expected: dict[str, str] = {}
    for part in (old, {"d.1": "2026-02", "a.1": "2026-05", "e.11": "2026-05"}):
        expected.update(part)
    assert list(periods.items()) == list(expected.items())
    assert sorted(later) == ["b.3", "e.11"]


def test_a_key_with_a_space_is_written_as_a_key_month_object() -> None:
    index = {"odd key.1": "2026-03", "b.1": "2026-03"}
    assert index_record(index) == index
    assert read_index([index_record(index)])[0] == index


def test_later_revisions_are_found_however_keys_end() -> None:
    keys = ["u.1", "u.2", "v.10", "w.21", "x..1", "y.1", "z.101", "q.1"]
    record = index_record(dict.fromkeys(keys, "2026-06"))
    assert read_index([record])[1] == [k for k in keys if not k.endswith(".1")]
    assert read_index([index_record({"u.1": "2026-06", "y.1": "2026-06"})])[1] == []


def _key(record: dict[str, Any]) -> str:
    return record_key(record["uuid"], record["revision"])


def _to_old_shape(home: Home) -> int:
    """Rewrite the home's index as doorstep before the runs wrote it: one `{key: month}` object a
    line. Returns how many lines it has."""
    path = home.path / STORE_DIR / INDEX
    records = read_journal(path, home.files)
    old = [read_index([record])[0] for record in records]
    path.write_bytes(b"".join(journal_line(home.files, record) for record in old))
    assert all(isinstance(r, dict) for r in read_journal(path, home.files))
    return len(old)


def _seen(home: Home) -> tuple[list[str], int, dict[str, int]]:
    """The keys in the order the store gives its visits, how many it counts, and the latest
    revision it finds of each uuid."""
    store = home.reader()
    try:
        keys = [v["key"] for v in store.visits()]
        latest = {v["uuid"]: v["revision"] for v in store.visits(latest_only=True)}
        return keys, store.visit_count(), latest
    finally:
        store.close()


def test_an_office_whose_index_is_in_the_old_shape_reads_and_grows(office_home: Home) -> None:
    rng = random.Random(5)
    first = [_record(rng, 1 + n % 5) for n in range(30)]
    corrected = _record(rng, 4, revision=2, of=first[3]["uuid"])  # its visit's month
    with office_home.writer() as store:
        store.add_received_visits(first)
        store.add_received_visits([corrected])
    keys_before, count_before, latest_before = _seen(office_home)
    assert count_before == 31 and latest_before[first[3]["uuid"]] == 2

    assert _to_old_shape(office_home) == 2
    assert _seen(office_home) == (keys_before, count_before, latest_before)

    # A writer appends runs after the old lines; readers and writers read both.
    more = [_record(rng, 6 + n % 2) for n in range(10)]
    again = _record(rng, 4, revision=3, of=first[3]["uuid"])
    with office_home.writer() as store:
        assert store.has_visit_record(_key(first[0])) and store.get_visit(first[3]["uuid"])["revision"] == 2
        store.add_received_visits([*more, again])
    records = read_journal(office_home.path / STORE_DIR / INDEX, office_home.files)
    assert [type(r) for r in records] == [dict, dict, list]
    keys, count, latest = _seen(office_home)
    # One commit's keys month by month (storage.Store._insert_visits), in the order given.
    assert keys == keys_before + [_key(r) for r in sorted([*more, again], key=lambda r: r["ended"][:7])]
    assert count == 42 and latest[first[3]["uuid"]] == 3
    with office_home.writer() as store:
        assert store.get_visit(first[3]["uuid"])["key"] == _key(again)
        assert store.visits_held([_key(first[1]), _key(more[0]), "nowhere.1"]) == {
            _key(first[1]), _key(more[0])}


def test_the_new_records_are_smaller_than_the_old(office_home: Home, tmp_path: Path) -> None:
    rng = random.Random(6)
    with office_home.writer() as store:
        store.add_received_visits([_record(rng, 1 + n % 2) for n in range(200)])
    path = office_home.path / STORE_DIR / INDEX
    new_size = path.stat().st_size
    _to_old_shape(office_home)
    assert new_size < 0.8 * path.stat().st_size
