"""The unlock screen: the PIN at start, a new PIN at first start, and the idle lock.

Three modes, one dialog:
- "unlock": the home is locked (storage.home.Home.open_locked); the PIN unwraps its data key.
- "relock": the app locked itself after idle minutes (tui.idle_lock); the PIN is checked against
  the home's keyring and the dialog goes away, leaving the screen underneath (the same question)
  as it was.
- "set": a PIN is chosen (a new home, or a home from before encryption): typed twice and checked
  by storage.secret_rules; the dialog answers with it and the caller seals the home.

A wrong PIN changes nothing on disk. After the second wrong try each further one waits longer
(1, 2, 4 ... seconds, at most five minutes) before the next is taken. The real limit on guessing
is Argon2id's half a second per try, which no copy of the files escapes; the delay keeps a person
at the keyboard from trying PINs quickly.
"""

from __future__ import annotations

from typing import Literal

from doorstep.i18n import UserError
from doorstep.storage.home import Home
from doorstep.storage.secret_rules import check_new_secret
from doorstep.tui.screens.base import BaseModal
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

Mode = Literal["unlock", "relock", "set"]
FREE_TRIES = 2
MAX_WAIT = 300


def wait_after(wrong: int) -> int:
    """Seconds to wait after the `wrong`-th wrong PIN."""
    return 0 if wrong <= FREE_TRIES else min(2 ** (wrong - FREE_TRIES - 1), MAX_WAIT)


class UnlockScreen(BaseModal):
    """Answers with the PIN that opened (or was set for) the home; never closes otherwise."""

    DEFAULT_CSS = """
    UnlockScreen #unlock {
        width: 60;
    }
    UnlockScreen Input {
        width: 100%;
    }
    """
    BINDINGS = [Binding("enter", "submit", "key_unlock", show=False)]

    def __init__(self, home: Home | None, *, mode: Mode = "unlock", kind: str = "device",
                 idle_minutes: int | None = None) -> None:
        super().__init__()
        self.home = home
        self.mode: Mode = mode
        self.kind = home.kind if home is not None else kind
        self.idle_minutes = idle_minutes
        self.wrong = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock", classes="dialog"):
            title = "unlock_set_title" if self.mode == "set" else "unlock_title"
            yield Label(self.tr(title), classes="dialog-title")
            if self.home is not None:
                yield Static(self.home.name, id="home-name", markup=False)
            if self.mode == "relock" and self.idle_minutes:
                yield Static(self.tr("unlock_locked_idle", minutes=self.idle_minutes), classes="hint")
            if self.mode == "set":
                yield Static(self.tr("unlock_set_hint"), classes="hint")
            if self.mode == "unlock" and self.home is not None and self.home.is_demo:
                from doorstep.demo.secret import DEMO_PIN

                # The demo printed its PIN before the app covered the terminal: say it again.
                yield Static(self.tr("unlock_demo_pin", pin=DEMO_PIN), classes="hint", id="demo-pin")
            yield Label(self.tr("unlock_prompt"))
            yield Input(password=True, id="pin")
            if self.mode == "set":
                yield Label(self.tr("unlock_set_again"))
                yield Input(password=True, id="again")
            yield Static(id="problem", classes="error")

    def on_mount(self) -> None:
        self.query_one("#pin", Input).focus()

    async def language_changed(self) -> None:
        typed = self.query_one("#pin", Input).value
        await self.recompose()
        self.query_one("#pin", Input).value = typed
        self.on_mount()

    def say(self, key: str, **params: object) -> None:
        self.query_one("#problem", Static).update(self.tr(key, **params))

    # -- typing ---------------------------------------------------------------------------------
    @on(Input.Submitted, "#pin")
    def pin_done(self, event: Input.Submitted) -> None:
        event.stop()
        if self.mode == "set" and event.value:
            self.query_one("#again", Input).focus()
            return
        self.action_submit()

    @on(Input.Submitted, "#again")
    def again_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        pin = self.query_one("#pin", Input)
        if pin.disabled:
            return
        if not pin.value:
            self.say("unlock_empty")
            return
        if self.mode == "set":
            self._set(pin.value)
        else:
            self._try(pin.value)

    def accept_scan(self, code: str) -> bool:
        """Fast typing (or a PIN pasted) reaches the app as a burst: it goes in the focused field."""
        field = self.focused if isinstance(self.focused, Input) else self.query_one("#pin", Input)
        if field.disabled:
            return True
        field.value = code
        if field.id == "pin" and self.mode == "set":
            self.query_one("#again", Input).focus()
        else:
            self.action_submit()
        return True

    # -- deciding -------------------------------------------------------------------------------
    def _set(self, secret: str) -> None:
        again = self.query_one("#again", Input)
        try:
            check_new_secret(secret, self.kind)
        except UserError as exc:
            self.query_one("#problem", Static).update(exc.render(self.lang))
            return
        if again.value != secret:
            again.value = ""
            self.say("unlock_differ")
            again.focus()
            return
        self.dismiss(secret)

    def _try(self, secret: str) -> None:
        assert self.home is not None
        if self.mode == "relock":
            opened = self.home.check_secret(secret)
        else:
            try:
                self.home.unlock(secret)
                opened = True
            except UserError:
                opened = False
        if opened:
            self.dismiss(secret)
            return
        self.wrong += 1
        pin = self.query_one("#pin", Input)
        pin.value = ""
        seconds = wait_after(self.wrong)
        if seconds:
            self.say("unlock_wait", n=self.wrong, seconds=seconds)
            pin.disabled = True
            self.set_timer(seconds, self._wait_over)
        else:
            self.say("unlock_wrong", n=self.wrong)

    def _wait_over(self) -> None:
        pin = self.query_one("#pin", Input)
        pin.disabled = False
        pin.focus()
        self.query_one("#problem", Static).update("")
