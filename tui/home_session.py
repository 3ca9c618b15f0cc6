"""An open home held for as long as an app runs: what both apps' sessions share.

The session holds the home's writer (its lock), as docs/storage.md allows, so that no second
doorstep writes to the same home meanwhile. tui.session.Session (a volunteer's device) and
tui.office.session.OfficeSession (the office) add what their screens need.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from typing import Self

from doorstep.i18n import Lang
from doorstep.storage.backend import StoreBackend
from doorstep.storage.categories import BY_CODE
from doorstep.storage.home import Home
from doorstep.tui.messages import MESSAGES, t


@dataclass
class HomeSession:
    """An open home: its store, the language and the clock. Close it to release the lock."""

    home: Home
    _store: StoreBackend
    lang: Lang
    now: Callable[[], datetime]
    _stack: ExitStack = field(default_factory=ExitStack, repr=False)

    @classmethod
    def open(cls, home: Home, lang: Lang, now: Callable[[], datetime]) -> Self:
        stack = ExitStack()
        try:
            store = stack.enter_context(home.writer())
        except BaseException:
            stack.close()
            raise
        from doorstep.tui.forms import use_home

        try:
            use_home(home, store)
        except BaseException:
            stack.close()
            raise
        return cls(home=home, _store=store, lang=lang, now=now, _stack=stack)

    @property
    def store(self) -> StoreBackend:
        """The home's writable store (the office's session lends it to a merge: see there)."""
        return self._store

    def close(self) -> None:
        self._stack.close()

    def category_label(self, code: str) -> str:
        """A register category's name in the session's language (the code if unknown)."""
        cat = BY_CODE.get(code)
        if cat is None:
            return code
        return cat.zh if self.lang == "zh" else cat.en

    def category_short(self, code: str) -> str:
        """A category's name for a narrow column: distinct from the others and never cut at 80
        columns (the English names are long: two survivors' names begin alike)."""
        key = f"category_short.{code}"
        return t(key, self.lang) if key in MESSAGES else self.category_label(code)
