"""The office's open home: its store (held for the whole session), the language and the clock.

Like the volunteer's session (tui.session), it holds the home's writer for as long as the app
runs, so that no second doorstep writes to the office meanwhile. sync's merge is handed this
store (sync accepts the caller's writer), so the lock never has to be let go.

A Store is not thread-safe, and the merge runs in a worker thread. So the store has one owner
at a time: the screens, or a merge it is lent to (`lend_to_merge`, `take_back`). While it is lent, `store`
refuses with StoreBusy, a UserError that says a merge is running, so no screen can read or write
it then, whether or not it thought of the merge; screens show or notify that message.
`generation` counts the changes, so a screen shown again knows whether to reload.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Self

from doorstep.i18n import Lang, Message, UserError
from doorstep.storage.backend import StoreBackend
from doorstep.storage.home import Home
from doorstep.tui.home_session import HomeSession
from doorstep.tui.office.messages import MESSAGES


class StoreBusy(UserError):
    """The office's store is lent to a merge: what asked for it must wait until the merge ends."""

    def __init__(self) -> None:
        super().__init__(Message(MESSAGES, "busy_merging", {}))


@dataclass
class OfficeSession(HomeSession):
    """An open office home. Close it to release the lock."""

    generation: int = 0
    _lent: threading.Event = field(default_factory=threading.Event, repr=False)

    @classmethod
    def open(cls, home: Home, lang: Lang, now: Callable[[], datetime]) -> Self:
        if home.kind != "office":
            raise UserError(Message(MESSAGES, "not_an_office", {"path": str(home.path)}))
        return super().open(home, lang, now)

    @property
    def store(self) -> StoreBackend:
        """The store, for the screens; StoreBusy while a merge holds it."""
        if self._lent.is_set():
            raise StoreBusy()
        return self._store

    def lend_to_merge(self) -> StoreBackend:
        """The store, the merge's alone until `take_back`. Call it on the UI thread before the
        merge's worker starts: no screen is then half-way through using the store, and none can
        get it again until the worker gives it back."""
        if self._lent.is_set():
            raise StoreBusy()
        self._lent.set()
        return self._store

    def take_back(self) -> None:
        """The merge is over (the worker calls this last): the screens have the store again."""
        self.generation += 1  # the merge wrote: screens reload when shown again
        self._lent.clear()

    def changed(self) -> None:
        """Something was written: screens reload when shown again."""
        self.generation += 1

    def now_iso(self) -> str:
        return self.now().isoformat(timespec="seconds")

    @property
    def inbox_dir(self) -> Path:
        """Where bundles to merge are looked for by default (the setting remembers another)."""
        chosen = (self.home.settings or {}).get("inbox_dir")
        return self.home.path / (chosen or "inbox")
