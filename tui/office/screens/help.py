"""Help (F1): every key of every office screen, taken from the screens' own bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from tui.office.messages import has
from tui.office.screens.base import OfficeModal
from tui.widgets.cells import pad


class OfficeHelp(OfficeModal):
    BINDINGS = [Binding("escape", "dismiss", "key_close"), Binding("f1", "dismiss", "key_close")]

    def sections(self) -> list[tuple[str, list[Binding]]]:
        from tui.office.app import OfficeApp
        from tui.office.screens.assign import AssignDialog
        from tui.office.screens.inbox import InboxScreen
        from tui.office.screens.problems import ConflictScreen, ProblemsScreen
        from tui.office.screens.register import EditEntry, RegisterScreen
        from tui.office.screens.review import ReviewScreen, VisitScreen
        from tui.office.screens.summaries import ExplainScreen, SummariesScreen

        def bindings(cls: type) -> list[Binding]:
            return [b for b in cls.BINDINGS if isinstance(b, Binding)]

        palette = Binding("ctrl+p", "command_palette", "help_palette")
        return [
            ("help_everywhere", [*bindings(OfficeApp), palette]),
            ("nav_inbox", bindings(InboxScreen)),
            ("nav_problems", bindings(ProblemsScreen)),
            ("help_conflict", bindings(ConflictScreen)),
            ("nav_review", bindings(ReviewScreen)),
            ("okey_assign", bindings(AssignDialog)),
            ("help_visit", bindings(VisitScreen)),
            ("nav_register", bindings(RegisterScreen)),
            ("help_edit", bindings(EditEntry)),
            ("nav_summaries", bindings(SummariesScreen)),
            ("help_explain", bindings(ExplainScreen)),
        ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Label(self.tr("help_title"), classes="dialog-title")
            yield Static(self.tr("help_intro"), classes="hint", markup=False)
            yield Static(self.tr("help_states"), classes="hint", markup=False)
            for title, bindings in self.sections():
                yield Label(self.tr(title), classes="help-section")
                lines = []
                for b in bindings:
                    desc = self.tr(b.description) if has(b.description) else b.description
                    keys = ", ".join(
                        self.app.get_key_display(Binding(k.strip(), b.action)) for k in b.key.split(",")
                    )
                    lines.append(f"  {pad(keys, 14)} {desc}")
                yield Static("\n".join(lines), markup=False)

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_dismiss(self) -> None:
        self.dismiss()
