"""Bundles a hostile but enrolled laptop could seal with its own key: each is refused whole, with a
reason a supervisor can read, and the office's files stay byte for byte as they were."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from doorstep.cli.main import main
from doorstep.storage.home import Home
from doorstep.storage.visits import visit_hash
from doorstep.sync.content import visits_counts
from doorstep.sync.envelope import header_for, open_bundle, plaintext_of, seal
from doorstep.sync.identity import load_identity, load_office_key
from doorstep.sync.merge import merge_paths
from doorstep.sync.outbox import export_visits
from sync_helpers import Enrolled, finish_visit, store_bytes

HOME_CARE = "2026.1"  # survey/forms/home_care.toml


def opened_visits(enrolled: Enrolled, path: Path) -> list[dict[str, Any]]:
    """The visits of a bundle, as the office decrypts them (what an attacker would start from)."""
    senders = {load_identity(d).public.key_id: load_identity(d).public for d in enrolled.devices}
    opened = open_bundle(path.read_bytes(), load_identity(enrolled.office), senders)
    return copy.deepcopy(opened.content["visits"])


def forge(enrolled: Enrolled, signer: Home, visits: list[dict[str, Any]], out: Path, *,
          sequence: int = 90, counts: dict[str, int] | None = None, rehash: bool = True) -> Path:
    """Seal `visits` with the signer's own key, hashes recomputed: a bundle only its key can make."""
    me, office = load_identity(signer), load_office_key(signer)
    items = []
    for visit in visits:
        item = copy.deepcopy(visit)
        if rehash:
            item["hash"] = visit_hash(item)
        items.append(item)
    items.sort(key=lambda v: f"{v['uuid']}.{v['revision']}")
    content = {"visits": items}
    plaintext = plaintext_of("visits", content, me, office)
    header = header_for("visits", plaintext, me, office, sequence=sequence,
                        created="2026-08-01T10:00:00+08:00", counts=counts or visits_counts(items))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(seal(header, plaintext, me, office))
    return out


def refused(enrolled: Enrolled, path: Path, reason: str, capsys: pytest.CaptureFixture[str],
            lang: str = "en") -> str:
    """Merge `path` through the CLI: exit 1, the reason on one line, the office's files unchanged."""
    before = store_bytes(enrolled.office)
    capsys.readouterr()
    code = main(["--home", str(enrolled.office.path), "--lang", lang, "bundle", "merge", str(path)])
    out = capsys.readouterr()
    assert code == 1, out.out + out.err
    assert "Traceback" not in out.out + out.err
    assert store_bytes(enrolled.office) == before
    report = merge_paths(enrolled.office, [path])
    assert report.bundles[0].error is not None and report.bundles[0].error.reason == reason
    assert store_bytes(enrolled.office) == before
    lines = [line for line in out.out.splitlines() if path.name in line]
    assert len(lines) == 1, out.out
    return lines[0]


@pytest.fixture
def victim(enrolled: Enrolled, tmp_path: Path) -> dict[str, Any]:
    """laptop-02 made a visit; the office merged it. Returns it as the bundle carried it."""
    b = enrolled.devices[1]
    with b.writer() as store:
        finish_visit(store, enrolled.households[0], {"needs_note": "需要轮椅"})
    path = export_visits(b, tmp_path / "b").path
    assert merge_paths(enrolled.office, [path]).refused == 0
    return opened_visits(enrolled, path)[0]


def test_a_visit_carrying_another_laptops_id_and_name_is_refused(
        enrolled: Enrolled, victim: dict[str, Any], tmp_path: Path, capsys) -> None:
    a = enrolled.devices[0]
    forged = victim | {"uuid": "0" * 8 + victim["uuid"][8:], "answers": {"needs_note": "伪造"}}
    line = refused(enrolled, forge(enrolled, a, [forged], tmp_path / "f" / "forged.json"),
                   "not_signers_visit", capsys)
    assert 'says it was recorded on "laptop-02", but the bundle is signed by "laptop-01"' in line
    # Its own name but the other laptop's id is refused too.
    forged = forged | {"device_name": a.name}
    line = refused(enrolled, forge(enrolled, a, [forged], tmp_path / "g" / "forged.json"),
                   "not_signers_home", capsys, lang="zh")
    assert "带着另一台设备的编号" in line and "laptop-01" in line


def test_another_laptops_visit_resent_with_changed_answers_is_refused(
        enrolled: Enrolled, victim: dict[str, Any], tmp_path: Path, capsys) -> None:
    a = enrolled.devices[0]
    with a.writer() as store:
        own = finish_visit(store, enrolled.households[1], {"needs_note": "自己的"})
    mine = opened_visits(enrolled, export_visits(a, tmp_path / "a").path)[0]
    assert own["key"] == f"{mine['uuid']}.1"
    # The forger's own id and name (so the binding holds), the victim's visit uuid, other answers.
    forged = mine | {"uuid": victim["uuid"], "household": victim["household"],
                     "answers": {"needs_note": "不需要"}}
    line = refused(enrolled, forge(enrolled, a, [forged], tmp_path / "f" / "resent.json"), "others_visit",
                   capsys)
    assert 'was made on "laptop-02"; "laptop-01" may not send it' in line
    store = enrolled.office.reader()
    assert store.get_visit(victim["uuid"], 1)["answers"] == {"needs_note": "需要轮椅"}


