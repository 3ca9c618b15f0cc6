"""Settling conflicts with `doorstep conflicts`: the choice is audited, reaches the figures and the
register, and stands through every later merge of the same or older bundles, in any order; a
genuinely new conflicting change opens a new one. Homes, bundles and stores on a real disk."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from doorstep.cli.main import main
from doorstep.storage.home import Home
from doorstep.sync.merge import merge_paths
from doorstep.sync.outbox import export_visits
from sync_helpers import Enrolled, condolence_visit, finish_visit, store_bytes

ROOT = Path(__file__).resolve().parents[2]
SPRING = ("--from", "2026-01-01", "--to", "2026-12-31")


def run(capsys: pytest.CaptureFixture[str], office: Home, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--home", str(office.path), "--lang", "en", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def open_list(capsys: pytest.CaptureFixture[str], office: Home) -> list[dict[str, Any]]:
    code, out, _ = run(capsys, office, "conflicts", "list", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["count"] == len(doc["open"])
    return doc["open"]


def summary_doc(capsys: pytest.CaptureFixture[str], office: Home) -> dict[str, Any]:
    code, out, _ = run(capsys, office, "summary", *SPRING, "--format", "json")
    assert code == 0
    return json.loads(out)


def money(capsys: pytest.CaptureFixture[str], office: Home) -> str:
    return summary_doc(capsys, office)["figures"]["money.total"]["value"]


@pytest.fixture
def conflicted(enrolled: Enrolled, tmp_path: Path) -> tuple[Enrolled, str, list[Path]]:
    """One visit recorded on both laptops (a restored backup): 800 and 1,200 yuan, two phones."""
    visit_id = str(uuid.uuid4())
    household = enrolled.households[0]
    bundles = []
    # The laptop and its copy: only copies of one laptop can hold one visit (sync.binding).
    shutil.copytree(enrolled.devices[0].path, tmp_path / "laptop-01-backup")  # for a third copy
    shutil.copytree(enrolled.devices[0].path, tmp_path / "laptop-01-restored")
    copies = [enrolled.devices[0], Home.open(tmp_path / "laptop-01-restored")]
    for device, amount, phone in zip(copies, ("800", "1200"), ("13900000001", "13900000002"),
                                     strict=True):
        with device.writer() as store:
            condolence_visit(store, household, visit_id, amount, phone)
        bundles.append(export_visits(device, tmp_path / "stick-1").path)
    assert merge_paths(enrolled.office, bundles).refused == 0
    return enrolled, visit_id, bundles


def test_settle_a_visit_and_a_register_field_and_they_stay_settled(
        conflicted: tuple[Enrolled, str, list[Path]], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    enrolled, visit_id, first_bundles = conflicted
    office, household = enrolled.office, enrolled.households[0]
    flags = open_list(capsys, office)
    assert sorted(f["kind"] for f in flags) == ["register", "visit"]
    visit_flag = next(f for f in flags if f["kind"] == "visit")
    field_flag = next(f for f in flags if f["kind"] == "register")
    # Each candidate side by side with its device, volunteer and time.
    assert [c["device"] for c in visit_flag["candidates"]] == ["laptop-01", "laptop-01"]  # 2 copies
    assert all(c["volunteer"] == "李秀梅" and c["when"].startswith("2026-02-07")
               for c in visit_flag["candidates"])
    assert {c["value"] for c in field_flag["candidates"]} == {"13900000001", "13900000002"}
    # Until settled, the figures count the version sync's rule chose: the one the laptop sent
    # first; both copies used sequence 1, so the smaller hash decides (the same in any order).
    (counted,) = [c for c in visit_flag["candidates"] if c["counted"]]
    assert counted["hash"] == min(c["hash"] for c in visit_flag["candidates"])
    assert money(capsys, office) == f"{counted['answers']['total']}.00"
    assert summary_doc(capsys, office)["unsettled"][0]["uuid"] == visit_id

    code, out, _ = run(capsys, office, "conflicts", "show", visit_flag["id"])
    assert code == 0 and "total = 800" in out and "total = 1200" in out and "laptop-01" in out
    assert out.count("the figures count it until settled") == 1
    assert f"[{counted['number']}] " in next(line for line in out.splitlines() if "count it" in line)

    wanted = next(c["number"] for c in visit_flag["candidates"] if c["answers"]["total"] == "1200")
    code, _, err = run(capsys, office, "conflicts", "settle", visit_flag["id"], "--choose", str(wanted),
                       "--reason", "receipt shows 1,200")
    assert code == 0 and "1 still open" in err
    assert money(capsys, office) == "1200.00"
    assert summary_doc(capsys, office)["unsettled"] == []
    code, _, err = run(capsys, office, "conflicts", "settle", field_flag["id"], "--value", "13912345678",
                       "--reason", "phoned the family")
    assert code == 0 and "0 still open" in err
    assert open_list(capsys, office) == []
    assert office.reader().get_entry(household)["phone"] == "13912345678"

    code, out, _ = run(capsys, office, "conflicts", "list", "--settled", "--json")
    settled = json.loads(out)["settled"]
    office_name = "河口镇退役军人服务站"
    assert [(s["kind"], s["who"], s["why"]) for s in settled] == [
        ("visit", office_name, "receipt shows 1,200"), ("register", office_name, "phoned the family")]
    assert settled[1]["chosen"] == "13912345678" and settled[1]["typed"] is True
    audit = [r for r in office.reader().audit() if r["action"] == "settle"]
    assert [r["target_id"] for r in audit] == [visit_flag["id"], field_flag["id"]]

    # Both copies send again everything the office has not acknowledged (the conflicting visit
    # too), along with a new visit each; all bundles are merged once more, newest first.
    later = []
    for i, device in enumerate((enrolled.devices[0], Home.open(tmp_path / "laptop-01-restored"))):
        with device.writer() as store:
            finish_visit(store, enrolled.households[2 + i], {"needs_note": "无"})
        later.append(export_visits(device, tmp_path / "stick-2").path)
    report = merge_paths(office, [*reversed(later), *reversed(first_bundles)])
    assert report.refused == 0 and sum(b.new for b in report.bundles) == 2
    assert open_list(capsys, office) == []
    assert money(capsys, office) == "1200.00"
    assert office.reader().get_entry(household)["phone"] == "13912345678"

    # A third copy restored from the same backup brings a content nobody has seen: a new conflict.
    shutil.copytree(tmp_path / "laptop-01-backup", tmp_path / "laptop-01-third")
    third = Home.open(tmp_path / "laptop-01-third")
    with third.writer() as store:
        condolence_visit(store, household, visit_id, "950", "13900000001")  # a number already settled
    merge_paths(office, [export_visits(third, tmp_path / "stick-3").path])
    reopened = open_list(capsys, office)
    assert [f["kind"] for f in reopened] == ["visit"]
    assert len(reopened[0]["candidates"]) == 3
    # The supervisor's earlier choice still counts, marked as not settled until they look again.
    assert [c["answers"]["total"] for c in reopened[0]["candidates"] if c["counted"]] == ["1200"]
    assert money(capsys, office) == "1200.00"
    assert [u["uuid"] for u in summary_doc(capsys, office)["unsettled"]] == [visit_id]


def test_until_settled_the_version_sent_first_counts_in_any_merge_order(
        enrolled: Enrolled, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A laptop restored from a backup writes a visit again: the original sent its version in its
    bundle no. 2, the copy in its no. 1. Until the supervisor settles, two offices merging the
    files in opposite orders both count the copy's version (sent first), marked as not settled."""
    household, visit_id = enrolled.households[0], str(uuid.uuid4())
    original = enrolled.devices[0]
    shutil.copytree(original.path, tmp_path / "laptop-01-restored")
    restored = Home.open(tmp_path / "laptop-01-restored")
    with original.writer() as store:
        finish_visit(store, enrolled.households[1], {"needs_note": "无"})
    first = export_visits(original, tmp_path / "stick-a").path              # original no. 1
    with original.writer() as store:
        condolence_visit(store, household, visit_id, "800")
    second = export_visits(original, tmp_path / "stick-b").path             # original no. 2: 800
    with restored.writer() as store:
        condolence_visit(store, household, visit_id, "1200")
    copy = export_visits(restored, tmp_path / "stick-c").path               # the copy's no. 1: 1200
    twin = tmp_path / "office-twin"
    shutil.copytree(enrolled.office.path, twin)
    for office, order in ((enrolled.office, [first, second, copy]), (Home.open(twin), [copy, second, first])):
        report = merge_paths(office, order)
        assert report.refused == 0 and report.copies == {"laptop-01": [1]}
        assert money(capsys, office) == "1200.00"
        doc = summary_doc(capsys, office)
        assert doc["figures"]["visits.unsettled"]["value"] == 1
        assert [u["uuid"] for u in doc["unsettled"]] == [visit_id]
        (flag,) = [f for f in open_list(capsys, office) if f["kind"] == "visit"]
        assert [c["answers"]["total"] for c in flag["candidates"] if c["counted"]] == ["1200"]
    # Settled for the original's 800: that counts, and nothing is marked any more.
    office = enrolled.office
    (flag,) = [f for f in open_list(capsys, office) if f["kind"] == "visit"]
    wanted = next(c["number"] for c in flag["candidates"] if c["answers"]["total"] == "800")
    assert run(capsys, office, "conflicts", "settle", flag["id"], "--choose", str(wanted))[0] == 0
    assert money(capsys, office) == "800.00"
    assert summary_doc(capsys, office)["unsettled"] == []


