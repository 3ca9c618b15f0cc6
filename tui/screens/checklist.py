"""Checklist: one question at a time, validated as typed, saved as answered.

The screen keeps a `survey.Checklist` (the engine) for the draft and the slot being asked. Each
change goes to the engine first (which normalises it and says what is wrong), then to storage:
selections are saved at once, typing shortly after the last key and always before the question
is left. The "saved" mark appears only once storage has returned, i.e. the answer is on disk.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from doorstep.i18n import UserError
from doorstep.tui.form_language import (
    FormLanguageMenu,
    choose_form_language,
    chosen_form_language,
    language_name,
)
from doorstep.tui.forms import form_for, kind_label
from doorstep.tui.screens.base import BaseModal, BaseScreen
from doorstep.tui.visit_summary import entry_number
from doorstep.tui.widgets.answer import (
    AnswerChanged,
    CommandChosen,
    DoorstepAnswerInput,
    DoorstepChoiceList,
    DoorstepCommandList,
    DoorstepMultiChoiceList,
    DoorstepTextAnswer,
    NextRequested,
)
from doorstep.tui.widgets.cells import fit
from doorstep.tui.widgets.footer import I18nFooter
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

Slot = tuple[Any, ...]
SAVE_DELAY = 0.3  # seconds after the last key before typed text is written
# seconds after the last key before what is wrong with typed text is said: "2" is no error while
# "25" is being typed, but it is one if the volunteer stops there
ERROR_DELAY = 0.8
REPEAT_TYPES = ("begin_repeat", "repeat")
TEXT_TYPES = (
    "text",
    "integer",
    "decimal",
    "date",
    "time",
    "dateTime",
    "household_id",
    "barcode",
    "geopoint",
    "geotrace",
    "geoshape",
)
STATE_MARK = {"answered": "✓", "error": "✗", "empty": "·", "note": " ", "missing": "!"}


def item_state(item: Any) -> str:
    if item.missing:
        return "missing"
    return item.state


class ChecklistScreen(BaseScreen):
    BINDINGS = [
        Binding("pageup", "previous", "key_prev", priority=True),
        Binding("pagedown", "next", "key_next", priority=True),
        Binding("enter", "next", "key_next", show=False),
        Binding("f3", "jump", "key_jump", priority=True),
        Binding("f4", "review", "key_review", priority=True),
        Binding("f6", "add_entry", "key_add_entry", priority=True),
        Binding("f7", "remove_entry", "key_remove_entry", priority=True),
        Binding("f8", "form_language", "key_form_language", priority=True),
        Binding("ctrl+z", "undo_remove", "key_undo", priority=True),
        Binding("escape", "leave", "key_leave", priority=True, show=False),
    ]

    def __init__(self, visit_id: str, slot: Slot | None = None, *, first: bool = False) -> None:
        """`slot`: the question to show; else the first one (`first`, a new correction) or
        where the volunteer left the draft."""
        super().__init__()
        self.visit_id = visit_id
        self.slot: Slot | None = slot
        self.first = first
        # Resumed where the volunteer left off: their text is continued, not selected (a
        # selected answer is replaced by the next key, as when going back to change it).
        self._continue_typing = False
        self.cl: Any = None
        self.form: Any = None
        self.persisted: dict[str, Any] = {}
        self._save_timer: Timer | None = None
        self._error_timer: Timer | None = None
        self._typing = False  # keys are coming: the current answer's errors wait for a pause
        self._dirty = False
        self.finalized = False
        # the answers as they were before the last F7, until it is undone or another entry goes
        self._before_removal: tuple[Slot, int, dict[str, Any]] | None = None

    # -- building ------------------------------------------------------------------------------

    def load(self) -> bool:
        draft = self.session.store.get_draft(self.visit_id)
        if draft is None:
            return False
        self.draft = draft
        self.form = form_for(draft["form_id"], draft.get("form_version"))
        if self.form is None:
            return False
        self.cl = self.new_checklist(draft.get("answers") or {})
        self.persisted = dict(draft.get("answers") or {})
        if self.slot is None:
            items = self.cl.items()
            self.slot = (items[0].slot if items else None) if self.first else self.resume_slot()
            position = tuple(draft.get("position") or ())
            if not self.first and position in {item.slot for item in items}:
                self.slot = position
            self._continue_typing = not self.first
        return True

    def new_checklist(self, answers: Any) -> Any:
        """The engine on this draft's form, with `answers`, the home's metadata and register."""
        from doorstep.survey import Checklist

        home = self.session.home
        meta = {"deviceid": home.name, "username": home.default_actor()}
        checklist = Checklist(
            self.form, answers=answers, lang=self.lang, today=self.today(),
            meta=meta, register=self.session.store.get_entry, visit=self.visit_id,
        )
        checklist.form_lang = chosen_form_language(self.session, self.form.id)
        return checklist

    def today(self) -> date:
        return self.app.now().date()

    def resume_slot(self) -> Slot | None:
        """Where a resumed draft continues when it does not say where the volunteer was (the
        draft's `position`, written at every question shown, is used first): the last
        question, in the form's order, that has an answer. A draft with no answer yet starts at
        the first question."""
        items = self.cl.items()
        answered = [
            item
            for item in items
            if item.type not in REPEAT_TYPES and not item.read_only and (item.value or "").strip()
        ]
        if self.draft.get("supersedes"):
            # a correction starts with every answer given: where the volunteer was is the last
            # answer they changed, else the first question
            changed = self.changed_names()
            answered = [item for item in items if item.slot[0] in changed and item.type not in REPEAT_TYPES]
            if not answered:
                return items[0].slot if items else None
        if answered:
            return answered[-1].slot
        return items[0].slot if items else None

    def changed_names(self) -> set[str]:
        """The answers (top-level names) a correction changed from the revision it supersedes."""
        store = self.session.store
        original: Mapping[str, Any] = store.get_visit(self.visit_id, self.draft["supersedes"]) or {}
        before = original.get("answers") or {}
        now = self.draft.get("answers") or {}

        def given(value: Any) -> Any:
            return None if value in ("", None, []) else value

        return {name for name in set(before) | set(now) if given(before.get(name)) != given(now.get(name))}

    def compose(self) -> ComposeResult:
        from doorstep.tui.screens.returns import ReturnNote

        yield Header()
        yield ReturnNote(self.visit_id)
        with Horizontal(id="checklist"):
            with Vertical(id="question"):
                with Horizontal(id="qtop"):
                    yield Static(id="progress")
                    yield Static(id="saved")
                yield Static(id="group", classes="hint")
                yield Static(id="label", markup=False)
                yield Static(id="hint", classes="hint", markup=False)
                yield VerticalScroll(id="answer")
                yield Static(id="errors", classes="error", markup=False)
            yield OptionList(id="jumplist")
        yield I18nFooter()

    async def on_mount(self) -> None:
        if self.cl is None and not self.load():
            draft: Mapping[str, Any] = self.session.store.get_draft(self.visit_id) or {}
            self.app.notify(self.tr("form_unknown", form=draft.get("form_id", "?")), severity="error")
            self.app.pop_screen()
            return
        entry: Mapping[str, Any] = self.session.entry(self.draft["household"]) or {}
        self.sub_title = f"{kind_label(self.form.id, self.lang)} · {entry.get('name', '')}"
        revision = int(self.draft.get("revision") or 1)
        if revision > 1:
            self.sub_title = f"{self.tr('correction_title', n=revision)} · {self.sub_title}"
        self.mark_saved(True)
        await self.show()

    async def language_changed(self) -> None:
        self.flush()
        if self.cl is not None:
            self.cl.lang = self.lang
        await self.recompose()
        await self.on_mount()

    def current(self) -> Any:
        return self.cl.item(self.slot) if self.slot is not None else None

    async def show(self) -> None:
        """Put the current question on screen with its answer widget."""
        item = self.current()
        answer = self.query_one("#answer", VerticalScroll)
        await answer.remove_children()
        if item is None:
            self.query_one("#label", Static).update("")
            self.refresh_status()
            return
        label = item.label + ("  *" + self.tr("required_mark") if item.required else "")
        if item.entry:
            label = f"[{self.tr('entry_of', n=entry_number(item))}] " + label
        if item.type in REPEAT_TYPES:
            label += "  " + self.tr("entries_so_far", n=int(item.value or 0))
        self.query_one("#label", Static).update(label)
        self.query_one("#hint", Static).update(item.hint or "")
        self.query_one("#group", Static).update(" › ".join(item.group))
        widget = self.answer_widget(item)
        self._continue_typing = False  # only the question the draft was resumed at
        await answer.mount(widget)
        if widget.can_focus:
            widget.focus()
        else:
            self.set_focus(None)
        self.refresh_status()
        self.remember_position()

    def remember_position(self) -> None:
        """Write down the question shown, so that the draft resumes here (after a kill too)."""
        if self.finalized or self.slot is None:
            return
        try:
            self.session.store.set_draft_position(self.visit_id, self.slot)
        except UserError:  # the draft is gone (finalized or discarded meanwhile)
            pass

    def answer_widget(self, item: Any) -> Widget:
        kind = item.type
        if kind == "note":  # read-only too, but there is nothing to show beside its text
            return Static(self.tr("note_continue"), classes="hint")
        if item.read_only:
            return Static(item.value or "-", classes="readonly", markup=False)
        if kind in TEXT_TYPES:
            placeholder = {
                "date": "date_placeholder",
                "time": "time_placeholder",
                "dateTime": "datetime_placeholder",
                "integer": "number_placeholder",
                "decimal": "number_placeholder",
            }.get(kind, "answer_placeholder")
            if kind == "text":
                return DoorstepTextAnswer(
                    item.value,
                    placeholder=self.tr("text_placeholder"),
                    id="answer-input",
                    select_on_focus=not self._continue_typing,
                )
            return DoorstepAnswerInput(
                value=item.value,
                placeholder=self.tr(placeholder),
                id="answer-input",
                select_on_focus=not self._continue_typing,
            )
        if kind == "select_one":
            return DoorstepChoiceList(
                [(c.name, c.label) for c in item.choices], item.value, id="answer-choices"
            )
        if kind == "select_multiple":
            return DoorstepMultiChoiceList(
                [(c.name, c.label) for c in item.choices], item.value, id="answer-multi"
            )
        if kind == "acknowledge":
            return DoorstepChoiceList([("OK", self.tr("ack_choice"))], item.value, id="answer-choices")
        if kind in REPEAT_TYPES:
            count = int(item.value or 0)
            commands = [] if item.counted else [("add", self.tr("repeat_add"))]
            if count:
                commands.append(("edit", self.tr("repeat_edit", n=count)))
            commands.append(("continue", self.tr("repeat_continue")))
            return DoorstepCommandList(
                commands, highlighted=0 if not count else len(commands) - 1, id="answer-commands"
            )
        return Static(self.tr("note_continue"), classes="hint")

    def refresh_status(self) -> None:
        """Progress, the errors of the current answer, and the jump list beside it."""
        items = self.cl.items()
        slots = [i.slot for i in items]
        pos = slots.index(self.slot) + 1 if self.slot in slots else 0
        progress = self.cl.progress()
        self.query_one("#progress", Static).update(
            self.tr("progress", pos=pos, count=len(items), done=progress.answered, required=progress.required)
        )
        item = self.current()
        errors = list(item.errors) if item is not None and not self._typing else []
        self.query_one("#errors", Static).update("\n".join(errors))
        # filled even while hidden: the screen may widen (and show it) at any time
        jump = self.query_one("#jumplist", OptionList)
        fill_jump_list(jump, items, self.slot, width=jump.size.width or 34)

    def mark_saved(self, saved: bool) -> None:
        for mark in self.query("#saved").results(Static):  # none while the screen closes
            mark.update(self.tr("saved") if saved else self.tr("saving"))
            mark.set_class(not saved, "pending")

    # -- answering and saving --------------------------------------------------------------------

    @on(AnswerChanged)
    def answer_changed(self, event: AnswerChanged) -> None:
        if self.slot is None:
            return
        item = self.current()
        if item is not None and item.type in TEXT_TYPES and event.raw == (item.value or ""):
            return  # the field filled in as it was shown, not a key typed
        self.cl.set(self.slot, event.raw)
        self._dirty = True
        if self.current().type not in TEXT_TYPES:
            self.refresh_status()
        if self.current().type in TEXT_TYPES:  # typing: write shortly after the last key
            self._typing = True
            if self._error_timer is not None:
                self._error_timer.stop()
            self._error_timer = self.set_timer(ERROR_DELAY, self.typing_paused)
            self.refresh_status()
            self.mark_saved(False)
            if self._save_timer is not None:
                self._save_timer.stop()
            self._save_timer = self.set_timer(SAVE_DELAY, self.flush)
        else:
            self.flush()

    def typing_paused(self) -> None:
        """The volunteer stopped typing: now say what is wrong with the answer, if anything."""
        if self.stop_typing() and self.is_mounted and self.cl is not None:
            self.refresh_status()

    def stop_typing(self) -> bool:
        """Forget that keys were coming; True if they were."""
        if self._error_timer is not None:
            self._error_timer.stop()
            self._error_timer = None
        was, self._typing = self._typing, False
        return was

    def flush(self) -> None:
        """Write every answer that changed since the last write (calculated ones included)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if not self._dirty or self.cl is None or self.finalized:
            return
        answers = self.cl.answers
        store = self.session.store
        for name in sorted(set(answers) | set(self.persisted)):
            new = answers.get(name)
            if new != self.persisted.get(name):
                store.save_answer(self.visit_id, (name,), new)
                if new is None:
                    self.persisted.pop(name, None)
                else:
                    self.persisted[name] = new
        store.set_register_updates(self.visit_id, self.cl.register_updates())
        self._dirty = False
        self.mark_saved(True)

    def on_unmount(self) -> None:
        self.flush()
        if not self.finalized and self.app.session is not None:
            self.session.drop_if_empty(self.visit_id)  # e.g. a scan led away before any answer

    def accept_scan(self, code: str) -> bool:
        """A scanner burst while an identifier question is asked fills in the answer."""
        item = self.current()
        if item is None or item.type not in ("household_id", "barcode") or item.read_only:
            return False
        field = self.query("#answer-input")
        if field:
            field.first(DoorstepAnswerInput).value = code  # posts AnswerChanged
        return True

    @on(CommandChosen)
    async def command_chosen(self, event: CommandChosen) -> None:
        item = self.current()
        if item is None or item.type not in REPEAT_TYPES:
            return
        row = item.slot
        if event.command == "add":
            await self.action_add_entry()
        elif event.command == "edit":
            first = next((i.slot for i in self.cl.items() if i.entry == (*row, 0)), None)
            if first is not None:
                await self.goto(first)
        else:
            nxt = self.after_repeat(row)
            around = row[:-1]  # a repeat inside an entry: offer another of that entry's repeat
            if around and not self.cl.item(around[:-1]).counted and (
                nxt is None or self.cl.item(nxt).entry[: len(around)] != around
            ):
                nxt = around[:-1]
            if nxt is None:
                await self.action_review()
            else:
                await self.goto(nxt)

    def after_repeat(self, row: Slot) -> Slot | None:
        """The first question after the repeat whose row is `row` and all its entries."""
        passed = False
        for item in self.cl.items():
            inside = item.slot == row or item.entry[: len(row)] == row
            if inside:
                passed = True
            elif passed:
                return item.slot
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # F6/F7 only show (and work) where there is a repeat to add to or remove from
        if action == "undo_remove":
            return self._before_removal is not None
        if action == "form_language":  # only a form written in more than the two interface languages
            return self.form is not None and bool(set(self.form.languages()) - {"zh", "en"})
        if action in ("add_entry", "remove_entry") and self.cl is not None:
            item = self.current()
            if action == "add_entry":
                return self.repeat_name(item) is not None
            return item is not None and bool(item.entry) and not self.cl.item(item.entry[:-1]).counted
        return True

    # -- moving ------------------------------------------------------------------------------------

    @on(NextRequested)
    async def next_requested(self) -> None:
        await self.action_next()

    async def action_next(self) -> None:
        item = self.current()
        if item is None:
            return
        self.typing_paused()  # Enter: the answer is as meant, its problems are shown at once
        if item.errors:
            self.app.notify(self.tr("fix_first"), severity="error", timeout=3)
            return
        self.flush()
        if item.missing:
            self.app.notify(self.tr("required_skipped"), severity="warning", timeout=3)
        nxt = self.cl.next(self.slot)
        if item.entry:
            entry = item.entry
            leaving = nxt is None or self.cl.item(nxt).entry[: len(entry)] != entry
            if leaving and not self.cl.item(entry[:-1]).counted:
                nxt = entry[:-1]  # offer another entry before going on
        if nxt is None:
            await self.action_review()
            return
        await self.goto(nxt)

    async def action_previous(self) -> None:
        self.flush()
        prev = self.cl.previous(self.slot)
        if prev is None:
            self.app.notify(self.tr("first_question"), timeout=2)
            return
        await self.goto(prev)

    async def goto(self, slot: Slot) -> None:
        self.flush()
        self.stop_typing()  # show() below says what is wrong with the next question
        self.slot = slot
        await self.show()
        self.refresh_bindings()

    def action_jump(self) -> None:
        self.flush()

        async def chosen(slot: Slot | None) -> None:
            if slot is not None:
                await self.goto(slot)

        self.app.push_screen(JumpList(self.cl.items(), self.slot), chosen)

    async def action_review(self) -> None:
        from doorstep.tui.screens.review import FINALIZED, ReviewScreen, SummaryScreen

        self.flush()

        async def edit(slot: Slot | None) -> None:
            if slot == FINALIZED:
                self.finalized = True
                self.app.pop_screen()
                self.app.push_screen(SummaryScreen(self.visit_id))
            elif slot is not None:
                await self.goto(slot)

        self.app.push_screen(ReviewScreen(self.visit_id, self.cl), edit)

    async def action_add_entry(self) -> None:
        item = self.current()
        row = self.repeat_name(item)
        if row is None:
            self.app.notify(self.tr("not_in_repeat"), timeout=2)
            return
        try:
            index = self.cl.add_entry(row)
        except UserError as exc:
            self.app.notify(exc.render(self.lang), severity="error")
            return
        self._dirty = True
        self.flush()
        self.app.notify(self.tr("entry_added", n=index + 1), timeout=2)
        first = next((i.slot for i in self.cl.items() if i.entry == (*row, index)), None)
        target = first or self.slot
        if target is not None:
            await self.goto(target)

    async def action_remove_entry(self) -> None:
        item = self.current()
        if item is None or not item.entry:
            self.app.notify(self.tr("not_in_repeat"), timeout=2)
            return
        row, index = item.entry[:-1], item.entry[-1]
        before = self.cl.answers
        try:
            self.cl.remove_entry(row, index)
        except UserError as exc:
            self.app.notify(exc.render(self.lang), severity="error")
            return
        self._before_removal = (row, index, before)
        self._dirty = True
        self.flush()
        self.app.notify(self.tr("entry_removed", n=index + 1), timeout=8)
        await self.goto(row)

    def action_form_language(self) -> None:
        self.flush()

        async def chosen(code: str | None) -> None:
            if code is None:
                return
            picked = None if code == "-" else code
            choose_form_language(self.session, self.form.id, picked)
            self.cl.form_lang = picked
            name = language_name(picked) if picked else self.tr("form_language_follow")
            self.app.notify(self.tr("form_language_set", name=name), timeout=2)
            await self.show()

        current = chosen_form_language(self.session, self.form.id) or "-"
        self.app.push_screen(FormLanguageMenu(self.form.languages(), current), chosen)

    async def action_undo_remove(self) -> None:
        """Put back the entry F7 removed last, with its answers, and go to its first question."""
        if self._before_removal is None:
            self.app.notify(self.tr("nothing_to_undo"), timeout=2)
            return
        row, index, before = self._before_removal
        self._before_removal = None
        self.cl = self.new_checklist(before)
        self._dirty = True
        self.flush()
        self.app.notify(self.tr("entry_restored", n=index + 1), timeout=3)
        first = next((i.slot for i in self.cl.items() if i.entry == (*row, index)), None)
        await self.goto(first or row)

    def repeat_name(self, item: Any) -> Slot | None:
        """The row slot of the repeat F6 adds to: the repeat shown, else the entry's own repeat."""
        if item is None:
            return None
        if item.type in REPEAT_TYPES and not item.counted:
            return tuple(item.slot)
        if item.entry:
            return tuple(item.entry[:-1])
        return None

    @on(OptionList.OptionSelected, "#jumplist")
    async def jump_list_chosen(self, event: OptionList.OptionSelected) -> None:
        items = self.cl.items()
        index = int(event.option.id or 0)
        if 0 <= index < len(items):
            await self.goto(items[index].slot)

    def action_leave(self) -> None:
        self.flush()
        if not self.finalized and self.session.drop_if_empty(self.visit_id):
            self.app.notify(self.tr("draft_dropped"), timeout=3)
        else:
            self.app.notify(self.tr("draft_kept"), timeout=3)
        self.app.pop_screen()

    def on_resize(self) -> None:
        if self.cl is not None and self.is_mounted:
            self.refresh_status()


def fill_jump_list(jump: OptionList, items: list[Any], current: Slot | None, width: int) -> None:
    """Every relevant question with its state mark; the current one highlighted."""
    jump.clear_options()
    highlighted = 0
    for n, item in enumerate(items):
        state = item_state(item)
        prefix = f"[{entry_number(item)}] " if item.entry else ""
        jump.add_option(
            Option(f"{STATE_MARK.get(state, ' ')} {fit(prefix + item.label, max(width - 4, 8))}", id=str(n))
        )
        if item.slot == current:
            highlighted = n
    if items:
        jump.highlighted = highlighted


class JumpList(BaseModal):
    """All relevant questions and their state; Enter goes to one."""

    BINDINGS = [Binding("escape", "cancel", "key_cancel"), Binding("f3", "cancel", "key_close")]

    def __init__(self, items: list[Any], current: Slot | None) -> None:
        super().__init__()
        self.items = items
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="jump-dialog"):
            yield Static(self.tr("jump_title"), classes="dialog-title")
            yield OptionList(id="jump-options")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        fill_jump_list(options, self.items, self.current, width=min(self.app.size.width - 8, 70))
        options.focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.items[int(event.option.id or 0)].slot)

    def action_cancel(self) -> None:
        self.dismiss(None)
