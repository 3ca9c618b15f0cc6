"""The office supervisor's app: inbox, problems, review, register and summaries.

Built like the volunteer's DoorstepApp (tui.app): it receives where the home is, the language
and theme asked for on the command line, an already opened session (the CLI opens it before
taking over the terminal, so a held lock is a plain message) and, for tests, the clock. Each of
the five screens is a Textual *mode* with its own stack, switched with F2..F6, so a screen keeps
its filters and cursor while the supervisor looks elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen

from i18n import Lang, UserError, detect_lang
from storage.home import Home
from tui.office.messages import t
from tui.office.session import OfficeSession
from tui.theme import DEFAULT_THEME, THEME_TO_SETTING, THEMES, other_theme, theme_from_setting


def _local_now() -> datetime:
    return datetime.now().astimezone()


def _inbox() -> Screen:
    from tui.office.screens.inbox import InboxScreen

    return InboxScreen()


def _problems() -> Screen:
    from tui.office.screens.problems import ProblemsScreen

    return ProblemsScreen()


def _review() -> Screen:
    from tui.office.screens.review import ReviewScreen

    return ReviewScreen()


def _register() -> Screen:
    from tui.office.screens.register import RegisterScreen

    return RegisterScreen()


def _summaries() -> Screen:
    from tui.office.screens.summaries import SummariesScreen

    return SummariesScreen()


class OfficeApp(App[None]):
    """doorstep at the office: merge, check, review, keep the register, report the figures."""

    CSS_PATH = [
        Path(__file__).parent.parent / "app.tcss",  # the volunteer app's styles: dialogs, hints
        Path(__file__).with_name("office.tcss"),
    ]
    TITLE = "doorstep"
    MODES = {
        "inbox": _inbox,
        "problems": _problems,
        "review": _review,
        "register": _register,
        "summaries": _summaries,
    }
    # Descriptions are message keys; the footer translates them.
    BINDINGS = [
        Binding("f1", "help", "key_help", priority=True),
        Binding("f2", "show('inbox')", "okey_inbox", show=False, priority=True),
        Binding("f3", "show('problems')", "okey_problems", show=False, priority=True),
        Binding("f4", "show('review')", "okey_review", show=False, priority=True),
        Binding("f5", "show('register')", "okey_register", show=False, priority=True),
        Binding("f6", "show('summaries')", "okey_summaries", show=False, priority=True),
        Binding("ctrl+t", "toggle_theme", "key_theme", show=False, priority=True),
        Binding("ctrl+l", "toggle_language", "key_language", show=False, priority=True),
        Binding("ctrl+q", "quit", "key_quit", show=False, priority=True),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    def __init__(
        self,
        home_path: Path,
        *,
        lang: Lang | None = None,
        theme: str | None = None,
        now: Callable[[], datetime] = _local_now,
        session: OfficeSession | None = None,
        inbox: Path | None = None,
        start: str = "inbox",
    ) -> None:
        super().__init__()
        self.home_path = Path(home_path)
        self._explicit_lang = lang
        self._explicit_theme = theme
        self.lang: Lang = detect_lang(lang)
        self.now = now
        self.session: OfficeSession | None = session
        self.inbox_override = inbox
        self.start_mode = start if start in self.MODES else "inbox"
        for th in THEMES:
            self.register_theme(th)
        self.theme = theme_from_setting(theme) or DEFAULT_THEME

    # -- start and stop ---------------------------------------------------------------------

    def on_mount(self) -> None:
        try:
            home = self.session.home if self.session is not None else Home.open(self.home_path)
            settings = home.settings or {}
            self.lang = detect_lang(self._explicit_lang, settings.get("lang"))
            theme = theme_from_setting(self._explicit_theme) or theme_from_setting(settings.get("theme"))
            if theme:
                self.theme = theme
            if self.session is None:
                self.session = OfficeSession.open(home, self.lang, self.now)
        except UserError as exc:
            self.exit(message=exc.render(self.lang), return_code=1)
            return
        self.session.lang = self.lang
        self.sub_title = home.name
        self.switch_mode(self.start_mode)

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None

    # -- actions ------------------------------------------------------------------------------

    def action_show(self, mode: str) -> None:
        if self.session is None or mode not in self.MODES:
            return
        if self.current_mode == mode:
            # back to the screen's base (leave a visit or a drill-down open elsewhere)
            while len(self.screen_stack) > 1:
                self.pop_screen()
            return
        self.switch_mode(mode)

    def action_help(self) -> None:
        from tui.office.screens.help import OfficeHelp

        if not isinstance(self.screen, OfficeHelp):
            self.push_screen(OfficeHelp())

    def action_merge(self) -> None:
        """Merge every bundle of the inbox (from the command palette)."""
        self.action_show("inbox")
        self.call_after_refresh(lambda: getattr(self.screen, "action_merge", lambda: None)())

    def action_assign(self) -> None:
        from tui.office.screens.assign import AssignDialog

        self.push_screen(AssignDialog())

    def action_labels(self) -> None:
        self.action_show("register")
        self.call_after_refresh(lambda: getattr(self.screen, "action_labels", lambda: None)())

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
        if not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=t("palette_placeholder", self.lang)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        lang = self.lang
        if self.session is not None:
            for mode in ("inbox", "problems", "review", "register", "summaries"):
                yield SystemCommand(
                    t(f"cmd_{mode}", lang),
                    t(f"cmd_{mode}_help", lang),
                    lambda mode=mode: self.action_show(mode),
                )
            yield SystemCommand(t("cmd_merge", lang), t("cmd_merge_help", lang), self.action_merge)
            yield SystemCommand(t("cmd_labels", lang), t("cmd_labels_help", lang), self.action_labels)
            yield SystemCommand(t("cmd_assign", lang), t("cmd_assign_help", lang), self.action_assign)
        yield from getattr(screen, "screen_commands", lambda: ())()
        yield SystemCommand(t("cmd_theme", lang), t("cmd_theme_help", lang), self.action_toggle_theme)
        yield SystemCommand(
            t("cmd_language", lang), t("cmd_language_help", lang), self.action_toggle_language
        )
        yield SystemCommand(t("cmd_help", lang), t("cmd_help_help", lang), self.action_help)
        yield SystemCommand(t("cmd_quit", lang), t("cmd_quit_help", lang), self.action_quit)


def run_office(home: Home, *, lang: Lang | None = None, theme: str | None = None) -> int:
    """Open the office app on an office `home` (what `doorstep` with no command does there).

    The session (and the home's lock) is opened before the terminal is taken over, so that
    "another doorstep is writing to this home" is a plain message (UserError, exit code 1).
    """
    session = OfficeSession.open(home, detect_lang(lang, (home.settings or {}).get("lang")), _local_now)
    try:
        app = OfficeApp(home.path, lang=lang, theme=theme, session=session)
        app.run()
    finally:
        session.close()  # the app closes it on exit too; closing twice is harmless
    return int(app.return_code or 0)
