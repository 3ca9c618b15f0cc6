"""Settle one flagged conflict: its candidates side by side, the supervisor picks one (or types a
register value, or dismisses a flag with nothing to choose) and may say why.

The decision goes through sync.settle.settle, which audits it and makes it true in the store in
one transaction; the dialog answers True when something was settled.
"""

from __future__ import annotations

import json
from typing import Any

from doorstep.i18n import UserError
from doorstep.i18n.shown import shown as outside
from doorstep.tui.office.screens.base import OfficeModal, uses_store
from doorstep.tui.widgets.cells import fit
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option


def differing(candidates: list[dict[str, Any]]) -> list[str]:
    """The answers (outside repeats, then repeat counts) in which a visit's versions differ."""
    answers = [c.get("answers") or {} for c in candidates]
    names = sorted({k for a in answers for k in a})

    def spelled(a: dict[str, Any], name: str) -> str:
        return json.dumps(a.get(name), ensure_ascii=False, sort_keys=True)

    found = [n for n in names if len({spelled(a, n) for a in answers}) > 1]
    # single answers say more than a repeat's count: they come first
    return sorted(found, key=lambda n: any(isinstance(a.get(n), list) for a in answers))


def visit_gist(candidate: dict[str, Any], names: list[str], vocab: Any, form_id: str,
               separator: str, tr: Any) -> str:
    """What sets one version apart: its differing answers, as the form labels them."""
    answers = candidate.get("answers") or {}
    parts = []
    for name in names:
        label = vocab.question_label(form_id, name)
        value = answers.get(name)
        if name == "total" and label == name:
            parts.append(tr("settle_total", amount=value or "-"))  # the condolence form's sum
            continue
        if label == name:
            continue  # a calculation the form does not label: its name is not for people
        if isinstance(value, list):
            if parts:
                break  # a single answer already tells the versions apart (lists come last)
            shown = str(len(value))
        else:
            shown = vocab.answer_text(form_id, name, value) if value not in (None, "") else "-"
        parts.append(f"{label} {shown}")
    return separator.join(parts)


def candidate_line(candidate: dict[str, Any], field: str | None, tr: Any, width: int,
                   gist: str = "") -> str:
    """One candidate on one line: its number, what it says, who recorded it, when; a visit's
    version the figures count until it is settled says so. What came in a bundle is shown as
    data (i18n.shown)."""
    if candidate.get("office"):
        who = tr("settle_office_value")
    else:
        when = str(candidate.get("when") or "")[:10]
        who = " · ".join(x for x in (candidate.get("device"), candidate.get("volunteer"), when) if x)
    counted = tr("settle_counted") if candidate.get("counted") else ""  # first: never cut off
    if field is None:
        what = gist or tr("settle_version", n=candidate["number"])
    else:
        value = candidate.get("value")
        what = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        what = what or "-"
    return fit(outside(f"{candidate['number']}. {counted}{what}   {who}"), width)


class SettleDialog(OfficeModal):
    """Ctrl+S settles with the highlighted candidate (or the typed value); Escape goes back."""

    DEFAULT_CSS = """
    SettleDialog #settle { width: 76; height: auto; max-height: 100%; }
    SettleDialog OptionList { height: auto; max-height: 8; }
    SettleDialog Input { width: 100%; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "okey_settle", priority=True),
        Binding("escape", "cancel", "key_cancel"),
    ]

    def __init__(self, conflict_id: str) -> None:
        """Reads the flag at once: StoreBusy while a merge holds the store (the opener says so)."""
        from doorstep.sync.settle import DISMISS_ONLY, describe, find_conflict

        super().__init__()
        self.conflict_id = conflict_id
        flag = find_conflict(self.session.store, self.conflict_id)
        self.item = describe(self.session.store, flag)
        self.dismiss_only = flag["kind"] in DISMISS_ONLY

    def compose(self) -> ComposeResult:
        field = self.item.get("field")
        name = self.item["name"] or self.item["household"]
        with Vertical(classes="dialog", id="settle"):
            title = (self.tr("settle_title_visit", name=name) if field is None
                     else self.tr("settle_title_field", name=name, field=self.field_label(field)))
            yield Label(title, classes="dialog-title", markup=False)
            if self.dismiss_only:
                yield Static(self.tr("settle_dismiss_hint"), classes="hint", markup=False)
            else:
                yield Static(self.tr("settle_hint_visit" if field is None else "settle_hint_field"),
                             classes="hint", markup=False)
                yield OptionList(*(Option(Text(candidate_line(c, field, self.tr, 64, self.gist(c))),
                                          id=str(c["number"]))
                                   for c in self.item["candidates"]), id="settle-choices")
            if field is not None and not self.dismiss_only:
                yield Input(placeholder=self.tr("settle_value_placeholder"), id="settle-value")
            yield Input(placeholder=self.tr("settle_reason_placeholder"), id="settle-reason")

    def gist(self, candidate: dict[str, Any]) -> str:
        if self.item["kind"] != "visit":
            return ""
        from doorstep.reports.source import vocabulary

        if not hasattr(self, "_names"):
            self._names = differing(self.item["candidates"])
            self._vocab = vocabulary(self.lang)
            versions = self.item["candidates"]
            self._form = next((str(c.get("form_id")) for c in versions if c.get("form_id")), "")
        return visit_gist(candidate, self._names, self._vocab, self._form,
                          "，" if self.lang == "zh" else "; ", self.tr)

    def field_label(self, field: str) -> str:
        key = f"field_{field}"
        from doorstep.tui.office.messages import has

        return self.tr(key) if has(key) else self.tr("settle_unknown_field")

    def on_mount(self) -> None:
        if self.dismiss_only:
            self.query_one("#settle-reason", Input).focus()
        else:
            choices = self.query_one("#settle-choices", OptionList)
            choices.highlighted = 0
            choices.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#settle-reason", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "settle-reason":
            self.action_save()
        else:
            self.query_one("#settle-reason", Input).focus()

    @uses_store
    def action_save(self) -> None:
        from doorstep.sync.settle import settle

        reason = self.query_one("#settle-reason", Input).value
        typed = self.query("#settle-value")
        value = typed.first(Input).value.strip() if typed else ""
        choice = None
        if not self.dismiss_only and not value:
            highlighted = self.query_one("#settle-choices", OptionList).highlighted
            choice = None if highlighted is None else highlighted + 1
        session = self.session
        try:
            done = settle(session.store, self.conflict_id, choice=choice, value=value or None,
                          reason=reason, dismiss=self.dismiss_only, at=session.now_iso())
        except UserError as exc:
            self.complain(exc)
            return
        session.changed()
        self.app.notify(self.tr("settle_done", id=done.id))
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
