"""Slow work (writing to or reading from a USB stick, which may take seconds to fsync) runs in a
thread while this dialog shows that it is under way; the screen behind stays drawn and no key
reaches it meanwhile, so nothing else writes to the store at the same time.

Dismisses with ("done", result) or ("failed", exception)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from doorstep.tui.screens.base import BaseModal
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, LoadingIndicator
from textual.worker import Worker, WorkerState


class Working(BaseModal):
    """`work` runs in a thread; the dialog closes itself when it ends."""

    def __init__(self, title_key: str, work: Callable[[], Any]) -> None:
        super().__init__()
        self.title_key = title_key  # a message key: the dialog follows a language switch
        self.work = work
        self._started = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="working"):
            yield Label(self.tr(self.title_key), classes="dialog-title", markup=False)
            yield LoadingIndicator(id="working-indicator")

    def on_mount(self) -> None:
        if not self._started:  # mounted again by a language switch: the work is under way
            self._started = True
            self.run_worker(self.work, thread=True, exit_on_error=False, name="stick")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.SUCCESS:
            self.dismiss(("done", event.worker.result))
        elif event.state == WorkerState.ERROR:
            self.dismiss(("failed", event.worker.error))
