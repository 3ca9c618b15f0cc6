"""Outbox: finalized visits the office has not acknowledged yet, and the export action."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from doorstep.sync.outbox import ExportResult, export_visits
from doorstep.tui.forms import kind_label
from doorstep.tui.screens.base import BaseModal
from doorstep.tui.screens.list_screen import ListScreen
from doorstep.tui.screens.prompt import PathPrompt
from doorstep.tui.screens.working import Working
from doorstep.tui.widgets.cells import fit
from doorstep.tui.widgets.table import add_columns, current_row_key
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static


class OutboxScreen(ListScreen):
    TABLE_ID = "outbox"
    BINDINGS = [
        Binding("enter", "open", "key_open", priority=True),
        Binding("e", "export", "key_export"),
        Binding("a", "export_again", "key_export_again"),
        Binding("escape", "back", "key_back"),
    ]

    def refill(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        columns = (
            ("name", "col_name", 12),
            ("kind", "col_kind", 21),  # "Register verification" whole
            ("ended", "col_ended", 16),
            ("id", "col_id", 8),
            ("revision", "col_revision", 4),  # 2 and up: a correction, beside its original
        )
        add_columns(table, self.tr, columns)
        visits = self.session.outbox()
        self.revisions: dict[str, tuple[str, int]] = {}
        for v in visits:
            entry: Mapping[str, Any] = self.session.entry(v.get("household", "")) or {}
            revision = int(v.get("revision") or 1)
            kind = kind_label(v.get("form_id", ""), self.lang)
            key = f"{v['uuid']}:{revision}"
            self.revisions[key] = (v["uuid"], revision)
            table.add_row(
                fit(entry.get("name") or v.get("household", ""), 12),
                fit(kind, 21),
                (v.get("ended") or "")[:16].replace("T", " "),
                v.get("household", ""),
                str(revision),
                key=key,
            )
        self.sub_title = self.tr("outbox_title", n=len(visits))
        self.query_one("#count", Static).update(
            self.tr("outbox_title", n=len(visits)) if visits else self.tr("outbox_empty")
        )

    @on(DataTable.RowSelected)
    def row_selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        from doorstep.tui.screens.review import SummaryScreen

        key = current_row_key(self.query_one(DataTable))
        if key in self.revisions:
            self.app.push_screen(SummaryScreen(*self.revisions[key]))

    def action_export(self) -> None:
        if not self.session.outbox():
            self.app.notify(self.tr("export_nothing"))
            return

        def chosen(folder: str | None) -> None:
            if not folder:
                return
            session = self.session
            where = Path(folder).expanduser()

            def done(outcome: tuple[str, Any] | None) -> None:
                result: Any  # the export's result, or the error that stopped it
                state, result = outcome or ("failed", None)
                if state == "failed":
                    self.notify_failure(result, where)  # the folder is not remembered
                    return
                session.home.save_settings(export_dir=folder)  # the stick is there next time too
                if not result.written:
                    self.app.notify(
                        self.tr("export_nothing_new" if result.pending else "export_nothing"), timeout=6
                    )
                    return
                self.app.push_screen(ExportReceipt(result))
                self.refill()

            # the app holds the home's writer: sync writes its export log through it. The fsyncs
            # to a USB stick take seconds: in a thread, behind a dialog that takes no keys.
            work = lambda: export_visits(session.home, where, store=session.store)  # noqa: E731
            self.app.push_screen(Working("working_stick", work), done)

        last = self.session.home.settings.get("export_dir") or str(Path.home())
        self.app.push_screen(PathPrompt(self.tr("export_dir_prompt"), last), chosen)


    def action_export_again(self) -> None:
        from doorstep.tui.screens.reexport import export_again

        export_again(self)


class ExportReceipt(BaseModal):
    """Where the bundle went, and its receipt as a QR code for the office to check."""

    BINDINGS = [Binding("escape,enter", "dismiss", "key_close")]

    def __init__(self, result: ExportResult) -> None:
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        r = self.result
        with VerticalScroll(classes="dialog", id="receipt"):
            yield Static(
                self.tr("export_done", path=str(r.path), n=r.count), classes="dialog-title", markup=False
            )
            yield Static(self.tr("export_receipt", sequence=r.sequence, receipt=r.receipt()), markup=False)
            yield Static(r.receipt_qr(), markup=False)

    # Textual's action_dismiss awaits pending callbacks first; this one closes at once.
    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss()
