"""A Footer whose key descriptions are message keys, shown in the app's language.

It also rebuilds itself only when the keys it shows change: Textual's Footer recomposes on every
focus change, which on the checklist (a new answer widget per question) was most of the time
between a key press and the next question on screen.
"""

from __future__ import annotations

from doorstep.i18n import Lang
from doorstep.tui.messages import MESSAGES, t
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class I18nFooter(Footer):
    """Bindings are declared with a message key as description; this shows its translation."""

    _shown: tuple | None = None

    def translate(self, key: str, lang: Lang) -> str | None:
        """The text for a message key, or None when the description is not one (subclasses
        with more messages override this)."""
        return t(key, lang) if key in MESSAGES else None

    def compose(self) -> ComposeResult:
        lang: Lang = getattr(self.app, "lang", "zh")  # a footer outside doorstep's apps: Chinese
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                translated = self.translate(widget.description, lang)
                if translated is not None:
                    widget.description = translated
            yield widget

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

    def _fit(self, width: int) -> None:
        # at 80 columns every key must fit: drop the padding around the key names
        compact = width < 100
        if self.compact != compact:
            self.compact = compact