def test_a_correction_of_another_laptops_visit_is_refused(
        enrolled: Enrolled, victim: dict[str, Any], tmp_path: Path, capsys) -> None:
    a = enrolled.devices[0]
    with a.writer() as store:
        finish_visit(store, enrolled.households[1], {"needs_note": "自己的"})
    mine = opened_visits(enrolled, export_visits(a, tmp_path / "a").path)[0]
    correction = mine | {"uuid": victim["uuid"], "household": victim["household"], "revision": 2,
                         "supersedes": 1, "answers": {"needs_note": "更正成别的"}}
    line = refused(enrolled, forge(enrolled, a, [correction], tmp_path / "f" / "correction.json"),
                   "others_correction", capsys)
    assert 'corrects a visit made on "laptop-02": only the laptop that made a visit may correct it' in line


# ---------------------------------------------------------------- the content, before any write


def _own_visit(enrolled: Enrolled, tmp_path: Path, answers: dict[str, Any] | None = None) -> dict[str, Any]:
    """A visit laptop-01's checklist really made, as its bundle carries it."""
    a = enrolled.devices[0]
    with a.writer() as store:
        finish_visit(store, enrolled.households[2], answers or {"needs_note": "需要轮椅", "needs": "medical"})
    return opened_visits(enrolled, export_visits(a, tmp_path / "own").path)[0]


def test_counts_that_lie_are_refused(enrolled: Enrolled, tmp_path: Path, capsys) -> None:
    visit = _own_visit(enrolled, tmp_path)
    path = forge(enrolled, enrolled.devices[0], [visit], tmp_path / "f" / "counts.json",
                 counts={"visits": 99999, "corrections": 0})
    line = refused(enrolled, path, "counts", capsys)
    assert "the header's counts (99999 visit(s), 0 correction(s)) differ from the content (1 visit(s)" in line


@pytest.mark.parametrize(("change", "reason", "said"), [
    ({"form_id": "no_such_form"}, "unknown_form", "uses a form this office does not know (no_such_form"),
    ({"form_version": "1999.9"}, "unknown_form", "version 1999.9"),
    ({"answers": {"no_such_question": "x"}}, "fit_unknown_question",
     'question its form does not have ("no_such_question")'),
    ({"answers": {"needs_note": 5}}, "fit_not_text", "not text"),
    ({"answers": {"status": "dead"}}, "fit_not_choice", '"dead", which is not one of its choices'),
    ({"answers": {"death_date": "yesterday"}}, "fit_wrong_type", "which is not of the question's type"),
    ({"answers": {"needs": [{"x": "1"}]}}, "fit_not_text", "not text"),
])
def test_visits_the_checklist_cannot_make_are_refused(
        enrolled: Enrolled, tmp_path: Path, capsys, change: dict[str, Any], reason: str, said: str) -> None:
    visit = _own_visit(enrolled, tmp_path) | change
    line = refused(enrolled, forge(enrolled, enrolled.devices[0], [visit], tmp_path / "f" / "bad.json"),
                   reason, capsys)
    assert said in line and "visit 1 (household" in line


def test_a_visit_to_a_household_not_on_the_register_is_kept_and_listed(
        enrolled: Enrolled, tmp_path: Path, capsys) -> None:
    from doorstep.storage import qrid
    from doorstep.sync.merge import conflicts

    a = enrolled.devices[0]
    stranger = qrid.new_id(enrolled.households)
    with a.writer() as store:
        visit = finish_visit(store, stranger, {"needs_note": "新搬来的老兵"})
    path = export_visits(a, tmp_path / "s").path
    capsys.readouterr()
    assert main(["--home", str(enrolled.office.path), "bundle", "merge", str(path)]) == 0
    store = enrolled.office.reader()
    assert store.get_visit(visit["uuid"], 1) is not None  # kept
    flags = [f for f in conflicts(store) if f["kind"] == "visit_unknown_household"]
    assert flags == [{"kind": "visit_unknown_household", "household": stranger, "visits": [visit["key"]]}]
    store.close()


def test_an_answer_outside_its_constraint_is_kept_and_shown(
        enrolled: Enrolled, tmp_path: Path, capsys) -> None:
    from doorstep.sync.merge import conflicts

    visit = _own_visit(enrolled, tmp_path)
    # home_care's minutes must lie in a range; no checklist finalizes 100000 minutes
    broken = visit | {"form_id": "home_care", "form_version": HOME_CARE,
                      "answers": {"minutes": "100000", "followup_needed": "no"}}
    path = forge(enrolled, enrolled.devices[0], [broken], tmp_path / "f" / "range.json")
    assert merge_paths(enrolled.office, [path]).refused == 0
    store = enrolled.office.reader()
    assert store.get_visit(broken["uuid"], 1)["answers"]["minutes"] == "100000"
    flags = [f for f in conflicts(store) if f["kind"] == "visit_constraint"]
    assert len(flags) == 1 and flags[0]["key"] == f"{broken['uuid']}.1" and flags[0]["questions"]
    store.close()


@pytest.mark.parametrize("household", [
    "王建国 13800000000",        # a name and a phone number where the id goes
    "abcd1230",                   # an id, but not as the office files it (lower case)
    "ABCD1234",                   # a wrong check character
    "\x1b[31mABCD1230",           # an escape sequence
])
def test_a_household_that_is_not_a_qr_id_is_refused(
        enrolled: Enrolled, tmp_path: Path, capsys, household: str) -> None:
    visit = _own_visit(enrolled, tmp_path) | {"household": household}
    line = refused(enrolled, forge(enrolled, enrolled.devices[0], [visit], tmp_path / "f" / "who.json"),
                   "schema", capsys)
    assert "household" in line and "QR id" in line
    assert "\x1b" not in line
