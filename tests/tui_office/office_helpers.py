"""Driving the office app from Pilot tests."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable, Static


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


def rows(pilot: Pilot, selector: str = "DataTable") -> list[list[str]]:
    """The cells of a table on the current screen, as plain text."""
    table = pilot.app.screen.query_one(selector, DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def text_of(pilot: Pilot, selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


def rows_by_key(pilot: Pilot, selector: str = "DataTable") -> dict[str, list[str]]:
    """The rows of a table by their keys (file paths, visit keys, household ids)."""
    table = pilot.app.screen.query_one(selector, DataTable)
    return {str(key.value): [str(c) for c in table.get_row(key)] for key in table.rows}
