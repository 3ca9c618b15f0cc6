"""Helpers for the DataTables every list screen of both apps shows."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from doorstep.tui.widgets.cells import fit
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist


def current_row_key(table: DataTable) -> str | None:
    """The key of the row under the cursor; None when the table is empty (or being refilled)."""
    if not table.row_count:
        return None
    try:
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    except CellDoesNotExist:  # no cursor row while the table is refilled
        return None


def add_columns(table: DataTable, tr: Callable[[str], str], columns: Iterable[tuple[str, str, int]]) -> None:
    """Add (column key, heading message key, width) columns, headings in the app's language."""
    for key, label, width in columns:
        table.add_column(tr(label), width=width, key=key)


def add_fitted_columns(
    table: DataTable,
    tr: Callable[[str], str],
    columns: Iterable[tuple[str, str]],
    widths: dict[str, int],
) -> None:
    """Add (column key, heading message key) columns of `widths[key]` cells, headings cut to fit."""
    for key, label in columns:
        table.add_column(fit(tr(label), widths[key]), width=widths[key], key=key)
