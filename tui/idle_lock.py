"""The idle lock: after N minutes without a key or a click the app saves the draft and covers
itself with the unlock screen; the right PIN takes it away again, on the same question.

N is the home's setting `idle_lock_minutes` (default 5; 0 turns the lock off). The decrypted
store stays in the app's memory while it is locked: the lock keeps a passer-by from reading or
changing the screen of a laptop left open, and a laptop switched off holds nothing readable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from doorstep.storage.home import Home

if TYPE_CHECKING:
    from textual.app import App

DEFAULT_MINUTES = 5
CHECK_EVERY = 5.0  # seconds between looks at the clock


def idle_minutes(settings: dict[str, Any]) -> int:
    value = settings.get("idle_lock_minutes", DEFAULT_MINUTES)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return DEFAULT_MINUTES
    return value


class IdleLock:
    def __init__(self, app: App[Any], home: Home, clock: Callable[[], float]) -> None:
        self.app = app
        self.home = home
        self.clock = clock
        self.minutes = idle_minutes(home.settings or {})
        self.locked = False
        self.last = clock()

    def start(self) -> None:
        if self.minutes:
            self.app.set_interval(CHECK_EVERY, self.check)

    def touch(self) -> None:
        if not self.locked:
            self.last = self.clock()

    def check(self) -> None:
        if self.minutes and not self.locked and self.clock() - self.last >= self.minutes * 60:
            self.lock()

    def lock(self) -> None:
        from doorstep.tui.screens.unlock import UnlockScreen

        for screen in self.app.screen_stack:  # the answer being typed is written first
            flush = getattr(screen, "flush", None)
            if callable(flush):
                flush()
        self.locked = True
        self.app.push_screen(UnlockScreen(self.home, mode="relock", idle_minutes=self.minutes),
                             self._unlocked)

    def _unlocked(self, _secret: str | None) -> None:
        self.locked = False
        self.last = self.clock()
