"""Drafts: every unfinished visit on this laptop, to resume (also after a crash) or discard."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from tui.forms import kind_label
from tui.screens.base import BaseScreen
from tui.screens.confirm import Confirm
from tui.widgets.cells import fit
from tui.widgets.footer import I18nFooter


class DraftsScreen(BaseScreen):
    BINDINGS = [
        Binding("enter", "resume", "key_resume", priority=True),
        Binding("delete", "discard", "key_discard"),
        Binding("escape", "back", "key_back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="count")
        yield DataTable(id="drafts", cursor_type="row", zebra_stripes=True)
        yield I18nFooter()

    def on_mount(self) -> None:
        self.sub_title = self.tr("drafts_title")
        self.refill()
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.refill()

    def refill(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for key, label, width in (
            ("name", "col_name", 12),
            ("kind", "col_kind", 21),
            ("started", "col_started", 16),
            ("progress", "col_progress", 10),
            ("revision", "col_revision", 4),  # 2 and up: the correction of a finalized visit
        ):
            table.add_column(self.tr(label), width=width, key=key)
        drafts = self.session.drafts()
        for d in drafts:
            entry = self.session.entry(d.get("household", "")) or {}
            answered = sum(1 for v in (d.get("answers") or {}).values() if v not in ("", None, []))
            table.add_row(
                fit(entry.get("name") or d.get("household", ""), 12),
                fit(kind_label(d.get("form_id", ""), self.lang), 21),
                (d.get("started") or "")[:16].replace("T", " "),
                str(answered),
                str(d.get("revision") or 1),
                key=d["uuid"],
            )
        self.query_one("#count", Static).update(
            self.tr("drafts_empty") if not drafts else f"{self.tr('drafts_title')}: {len(drafts)}"
        )

    def _current(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    @on(DataTable.RowSelected)
    def row_selected(self) -> None:
        self.action_resume()

    def action_resume(self) -> None:
        from tui.screens.checklist import ChecklistScreen

        visit_id = self._current()
        if visit_id:
            self.app.push_screen(ChecklistScreen(visit_id))

    def action_discard(self) -> None:
        visit_id = self._current()
        if not visit_id:
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.session.store.discard_draft(visit_id)
                self.app.notify(self.tr("draft_discarded"))
                self.refill()

        self.app.push_screen(Confirm(self.tr("discard_confirm")), done)

    def action_back(self) -> None:
        self.app.pop_screen()