def test_a_new_rival_value_opens_a_new_register_conflict(
        conflicted: tuple[Enrolled, str, list[Path]], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    enrolled, _, _ = conflicted
    office, household = enrolled.office, enrolled.households[0]
    field_flag = next(f for f in open_list(capsys, office) if f["kind"] == "register")
    assert run(capsys, office, "conflicts", "settle", field_flag["id"], "--choose", "2")[0] == 0
    chosen = field_flag["candidates"][1]["value"]
    assert office.reader().get_entry(household)["phone"] == chosen
    # Laptop 1 still holds the register as it was: another visit there proposes a third number.
    with enrolled.devices[0].writer() as store:
        finish_visit(store, household, {"needs_note": "无"}, updates={"phone": "13700000000"})
    merge_paths(office, [export_visits(enrolled.devices[0], tmp_path / "stick-2").path])
    fields = [f for f in open_list(capsys, office) if f["kind"] != "visit"]
    assert fields and all(f["field"] == "phone" for f in fields)
    assert office.reader().get_entry(household)["phone"] == chosen   # the decision still holds


def test_refusals_are_one_line_and_change_nothing(
        conflicted: tuple[Enrolled, str, list[Path]], capsys: pytest.CaptureFixture[str]) -> None:
    enrolled, _, _ = conflicted
    office = enrolled.office
    flags = open_list(capsys, office)
    visit_flag = next(f for f in flags if f["kind"] == "visit")
    field_flag = next(f for f in flags if f["kind"] == "register")
    before = store_bytes(office)
    for args, said in [
        (("nothere",), "no open conflict nothere"),
        ((visit_flag["id"], "--choose", "3"), "has no candidate 3"),
        ((visit_flag["id"], "--value", "x"), "choose one with --choose"),
        ((visit_flag["id"],), "give one way to settle it"),
        ((field_flag["id"], "--value", "not a phone\x1b[31m"), "control characters"),
        ((field_flag["id"], "--value", "12345"), "not a valid phone number"),
        ((field_flag["id"], "--dismiss"), "cannot be dismissed"),
    ]:
        code, out, err = run(capsys, office, "conflicts", "settle", *args)
        assert code == 1, args
        assert err.count("\n") == 1 and "Traceback" not in err and said in err, err
    assert store_bytes(office) == before


def test_the_command_lists_and_settles_in_chinese(conflicted: tuple[Enrolled, str, list[Path]]) -> None:
    """`doorstep conflicts ...` as typed, in Chinese, in processes of its own (the issue asks one
    path of the command proved as a real process; the others run in-process)."""
    enrolled, _, _ = conflicted
    env = {k: v for k, v in os.environ.items() if k != "DOORSTEP_HOME"}

    def doorstep(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "doorstep", "--home", str(enrolled.office.path),
                               "--lang", "zh", "conflicts", *args], env=env, cwd=ROOT,
                              capture_output=True, text=True, encoding="utf-8", timeout=300)

    listed = doorstep("list")
    assert listed.returncode == 0 and "待处理 2 处" in listed.stdout and "同一走访两个版本" in listed.stdout
    ids = json.loads(doorstep("list", "--json").stdout)["open"]
    field = next(f for f in ids if f["kind"] == "register")
    wrong = doorstep("settle", field["id"], "--choose", "9")
    assert wrong.returncode == 1 and "没有第 9 项" in wrong.stderr and "Traceback" not in wrong.stderr
    done = doorstep("settle", field["id"], "--choose", "1", "--reason", "电话核实")
    assert done.returncode == 0 and "还有 1 处待处理" in done.stderr
