"""Register: search as you type (a scanner types an id too), edit an entry, print QR labels.

Edits go through store.update_entry, which writes one audit row per changed field and bumps the
entry's version (so that devices' proposals based on the old version are recognised as such).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from doorstep.i18n import Lang, UserError
from doorstep.storage import idnumber
from doorstep.storage.categories import CATEGORIES
from doorstep.storage.person_edit import checked_changes
from doorstep.storage.records import RegisterEntry
from doorstep.storage.store import ENTITLED, SEXES, STATUSES
from doorstep.tui.office.register_fields import field_label, value_label
from doorstep.tui.office.screens.base import OfficeMainScreen, OfficeModal, uses_store
from doorstep.tui.office.session import StoreBusy
from doorstep.tui.office.widgets import OfficeFooter, ScreenBar
from doorstep.tui.screens.prompt import PathPrompt
from doorstep.tui.widgets.cells import fit
from doorstep.tui.widgets.table import PlainTable, add_fitted_columns, current_row_key
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Input, Label, Select, Static

MAX_ROWS = 500
TEXT_FIELDS = ("name", "village", "address", "phone", "notes", "death_date", "id_number", "birth_date",
               "disability_grade", "contact")
CHOICE_FIELDS = {"status": STATUSES, "entitled": ENTITLED}  # edited with a Select of these values
EDITED_FIELDS = ("name", "category", "village", "address", "phone", "notes", "status", "death_date",
                 "entitled", "id_number", "sex", "birth_date", "disability_grade", "contact")


def status_cell(entry: Mapping[str, Any], tr: Any) -> str:
    """The register's word on the person, short: "" when alive and entitled."""
    words = []
    status = entry.get("status") or "alive"
    if status != "alive":
        words.append(tr(f"status_short_{status}"))
    if entry.get("entitled") == "no":
        words.append(tr("entitled_short_no"))
    return "·".join(words)


def write_labels(entries: Sequence[Mapping[str, Any]], village: str | None, out: Path,
                 lang: Lang) -> list[Path]:
    """reports' label sheets for `entries` written to `out` (.html, or .svg page by page)."""
    from doorstep.reports.labels import labels_for, render_labels
    from doorstep.storage.atomic import write_atomic

    files = render_labels(labels_for(entries, village), out, lang)
    for path, data in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    return [path for path, _ in files]


