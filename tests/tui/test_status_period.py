"""A household is "finalized" on the assignments only for visits of the current period: since
the assignment was received through sync, else since 1 January; the help says which."""

from __future__ import annotations

from datetime import UTC, date, datetime

from doorstep.demo.home import make_demo_home
from doorstep.storage.home import Home
from doorstep.survey import get_form
from doorstep.tui.app import DoorstepApp
from doorstep.tui.screens.help import HelpScreen
from tui_helpers import type_keys
from tui_homes import IDS


def statuses(app: DoorstepApp) -> dict[str, str]:
    return {row.entry["id"]: row.status for row in app.session.assignment_rows()}


def finalized_visit(home: Home, household: str, ended: str | None) -> None:
    with home.writer() as store:
        form = get_form("verification")
        v = store.start_visit(household, form.id, str(form.version), started=ended)
        store.finalize(v["uuid"], ended=ended)


async def test_without_an_assignment_from_sync_a_visit_of_last_year_does_not_count(
    home_path, make_app
) -> None:
    # the fixture's visit of IDS[0] ended 2026-07-20; the app's today is 2026-08-01
    finalized_visit(Home.open(home_path), IDS[4], "2025-12-30T16:00:00+08:00")
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = statuses(app)
        assert shown[IDS[0]] == "finalized"
        assert shown[IDS[4]] == "not_visited"  # visited last year only
        rows = {r.entry["id"]: r for r in app.session.assignment_rows()}
        assert rows[IDS[4]].last_visit == "2025-12-30"  # the last visit is still shown
        await type_keys(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        rule = str(app.screen.query_one("#help-status").render())
        assert "this year (2026)" in rule
        await type_keys(pilot, "escape")
        assert "status: visits in 2026" in str(app.screen.query_one("#count").render())


async def test_with_an_assignment_from_sync_only_visits_since_it_was_received_count(tmp_path) -> None:
    home = make_demo_home(tmp_path / "demo", lang="en", today=date(2026, 8, 1))
    store = home.reader()
    visited = {r["household"] for r in store.visits()}
    drafted = {d["household"] for d in store.drafts()}
    untouched = sorted(set(store.assignment()) - visited - drafted)
    store.close()
    demo_visited = next(iter(sorted(visited - drafted)))
    # the demo's assignment came before its visits (2026-07-15); this visit came before that
    earlier, later = untouched[0], untouched[1]
    finalized_visit(home, earlier, "2026-07-01T10:00:00+08:00")
    app = DoorstepApp(home.path, lang="en", now=lambda: datetime.now(UTC))
    async with app.run_test(size=(80, 24)) as pilot:
        period = app.session.status_period()
        assert period.kind == "assignment"
        shown = statuses(app)
        assert shown[demo_visited] == "finalized"  # the demo's own visits belong to its assignment
        assert shown[earlier] == "not_visited"  # visited before the assignment arrived
        assert shown[later] == "not_visited"
        await type_keys(pilot, "f1")
        rule = str(app.screen.query_one("#help-status").render())
        assert "since this laptop received the current assignment" in rule
        day = period.since.astimezone(app.now().tzinfo).strftime("%Y-%m-%d")
        assert day == "2026-07-15"
        assert day in rule
        await type_keys(pilot, "escape")
        assert f"status: visits since the assignment of {day}" in str(app.screen.query_one("#count").render())
    finalized_visit(home, later, None)  # now, after the assignment arrived
    app = DoorstepApp(home.path, lang="en", now=lambda: datetime.now(UTC))
    async with app.run_test(size=(80, 24)):
        assert statuses(app)[later] == "finalized"
