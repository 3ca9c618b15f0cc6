"""A lost stick: every bundle the office has not acknowledged is written again, the same bytes,
from the command line while the app holds the laptop's home (it never writes the home)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from doorstep.cli.main import main
from doorstep.sync.assignment import import_assignment, write_assignment
from doorstep.sync.merge import merge_paths
from doorstep.sync.outbox import export_visits
from sync_helpers import Enrolled, finish_visit, store_bytes


def test_export_again_while_the_app_holds_the_home(enrolled: Enrolled, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    device, office = enrolled.devices[0], enrolled.office
    with device.writer() as store:
        for household in enrolled.households[:2]:
            finish_visit(store, household, {"needs_note": "无"})
    first = export_visits(device, tmp_path / "stick-1").path
    with device.writer() as store:
        finish_visit(store, enrolled.households[2], {"needs_note": "轮椅"})
    second = export_visits(device, tmp_path / "stick-1").path
    originals = {p.name: p.read_bytes() for p in (first, second)}

    with device.writer():   # the app is open: it holds the home's writer
        before = store_bytes(device)
        capsys.readouterr()
        assert main(["--home", str(device.path), "--lang", "en", "bundle", "export", "--out",
                     str(tmp_path / "stick-2"), "--again"]) == 0
        out = capsys.readouterr().out
        assert "bundle 1 written again" in out and "bundle 2 written again" in out
        assert store_bytes(device) == before     # the home untouched
        # a new bundle would write the home's log: that one waits for the app
        assert main(["--home", str(device.path), "--lang", "en", "bundle", "export", "--out",
                     str(tmp_path / "stick-3")]) == 1
        assert "another doorstep is writing" in capsys.readouterr().err
    again = {p.name: p.read_bytes() for p in (tmp_path / "stick-2").iterdir()}
    assert again == originals   # byte for byte, under the same names

    # The office gets the second one; once its acknowledgement is back, nothing waits any more.
    assert merge_paths(office, [tmp_path / "stick-2" / second.name]).refused == 0
    import_assignment(device, write_assignment(office, device.name, [], tmp_path / "assign").path)
    capsys.readouterr()
    assert main(["--home", str(device.path), "--lang", "en", "bundle", "export", "--out",
                 str(tmp_path / "stick-4"), "--again", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"bundles": [], "unsent": 0, "unrecoverable": 0}
    # and the first bundle, merged late, is a duplicate of what the office holds
    report = merge_paths(office, [tmp_path / "stick-2" / first.name])
    assert [b.new for b in report.bundles] == [0]


def test_visits_never_exported_are_named_not_hidden(enrolled: Enrolled, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    device = enrolled.devices[0]
    with device.writer() as store:
        finish_visit(store, enrolled.households[0], {"needs_note": "无"})
    export_visits(device, tmp_path / "stick-1")
    with device.writer() as store:
        finish_visit(store, enrolled.households[1], {"needs_note": "无"})
    capsys.readouterr()
    assert main(["--home", str(device.path), "--lang", "zh", "bundle", "export", "--out",
                 str(tmp_path / "stick-2"), "--again"]) == 0
    out = capsys.readouterr().out
    assert "已重新写入第 1 号数据包" in out and "另有 1 条走访还没有导出过" in out
