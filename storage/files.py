"""The one layer that reads and writes a home's files: sealed (storage.seal), atomic, owner-only.

Everything under a home that holds personal data or keys goes through `HomeFiles`: the store and
its backups, drafts, settings, private keys, and whatever later layouts add. Writes are
`write_atomic` of the sealed bytes, so crash safety is exactly that of a plain file; files are
created 0600 and folders 0700 on POSIX (Windows ignores these modes: there the user's profile
folder, where platformdirs puts homes, is what keeps other users out).

Only `home.json` (kind, name, id), `keyring.json` (wrapped keys), the public keys and the lock
file are written plain: they are needed before unlocking and name no one.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from doorstep.storage.atomic import write_atomic, write_staged
from doorstep.storage.safe_json import encode, load_json_file
from doorstep.storage.seal import PlainSealer, Sealer, SealError, is_sealed

FILE_MODE = 0o600
DIR_MODE = 0o700


class HomeFiles:
    def __init__(self, root: Path, sealer: Sealer | PlainSealer, *, accept_plain: bool = False) -> None:
        self.root = root
        self.sealer = sealer
        # While a plain home is being upgraded, some files are still plain: they are read as they
        # are (and sealed by the upgrade); once it is done, a plain file is refused as damaged.
        self.accept_plain = accept_plain

    @property
    def encrypted(self) -> bool:
        return self.sealer.encrypted

    def unseal(self, raw: bytes) -> bytes:
        if self.accept_plain and not is_sealed(raw):
            return raw
        return self.sealer.unseal(raw)

    def read(self, path: Path) -> bytes:
        """The content of `path`, unsealed (SealError if it is damaged or not this home's)."""
        return self.unseal(Path(path).read_bytes())

    def read_json(self, path: Path) -> Any:
        """A JSON object, or the storage UserError naming the file (and its backup, if any)."""
        return load_json_file(Path(path), self.unseal)

    def write(self, path: Path, data: bytes, *, backup: Path | None = None) -> None:
        write_atomic(Path(path), self.sealer.seal(data), backup=backup, mode=FILE_MODE)

    def stage(self, path: Path, data: bytes) -> None:
        """Write `path` sealed, its content fsynced and its name not yet (atomic.write_staged)."""
        write_staged(Path(path), self.sealer.seal(data), mode=FILE_MODE)

    def write_json(self, path: Path, data: Any, *, backup: Path | None = None) -> None:
        self.write(path, encode(data), backup=backup)

    def create_private(self, path: Path, data: bytes) -> None:
        """Create `path` (never overwrite one), sealed and owner-only."""
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
        try:
            os.write(fd, self.sealer.seal(data))
            os.fsync(fd)
        finally:
            os.close(fd)

    def reseal(self, path: Path) -> bool:
        """Seal a plain file in place (an upgrade); False if it was sealed already."""
        raw = Path(path).read_bytes()
        if is_sealed(raw) or not self.encrypted:
            return False
        write_atomic(Path(path), self.sealer.seal(raw), mode=FILE_MODE)
        return True


def make_private_dir(path: Path) -> None:
    """Create `path` (and parents) owner-only; an existing folder is narrowed to 0700."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(path, DIR_MODE)


__all__ = ["HomeFiles", "SealError", "make_private_dir", "FILE_MODE", "DIR_MODE"]
