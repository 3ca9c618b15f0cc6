"""Review (every relevant answer, the missing ones in red; finalize) and the visit summary."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from doorstep.i18n import UserError
from doorstep.tui.forms import kind_label
from doorstep.tui.messages import t
from doorstep.tui.screens.base import BaseScreen
from doorstep.tui.screens.confirm import Confirm
from doorstep.tui.screens.prompt import PathPrompt
from doorstep.tui.visit_summary import display_value, entry_number, qr_text, summary_text
from doorstep.tui.widgets.footer import I18nFooter
from doorstep.tui.widgets.table import PlainTable
from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

FINALIZED = ("__finalized__",)  # what the review gives back to the checklist after finalizing


def open_correction(app: Any, visit_uuid: str) -> None:  # app: DoorstepApp (import cycle)
    """Correct a finalized visit: storage makes a draft of the next revision holding the latest
    answers, and it goes through the checklist, review and finalize like any visit; finalized,
    it is in the outbox beside the revision it supersedes. A correction already under way is
    resumed instead of started again."""
    from doorstep.tui.screens.checklist import ChecklistScreen

    store = app.session.store
    lang = app.lang
    if store.get_draft(visit_uuid) is not None:
        app.notify(t("correction_resumed", lang), timeout=4)
        app.push_screen(ChecklistScreen(visit_uuid))
        return
    try:
        draft = store.start_correction(visit_uuid)
    except UserError as exc:
        app.notify(exc.render(lang), severity="error")
        return
    app.notify(t("correction_started", lang), timeout=6)
    app.push_screen(ChecklistScreen(draft["uuid"], first=True))


def shows_values(item: Any) -> bool:
    """A note whose text shows answers or calculations (such as a total), not an instruction."""
    return any("${" in label for label in item.question.labels.values())


class ReviewScreen(BaseScreen):
    """Pushed by the checklist; dismisses with the slot to edit, FINALIZED, or None (back)."""

    BINDINGS = [
        Binding("enter", "edit", "key_edit", priority=True),
        Binding("f10", "finalize", "key_finalize", priority=True),
        Binding("escape", "back", "key_back"),
    ]

    def __init__(self, visit_id: str, checklist: Any) -> None:
        super().__init__()
        self.visit_id = visit_id
        self.cl = checklist
        self.slots: list[tuple] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="review-state")
        yield PlainTable(id="review", cursor_type="row", show_header=False)
        yield I18nFooter()

    def on_mount(self) -> None:
        draft: Mapping[str, Any] = self.session.store.get_draft(self.visit_id) or {}
        entry: Mapping[str, Any] = self.session.entry(draft.get("household", "")) or {}
        self.sub_title = self.tr(
            "review_title", kind=kind_label(self.cl.form.id, self.lang), name=entry.get("name", "")
        )
        self.refill()
        table = self.query_one(DataTable)
        if self.first_problem is not None:
            table.move_cursor(row=self.first_problem)  # where there is something to do
        table.focus()

    def refill(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        errors = self.cl.errors()
        width = max(self.size.width, 60)
        usable = width - 2 * 2 - 2  # cell padding of two columns, the scrollbar
        longest = max((cell_len(i.label) + 6 for i in self.cl.items()), default=16)
        label_w = max(16, min(longest, usable // 2))
        answer_w = usable - label_w
        table.add_column("", width=label_w, key="q")
        table.add_column("", width=answer_w, key="a")
        error_style = f"bold {self.app.current_theme.error}"
        self.slots = []
        self.first_problem = None
        for item in self.cl.items():
            if item.type == "note" and shows_values(item):
                # e.g. the condolence total: what the recipient confirms, so on the review too
                table.add_row(Text(item.label, style="bold"), "", height=None)
                self.slots.append(item.slot)
                continue
            if item.state == "note" and item.type not in ("begin_repeat", "repeat"):
                continue
            label = item.label + (" *" if item.required else "")
            if item.entry:
                label = f"[{entry_number(item)}] {label}"
            problems = errors.get(item.slot)
            if item.type in ("begin_repeat", "repeat"):
                answer = str(item.value or 0)
            else:
                answer = display_value(item, self.lang) or "-"
            # the question and the answer whole, each on as many lines as it takes (a cut label
            # read "The recipient confirms receipt of th…")
            cell_q: Text | str
            cell_a: Text | str
            if problems:
                if self.first_problem is None:
                    self.first_problem = len(self.slots)
                cell_q = Text(label, style=error_style)
                cell_a = Text(
                    problems[0] if answer == "-" else f"{answer} ✗ {problems[0]}", style=error_style
                )
            else:
                cell_q, cell_a = Text(label), Text(answer)
            table.add_row(cell_q, cell_a, height=None)
            self.slots.append(item.slot)
        state = self.query_one("#review-state", Static)
        if errors:
            state.update(self.tr("review_problems", n=len(errors)))
            state.set_class(True, "error")
        else:
            state.update(self.tr("review_ok"))
            state.set_class(False, "error")

    @on(DataTable.RowSelected)
    def row_selected(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count and 0 <= table.cursor_row < len(self.slots):
            self.dismiss(self.slots[table.cursor_row])

    def action_back(self) -> None:
        self.dismiss(None)

    def action_finalize(self) -> None:
        problems = self.cl.errors()
        if problems:
            self.app.notify(self.tr("finalize_refused", n=len(problems)), severity="error", timeout=5)
            self.refill()
            if self.first_problem is not None:
                self.query_one(DataTable).move_cursor(row=self.first_problem)
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            store = self.session.store
            try:
                store.set_register_updates(self.visit_id, self.cl.register_updates())
                record = store.finalize(self.visit_id, ended=self.session.now_iso())
            except UserError as exc:
                self.app.notify(exc.render(self.lang), severity="error")
                return
            self.app.notify(self.tr("finalized"), timeout=4)
            self.finalized_record = record
            self.dismiss(FINALIZED)

        self.app.push_screen(Confirm(self.tr("finalize_confirm")), confirmed)


class SummaryScreen(BaseScreen):
    """A finalized visit as text (reports' visit summary), with the household's QR code;
    exportable as Markdown or HTML."""

    BINDINGS = [
        Binding("c", "correct", "key_correct"),
        Binding("e", "export('md')", "key_export_md"),
        Binding("h", "export('html')", "key_export_html"),
        Binding("escape", "back", "key_back"),
    ]

    def __init__(self, visit_uuid: str, revision: int | None = None) -> None:
        super().__init__()
        self.visit_uuid = visit_uuid
        self.revision = revision  # None: the latest

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="summary"):
            yield Static(id="summary-text", markup=False)
            yield Static(id="summary-qr", markup=False)
        yield I18nFooter()

    def on_mount(self) -> None:
        from doorstep.reports.messages import t as reports_t
        from doorstep.reports.visit_summary import summarise_visit
        from doorstep.tui.forms import vocabulary

        record = self.session.store.get_visit(self.visit_uuid, self.revision)
        if record is None:
            self.app.pop_screen()
            return
        self.record = record
        entry = self.session.entry(record.get("household", ""))
        self.summary = summarise_visit(record, entry, vocabulary(self.lang))
        revision = int(record.get("revision") or 1)
        mark = self.tr("revision_mark", n=revision) if revision > 1 else ""
        self.sub_title = (
            f"{self.tr('summary_title')} · {kind_label(record.get('form_id', ''), self.lang)}{mark}"
        )
        self.query_one("#summary-text", Static).update(summary_text(self.summary))
        household = self.summary.household
        dark = self.app.current_theme.dark
        self.query_one("#summary-qr", Static).update(
            f"{reports_t('vs.qr', self.lang)}: {household}\n" + qr_text(household, dark_on_light=not dark)
        )
        self.query_one("#summary").focus()

    def default_export_path(self, fmt: str) -> Path:
        r = self.record
        revision = int(r.get("revision") or 1)
        rev = f"-r{revision}" if revision > 1 else ""  # a correction does not clash with its original
        name = f"{(r.get('ended') or '')[:10]}-{r['household']}-{r['form_id']}-{r['uuid'][:8]}{rev}.{fmt}"
        return self.session.home.path / "exports" / name

    def action_export(self, fmt: str) -> None:
        from doorstep.reports.visit_summary import visit_html, visit_markdown

        content = visit_markdown(self.summary) if fmt == "md" else visit_html(self.summary)

        def chosen(path: str | None) -> None:
            if not path:
                return
            target = Path(path).expanduser()
            if target.exists():  # never overwrite a file the volunteer may still need
                self.app.notify(self.tr("export_exists", path=str(target)), severity="error", timeout=8)
                return
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(content, encoding="utf-8")
            except OSError as exc:
                self.notify_export_failed(exc, target)
                return
            self.app.notify(self.tr("exported_to", path=str(target)), timeout=8)

        title = self.tr("key_export_md" if fmt == "md" else "key_export_html")
        self.app.push_screen(PathPrompt(title, str(self.default_export_path(fmt))), chosen)

    def action_correct(self) -> None:
        # the summary gives way to the correction: finalized, it shows the new revision instead
        self.app.pop_screen()
        open_correction(self.app, self.visit_uuid)

    def action_back(self) -> None:
        self.app.pop_screen()
