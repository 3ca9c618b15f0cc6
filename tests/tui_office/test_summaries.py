"""Summaries: reports' tables with bars, period and village filters, and drilling into a figure."""

from __future__ import annotations

from doorstep.reports.period import Period
from doorstep.reports.source import office_summary
from doorstep.storage.home import Home
from doorstep.tui.office.screens.review import VisitScreen
from doorstep.tui.office.screens.summaries import ExplainScreen, SummariesScreen
from office_helpers import press, rows, settle, text_of, type_text
from office_homes import VISITS


async def goto_table(pilot, table_id: str) -> None:  # noqa: ANN001
    screen = pilot.app.screen
    for _ in range(len(screen.tables)):
        if screen.tables[screen.index].id == table_id:
            return
        await press(pilot, "n")
    raise AssertionError(f"no table {table_id}")


async def test_open_the_summary_and_drill_into_a_figure(merged_town, make_app) -> None:
    office = merged_town / "office"
    app = make_app(office)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f6")
        screen = app.screen
        assert isinstance(screen, SummariesScreen)
        assert text_of(pilot, "#table-title").startswith("Table 1/")
        await goto_table(pilot, "visits")
        shown = rows(pilot)
        total_row = shown[-1]
        assert total_row[0] == "Total"
        assert int(total_row[-3].strip()) == VISITS  # the total column; then households, then no bar
        # the villages' bars: the longest for the village with most visits, none on the total row
        bars = [r[-1] for r in shown[:-1]]
        most = max(range(len(bars)), key=lambda i: int(shown[i][-3].strip()))
        assert len(bars[most]) == max(len(b) for b in bars) and total_row[-1] == ""
        # drill into the total: every visit counted is listed
        await press(pilot, *["down"] * (len(shown) - 1), *["right"] * (len(total_row) - 3), "enter")
        assert isinstance(app.screen, ExplainScreen)
        assert app.screen.figure.id == "visits.total"
        listed = rows(pilot)
        assert len(listed) == VISITS
        assert text_of(pilot, "#explain-count") == f"{VISITS} visits counted (Enter: open)"
        head = text_of(pilot, "#explain-head")   # the figure's name, never its id
        assert head.startswith(f"Visits = {VISITS} (") and "visits.total" not in head
        await press(pilot, "enter")
        assert isinstance(app.screen, VisitScreen)
        await press(pilot, "escape", "escape")
        assert isinstance(app.screen, SummariesScreen)


async def test_a_village_cell_lists_that_villages_visits_only(merged_town, make_app) -> None:
    office = merged_town / "office"
    summary, _ = office_summary(Home.open(office), Period(), None, "en")
    app = make_app(office)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f6")
        await goto_table(pilot, "visits")
        village = rows(pilot)[0][0].strip()
        await press(pilot, "enter")  # the village's own cell is no figure: the row's first one
        figure = app.screen.figure
        assert figure.id.startswith("visits.by_kind_village.") and figure.id.endswith("." + village)
        listed = rows(pilot)
        counted = summary.with_sources().figure(figure.id)
        assert len(listed) == summary.figure(figure.id).value == len(counted.sources)
        assert {r[3].strip() for r in listed} <= {village}


async def test_period_and_village_filters_recompute_the_figures(merged_town, make_app) -> None:
    office = merged_town / "office"
    home = Home.open(office)
    everything, _ = office_summary(home, Period(), None, "en")
    village = sorted({v for v in everything.villages if v})[0]
    from datetime import date

    app = make_app(office)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f6")
        await goto_table(pilot, "visits")
        await press(pilot, "t")
        await type_text(pilot, "2026-01-01")
        await press(pilot, "enter")
        expected, _ = office_summary(home, Period(date(2026, 1, 1), None), None, "en")
        assert int(rows(pilot)[-1][-3].strip()) == expected.figure("visits.total").value
        assert expected.figure("visits.total").value < VISITS
        await press(pilot, "v")  # the first village
        expected, _ = office_summary(home, Period(date(2026, 1, 1), None), village, "en")
        assert app.screen.village == village
        assert int(rows(pilot)[-1][-3].strip()) == expected.figure("visits.total").value
        # a date that is not one: said, and the figures stay as they were
        await press(pilot, "t", "ctrl+u")
        await type_text(pilot, "2026-13-01")
        await press(pilot, "enter")
        assert int(rows(pilot)[-1][-3].strip()) == expected.figure("visits.total").value
        assert any("2026-13-01" in str(n.message) for n in app._notifications)


async def test_a_register_figure_drills_into_entries_that_open_for_editing(merged_town, make_app) -> None:
    from doorstep.tui.office.screens.register import EditEntry

    app = make_app(merged_town / "office")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f6")
        await goto_table(pilot, "register_priority")
        first = rows(pilot)[0]
        await press(pilot, "enter")
        assert app.screen.figure.id == "register.priority.key"
        assert len(rows(pilot)) == int(first[1].strip())
        await press(pilot, "enter")
        assert isinstance(app.screen, EditEntry)
        await settle(pilot)


async def test_y_steps_through_this_year_last_year_and_all(merged_town, make_app) -> None:
    from datetime import date

    office = merged_town / "office"
    home = Home.open(office)
    app = make_app(office)  # the app's clock says 2026-07-01
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f6")
        await goto_table(pilot, "visits")
        for start, end in ((date(2026, 1, 1), date(2026, 12, 31)), (date(2025, 1, 1), date(2025, 12, 31)),
                           (None, None)):
            await press(pilot, "y")
            expected, _ = office_summary(home, Period(start, end), None, "en")
            assert (app.screen.start, app.screen.end) == (
                start.isoformat() if start else "", end.isoformat() if end else "")
            assert int(rows(pilot)[-1][-3].strip()) == expected.figure("visits.total").value
        assert int(rows(pilot)[-1][-3].strip()) == VISITS