class RegisterScreen(OfficeMainScreen):
    TITLE_KEY = "register_title"
    FOCUS = "#search"
    BINDINGS = [
        Binding("enter", "edit", "okey_edit", show=True),
        Binding("e", "edit", "okey_edit", show=False),
        Binding("v", "cycle_village", "key_village"),
        Binding("l", "labels", "okey_labels"),
        Binding("i", "import_file", "okey_import"),
        Binding("slash", "search", "key_search", show=False),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.entries: list[RegisterEntry] = []
        self.have_entries = False  # until the first load (a merge may hold the store at first)
        self.query_text = query
        self.village: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield ScreenBar("register")
        with Horizontal(classes="filters"):
            yield Input(value=self.query_text, placeholder=self.tr("register_search"), id="search")
            yield Select(
                [(v, v) for v in self.villages()],
                prompt=self.tr("all_villages"),
                id="village",
                value=self.village or Select.NULL,
            )
        yield Static(id="count", classes="status-line", markup=False)
        yield PlainTable(id="register", cursor_type="row", zebra_stripes=True, classes="grow")
        yield OfficeFooter()

    def villages(self) -> list[str]:
        return sorted({e.get("village") or "" for e in self.entries} - {""})

    def show_busy(self, exc: StoreBusy) -> None:
        self.query_one("#count", Static).update(exc.render(self.lang))

    @uses_store
    def reload(self) -> None:
        self.entries = self.session.store.entries()
        self.have_entries = True
        select = self.query_one("#village", Select)
        select.set_options([(v, v) for v in self.villages()])
        if self.village in self.villages():
            select.value = self.village
        self.refill()
        self.loaded()

    def matching(self) -> list[RegisterEntry]:
        text = self.query_text.strip()
        found = (
            self.session.store.search_entries(text, limit=len(self.entries) or 1) if text else self.entries
        )
        return [e for e in found if not self.village or e.get("village") == self.village]

    @uses_store  # the search reads the store
    def refill(self) -> None:
        if not self.have_entries:
            return  # a merge held the store: keep saying why
        rows = self.matching()  # before the table is cleared: a busy store leaves it as it was
        table = self.query_one(DataTable)
        table.clear(columns=True)
        width = max(self.size.width, 60)
        w = {"id": 8, "name": 8, "village": 8, "phone": 11, "status": 10 if width < 100 else 16}
        w["category"] = max(8, width - sum(w.values()) - 2 * 6 - 2)
        columns = (
            ("id", "col_id"),
            ("name", "col_name"),
            ("village", "col_village"),
            ("category", "col_category"),
            ("phone", "col_phone"),
            ("status", "col_person_status"),
        )
        add_fitted_columns(table, self.tr, columns, w)
        for e in rows[:MAX_ROWS]:
            table.add_row(
                e["id"],
                fit(e.get("name", ""), w["name"]),
                fit(e.get("village", ""), w["village"]),
                fit(self.session.category_label(e.get("category", "")), w["category"]),
                fit(e.get("phone", ""), w["phone"]),
                fit(status_cell(e, self.tr), w["status"]),
                key=e["id"],
            )
        count = self.query_one("#count", Static)
        if not self.entries:
            count.update(self.tr("register_empty"))
        else:
            count.update(self.tr("register_count", shown=min(len(rows), MAX_ROWS), total=len(self.entries)))

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self.refill()

    @on(Input.Submitted, "#search")
    def search_submitted(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            table.focus()
            if table.row_count == 1:  # a scanned id: straight to the entry
                self.action_edit()

    @on(Select.Changed, "#village")
    def village_changed(self, event: Select.Changed) -> None:
        village = None if event.value is Select.NULL else str(event.value)
        if village != self.village:
            self.village = village
            self.refill()

    def action_cycle_village(self) -> None:
        options = [None, *self.villages()]
        self.village = (
            options[(options.index(self.village) + 1) % len(options)] if self.village in options else None
        )
        self.query_one("#village", Select).value = self.village or Select.NULL
        self.refill()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    @on(DataTable.RowSelected)
    def row_selected(self) -> None:
        self.action_edit()

    @uses_store  # the dialog reads the entry
    def action_edit(self) -> None:
        key = current_row_key(self.query_one(DataTable))
        if key and self.session.store.has_entry(key):
            self.app.push_screen(EditEntry(key), lambda _saved: self.reload())

    def action_import_file(self) -> None:
        from doorstep.tui.office.screens.register_import import import_register_file

        import_register_file(self)

    def action_labels(self) -> None:
        entries = [e for e in self.entries if not self.village or e.get("village") == self.village]
        scope = (
            self.tr("labels_scope_village", village=self.village, n=len(entries))
            if self.village
            else self.tr("labels_scope_all", n=len(entries))
        )
        name = f"labels-{self.village}.html" if self.village else "labels.html"
        default = str(self.session.home.path / "labels" / name)

        def chosen(path: str | None) -> None:
            if not path:
                return
            try:
                written = write_labels(self.entries, self.village, Path(path).expanduser(), self.lang)
            except UserError as exc:
                self.complain(exc)
                return
            except OSError as exc:
                self.app.notify(
                    self.tr("labels_failed", error=f"{exc.strerror or exc} ({exc.filename or path})"),
                    severity="error",
                    timeout=10,
                )
                return
            self.app.notify(
                self.tr("labels_written", n=len(entries), paths=", ".join(map(str, written))), timeout=12
            )

        self.app.push_screen(PathPrompt(self.tr("labels_prompt", scope=scope), default), chosen)


class EditEntry(OfficeModal):
    """Change the fields of one entry; Ctrl+S saves through store.update_entry (audited)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "okey_save", priority=True),
        Binding("ctrl+r", "reveal_id", "okey_reveal_id"),
        Binding("escape", "cancel", "key_cancel"),
    ]

    def __init__(self, household_id: str) -> None:
        super().__init__()
        self.household_id = household_id
        self.shown: dict[str, str] = {}   # each text field as first shown (the ID number masked)

    def shown_value(self, entry: Mapping[str, Any], name: str) -> str:
        value = str(entry.get(name) or "")
        return idnumber.mask(value) if name == "id_number" else value

    def compose(self) -> ComposeResult:
        entry: Mapping[str, Any] = self.session.store.get_entry(self.household_id) or {}
        with Vertical(classes="dialog", id="edit"):
            yield Label(
                self.tr("edit_title", name=entry.get("name", ""), id=self.household_id),
                classes="dialog-title",
                markup=False,
            )
            yield Static(self.tr("edit_hint"), classes="hint", markup=False)
            for name in EDITED_FIELDS:
                with Horizontal(classes="field"):
                    yield Label(fit(self.tr(f"field_{name}"), 10))
                    if name in CHOICE_FIELDS:
                        yield Select(
                            [(self.tr(f"{name}_{v}"), v) for v in CHOICE_FIELDS[name]],
                            value=entry.get(name) or CHOICE_FIELDS[name][0],
                            allow_blank=False,
                            id=f"f-{name}",
                            compact=True,
                        )
                    elif name == "sex":
                        yield Select(
                            [(self.tr(f"sex_{v}"), v) for v in SEXES],
                            value=entry.get("sex") or Select.NULL,
                            prompt="-",
                            id="f-sex",
                            compact=True,
                        )
                    elif name == "category":
                        yield Select(
                            [(c.zh if self.lang == "zh" else c.en, c.code) for c in CATEGORIES],
                            value=entry.get("category") or Select.NULL,
                            allow_blank=False,
                            id="f-category",
                            compact=True,
                        )
                    else:
                        self.shown[name] = self.shown_value(entry, name)
                        yield Input(value=self.shown[name], id=f"f-{name}", compact=True)
            yield Static(self.history(), id="edit-history", markup=False)

    def history(self) -> str:
        rows = [r for r in self.session.store.audit(self.household_id) if r.get("action") == "update"]
        lines = [
            self.tr(
                "history_line",
                at=(r.get("at") or "")[:16].replace("T", " "),
                who=r.get("who") or "",
                field=field_label(self.tr, str(r.get("field") or "")),
                old=value_label(self.tr, str(r.get("field") or ""), r.get("old"), self.lang),
                new=value_label(self.tr, str(r.get("field") or ""), r.get("new"), self.lang),
            )
            for r in rows[-3:]  # what fits under the fields at 80x24
        ]
        return (self.tr("edit_history") + "\n" + "\n".join(lines)) if lines else ""

    def on_mount(self) -> None:
        self.query_one("#f-name", Input).focus()

    def changes(self) -> dict[str, Any]:
        entry: Mapping[str, Any] = self.session.store.get_entry(self.household_id) or {}
        out: dict[str, Any] = {}
        for name in TEXT_FIELDS:
            value = self.query_one(f"#f-{name}", Input).value
            if value != self.shown.get(name, str(entry.get(name) or "")):
                out[name] = value
        for name in ("category", *CHOICE_FIELDS):
            choice = self.query_one(f"#f-{name}", Select).value
            if choice is not Select.NULL and choice != entry.get(name):
                out[name] = choice
        sex = self.query_one("#f-sex", Select).value
        if (sex if sex is not Select.NULL else "") != (entry.get("sex") or ""):
            out["sex"] = "" if sex is Select.NULL else sex
        return out

    @uses_store
    def action_reveal_id(self) -> None:
        """The whole ID number, asked for by the supervisor (it is shown masked otherwise)."""
        entry: Mapping[str, Any] = self.session.store.get_entry(self.household_id) or {}
        field = self.query_one("#f-id_number", Input)
        if field.value == self.shown.get("id_number"):
            self.shown["id_number"] = field.value = str(entry.get("id_number") or "")

    @uses_store
    def action_save(self) -> None:
        changes = self.changes()
        if not changes:
            self.app.notify(self.tr("edit_nothing"))
            self.dismiss(False)
            return
        session = self.session
        try:
            changes = checked_changes(session.store, self.household_id, changes)  # the import's rules
            entry = session.store.update_entry(self.household_id, changes)
            # A field edited to one of the values a flag proposed settles that flag (audited).
            from doorstep.sync.settle import settle_edited_fields

            settle_edited_fields(session.store, self.household_id, changes, reason=self.tr("settled_by_edit"))
        except UserError as exc:
            self.complain(exc)
            return
        session.changed()
        self.app.notify(self.tr("edit_saved", n=len(changes), version=entry.get("version", "")))
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)

