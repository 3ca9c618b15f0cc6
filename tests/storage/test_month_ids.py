"""Visits added to a month without reading it (storage.month_ids, TableFiles.append_unread): the
same files as TinyDB's insert into the month read, on real files, and the month read as before
whenever its file is not the one its highest id was written for."""

from __future__ import annotations

import json
import random
import shutil
import uuid
from pathlib import Path
from typing import Any

import pytest
from doorstep.storage.files import HomeFiles
from doorstep.storage.home import Home
from doorstep.storage.layout import MONTH_IDS, STORE_DIR
from doorstep.storage.safe_json import encode
from doorstep.storage.visits import record_key, visit_hash

MARCH = "visits/2026-03"


def _record(rng: random.Random, month: int, *, of: str | None = None) -> dict[str, Any]:
    started = f"2026-{month:02d}-{rng.randint(1, 28):02d}T09:00:00+08:00"
    record = {
        "uuid": of or str(uuid.UUID(int=rng.getrandbits(128), version=4)), "revision": 1, "supersedes": None,
        "household": "HK000018", "form_id": "home_care", "form_version": "2026.1", "volunteer": "李秀梅",
        "device": "dev-1", "device_name": "laptop-1", "started": started,
        "ended": started.replace("T09", "T10"), "answers": {"minutes": str(rng.randint(20, 180))},
        "register_updates": {},
    }
    record["hash"] = visit_hash(record)
    return record


def _key(record: dict[str, Any]) -> str:
    return record_key(record["uuid"], record["revision"])


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    import doorstep.storage.store as store_module

    monkeypatch.setattr(store_module, "now_iso", lambda: "2026-12-01T09:00:00+08:00")


def _month(home: Home, name: str = MARCH) -> dict[str, Any]:
    raw = home.files.read(home.path / STORE_DIR / f"{name}.json")
    table = json.loads(raw)
    assert raw == encode(table)  # a splice gives what encoding the whole table gives
    return table  # type: ignore[no-any-return]


def _files(home: Home) -> dict[str, bytes]:
    root = home.path / STORE_DIR
    return {str(p.relative_to(root)): home.files.read(p) for p in sorted(root.rglob("*.json"))}


def _parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files parsed from now on."""
    seen: list[str] = []
    real = HomeFiles.read_json

    def reading(self: HomeFiles, path: Path) -> Any:
        seen.append(Path(path).name)
        return real(self, path)

    monkeypatch.setattr(HomeFiles, "read_json", reading)
    return seen


def test_visits_join_a_month_unread_numbered_as_tinydb_numbers_them(
        office_home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(7)
    first = [_record(rng, 3) for _ in range(5)]
    with office_home.writer() as store:
        store.add_received_visits(first)
        moved = dict(first[4], ended="2026-04-02T10:00:00+08:00")  # the highest id leaves March
        moved["hash"] = visit_hash(moved)
        store.replace_received_visit(moved)
    assert sorted(_month(office_home), key=int) == ["1", "2", "3", "4"]
    control = Home.open(shutil.copytree(office_home.path, tmp_path / "control"))
    (control.path / STORE_DIR / f"{MONTH_IDS}.json").unlink()  # as an office before month_ids

    later = [_record(rng, 3) for _ in range(3)] + [_record(rng, 5)]
    parsed = _parsed(monkeypatch)
    with office_home.writer() as store:
        store.add_received_visits(later)
    assert "2026-03.json" not in parsed  # March was not read
    with control.writer() as store:
        store.add_received_visits(later)
    # Ids 5, 6, 7 in March: TinyDB's highest id plus one, as the control read them.
    ours, theirs = _files(office_home), _files(control)
    ids, control_ids = (json.loads(files.pop(f"{MONTH_IDS}.json")) for files in (ours, theirs))
    assert ours == theirs
    assert ids == {**control_ids, "visits/2026-04": ids["visits/2026-04"]}  # April: written before
    assert ids[MARCH]["last"] == 7
    assert [row["uuid"] for row in _month(office_home).values()] == [r["uuid"] for r in first[:4] + later[:3]]
    reader = office_home.reader()
    try:
        assert [v["key"] for v in reader.visits()] == [_key(r) for r in first + later]
        assert reader.get_visit(later[2]["uuid"])["answers"] == later[2]["answers"]
    finally:
        reader.close()


def test_a_month_changed_behind_its_entry_is_read_and_nothing_is_overwritten(office_home: Home) -> None:
    rng = random.Random(8)
    with office_home.writer() as store:
        store.add_received_visits([_record(rng, 3) for _ in range(3)])
    # As an older doorstep, or a hand restoring a backup, might leave it: a row the entry
    # does not know of, under the next id.
    path = office_home.path / STORE_DIR / f"{MARCH}.json"
    table = json.loads(office_home.files.read(path))
    table["4"] = {**table["3"], "uuid": "written-behind"}
    office_home.files.write(path, encode(table))
    new = _record(rng, 3)
    with office_home.writer() as store:
        store.add_received_visits([new])
    month = _month(office_home)
    assert list(month) == ["1", "2", "3", "4", "5"]
    assert month["4"]["uuid"] == "written-behind" and month["5"]["uuid"] == new["uuid"]
    ids = json.loads(office_home.files.read(office_home.path / STORE_DIR / f"{MONTH_IDS}.json"))
    assert ids[MARCH]["last"] == 5


def test_a_month_read_after_rows_joined_it_unread_holds_them(office_home: Home) -> None:
    rng = random.Random(9)
    first = [_record(rng, 3) for _ in range(2)]
    with office_home.writer() as store:
        store.add_received_visits(first)
    one, two, three = (_record(rng, 3) for _ in range(3))
    with office_home.writer() as store:
        with store.transaction():
            store.add_received_visits([one])  # unread
            assert store.get_visit(one["uuid"])["key"] == _key(one)  # reads March, with it
            store.add_received_visits([two])  # March is read now: through TinyDB
        assert store.get_visit(two["uuid"]) is not None
        store.add_received_visits([three])
    month = _month(office_home)
    assert [row["uuid"] for row in month.values()] == [r["uuid"] for r in [*first, one, two, three]]
    assert list(month) == ["1", "2", "3", "4", "5"]


def test_a_transaction_undone_leaves_the_month_as_it_was(office_home: Home) -> None:
    rng = random.Random(10)
    with office_home.writer() as store:
        store.add_received_visits([_record(rng, 3) for _ in range(2)])
    before = _files(office_home)
    lost, kept = _record(rng, 3), _record(rng, 3)
    with office_home.writer() as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.add_received_visits([lost])
            raise RuntimeError("the merge failed")
        assert _files(office_home) == before and not store.has_visit_record(_key(lost))
        store.add_received_visits([kept])
    month = _month(office_home)
    assert list(month) == ["1", "2", "3"] and month["3"]["uuid"] == kept["uuid"]
