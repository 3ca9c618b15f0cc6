"""The volunteer's app: bindings, theme, language, the screen stack and the scanner.

The app receives where the home is, the language and theme asked for on the command line, and
(for tests) the clocks. It opens the home's session and pushes the Assignments screen, or the
first-start screen when there is no home yet. Every key passes through the scanner detector
first, so that a scanner burst opens its household wherever the focus is.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.timer import Timer

from i18n import Lang, UserError, detect_lang
from storage.home import Home
from tui.messages import t
from tui.scanner import ScanDetector
from tui.session import Session
from tui.theme import DEFAULT_THEME, THEME_TO_SETTING, THEMES, other_theme, theme_from_setting


def _local_now() -> datetime:
    return datetime.now().astimezone()


class DoorstepApp(App[None]):
    """doorstep for volunteers: scan, answer, review, finalize."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses may live elsewhere
    TITLE = "doorstep"
    # Binding descriptions are message keys; tui.widgets.footer translates them.
    BINDINGS = [
        Binding("f1", "help", "key_help", priority=True),
        Binding("f2", "scan_prompt", "key_scan", priority=True),
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
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = _local_now,
        scan_gap: float = 0.04,
        scan_min_length: int = 5,
        session: Session | None = None,
    ) -> None:
        super().__init__()
        self.home_path = Path(home_path)
        self._explicit_lang = lang
        self._explicit_theme = theme
        self.lang: Lang = detect_lang(lang)
        self.now = now
        self.session: Session | None = session  # opened by the caller (cli.app), or in on_mount
        self.scanner: ScanDetector[events.Key] = ScanDetector(
            max_gap=scan_gap, min_length=scan_min_length, clock=clock
        )
        self._scan_timer: Timer | None = None
        self._delivering = False
        for th in THEMES:
            self.register_theme(th)
        self.theme = theme_from_setting(theme) or DEFAULT_THEME

    # -- start and stop ---------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.session is not None:
            self.open_home(self.session.home)
        elif Home.exists(self.home_path):
            try:
                self.open_home(Home.open(self.home_path))
            except UserError as exc:
                self.exit(message=exc.render(self.lang), return_code=1)
        else:
            from tui.screens.setup import SetupScreen

            self.push_screen(SetupScreen())

    def open_home(self, home: Home) -> None:
        """Take the home's lock, apply its settings, and show the assignments."""
        settings = home.settings or {}
        self.lang = detect_lang(self._explicit_lang, settings.get("lang"))
        theme = theme_from_setting(self._explicit_theme) or theme_from_setting(settings.get("theme"))
        if theme:
            self.theme = theme
        if self.session is None:
            self.session = Session.open(home, self.lang, self.now)
        self.session.lang = self.lang
        self.sub_title = f"{home.name} · {settings.get('volunteer') or ''}".strip(" ·")
        from tui.screens.assignments import AssignmentsScreen

        self.switch_to_base(AssignmentsScreen())

    def switch_to_base(self, screen: Screen) -> None:
        """Make `screen` the bottom of the stack, dropping every screen above the default one."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen)

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None

    # -- the scanner: every key passes here first ---------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and not self._delivering:
            outcome = self.scanner.feed(event, event.key, event.character)
            for held in outcome.release:
                await self._deliver(held)
            if outcome.scan is not None:
                self.on_scan(outcome.scan)
            self._schedule_scan_expiry()
            return
        await super().on_event(event)

    async def _deliver(self, key: events.Key) -> None:
        self._delivering = True
        try:
            await super().on_event(key)
        finally:
            self._delivering = False

    def _schedule_scan_expiry(self) -> None:
        if self._scan_timer is not None:
            self._scan_timer.stop()
            self._scan_timer = None
        if self.scanner.holding:
            self._scan_timer = self.set_timer(self.scanner.max_gap + 0.005, self._expire_scan)

    async def _expire_scan(self) -> None:
        self._scan_timer = None
        for held in self.scanner.expire():
            await self._deliver(held)
        self._schedule_scan_expiry()

    async def release_held_keys(self) -> None:
        """Deliver the keys the scanner detector holds now (the app lost focus; tests)."""
        for held in self.scanner.flush():
            await self._deliver(held)
        self._schedule_scan_expiry()

    async def on_app_blur(self) -> None:
        await self.release_held_keys()

    def on_scan(self, code: str) -> None:
        """A scanner burst arrived: give it to a screen that wants it, else open that household."""
        if self.session is None:
            return
        accept = getattr(self.screen, "accept_scan", None)
        if accept is not None and accept(code):
            return
        self.open_identifier(code)

    def open_identifier(self, text: str) -> bool:
        """Open the household with this identifier; notify the problem and return False if none."""
        assert self.session is not None
        found = self.session.lookup(text)
        if found.entry is None:
            key = {"typo": "id_typo", "malformed": "id_malformed", "unknown": "id_unknown"}[
                found.problem or "unknown"
            ]
            self.notify(t(key, self.lang, id=found.text), severity="error", timeout=6)
            return False
        self.open_household(found.entry["id"])
        return True

    def open_household(self, household_id: str) -> None:
        from tui.screens.assignments import AssignmentsScreen
        from tui.screens.household import HouseholdScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, AssignmentsScreen):
            self.pop_screen()
        self.push_screen(HouseholdScreen(household_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("scan_prompt", "show_drafts", "show_outbox"):
            return self.session is not None  # nothing to look up before a home exists
        return True

    # -- actions ------------------------------------------------------------------------------

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_scan_prompt(self) -> None:
        from tui.screens.scan import ScanPrompt

        if self.session is not None and not isinstance(self.screen, ScanPrompt):
            self.push_screen(ScanPrompt())

    def action_toggle_theme(self) -> None:
        self.theme = other_theme(self.theme)
        if self.session is not None:
            self.session.home.save_settings(theme=THEME_TO_SETTING.get(self.theme, self.theme))

    async def action_toggle_language(self) -> None:
        await self.set_language("en" if self.lang == "zh" else "zh")

    async def set_language(self, lang: Lang) -> None:
        """Switch every string (and the forms' labels) to `lang`, and remember it."""
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

    def action_show_drafts(self) -> None:
        from tui.screens.drafts import DraftsScreen

        if self.session is not None and not isinstance(self.screen, DraftsScreen):
            self.push_screen(DraftsScreen())

    def action_show_outbox(self) -> None:
        from tui.screens.outbox import OutboxScreen

        if self.session is not None and not isinstance(self.screen, OutboxScreen):
            self.push_screen(OutboxScreen())

    def action_show_assignments(self) -> None:
        from tui.screens.assignments import AssignmentsScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, AssignmentsScreen):
            self.pop_screen()

    def action_command_palette(self) -> None:
        if not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=t("palette_placeholder", self.lang)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        lang = self.lang
        if self.session is not None:
            yield SystemCommand(t("cmd_scan", lang), t("cmd_scan_help", lang), self.action_scan_prompt)
            yield SystemCommand(
                t("cmd_assignments", lang), t("cmd_assignments_help", lang), self.action_show_assignments
            )
            yield SystemCommand(t("cmd_drafts", lang), t("cmd_drafts_help", lang), self.action_show_drafts)
            yield SystemCommand(t("cmd_outbox", lang), t("cmd_outbox_help", lang), self.action_show_outbox)
        yield from getattr(screen, "screen_commands", lambda: ())()
        yield SystemCommand(t("cmd_theme", lang), t("cmd_theme_help", lang), self.action_toggle_theme)
        yield SystemCommand(
            t("cmd_language", lang), t("cmd_language_help", lang), self.action_toggle_language
        )
        yield SystemCommand(t("cmd_help", lang), t("cmd_help_help", lang), self.action_help)
        yield SystemCommand(t("cmd_quit", lang), t("cmd_quit_help", lang), self.action_quit)
