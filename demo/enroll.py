"""Enroll generated homes with each other and hand out work, through sync's own API.

As `doorstep init` and `doorstep device add` would: the office gets keys, each device gets keys
and the office's public key, and the office registers each device's public key. Then, as
`doorstep assign` and `doorstep bundle import` would: the office seals an assignment bundle for
a device and the device applies it (its register entries, the office's version of each, the
forms, the assignment itself).
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from doorstep.storage.home import Home
from doorstep.sync.assignment import import_assignment, write_assignment
from doorstep.sync.devices import add_device
from doorstep.sync.identity import create_identity, export_public_key


def enroll(office: Home, devices: Sequence[Home]) -> None:
    create_identity(office)
    with tempfile.TemporaryDirectory(prefix="doorstep-demo-keys-") as tmp:
        office_key = Path(tmp) / "office-key.json"
        export_public_key(office, office_key)
        for device in devices:
            create_identity(device, office_key=office_key)
            device_key = Path(tmp) / f"{device.home_id}.json"
            export_public_key(device, device_key)
            register_device(office, device_key)


def register_device(office: Home, device_key_file: Path) -> None:
    """`doorstep device add FILE` at the office."""
    add_device(office, device_key_file)


def assign(office: Home, device: Home, villages: Sequence[str], *, at: str | None = None) -> None:
    """`doorstep assign --device NAME --village V ...` at the office, then `doorstep bundle
    import` of that bundle on the device (the bundle itself is not kept). `at` dates both, so
    that the visits a demo invents come after the assignment they belong to."""
    with tempfile.TemporaryDirectory(prefix="doorstep-demo-assign-") as tmp:
        result = write_assignment(office, device.name, list(villages), Path(tmp), now=at)
        import_assignment(device, result.path, now=at)
