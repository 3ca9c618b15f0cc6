"""The office's open home: its store (held for the whole session), the language and the clock.

Like the volunteer's session (tui.session), it holds the home's writer for as long as the app
runs, so that no second doorstep writes to the office meanwhile. sync's merge is handed this
store (sync accepts the caller's writer), so the lock never has to be let go.

While a merge runs in its worker thread the store is the merge's alone: `busy` is set, screens
do not read the store and refuse changes until it is over; `generation` counts the changes, so
a screen shown again knows whether to reload.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Self

from doorstep.i18n import Lang, Message, UserError
from doorstep.storage.home import Home
from doorstep.tui.home_session import HomeSession
from doorstep.tui.office.messages import MESSAGES


@dataclass
class OfficeSession(HomeSession):
    """An open office home. Close it to release the lock."""

    busy: bool = False
    generation: int = 0

    @classmethod
    def open(cls, home: Home, lang: Lang, now: Callable[[], datetime]) -> Self:
        if home.kind != "office":
            raise UserError(Message(MESSAGES, "not_an_office", {"path": str(home.path)}))
        return super().open(home, lang, now)

    def changed(self) -> None:
        """Something was written: screens reload when shown again."""
        self.generation += 1

    def refuse_if_busy(self) -> None:
        if self.busy:
            raise UserError(Message(MESSAGES, "busy_merging", {}))

    def now_iso(self) -> str:
        return self.now().isoformat(timespec="seconds")

    @property
    def inbox_dir(self) -> Path:
        """Where bundles to merge are looked for by default (the setting remembers another)."""
        chosen = (self.home.settings or {}).get("inbox_dir")
        return self.home.path / (chosen or "inbox")
