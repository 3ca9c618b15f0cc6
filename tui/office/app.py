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
from typing import Any

from doorstep.i18n import Lang, UserError, detect_lang
from doorstep.storage.home import Home
from doorstep.tui.base_app import DoorstepBaseApp, app_bindings, local_now
from doorstep.tui.office.messages import t
from doorstep.tui.office.session import OfficeSession, StoreBusy
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen


def _inbox() -> Screen:
    from doorstep.tui.office.screens.inbox import InboxScreen

    return InboxScreen()


def _problems() -> Screen:
    from doorstep.tui.office.screens.problems import ProblemsScreen

    return ProblemsScreen()


def _review() -> Screen:
    from doorstep.tui.office.screens.review import ReviewScreen

    return ReviewScreen()


def _register() -> Screen:
    from doorstep.tui.office.screens.register import RegisterScreen

    return RegisterScreen()


def _summaries() -> Screen:
    from doorstep.tui.office.screens.summaries import SummariesScreen

    return SummariesScreen()


class OfficeApp(DoorstepBaseApp):
    """doorstep at the office: merge, check, review, keep the register, report the figures."""

    CSS_PATH = [
        Path(__file__).parent.parent / "app.tcss",  # the volunteer app's styles: dialogs, hints
        Path(__file__).with_name("office.tcss"),
    ]
    MODES = {
        "inbox": _inbox,
        "problems": _problems,
        "review": _review,
        "register": _register,
        "summaries": _summaries,
    }
    BINDINGS = app_bindings(
        Binding("f2", "show('inbox')", "okey_inbox", show=False, priority=True),
        Binding("f3", "show('problems')", "okey_problems", show=False, priority=True),
        Binding("f4", "show('review')", "okey_review", show=False, priority=True),
        Binding("f5", "show('register')", "okey_register", show=False, priority=True),
        Binding("f6", "show('summaries')", "okey_summaries", show=False, priority=True),
    )

    def __init__(
        self,
        home_path: Path,
        *,
        lang: Lang | None = None,
        theme: str | None = None,
        now: Callable[[], datetime] = local_now,
        session: OfficeSession | None = None,
        inbox: Path | None = None,
        start: str = "inbox",
    ) -> None:
        super().__init__(home_path, lang=lang, theme=theme, now=now)
        self.session: OfficeSession | None = session
        self.inbox_override = inbox
        self.start_mode = start if start in self.MODES else "inbox"

    # -- start and stop ---------------------------------------------------------------------

    def on_mount(self) -> None:
        try:
            home = self.session.home if self.session is not None else Home.open(self.home_path)
            self.apply_settings(home.settings or {})
            if self.session is None:
                self.session = OfficeSession.open(home, self.lang, self.now)
        except UserError as exc:
            self.exit(message=exc.render(self.lang), return_code=1)
            return
        self.session.lang = self.lang
        self.sub_title = home.name
        self.switch_mode(self.start_mode)

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

    def help_screen(self) -> type[Screen[Any]]:
        from doorstep.tui.office.screens.help import OfficeHelp

        return OfficeHelp

    def action_merge(self) -> None:
        """Merge every bundle of the inbox (from the command palette)."""
        self.action_show("inbox")
        self.call_after_refresh(lambda: getattr(self.screen, "action_merge", lambda: None)())

    def action_assign(self) -> None:
        from doorstep.tui.office.screens.assign import AssignDialog

        try:
            dialog = AssignDialog()
        except StoreBusy as exc:
            self.notify(exc.render(self.lang), severity="warning")
            return
        self.push_screen(dialog)

    def action_labels(self) -> None:
        self.action_show("register")
        self.call_after_refresh(lambda: getattr(self.screen, "action_labels", lambda: None)())

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
        yield from self.common_commands(screen)


def run_office(home: Home, *, lang: Lang | None = None, theme: str | None = None) -> int:
    """Open the office app on an office `home` (what `doorstep` with no command does there).

    The session (and the home's lock) is opened before the terminal is taken over, so that
    "another doorstep is writing to this home" is a plain message (UserError, exit code 1).
    """
    session = OfficeSession.open(home, detect_lang(lang, (home.settings or {}).get("lang")), local_now)
    try:
        app = OfficeApp(home.path, lang=lang, theme=theme, session=session)
        app.run()
    finally:
        session.close()  # the app closes it on exit too; closing twice is harmless
    return int(app.return_code or 0)
