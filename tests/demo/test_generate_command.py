"""`doorstep demo generate`: an office and enrolled devices with a register and visits."""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from cli_runner import Result, invoke
from demo_helpers import TODAY, assert_engine_accepts, snapshot
from doorstep.storage.categories import CATEGORIES
from doorstep.storage.home import Home
from doorstep.storage.qrid import is_valid
from doorstep.sync.devices import device_rows
from doorstep.sync.identity import load_office_key, load_public_identity

# How tests unlock their homes, cheaply (tests/conftest.py): kept in the clean environment.
UNLOCK_VARS = ("DOORSTEP_PASSPHRASE", "DOORSTEP_TEST_WEAK_KDF")

ROOT = Path(__file__).resolve().parents[2]
KINDS = {"home_care", "house_inspection", "condolence", "verification"}


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k in UNLOCK_VARS or not k.startswith(("DOORSTEP", "LANG", "LC_"))}
    env.update({"LANG": "en_US.UTF-8", "PYTHONPATH": str(ROOT)})
    return env


def _run(*args: str) -> Result:
    return invoke(args, cwd=ROOT, env=_env())


def _generate(out: Path, households: int = 60, devices: int = 3, visits: int = 150,
              seed: int = 7) -> Result:
    return _run("demo", "generate", "--out", str(out), "--households", str(households),
                "--devices", str(devices), "--visits", str(visits), "--seed", str(seed),
                "--today", TODAY)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "out"
    result = _generate(out)
    assert result.returncode == 0, result.stderr
    assert "150 finalized visits" in result.stdout
    return out


def _devices(out: Path) -> list[Path]:
    return sorted(out.glob("device-*"))


def test_it_writes_an_office_and_k_devices_that_open(generated: Path) -> None:
    assert Home.open(generated / "office").kind == "office"
    devices = _devices(generated)
    assert [d.name for d in devices] == ["device-1", "device-2", "device-3"]
    for device in devices:
        assert Home.open(device).kind == "device"


def test_the_office_holds_the_whole_register_and_each_device_its_share(generated: Path) -> None:
    office = {e["id"]: e for e in Home.open(generated / "office").reader().entries()}
    assert len(office) == 60
    assert {e["category"] for e in office.values()} == {c.code for c in CATEGORIES}
    assert all(is_valid(hid) for hid in office)
    seen: list[str] = []
    for device in _devices(generated):
        store = Home.open(device).reader()
        entries = store.entries()
        assert entries, device
        ids = [e["id"] for e in entries]
        assert sorted(store.assignment()) == sorted(ids)
        for entry in entries:  # the device holds the office's entry, as it was sent
            expected = office[entry["id"]]
            for name in ("name", "category", "priority", "village", "address", "phone", "members", "notes"):
                assert entry[name] == expected[name]
        seen += ids
    assert sorted(seen) == sorted(office)  # shares cover the register, none twice
    # A device covers whole villages.
    villages = [{e["village"] for e in Home.open(d).reader().entries()} for d in _devices(generated)]
    for i, a in enumerate(villages):
        for b in villages[i + 1:]:
            assert not a & b


def test_devices_and_office_are_enrolled_with_each_other(generated: Path) -> None:
    office = Home.open(generated / "office")
    office_key = load_public_identity(office)
    registered = {row["key_id"] for row in device_rows(office.reader())}
    for device in _devices(generated):
        home = Home.open(device)
        assert load_office_key(home).key_id == office_key.key_id
        assert load_public_identity(home).key_id in registered
    assert len(registered) == 3


def test_the_visits_are_finalized_unexported_valid_and_of_every_kind(generated: Path) -> None:
    total = 0
    kinds: Counter[str] = Counter()
    for device in _devices(generated):
        home = Home.open(device)
        store = home.reader()
        visits = store.visits()
        register = {e["id"]: e for e in store.entries()}
        assert len(store.outbox()) == len(visits)  # nothing exported or acknowledged yet
        for record in visits:
            assert record["status"] == "finalized"
            assert record["device"] == home.home_id
            assert record["household"] in register
            assert record["started"][:10] <= TODAY
            assert record["started"] < record["ended"]
            if record["form_id"] == "home_care":
                assert register[record["household"]]["priority"] == "key"
            assert_engine_accepts(record)
            kinds[record["form_id"]] += 1
        assert len({r["uuid"] for r in visits}) == len(visits)
        # One volunteer, one house at a time: visits of a device never overlap.
        ordered = sorted(visits, key=lambda r: r["started"])
        for before, after in pairwise(ordered):
            assert before["ended"] <= after["started"]
        total += len(visits)
    assert total == 150
    assert set(kinds) == KINDS


