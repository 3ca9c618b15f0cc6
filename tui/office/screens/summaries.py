"""Summaries: reports' figures as the same tables the CLI prints, with bars, filtered by period and
village; Enter on a figure lists the visits or register entries behind it.

The figures are computed by reports (office_summary: a snapshot read, no lock) in a worker
thread, so a large office does not freeze the screen.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from doorstep.i18n import Lang, UserError
from doorstep.tui.office.screens.base import OfficeDrillDown, OfficeMainScreen, uses_store
from doorstep.tui.office.widgets import OfficeFooter, ScreenBar, bar
from doorstep.tui.widgets.cells import fit
from doorstep.tui.widgets.table import PlainTable
from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Input, Select, Static

BAR_UNITS = ("count", "yuan", "minutes")
NO_BARS = frozenset({"entered"})   # people, medals and checks side by side: one bar would mislead


def bar_values(table: Any, total_label: str) -> list[float | None]:
    """Per row, the value its bar shows (None: no bar): the row's figure in the table's main
    unit, the total column for the visits table; totals and shares get no bar."""
    out: list[float | None] = []
    if table.id in NO_BARS:
        return [None] * len(table.rows)
    units = Counter(c.figure.unit for row in table.rows for c in row if c.figure is not None)
    unit = next((u for u, _ in units.most_common() if u in BAR_UNITS), None)
    for row in table.rows:
        figures = [c.figure for c in row if c.figure is not None]
        if not figures or row[0].text == total_label or unit is None:
            out.append(None)
            continue
        figure = figures[-2] if table.id == "visits" and len(figures) >= 2 else figures[0]
        out.append(float(figure.value) if figure.unit == unit and figure.value is not None else None)
    return out


class SummariesScreen(OfficeMainScreen):
    TITLE_KEY = "summaries_title"
    BINDINGS = [
        Binding("enter", "drill", "okey_drill", show=True),
        Binding("x", "export_year", "okey_year_files"),
        Binding("f", "enter_figures", "okey_entered"),
        Binding("n,right_square_bracket", "next_table", "okey_next_table"),
        Binding("p,left_square_bracket", "prev_table", "okey_prev_table"),
        Binding("t", "period", "okey_period"),
        Binding("y", "cycle_year", "okey_year"),
        Binding("v", "cycle_village", "key_village"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.start = ""
        self.end = ""
        self.village: str | None = None
        self.villages: list[str] = []
        self.summary: Any = None
        self.vocab: Any = None
        self.tables: list[Any] = []
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield ScreenBar("summaries")
        with Horizontal(classes="filters"):
            yield Input(value=self.start, placeholder=self.tr("period_from"), id="from", classes="date")
            yield Input(value=self.end, placeholder=self.tr("period_to"), id="to", classes="date")
            yield Select(
                [(v, v) for v in self.villages],
                prompt=self.tr("all_villages"),
                id="village",
                value=self.village or Select.NULL,
            )
        yield Static(id="table-title", markup=False)
        yield PlainTable(id="figures", cursor_type="cell", zebra_stripes=True)
        yield OfficeFooter()

    # -- computing ------------------------------------------------------------------------------

    def reload(self) -> None:
        from doorstep.reports.period import Period, parse_date

        try:
            period = Period(
                parse_date(self.start, self.tr("period_from")) if self.start else None,
                parse_date(self.end, self.tr("period_to")) if self.end else None,
            )
        except UserError as exc:
            self.complain(exc)
            return
        self.query_one("#table-title", Static).update(self.tr("computing"))
        self.compute(period, self.village, self.lang)
        self.loaded()

    def action_enter_figures(self) -> None:
        """Figures no visit records, for the year the period covers (this year otherwise)."""
        from doorstep.tui.office.screens.entered import EnteredFigures

        start = self.start[:4]
        year = int(start) if start.isdigit() and self.end[:4] == start else self.app.now().year

        def done(saved: bool | None) -> None:
            if saved:
                self.reload()

        self.app.push_screen(EnteredFigures(year), done)

    def action_export_year(self) -> None:
        from doorstep.tui.office.screens.year_files import export_year

        export_year(self)

    @work(thread=True, exclusive=True, group="summary")
    def compute(self, period: Any, village: str | None, lang: Lang) -> None:
        from doorstep.reports.source import office_summary
        from doorstep.reports.tables import build_tables

        try:
            summary, vocab = office_summary(self.session.home, period, village, lang)
            tables = build_tables(summary, vocab)
        except UserError as exc:
            self.app.call_from_thread(self.complain, exc)
            return
        self.app.call_from_thread(self.computed, summary, vocab, tables)

    def computed(self, summary: Any, vocab: Any, tables: list[Any]) -> None:
        self.summary, self.vocab, self.tables = summary, vocab, tables
        self.index = min(self.index, max(len(tables) - 1, 0))
        villages = sorted({str(e.get("village", "")) for e in summary.entries.values()} - {""})
        if villages != self.villages:
            self.villages = villages
            select = self.query_one("#village", Select)
            with self.prevent(Select.Changed):
                select.set_options([(v, v) for v in villages])
                select.value = self.village if self.village in villages else Select.NULL
        self.refill()

    # -- drawing --------------------------------------------------------------------------------

    def refill(self) -> None:
        if not self.tables:
            return
        from doorstep.reports.messages import t as rt

        table_def = self.tables[self.index]
        self.query_one("#table-title", Static).update(
            self.tr("table_pos", n=self.index + 1, count=len(self.tables), title=table_def.title)
        )
        table = self.query_one(DataTable)
        table.clear(columns=True)
        bars = bar_values(table_def, rt("total_row", self.lang))
        with_bars = any(b is not None for b in bars)
        columns = len(table_def.header)
        width = max(self.size.width, 60) - 2 - 2 * (columns + (1 if with_bars else 0))
        measured: list[int | None] = []  # None: a text column, sized from what is left
        for i, head in enumerate(table_def.header):
            texts = [row[i].text for row in table_def.rows if i < len(row)]
            if any(row[i].figure is not None for row in table_def.rows if i < len(row)):
                # room for the header's words too (a kind of visit), within reason
                measured.append(min(max([cell_len(x) for x in texts] + [cell_len(head), 6]), 10))
            else:
                measured.append(None)
        fixed = sum(w for w in measured if w is not None)
        bar_w = max(8, min(24, (width - fixed) // 3)) if with_bars else 0
        free = [i for i, w in enumerate(measured) if w is None]
        left = max(width - fixed - bar_w, 8 * max(len(free), 1))
        widths: list[int] = []
        for i, w in enumerate(measured):
            longest = max([cell_len(row[i].text) for row in table_def.rows if i < len(row)] + [6])
            widths.append(w if w is not None else max(6, min(longest, left // len(free))))
        for i, head in enumerate(table_def.header):
            table.add_column(fit(head, widths[i]), width=widths[i], key=f"c{i}")
        if with_bars:
            table.add_column(self.tr("col_bar"), width=bar_w, key="bar")
        largest = max((b for b in bars if b is not None), default=0.0)
        accent = self.app.current_theme.primary
        for r, row in enumerate(table_def.rows):
            cells: list[Any] = []
            for i in range(columns):
                cell = row[i] if i < len(row) else None
                text = fit(cell.text, widths[i]) if cell is not None else ""
                if cell is not None and cell.figure is not None:
                    cells.append(Text(text.rjust(widths[i] - cell_len(text) + len(text)), style="bold"))
                else:
                    cells.append(text)
            if with_bars:
                value = bars[r]
                cells.append(Text(bar(value, largest, bar_w) if value is not None else "", style=accent))
            table.add_row(*cells, key=str(r))
        if not table_def.rows:
            table.add_row(*([self.tr("table_empty")] + [""] * (columns - 1 + (1 if with_bars else 0))))

    # -- actions --------------------------------------------------------------------------------

    def action_next_table(self) -> None:
        if self.tables:
            self.index = (self.index + 1) % len(self.tables)
            self.refill()

    def action_prev_table(self) -> None:
        if self.tables:
            self.index = (self.index - 1) % len(self.tables)
            self.refill()

    def action_cycle_year(self) -> None:
        """All records, this year, last year, all again: the year-end summary in one key."""
        year = self.app.now().year
        choices = [("", ""), (f"{year}-01-01", f"{year}-12-31"), (f"{year - 1}-01-01", f"{year - 1}-12-31")]
        now = (self.start, self.end)
        step = (choices.index(now) + 1) % len(choices) if now in choices else 1
        self.start, self.end = choices[step]
        self.query_one("#from", Input).value = self.start
        self.query_one("#to", Input).value = self.end
        self.reload()

    def action_period(self) -> None:
        self.query_one("#from", Input).focus()

    def action_cycle_village(self) -> None:
        options = [None, *self.villages]
        self.village = (
            options[(options.index(self.village) + 1) % len(options)] if self.village in options else None
        )
        with self.prevent(Select.Changed):
            self.query_one("#village", Select).value = self.village or Select.NULL
        self.reload()

    @on(Input.Submitted, "#from, #to")
    def period_submitted(self) -> None:
        self.start = self.query_one("#from", Input).value.strip()
        self.end = self.query_one("#to", Input).value.strip()
        self.reload()
        self.query_one(DataTable).focus()

    @on(Select.Changed, "#village")
    def village_changed(self, event: Select.Changed) -> None:
        village = None if event.value is Select.NULL else str(event.value)
        if village != self.village:
            self.village = village
            self.reload()

    @on(DataTable.CellSelected)
    def cell_selected(self) -> None:
        self.action_drill()

    def figure_at_cursor(self) -> Any:
        if not self.tables:
            return None
        table = self.query_one(DataTable)
        row_def = self.tables[self.index].rows
        if not row_def or table.cursor_row >= len(row_def):
            return None
        row = row_def[table.cursor_row]
        column = table.cursor_column
        if column < len(row) and row[column].figure is not None:
            return row[column].figure
        return next((c.figure for c in row if c.figure is not None), None)

    def action_drill(self) -> None:
        figure = self.figure_at_cursor()
        if figure is None:
            self.app.notify(self.tr("no_figure"))
            return
        self.app.push_screen(ExplainScreen(self.summary, self.vocab, figure))


class ExplainScreen(OfficeDrillDown):
    """The visits or register entries one figure counts; Enter opens a visit or an entry."""

    BINDINGS = [
        Binding("enter", "open", "key_open", show=True),
        Binding("escape", "back", "key_back"),
    ]

    def __init__(self, summary: Any, vocab: Any, figure: Any) -> None:
        super().__init__()
        self.summary = summary
        self.vocab = vocab
        self.figure = figure
        self.rows: list[list[str]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="explain-head", classes="hint", markup=False)
        yield Static(id="explain-count", classes="status-line", markup=False)
        yield PlainTable(id="explain-table", cursor_type="row", zebra_stripes=True)
        yield OfficeFooter()

    async def language_changed(self) -> None:
        # the figures do not depend on the language; only their names do
        from doorstep.tui.forms import vocabulary

        self.vocab = vocabulary(self.app.lang)
        await super().language_changed()

    def reload(self) -> None:
        from doorstep.reports.explain import explain_header, explain_rows

        f = self.figure
        self.sub_title = self.tr(
            "explain_title", label=self.vocab.figure_label(f), value=self.vocab.format_value(f)
        )
        head = explain_header(self.summary, f, self.vocab, with_id=False)
        self.query_one("#explain-head", Static).update(head)
        if not self.summary.sources_at_hand:   # a summary of tallies: its sources counted apart
            self.query_one("#explain-count", Static).update(self.tr("explain_counting"))
            self.count_sources()
            return
        header, self.rows = explain_rows(self.summary, f, self.vocab)
        visits = f.source_kind == "visit"
        count_key = {"visit": "explain_count_visits", "entered": "explain_count_entered"}
        self.query_one("#explain-count", Static).update(
            self.tr(count_key.get(f.source_kind, "explain_count_register"), n=len(self.rows))
        )
        table = self.query_one(DataTable)
        table.clear(columns=True)
        width = max(self.size.width, 60)
        if visits:  # uuid, date, id, name, village, form, volunteer: the uuid is the row's key
            shown = [1, 2, 3, 4, 5, 6]
            w = [10, 8, 8, 8, 12]
            w.append(max(6, width - sum(w) - 2 * 6 - 2))
        elif f.source_kind == "entered":  # year, value, given by, document
            shown = [0, 1, 2, 4]
            w = [6, 10, 16]
            w.append(max(8, width - sum(w) - 2 * 4 - 2))
        else:  # id, name, village, category
            shown = [0, 1, 2, 3]
            w = [8, 10, 10]
            w.append(max(8, width - sum(w) - 2 * 4 - 2))
        for i, col in enumerate(shown):
            table.add_column(fit(header[col], w[i]), width=w[i], key=f"c{i}")
        for n, row in enumerate(self.rows):
            table.add_row(*(fit(row[col], w[i]) for i, col in enumerate(shown)), key=str(n))
        self.loaded()

    @work(thread=True, exclusive=True, group="explain")
    def count_sources(self) -> None:
        try:
            self.summary.with_sources()
        except UserError as exc:
            self.app.call_from_thread(self.complain, exc)
            return
        self.app.call_from_thread(self.reload)

    @on(DataTable.RowSelected)
    def row_selected(self) -> None:
        self.action_open()

    @uses_store
    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if not table.row_count or not self.rows:
            return
        row = self.rows[table.cursor_row]
        if self.figure.source_kind == "visit":
            from doorstep.tui.office.screens.review import VisitScreen

            visit = self.summary.with_sources().visits.get(row[0], {})
            key = visit.get("key") or f"{row[0]}.{visit.get('revision', 1)}"
            if self.session.store.has_visit_record(key):
                self.app.push_screen(VisitScreen(key))
        elif self.session.store.has_entry(row[0]):
            from doorstep.tui.office.screens.register import EditEntry

            self.app.push_screen(EditEntry(row[0]))

    def action_back(self) -> None:
        self.app.pop_screen()
