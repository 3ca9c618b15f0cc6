"""sync's tables on disk (storage.sharded, storage.split_field): an office laid out before them
is read as it is by a reader and upgraded by its first writer in one commit, every row kept with
its document id; a merge then reads and writes only the shards of the households it touches."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from doorstep.storage import qrid
from doorstep.storage.home import Home
from doorstep.storage.journal import read_journal
from doorstep.storage.layout import SHARDED, SPLIT_FIELDS, STORE_DIR, split_values, sync_shards
from doorstep.sync.merge import merge_paths
from doorstep.sync.outbox import export_visits
from sync_helpers import Enrolled, finish_visit, office_state

TABLES = (*SHARDED, *SPLIT_FIELDS)


def _stick(device: Home, households: list[str], out: Path, phone: str) -> Path:
    with device.writer() as store:
        for n, household in enumerate(households):
            finish_visit(store, household, {"needs_note": f"第{n}次"}, updates={"phone": f"{phone}{n}"})
        finish_visit(store, qrid.new_id(households), {"needs_note": "新户"})  # not on the register: a flag
    export_visits(device, out)
    return out


def _rows(home: Home) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    store = home.reader()
    try:
        return {name: [(r.doc_id, dict(r)) for r in store.table(name).all()] for name in TABLES}
    finally:
        store.close()


def _lay_out_as_before(home: Home) -> None:
    """Each table back in one file, the bundles' keys back in their rows."""
    root = home.path / STORE_DIR
    seal = home.files.sealer.seal
    for name in SHARDED:
        rows: dict[str, Any] = {}
        for shard in sync_shards(name):
            path = root / f"{shard}.json"
            if path.exists():
                rows.update(json.loads(home.files.unseal(path.read_bytes())))
            for stray in root.glob(f"{shard}.json*"):
                stray.unlink()
        (root / name).rmdir()
        (root / f"{name}.json").write_bytes(seal(json.dumps(rows).encode()))
    (root / "shard_ids.json").unlink()
    for name, (field, journal) in SPLIT_FIELDS.items():
        rows = json.loads(home.files.unseal((root / f"{name}.json").read_bytes()))
        values = split_values(read_journal(root / journal, home.files))
        rows = {k: {**doc, field: values[int(k)]} for k, doc in rows.items()}
        (root / f"{name}.json").write_bytes(seal(json.dumps(rows).encode()))
        (root / journal).unlink()


def test_an_office_laid_out_before_the_shards_is_read_then_upgraded_keeping_every_row(
        enrolled: Enrolled, tmp_path: Path) -> None:
    office, device = enrolled.office, enrolled.devices[0]
    merge_paths(office, [_stick(device, enrolled.households[:3], tmp_path / "s1", "1390000000")])
    before = _rows(office)
    assert all(before[name] for name in ("sync_proposals", "sync_applied", "sync_conflicts", "sync_bundles"))
    assert len(before["sync_bundles"][0][1]["keys"]) == 4
    root = office.path / STORE_DIR
    shutil.copytree(office.path, tmp_path / "control")
    control = Home.open(tmp_path / "control")
    _lay_out_as_before(office)

    assert _rows(office) == before  # a reader reads the old shape, and leaves it so
    assert (root / "sync_proposals.json").exists() and not (root / "sync_proposals").exists()

    with office.writer() as store:
        assert store.storage.writes == 0  # the upgrade is one commit of its own, done on opening
        assert {n: [(r.doc_id, dict(r)) for r in store.table(n).all()] for n in TABLES} == before
    for name in SHARDED:
        assert not (root / f"{name}.json").exists() and (root / f"{name}.json.unsharded.bak").exists()
        assert any((root / name).glob("*.json"))
    bundles = json.loads(office.files.unseal((root / "sync_bundles.json").read_bytes()))
    assert bundles and not any("keys" in row for row in bundles.values())
    assert _rows(office) == before

    # Merging on, the upgraded office decides as one that never had the old shape: new rows get
    # new ids, the old ones are found by household.
    stick = _stick(device, enrolled.households[:2], tmp_path / "s2", "1370000000")
    for home in (office, control):
        report = merge_paths(home, [stick])
        assert [b.status for b in report.bundles] == ["new"] and report.bundles[0].new == 3
    assert office_state(office) == office_state(control)
    after = _rows(office)
    assert {n: [i for i, _ in rows] for n, rows in after.items()} == \
        {n: [i for i, _ in rows] for n, rows in _rows(control).items()}
    new_ids = [i for i, _ in after["sync_proposals"] if i not in {j for j, _ in before["sync_proposals"]}]
    assert len(new_ids) == 2 and min(new_ids) > max(i for i, _ in before["sync_proposals"])
    again = merge_paths(office, [stick])  # the same stick again: a duplicate
    assert [b.status for b in again.bundles] == ["duplicate"]


def test_a_merge_splices_its_row_into_the_bundle_log(enrolled: Enrolled, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import doorstep.storage.layout as layout

    office, device = enrolled.office, enrolled.devices[0]
    merge_paths(office, [_stick(device, enrolled.households[:2], tmp_path / "s1", "1390000000")])
    encoded: list[object] = []
    real = layout.encode

    def counting(data: object) -> bytes:
        encoded.append(data)
        return real(data)

    stick = _stick(device, enrolled.households[2:4], tmp_path / "s2", "1370000000")
    monkeypatch.setattr(layout, "encode", counting)
    merge_paths(office, [stick])
    raw = office.files.read(office.path / STORE_DIR / "sync_bundles.json")
    rows = json.loads(raw)
    assert raw == real(rows) and [row["sequence"] for row in rows.values()] == [1, 2]
    # The log was not encoded whole: its new row was spliced in after the first.
    assert not [d for d in encoded if isinstance(d, dict) and isinstance(d.get("1"), dict)
                and "sequence" in d["1"]]
    assert [b.status for b in merge_paths(office, [stick]).bundles] == ["duplicate"]
