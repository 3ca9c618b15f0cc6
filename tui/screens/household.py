"""Household: who lives there, past visits, open drafts, follow-ups; start a visit of any kind."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from doorstep.i18n import UserError
from doorstep.tui.forms import KINDS, custom_kinds, forms, kind_label
from doorstep.tui.screens.base import BaseModal, BaseScreen
from doorstep.tui.widgets.footer import I18nFooter
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Label, OptionList, Static
from textual.widgets.option_list import Option

# The keys that start a visit, in the order the forms are offered: 1-9, then letters; "c"
# (correct a past visit) is the screen's own key and never starts one.
START_KEYS = tuple("123456789abdefghijklmnopqrstuvwxyz")


def offered_kinds() -> list[str]:
    """The forms a visit can be started on, in the order of the list and of START_KEYS."""
    return [*KINDS, *custom_kinds()]


def followups(visits: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Visits whose answers raised a follow-up (followup_needed = yes), newest first."""
    return [v for v in visits if (v.get("answers") or {}).get("followup_needed") == "yes"]


def entry_status_text(entry: Mapping[str, Any], tr) -> str:  # noqa: ANN001 - tr is BaseScreen.tr
    """What the register says that must not be missed at the door: "" for a living, entitled
    beneficiary; else the person's death (with its date), move, or lost entitlement."""
    parts = []
    status = entry.get("status") or "alive"
    if status == "deceased":
        date = entry.get("death_date") or ""
        parts.append(tr("entry_deceased_on", date=date) if date else tr("entry_deceased"))
    elif status == "moved":
        parts.append(tr("entry_moved"))
    if entry.get("entitled") == "no":
        parts.append(tr("entry_not_entitled"))
    return "  ".join(f"!! {p}" for p in parts)


