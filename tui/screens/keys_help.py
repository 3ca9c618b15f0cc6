"""The F1 help dialog both apps share: a few hints, then every key of every screen.

The keys are read from the screens' own BINDINGS, so help never disagrees with the footer.
Each app's help says which screens it lists (`sections`) and which hints come first (`intro`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from doorstep.tui.widgets.cells import pad
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Label, Static

# Escape or F1 again closes help. Each help screen sets BINDINGS = HELP_BINDINGS itself: Textual
# reads BINDINGS only from the classes that are DOM nodes, which this module's mixin is not.
HELP_BINDINGS: list[BindingType] = [Binding("escape", "dismiss", "key_close"),
                                    Binding("f1", "dismiss", "key_close")]

# The palette's key is Textual's own, not in any BINDINGS: help names it beside the app's keys.
PALETTE_BINDING = Binding("ctrl+p", "command_palette", "help_palette")


def own_bindings(cls: type[DOMNode]) -> list[Binding]:
    """The Binding objects a screen or app class declares (tuples are Textual's shorthand)."""
    return [b for b in cls.BINDINGS if isinstance(b, Binding)]


class KeysHelp:
    """Mixin for a modal screen (first in its bases): the help dialog's layout and keys."""

    KEY_WIDTH = 12  # cells for the key names column

    app: Any
    tr: Any  # the screen's translation (BaseModal or OfficeModal)
    query_one: Any
    dismiss: Any

    def sections(self) -> list[tuple[str, list[Binding]]]:
        """(title key, bindings) for the app and each of its screens, in the order shown."""
        raise NotImplementedError

    def intro(self) -> Iterable[Widget]:
        """The hints above the keys."""
        return ()

    def is_message(self, key: str) -> bool:
        """Whether a binding's description is a message key (else it is shown as it is)."""
        raise NotImplementedError

    def key_names(self, binding: Binding) -> str:
        """The binding's keys as the footer shows them, comma-separated when it has several."""
        return ", ".join(
            self.app.get_key_display(Binding(key.strip(), binding.action)) for key in binding.key.split(",")
        )

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Label(self.tr("help_title"), classes="dialog-title")
            yield from self.intro()
            for title, bindings in self.sections():
                yield Label(self.tr(title), classes="help-section")
                lines = []
                for b in bindings:
                    desc = self.tr(b.description) if self.is_message(b.description) else b.description
                    lines.append(f"  {pad(self.key_names(b), self.KEY_WIDTH)} {desc}")
                yield Static("\n".join(lines), markup=False)

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    # Textual's action_dismiss awaits pending callbacks first; this one closes at once.
    def action_dismiss(self) -> None:
        self.dismiss()
