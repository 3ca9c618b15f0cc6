"""Review: received visits and their review states; a visit opened as reports' visit summary.

Keys change the state of the visit under the cursor: a approves, i marks issues, r returns it to
its volunteer with a comment (it goes back with the next assignment bundle), u resets it to
received. The same keys work on the opened visit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from doorstep.i18n import UserError
from doorstep.i18n.shown import shown
from doorstep.storage import qrid
from doorstep.tui.office.reviews import (
    MARK,
    STATES,
    ReviewRow,
    ReviewState,
    review_of,
    review_rows,
    set_review,
)
from doorstep.tui.office.screens.base import OfficeMainScreen, OfficeScreen, uses_store
from doorstep.tui.office.session import OfficeSession, StoreBusy
from doorstep.tui.office.widgets import OfficeFooter, ScreenBar
from doorstep.tui.screens.prompt import PathPrompt
from doorstep.tui.widgets.cells import fit, pad
from doorstep.tui.widgets.row_list import Cell, RowList
from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, Input, Select, Static

STATE_WIDTH = 12

STATE_BINDINGS = [
    Binding("a", "set_state('approved')", "okey_approve"),
    Binding("i", "set_state('has_issues')", "okey_issues"),
    Binding("r", "return_visit", "okey_return"),
    Binding("u", "set_state('received')", "okey_received", show=False),
]


class _ReviewActions:
    """Changing the review state of one visit record; screens say which one and what to redraw."""

    # what the office screens it is mixed into give it
    app: Any
    session: OfficeSession
    tr: Callable[..., str]
    complain: Callable[[UserError], None]

    def current_key(self) -> str | None:  # overridden
        return None

    def after_review(self) -> None:  # overridden
        pass

    def _apply(self, key: str, state: ReviewState, comment: str = "") -> None:
        session = self.session
        try:
            set_review(session.store, key, state, comment, at=session.now_iso(), who=session.store.actor)
        except UserError as exc:
            self.complain(exc)
            return
        session.changed()
        record: Mapping[str, Any] = session.store.get_visit(*_split(key)) or {}
        entry: Mapping[str, Any] = session.store.get_entry(record.get("household", "")) or {}
        self.app.notify(
            self.tr(
                "state_set",
                name=entry.get("name") or record.get("household", ""),
                state=self.tr(f"state_{state}"),
            )
        )
        if state == "returned":
            self.app.notify(self.tr("returned_note", device=record.get("device_name") or ""), timeout=6)
        self.after_review()
        for screen in self.app.screen_stack:  # the list, here or below an opened visit
            if isinstance(screen, ReviewScreen):
                screen.review_changed(key, state, comment)

    def action_set_state(self, state: ReviewState) -> None:
        key = self.current_key()
        if key is not None:
            self._apply(key, state)

    @uses_store
    def action_return_visit(self) -> None:
        key = self.current_key()
        if key is None:
            return
        old = review_of(self.session.store, key).get("comment", "")

        def given(comment: str | None) -> None:
            if comment:
                self._apply(key, "returned", comment)

        self.app.push_screen(PathPrompt(self.tr("return_prompt"), old), given)


def _key(row: ReviewRow) -> str:
    return row.key


def _split(key: str) -> tuple[str, int]:
    uuid, _, revision = key.rpartition(".")
    return uuid, int(revision)


class ReviewScreen(_ReviewActions, OfficeMainScreen):
    TITLE_KEY = "review_title"
    FOCUS = "RowList"
    BINDINGS = [
        Binding("enter", "open", "key_open", show=True),
        *STATE_BINDINGS,
        Binding("s", "cycle_state", "okey_state"),
        Binding("w", "assign", "okey_assign"),
        Binding("slash", "search", "key_search", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ReviewRow] = []
        self._at: dict[str, int] = {}  # a row's key -> its place in self.rows
        self._counts: Counter[str] = Counter()  # rows by review state
        self._listed: list[ReviewRow] = []  # the rows the list shows (the filters' matches)
        self.have_rows = False  # until the first load (a merge may hold the store at first)
        self.state: ReviewState | None = None
        self.query_text = ""

    def compose(self) -> ComposeResult:
        yield Header()
        yield ScreenBar("review")
        with Horizontal(classes="filters"):
            yield Input(value=self.query_text, placeholder=self.tr("review_search"), id="search")
            yield Select(
                [(self.tr(f"state_{s}"), s) for s in STATES],
                prompt=self.tr("all_states"),
                id="state",
                value=self.state or Select.NULL,
            )
        yield Static(id="count", classes="status-line", markup=False)
        yield RowList[ReviewRow](id="visits", classes="grow")
        yield OfficeFooter()

    def show_busy(self, exc: StoreBusy) -> None:
        self.query_one("#count", Static).update(exc.render(self.lang))

    @uses_store
    def reload(self) -> None:
        self.rows = review_rows(self.session.store)
        self._at = {row.key: n for n, row in enumerate(self.rows)}
        self._counts = Counter(row.state for row in self.rows)
        self.have_rows = True
        self.refill()
        self.loaded()

    def review_changed(self, key: str, state: ReviewState, comment: str) -> None:
        """One visit's review was set (here, or on its visit screen above): its row changes in
        place. Reading every visit again took seconds at 100,000, and so did filtering them all
        again: the store's write is all that changed, so the list stays of the generation it
        was, plus this change."""
        n = self._at.get(key)
        if n is None or self._seen_generation != self.session.generation - 1:
            self.reload()  # the list was already behind the store (or the row is new to it)
            return
        old = self.rows[n]
        row = self.rows[n] = replace(old, state=state, comment=comment)
        self._counts[old.state] -= 1
        self._counts[row.state] += 1
        table: RowList[ReviewRow] = self.query_one(RowList)
        listed = self._listed
        at = table.row_index(key)
        taken = not self.state or row.state == self.state
        if at is None:  # not in the list: it comes in if the state filter takes it again
            if taken:
                self.refill()
        else:
            if taken:
                listed[at] = row
            else:
                del listed[at]  # as a refill would; the cursor goes to the next row
            table.set_rows(listed, _key, self._cells, keep=key, or_row=at)
            self._show_count(len(listed))
        self.loaded()

    def matching(self) -> list[ReviewRow]:
        text = self.query_text.strip().casefold()
        if not text and not self.state:
            return list(self.rows)
        as_id = qrid.normalize(text) if text else ""
        out = []
        for row in self.rows:
            if self.state and row.state != self.state:
                continue
            if text and not (
                text in row.name.casefold()
                or text in row.volunteer.casefold()
                or (as_id and row.household.startswith(as_id))
                or text in row.village
            ):
                continue
            out.append(row)
        return out

    def refill(self) -> None:
        if not self.have_rows:
            return  # a merge held the store: keep saying why

        table: RowList[ReviewRow] = self.query_one(RowList)
        width = max(self.size.width, 60)
        w = {"state": STATE_WIDTH, "date": 10, "name": 8, "village": 8, "volunteer": 8}
        w["kind"] = max(12, width - sum(w.values()) - 2 * 6 - 2)
        columns = (
            ("state", "col_state"),
            ("date", "col_date"),
            ("name", "col_name"),
            ("village", "col_village"),
            ("kind", "col_form"),
            ("volunteer", "col_volunteer"),
        )
        table.set_columns([(fit(self.tr(label), w[key]), w[key]) for key, label in columns])
        rows = self._listed = self.matching()
        table.set_rows(rows, _key, self._cells, keep=table.cursor_key)
        self._show_count(len(rows))

    def _cells(self, row: ReviewRow) -> tuple[Cell, ...]:
        from doorstep.tui.forms import kind_label

        # Names, villages, volunteers and form ids come from bundles and sheets: RowList shows
        # them as data.
        return (
            self._state_cell(row),
            row.ended[:10],
            row.name or row.household,
            row.village,
            (self.tr("revision_mark", n=row.revision) if row.revision > 1 else "")
            + kind_label(row.form_id, self.lang),
            row.volunteer,
        )

    def _state_cell(self, row: ReviewRow) -> tuple[str, str]:
        theme = self.app.current_theme
        colour = {
            "received": "",
            "has_issues": f"bold {theme.warning}",
            "approved": theme.success,
            "returned": f"bold {theme.error}",
        }
        text = (f"↻ {self.tr('state_corrected_after_return')}"
                if row.after_return and row.state == "received"
                else f"{MARK[row.state]} {self.tr('state_' + row.state)}")
        return text, colour[row.state]

    def _show_count(self, matching: int) -> None:
        counts = self._counts
        count = self.query_one("#count", Static)
        if not self.rows:
            count.update(self.tr("review_none"))
        else:
            count.update(
                fit(
                    self.tr(
                        "review_count",
                        shown=matching,
                        total=len(self.rows),
                        received=counts["received"],
                        issues=counts["has_issues"],
                        approved=counts["approved"],
                        returned=counts["returned"],
                    ),
                    max(self.size.width - 2, 20),
                )
            )

    def current_key(self) -> str | None:
        return self.query_one(RowList).cursor_key

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self.refill()

    @on(Input.Submitted, "#search")
    def search_submitted(self) -> None:
        self.query_one(RowList).focus()

    @on(Select.Changed, "#state")
    def state_changed(self, event: Select.Changed) -> None:
        state = next((s for s in STATES if s == event.value), None)  # Select.NULL: every state
        if state != self.state:
            self.state = state
            self.refill()

    def action_cycle_state(self) -> None:
        options: list[ReviewState | None] = [None, *STATES]
        self.state = options[(options.index(self.state) + 1) % len(options)]
        self.query_one("#state", Select).value = self.state or Select.NULL
        self.refill()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    @uses_store  # the dialog lists the devices
    def action_assign(self) -> None:
        """The assignment dialog, for the device of the visit under the cursor."""
        from doorstep.tui.office.screens.assign import AssignDialog

        key = self.current_key()
        row = next((r for r in self.rows if r.key == key), None)
        self.app.push_screen(AssignDialog(row.device_name if row else None))

    @on(RowList.Chosen)
    def row_chosen(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        key = self.current_key()
        if key is not None:
            self.app.push_screen(VisitScreen(key))


class VisitScreen(_ReviewActions, OfficeScreen):
    """One visit as reports' visit summary, with its review state and comment on top."""

    BINDINGS = [
        *STATE_BINDINGS,
        Binding("x", "export", "okey_export_md"),
        Binding("escape", "back", "key_back"),
    ]

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="visit-state", classes="status-line", markup=False)
        with VerticalScroll(id="visit-scroll", classes="grow"):
            yield Static(id="visit-text", markup=False)
        yield OfficeFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#visit-scroll").focus()

    def current_key(self) -> str | None:
        return self.key

    def after_review(self) -> None:
        self.reload()

    def record(self) -> Mapping[str, Any]:
        return self.session.store.get_visit(*_split(self.key)) or {}

    def summary(self) -> Any:
        from doorstep.reports.source import as_counted
        from doorstep.reports.visit_summary import summarise_visit
        from doorstep.tui.forms import vocabulary

        record = as_counted(self.session.store, self.record())  # marked while a conflict is open
        entry = self.session.store.get_entry(record.get("household", ""))
        return summarise_visit(record, entry, vocabulary(self.lang)), entry or {}

    @uses_store
    def reload(self) -> None:
        from doorstep.reports.qr import qr_text
        from doorstep.tui.forms import vocabulary

        vs, entry = self.summary()
        review = review_of(self.session.store, self.key)
        state = review.get("state", "received")
        kind = vocabulary(self.lang).form_title(str(self.record().get("form_id", "")))
        self.sub_title = shown(self.tr("visit_title", name=entry.get("name", ""), kind=kind))
        line = f"{MARK[state]} {self.tr('visit_state', state=self.tr('state_' + state))}"
        if review.get("comment"):
            line += " · " + self.tr("visit_comment", comment=shown(review["comment"]))
        self.query_one("#visit-state", Static).update(fit(line, max(self.size.width - 2, 20)))
        width = min(max([cell_len(k) for k, _ in vs.facts] + [8]), 16)
        colon = "：" if self.lang == "zh" else ": "
        out = [vs.title, ""]
        out += [f"{pad(k, width)}  {v}" for k, v in vs.facts]
        out += ["", self.tr("visit_answers")]
        for item in vs.lines:
            indent = "  " * (item.depth + 1)
            out.append(
                f"{indent}{item.label}"
                if item.kind == "heading"
                else f"{indent}{item.label}{colon}{item.text}"
            )
        out += [f"  {k}{colon}{v}" for k, v in vs.extra]
        out += ["", self.tr("visit_followups")]
        out += [f"  {x}" for x in vs.followups] or ["  " + self.tr("visit_no_followup")]
        out += ["", qr_text(vs.household), vs.household]
        # Every name and answer above came from outside: shown as data, line breaks kept.
        self.query_one("#visit-text", Static).update(shown("\n".join(out), newlines=True))
        self.loaded()

    @uses_store
    def action_export(self) -> None:
        from doorstep.reports.visit_summary import visit_markdown
        from doorstep.storage.atomic import write_atomic

        vs, _ = self.summary()
        default = str(self.session.home.path / "exports" / f"visit-{self.key[:8]}.md")

        def chosen(path: str | None) -> None:
            if not path:
                return
            target = Path(path).expanduser()
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(target, visit_markdown(vs).encode("utf-8"))
            except OSError as exc:
                self.notify_export_failed(exc, target)
                return
            self.app.notify(self.tr("visit_exported", path=str(target)), timeout=8)

        self.app.push_screen(PathPrompt(self.tr("visit_export_prompt"), default), chosen)

    def action_back(self) -> None:
        self.app.pop_screen()
