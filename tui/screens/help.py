"""Help (F1): every key of every screen, taken from the screens' own bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from tui.messages import MESSAGES
from tui.screens.base import BaseModal
from tui.widgets.cells import pad


def _key_name(app, binding: Binding) -> str:  # noqa: ANN001 - any Textual app
    return app.get_key_display(binding)


class HelpScreen(BaseModal):
    BINDINGS = [Binding("escape", "dismiss", "key_close"), Binding("f1", "dismiss", "key_close")]

    def sections(self) -> list[tuple[str, list[Binding]]]:
        """(title key, bindings) for the app and each screen, in the order a visit goes."""
        from tui.app import DoorstepApp
        from tui.screens.assignments import AssignmentsScreen
        from tui.screens.checklist import ChecklistScreen
        from tui.screens.drafts import DraftsScreen
        from tui.screens.household import HouseholdScreen
        from tui.screens.outbox import OutboxScreen
        from tui.screens.review import ReviewScreen, SummaryScreen

        def bindings(cls: type) -> list[Binding]:
            return [b for b in cls.BINDINGS if isinstance(b, Binding)]

        palette = Binding("ctrl+p", "command_palette", "help_palette")
        return [
            ("help_everywhere", [*bindings(DoorstepApp), palette]),
            ("help_screen_assignments", bindings(AssignmentsScreen)),
            ("help_screen_household", bindings(HouseholdScreen)),
            ("help_screen_checklist", bindings(ChecklistScreen)),
            ("help_screen_review", bindings(ReviewScreen)),
            ("help_screen_summary", bindings(SummaryScreen)),
            ("help_screen_drafts", bindings(DraftsScreen)),
            ("help_screen_outbox", bindings(OutboxScreen)),
        ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Label(self.tr("help_title"), classes="dialog-title")
            yield Static(self.tr("help_scanner"), classes="hint")
            yield Static(self.tr("help_choices"), classes="hint")
            if self.app.session is not None:
                yield Static(self.status_rule(), classes="hint", id="help-status")
            for title, bindings in self.sections():
                yield Label(self.tr(title), classes="help-section")
                lines = []
                for b in bindings:
                    desc = self.tr(b.description) if b.description in MESSAGES else b.description
                    lines.append(f"  {pad(_key_name(self.app, b), 12)} {desc}")
                yield Static("\n".join(lines), markup=False)

    def status_rule(self) -> str:
        """Which visits make a household "finalized" on the assignments (tui.session)."""
        period = self.session.status_period()
        if period.kind == "assignment":
            when = period.since.astimezone(self.app.now().tzinfo)
            return self.tr("help_status_assignment", date=when.strftime("%Y-%m-%d %H:%M"))
        return self.tr("help_status_year", year=period.since.year)

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_dismiss(self) -> None:
        self.dismiss()
