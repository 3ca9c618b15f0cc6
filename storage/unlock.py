"""Where the PIN or passphrase of a home comes from, and the data keys already unlocked.

A home is unlocked once per process: Argon2id costs half a second by design, so the data key it
yields is kept in memory for the life of the process (a CLI command, a TUI session) and every
later open of that home with that PIN is free. Sources, in order:

1. the secret the caller passes (the TUI's unlock screen);
2. DOORSTEP_PASSPHRASE in the environment (scripts, tests; README says what that risks);
3. the asker the command line installs (`set_asker`), which prompts at the terminal without echo.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

PASSPHRASE_ENV = "DOORSTEP_PASSPHRASE"
Asker = Callable[[Path, bool], str | None]  # (home, new: set rather than enter) -> secret or None

_asker: Asker | None = None
_unlocked: dict[tuple[str, str], bytes] = {}


def set_asker(asker: Asker | None) -> None:
    global _asker
    _asker = asker


def env_secret() -> str | None:
    return os.environ.get(PASSPHRASE_ENV) or None


def find_secret(home_path: Path, *, new: bool = False) -> str | None:
    secret = env_secret()
    if secret is None and _asker is not None:
        secret = _asker(home_path, new)
    return secret


def _cache_key(wrap_fingerprint: str, secret: str) -> tuple[str, str]:
    return wrap_fingerprint, hashlib.sha256(secret.encode("utf-8")).hexdigest()


def cached_key(wrap_fingerprint: str, secret: str) -> bytes | None:
    return _unlocked.get(_cache_key(wrap_fingerprint, secret))


def remember_key(wrap_fingerprint: str, secret: str, data_key: bytes) -> None:
    _unlocked[_cache_key(wrap_fingerprint, secret)] = data_key


def forget_all() -> None:
    """Drop every unlocked key (the TUI's idle lock; tests)."""
    _unlocked.clear()