def test_no_visit_follows_a_death_found_by_a_verification(tmp_path: Path) -> None:
    # Many visits to few households: deaths are certain to be found, and later visits planned
    # for those households must go elsewhere.
    out = tmp_path / "dense"
    assert _generate(out, households=12, devices=1, visits=400, seed=3).returncode == 0
    visits = sorted(Home.open(out / "device-1").reader().visits(), key=lambda r: r["started"])
    died: dict[str, str] = {}
    for record in visits:
        assert record["household"] not in died, record
        if record["register_updates"].get("status") == "deceased":
            died[record["household"]] = record["started"]
    assert died


def test_each_device_bundle_verifies_and_merges_at_the_office(tmp_path: Path, generated: Path) -> None:
    out = tmp_path / "copy"
    shutil.copytree(generated, out)  # exporting and merging change the homes
    bundles = tmp_path / "bundles"
    for device in _devices(out):
        result = _run("--home", str(device), "bundle", "export", "--out", str(bundles))
        assert result.returncode == 0, result.stderr
    files = sorted(bundles.iterdir())
    assert len(files) == 3
    for file in files:
        result = _run("--home", str(out / "office"), "bundle", "verify", str(file))
        assert result.returncode == 0, result.stderr
    result = _run("--home", str(out / "office"), "bundle", "merge", "--json", str(bundles))
    assert result.returncode == 0, result.stderr
    assert Home.open(out / "office").reader().visit_count() == 150


def test_the_same_seed_gives_the_same_data(tmp_path: Path, generated: Path) -> None:
    again = tmp_path / "again"
    assert _generate(again).returncode == 0

    def content(out: Path) -> list:
        rows = [[{k: v for k, v in e.items() if k != "updated"}
                 for e in Home.open(out / "office").reader().entries()]]
        for device in _devices(out):
            visits = Home.open(device).reader().visits()
            rows.append([(r["uuid"], r["household"], r["form_id"], r["started"], r["ended"],
                          json.dumps(r["answers"], sort_keys=True)) for r in visits])
        return rows

    assert content(again) == content(generated)
    other = tmp_path / "other"
    assert _generate(other, seed=8).returncode == 0
    assert content(other) != content(generated)


def test_the_visits_are_those_the_engine_makes_one_by_one(tmp_path: Path, generated: Path) -> None:
    # The command answers most visits from its fill cache; entering every one through the
    # engine gives the same visits (each device's id is new every time, and so the hashes).
    from demo_helpers import TODAY as today
    from doorstep.demo.generate import generate_homes

    slow = tmp_path / "slow"
    generate_homes(slow, households=60, devices=3, visits=150, seed=7,
                   today=date.fromisoformat(today), lang="en", cached=False)
    for device in _devices(generated):
        fast_visits = Home.open(device).reader().visits()
        slow_visits = Home.open(slow / device.name).reader().visits()
        assert len(fast_visits) == 50

        def same(records: list) -> list[str]:
            return [json.dumps({k: v for k, v in r.items() if k not in ("device", "hash")},
                               ensure_ascii=False) for r in records]
        assert same(fast_visits) == same(slow_visits)


@pytest.mark.parametrize(("args", "what"), [
    (["--households", "2", "--devices", "3"], "cannot be fewer than --devices"),
    (["--households", "0"], "--households must be a whole number from 1"),
    (["--households", "ten"], "--households must be a whole number from 1"),
    (["--visits", "-5"], "--visits must be a whole number from 0"),
    (["--devices", "0"], "--devices must be a whole number from 1"),
    (["--today", "2026-13-01"], "--today must be a date written YYYY-MM-DD"),
    (["--seed", "abc"], "--seed must be a whole number from 0"),
])
def test_bad_numbers_are_refused_with_a_clear_message(tmp_path: Path, args: list[str], what: str) -> None:
    values = {"--households": "10", "--devices": "2", "--visits": "5", "--today": TODAY, "--seed": "1"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        values[flag] = value
    out = tmp_path / "out"
    result = _run("demo", "generate", "--out", str(out), *[x for kv in values.items() for x in kv])
    assert result.returncode == 1
    assert what in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_a_folder_with_anything_in_it_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("do not lose me", encoding="utf-8")
    before = snapshot(out)
    result = _generate(out, households=5, devices=1, visits=3)
    assert result.returncode == 1
    assert "is not empty" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(out) == before


def test_a_large_register_spreads_over_more_villages(tmp_path: Path) -> None:
    out = tmp_path / "big"
    result = _generate(out, households=900, devices=2, visits=40)
    assert result.returncode == 0, result.stderr
    entries = Home.open(out / "office").reader().entries()
    villages = Counter(e["village"] for e in entries)
    assert len(villages) >= 10
    assert max(villages.values()) < 200
    assert sum(len(Home.open(d).reader().visits()) for d in _devices(out)) == 40


def test_zero_visits_gives_an_empty_outbox(tmp_path: Path) -> None:
    out = tmp_path / "none"
    assert _generate(out, households=8, devices=2, visits=0).returncode == 0
    for device in _devices(out):
        store = Home.open(device).reader()
        assert store.visits() == []
        assert store.entries()
