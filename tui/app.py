"""The volunteer's app: bindings, theme, language, the screen stack and the scanner.

The app receives where the home is, the language and theme asked for on the command line, and
(for tests) the clocks. It opens the home's session and pushes the Assignments screen, or the
first-start screen when there is no home yet. Every key passes through the scanner detector
first, so that a scanner burst opens its household wherever the focus is.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from doorstep.i18n import Lang, UserError
from doorstep.storage.home import Home
from doorstep.tui.base_app import app_bindings, local_now
from doorstep.tui.idle_lock import IdleLock
from doorstep.tui.messages import t
from doorstep.tui.scanner import ScanDetector
from doorstep.tui.screens.assignments import AssignmentsScreen
from doorstep.tui.screens.base import VolunteerApp
from doorstep.tui.session import Session
from doorstep.tui.unlock_flow import open_existing_home
from textual import events
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer

_frozen: list[bool] = []


def _freeze_imports() -> None:
    """Once per process, before the first app: the objects made by importing Textual, rich,
    cryptography and doorstep (a few hundred thousand, never garbage) are left out of the
    garbage collector's full passes, which otherwise walk them all several times during the
    start (30 ms each on a laptop)."""
    if not _frozen:
        gc.freeze()
        _frozen.append(True)


class DoorstepApp(VolunteerApp):
    """doorstep for volunteers: scan, answer, review, finalize."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses may live elsewhere
    BINDINGS = app_bindings(Binding("f2", "scan_prompt", "key_scan", priority=True))

    def __init__(
        self,
        home_path: Path,
        *,
        lang: Lang | None = None,
        theme: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = local_now,
        scan_gap: float = 0.04,
        scan_min_length: int = 5,
        session: Session | None = None,
    ) -> None:
        _freeze_imports()
        super().__init__(home_path, lang=lang, theme=theme, now=now)
        self.session: Session | None = session  # opened by the caller (cli.app), or in on_mount
        self.clock = clock
        self.idle_lock: IdleLock | None = None  # tui.idle_lock, once a home is open
        self.scanner: ScanDetector[events.Key] = ScanDetector(
            max_gap=scan_gap, min_length=scan_min_length, clock=clock
        )
        self._scan_timer: Timer | None = None
        self._delivering = False

    # -- start and stop ---------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.session is not None:
            self.open_home(self.session.home)
        elif Home.exists(self.home_path):
            try:  # the PIN from the environment, else the unlock screen (tui.unlock_flow)
                open_existing_home(self, self.open_home)
            except UserError as exc:
                self.exit(message=exc.render(self.lang), return_code=1)
        else:
            from doorstep.tui.screens.setup import SetupScreen

            self.push_screen(SetupScreen())

    def open_home(self, home: Home) -> None:
        """Take the home's lock, apply its settings, and show the assignments."""
        settings = home.settings or {}
        self.apply_settings(settings)
        if self.session is None:
            self.session = Session.open(home, self.lang, self.now)
        self.session.lang = self.lang
        self.session.drop_empty_drafts()  # opened, then switched off before the first answer
        if home.kind == "device":  # after the first screen is drawn: sync's crypto is slow to load
            self.call_after_refresh(self.complete_keys, home)
        self.sub_title = f"{home.name} · {settings.get('volunteer') or ''}".strip(" ·")
        if home.encrypted:
            self.idle_lock = IdleLock(self, home, self.clock)
            self.idle_lock.start()
        self.switch_to_base(AssignmentsScreen())

    def complete_keys(self, home: Home) -> None:
        """A laptop home made without keys (by an older first start) gets them now, so that it
        can still be enrolled instead of being deleted and made again."""
        from doorstep.tui.screens.setup import create_keys

        try:
            made = create_keys(home)
        except UserError as exc:  # half a key pair on disk: never overwritten, say so
            self.notify(exc.render(self.lang), severity="error", timeout=10)
            return
        if made:
            self.notify(t("enrol_keys_created", self.lang), timeout=10)

    def switch_to_base(self, screen: Screen) -> None:
        """Make `screen` the bottom of the stack, dropping every screen above the default one."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen)

    # -- the scanner: every key passes here first ---------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if self.idle_lock is not None and isinstance(event, (events.Key, events.MouseDown)):
            self.idle_lock.touch()
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
        accept = getattr(self.screen, "accept_scan", None)
        if accept is not None and accept(code):
            return
        if self.session is None:
            return
        self.open_identifier(code)

    def open_identifier(self, text: str) -> bool:
        """Open the household with this identifier; notify the problem and return False if none."""
        assert self.session is not None
        found = self.session.lookup(text)
        if found.entry is None:
            self.notify(found.message(self.lang), severity="error", timeout=8)
            return False
        self.open_household(found.entry["id"])
        return True

    def open_household(self, household_id: str) -> None:
        """Show a household over the visit under way, if any (Escape goes back to it), else
        over the assignments; the screens above either are closed."""
        from doorstep.tui.screens.checklist import ChecklistScreen
        from doorstep.tui.screens.household import HouseholdScreen

        keep = (AssignmentsScreen, ChecklistScreen)
        while len(self.screen_stack) > 2 and not isinstance(self.screen, keep):
            self.pop_screen()
        if isinstance(self.screen, ChecklistScreen):
            self.screen.flush()
        self.push_screen(HouseholdScreen(household_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("scan_prompt", "show_drafts", "show_outbox", "show_enrolment"):
            return self.session is not None  # nothing to look up before a home exists
        return True

    # -- actions ------------------------------------------------------------------------------

    # The screens below are imported when first shown, not at start (the first screen is the
    # assignments list: python -X importtime shows what the others would cost it).
    def help_screen(self) -> type[Screen[Any]]:
        from doorstep.tui.screens.help import HelpScreen

        return HelpScreen

    def action_scan_prompt(self) -> None:
        from doorstep.tui.screens.scan import ScanPrompt

        if self.session is not None and not isinstance(self.screen, ScanPrompt):
            self.push_screen(ScanPrompt())

    def action_show_drafts(self) -> None:
        from doorstep.tui.screens.drafts import DraftsScreen

        if self.session is not None and not isinstance(self.screen, DraftsScreen):
            self.push_screen(DraftsScreen())

    def action_show_outbox(self) -> None:
        from doorstep.tui.screens.outbox import OutboxScreen

        if self.session is not None and not isinstance(self.screen, OutboxScreen):
            self.push_screen(OutboxScreen())

    def action_show_enrolment(self) -> None:
        from doorstep.tui.screens.enrol import EnrolScreen

        if self.session is not None and not isinstance(self.screen, EnrolScreen):
            self.push_screen(EnrolScreen())

    def action_show_assignments(self) -> None:
        while len(self.screen_stack) > 2 and not isinstance(self.screen, AssignmentsScreen):
            self.pop_screen()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        lang = self.lang
        if self.session is not None:
            yield SystemCommand(t("cmd_scan", lang), t("cmd_scan_help", lang), self.action_scan_prompt)
            yield SystemCommand(
                t("cmd_assignments", lang), t("cmd_assignments_help", lang), self.action_show_assignments
            )
            yield SystemCommand(t("cmd_drafts", lang), t("cmd_drafts_help", lang), self.action_show_drafts)
            yield SystemCommand(t("cmd_outbox", lang), t("cmd_outbox_help", lang), self.action_show_outbox)
            yield SystemCommand(t("key_enrol", lang), t("cmd_enrol_help", lang), self.action_show_enrolment)
        yield from self.common_commands(screen)
