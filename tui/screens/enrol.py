"""This laptop and its office: the key to take to the office, and the office's stick brought back.

A laptop is enrolled in two trips of a USB stick: its public key goes to the office (which runs
`doorstep device add FILE`), and the office's public key and the first assignment come back
(`r` reads them, tui.stick). The screen says which of the two is still to be done."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from doorstep.i18n import UserError
from doorstep.tui.screens.base import BaseScreen
from doorstep.tui.screens.prompt import PathPrompt
from doorstep.tui.screens.working import Working
from doorstep.tui.widgets.footer import I18nFooter
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static


def key_file_name(home: Any) -> str:
    """The public key's file name on the stick: the laptop's name, readable at the office."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in home.name).strip("-") or "laptop"
    return f"{safe}.pub"


def default_stick_folder(home: Any) -> str:
    return home.settings.get("export_dir") or str(Path.home())


class EnrolScreen(BaseScreen):
    BINDINGS = [
        Binding("w", "write_key", "key_write_key"),
        Binding("i", "read_stick", "key_read_stick"),
        Binding("escape", "back", "key_back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="enrol"):
            yield Static(id="enrol-text", markup=False)
        yield I18nFooter()

    def on_mount(self) -> None:
        self.sub_title = self.tr("enrol_title")
        self.refill()

    def refill(self) -> None:
        from doorstep.sync.identity import has_office_key, load_office_key, load_public_identity

        home = self.session.home
        tr = self.tr
        lines = [tr("enrol_device", name=home.name, volunteer=home.settings.get("volunteer") or "")]
        try:
            me = load_public_identity(home)
            lines.append(tr("enrol_fingerprint", fingerprint=me.fingerprint))
        except UserError as exc:
            lines.append(exc.render(self.lang))
        lines.append("")
        lines.append(tr("enrol_step_key", file=key_file_name(home)))
        lines.append("")
        if has_office_key(home):
            try:
                office = load_office_key(home)
                lines.append(tr("enrol_office_trusted", name=office.name, fingerprint=office.fingerprint))
            except UserError as exc:
                lines.append(exc.render(self.lang))
        else:
            lines.append(tr("enrol_step_office"))
        households = len(self.session.store.assignment())
        lines.append(tr("enrol_assigned", n=households) if households else tr("enrol_no_assignment"))
        self.query_one("#enrol-text", Static).update("\n".join(lines))

    def action_write_key(self) -> None:
        write_key_to_stick(self)

    def action_read_stick(self) -> None:
        read_stick_into(self, on_done=self.refill)

    def action_back(self) -> None:
        self.app.pop_screen()


def write_key_to_stick(screen: BaseScreen) -> None:
    """Ask for the stick's folder, then write this laptop's public key there (in a thread)."""
    from doorstep.sync.identity import export_public_key

    home = screen.session.home

    def chosen(folder: str | None) -> None:
        if not folder:
            return
        target = Path(folder).expanduser() / key_file_name(home)

        def done(outcome: tuple[str, Any] | None) -> None:
            value: Any  # what the stick gave, or the error that stopped it
            state, value = outcome or ("failed", None)
            if state == "failed":
                screen.notify_failure(value, target)
                return
            home.save_settings(export_dir=folder)  # remembered once it worked
            screen.app.notify(screen.tr("enrol_key_written", path=str(target)), timeout=10)

        screen.app.push_screen(Working("working_stick", lambda: export_public_key(home, target)), done)

    screen.app.push_screen(PathPrompt(screen.tr("enrol_key_prompt"), default_stick_folder(home)), chosen)


def read_stick_into(screen: BaseScreen, on_done: Any = None) -> None:
    """Ask where the office's stick is, then take its key and this laptop's assignments."""
    from doorstep.tui.stick import read_stick

    session = screen.session

    def chosen(folder: str | None) -> None:
        if not folder:
            return
        where = Path(folder).expanduser()

        def done(outcome: tuple[str, Any] | None) -> None:
            value: Any  # what the stick gave, or the error that stopped it
            state, value = outcome or ("failed", None)
            if state == "failed":
                screen.notify_failure(value, where)
            else:
                say_what_the_stick_gave(screen, value, where)
                if not value.problems and (value.office is not None or value.imported):
                    session.home.save_settings(export_dir=folder)
            if on_done is not None:
                on_done()

        work = lambda: read_stick(session.home, session.store, where, screen.lang)  # noqa: E731
        screen.app.push_screen(Working("working_stick_read", work), done)

    screen.app.push_screen(PathPrompt(screen.tr("stick_prompt"), default_stick_folder(session.home)), chosen)


def say_what_the_stick_gave(screen: BaseScreen, result: Any, where: Path) -> None:
    parts = []
    if result.office is not None:
        parts.append(screen.tr("stick_office_trusted", name=result.office.name))
    if result.imported:
        parts.append(screen.tr("stick_imported", n=len(result.imported), households=result.households))
    if parts:
        screen.app.notify("\n".join(parts), timeout=10)
    for problem in result.problems:
        screen.app.notify(problem, severity="error", timeout=12)
    if not parts and not result.problems:
        screen.app.notify(screen.tr("stick_nothing", path=str(where)), severity="warning", timeout=10)
