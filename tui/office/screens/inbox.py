"""Inbox: the bundles in a folder, and merging them with a progress bar and a result per bundle.

The merge is sync's own (sync.merge.merge_paths, the code behind `doorstep bundle merge`), given
the session's store, run in a worker thread so the screen keeps drawing and answering keys. The
session lends the store to the merge (`lend_to_merge`) and takes it back when the worker ends;
meanwhile every screen that asks for it is told a merge is running.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from doorstep.i18n import Lang, UserError
from doorstep.i18n.shown import shown
from doorstep.storage.backend import StoreBackend
from doorstep.sync.gaps import runs_text
from doorstep.sync.merge import BundleOutcome, MergeReport, OfficeState, merge_paths
from doorstep.tui.office.inbox import InboxFile, list_inbox, resolve_folder, shown_folder
from doorstep.tui.office.screens.base import OfficeMainScreen, OfficeScreen, uses_store
from doorstep.tui.office.screens.dialogs import InfoDialog
from doorstep.tui.office.session import StoreBusy
from doorstep.tui.office.widgets import OfficeFooter, ScreenBar
from doorstep.tui.widgets.cells import fit
from doorstep.tui.widgets.table import PlainTable, add_fitted_columns, current_row_key
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Input, Label, ProgressBar, Static


def gap_text(gaps: dict[str, list[int]], tr: Any, lang: Lang) -> str:
    """ "device-2 no. 3, 4; device-5 no. 1, 7–40" for the status line ("" when nothing is missing)."""
    if not gaps:
        return ""
    items = [tr("gap_item", device=shown(d), seqs=runs_text(s, lang)) for d, s in sorted(gaps.items())]
    return tr("gaps_line", items="; ".join(items))


class InboxScreen(OfficeMainScreen):
    TITLE_KEY = "inbox_title"
    BINDINGS = [
        Binding("m", "merge", "okey_merge"),
        Binding("r", "rescan", "okey_rescan"),
        Binding("f", "folder", "okey_folder"),
        Binding("enter", "details", "okey_details", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.files: list[InboxFile] = []
        self.results: dict[str, BundleOutcome] = {}  # by str(path)
        self.folder: Path | None = None
        self.summary = ""
        self.gaps: dict[str, list[int]] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield ScreenBar("inbox")
        with Horizontal(classes="filters"):
            yield Label(self.tr("inbox_folder"), classes="hint")
            yield Input(id="folder")
        yield Static(self.tr("inbox_folder_hint"), classes="status-line")
        yield PlainTable(id="files", cursor_type="row", zebra_stripes=True, classes="grow")
        yield ProgressBar(id="merge-progress", show_eta=False)
        yield Static(id="inbox-status", classes="status-line", markup=False)
        yield Static(id="inbox-gaps", classes="status-line warn", markup=False)
        yield OfficeFooter()

    def before_load(self) -> None:
        if self.folder is None:
            self.folder = self.app.inbox_override or self.session.inbox_dir
        self.query_one("#folder", Input).value = shown_folder(self.folder, self.session.home.path)

    # -- the list -------------------------------------------------------------------------------

    def show_busy(self, exc: StoreBusy) -> None:
        self.query_one("#inbox-status", Static).update(exc.render(self.lang))

    @uses_store
    def reload(self) -> None:
        assert self.folder is not None
        try:
            self.files = list_inbox(self.folder, self.session.home, self.session.store, self.lang)
        except UserError as exc:
            self.files = []
            self.complain(exc)
        self.gaps = self._gaps()
        self.refill()
        self.loaded()

    def _gaps(self) -> dict[str, list[int]]:
        return OfficeState(self.session.store).gaps()

    def widths(self) -> dict[str, int]:
        width = max(self.size.width, 60)
        fixed = {"sender": 9, "seq": 4, "created": 11, "visits": 6}
        rest = width - sum(fixed.values()) - 2 * 6 - 2
        result_w = max(24, rest // 2)  # the result matters more than the file's name
        file_w = max(10, rest - result_w)
        return {"file": file_w, **fixed, "result": max(12, rest - file_w)}

    def refill(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        w = self.widths()
        columns = (
            ("file", "col_file"),
            ("sender", "col_sender"),
            ("seq", "col_seq"),
            ("created", "col_created"),
            ("visits", "col_visits"),
            ("result", "col_result"),
        )
        add_fitted_columns(table, self.tr, columns, w)
        # A file's name, its sender and its time come from a stick: data, never markup or escapes.
        for f in self.files:
            table.add_row(
                Text(fit(shown(f.path.name), w["file"])),
                Text(fit(shown(f.sender), w["sender"])),
                str(f.sequence) if f.sequence is not None else "",
                Text(shown(f.created[5:16].replace("T", " "))),
                str(f.visits) if f.visits is not None else "",
                self.result_cell(f, w["result"]),
                key=str(f.path),
            )
        if self.files:
            table.move_cursor(row=min(max(row, 0), len(self.files) - 1))
        self.show_status()

    def result_cell(self, f: InboxFile, width: int) -> Text:
        theme = self.app.current_theme
        outcome = self.results.get(str(f.path))
        if outcome is not None:
            if outcome.status == "refused":
                return Text(
                    fit(self.tr("file_refused", reason=shown(outcome.reason(self.lang) or "")), width),
                    style=f"bold {theme.error}",
                )
            if outcome.status == "new":
                text = self.tr(
                    "result_new", new=outcome.new, dup=outcome.duplicates, conflicts=outcome.conflicts
                )
                return Text(fit(text, width), style=theme.warning if outcome.conflicts else theme.success)
            if outcome.status == "skipped":
                reason = shown(outcome.reason(self.lang) or "")
                return Text(fit(self.tr("file_skipped", reason=reason), width))
            return Text(fit(self.tr("result_duplicate", n=outcome.duplicates), width))
        if f.skipped:
            return Text(fit(self.tr("file_skipped", reason=shown(f.problem or "")), width))
        if f.problem is not None:
            return Text(fit(self.tr("file_refused", reason=shown(f.problem)), width), style=theme.error)
        if f.merged:
            return Text(fit(self.tr("file_merged_before"), width))
        return Text(fit(self.tr("file_waiting"), width), style="bold")

    def show_status(self) -> None:
        status = self.query_one("#inbox-status", Static)
        if self.summary:
            status.update(shown(self.summary))
        elif self.folder is not None and not self.folder.is_dir():
            status.update(self.tr("inbox_missing", path=shown(self.folder)))
        elif not self.files:
            status.update(self.tr("inbox_empty"))
        else:
            waiting = sum(1 for f in self.files if not f.merged and f.problem is None)
            status.update(self.tr("inbox_count", n=len(self.files), new=waiting))
        self.query_one("#inbox-gaps", Static).update(gap_text(self.gaps, self.tr, self.app.lang))

    # -- actions --------------------------------------------------------------------------------

    @on(Input.Submitted, "#folder")
    def folder_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            return
        self.folder = resolve_folder(event.value, self.session.home.path)
        if self.folder.is_dir():  # the stick is there next time too
            self.session.home.save_settings(inbox_dir=shown_folder(self.folder, self.session.home.path))
        self.results.clear()
        self.summary = ""
        self.reload()
        self.query_one(DataTable).focus()

    def action_folder(self) -> None:
        self.query_one("#folder", Input).focus()

    def action_rescan(self) -> None:
        self.results.clear()
        self.summary = ""
        self.reload()

    @on(DataTable.RowSelected)
    def row_selected(self) -> None:
        self.action_details()

    def action_details(self) -> None:
        key = current_row_key(self.query_one(DataTable))
        if key is None:
            return
        f = next((x for x in self.files if str(x.path) == key), None)
        if f is None:
            return
        outcome = self.results.get(key)
        lines = [shown(f.path)]
        if f.sender:
            lines.append(
                f"{self.tr('col_sender')}: {shown(f.sender)} · {self.tr('col_seq')} {f.sequence} · "
                f"{self.tr('col_created')} {shown(f.created)}"
            )
        if outcome is not None and outcome.status == "refused":
            lines.append(self.tr("file_refused", reason=shown(outcome.reason(self.lang) or "")))
        elif outcome is not None:
            lines.append(
                self.tr("result_new", new=outcome.new, dup=outcome.duplicates, conflicts=outcome.conflicts)
            )
        elif f.problem:
            lines.append(self.tr("file_refused", reason=shown(f.problem)))
        self.app.push_screen(InfoDialog(shown(f.path.name), "\n".join(lines)))

    @uses_store
    def action_merge(self) -> None:
        files = [f.path for f in self.files]
        if not files:
            self.app.notify(self.tr("merge_nothing"))
            return
        store = self.session.lend_to_merge()  # StoreBusy if a merge holds it already
        self.summary = ""
        progress = self.query_one(ProgressBar)
        progress.update(total=len(files) + 1, progress=0)
        progress.add_class("running")
        self.query_one("#inbox-status", Static).update(self.tr("merge_checking", done=0, total=len(files)))
        self.merge(files, store)

    @work(thread=True, exclusive=True, group="merge")
    def merge(self, files: list[Path], store: StoreBackend) -> None:
        """The worker: it alone uses `store`, lent by the session, and gives it back at the end."""
        session = self.session
        done = [0]

        def checked(_path: Path) -> None:
            done[0] += 1
            self.app.call_from_thread(self._checked, done[0], len(files))

        def bundle(outcome: BundleOutcome) -> None:
            self.app.call_from_thread(self._bundle_done, outcome)

        report: MergeReport | None = None
        error: str | None = None
        try:
            # every file was found by scanning the folder: sync skips those not for merging here
            report = merge_paths(session.home, [], files=files, store=store, scanned=set(files),
                                 on_checked=checked, on_bundle=bundle)
        except UserError as exc:
            error = exc.render(self.lang)
        except OSError as exc:
            error = f"{exc.strerror or exc} ({exc.filename or ''})"
        finally:
            session.take_back()
        self.app.call_from_thread(self._merge_finished, report, error)

    def _checked(self, done: int, total: int) -> None:
        self.query_one(ProgressBar).advance(1)
        status = self.query_one("#inbox-status", Static)
        status.update(
            self.tr("merge_checking", done=done, total=total) if done < total else self.tr("merge_writing")
        )

    def _bundle_done(self, outcome: BundleOutcome) -> None:
        self.results[outcome.path] = outcome

    def _merge_finished(self, report: MergeReport | None, error: str | None) -> None:
        progress = self.query_one(ProgressBar)
        progress.update(progress=progress.total or 0)
        progress.remove_class("running")
        if error is not None:
            self.summary = self.tr("merge_failed", error=shown(error))
            self.app.notify(self.summary, severity="error", timeout=10)
        elif report is not None:
            js = report.to_json(self.lang)
            self.summary = self.tr(
                "merge_done", new=js["new_visits"], conflicts=js["conflicts"], refused=js["refused"]
            )
            self.app.notify(
                self.summary, severity="warning" if js["refused"] or js["conflicts"] else "information"
            )
        self.reload()
        current = self.app.screen  # the supervisor may have gone on to another screen meanwhile
        if current is not self and isinstance(current, OfficeScreen):
            current.reload()
