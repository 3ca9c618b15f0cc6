"""Figures no visit records (输送合格军人 and the like), entered with their source: `f` on the
summaries screen. storage.entered checks what was typed (full-width digits are numbers; a bad
value is refused naming the figure and the value) and audits every change; the summary shows
them marked as entered, never counted with the visits.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from doorstep.i18n import UserError
from doorstep.storage import entered as hand
from doorstep.tui.office.screens.base import OfficeModal, uses_store
from doorstep.tui.widgets.cells import fit
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static

INPUTS = ("year", "count", "amount", "source", "document", "date")


class EnteredFigures(OfficeModal):
    """Enter or correct one figure of a year; Ctrl+S saves (audited), Escape goes back."""

    DEFAULT_CSS = """
    EnteredFigures #entered { width: 76; height: auto; max-height: 100%; }
    EnteredFigures .field { height: 1; }
    EnteredFigures .field Label { width: 12; }
    EnteredFigures .field Input, EnteredFigures .field Select { width: 1fr; }
    EnteredFigures #entered-error { color: $error; height: auto; }
    EnteredFigures #entered-list { height: auto; max-height: 7; color: $text-muted; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "okey_save", priority=True),
        Binding("escape", "cancel", "key_cancel"),
    ]

    def __init__(self, year: int) -> None:
        super().__init__()
        self.year = year

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="entered"):
            yield Label(self.tr("entered_title"), classes="dialog-title")
            yield Static(self.tr("entered_hint"), classes="hint", markup=False)
            with Horizontal(classes="field"):
                yield Label(fit(self.tr("entered_kind"), 12))
                yield Select([(k.label(self.lang), k.code) for k in hand.KINDS], value=hand.KINDS[0].code,
                             allow_blank=False, id="e-kind", compact=True)
            for name in INPUTS:
                with Horizontal(classes="field"):
                    yield Label(fit(self.tr(f"entered_{name}"), 12))
                    yield Input(value=str(self.year) if name == "year" else "", id=f"e-{name}", compact=True)
            yield Static(id="entered-error", markup=False)
            yield Static(id="entered-list", markup=False)

    def on_mount(self) -> None:
        self.fill_from_stored()
        self.query_one("#e-kind", Select).focus()

    def kind(self) -> hand.EnteredKind:
        return hand.BY_CODE[str(self.query_one("#e-kind", Select).value)]

    @uses_store
    def fill_from_stored(self) -> None:
        """The kind's figure of the year as entered (to correct it), and every figure of the year."""
        rows = hand.entered_figures(self.session.store)
        year = hand.fold_number(self.query_one("#e-year", Input).value)
        this_year = [r for r in rows if str(r["year"]) == year]
        stored = next((r for r in this_year if r["kind"] == self.kind().code), None)
        for name in INPUTS[1:]:
            value = "" if stored is None else str(stored.get(name, ""))
            self.query_one(f"#e-{name}", Input).value = value
        self.query_one("#e-amount", Input).disabled = not self.kind().money
        lines = [self.tr("entered_list_head", year=year)] + [
            f"  {hand.BY_CODE[r['kind']].label(self.lang)} {self.value_text(r)} · "
            f"{hand.describe(r, self.lang)}" for r in this_year]
        self.query_one("#entered-list", Static).update(
            "\n".join(lines) if this_year else self.tr("entered_list_none", year=year))

    def value_text(self, record: Mapping[str, Any]) -> str:
        kind = hand.BY_CODE[record["kind"]]
        if kind.money:
            amount = f"{Decimal(record['amount']):,.2f}"
            return self.tr("entered_value_money", amount=amount, n=record["count"])
        return self.tr(f"entered_value_{kind.counts}", n=record["count"])

    @on(Select.Changed, "#e-kind")
    def kind_changed(self) -> None:
        self.fill_from_stored()

    @on(Input.Submitted, "#e-year")
    def year_changed(self) -> None:
        self.fill_from_stored()

    @uses_store
    def action_save(self) -> None:
        def value(name: str) -> str:
            return self.query_one(f"#e-{name}", Input).value

        error = self.query_one("#entered-error", Static)
        try:
            record = hand.check_entry(self.kind().code, value("year"), value("count"),
                                      value("amount") if self.kind().money else "", value("source"),
                                      value("document"), value("date"), today=self.app.now().date())
            outcome = hand.enter(self.session.store, record)
        except UserError as exc:
            error.update(exc.render(self.lang))   # beside the fields, until it is put right
            return
        error.update("")
        self.session.changed()
        self.app.notify(self.tr(f"entered_saved_{outcome}", figure=self.kind().label(self.lang),
                                year=record["year"], value=self.value_text(record)))
        self.dismiss(outcome != "unchanged")

    def action_cancel(self) -> None:
        self.dismiss(False)
