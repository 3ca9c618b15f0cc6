"""Driving the office app from Pilot tests."""

from __future__ import annotations

from doorstep.tui.widgets.row_list import RowList
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

TABLES = "DataTable, RowList"  # the screen's list: a DataTable, or the review's RowList


async def settle(pilot: Pilot) -> None:
    """Let keys reach their widgets and workers (merge, summaries) finish."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def press(pilot: Pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
    await settle(pilot)


async def type_text(pilot: Pilot, text: str) -> None:
    await press(pilot, *text)


def rows(pilot: Pilot, selector: str = TABLES) -> list[list[str]]:
    """The cells of a table on the current screen, as plain text."""
    table = pilot.app.screen.query_one(selector)
    if isinstance(table, RowList):
        return [table.cells_at(i) for i in range(table.row_count)]
    assert isinstance(table, DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def text_of(pilot: Pilot, selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


def rows_by_key(pilot: Pilot, selector: str = TABLES) -> dict[str, list[str]]:
    """The rows of a table by their keys (file paths, visit keys, household ids)."""
    table = pilot.app.screen.query_one(selector)
    if isinstance(table, RowList):
        return {table.key_at(i): table.cells_at(i) for i in range(table.row_count)}
    assert isinstance(table, DataTable)
    return {str(key.value): [str(c) for c in table.get_row(key)] for key in table.rows}


def move_to(pilot: Pilot, key: str) -> None:
    """The cursor of the screen's list on the row of `key`."""
    table = pilot.app.screen.query_one(TABLES)
    if isinstance(table, RowList):
        row = table.row_index(key)
        assert row is not None, key
        table.move_cursor(row)
    else:
        assert isinstance(table, DataTable)
        table.move_cursor(row=table.get_row_index(key))
