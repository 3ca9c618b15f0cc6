"""A visit the office returns reaches the volunteer and comes back corrected (Pilot, 80x24).

Office: return with a comment, write the assignment. Laptop: import it; the assignment list and
the household mark the visit, the returns screen shows the comment, Enter starts the correction
with the comment above the checklist; finalize, export: the mark clears. Office: merge; the
review shows the visit as corrected after return.
"""

from __future__ import annotations

import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from doorstep.survey import get_form
from doorstep.sync.assignment import import_assignment, write_assignment
from doorstep.sync.merge import merge_paths
from doorstep.sync.outbox import export_visits
from doorstep.tui.office.app import OfficeApp
from doorstep.tui.office.reviews import set_review
from doorstep.tui.screens.assignments import AssignmentsScreen
from doorstep.tui.screens.checklist import ChecklistScreen
from doorstep.tui.screens.household import HouseholdScreen
from doorstep.tui.screens.outbox import ExportReceipt
from doorstep.tui.screens.returns import ReturnsScreen
from doorstep.tui.screens.review import ReviewScreen, SummaryScreen
from doorstep.tui.widgets.row_list import RowList
from tui_helpers import finish_work, text_of, type_keys, type_text

sys.path.insert(0, str(Path(__file__).parents[1] / "sync"))
from sync_helpers import Enrolled  # noqa: E402

COMMENT = "请核实服务时长，签字缺失"


def home_care(store, household: str) -> dict:  # noqa: ANN001
    visit_id = str(uuid.uuid4())
    store.start_visit(household, "home_care", get_form("home_care").version, visit_id=visit_id,
                      started="2026-07-20T09:00:00+08:00")
    for slot, value in ((("services",), "cleaning company"), (("minutes",), "60"), (("health",), "fair"),
                        (("mobility",), "independent"), (("lives_alone",), "no"), (("mood",), "good"),
                        (("followup_needed",), "no")):
        store.save_answer(visit_id, slot, value)
    return store.finalize(visit_id, ended="2026-07-20T10:05:00+08:00")


def returned_world(root: Path) -> tuple[Enrolled, dict]:
    enrolled = Enrolled(root)
    device, household = enrolled.devices[0], enrolled.households[0]
    with device.writer() as store:
        record = home_care(store, household)
    assert merge_paths(enrolled.office, [export_visits(device, root / "stick-1").path]).refused == 0
    with enrolled.office.writer() as store:
        set_review(store, record["key"], "returned", COMMENT, at="2026-07-21T09:00:00+08:00", who="站长")
    result = import_assignment(device, write_assignment(enrolled.office, device.name, [], root / "a2").path)
    assert result.returned == 1
    return enrolled, record


async def test_a_returned_visit_is_marked_corrected_and_sent_back(tmp_path: Path, make_app) -> None:  # noqa: ANN001
    enrolled, record = returned_world(tmp_path)
    device, household = enrolled.devices[0], enrolled.households[0]
    name = enrolled.office.reader().get_entry(household)["name"]
    app = make_app(device.path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await type_keys(pilot)
        assert isinstance(app.screen, AssignmentsScreen)
        table = app.screen.query_one(RowList)
        assert table.cells_of(household)[1].startswith("↩")
        assert "1 returned (r: see)" in text_of(app, "#count")
        # the household says it too
        app.open_household(household)
        await type_keys(pilot)
        assert isinstance(app.screen, HouseholdScreen)
        assert COMMENT in text_of(app, "#returned")
        await type_keys(pilot, "escape", "r")
        assert isinstance(app.screen, ReturnsScreen)
        returns = app.screen.query_one("DataTable")
        assert returns.row_count == 1
        row = [str(c) for c in returns.get_row_at(0)]
        assert row[0].startswith(name[:4]) and row[2] == "2026-07-20" and "To do" in row[3]
        assert COMMENT[:6] in row[4]
        await type_keys(pilot, "enter")      # one key starts the correction
        assert isinstance(app.screen, ChecklistScreen) and app.screen.visit_id == record["uuid"]
        assert COMMENT in text_of(app, "#return-note")
        await type_keys(pilot, "enter")      # services as they were
        await type_text(pilot, "75")        # minutes, as the office asked to check
        await type_keys(pilot, "f4")
        assert isinstance(app.screen, ReviewScreen)
        await type_keys(pilot, "f10", "enter")
        assert isinstance(app.screen, SummaryScreen)
        await type_keys(pilot, "escape")
        assert isinstance(app.screen, ReturnsScreen)
        assert "To send" in str(app.screen.query_one("DataTable").get_row_at(0)[3])  # not yet gone back
        await type_keys(pilot, "escape", "o", "e")
        app.screen.query_one("#path").value = ""
        await type_text(pilot, str(tmp_path / "stick-2"))
        await type_keys(pilot, "enter")
        await finish_work(pilot)  # the stick is written in a thread
        assert isinstance(app.screen, ExportReceipt)
        await type_keys(pilot, "escape", "escape")
        assert isinstance(app.screen, AssignmentsScreen)
        assert not app.screen.query_one(RowList).cells_of(household)[1].startswith("↩")
        assert "returned" not in text_of(app, "#count")

    (bundle,) = list((tmp_path / "stick-2").iterdir())
    assert merge_paths(enrolled.office, [bundle]).refused == 0
    office_app = OfficeApp(enrolled.office.path, lang="en", now=lambda: datetime(2026, 7, 22, tzinfo=UTC))
    async with office_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        state = office_app.screen.query_one(RowList).cells_of(f"{record['uuid']}.2")[0]
        assert state.startswith("↻ Corrected")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_returns_screen_snapshot(tmp_path: Path, make_app, snap_compare, lang: str) -> None:  # noqa: ANN001
    returned_world(tmp_path)

    async def run_before(pilot) -> None:  # noqa: ANN001
        await type_keys(pilot, "r")
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(make_app(tmp_path / "laptop-01", lang=lang), terminal_size=(80, 24),
                        run_before=run_before)
