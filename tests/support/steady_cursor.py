"""Text cursors drawn steadily in tests: a blinking cursor is a real-time timer (every half second),
so a screenshot taken a moment earlier or later would differ, on a loaded machine at random.

Textual's Input and TextArea toggle their cursor from a half-second interval. Here the toggle
leaves the cursor shown, as Textual itself does for a widget on a screen that is not active;
where the cursor is, and when a widget shows it (focus, blur), is unchanged.
"""

from __future__ import annotations


def install() -> None:
    from textual.widgets import Input, TextArea

    def input_blinks(self: Input) -> None:
        self._cursor_visible = True

    def text_area_blinks(self: TextArea) -> None:
        return None  # the cursor stays as the last key left it: shown

    Input._toggle_cursor = input_blinks  # type: ignore[method-assign] - the blink's timer callback
    TextArea._toggle_cursor_blink_visible = text_area_blinks  # type: ignore[method-assign]
