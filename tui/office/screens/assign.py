"""Write an assignment bundle for a device (what `doorstep assign` does), from the review screen.

The assignment carries the visits returned to that device with their comments, and the
acknowledgements of every visit received from it. The villages proposed are those of the
device's last assignment, so the laptop keeps its households unless the supervisor changes them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from doorstep.i18n import UserError
from doorstep.tui.office.screens.base import OfficeModal, uses_store
from doorstep.tui.widgets.cells import fit
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static


def last_villages(store: Any, key_id: str) -> list[str]:
    """The villages of the households in the device's last assignment ([] if it had none)."""
    from doorstep.sync.assignment import ASSIGNMENTS

    log = [r for r in store.table(ASSIGNMENTS).all() if r["device"] == key_id]
    if not log:
        return []
    last = max(log, key=lambda r: r["sequence"])
    villages = {(store.get_entry(h) or {}).get("village", "") for h in last.get("households", [])}
    return sorted(villages - {""})


def returns_for(store: Any, key_id: str) -> int:
    """How many returned visits the next assignment for this device carries."""
    from doorstep.sync.assignment import RETURNS
    from doorstep.sync.merge import BUNDLES

    received = {k for r in store.table(BUNDLES).all() if r["sender"] == key_id for k in r["keys"]}
    return sum(1 for r in store.table(RETURNS).all() if r["key"] in received)


class AssignDialog(OfficeModal):
    """Device, villages and folder; Ctrl+S writes the bundle through sync.write_assignment."""

    BINDINGS = [
        Binding("ctrl+s", "write", "okey_write", priority=True),
        Binding("escape", "cancel", "key_cancel"),
    ]

    def __init__(self, device: str | None = None) -> None:
        """Raises StoreBusy while a merge holds the store (the opener says so)."""
        from doorstep.sync.devices import device_rows

        super().__init__()
        self.preferred = device
        self.devices = device_rows(self.session.store)

    def compose(self) -> ComposeResult:
        names = [d["name"] for d in self.devices]
        chosen = self.preferred if self.preferred in names else (names[0] if names else None)
        folder = self.session.home.settings.get("assign_dir") or str(self.session.home.path / "outbox")
        with Vertical(classes="dialog", id="assign"):
            yield Label(self.tr("assign_title"), classes="dialog-title")
            yield Static(self.tr("assign_hint"), classes="hint", markup=False)
            with Horizontal(classes="field"):
                yield Label(fit(self.tr("assign_device"), 10))
                yield Select([(n, n) for n in names], value=chosen or Select.NULL, allow_blank=not names,
                             id="a-device", compact=True)
            with Horizontal(classes="field"):
                yield Label(fit(self.tr("assign_villages"), 10))
                yield Input(id="a-villages", compact=True)
            with Horizontal(classes="field"):
                yield Label(fit(self.tr("assign_folder"), 10))
                yield Input(value=folder, id="a-folder", compact=True)
            yield Static(id="a-returns", classes="hint", markup=False)

    def on_mount(self) -> None:
        self.device_changed()
        self.query_one("#a-device", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.device_changed()

    def device(self) -> dict[str, Any] | None:
        name = self.query_one("#a-device", Select).value
        return next((d for d in self.devices if d["name"] == name), None)

    @uses_store
    def device_changed(self) -> None:
        device = self.device()
        if device is None:
            self.query_one("#a-returns", Static).update(self.tr("assign_no_devices"))
            return
        store = self.session.store
        self.query_one("#a-villages", Input).value = "、".join(last_villages(store, device["key_id"]))
        self.query_one("#a-returns", Static).update(
            self.tr("assign_returns", n=returns_for(store, device["key_id"]), device=device["name"]))

    @uses_store
    def action_write(self) -> None:
        from doorstep.sync.assignment import write_assignment

        device = self.device()
        if device is None:
            return
        text = self.query_one("#a-villages", Input).value
        villages = [v.strip() for v in text.replace("，", ",").replace("、", ",").split(",") if v.strip()]
        folder = Path(self.query_one("#a-folder", Input).value.strip() or ".").expanduser()
        session = self.session
        try:
            result = write_assignment(session.home, device["name"], villages, folder, store=session.store)
        except UserError as exc:
            self.complain(exc)
            return
        except OSError as exc:
            error = f"{exc.strerror or exc} ({exc.filename or folder})"
            self.app.notify(self.tr("assign_failed", error=error), severity="error", timeout=10)
            return
        session.changed()
        session.home.save_settings(assign_dir=str(folder))
        self.app.notify(self.tr("assign_written", path=str(result.path), households=result.households,
                                sequence=result.sequence), timeout=12)
        self.dismiss(result.path)

    def action_cancel(self) -> None:
        self.dismiss(None)
