"""The office sets a new PIN on a laptop whose volunteer forgot it (`doorstep device recover`).

A laptop's data key is wrapped to the office's X25519 key as well as to its PIN (storage.keyring),
from the moment it trusts the office. The office, unlocked with its own passphrase, unwraps the
laptop's data key with its private key and wraps it again under a new PIN, under the laptop's
writer lock. Nothing else of the laptop changes: its files stay sealed with the same data key.
Recovery needs the laptop's disk (or its home folder copied) at the office; a thief with only the
laptop has neither the PIN nor the office's key.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from doorstep.i18n import Message, UserError
from doorstep.storage.home import LOCK_FILE, Home
from doorstep.storage.keyring import WrongSecret
from doorstep.storage.lock import HomeLock
from doorstep.storage.messages import MESSAGES
from doorstep.sync.identity import load_identity
from doorstep.sync.messages import msg


def recover_laptop(office: Home, laptop_path: Path, new_secret: Callable[[], str]) -> Home:
    """Unlock `laptop_path` with `office`'s key and wrap its data key with `new_secret()` (asked
    only once the office's key is known to open it)."""
    if office.kind != "office":
        raise UserError(msg("only_office", path=str(office.path)))
    me = load_identity(office)
    laptop = Home.open_locked(laptop_path)
    ring = laptop.keyring
    if ring is None or not ring.office_wrap:
        raise UserError(Message(MESSAGES, "no_recovery_wrap", {"home": str(laptop_path)}))
    if ring.office_wrap.get("key_id") != me.public.key_id:
        raise UserError(Message(MESSAGES, "recovery_other_office", {"home": str(laptop_path)}))
    try:
        data_key = ring.recover(me.encryption_private)
    except WrongSecret:
        raise UserError(Message(MESSAGES, "recovery_other_office", {"home": str(laptop_path)})) from None
    secret = new_secret()
    lock = HomeLock(laptop.path / LOCK_FILE)
    lock.acquire()
    try:
        laptop.unlock_with_key(data_key, secret)
    finally:
        lock.release()
    return laptop
