"""The language a form is read in, apart from the interface's: F8 on the checklist.

A form written in zh, en and fr can be read to a French-speaking family while the volunteer's own
screens stay in Chinese. The choice is kept per form for the session (the next visit of the same
form opens in it) and only changes the form's own texts: labels, hints, choices, its messages.
"""

from __future__ import annotations

from typing import Any

from doorstep.tui.screens.base import BaseModal
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

# Names people read for the language codes forms use; a code not listed is shown as written.
LANGUAGE_NAMES = {
    "zh": "中文", "en": "English", "fr": "Français", "es": "Español", "pt": "Português", "ar": "العربية",
    "ru": "Русский", "sw": "Kiswahili", "hi": "हिन्दी", "bn": "বাংলা", "id": "Bahasa Indonesia",
    "vi": "Tiếng Việt", "th": "ไทย", "ug": "ئۇيغۇرچە", "bo": "བོད་ཡིག", "mn": "Монгол", "ko": "한국어",
    "ja": "日本語",
}


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, LANGUAGE_NAMES.get(code.split("-")[0], code))


def chosen_form_language(session: Any, form_id: str) -> str | None:
    """The form language chosen for `form_id` this session, None to follow the interface."""
    return dict(getattr(session, "form_languages", {}) or {}).get(form_id)


def choose_form_language(session: Any, form_id: str, code: str | None) -> None:
    chosen = dict(getattr(session, "form_languages", {}) or {})
    if code is None:
        chosen.pop(form_id, None)
    else:
        chosen[form_id] = code
    session.form_languages = chosen


class FormLanguageMenu(BaseModal):
    """The form's languages; Enter reads the form in one, the first line follows the interface."""

    BINDINGS = [Binding("escape", "cancel", "key_cancel"), Binding("f8", "cancel", "key_close")]

    def __init__(self, languages: list[str], current: str | None) -> None:
        super().__init__()
        self.languages = languages
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="form-language-dialog"):
            yield Static(self.tr("form_language_title"), classes="dialog-title")
            yield OptionList(id="form-language-options")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.add_option(Option(self.tr("form_language_follow"), id="-"))
        for code in self.languages:
            options.add_option(Option(language_name(code), id=code))
        order = ["-", *self.languages]
        options.highlighted = order.index(self.current) if self.current in order else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id or "-")

    def action_cancel(self) -> None:
        self.dismiss(None)
