"""The identifier prompt (F2 from anywhere): type or scan a household's identifier.

A wrong identifier keeps the prompt open with the reason under the input and the text selected,
so that the next scan or the next key typed replaces it (no clearing by hand at the door)."""

from __future__ import annotations

from doorstep.tui.screens.base import BaseModal
from doorstep.tui.session import Lookup
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static


class ScanPrompt(BaseModal):
    BINDINGS = [Binding("escape", "dismiss", "key_cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label(self.tr("scan_title"), classes="dialog-title")
            yield Input(placeholder=self.tr("scan_placeholder"), id="id-input")
            yield Static(id="problem", classes="error", markup=False)
            yield Static(self.tr("scan_hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.look_up(event.value)

    def accept_scan(self, code: str) -> bool:
        """A scanner burst while the prompt is open is looked up here, like typed text."""
        field = self.query_one(Input)
        with field.prevent(Input.Changed):
            field.value = code
        self.look_up(code)
        return True

    def look_up(self, text: str) -> None:
        found: Lookup = self.session.lookup(text)
        if found.entry is None:
            self.query_one("#problem", Static).update(found.message(self.lang))
            field = self.query_one(Input)
            field.focus()
            field.select_all()  # the next scan or key replaces the wrong identifier
            return
        self.dismiss()
        self.app.open_household(found.entry["id"])

    @on(Input.Changed)
    def changed(self) -> None:
        self.query_one("#problem", Static).update("")

    # Textual's action_dismiss awaits pending callbacks first; this one closes at once.
    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss()
