"""Typing the records changed no byte on disk.

`write_sample` drives a device's store and an office's store through every path that writes a
record (register import and edit, draft, answers in and out of a repeat, register updates,
finalize, correction, assignment, acknowledgement, visits received, a received visit replaced)
with the clock fixed. The files in on_disk/ were written by the same function with the code as
it was before the records were typed (commit 441ed9f, `dict[str, Any]` everywhere), regenerated for
schema 4 (a correction keeps its visit's `ended` and records `corrected_at`), and once more when
`month_ids.json` joined the layout (storage.month_ids: only those two files were new), and for
schema 5 (only meta.json changed: the visit index's lines of runs need it); the test
writes them again with today's code and compares the bytes.

To regenerate after a deliberate format change (and a schema version bump):
    python tests/storage/test_records_on_disk.py
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURE = Path(__file__).with_name("on_disk")
VISIT_A = "0b5c6f0e-2a4e-4d52-9c1e-3f4a5b6c7d8e"
VISIT_B = "1c6d7e8f-3b5f-4e63-8d2f-405b6c7d8e9f"


def _clock() -> Iterator[str]:
    for n in itertools.count():
        yield f"2026-07-{1 + n // 60:02d}T09:{n % 60:02d}:00+08:00"


def write_sample(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Write a device's and an office's store under `root`; return the files written."""
    import doorstep.storage.store as store_module
    from doorstep.storage.store import Store, create_store_file

    ticks = _clock()
    monkeypatch.setattr(store_module, "now_iso", lambda: next(ticks))
    device_dir, office_dir = root / "device", root / "office"
    for folder, kind in ((device_dir, "device"), (office_dir, "office")):
        folder.mkdir(parents=True)
        create_store_file(folder, kind)

    device = Store(device_dir, read_only=False, actor="李梅", device="dev-1", device_name="laptop-1")
    device.upsert_entries([
        {"id": "HK000018", "name": "王建国", "category": "残疾军人", "village": "东湖村",
         "address": "东湖村 3 组 12 号", "phone": "13800138000",
         "members": [{"name": "张兰", "relation": "配偶"}], "notes": "耳背，请大声"},
        {"id": "HK000026", "name": "Li Ming", "category": "烈士遗属", "village": "西岭村", "priority": "key"},
    ])
    device.update_entry("HK000026", {"status": "deceased", "death_date": "2026-03-01", "entitled": "no"})
    device.start_visit("HK000018", "home_care", "3", visit_id=VISIT_A, started="2026-07-01T08:00:00+08:00")
    device.save_answer(VISIT_A, ("services",), "cleaning cooking")
    device.save_answer(VISIT_A, ("items", 0, "amount"), "200")
    device.save_answer(VISIT_A, ("items", 1, "amount"), "50.5")
    device.save_answer(VISIT_A, ("services",), "cleaning")
    device.set_register_updates(VISIT_A, {"phone": "13900139000"})
    first = device.finalize(VISIT_A, ended="2026-07-01T08:30:00+08:00")
    device.start_correction(VISIT_A)
    device.save_answer(VISIT_A, ("items", 0, "amount"), "250")
    device.finalize(VISIT_A)
    device.start_visit("HK000026", "verification", "1", visit_id=VISIT_B)
    device.save_answer(VISIT_B, ("alive",), "no")
    device.set_assignment(["HK000018", "HK000026"], source="a1b2c3")
    device.acknowledge([first["key"]])
    received = device.visits()
    device.close()

    office = Store(office_dir, read_only=False, actor="站长", device="office-1", device_name="河口镇")
    office.add_received_visits(received)
    other = dict(received[0])
    other["answers"] = {**other["answers"], "services": "laundry"}
    office.replace_received_visit(other)
    office.close()
    return sorted(p for p in root.rglob("*.json") if p.is_file())


def test_store_files_are_byte_identical_to_the_untyped_code(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    written = write_sample(tmp_path, monkeypatch)
    names = [str(p.relative_to(tmp_path)) for p in written]
    expected = sorted(str(p.relative_to(FIXTURE)) for p in FIXTURE.rglob("*.json"))
    assert names == expected
    assert "device/drafts/" + VISIT_B + ".json" in names  # a draft file is compared too
    for path, name in zip(written, names, strict=True):
        assert path.read_bytes() == (FIXTURE / name).read_bytes(), name


if __name__ == "__main__":
    import shutil

    shutil.rmtree(FIXTURE, ignore_errors=True)
    with pytest.MonkeyPatch.context() as patch:
        files = write_sample(FIXTURE, patch)
    for leftover in FIXTURE.rglob("*"):
        if leftover.is_file() and leftover not in files:
            leftover.unlink()
    print("\n".join(str(p) for p in files), file=sys.stderr)
