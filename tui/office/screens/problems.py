"""Problems: the conflicts sync flagged, and the bundles each device sent that never arrived.

A visit conflict (one visit revision arriving with two contents) opens side by side, answer by
answer. Register flags (rival or refused changes to the register) open with their values.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from doorstep.i18n.shown import shown as outside_text
from doorstep.sync.gaps import runs_text
from doorstep.tui.office.register_fields import field_label, value_label
from doorstep.tui.office.screens.base import OfficeDrillDown, OfficeMainScreen, uses_store
from doorstep.tui.office.screens.dialogs import InfoDialog
from doorstep.tui.office.session import StoreBusy
from doorstep.tui.office.widgets import OfficeFooter, ScreenBar
from doorstep.tui.widgets.cells import fit
from doorstep.tui.widgets.table import PlainTable, add_fitted_columns, current_row_key
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static


def shown(value: Any) -> str:
    """A value from a bundle, as data: control characters and escape sequences made visible."""
    if value is None:
        return "-"
    if isinstance(value, str):
        return outside_text(value) or "-"
    return outside_text(json.dumps(value, ensure_ascii=False))


def flat_answers(answers: dict[str, Any]) -> dict[tuple, str]:
    """Every answer under its slot: ("name",) or ("repeat", i, "name"); repeats give their count too."""
    out: dict[tuple, str] = {}
    for name, value in answers.items():
        if isinstance(value, list):
            out[(name,)] = str(len(value))
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    for sub, v in item.items():
                        out[(name, i, sub)] = shown(v)
        else:
            out[(name,)] = shown(value)
    return out


def conflict_versions(store: Any, key: str) -> list[dict[str, Any]]:
    """The record in the visits table, then every other content sync kept for the same key."""
    from doorstep.sync.merge import VARIANTS

    uuid, _, revision = key.rpartition(".")
    versions = []
    stored = store.get_visit(uuid, int(revision)) if revision.isdigit() else None
    if stored is not None:
        versions.append(stored)
    versions += [dict(row["record"]) for row in store.table(VARIANTS).all() if row["key"] == key]
    # shown in the order they were written (a correction by when it was corrected: the visit's own
    # date is the same in both), whichever of them sync keeps in the visits table
    return sorted(versions, key=lambda v: (_written_at(v), str(v.get("hash") or "")))


def _written_at(version: dict[str, Any]) -> str:
    return str(version.get("corrected_at") or version.get("ended") or "")


# What most needs the supervisor first: visits in two versions (left out of the figures), then
# rival register values, then values the office changed itself, then refused proposals.
FLAG_ORDER = {
    "visit": 0,
    "register": 1,
    "register_office_edited": 2,
    "register_invalid": 3,
    "register_unknown_household": 4,
    "register_unknown_field": 5,
    "visit_unknown_household": 6,
    "visit_constraint": 7,
}


class ProblemsScreen(OfficeMainScreen):
    TITLE_KEY = "problems_title"
    BINDINGS = [
        Binding("enter", "open", "key_open", show=True),
        Binding("s", "settle", "okey_settle", show=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.flags: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield ScreenBar("problems")
        yield Static(id="conflicts-head", classes="status-line", markup=False)
        yield PlainTable(id="conflicts", cursor_type="row", zebra_stripes=True)
        yield Static(id="missing", markup=False)
        yield OfficeFooter()

    def show_busy(self, exc: StoreBusy) -> None:
        self.query_one("#conflicts-head", Static).update(exc.render(self.lang))

    @uses_store
    def reload(self) -> None:
        from doorstep.sync.merge import OfficeState
        from doorstep.sync.settle import open_conflicts

        store = self.session.store
        self.flags = sorted(open_conflicts(store), key=lambda f: FLAG_ORDER.get(f.get("kind", ""), 9))
        state = OfficeState(store)
        self.gaps = state.gaps()
        self.copies = state.copies()  # a copied or restored laptop: told here as well as on merge
        self.refill()
        self.loaded()

    @uses_store  # each row reads its household's entry
    def refill(self) -> None:
        if not hasattr(self, "gaps"):
            return  # not loaded yet: a merge held the store
        store = self.session.store
        table = self.query_one(DataTable)
        table.clear(columns=True)
        width = max(self.size.width, 60)
        w = {"kind": 14, "name": 10, "village": 8}
        w["what"] = max(16, width - sum(w.values()) - 2 * 4 - 2)
        columns = (
            ("kind", "col_kind"),
            ("name", "col_name"),
            ("village", "col_village"),
            ("what", "col_what"),
        )
        add_fitted_columns(table, self.tr, columns, w)
        for i, flag in enumerate(self.flags):
            entry: Mapping[str, Any] = store.get_entry(flag.get("household", "")) or {}
            kind = flag.get("kind", "")
            label = self.tr(f"flag_{kind}") if f"flag_{kind}" in _FLAG_KINDS else kind
            table.add_row(
                Text(fit(label, w["kind"]), style=self.app.current_theme.warning),
                fit(entry.get("name") or flag.get("household", ""), w["name"]),
                fit(entry.get("village", ""), w["village"]),
                fit(self.what(flag), w["what"]),
                key=str(i),
            )
        head = self.query_one("#conflicts-head", Static)
        visits = sum(1 for f in self.flags if f.get("kind") == "visit")
        head.update(
            self.tr("conflicts_head", n=len(self.flags), visits=visits)
            if self.flags
            else self.tr("conflicts_none")
        )
        missing = self.query_one("#missing", Static)
        copied = ["  " + self.tr("copies_item", device=shown(d), seqs=", ".join(map(str, s)))
                  for d, s in sorted(self.copies.items())]
        if self.gaps:
            lines = [self.tr("missing_head")] + [
                "  " + self.tr("missing_item", device=shown(d), seqs=runs_text(s, self.app.lang))
                for d, s in sorted(self.gaps.items())
            ]
            missing.update("\n".join(lines + copied))
        else:
            missing.update("\n".join([self.tr("missing_head"), "  " + self.tr("missing_none"), *copied]))

    def what(self, flag: Mapping[str, Any]) -> str:
        if flag.get("kind") == "visit":
            return self.tr("flag_visit_what", visit=flag.get("key", "")[:13])
        if flag.get("kind") == "visit_unknown_household":
            return self.tr("flag_visit_unknown_household_what", n=len(flag.get("visits", [])))
        if flag.get("kind") == "visit_constraint":
            return self.tr("flag_visit_constraint_what",
                           questions=" / ".join(shown(q) for q in flag.get("questions", [])))
        field = flag.get("field", "")
        values = " / ".join(self.value_of(field, v.get("value")) for v in flag.get("values", []))
        return self.tr("flag_field_what", field=field_label(self.tr, flag.get("field", "")), values=values)

    def value_of(self, field: str, value: Any) -> str:
        """A proposed register value as people read it (labels, not codes; ID numbers masked)."""
        if not isinstance(value, str | int | list) or isinstance(value, bool):
            return shown(value)
        return value_label(self.tr, field, value, self.lang)

    @uses_store  # the dialog reads the flag
    def action_settle(self) -> None:
        key = current_row_key(self.query_one(DataTable))
        if key is None:
            return
        open_settle(self, self.flags[int(key)]["id"])

    @on(DataTable.RowSelected)
    def row_selected(self) -> None:
        self.action_open()

    @uses_store
    def action_open(self) -> None:
        key = current_row_key(self.query_one(DataTable))
        if key is None:
            return
        flag = self.flags[int(key)]
        if flag.get("kind") == "visit":
            self.app.push_screen(ConflictScreen(flag["key"]))
            return
        entry: Mapping[str, Any] = self.session.store.get_entry(flag.get("household", "")) or {}
        lines = [self.what(flag), ""]
        field = flag.get("field", "")
        if "office_value" in flag:
            lines.append(self.tr("office_value", value=self.value_of(field, flag["office_value"])))
        if "chosen" in flag:
            lines.append(self.tr("chosen_value", value=self.value_of(field, flag["chosen"])))
        lines += [
            self.tr("proposed_value", visit=v.get("visit", ""), value=self.value_of(field, v.get("value")))
            for v in flag.get("values", [])
        ]
        title = self.tr(
            "register_flag_title",
            name=entry.get("name") or flag.get("household", ""),
            field=field_label(self.tr, flag.get("field", "")),
        )
        self.app.push_screen(InfoDialog(title, "\n".join(lines)))


def open_settle(screen: Any, conflict_id: str) -> None:
    """The settle dialog for one flag; the screen reloads once something was settled."""
    from doorstep.tui.office.screens.settle import SettleDialog

    def done(settled: bool | None) -> None:
        if settled:
            screen.reload()

    screen.app.push_screen(SettleDialog(conflict_id), done)


_FLAG_KINDS = {
    "flag_visit",
    "flag_register",
    "flag_register_unknown_field",
    "flag_register_unknown_household",
    "flag_register_invalid",
    "flag_register_office_edited",
    "flag_visit_unknown_household",
    "flag_visit_constraint",
}


class ConflictScreen(OfficeDrillDown):
    """The versions of one visit side by side, answer by answer; ≠ marks the differences."""

    BINDINGS = [
        Binding("d", "only_differences", "okey_only_diff"),
        Binding("s", "settle", "okey_settle"),
        Binding("escape", "back", "key_back"),
    ]

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.only_diff = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.tr("conflict_hint"), classes="hint", markup=False)
        yield PlainTable(id="conflict-table", cursor_type="row", zebra_stripes=True)
        yield OfficeFooter()

    @uses_store
    def reload(self) -> None:
        from doorstep.tui.forms import vocabulary

        vocab = vocabulary(self.lang)
        versions = conflict_versions(self.session.store, self.key)
        form_id = str((versions[0] if versions else {}).get("form_id", ""))
        entry: Mapping[str, Any] = (
            self.session.store.get_entry(str((versions[0] if versions else {}).get("household", ""))) or {}
        )
        self.sub_title = self.tr("conflict_title", name=entry.get("name", ""), kind=vocab.form_title(form_id))
        flats = [flat_answers(v.get("answers") or {}) for v in versions]
        meta = [("volunteer", self.tr("col_volunteer")), ("written", self.tr("col_date"))]
        order = _slot_order(vocab, form_id, flats)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        width = max(self.size.width, 60)
        n = max(len(versions), 1)
        label_w = max(14, (width - 6) * 2 // (n + 3))  # the question reads first: more room
        value_w = max(10, (width - label_w - 2 - 2 * (n + 1) - 2) // n)
        table.add_column("", width=1, key="mark")
        table.add_column(fit(self.tr("col_question"), label_w), width=label_w, key="q")
        for i in range(len(versions)):
            table.add_column(fit(self.tr("col_version", n=i + 1), value_w), width=value_w, key=f"v{i}")
        warn = f"bold {self.app.current_theme.warning}"
        for name, label in meta:
            values = [str(_written_at(v) if name == "written" else v.get(name) or "")[:16].replace("T", " ")
                      for v in versions]
            table.add_row("", fit(label, label_w), *(fit(x, value_w) for x in values))
        for slot in order:
            values = [f.get(slot, "-") for f in flats]
            differ = len(set(values)) > 1
            if self.only_diff and not differ:
                continue
            label = _slot_label(vocab, form_id, slot)
            texts = [vocab.answer_text(form_id, slot[-1], x) if x != "-" else x for x in values]
            style = warn if differ else ""
            table.add_row(
                Text("≠" if differ else "", style=warn),
                Text(fit(label, label_w), style=style),
                *(Text(fit(x, value_w), style=style) for x in texts),
            )
        self.loaded()

    @uses_store  # the dialog reads the flag
    def action_settle(self) -> None:
        from doorstep.sync.settle import conflict_id

        def done(settled: bool | None) -> None:
            if settled:
                self.app.pop_screen()

        from doorstep.tui.office.screens.settle import SettleDialog

        self.app.push_screen(SettleDialog(conflict_id({"kind": "visit", "key": self.key})), done)

    def action_only_differences(self) -> None:
        self.only_diff = not self.only_diff
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()


def _slot_order(vocab: Any, form_id: str, flats: list[dict[tuple, str]]) -> list[tuple]:
    """Slots in the form's order of questions (then any the form does not know)."""
    form = vocab.forms.get(form_id)
    position = {}
    if form is not None:
        for i, name in enumerate(getattr(form, "by_name", {})):
            position[name] = i
    slots = {slot for f in flats for slot in f}

    def rank(slot: tuple) -> tuple:
        return (
            position.get(slot[0], len(position)),
            slot[0],
            slot[1] if len(slot) > 1 else -1,
            position.get(slot[-1], len(position)),
        )

    return sorted(slots, key=rank)


def _slot_label(vocab: Any, form_id: str, slot: tuple) -> str:
    if len(slot) == 1:
        return vocab.question_label(form_id, slot[0])
    return f"[{slot[1] + 1}] {vocab.question_label(form_id, slot[-1])}"
