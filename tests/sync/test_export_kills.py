"""`doorstep bundle export` killed at any moment: the next export writes what the killed one had
sealed, byte for byte, and the office merges everything without a refusal, each visit once.

The killed exports are real processes forked from this one (tests/support/forked_cli.py): they
start with doorstep imported, so the kills land in the export's work, not in Python's start-up."""

from __future__ import annotations

import os
import random
import shutil
import signal
import time
from pathlib import Path

import forked_cli
import pytest
from cli_runner import invoke
from doorstep.storage.atomic import TEMP_MARK
from doorstep.storage.commit import NEXT
from doorstep.storage.home import Home
from doorstep.sync.merge import CONFLICTS, VARIANTS, merge_paths
from doorstep.sync.outbox import EXPORTS, export_visits
from sync_helpers import Enrolled, finish_visit

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="kills forked processes (POSIX)")

KILLS = 100


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "DOORSTEP_HOME"}


def _export(device: Home, stick: Path) -> forked_cli.Forked:
    """`doorstep --home DEVICE bundle export --out STICK --no-qr`, as a process of its own."""
    argv = ["--home", device.path, "bundle", "export", "--out", stick, "--no-qr"]
    return forked_cli.start(argv, env=_env())


def _record(device: Home, household: str, text: str) -> str:
    with device.writer() as store:
        return finish_visit(store, household, {"needs_note": text})["key"]


def _check_office(enrolled: Enrolled, device: Home, stick: Path) -> None:
    files = sorted(stick.glob("*.json"))
    report = merge_paths(enrolled.office, [], files=files)
    assert report.refused == 0, [b.reason("en") for b in report.bundles if b.error]
    assert report.gaps == {}
    made = sorted((v["key"], v["hash"]) for v in device.reader().visits())
    store = enrolled.office.reader()
    held = sorted((v["key"], v["hash"]) for v in store.visits())
    assert held == made  # every visit, exactly once
    assert store.table(VARIANTS).all() == []
    assert [dict(r) for r in store.table(CONFLICTS).all()] == []  # no "copied laptop" either
    store.close()


def test_an_export_killed_between_its_log_and_its_file_is_finished_by_the_next(
        enrolled: Enrolled, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import doorstep.sync.outbox as outbox

    device = enrolled.devices[0]
    stick = tmp_path / "stick"
    _record(device, enrolled.households[0], "第一次")

    def killed(path: Path, data: bytes, **kwargs: object) -> None:
        raise KeyboardInterrupt  # the process dies here: logged, no file

    monkeypatch.setattr(outbox, "write_atomic", killed)
    with pytest.raises(KeyboardInterrupt):
        export_visits(device, stick)
    monkeypatch.undo()
    assert not list(stick.glob("*.json"))  # logged, but no bundle exists
    # What the killed export would have written, from a copy of the home as it was.
    twin = tmp_path / "as-it-was"
    shutil.copytree(device.path, twin)
    expected = export_visits(Home.open(twin), tmp_path / "expected")
    _record(device, enrolled.households[1], "之后又记了一次")  # the outbox changed since
    result = export_visits(device, stick)
    files = sorted(stick.glob("*.json"))
    assert [f.name.split("-")[3] for f in files] == ["000001", "000002"]
    assert files[0].read_bytes() == expected.path.read_bytes()  # byte for byte
    assert result.sequence == 2
    store = device.reader()
    assert [row["written"] for row in store.table(EXPORTS).all()] == [True, True]
    store.close()
    _check_office(enrolled, device, stick)


def test_a_hundred_kills_at_random_moments_lose_and_double_nothing(
        enrolled: Enrolled, tmp_path: Path) -> None:
    device = enrolled.devices[0]
    stick = tmp_path / "stick"
    rng = random.Random(10)
    _record(device, enrolled.households[0], "开始")
    warm = invoke(["--home", device.path, "bundle", "export", "--out", stick, "--no-qr"], env=_env())
    assert warm.returncode == 0, warm.stderr  # every module the command needs is imported: forks start warm
    takes = []  # how long one export of a new visit takes here, fork included: the quickest of 3
    for attempt in range(3):
        _record(device, enrolled.households[attempt + 1], f"再来{attempt}")
        began = time.perf_counter()
        assert _export(device, stick).wait() == 0
        takes.append(time.perf_counter() - began)
    whole = min(takes)  # a moment the machine was busy would spread the kills past the exports' end
    assert len(list(stick.glob("*.json"))) == 4
    kills = runs = mid_write = 0
    while kills < KILLS and runs < 4 * KILLS:
        # A new visit every run: an export with nothing new reads almost nothing of the laid-out
        # store and ends long before `whole`, which was measured on exports of a new visit.
        _record(device, enrolled.households[runs % len(enrolled.households)], f"第{runs}次")
        runs += 1
        proc = _export(device, stick)
        # Anywhere from start-up to the end; every other run near the end, where the writes are.
        time.sleep(rng.uniform(0.2, 1.1) * whole if runs % 2 else rng.uniform(0.8, 1.05) * whole)
        if proc.poll() is None:
            proc.kill()
        if proc.wait() == -signal.SIGKILL:
            kills += 1
            # a temporary file, or a commit's staged one (storage.commit), left by the kill
            mid_write += any(TEMP_MARK in p.name or p.name.endswith(NEXT)
                             for p in (*stick.glob("*"), *device.path.rglob("*")))
        else:
            assert proc.returncode == 0  # an export that ended before its kill succeeded
        export_visits(device, stick)  # the next export, after the kill
    assert kills == KILLS
    # The kills landed in the export's work, not only before or after it: a temporary or staged
    # file was left behind, to be cleaned up by the next export (checked just below).
    assert mid_write >= KILLS // 20, mid_write
    assert not [p for p in stick.iterdir() if not p.name.endswith(".json")]  # no temporary leftovers
    _check_office(enrolled, device, stick)
