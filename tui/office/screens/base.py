"""What the office's screens share, built on the volunteer app's base screens."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from doorstep.i18n import UserError
from doorstep.tui.office.messages import t
from doorstep.tui.office.session import OfficeSession, StoreBusy
from doorstep.tui.screens.base import LanguageModal, LanguageScreen, Shared, _rebuild

P = ParamSpec("P")
R = TypeVar("R")


def uses_store(method: Callable[P, R]) -> Callable[P, R | None]:
    """For a screen's method that uses the office's store (a load, an action): while a merge holds
    the store, the session refuses it (StoreBusy) and the screen says so (`show_busy`) instead."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return method(*args, **kwargs)
        except StoreBusy as exc:
            screen = args[0]
            assert isinstance(screen, _OfficeCommon)
            screen.show_busy(exc)
            return None

    return wrapper


class _OfficeCommon(Shared):
    """The office's session, catalog and complaints, as its screens see them."""

    @property
    def session(self) -> OfficeSession:
        session = self.app.session
        assert session is not None, "no office is open"
        return session

    def tr(self, key: str, **params: Any) -> str:
        return t(key, self.app.lang, **params)

    def complain(self, exc: UserError) -> None:
        self.app.notify(exc.render(self.app.lang), severity="error", timeout=8)

    def show_busy(self, exc: StoreBusy) -> None:
        """A merge holds the store: say so (screens with a status line show it there)."""
        self.app.notify(exc.render(self.app.lang), severity="warning")


class OfficeScreen(_OfficeCommon, LanguageScreen):
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


class OfficeMainScreen(OfficeScreen):
    """One of the five screens of the bar (F2..F6): a title, a table filled to the width.

    Textual calls on_mount and on_resize of every class in the MRO: subclasses do not define
    them, they set TITLE_KEY and FOCUS and may fill in `before_load`.
    """

    TITLE_KEY = ""  # the message key of the header's subtitle
    FOCUS = "DataTable"  # what has the focus when the screen opens

    def on_mount(self) -> None:
        self.sub_title = self.tr(self.TITLE_KEY)
        self.before_load()
        self.reload()
        self.query_one(self.FOCUS).focus()

    def on_resize(self) -> None:
        self.refill()

    def before_load(self) -> None:
        """What a screen sets up before its first load (and again after a language change)."""

    def refill(self) -> None:  # screens override
        raise NotImplementedError


class OfficeDrillDown(OfficeScreen):
    """A screen opened from a main one (a conflict, a figure's rows): one table, which is
    computed again to fit the width. Subclasses do not define on_mount or on_resize."""

    def on_mount(self) -> None:
        self.reload()
        self.query_one("DataTable").focus()

    def on_resize(self) -> None:
        self.reload()


class OfficeModal(_OfficeCommon, LanguageModal):
    """A dialog over an office screen; Escape closes it."""
