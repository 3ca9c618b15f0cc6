"""Assignments: the households to visit, filtered by village and status, searched as you type.

The rows come from the register and the visit marks (storage.marks) once, when the screen is
shown or comes back; the list is given them again only when a filter or the columns' widths
change. Every match is in it, however many (tui.widgets.row_list draws the rows a screen
shows, not the 20,000 of a city's register). A name is shown as it is, never read as markup,
its control characters made visible (i18n.shown).
"""

from __future__ import annotations

from doorstep.storage import qrid
from doorstep.tui.screens.base import BaseScreen
from doorstep.tui.session import AssignmentRow
from doorstep.tui.widgets.cells import fit
from doorstep.tui.widgets.footer import I18nFooter
from doorstep.tui.widgets.row_list import RowList
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Header, Input, Select, Static

STATUSES = ("not_visited", "draft", "finalized")
STATUS_MARK = {"not_visited": "○", "draft": "◐", "finalized": "●"}


class AssignmentsScreen(BaseScreen):
    BINDINGS = [
        Binding("enter", "open", "key_open", priority=True),
        Binding("slash", "search", "key_search", show=False),
        Binding("v", "cycle_village", "key_village"),
        Binding("s", "cycle_status", "key_status"),
        Binding("d", "app.show_drafts", "key_drafts"),
        Binding("o", "app.show_outbox", "key_outbox"),
        Binding("r", "show_returns", "key_returns"),
        Binding("i", "read_stick", "key_read_stick", show=False),
        Binding("k", "app.show_enrolment", "key_enrol", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[AssignmentRow] = []
        self.village: str | None = None
        self.status: str | None = None
        self.query_text = ""
        self.period_text = ""  # which visits the Status column counts; set by reload()
        self._widths: dict[str, int] | None = None  # the columns' widths the table was filled at

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Input(value=self.query_text, placeholder=self.tr("search_placeholder"), id="search")
            yield Select(
                [(v, v) for v in self.villages()],
                prompt=self.tr("all_villages"),
                id="village",
                value=self.village if self.village else Select.NULL,
            )
            yield Select(
                [(self.tr("status_" + s), s) for s in STATUSES],
                prompt=self.tr("all_statuses"),
                id="status",
                value=self.status if self.status else Select.NULL,
            )
        yield Static(id="count")
        yield RowList[AssignmentRow](id="table")
        yield I18nFooter()

    def on_mount(self) -> None:
        self.sub_title = self.tr("assignments_title")
        self.reload()
        self._just_loaded = True
        self.call_after_refresh(self._loaded_shown)
        self.query_one(RowList).focus()

    def _loaded_shown(self) -> None:
        self._just_loaded = False

    def on_screen_resume(self) -> None:
        # The first resume follows the mount that just built the list: building it again would
        # read every visit twice at start.
        if getattr(self, "_just_loaded", False):
            self._just_loaded = False
            return
        # a visit may have been started or finalized meanwhile
        self.reload()

    def on_resize(self) -> None:
        if self._widths is not None and self.column_widths() != self._widths:
            self.refill()

    def villages(self) -> list[str]:
        return sorted({r.entry.get("village") or "" for r in self.rows} - {""})

    def reload(self) -> None:
        self.rows = self.session.assignment_rows()
        self.period_text = self.status_period_text()
        village = self.query_one("#village", Select)
        village.set_options([(v, v) for v in self.villages()])
        if self.village:
            village.value = self.village
        self.refill()

    def matching(self) -> list[AssignmentRow]:
        text = self.query_text.strip().lower()
        as_id = qrid.normalize(text) if text else ""
        out = []
        for row in self.rows:
            e = row.entry
            if self.village and e.get("village") != self.village:
                continue
            if self.status and row.status != self.status:
                continue
            if text and text not in (e.get("name") or "").lower() and not e["id"].startswith(as_id):
                continue
            out.append(row)
        return out

    def refill(self) -> None:
        table: RowList[AssignmentRow] = self.query_one(RowList)
        widths = self._widths = self.column_widths()
        table.set_columns([
            (fit(self.tr(label), widths[key]), widths[key])
            for key, label in (
                ("id", "col_id"),
                ("name", "col_name"),
                ("village", "col_village"),
                ("category", "col_category"),
                ("last", "col_last_visit"),
                ("status", "col_status"),
            )
        ])
        rows = self.matching()
        from doorstep.tui.screens.returns import RETURN_MARK, returned_households

        returned = self.returned = returned_households(self.session)
        self.refresh_bindings()
        categories: dict[str, str] = {}  # code -> its cell: 20,000 households, a dozen categories

        def category(code: str) -> str:
            cell = categories.get(code)
            if cell is None:
                cell = categories[code] = self.session.category_short(code)
            return cell

        statuses = {s: f"{STATUS_MARK[s]} {self.tr('status_' + s)}" for s in STATUSES}

        def cells(row: AssignmentRow) -> tuple[str, ...]:
            e = row.entry
            mark = f"{RETURN_MARK} " if e["id"] in returned else ""
            return (
                e["id"],
                mark + (e.get("name") or ""),
                e.get("village") or "",
                category(e.get("category") or ""),
                row.last_visit or "-",
                statuses[row.status],
            )

        table.set_rows(rows, lambda row: row.entry["id"], cells, keep=table.cursor_key)
        count = self.query_one("#count", Static)
        if not self.rows:
            count.update(self.tr("no_households"))
        else:
            shown = self.tr("count_shown", shown=len(rows), total=len(self.rows))
            waiting = f" · {self.tr('returns_waiting', n=len(returned))}" if returned else ""
            count.update(f"{shown} · {self.period_text}{waiting}")

    def column_widths(self) -> dict[str, int]:
        width = max(self.size.width, 40)
        wide = width >= 110
        fixed = {
            "id": 8,
            "name": 12 if wide else 8,
            "village": 12 if wide else 8,
            "last": 10,
            "status": 14 if wide else 13,
        }
        # each column has one cell of padding either side, and the scrollbar takes two
        category = max(8, width - sum(fixed.values()) - 2 * (len(fixed) + 1) - 2)
        return {**fixed, "category": category}

    def status_period_text(self) -> str:
        """Which visits the Status column counts (the help says it at length)."""
        period = self.session.status_period()
        if period.kind == "assignment":
            since = period.since.astimezone(self.app.now().tzinfo).strftime("%Y-%m-%d")
            return self.tr("status_since_assignment", date=since)
        return self.tr("status_since_year", year=period.since.year)

    def action_show_returns(self) -> None:
        from doorstep.tui.screens.returns import ReturnsScreen

        self.app.push_screen(ReturnsScreen())

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self.refill()

    @on(Input.Submitted, "#search")
    def search_submitted(self) -> None:
        table = self.query_one(RowList)
        if table.row_count:
            table.focus()
            if table.row_count == 1:
                self.action_open()

    @on(Select.Changed, "#village")
    def village_changed(self, event: Select.Changed) -> None:
        village = None if event.value is Select.NULL else str(event.value)
        if village != self.village:
            self.village = village
            self.refill()

    @on(Select.Changed, "#status")
    def status_changed(self, event: Select.Changed) -> None:
        status = None if event.value is Select.NULL else str(event.value)
        if status != self.status:
            self.status = status
            self.refill()

    @on(RowList.Chosen)
    def row_chosen(self, event: RowList.Chosen) -> None:
        self.app.open_household(event.key)

    def action_open(self) -> None:
        key = self.query_one(RowList).cursor_key
        if key:
            self.app.open_household(key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Enter opens the highlighted household only from the list: in the search box it
        # submits the search, in a drop-down it picks the village or status
        if action == "open":
            return isinstance(self.focused, RowList)
        if action == "show_returns":  # shown once the office has returned something
            return bool(getattr(self, "returned", None))
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_read_stick(self) -> None:
        from doorstep.tui.screens.enrol import read_stick_into

        read_stick_into(self, on_done=self.reload)

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_cycle_village(self) -> None:
        options = [None, *self.villages()]
        nxt = options[(options.index(self.village) + 1) % len(options)] if self.village in options else None
        self.village = nxt  # at once: a second press may come before the Select says it changed
        self.query_one("#village", Select).value = nxt if nxt else Select.NULL
        self.refill()

    def action_cycle_status(self) -> None:
        options = [None, *STATUSES]
        nxt = options[(options.index(self.status) + 1) % len(options)]
        self.status = nxt
        self.query_one("#status", Select).value = nxt if nxt else Select.NULL
        self.refill()
