"""The identifier prompt (F2 from anywhere): type or scan a household's identifier."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from tui.screens.base import BaseModal
from tui.session import Lookup


class ScanPrompt(BaseModal):
    BINDINGS = [Binding("escape", "dismiss", "key_cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label(self.tr("scan_title"), classes="dialog-title")
            yield Input(placeholder=self.tr("scan_placeholder"), id="id-input")
            yield Static(id="problem", classes="error")
            yield Static(self.tr("scan_hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        found: Lookup = self.session.lookup(event.value)
        if found.entry is None:
            key = {"typo": "id_typo", "malformed": "id_malformed"}.get(found.problem or "", "id_unknown")
            self.query_one("#problem", Static).update(self.tr(key, id=found.text))
            return
        self.dismiss()
        self.app.open_household(found.entry["id"])

    @on(Input.Changed)
    def changed(self) -> None:
        self.query_one("#problem", Static).update("")

    def action_dismiss(self) -> None:
        self.dismiss()
