"""First start: no home yet. Ask the language, the device's name and the volunteer's name, then
create the home and its keys, and show how to enrol the laptop (tui.screens.enrol)."""

from __future__ import annotations

from doorstep.i18n import UserError
from doorstep.storage.home import Home
from doorstep.tui.screens.base import BaseScreen
from doorstep.tui.unlock_flow import ask_new_pin
from doorstep.tui.widgets.footer import I18nFooter
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Header, Input, Label, Select, Static


def create_keys(home: Home) -> bool:
    """Give a device home its signing and encryption keys, if it has none (sync's own
    `create_identity`, which `doorstep init device` calls too). False on a build without sync."""
    try:
        from doorstep.sync.identity import create_identity, has_identity
    except ImportError:
        return False
    if has_identity(home):
        return False
    create_identity(home)
    return True


class SetupScreen(BaseScreen):
    BINDINGS = [Binding("ctrl+s", "create", "key_create")]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="setup", classes="form"):
            yield Label(self.tr("setup_title"), classes="dialog-title")
            yield Static(self.tr("setup_where", path=str(self.app.home_path)), classes="hint", markup=False)
            yield Label(self.tr("setup_lang"))
            yield Select([("中文", "zh"), ("English", "en")], value=self.lang, allow_blank=False, id="lang")
            yield Label(self.tr("setup_device"))
            yield Input(id="device")
            yield Label(self.tr("setup_volunteer"))
            yield Input(id="volunteer")
            yield Static(id="problem", classes="error")
            yield Button(self.tr("key_create"), id="create", variant="primary")
        yield I18nFooter()

    def on_mount(self) -> None:
        self.query_one("#device", Input).focus()

    @on(Select.Changed, "#lang")
    async def lang_changed(self, event: Select.Changed) -> None:
        if event.value in ("zh", "en") and event.value != self.app.lang:
            device = self.query_one("#device", Input).value
            volunteer = self.query_one("#volunteer", Input).value
            await self.app.set_language(event.value)  # recomposes this screen
            self.query_one("#device", Input).value = device
            self.query_one("#volunteer", Input).value = volunteer

    @on(Input.Submitted, "#device")
    def device_done(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.query_one("#problem", Static).update(self.tr("setup_missing"))
            return
        self.query_one("#volunteer", Input).focus()

    @on(Input.Submitted, "#volunteer")
    @on(Button.Pressed, "#create")
    def action_create(self) -> None:
        device = self.query_one("#device", Input).value.strip()
        volunteer = self.query_one("#volunteer", Input).value.strip()
        if not device or not volunteer:
            self.query_one("#problem", Static).update(self.tr("setup_missing"))
            return
        ask_new_pin(self.app, lambda secret: self.create(device, volunteer, secret))

    def create(self, device: str, volunteer: str, secret: str) -> None:
        try:
            home = Home.create(self.app.home_path, "device", name=device, volunteer=volunteer, lang=self.lang,
                               secret=secret)
            create_keys(home)  # as `doorstep init device` does: a laptop without keys cannot enrol
        except UserError as exc:
            self.query_one("#problem", Static).update(exc.render(self.lang))
            return
        self.app.notify(self.tr("setup_done"), timeout=8)
        self.app.open_home(home)
        from doorstep.tui.screens.enrol import EnrolScreen

        self.app.push_screen(EnrolScreen())
