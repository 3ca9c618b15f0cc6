"""Help (F1): every key of every office screen, taken from the screens' own bindings."""

from __future__ import annotations

from collections.abc import Iterable

from doorstep.tui.office.messages import has
from doorstep.tui.office.screens.base import OfficeModal
from doorstep.tui.screens.keys_help import HELP_BINDINGS, PALETTE_BINDING, KeysHelp, own_bindings
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Static


# KeysHelp's action_dismiss (sync, closes at once) stands in for Screen's (async).
class OfficeHelp(KeysHelp, OfficeModal):  # type: ignore[misc]
    BINDINGS = HELP_BINDINGS
    KEY_WIDTH = 14  # room for "n, ]" and the like

    def sections(self) -> list[tuple[str, list[Binding]]]:
        from doorstep.tui.office.screens.assign import AssignDialog
        from doorstep.tui.office.screens.inbox import InboxScreen
        from doorstep.tui.office.screens.problems import ConflictScreen, ProblemsScreen
        from doorstep.tui.office.screens.register import EditEntry, RegisterScreen
        from doorstep.tui.office.screens.review import ReviewScreen, VisitScreen
        from doorstep.tui.office.screens.summaries import ExplainScreen, SummariesScreen

        return [
            ("help_everywhere", [*own_bindings(type(self.app)), PALETTE_BINDING]),
            ("nav_inbox", own_bindings(InboxScreen)),
            ("nav_problems", own_bindings(ProblemsScreen)),
            ("help_conflict", own_bindings(ConflictScreen)),
            ("nav_review", own_bindings(ReviewScreen)),
            ("okey_assign", own_bindings(AssignDialog)),
            ("help_visit", own_bindings(VisitScreen)),
            ("nav_register", own_bindings(RegisterScreen)),
            ("help_edit", own_bindings(EditEntry)),
            ("nav_summaries", own_bindings(SummariesScreen)),
            ("help_explain", own_bindings(ExplainScreen)),
        ]

    def intro(self) -> Iterable[Widget]:
        yield Static(self.tr("help_intro"), classes="hint", markup=False)
        yield Static(self.tr("help_states"), classes="hint", markup=False)

    def is_message(self, key: str) -> bool:
        return has(key)
