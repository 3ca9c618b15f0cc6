"""SIGKILL during merges into an office whose store is laid out in files (storage.layout).

An office holds a register and visits over twelve months; a stick brings one bundle of 50 visits
spread over six months, some proposing register changes, so its merge writes several months of
visits, the visit index, the register, sync's tables and the audit trail in one commit. A forked
child merges it and kills itself with SIGKILL at its n-th write, fsync, rename, truncate or
unlink (every such point of the merge, then random moments), or the parent kills it after a
random delay. After every kill the office, opened as a reader and then as a writer, is exactly as
before the merge or exactly as after it; merging the stick again then gives what one merge
without a kill gives. The same again for an office whose visit index is in the shape older
doorsteps wrote (storage.visit_index), to which the merge appends a record of the new shape.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from doorstep.storage.files import HomeFiles
from doorstep.storage.home import Home
from doorstep.storage.journal import journal_line, read_journal
from doorstep.storage.layout import INDEX, STORE_DIR, as_single_file
from doorstep.storage.visit_index import read_index
from doorstep.storage.visits import visit_hash
from doorstep.sync.content import visit_item, visits_counts
from doorstep.sync.devices import add_device
from doorstep.sync.envelope import header_for, plaintext_of, seal
from doorstep.sync.identity import create_identity, export_public_key, load_identity, load_office_key
from doorstep.sync.merge import merge_paths

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="kills forked children (POSIX)")

KILLS = 120
HOME_CARE = "2026.1"  # survey/forms/home_care.toml
# What differs between two uninterrupted merges of the same stick: the moments they ran at.
VOLATILE = frozenset({"received", "at", "merged", "merged_at"})
IO_CALLS = ("write", "fsync", "replace", "ftruncate", "unlink", "link")


def _record(rng: random.Random, household: str, device: str, month: int) -> dict[str, Any]:
    started = f"2026-{month:02d}-{rng.randint(1, 28):02d}T09:{rng.randint(0, 59):02d}:00+08:00"
    record = {
        "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "revision": 1, "supersedes": None,
        "household": household, "form_id": "home_care", "form_version": HOME_CARE,
        "volunteer": "李秀梅", "device": device, "device_name": "laptop-1", "started": started,
        "ended": started.replace("T09", "T10"),
        "answers": {"services": "cleaning", "minutes": str(rng.randint(20, 180)), "mood": "good",
                    "urgent_needs": "", "followup_needed": "no"},
        "register_updates": {"phone": f"139{rng.randint(0, 99999999):08d}"} if rng.random() < 0.3 else {},
    }
    record["hash"] = visit_hash(record)
    return record


@pytest.fixture(scope="module", params=["index of runs", "index of old records"])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the office before the merge, the stick's bundle)."""
    root = tmp_path_factory.mktemp("kills")
    rng = random.Random(14)
    office = Home.create(root / "office", "office", name="河口镇")
    create_identity(office)
    export_public_key(office, root / "office.pub")
    device = Home.create(root / "laptop", "device", name="laptop-1", volunteer="李秀梅")
    create_identity(device, office_key=root / "office.pub")
    export_public_key(device, root / "laptop.pub")
    add_device(office, root / "laptop.pub")
    with office.writer() as store:
        store.upsert_entries([{"name": f"王某{i}", "category": "old_demobilized", "village": "东湖村",
                               "phone": f"138{i:08d}"} for i in range(60)])
        ids = [e["id"] for e in store.entries()]
        store.add_received_visits([_record(rng, rng.choice(ids), "old-device", 1 + n % 12)
                                   for n in range(240)])
    if request.param == "index of old records":  # {key: month} a line, as doorstep wrote before
        index = office.path / STORE_DIR / INDEX
        records = read_journal(index, office.files)
        index.write_bytes(b"".join(journal_line(office.files, read_index([r])[0]) for r in records))
    items = sorted((visit_item(_record(rng, rng.choice(ids), device.home_id, 3 + n % 6), 1)
                    for n in range(50)), key=lambda v: f"{v['uuid']}.{v['revision']}")
    me, office_key = load_identity(device), load_office_key(device)
    plaintext = plaintext_of("visits", {"visits": items}, me, office_key)
    header = header_for("visits", plaintext, me, office_key, sequence=1,
                        created="2026-09-01T10:00:00+08:00", counts=visits_counts(items))
    stick = root / "stick" / "visits-1.json"
    stick.parent.mkdir()
    stick.write_bytes(seal(header, plaintext, me, office_key))
    return office.path, stick


