"""What the office's screens share, built on the volunteer app's base screens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from i18n import UserError
from tui.office.messages import t
from tui.screens.base import BaseModal, BaseScreen, _rebuild

if TYPE_CHECKING:
    from tui.office.session import OfficeSession


class _OfficeCommon:
    app: Any

    @property
    def session(self) -> OfficeSession:
        session = self.app.session
        assert session is not None, "no office is open"
        return session

    def tr(self, key: str, **params: Any) -> str:
        return t(key, self.app.lang, **params)

    def complain(self, exc: UserError) -> None:
        self.app.notify(exc.render(self.app.lang), severity="error", timeout=8)


class OfficeScreen(_OfficeCommon, BaseScreen):
    """A full office screen. It reloads its data when shown again after the store changed, and
    rebuilds itself when the language changed while it was hidden."""

    _seen_generation = -1
    _built_lang: str | None = None

    def on_screen_resume(self) -> None:
        if self._built_lang is not None and self._built_lang != self.app.lang:
            self.call_later(self.language_changed)
            return
        if self._seen_generation != self.session.generation:
            self.reload()

    async def language_changed(self) -> None:
        await _rebuild(self)

    def loaded(self) -> None:
        """Call at the end of reload(): the data now shown is of this generation and language."""
        self._seen_generation = self.session.generation
        self._built_lang = self.app.lang

    def reload(self) -> None:  # screens override
        self.loaded()


class OfficeModal(_OfficeCommon, BaseModal):
    """A dialog over an office screen; Escape closes it."""
