"""Helpers for the DataTables every list screen of both apps shows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from doorstep.i18n.shown import shown
from doorstep.tui.widgets.cells import fit
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, RowKey


def _plain(cell: object) -> object:
    return Text(shown(cell), end="") if isinstance(cell, str) else cell


class PlainTable(DataTable[Any]):
    """A DataTable whose text cells are text. DataTable reads a str cell as Rich markup: a name
    from a sheet or a bundle such as 王[/b]五 stopped the screen with a MarkupError, and [red]
    coloured what followed. Every str is shown as it was typed (control characters made
    visible, i18n.shown); a cell that is already a Text keeps its style."""

    def add_row(self, *cells: Any, height: int | None = 1, key: str | None = None,
                label: Any = None) -> RowKey:
        return super().add_row(*map(_plain, cells), height=height, key=key, label=label)

    def update_cell(self, row_key: Any, column_key: Any, value: Any, *, update_width: bool = False) -> None:
        super().update_cell(row_key, column_key, _plain(value), update_width=update_width)


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
