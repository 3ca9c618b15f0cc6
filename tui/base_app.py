"""What the volunteer's app (tui.app) and the office's (tui.office.app) share.

Both receive the language and theme asked for on the command line, then apply the home's saved
settings under them; both switch theme and language from any screen and remember the choice in
the home's settings, open the translated command palette, show their own help screen on F1 and
close their session (the home's lock) when they stop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from doorstep.i18n import Lang, detect_lang
from doorstep.tui.home_session import HomeSession
from doorstep.tui.messages import t
from doorstep.tui.theme import DEFAULT_THEME, THEME_TO_SETTING, THEMES, other_theme, theme_from_setting
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.screen import Screen


def local_now() -> datetime:
    return datetime.now().astimezone()


def app_bindings(*own: Binding) -> list[BindingType]:
    """F1 help, then the app's own keys, then theme, language and quit (hidden in the footer).

    Descriptions are message keys; the footer and the help screen translate them.
    """
    return [
        Binding("f1", "help", "key_help", priority=True),
        *own,
        Binding("ctrl+t", "toggle_theme", "key_theme", show=False, priority=True),
        Binding("ctrl+l", "toggle_language", "key_language", show=False, priority=True),
        Binding("ctrl+q", "quit", "key_quit", show=False, priority=True),
    ]


SessionT = TypeVar("SessionT", bound=HomeSession)


class DoorstepBaseApp(App[None], Generic[SessionT]):
    """Theme, language, palette, help and the session's closing, for both faces of doorstep.

    `SessionT` is the face's session: tui.session.Session or tui.office.session.OfficeSession.
    """

    TITLE = "doorstep"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    session: SessionT | None  # None until a home is open

    def __init__(
        self,
        home_path: Path,
        *,
        lang: Lang | None,
        theme: str | None,
        now: Callable[[], datetime],
    ) -> None:
        super().__init__()
        self.home_path = Path(home_path)
        self._explicit_lang = lang
        self._explicit_theme = theme
        self.lang: Lang = detect_lang(lang)
        self.now = now
        for th in THEMES:
            self.register_theme(th)
        self.theme = theme_from_setting(theme) or DEFAULT_THEME

    def apply_settings(self, settings: dict[str, Any]) -> None:
        """Take the home's saved language and theme, unless the command line asked otherwise."""
        self.lang = detect_lang(self._explicit_lang, settings.get("lang"))
        theme = theme_from_setting(self._explicit_theme) or theme_from_setting(settings.get("theme"))
        if theme:
            self.theme = theme

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None

    # -- what every screen offers ---------------------------------------------------------------

    def help_screen(self) -> type[Screen[Any]]:  # each app has its own
        raise NotImplementedError

    def action_help(self) -> None:
        help_screen = self.help_screen()
        if not isinstance(self.screen, help_screen):
            self.push_screen(help_screen())

    def action_toggle_theme(self) -> None:
        self.theme = other_theme(self.theme)
        if self.session is not None:
            self.session.home.save_settings(theme=THEME_TO_SETTING.get(self.theme, self.theme))

    async def action_toggle_language(self) -> None:
        await self.set_language("en" if self.lang == "zh" else "zh")

    async def set_language(self, lang: Lang) -> None:
        """Switch every string to `lang`, and remember it. Hidden screens follow when shown."""
        self.lang = lang
        if self.session is not None:
            self.session.lang = lang
            self.session.home.save_settings(lang=lang)
        for screen in self.screen_stack:
            changed = getattr(screen, "language_changed", None)
            if changed is not None:
                await changed()
            else:
                await screen.recompose()

    def action_command_palette(self) -> None:
        # Textual types the app as App[object], and App is invariant in its result type.
        if not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(placeholder=t("palette_placeholder", self.lang)))

    def common_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette's last entries: the screen's own commands, then theme, language, help, quit."""
        lang = self.lang
        yield from getattr(screen, "screen_commands", lambda: ())()
        yield SystemCommand(t("cmd_theme", lang), t("cmd_theme_help", lang), self.action_toggle_theme)
        yield SystemCommand(
            t("cmd_language", lang), t("cmd_language_help", lang), self.action_toggle_language
        )
        yield SystemCommand(t("cmd_help", lang), t("cmd_help_help", lang), self.action_help)
        yield SystemCommand(t("cmd_quit", lang), t("cmd_quit_help", lang), self.action_quit)
