"""Returned visits: what the office sent back with a comment, until the correction has gone back.

Enter (or c) starts the correction of the highlighted visit, or resumes it; the checklist shows
the supervisor's comment above the questions (ReturnNote). A return leaves this list once its
correction has been exported (sync.returns).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from doorstep.tui.forms import kind_label
from doorstep.tui.screens.list_screen import ListScreen
from doorstep.tui.widgets.cells import fit
from doorstep.tui.widgets.table import add_columns, current_row_key
from textual import on
from textual.binding import Binding
from textual.widgets import DataTable, Static

RETURN_MARK = "↩"


def open_returns(session: Any) -> list[Any]:
    from doorstep.sync.returns import open_returns as of_store

    return of_store(session.store)


def returned_households(session: Any) -> set[str]:
    return {r.household for r in open_returns(session)}


def safe_line(text: str) -> str:
    """The supervisor's comment as data on one line: no control character reaches the terminal."""
    return "".join(" " if (ord(ch) < 32 or 0x7f <= ord(ch) < 0xa0) else ch for ch in text).strip()


def household_return_line(session: Any, household: str, tr: Any) -> str:
    """The household screen's line about a visit the office returned ("" when there is none)."""
    mine = [r for r in open_returns(session) if r.household == household]
    return tr("household_returned", comment=safe_line(mine[-1].comment)) if mine else ""


class ReturnNote(Static):
    """Above a correction's checklist: why the office returned the visit (nothing otherwise)."""

    DEFAULT_CSS = """
    ReturnNote { height: auto; max-height: 3; padding: 0 1; color: $warning; text-style: bold; }
    """

    def __init__(self, visit_id: str) -> None:
        super().__init__(markup=False, id="return-note")
        self.visit_id = visit_id

    def on_mount(self) -> None:
        from doorstep.sync.returns import return_comment

        app: Any = self.app  # the volunteer's app (a widget's app is typed App[Any])
        comment = return_comment(app.session.store, self.visit_id)
        self.display = comment is not None
        if comment is not None:
            from doorstep.tui.messages import t

            self.update(t("return_note", app.lang, comment=safe_line(comment)))


class ReturnsScreen(ListScreen):
    TABLE_ID = "returns"
    BINDINGS = [
        Binding("enter", "correct", "key_correct_return", priority=True),
        Binding("c", "correct", "key_correct_return", show=False),
        Binding("escape", "back", "key_back"),
    ]

    def refill(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        width = max(self.size.width, 60)
        fixed = {"name": 10, "kind": 12, "day": 10, "state": 8}
        comment_w = max(12, width - sum(fixed.values()) - 2 * (len(fixed) + 1) - 2)
        add_columns(table, self.tr, (
            ("name", "col_name", fixed["name"]),
            ("kind", "col_kind", fixed["kind"]),
            ("day", "col_visit_day", fixed["day"]),
            ("state", "col_return_state", fixed["state"]),
            ("comment", "col_return_comment", comment_w),
        ))
        self.items = {r.key: r for r in open_returns(self.session)}
        for r in self.items.values():
            entry: Mapping[str, Any] = self.session.entry(r.household) or {}
            table.add_row(
                fit(entry.get("name") or r.household, fixed["name"]),
                fit(kind_label(r.form_id, self.lang), fixed["kind"]),
                r.ended[:10],
                fit(self.tr(f"return_{r.state}"), fixed["state"]),
                fit(safe_line(r.comment), comment_w),
                key=r.key,
            )
        self.sub_title = self.tr("returns_title", n=len(self.items))
        self.query_one("#count", Static).update(
            self.tr("returns_count", n=len(self.items)) if self.items else self.tr("returns_none"))

    @on(DataTable.RowSelected)
    def row_selected(self) -> None:
        self.action_correct()

    def action_correct(self) -> None:
        from doorstep.tui.screens.review import open_correction

        key = current_row_key(self.query_one(DataTable))
        if key not in getattr(self, "items", {}):
            return
        open_correction(self.app, self.items[key].uuid)
