"""`doorstep demo`: the ready demo device home, through the CLI as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from cli_runner import Result, invoke
from demo_helpers import TODAY, assert_engine_accepts, snapshot
from doorstep.storage.categories import BY_CODE, CATEGORIES
from doorstep.storage.home import Home
from doorstep.storage.qrid import is_valid
from doorstep.survey import Checklist, get_form

# How tests unlock their homes, cheaply (tests/conftest.py): kept in the clean environment.
UNLOCK_VARS = ("DOORSTEP_PASSPHRASE", "DOORSTEP_TEST_WEAK_KDF")

ROOT = Path(__file__).resolve().parents[2]


def _run(env: dict[str, str], *args: str) -> Result:
    return invoke(args, cwd=ROOT, env=env)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo home made through the CLI, for the tests that only read it."""
    base = tmp_path_factory.mktemp("demo")
    env = {k: v for k, v in os.environ.items()
           if k in UNLOCK_VARS or not k.startswith(("DOORSTEP", "LANG", "LC_"))}
    env.update({"LANG": "en_US.UTF-8", "PYTHONPATH": str(ROOT)})
    result = _run(env, "demo", "--no-tui", "--home", str(base / "home"), "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert str(base / "home") in result.stdout
    return base / "home"


def test_the_register_has_about_60_households_in_5_villages_covering_every_category(demo: Path) -> None:
    home = Home.open(demo)
    assert home.kind == "device"
    entries = home.reader().entries()
    assert 55 <= len(entries) <= 65
    assert len({e["village"] for e in entries}) == 5
    assert {e["category"] for e in entries} == {c.code for c in CATEGORIES}
    for entry in entries:
        assert is_valid(entry["id"])
        assert entry["priority"] == BY_CODE[entry["category"]].priority
        assert len(entry["phone"]) == 11 and entry["phone"].isdigit() and entry["phone"][0] == "1"
        assert entry["address"].startswith("河口镇" + entry["village"])
        assert 2 <= len(entry["name"]) <= 3
        assert entry["notes"]
    # Every disabled serviceman has his disability grade written down.
    for entry in entries:
        if entry["category"] == "disabled_serviceman":
            assert "级残疾" in entry["notes"]
    assert len({e["id"] for e in entries}) == len(entries)
    assert len({e["name"] for e in entries}) == len(entries)  # no namesakes in a small demo


def test_the_office_keeps_id_numbers_sex_and_birth_the_laptop_does_not(demo: Path) -> None:
    from stdnum.cn import ric

    office = Home.open(demo / "office").reader().entries()
    for entry in office:
        number = entry["id_number"]
        assert ric.is_valid(number), number
        assert ric.get_birth_date(number).isoformat() == entry["birth_date"]
        assert entry["sex"] == ("male" if int(number[16]) % 2 else "female")
        assert entry["notes"].startswith("男" if entry["sex"] == "male" else "女")
    assert len({e["id_number"] for e in office}) == len(office)
    # personal data the visits do not need stays at the office (PIPL): none of it on the laptop
    laptop = Home.open(demo).reader().entries()
    assert laptop and not any(k in e for e in laptop for k in ("id_number", "sex", "birth_date"))


def test_the_device_has_an_assignment_of_register_households(demo: Path) -> None:
    store = Home.open(demo).reader()
    assignment = store.assignment()
    assert assignment
    assert set(assignment) <= {e["id"] for e in store.entries()}


def test_one_draft_is_left_mid_checklist(demo: Path) -> None:
    store = Home.open(demo).reader()
    drafts = store.drafts()
    assert len(drafts) == 1
    draft = drafts[0]
    assert store.get_entry(draft["household"]) is not None
    cl = Checklist(get_form(draft["form_id"]), answers=draft["answers"], today=date.fromisoformat(TODAY))
    progress = cl.progress()
    assert 0 < progress.answered < progress.required  # begun, not finished
    assert not cl.can_finalize()
    # What is there is valid: only missing answers keep it from being finalized.
    assert all(item.errors == () for item in cl.items())


def test_the_finalized_visits_are_valid_for_the_engine_and_cover_every_kind(demo: Path) -> None:
    store = Home.open(demo).reader()
    visits = store.visits()
    assert 4 <= len(visits) <= 20
    assert {v["form_id"] for v in visits} == {"home_care", "house_inspection", "condolence", "verification",
                                              "house_followup", "benefits"}
    for record in visits:
        assert record["status"] == "finalized"
        assert store.get_entry(record["household"]) is not None
        assert record["started"] < record["ended"]
        assert record["started"][:10] <= TODAY
        assert_engine_accepts(record)
    ordered = sorted(visits, key=lambda r: r["started"])
    for before, after in pairwise(ordered):  # one volunteer, one house at a time
        assert before["ended"] <= after["started"]
    # They wait in the outbox, and home care goes to key beneficiaries only.
    assert len(store.outbox()) == len(visits)
    for record in visits:
        if record["form_id"] == "home_care":
            assert store.get_entry(record["household"])["priority"] == "key"


def test_the_demo_shows_a_verification_that_proposes_a_register_update(demo: Path) -> None:
    visits = Home.open(demo).reader().visits()
    proposed = [v["register_updates"] for v in visits if v["form_id"] == "verification"]
    assert any("phone" in u or "address" in u for u in proposed)


def test_running_the_demo_again_changes_nothing(demo: Path, run) -> None:
    before = snapshot(demo)
    result = run("demo", "--no-tui", "--home", str(demo), "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert "already exists" in result.stdout
    assert snapshot(demo) == before
    # The global --home before the command names the same folder.
    result = run("--home", str(demo), "demo", "--no-tui")
    assert result.returncode == 0, result.stderr
    assert snapshot(demo) == before


def test_the_demo_device_is_enrolled_with_its_office(tmp_path: Path, demo: Path, run) -> None:
    # Work on a copy: exporting marks the device's log, merging fills the office.
    home = tmp_path / "copy"
    shutil.copytree(demo, home)
    result = run("--home", str(home), "bundle", "export", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    bundles = list((tmp_path / "out").iterdir())
    assert len(bundles) == 1
    result = run("--home", str(home / "office"), "bundle", "verify", str(bundles[0]))
    assert result.returncode == 0, result.stderr
    result = run("--home", str(home / "office"), "bundle", "merge", str(bundles[0]))
    assert result.returncode == 0, result.stderr
    office = Home.open(home / "office").reader()
    assert office.visit_count() == len(Home.open(home).reader().visits())
    # the office's summary shows what the demo's acceptance and benefits visits recorded
    result = run("--home", str(home / "office"), "summary", "--format", "json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)["figures"]
    done = figures["houses.done.repair"]["value"] + figures["houses.done.rebuild"]["value"]
    assert done == 1 and float(figures["houses.subsidy_paid"]["value"]) >= 5000
    assert figures["houses.waiting"]["value"] == 0           # the C house inspected was accepted since
    assert figures["benefits.households_all"]["value"] == 1
    assert sum(figures[f"benefits.items.{b}"]["value"] for b in ("medal", "health_check", "heating",
                                                                  "medical_insurance", "outpatient")) >= 2


def test_the_default_folder_is_the_user_data_folder_not_doorstep_home(tmp_path: Path, run, env) -> None:
    real = tmp_path / "real-home"
    real.mkdir()
    result = run("demo", "--no-tui", "--today", TODAY, extra_env={"DOORSTEP_HOME": str(real)})
    assert result.returncode == 0, result.stderr
    expected = Path(env["XDG_DATA_HOME"]) / "doorstep" / "demo"
    assert Home.exists(expected)
    assert str(expected) in result.stdout
    assert list(real.iterdir()) == []  # the real home was not touched


def test_a_folder_that_is_neither_empty_nor_a_home_is_refused(tmp_path: Path, run) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "letter.txt").write_text("私人文件", encoding="utf-8")
    before = snapshot(folder)
    result = run("demo", "--no-tui", "--home", str(folder))
    assert result.returncode == 1
    assert "neither an empty folder nor a doorstep home" in result.stderr
    assert str(folder) in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(folder) == before
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def test_an_empty_folder_is_used_and_a_real_home_is_left_alone(tmp_path: Path, run) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("demo", "--no-tui", "--home", str(empty), "--today", TODAY).returncode == 0
    assert Home.exists(empty)
    real = tmp_path / "real"
    Home.create(real, "office", name="镇办")
    before = snapshot(real)
    result = run("demo", "--no-tui", "--home", str(real))
    assert result.returncode == 0, result.stderr
    assert "not a demo" in result.stdout
    assert snapshot(real) == before


def test_the_same_day_gives_the_same_demo(tmp_path: Path, demo: Path, run) -> None:
    again = tmp_path / "again"
    assert run("demo", "--no-tui", "--home", str(again), "--today", TODAY).returncode == 0

    def content(path: Path) -> tuple[list, list]:
        store = Home.open(path).reader()
        entries = [{k: v for k, v in e.items() if k != "updated"} for e in store.entries()]
        visits = [(v["uuid"], v["household"], v["form_id"], v["started"], v["ended"],
                   json.dumps(v["answers"], sort_keys=True)) for v in store.visits()]
        return entries, visits

    assert content(again) == content(demo)


def test_chinese_is_the_default_language_of_the_messages(tmp_path: Path, run) -> None:
    result = run("--lang", "zh", "demo", "--no-tui", "--home", str(tmp_path / "zh"), "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert "演示主目录已创建" in result.stdout
    assert Home.open(tmp_path / "zh").settings["lang"] == "zh"


def test_the_categories_are_spread_like_a_towns(demo: Path) -> None:
    counts = Counter(e["category"] for e in Home.open(demo).reader().entries())
    # General beneficiaries and soldiers' families are the many; old revolutionaries the few.
    assert counts["elderly_retired_soldier"] > counts["old_revolutionary"]
    assert counts["serving_soldier_family"] > counts["old_revolutionary"]


def _is_complete_demo(path: Path) -> bool:
    store = Home.open(path).reader()
    return store.register_count() == 60 and len(store.drafts()) == 1 and store.visits() != []


def test_a_demo_killed_while_being_made_leaves_no_half_made_home(tmp_path: Path, env, run) -> None:
    import signal
    import time

    target = tmp_path / "demo"
    command = [sys.executable, "-m", "doorstep", "demo", "--no-tui", "--home", str(target), "--today", TODAY]
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5):
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if Home.exists(target):  # it finished before the kill: then it is whole
            assert _is_complete_demo(target)
            break
    result = run(*command[3:])  # the same command, run again in this process
    assert result.returncode == 0, result.stderr
    assert _is_complete_demo(target)


def test_stale_partial_folders_are_cleared_and_fresh_ones_left(tmp_path: Path, run) -> None:
    stale = tmp_path / ".demo.demo-partial-111"
    fresh = tmp_path / ".demo.demo-partial-222"
    for folder in (stale, fresh):
        folder.mkdir()
        (folder / "store.json").write_text("{}", encoding="utf-8")
    hour_ago = stale.stat().st_mtime - 3600
    os.utime(stale, (hour_ago, hour_ago))
    assert run("demo", "--no-tui", "--home", str(tmp_path / "demo"), "--today", TODAY).returncode == 0
    assert not stale.exists()
    assert fresh.exists()
