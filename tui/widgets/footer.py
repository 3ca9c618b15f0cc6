"""A Footer whose key descriptions are message keys, shown in the app's language.

It also rebuilds itself only when the keys it shows change: Textual's Footer recomposes on every
focus change, which on the checklist (a new answer widget per question) was most of the time
between a key press and the next question on screen.

Keys that do not fit the width are left out whole, the ones a person misses least first (F1
help lists them all), rather than cut in the middle of a word ("f2 E▏").
"""

from __future__ import annotations

from doorstep.i18n import Lang
from doorstep.tui.messages import MESSAGES, t
from rich.cells import cell_len
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, KeyGroup

# Left out first when the keys do not fit: F2 (a scan works without it), the checklist's jump
# and previous (PgUp is on every keyboard), the summary's second export; then from the right,
# never F1 (help, which lists every key).
LEAVE_OUT_FIRST = ("key_scan", "key_jump", "key_prev", "key_export_html")
NEVER_LEFT_OUT = ("key_help",)


def key_width(key_display: str, description: str, compact: bool) -> int:
    """Cells a FooterKey takes with its margin (Textual's Footer CSS: compact keys have no
    padding and one cell of margin; others one cell of padding either side of the key)."""
    if compact:
        return cell_len(key_display) + 1 + cell_len(description) + 1
    return 1 + cell_len(key_display) + 1 + cell_len(description) + 1


def fitting(keys: list[tuple[str, int]], room: int) -> set[int]:
    """Which of the (message key, width) keys to leave out so that the rest fit in `room` cells."""
    left_out: set[int] = set()
    order = [n for name in LEAVE_OUT_FIRST for n, (key, _) in enumerate(keys) if key == name]
    order += [n for n in reversed(range(len(keys))) if n not in order and keys[n][0] not in NEVER_LEFT_OUT]
    for n in order:
        # the last key's margin may be the footer's last cell
        if sum(w for i, (_, w) in enumerate(keys) if i not in left_out) - 1 <= room:
            break
        left_out.add(n)
    return left_out


class I18nFooter(Footer):
    """Bindings are declared with a message key as description; this shows its translation."""

    _shown: tuple | None = None
    _width: int = 0

    def translate(self, key: str, lang: Lang) -> str | None:
        """The text for a message key, or None when the description is not one (subclasses
        with more messages override this)."""
        return t(key, lang) if key in MESSAGES else None

    def compose(self) -> ComposeResult:
        lang: Lang = getattr(self.app, "lang", "zh")  # a footer outside doorstep's apps: Chinese
        widgets = list(super().compose())
        keys: list[tuple[int, str, int]] = []  # (index in widgets, message key, width)
        room = self.app.size.width
        compact = self.app.size.width < 100
        for n, widget in enumerate(widgets):
            if isinstance(widget, FooterKey):
                name = widget.description
                translated = self.translate(name, lang)
                if translated is not None:
                    widget.description = translated
                width = key_width(widget.key_display, widget.description, compact)
                if widget.has_class("-command-palette"):
                    room -= width  # docked right: its border takes the cell of its margin
                else:
                    keys.append((n, name, width))
        self._width = self.app.size.width
        if not any(isinstance(w, KeyGroup) for w in widgets):
            # plain keys (doorstep groups none): those that do not fit are left out whole
            left_out = {keys[i][0] for i in fitting([(k, w) for _, k, w in keys], room)}
            widgets = [w for n, w in enumerate(widgets) if n not in left_out]
        yield from widgets

    def bindings_changed(self, screen: Screen) -> None:
        shown = (
            getattr(self.app, "lang", "zh"),
            tuple(
                (key, binding.action, binding.description, enabled)
                for key, (_node, binding, enabled, _tip) in screen.active_bindings.items()
                if binding.show
            ),
        )
        if shown == self._shown and self._bindings_ready:
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = shown  # remembered only when Footer really recomposes for it
        super().bindings_changed(screen)

    def on_mount(self) -> None:
        self._fit(self.app.size.width)

    def on_resize(self) -> None:
        self._fit(self.app.size.width)
        if self._width and self._width != self.app.size.width:
            self.refresh(recompose=True)  # other keys may fit now

    def _fit(self, width: int) -> None:
        # at 80 columns every key must fit: drop the padding around the key names
        compact = width < 100
        if self.compact != compact:
            self.compact = compact
