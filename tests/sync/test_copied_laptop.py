"""A laptop's home copied to another computer (or restored from a backup) and used on both: the
office merges both copies' bundles, loses nothing, and tells the supervisor in plain words."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import pytest
from doorstep.cli.main import main
from doorstep.storage.home import Home
from doorstep.sync.merge import CONFLICTS, VARIANTS
from sync_helpers import Enrolled, finish_visit


def _merge(office: Home, stick: Path, lang: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--home", str(office.path), "--lang", lang, "bundle", "merge", str(stick)])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_both_copies_merge_every_visit_once_and_the_supervisor_is_told(
        enrolled: Enrolled, tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str) -> None:
    laptop = enrolled.devices[0]
    with laptop.writer() as store:  # before the copy: sent and merged
        before = finish_visit(store, enrolled.households[0], {"needs_note": "复制前"})
    stick = tmp_path / "stick"
    assert main(["--home", str(laptop.path), "bundle", "export", "--out", str(stick), "--no-qr"]) == 0
    assert _merge(enrolled.office, stick, lang, capsys)[0] == 0
    copy_path = tmp_path / "copied-laptop"
    shutil.copytree(laptop.path, copy_path)
    copy = Home.open(copy_path)
    shared = str(uuid.uuid4())
    made = {before["key"]}
    for home, text in ((laptop, "原机"), (copy, "副本")):
        with home.writer() as store:
            made.add(finish_visit(store, enrolled.households[1], {"needs_note": text})["key"])
            made.add(finish_visit(store, enrolled.households[2], {"needs_note": text},
                                  visit_id=shared)["key"])  # one visit, written differently
        assert main(["--home", str(home.path), "bundle", "export", "--out", str(stick), "--no-qr"]) == 0
    code, out = _merge(enrolled.office, stick, lang, capsys)
    assert code == 0, out
    if lang == "zh":
        assert "这说明这台笔记本电脑被复制到了另一台电脑上，或者从备份中恢复过" in out
        assert "没有丢失任何走访" in out and "今后请只用其中一份" in out
    else:
        assert "the laptop was copied to another computer or restored from a backup" in out
        assert "no visit is lost" in out and "use one copy only" in out
    assert "laptop-01" in out and "replay" not in out and "重放" not in out
    store = enrolled.office.reader()
    held = [v["key"] for v in store.visits()]
    assert sorted(held) == sorted(made)  # every visit, each once
    variants = [dict(r) for r in store.table(VARIANTS).all()]
    answers = {store.get_visit(shared, 1)["answers"]["needs_note"],
               variants[0]["record"]["answers"]["needs_note"]}
    assert answers == {"原机", "副本"}
    flags = [dict(r) for r in store.table(CONFLICTS).all()]
    assert [f["key"] for f in flags if f["kind"] == "visit"] == [f"{shared}.1"]  # one conflict
    store.close()
    # The --json report says the same for a script.
    capsys.readouterr()
    main(["--home", str(enrolled.office.path), "bundle", "merge", "--json", str(stick)])
    report = json.loads(capsys.readouterr().out)
    assert report["refused"] == 0
    assert report["copies"] == [{"device": "laptop-01", "sequences": [2]}]
