"""Deterministic identifiers for generated data.

storage.qrid.new_id and uuid.uuid4 draw from the operating system's randomness, which is right
for real data; a demo must be the same for the same seed, so these draw from the caller's
`random.Random` and produce ids of exactly the same form.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Container

from doorstep.storage.qrid import ALPHABET, PAYLOAD_LENGTH, check_character


def household_id(rng: random.Random, existing: Container[str] = ()) -> str:
    """A valid QR identifier (payload + check character) not in `existing`."""
    while True:
        payload = "".join(rng.choice(ALPHABET) for _ in range(PAYLOAD_LENGTH))
        candidate = payload + check_character(payload)
        if candidate not in existing:
            return candidate


def visit_uuid(rng: random.Random) -> str:
    """A UUID4 string (version and variant bits set as uuid4 sets them)."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))