def _bare(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _bare(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_bare(v) for v in value]
    return value


def state(home: Path, *, writer: bool = False) -> dict[str, Any]:
    """Everything the store holds, less the moments things happened at."""
    opened = Home.open(home)
    if writer:
        with opened.writer():  # rolls a commit record forward, drops strays
            pass
    store = opened.reader()
    data = as_single_file(home / STORE_DIR, opened.files)
    data["visits"] = {v["key"]: v for v in data.get("visits", {}).values()}
    assert len(data["visits"]) == store.visit_count()  # the index agrees with the months' files
    data["order"] = [v["key"] for v in store.visits()]  # the order of the index
    return _bare(data)  # type: ignore[no-any-return]


def _merge(home: Path, stick: Path) -> None:
    report = merge_paths(Home.open(home), [stick])
    assert report.refused == 0


def _kill_at(n: int) -> None:
    """From now on, SIGKILL this process at its n-th file operation."""
    count = [0]

    def counted(real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            count[0] += 1
            if count[0] == n:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        return call

    for name in IO_CALLS:
        setattr(os, name, counted(getattr(os, name)))


def _file_operations(home: Path, stick: Path) -> int:
    count = [0]
    saved = {name: getattr(os, name) for name in IO_CALLS}

    def counted(real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            count[0] += 1
            return real(*args, **kwargs)
        return call

    try:
        for name in IO_CALLS:
            setattr(os, name, counted(saved[name]))
        _merge(home, stick)
    finally:
        for name, real in saved.items():
            setattr(os, name, real)
    return count[0]


def _run_child(home: Path, stick: Path, *, at_operation: int | None, delay: float | None) -> int:
    pid = os.fork()
    if pid == 0:  # the child: merge, killed part-way
        try:
            if at_operation is not None:
                _kill_at(at_operation)
            _merge(home, stick)
        finally:
            os._exit(0)
    if delay is not None:
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    return status


def test_a_merge_killed_anywhere_is_all_or_nothing_and_a_rerun_converges(
        world: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    template, stick = world
    before = state(template)
    done = tmp_path / "uninterrupted"
    shutil.copytree(template, done)
    parsed: list[Path] = []
    real_read = HomeFiles.read_json

    def reading(self: HomeFiles, path: Path) -> Any:
        parsed.append(path)
        return real_read(self, path)

    monkeypatch.setattr(HomeFiles, "read_json", reading)
    started = time.perf_counter()
    operations = _file_operations(done, stick)
    took = time.perf_counter() - started
    monkeypatch.undo()
    # The stick's months gained its visits unread (storage.month_ids): the kills below land in
    # that commit.
    assert not [p for p in parsed if p.parent.name == "visits"], parsed
    after = state(done)
    assert after != before and len(after["visits"]) == len(before["visits"]) + 50
    records = read_journal(done / STORE_DIR / INDEX, Home.open(done).files)
    assert isinstance(records[-1], list)  # the merge's record is of runs, whatever came before
    assert {v["ended"][:7] for k, v in after["visits"].items() if k not in before["visits"]} == {
        f"2026-{m:02d}" for m in range(3, 9)}  # six months' files in one commit
    rng = random.Random(1414)
    # Every file operation of the merge once (evenly spread if there are more than 90 of them),
    # then random ones, then kills from outside at random moments.
    step = max(1, operations // 90)
    plans: list[tuple[int | None, float | None]] = [(n, None) for n in range(1, operations + 1, step)]
    plans += [(rng.randint(1, operations), None) for _ in range(max(15, KILLS - 15 - len(plans)))]
    plans += [(None, rng.uniform(0.0, took * 1.5)) for _ in range(15)]
    seen = {"before": 0, "after": 0}
    killed = 0
    for run, (at_operation, delay) in enumerate(plans):
        home = tmp_path / f"run-{run}"
        shutil.copytree(template, home)
        status = _run_child(home, stick, at_operation=at_operation, delay=delay)
        killed += os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        seen_by_reader = state(home)
        assert seen_by_reader in (before, after), (run, at_operation, delay)
        assert state(home, writer=True) == seen_by_reader, (run, at_operation, delay)
        seen["after" if seen_by_reader == after else "before"] += 1
        _merge(home, stick)  # the clerk merges the stick again
        assert state(home) == after, (run, at_operation, delay)
        shutil.rmtree(home)
    assert killed >= 100, killed
    assert seen["before"] and seen["after"], seen  # kills landed on both sides of the commit
