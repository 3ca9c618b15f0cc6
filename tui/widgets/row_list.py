"""A long list of fixed-width rows, drawn a screen at a time.

Textual's DataTable measures and renders every cell through Rich: a laptop's 500 households cost
a quarter of a second at the start and at every key typed in the search, and a register of
20,000 could not be shown at all. Here the columns have the widths they are given, and a row's
cells are fitted (tui.widgets.cells, wide characters counted as two) only when it first comes
on screen: the list costs what a screen shows, however long it is. A cell's text is data, never
markup, its control characters made visible (i18n.shown). It looks and moves as the DataTable
does (a header line, zebra stripes, a row cursor, the same keys and the same theme colours).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, Generic, TypeVar

from doorstep.i18n.shown import shown
from doorstep.tui.widgets.cells import fit, pad
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

Row = TypeVar("Row")
# A cell: its text, or its text and a Rich style of its own (a review state's colour).
Cell = str | tuple[str, str]
PADDING = 1  # a cell's blank on either side, as a DataTable leaves


class RowList(ScrollView, Generic[Row], can_focus=True):
    """Rows of any kind: `key` names each one (unique), `cells` gives its texts, column by column."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first", "Top", show=False),
        Binding("end,ctrl+end", "last", "Bottom", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "row-list--header",
        "row-list--even-row",
        "row-list--cursor",
    }
    # DataTable's look, so the assignments list matches every other table of the app.
    DEFAULT_CSS = """
    RowList {
        background: $surface;
        color: $foreground;
        height: 1fr;
        &:focus {
            background-tint: $foreground 5%;
            & > .row-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .row-list--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .row-list--even-row {
            background: $surface-darken-1 40%;
        }
        & > .row-list--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .row-list--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .row-list--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .row-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    class Chosen(Message):
        """Enter on a row, or a click on the row under the cursor."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, classes=classes)
        self._columns: list[tuple[str, int]] = []
        self._rows: Sequence[Row] = ()
        self._key: Callable[[Row], str] = str
        self._cells: Callable[[Row], Sequence[Cell]] = lambda row: ()
        self._lines: dict[int, list[tuple[str, Style | None]]] = {}  # row index -> its line, once drawn
        self.cursor_row = 0

    # --- what the list holds -------------------------------------------------------------------

    def set_columns(self, columns: Sequence[tuple[str, int]]) -> None:
        """(label, width in cells) of each column, left to right."""
        self._columns = list(columns)
        self._lines.clear()
        self._resize()

    def set_rows(self, rows: Sequence[Row], key: Callable[[Row], str], cells: Callable[[Row], Sequence[Cell]],
                 *, keep: str | None = None, or_row: int = 0) -> None:
        """Show `rows`; the cursor stays on the row named `keep` when it is still there, else it
        goes to the row at `or_row` (or the last)."""
        self._rows, self._key, self._cells = rows, key, cells
        self._lines.clear()
        self._resize()
        row = self.row_index(keep) if keep is not None else None
        self.move_cursor(row if row is not None else or_row)

    def column_widths(self) -> list[int]:
        return [width for _, width in self._columns]

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def key_at(self, row: int) -> str:
        return self._key(self._rows[row])

    def keys(self) -> list[str]:
        return [self._key(r) for r in self._rows]

    def cells_at(self, row: int) -> list[str]:
        """The texts of a row as they are shown (cut to their columns' widths)."""
        texts = [_text(cell) for cell in self._cells(self._rows[row])]
        return [fit(text, width) for text, (_, width) in zip(texts, self._columns, strict=True)]

    def cells_of(self, key: str) -> list[str]:
        row = self.row_index(key)
        if row is None:
            raise KeyError(key)
        return self.cells_at(row)

    def row_index(self, key: str) -> int | None:
        """Where the row `key` is: looked for under the cursor first (where a row given again
        mostly is), then from the top; one key is not worth a dict of 100,000."""
        rows, at = self._rows, self.cursor_row
        if 0 <= at < len(rows) and self._key(rows[at]) == key:
            return at
        return next((n for n, r in enumerate(rows) if self._key(r) == key), None)

    @property
    def cursor_key(self) -> str | None:
        """The key of the row under the cursor; None when the list is empty."""
        return self.key_at(self.cursor_row) if self._rows else None

    # --- moving ---------------------------------------------------------------------------------

    def move_cursor(self, row: int) -> None:
        self.cursor_row = max(0, min(row, len(self._rows) - 1))
        self._scroll_to_cursor()
        self.refresh()

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor_row + 1)

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor_row - self._page())

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor_row + self._page())

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self._rows) - 1)

    def action_choose(self) -> None:
        if self.cursor_key is not None:
            self.post_message(self.Chosen(self.cursor_key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:  # the header line
            return
        row = offset.y - 1 + int(self.scroll_y)
        if row >= len(self._rows):
            return
        if row == self.cursor_row:
            self.action_choose()
        else:
            self.move_cursor(row)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> None:
        top = int(self.scroll_y)
        visible = max(1, self.scrollable_content_region.height - 1)  # below the header line
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    def _resize(self) -> None:
        width = sum(w + 2 * PADDING for _, w in self._columns)
        self.virtual_size = Size(width, len(self._rows) + 1)

    def on_resize(self) -> None:
        self._scroll_to_cursor()

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()  # the cursor's colours are those of a focused list

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    # --- drawing --------------------------------------------------------------------------------

    def _line(self, cells: Sequence[Cell]) -> list[tuple[str, Style | None]]:
        """The line of a row: runs of text, each with the cell's own style (None: the row's)."""
        blank = " " * PADDING
        runs: list[tuple[str, Style | None]] = []
        for cell, (_, width) in zip(cells, self._columns, strict=True):
            text = f"{blank}{pad(_text(cell), width)}{blank}"
            style = Style.parse(cell[1]) if isinstance(cell, tuple) and cell[1] else None
            if runs and runs[-1][1] is None and style is None:
                runs[-1] = (runs[-1][0] + text, None)
            else:
                runs.append((text, style))
        return runs

    def _row_line(self, row: int) -> list[tuple[str, Style | None]]:
        line = self._lines.get(row)
        if line is None:
            line = self._lines[row] = self._line(self._cells(self._rows[row]))
        return line

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("row-list--header")
            runs = self._line([label for label, _ in self._columns])
        else:
            row = y - 1 + int(self.scroll_y)
            if row >= len(self._rows):
                return Strip.blank(width, base)
            runs = self._row_line(row)
            style = base
            if row % 2 == 0:
                style += self.get_component_rich_style("row-list--even-row")
            if row == self.cursor_row:
                style += self.get_component_rich_style("row-list--cursor")
        strip = Strip([Segment(text, style if own is None else style + own) for text, own in runs])
        return strip.crop_extend(int(self.scroll_x), int(self.scroll_x) + width, style)


def _text(cell: Cell) -> str:
    return shown(cell if isinstance(cell, str) else cell[0])
