"""A yes/no question: Enter or y confirms, Escape or n cancels."""

from __future__ import annotations

from doorstep.tui.screens.base import BaseModal
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static


class Confirm(BaseModal):
    BINDINGS = [
        Binding("enter,y", "answer(True)", "key_confirm"),
        Binding("escape,n", "answer(False)", "key_cancel"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title", markup=False)
            yield Static(
                f"Enter / y: {self.tr('key_confirm')}    Esc / n: {self.tr('key_cancel')}", classes="hint"
            )

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
