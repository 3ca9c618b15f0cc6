"""Homes, enrolment and visits for sync tests, through storage's and sync's own APIs."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from doorstep.storage.home import Home
from doorstep.sync.devices import add_device
from doorstep.sync.identity import create_identity, export_public_key

# The built-in forms' versions: the merge checks every visit against the form it names.
VERIFICATION = "2026.1"  # survey/forms/verification.toml
CONDOLENCE = "2026.1"  # survey/forms/condolence.toml
NAMES = ["王建国", "李秀英", "张卫东", "刘桂兰", "陈志强", "杨淑珍", "赵国庆", "黄玉梅"]
VILLAGES = ["东湖村", "西岭村", "南河村"]


def make_office(root: Path, name: str = "河口镇退役军人服务站") -> Home:
    home = Home.create(root / "office", "office", name=name)
    create_identity(home)
    return home


def make_device(root: Path, office: Home, name: str, volunteer: str = "李秀梅") -> Home:
    home = Home.create(root / name, "device", name=name, volunteer=volunteer)
    office_key = root / f"office-key-{name}.json"
    export_public_key(office, office_key)
    create_identity(home, office_key=office_key)
    device_key = root / f"{name}.pub.json"
    export_public_key(home, device_key)
    add_device(office, device_key)
    return home


def fill_register(office: Home, count: int = 8) -> list[dict[str, Any]]:
    rows = []
    for i in range(count):
        rows.append({
            "name": NAMES[i % len(NAMES)] + str(i),
            "category": "old_demobilized" if i % 2 else "martyr_survivor",
            "village": VILLAGES[i % len(VILLAGES)],
            "address": f"{VILLAGES[i % len(VILLAGES)]}{i + 1}组{i + 10}号",
            "phone": f"1380013{i:04d}",
        })
    with office.writer() as store:
        store.upsert_entries(rows)
        return store.entries()


def finish_visit(store: Any, household: str, answers: dict[str, Any], *,
                 updates: dict[str, Any] | None = None, visit_id: str | None = None,
                 ended: str | None = None) -> dict[str, Any]:
    """A finalized visit, started now (after the assignment it belongs to was imported)."""
    draft = store.start_visit(household, "verification", VERIFICATION, visit_id=visit_id or str(uuid.uuid4()))
    for name, value in answers.items():
        store.save_answer(draft["uuid"], (name,), value)
    if updates:
        store.set_register_updates(draft["uuid"], updates)
    return store.finalize(draft["uuid"], ended=ended)


def condolence_visit(store: Any, household: str, visit_id: str, amount: str,
                     phone: str = "") -> dict[str, Any]:
    """A Spring Festival condolence visit of 2026-02-07 handing over `amount` yuan, proposing a
    new phone number for the household when `phone` is given."""
    store.start_visit(household, "condolence", CONDOLENCE, visit_id=visit_id,
                      started="2026-02-07T09:00:00+08:00")
    answers = {"occasion": "spring_festival", "confirmed": "OK", "followup_needed": "no", "total": amount}
    for name, value in answers.items():
        store.save_answer(visit_id, (name,), value)
    for name, value in (("kind", "condolence_money"), ("count", "1"), ("amount", amount),
                        ("line_amount", amount)):
        store.save_answer(visit_id, ("items", 0, name), value)
    if phone:
        store.set_register_updates(visit_id, {"phone": phone})
    return store.finalize(visit_id, ended="2026-02-07T09:40:00+08:00")


def office_state(office: Home) -> dict[str, Any]:
    """What two offices must agree on: visits, register fields, flags, variants (no timestamps)."""
    from doorstep.sync.merge import CONFLICTS, VARIANTS, canon

    store = office.reader()
    try:
        visits = sorted(
            canon({k: v for k, v in r.items() if k not in ("received",)}) for r in store.visits())
        register = sorted(canon({k: v for k, v in e.items() if k not in ("updated", "version")})
                          for e in store.entries())
        flags = sorted(canon(dict(r)) for r in store.table(CONFLICTS).all())
        variants = sorted(canon(dict(r)) for r in store.table(VARIANTS).all())
    finally:
        store.close()
    return {"visits": visits, "register": register, "flags": flags, "variants": variants}


class Enrolled:
    """An office with a register, two devices enrolled, each holding an imported assignment."""

    def __init__(self, root: Path) -> None:
        """Build them under `root`."""
        from doorstep.sync.assignment import import_assignment, write_assignment

        office = make_office(root)
        devices = [make_device(root, office, f"laptop-0{i}") for i in (1, 2)]
        fill_register(office)
        for device in devices:
            result = write_assignment(office, device.name, [], root / "assign")
            import_assignment(device, result.path)
        self._open(root)

    @classmethod
    def open(cls, root: Path) -> Enrolled:
        """The ones built under `root` before, or a copy of them."""
        enrolled = cls.__new__(cls)
        enrolled._open(root)
        return enrolled

    def _open(self, root: Path) -> None:
        self.root = root
        self.office = Home.open(root / "office")
        self.devices = [Home.open(root / f"laptop-0{i}") for i in (1, 2)]
        store = self.office.reader()
        try:
            self.entries = store.entries()
        finally:
            store.close()
        self.households = [e["id"] for e in self.entries]


def make_enrolled(root: Path) -> Enrolled:
    return Enrolled(root)


def store_bytes(home: Home) -> dict[str, bytes]:
    """Every file of a home's store, to check that a refused bundle changed nothing at all."""
    return {p.name: p.read_bytes() for p in sorted(home.path.iterdir()) if p.is_file() and p.name != "lock"}
