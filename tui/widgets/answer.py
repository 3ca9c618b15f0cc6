"""The answer widgets of the checklist, one per kind of question.

Each posts `AnswerChanged(raw)` when the volunteer changes the answer and `NextRequested` when
Enter means "this one is done". Choices are numbered: a number key picks (or, for several
answers, ticks) that choice.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Input, OptionList, SelectionList, TextArea
from textual.widgets.option_list import Option, OptionDoesNotExist

# Ticked and not ticked differ in glyphs, not only in colour (daylight, colour-blind users).
# Plain ASCII: one cell wide in every terminal and font, CJK ones included (☑/☐ are not).
TICKED = "[x]"
UNTICKED = "[ ]"


class AnswerChanged(Message):
    def __init__(self, raw: str) -> None:
        super().__init__()
        self.raw = raw


class NextRequested(Message):
    pass


def numbered(n: int, label: str) -> str:
    return f"{n}. {label}" if n <= 9 else f"   {label}"


class KeysInOrder:
    """Mixin (first in the bases) for the typing widgets: a key bound to the widget itself
    (backspace, delete, arrows, home, end) acts when the widget receives it, in order with the
    characters. Textual runs such a binding only when the key has bubbled up to the app, by
    which time the characters that followed it in the same read from the terminal have been
    typed: "backspace backspace 年" typed 年 and then deleted it."""

    _bindings: Any
    app: Any

    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            for binding in self._bindings.key_to_bindings.get(event.key, ()):
                if not binding.priority and await self.app.run_action(binding.action, self):
                    event.stop()
                    event.prevent_default()
                    return
        await super()._on_key(event)  # type: ignore[misc]


class DoorstepAnswerInput(KeysInOrder, Input):
    """Free text, numbers, dates, identifiers: the engine validates and normalises them."""

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(AnswerChanged(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(NextRequested())


class DoorstepTextAnswer(KeysInOrder, TextArea):
    """Free text: it wraps onto the lines it needs instead of scrolling sideways. Enter means
    "done" here as everywhere in the checklist; ctrl+j starts a new line (terminals cannot tell
    shift+Enter from Enter)."""

    DEFAULT_CSS = """
    DoorstepTextAnswer {
        height: auto;
        min-height: 3;
        max-height: 7;
    }
    """

    def __init__(self, value: str, *, placeholder: str, select_on_focus: bool, **kw) -> None:  # noqa: ANN003
        super().__init__(
            value,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
            placeholder=placeholder,
            **kw,
        )
        self._select_on_focus = select_on_focus
        self._posted = value

    @property
    def value(self) -> str:
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        self.load_text(text)
        self.move_cursor(self.document.end)

    def render_lines(self, crop: Region) -> list[Strip]:
        try:
            return super().render_lines(crop)
        except KeyError:
            # TextArea reads its component styles as it draws; asked to draw in the instant
            # between being mounted and being styled (keys faster than the screen: PgDn held
            # down), it has none yet. Blank for that frame; the next one draws it.
            return [Strip.blank(crop.width)] * crop.height

    def on_mount(self) -> None:
        self.move_cursor(self.document.end)  # a resumed answer is continued where it stopped

    def on_focus(self) -> None:
        if self._select_on_focus and self.text:
            self.select_all()  # going back to change it: the next key replaces it, as in Input

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(NextRequested())
            return
        if event.key == "ctrl+j":
            event.stop()
            event.prevent_default()
            self.insert("\n")
            return
        await super()._on_key(event)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self.text != self._posted:
            self._posted = self.text
            self.post_message(AnswerChanged(self.text))


class DoorstepChoiceList(OptionList):
    """select_one (and acknowledge): Enter or a number key chooses; Enter then moves on.

    The answer given is marked (●), apart from the highlight, which only shows where the
    cursor is."""

    def __init__(self, choices: list[tuple[str, str]], value: str, **kw) -> None:  # noqa: ANN003
        self.labels = [label for _, label in choices]
        self.names = [name for name, _ in choices]
        self._value = value
        super().__init__(*[Option(self._prompt(n), id=name) for n, name in enumerate(self.names)], **kw)

    def _prompt(self, index: int) -> str:
        mark = "●" if self.names[index] == self._value else " "
        return f"{mark} {numbered(index + 1, self.labels[index])}"

    def choose(self, index: int) -> None:
        previous = self.names.index(self._value) if self._value in self.names else None
        self._value = self.names[index]
        for i in {index} if previous is None else {index, previous}:
            self.replace_option_prompt_at_index(i, self._prompt(i))
        self.highlighted = index
        self.post_message(AnswerChanged(self._value))

    def on_mount(self) -> None:
        if self._value in self.names:
            self.highlighted = self.names.index(self._value)
        elif self.names:
            self.highlighted = 0

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit() and event.character != "0":
            n = int(event.character)
            if n <= len(self.names):
                event.stop()
                event.prevent_default()
                self.choose(n - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.choose(self.names.index(event.option.id))
            self.post_message(NextRequested())


class DoorstepMultiChoiceList(SelectionList[str]):
    """select_multiple: Space or a number key ticks; Enter moves on.

    Each choice starts with [x] when ticked and [ ] when not, instead of SelectionList's
    coloured box, which looks the same either way but for its colour."""

    BINDINGS = [Binding("enter", "next", "key_next", show=False)]

    def __init__(self, choices: list[tuple[str, str]], value: str, **kw) -> None:  # noqa: ANN003
        chosen = set(value.split())
        super().__init__(
            *[(numbered(n, label), name, name in chosen) for n, (name, label) in enumerate(choices, start=1)],
            **kw,
        )
        self.names = [name for name, _ in choices]

    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)  # the prompt alone, without SelectionList's box
        index = self.scroll_offset.y + y
        try:
            choice = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return line
        segments = list(line)
        style = (segments[0].style if segments else None) or self.rich_style
        mark = TICKED if choice.value in self._selected else UNTICKED
        # the meta makes a click on the mark tick the choice, as on SelectionList's box
        return Strip([Segment(mark + " ", style + Style(meta={"option": index})), *segments])

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit() and event.character != "0":
            n = int(event.character)
            if n <= len(self.names):
                event.stop()
                event.prevent_default()
                self.highlighted = n - 1
                self.toggle(self.names[n - 1])

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        chosen = set(self.selected)
        self.post_message(AnswerChanged(" ".join(n for n in self.names if n in chosen)))

    def action_next(self) -> None:
        self.post_message(NextRequested())


class CommandChosen(Message):
    def __init__(self, command: str) -> None:
        super().__init__()
        self.command = command


class DoorstepCommandList(OptionList):
    """A few numbered actions (e.g. at a repeat: add an entry, continue); Enter or a number runs one."""

    def __init__(self, commands: list[tuple[str, str]], highlighted: int = 0, **kw) -> None:  # noqa: ANN003
        super().__init__(
            *[Option(numbered(n, label), id=cmd) for n, (cmd, label) in enumerate(commands, start=1)], **kw
        )
        self.commands = [cmd for cmd, _ in commands]
        self._start = highlighted

    def on_mount(self) -> None:
        self.highlighted = self._start

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit() and event.character != "0":
            n = int(event.character)
            if n <= len(self.commands):
                event.stop()
                event.prevent_default()
                self.highlighted = n - 1
                self.post_message(CommandChosen(self.commands[n - 1]))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(CommandChosen(event.option.id))
