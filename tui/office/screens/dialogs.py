"""A dialog that shows a text in full (a long reason, a file's whole path)."""

from __future__ import annotations

from doorstep.tui.office.screens.base import OfficeModal
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, Static


class InfoDialog(OfficeModal):
    BINDINGS = [Binding("escape,enter", "close", "key_close")]

    def __init__(self, title: str, body: str) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="info"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.body, markup=False)

    def on_mount(self) -> None:
        self.query_one("#info").focus()

    def action_close(self) -> None:
        self.dismiss()
