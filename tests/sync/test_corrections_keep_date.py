"""A visit belongs to the day it was made: a correction made months later keeps it there.

Recorded on a laptop, corrected there, exported and merged at the office, then summed by the
command line (`doorstep summary`, `doorstep visits export`) for February and for December.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from doorstep.cli.main import main
from doorstep.reports.inforce import visits_in_force
from doorstep.storage.home import Home
from doorstep.sync.merge import merge_paths
from doorstep.sync.outbox import export_visits
from sync_helpers import CONDOLENCE, VERIFICATION, Enrolled

FEBRUARY = ("--from", "2026-02-01", "--to", "2026-02-28")
DECEMBER = ("--from", "2026-12-01", "--to", "2026-12-31")


def _money(amount: str) -> dict[str, Any]:
    return {"occasion": "spring_festival", "confirmed": "OK", "followup_needed": "no", "total": amount,
            "items": [{"kind": "condolence_money", "count": "1", "amount": amount, "line_amount": amount}]}


def _set_answers(store: Any, visit_id: str, answers: dict[str, Any]) -> None:
    for name, value in answers.items():
        if isinstance(value, list):
            for i, row in enumerate(value):
                for sub, text in row.items():
                    store.save_answer(visit_id, (name, i, sub), text)
        else:
            store.save_answer(visit_id, (name,), value)


def _summary(capsys: pytest.CaptureFixture[str], office: Home, *period: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["--home", str(office.path), "--lang", "en", "summary", *period, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)["figures"]


def _merge(enrolled: Enrolled, device: Home, stick: Path) -> None:
    result = export_visits(device, stick)
    assert result.written
    assert merge_paths(enrolled.office, [result.path]).refused == 0


def test_a_february_visit_corrected_in_december_stays_in_february(
        enrolled: Enrolled, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    device, household = enrolled.devices[0], enrolled.households[0]
    visit_id = str(uuid.uuid4())
    with device.writer() as store:
        store.start_visit(household, "condolence", CONDOLENCE, visit_id=visit_id,
                          started="2026-02-07T09:30:00+08:00")
        _set_answers(store, visit_id, _money("500"))
        store.finalize(visit_id, ended="2026-02-07T10:00:00+08:00")
    _merge(enrolled, device, tmp_path / "stick1")
    assert _summary(capsys, enrolled.office, *FEBRUARY)["money.total"]["value"] == "500.00"

    with device.writer() as store:
        store.start_correction(visit_id)
        _set_answers(store, visit_id, _money("800"))
        corrected = store.finalize(visit_id, ended="2026-12-01T15:00:00+08:00")
    assert corrected["ended"] == "2026-02-07T10:00:00+08:00"
    assert corrected["corrected_at"] == "2026-12-01T15:00:00+08:00"
    _merge(enrolled, device, tmp_path / "stick2")

    at_office = enrolled.office.reader().get_visit(visit_id)
    assert at_office is not None and at_office["revision"] == 2
    assert at_office["corrected_at"] == "2026-12-01T15:00:00+08:00"
    february = _summary(capsys, enrolled.office, *FEBRUARY)
    assert february["money.total"]["value"] == "800.00"   # the correction's amount, in February
    assert february["visits.total"]["value"] == 1
    december = _summary(capsys, enrolled.office, *DECEMBER)
    assert december["money.total"]["value"] == "0.00"
    assert december["visits.total"]["value"] == 0

    # The visits export puts it in February too, with the corrected amount.
    capsys.readouterr()
    assert main(["--home", str(enrolled.office.path), "visits", "export", "--format", "json", *FEBRUARY]) == 0
    exported = json.loads(capsys.readouterr().out)
    rows = [v for v in exported if v["uuid"] == visit_id]
    assert [r["ended"][:10] for r in rows] == ["2026-02-07"]
    assert main(["--home", str(enrolled.office.path), "visits", "export", "--format", "json", *DECEMBER]) == 0
    assert not [v for v in json.loads(capsys.readouterr().out) if v["uuid"] == visit_id]


def test_a_correction_recorded_before_it_kept_its_date_counts_on_the_visits_day() -> None:
    """Stored by an older doorstep: the correction's `ended` is the day it was corrected."""
    first = {"key": "v.1", "uuid": "v", "revision": 1, "supersedes": None, "status": "finalized",
             "ended": "2025-12-20T10:00:00+08:00", "answers": {"total": "300"}}
    second = {**first, "key": "v.2", "revision": 2, "supersedes": 1,
              "ended": "2026-01-05T09:00:00+08:00", "answers": {"total": "1200"}}
    (chosen,) = visits_in_force([second, first])
    assert chosen["answers"] == {"total": "1200"}
    assert chosen["ended"] == "2025-12-20T10:00:00+08:00"
    assert chosen["corrected_at"] == "2026-01-05T09:00:00+08:00"


def test_a_bundle_without_corrections_is_sealed_as_before(enrolled: Enrolled, tmp_path: Path) -> None:
    """`corrected_at` travels only on corrections: a visit's item has exactly the old fields."""
    from doorstep.sync.content import VISIT_FIELDS, visit_item

    device = enrolled.devices[0]
    with device.writer() as store:
        draft = store.start_visit(enrolled.households[1], "verification", VERIFICATION)
        record = store.finalize(draft["uuid"])
    assert record.get("corrected_at") is None
    assert set(visit_item(record)) == set(VISIT_FIELDS) - {"corrected_at"}
