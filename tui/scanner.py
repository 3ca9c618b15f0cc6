"""Tell a handheld scanner's keystrokes from a person's typing.

A QR scanner in keyboard mode "types" the identifier it read, one character every few
milliseconds, and ends with Enter. A person never types several characters that fast in a row.
So: printable identifier characters are held back while they keep arriving within `max_gap`
seconds of each other; a burst of at least `min_length` of them ended by an Enter (also within
`max_gap`) is a scan. Anything else is released, in the original order, to whatever has the focus.

Pure Python, no Textual: the app feeds it every key with an opaque token (the key event) and
delivers what it releases. The clock is injectable so that tests control the timing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Token = TypeVar("Token")

# Scanners send ASCII; full-width or other characters come from an input method, i.e. a person.
SCAN_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True)
class Outcome(Generic[Token]):
    """What to do after one key: deliver `release` (in order), then open `scan` if it is set."""

    release: tuple[Token, ...] = ()
    scan: str | None = None


@dataclass
class _Held(Generic[Token]):
    token: Token
    char: str
    at: float


@dataclass
class ScanDetector(Generic[Token]):
    """Feed keys with `feed`; call `expire` when `deadline()` has passed to release held keys."""

    max_gap: float = 0.04
    min_length: int = 5
    clock: Callable[[], float] = time.monotonic
    _held: list[_Held[Token]] = field(default_factory=list)

    @property
    def holding(self) -> bool:
        return bool(self._held)

    def deadline(self) -> float | None:
        """The clock time after which the held keys are known to be typed by a person."""
        return self._held[-1].at + self.max_gap if self._held else None

    def feed(self, token: Token, key: str, char: str | None) -> Outcome[Token]:
        """Take one key (`key` as Textual names it, `char` the character it types, if any)."""
        now = self.clock()
        released: list[Token] = []
        if self._held and now - self._held[-1].at > self.max_gap:
            released = self._drain()
        if char is not None and len(char) == 1 and char in SCAN_CHARS:
            self._held.append(_Held(token, char, now))
            return Outcome(tuple(released))
        if key == "enter" and len(self._held) >= self.min_length:
            code = "".join(h.char for h in self._held)
            self._held.clear()
            return Outcome(tuple(released), scan=code)
        return Outcome((*released, *self._drain(), token))

    def expire(self) -> tuple[Token, ...]:
        """Release the held keys if no key followed them fast enough (called from a timer)."""
        if self._held and self.clock() - self._held[-1].at > self.max_gap:
            return tuple(self._drain())
        return ()

    def flush(self) -> tuple[Token, ...]:
        """Release everything held now, whatever the time (e.g. when the app loses focus)."""
        return tuple(self._drain())

    def _drain(self) -> list[Token]:
        tokens = [h.token for h in self._held]
        self._held.clear()
        return tokens
