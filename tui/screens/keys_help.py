"""The F1 help dialog both apps share: a few hints, then every key of every screen.

The keys are read from the screens' own BINDINGS, so help never disagrees with the footer.
Each app's help says which screens it lists (`sections`) and which hints come first (`intro`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from doorstep.tui.widgets.cells import pad
from rich.cells import cell_len
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


def key_runs(keys: list[str]) -> str:
    """Single-character keys as runs: 1 2 3 ... 9 a b d e ... z -> "1-9, a, b, d-z"."""
    runs: list[list[str]] = []
    for key in keys:
        if runs and len(key) == 1 and len(runs[-1][-1]) == 1 and ord(key) == ord(runs[-1][-1]) + 1:
            runs[-1].append(key)
        else:
            runs.append([key])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 2 else ", ".join(r) for r in runs)


def merged(bindings: list[Binding], key_names: Any) -> list[tuple[str, str]]:
    """(keys, description) lines: bindings side by side with one description (the household's
    key per form) are one line, so help is not a page of "start a visit"."""
    lines: list[tuple[list[str], str]] = []
    for b in bindings:
        if lines and lines[-1][1] == b.description and b.description:
            lines[-1][0].append(key_names(b))
        else:
            lines.append(([key_names(b)], b.description))
    return [(key_runs(keys) if len(keys) > 2 else ", ".join(keys), desc) for keys, desc in lines]


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
                rows = merged(bindings, self.key_names)
                width = max([self.KEY_WIDTH, *(cell_len(keys) for keys, _ in rows)])  # never cut a key
                lines = []
                for keys, description in rows:
                    desc = self.tr(description) if self.is_message(description) else description
                    lines.append(f"  {pad(keys, width)} {desc}")
                yield Static("\n".join(lines), markup=False)

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    # Textual's action_dismiss awaits pending callbacks first; this one closes at once.
    def action_dismiss(self) -> None:
        self.dismiss()