class DraftOpenDialog(BaseModal):
    """A draft of the kind asked for is open: resume it (Enter, 1), start a new one (2), or
    neither (Escape). Dismisses with "resume", "new" or None."""

    BINDINGS = [
        Binding("1", "answer('resume')", "draft_open_resume", show=False),
        Binding("2", "answer('new')", "draft_open_new", show=False),
        Binding("escape", "answer(None)", "key_cancel"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title", markup=False)
            yield OptionList(
                Option("1. " + self.tr("draft_open_resume"), id="resume"),
                Option("2. " + self.tr("draft_open_new"), id="new"),
                id="draft-open-choices",
            )

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        choices.highlighted = 0
        choices.focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_answer(self, choice: str | None) -> None:
        self.dismiss(choice)


class HouseholdScreen(BaseScreen):
    DEFAULT_CSS = """
    HouseholdScreen #entry-status {
        color: $text-error;
        text-style: bold;
    }
    """
    BINDINGS = [
        # one key per offered form, as the list shows it; help shows them as one line
        *(Binding(key, f"start({n})", "key_start_visit", show=False) for n, key in enumerate(START_KEYS)),
        Binding("enter", "choose", "key_open", priority=True),
        Binding("c", "correct", "key_correct"),
        Binding("escape", "back", "key_back"),
    ]

    def __init__(self, household_id: str) -> None:
        super().__init__()
        self.household_id = household_id
        self._resumed = False

    def compose(self) -> ComposeResult:
        entry = self.session.entry(self.household_id) or {"id": self.household_id}
        yield Header()
        with Horizontal(id="household"):
            with VerticalScroll(id="info"):
                status = entry_status_text(entry, self.tr)
                banner = Static(status, id="entry-status", markup=False, classes="error")
                banner.display = bool(status)  # a living, entitled beneficiary: no line at all
                yield banner
                from doorstep.tui.screens.returns import household_return_line

                returned = household_return_line(self.session, self.household_id, self.tr)
                note = Static(returned, id="returned", markup=False, classes="error")
                note.display = bool(returned)
                yield note
                yield Static(self.info_text(entry), id="info-text", markup=False)
            yield OptionList(*self.options(), id="actions")
        yield I18nFooter()

    def on_mount(self) -> None:
        entry = self.session.entry(self.household_id)
        self.sub_title = entry["name"] if entry else self.household_id
        actions = self.query_one("#actions", OptionList)
        actions.focus()
        self.highlight_default(actions)

    def highlight_default(self, actions: OptionList, keep: str = "") -> None:
        """Enter continues the visit under way, if there is one, else starts the first kind;
        back from a past visit's summary, the cursor stays on that visit."""
        ids = [o.id or "" for o in actions.options]
        drafts = [n for n, i in enumerate(ids) if i.startswith("draft:")]
        if keep.partition(":")[0] in ("visit", "followup") and keep in ids:
            actions.highlighted = ids.index(keep)
        else:
            actions.highlighted = drafts[0] if drafts else 1

    def on_screen_resume(self) -> None:
        # back from a checklist or a summary: drafts and visits may have changed
        if self._resumed and self.is_attached:
            actions = self.query_one("#actions", OptionList)
            was = actions.highlighted
            keep = (actions.get_option_at_index(was).id or "") if was is not None else ""
            actions.set_options(self.options())
            self.highlight_default(actions, keep)
            self.refresh_bindings()  # a first visit makes "correct" available
        self._resumed = True

    def info_text(self, entry: Mapping[str, Any]) -> str:
        """Who lives here, in as few lines as fit 80 columns: the notes (an illness, a
        hearing loss) come before the family members, so that a long family does not push
        them below the panel's edge."""
        tr = self.tr
        cat = self.session.category_label(entry.get("category") or "")
        priority = entry.get("priority") or "other"
        zh = self.lang == "zh"

        def labelled(key: str, value: str) -> str:
            # a Chinese value has no spaces to wrap at: "备注: 女，…" would leave "备注:" alone
            return f"{tr(key)}：{value}" if zh else f"{tr(key)}: {value}"

        lines = [
            f"{entry.get('name', '')}  [{entry['id']}] · {cat} · {tr('priority_' + priority)}",
            " · ".join(
                (
                    entry.get("village", "") or "-",
                    labelled("label_address", entry.get("address") or "-"),
                    labelled("label_phone", entry.get("phone") or "-"),
                )
            ),
        ]
        if entry.get("notes"):
            lines.append(labelled("label_notes", entry["notes"]))
        members = entry.get("members") or []
        if members:
            names = "、" if zh else ", "
            lines.append(
                labelled(
                    "label_members",
                    names.join(
                        f"{m.get('name', '')}({m.get('relation', '')})"
                        if m.get("relation")
                        else m.get("name", "")
                        for m in members
                    ),
                )
            )
        return "\n".join(lines)

    def options(self) -> list[Option | None]:
        tr, lang = self.tr, self.lang
        visits = self.session.visits_of(self.household_id)
        drafts = self.session.drafts(self.household_id)
        opts: list[Option | None] = [Option(tr("section_start"), disabled=True)]
        for n, kind in enumerate(offered_kinds()):  # the office's own forms after the built-ins
            key = START_KEYS[n] if n < len(START_KEYS) else "·"
            opts.append(Option(f" {key}  {kind_label(kind, lang)}", id=f"start:{kind}"))
        opts.append(Option(tr("section_drafts"), disabled=True))
        for d in drafts:
            revision = int(d.get("revision") or 1)
            kind = kind_label(d["form_id"], lang)
            if revision > 1:
                kind = f"{tr('correction_title', n=revision)}: {kind}"
            opts.append(
                Option(
                    " "
                    + tr(
                        "draft_item",
                        kind=kind,
                        started=(d.get("started") or "")[:16].replace("T", " "),
                        progress=self.session.progress_text(d),
                    ),
                    id=f"draft:{d['uuid']}",
                )
            )
        if not drafts:
            opts.append(Option(" " + tr("none"), disabled=True))
        opts.append(Option(tr("section_followups"), disabled=True))
        raised = followups(visits)
        for v in raised:
            note = (v.get("answers") or {}).get("followup_note") or tr("followup_no_note")
            opts.append(
                Option(
                    " "
                    + tr(
                        "followup_item",
                        date=(v.get("ended") or "")[:10],
                        kind=kind_label(v["form_id"], lang),
                        note=note,
                    ),
                    id=f"followup:{v['uuid']}",
                )
            )
        if not raised:
            opts.append(Option(" " + tr("none"), disabled=True))
        opts.append(Option(tr("section_visits"), disabled=True))
        for v in visits:
            opts.append(
                Option(
                    " "
                    + tr(
                        "visit_item",
                        date=(v.get("ended") or v.get("started") or "")[:10],
                        kind=kind_label(v["form_id"], lang)
                        + (tr("revision_mark", n=v["revision"]) if int(v.get("revision") or 1) > 1 else ""),
                        volunteer=v.get("volunteer") or "",
                    ),
                    id=f"visit:{v['uuid']}",
                )
            )
        if not visits:
            opts.append(Option(" " + tr("none"), disabled=True))
        return opts

    @on(OptionList.OptionSelected, "#actions")
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.open_option(event.option.id or "")

    def action_choose(self) -> None:
        actions = self.query_one("#actions", OptionList)
        if actions.highlighted is not None:
            self.open_option(actions.get_option_at_index(actions.highlighted).id or "")

    def open_option(self, option_id: str) -> None:
        what, _, ident = option_id.partition(":")
        if what == "start":
            self.start_visit(ident)
        elif what == "draft":
            from doorstep.tui.screens.checklist import ChecklistScreen

            self.app.push_screen(ChecklistScreen(ident))
        elif what in ("visit", "followup"):
            from doorstep.tui.screens.review import SummaryScreen

            self.app.push_screen(SummaryScreen(ident))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "correct":  # shown (and working) once there is a past visit to correct
            return bool(self.session.visits_of(self.household_id))
        return True

    def action_correct(self) -> None:
        """Correct the past visit (or the visit of the follow-up) under the cursor."""
        from doorstep.tui.screens.review import open_correction

        actions = self.query_one("#actions", OptionList)
        option_id = ""
        if actions.highlighted is not None:
            option_id = actions.get_option_at_index(actions.highlighted).id or ""
        what, _, ident = option_id.partition(":")
        if what not in ("visit", "followup"):
            self.app.notify(self.tr("correct_which"), timeout=4)
            return
        open_correction(self.app, ident)

    def action_start(self, index: int) -> None:
        kinds = offered_kinds()
        if index < len(kinds):  # a key beyond the forms offered does nothing
            self.start_visit(kinds[index])

    def start_visit(self, form_id: str) -> None:
        """Start a visit of this kind; when a draft of the kind is open, ask first (a number key
        pressed by habit must not leave a second, empty visit beside the one under way)."""
        from doorstep.tui.screens.checklist import ChecklistScreen

        form = forms().get(form_id)
        if form is None:
            return
        open_drafts = [
            d
            for d in self.session.drafts(self.household_id)
            if d.get("form_id") == form_id and int(d.get("revision") or 1) == 1
        ]
        if open_drafts:
            draft = open_drafts[0]

            def answered(choice: str | None) -> None:
                if choice == "resume":
                    self.app.push_screen(ChecklistScreen(draft["uuid"]))
                elif choice == "new":
                    self.create_visit(form)

            question = self.tr(
                "draft_open_title",
                kind=kind_label(form_id, self.lang),
                started=(draft.get("started") or "")[:16].replace("T", " "),
                progress=self.session.progress_text(draft),
            )
            self.app.push_screen(DraftOpenDialog(question), answered)
            return
        self.create_visit(form)

    def create_visit(self, form) -> None:  # noqa: ANN001 - survey.Form
        from doorstep.tui.screens.checklist import ChecklistScreen

        try:
            draft = self.session.store.start_visit(
                self.household_id, form.id, str(form.version), started=self.session.now_iso()
            )
        except UserError as exc:
            self.app.notify(exc.render(self.lang), severity="error")
            return
        self.app.push_screen(ChecklistScreen(draft["uuid"]))

    def action_back(self) -> None:
        self.app.pop_screen()

    def screen_commands(self):  # noqa: ANN201 - the app's palette asks each screen for its commands
        entry = self.session.entry(self.household_id) or {}
        for n, kind in enumerate(offered_kinds()):
            yield SystemCommand(
                self.tr("cmd_start", kind=kind_label(kind, self.lang)),
                self.tr("cmd_start_help", name=entry.get("name", "")),
                lambda n=n: self.action_start(n),
            )
