"""Drafts: every unfinished visit on this laptop, to resume (also after a crash) or discard."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from doorstep.tui.forms import kind_label
from doorstep.tui.screens.confirm import Confirm
from doorstep.tui.screens.list_screen import ListScreen
from doorstep.tui.widgets.cells import fit
from doorstep.tui.widgets.table import add_columns, current_row_key
from textual import on
from textual.binding import Binding
from textual.widgets import DataTable, Static


class DraftsScreen(ListScreen):
    TABLE_ID = "drafts"
    BINDINGS = [
        Binding("enter", "resume", "key_resume", priority=True),
        Binding("delete", "discard", "key_discard"),
        Binding("escape", "back", "key_back"),
    ]

    def refill(self) -> None:
        self.sub_title = self.tr("drafts_title")
        table = self.query_one(DataTable)
        table.clear(columns=True)
        columns = (
            ("name", "col_name", 12),
            ("kind", "col_kind", 21),
            ("started", "col_started", 16),
            ("progress", "col_progress", 10),
            ("revision", "col_revision", 4),  # 2 and up: the correction of a finalized visit
        )
        add_columns(table, self.tr, columns)
        drafts = self.session.drafts()
        for d in drafts:
            entry: Mapping[str, Any] = self.session.entry(d.get("household", "")) or {}
            table.add_row(
                fit(entry.get("name") or d.get("household", ""), 12),
                fit(kind_label(d.get("form_id", ""), self.lang), 21),
                (d.get("started") or "")[:16].replace("T", " "),
                self.session.progress_text(d),
                str(d.get("revision") or 1),
                key=d["uuid"],
            )
        self.query_one("#count", Static).update(
            self.tr("drafts_empty") if not drafts else f"{self.tr('drafts_title')}: {len(drafts)}"
        )

    @on(DataTable.RowSelected)
    def row_selected(self) -> None:
        self.action_resume()

    def action_resume(self) -> None:
        from doorstep.tui.screens.checklist import ChecklistScreen

        visit_id = current_row_key(self.query_one(DataTable))
        if visit_id:
            self.app.push_screen(ChecklistScreen(visit_id))

    def action_discard(self) -> None:
        visit_id = current_row_key(self.query_one(DataTable))
        if not visit_id:
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.session.store.discard_draft(visit_id)
                self.app.notify(self.tr("draft_discarded"))
                self.refill()

        self.app.push_screen(Confirm(self.tr("discard_confirm")), done)
