"""Help (F1): every key of every screen, taken from the screens' own bindings."""

from __future__ import annotations

from collections.abc import Iterable

from doorstep.tui.messages import MESSAGES
from doorstep.tui.screens.base import BaseModal
from doorstep.tui.screens.keys_help import HELP_BINDINGS, PALETTE_BINDING, KeysHelp, own_bindings
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Static


# KeysHelp's action_dismiss (sync, closes at once) stands in for Screen's (async).
class HelpScreen(KeysHelp, BaseModal):  # type: ignore[misc]
    BINDINGS = HELP_BINDINGS

    def sections(self) -> list[tuple[str, list[Binding]]]:
        """(title key, bindings) for the app and each screen, in the order a visit goes."""
        from doorstep.tui.screens.assignments import AssignmentsScreen
        from doorstep.tui.screens.checklist import ChecklistScreen
        from doorstep.tui.screens.drafts import DraftsScreen
        from doorstep.tui.screens.household import HouseholdScreen
        from doorstep.tui.screens.outbox import OutboxScreen
        from doorstep.tui.screens.review import ReviewScreen, SummaryScreen

        return [
            ("help_everywhere", [*own_bindings(type(self.app)), PALETTE_BINDING]),
            ("help_screen_assignments", own_bindings(AssignmentsScreen)),
            ("help_screen_household", own_bindings(HouseholdScreen)),
            ("help_screen_checklist", own_bindings(ChecklistScreen)),
            ("help_screen_review", own_bindings(ReviewScreen)),
            ("help_screen_summary", own_bindings(SummaryScreen)),
            ("help_screen_drafts", own_bindings(DraftsScreen)),
            ("help_screen_outbox", own_bindings(OutboxScreen)),
        ]

    def intro(self) -> Iterable[Widget]:
        yield Static(self.tr("help_scanner"), classes="hint")
        yield Static(self.tr("help_choices"), classes="hint")
        if self.app.session is not None:
            yield Static(self.status_rule(), classes="hint", id="help-status")

    def is_message(self, key: str) -> bool:
        return key in MESSAGES

    def status_rule(self) -> str:
        """Which visits make a household "finalized" on the assignments (tui.session)."""
        period = self.session.status_period()
        if period.kind == "assignment":
            when = period.since.astimezone(self.app.now().tzinfo)
            return self.tr("help_status_assignment", date=when.strftime("%Y-%m-%d %H:%M"))
        return self.tr("help_status_year", year=period.since.year)
