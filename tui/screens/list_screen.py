"""A screen that is one table of visits (drafts, outbox): header, count line, table, footer."""

from __future__ import annotations

from doorstep.tui.screens.base import BaseScreen
from doorstep.tui.widgets.footer import I18nFooter
from doorstep.tui.widgets.table import PlainTable
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Static


class ListScreen(BaseScreen):
    """Subclasses set TABLE_ID and fill the table (and the #count line) in `refill`."""

    TABLE_ID = "list"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="count")
        yield PlainTable(id=self.TABLE_ID, cursor_type="row", zebra_stripes=True)
        yield I18nFooter()

    # Textual calls these handlers of every class in the MRO: subclasses must not define them.
    def on_mount(self) -> None:
        self.refill()
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.refill()

    def refill(self) -> None:
        raise NotImplementedError

    def action_back(self) -> None:
        self.app.pop_screen()
