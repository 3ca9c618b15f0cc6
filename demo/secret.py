"""The PIN of the demo's homes: printed, the same on every laptop (the demo's people are made up),
and replaced by DOORSTEP_PASSPHRASE when that is set."""

from __future__ import annotations

from doorstep.storage.unlock import env_secret

DEMO_PIN = "370819"


def demo_secret() -> str:
    return env_secret() or DEMO_PIN
