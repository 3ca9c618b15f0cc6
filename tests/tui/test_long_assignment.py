"""A long assignment at 80x24: 450 households of a register of 600, the list filled from the visit
marks (storage.marks), scrolled with the keys, each row's last visit and status right, on a
laptop that keeps the marks and on one made before them (its first start builds them)."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest
from doorstep.storage import qrid
from doorstep.storage.home import Home
from doorstep.storage.layout import STORE_DIR
from doorstep.storage.marks import MARKS_DIR
from doorstep.storage.visits import record_key, visit_hash
from doorstep.survey import get_form
from doorstep.tui.screens.assignments import AssignmentsScreen
from doorstep.tui.screens.household import HouseholdScreen
from doorstep.tui.widgets.row_list import RowList
from tui_helpers import screen_lines, type_keys
from tui_homes import make_id

HOUSEHOLDS = 600
ASSIGNED = 450


def visit(home: Home, household: str, ended: str) -> dict:
    record = {"uuid": str(uuid.uuid4()), "revision": 1, "supersedes": None, "household": household,
              "form_id": "home_care", "form_version": "2026.1", "volunteer": "周志愿",
              "device": home.home_id, "device_name": home.name, "started": ended, "ended": ended,
              "answers": {"services": "cleaning"}, "register_updates": {}, "register_base": 1,
              "status": "finalized", "acked": False}
    record["key"] = record_key(record["uuid"], 1)
    record["hash"] = visit_hash(record)
    return record


def long_home(path: Path) -> tuple[Home, list[str], dict[str, tuple[str, str]]]:
    """The home, the households assigned (in order) and, for each, (last visit, status) as the
    list must show them: visited this year, visited last year only (not visited in the period:
    FIXED_NOW is 2026-08-01), a draft, never visited."""
    home = Home.create(path, "device", name="laptop-01", volunteer="周志愿", lang="en")
    ids = [make_id(f"2{n:06d}") for n in range(HOUSEHOLDS)]
    assert len(set(ids)) == HOUSEHOLDS and all(qrid.parse(i) == i for i in ids)
    assigned = ids[::-1][:ASSIGNED]  # not in the register's order
    expected: dict[str, tuple[str, str]] = {}
    records = []
    with home.writer() as store:
        store.upsert_entries([{"id": i, "name": f"住户{n:03d}", "category": "elderly_retired_soldier",
                               "village": f"{'东西南北'[n % 4]}村"} for n, i in enumerate(ids)])
        store.set_assignment(assigned)
        for n, household in enumerate(assigned):
            if n % 3 == 0:
                records.append(visit(home, household, "2025-11-03T10:00:00+08:00"))
                records.append(visit(home, household, f"2026-0{1 + n % 7}-1{n % 10}T10:00:00+08:00"))
                expected[household] = (f"2026-0{1 + n % 7}-1{n % 10}", "finalized")
            elif n % 3 == 1:
                records.append(visit(home, household, f"2025-12-2{n % 10}T10:00:00+08:00"))
                expected[household] = (f"2025-12-2{n % 10}", "not_visited")
            else:
                expected[household] = ("", "not_visited")
        records += [visit(home, h, "2026-06-01T10:00:00+08:00") for h in ids if h not in assigned][:50]
        store.add_finalized_visits(records)
        draft = store.start_visit(assigned[2], "condolence", get_form("condolence").version,
                                  started="2026-07-28T15:00:00+08:00")
        store.save_answer(draft["uuid"], ("occasion",), "army_day")  # an empty draft is dropped at start
        expected[assigned[2]] = ("", "draft")
    return home, assigned, expected


def shown(table: RowList) -> dict[str, tuple[str, str]]:
    """Household -> (its Last visit cell, its Status cell) as the list shows them."""
    out = {}
    for row in range(table.row_count):
        cells = table.cells_at(row)
        out[table.key_at(row)] = (cells[4], cells[5])
    return out


async def filled(pilot, app) -> RowList:  # noqa: ANN001 - Pilot and the app
    for _ in range(200):  # a bound on the rounds, not on time
        await pilot.pause()
        if isinstance(app.screen, AssignmentsScreen) and app.screen.query_one(RowList).row_count:
            return app.screen.query_one(RowList)
    raise AssertionError("the assignments list was never filled")


@pytest.mark.parametrize("marks", ["kept", "made at the first start"])
async def test_a_long_assignment_shows_scrolls_and_marks_right(tmp_path, make_app, marks) -> None:
    home, assigned, expected = long_home(tmp_path / "home")
    if marks != "kept":  # a laptop of doorstep before the marks
        shutil.rmtree(home.path / STORE_DIR / MARKS_DIR)
    app = make_app(home.path)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await filled(pilot, app)
        assert table.row_count == ASSIGNED
        assert table.keys() == assigned  # the assignment's order
        status = {"finalized": "● Finalized", "not_visited": "○ Not visited", "draft": "◐ Draft"}
        assert shown(table) == {h: (last or "-", status[s]) for h, (last, s) in expected.items()}
        assert "450 of 450" in str(app.screen.query_one("#count").render())
        assert (home.path / STORE_DIR / MARKS_DIR / "built.json").exists()

        lines = screen_lines(app)
        assert any(assigned[0] in line for line in lines)
        assert not any(assigned[-1] in line for line in lines)
        await type_keys(pilot, "ctrl+end")
        assert table.cursor_row == ASSIGNED - 1
        lines = screen_lines(app)
        assert any(assigned[-1] in line for line in lines) and not any(assigned[0] in line for line in lines)
        await type_keys(pilot, "ctrl+home", "pagedown")
        assert 0 < table.cursor_row < ASSIGNED - 1
        row = table.cursor_row
        assert any(assigned[row] in line for line in screen_lines(app))

        # A visit finalized meanwhile shows once the list comes back (from its marks).
        household = assigned[row] if expected[assigned[row]][1] != "draft" else assigned[row + 1]
        store = app.session.store
        draft = store.start_visit(household, "home_care", "2026.1", started="2026-07-31T09:00:00+08:00")
        store.finalize(draft["uuid"], ended="2026-07-31T10:00:00+08:00")
        table.move_cursor(assigned.index(household))
        await type_keys(pilot, "enter")
        assert isinstance(app.screen, HouseholdScreen)
        await type_keys(pilot, "escape")
        table = await filled(pilot, app)
        assert shown(table)[household] == ("2026-07-31", status["finalized"])
        assert table.cursor_row == assigned.index(household)


async def test_a_name_from_outside_is_shown_as_data(tmp_path, make_app) -> None:  # noqa: ANN001
    """The register reaches a laptop from the office's sheets: an escape sequence in a name is
    shown, never sent to the terminal, and brackets are not markup."""
    home, assigned, _ = long_home(tmp_path / "home")
    with home.writer() as store:
        store.update_entry(assigned[0], {"name": "王\x1b[2J五", "village": "[b]东[/b]"})
    app = make_app(home.path)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await filled(pilot, app)
        cells = table.cells_of(assigned[0])
        assert "\x1b" not in "".join(cells) and cells[1].startswith("王\\x1b")
        assert cells[2].startswith("[b]")
        line = next(line for line in screen_lines(app) if assigned[0] in line)
        assert "\x1b" not in line and "王\\x1" in line
