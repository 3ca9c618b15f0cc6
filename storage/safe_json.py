"""A TinyDB Storage that never leaves its file half-written and never loses it silently.

TinyDB's own JSONStorage truncates and rewrites its file in place, so a process killed
mid-write leaves it unreadable. This storage keeps the whole database in memory (TinyDB reads
the whole file on every operation anyway), and every write replaces the file atomically
(storage.atomic), keeping the previous good version beside it as `<file>.bak`.

`batch()` defers writes: TinyDB calls `write()` after every insert or update, and inside a
batch those calls only mark the data dirty; the batch ends with one atomic file write. If the
batch fails, the in-memory data is re-read from the file, so nothing half-done survives.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from doorstep.i18n import Message, UserError
from doorstep.storage.atomic import write_atomic
from doorstep.storage.messages import MESSAGES
from tinydb.storages import Storage


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def encode(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def encode_appended(previous: bytes, added: Mapping[str, Any]) -> bytes:
    """What `encode` gives for a table whose encoding was `previous` once the rows `added` (document
    id -> row, ids new to it) are put after its rows: the previous bytes with the rows spliced in
    before its closing brace, without encoding the rows already there (a month of visits is a
    megabyte; a finalize adds one row)."""
    if not added:
        return previous
    if not (previous.startswith(b"{") and previous.endswith(b"}")):
        raise ValueError("not the encoding of a table")
    rows = encode(dict(added))[1:]  # '"12":{...},"13":{...}}'
    return previous[:-1] + (b"," if previous != b"{}" else b"") + rows


def load_json_file(path: Path, unseal: Callable[[bytes], bytes] | None = None) -> Any:
    """Parse `path` (unsealed by `unseal`, storage.files), or refuse with a message naming the
    file and the backup beside it."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(Message(MESSAGES, "store_missing", {"file": str(path)})) from None
    try:
        if unseal is not None:
            raw = unseal(raw)  # a SealError is a ValueError: damaged, like bad JSON
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
    except (UnicodeDecodeError, ValueError) as exc:
        bak = backup_path(path)
        key = "store_damaged_with_backup" if bak.exists() else "store_damaged"
        raise UserError(Message(MESSAGES, key, {"file": str(path), "backup": str(bak),
                                                "reason": str(exc)[:120]})) from None
    return data


class SafeJSONStorage(Storage):
    """Atomic, durable TinyDB storage; `read_only=True` refuses every write."""

    def __init__(self, path: str | Path, read_only: bool = False, keep_backup: bool = True,
                 files: Any = None) -> None:
        self.path = Path(path)
        self.files = files  # storage.files.HomeFiles: seals what it writes; None: plain
        self.read_only = read_only
        self.keep_backup = keep_backup
        self._data: dict[str, Any] | None = None
        self._batch_depth = 0
        self._dirty = False
        self.writes = 0  # file writes done: lets tests and benchmarks see batching work

    # -- TinyDB's Storage interface -------------------------------------------------------
    def read(self) -> dict[str, Any] | None:
        if self._data is None:
            self._data = (self.files.read_json(self.path) if self.files is not None
                          else load_json_file(self.path))
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        if self.read_only:
            raise UserError(Message(MESSAGES, "store_read_only", {"file": str(self.path)}))
        self._data = data
        if self._batch_depth:
            self._dirty = True
        else:
            self._flush()

    def close(self) -> None:
        self._data = None

    # -- batching ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        self._batch_depth += 1
        try:
            yield
        except BaseException:
            self._batch_depth -= 1
            if self._batch_depth == 0:
                self.discard_changes()
            raise
        self._batch_depth -= 1
        if self._batch_depth == 0 and self._dirty:
            try:
                self._flush()
            except BaseException:
                self.discard_changes()
                raise

    @property
    def in_batch(self) -> bool:
        return self._batch_depth > 0

    def discard_changes(self) -> None:
        """Forget unwritten changes: the next read comes from the file."""
        self._dirty = False
        self._data = None

    def replace_all(self, data: dict[str, Any]) -> None:
        """Write `data` as the whole database (used by schema upgrades)."""
        self.write(data)

    def _flush(self) -> None:
        assert self._data is not None
        try:
            backup = backup_path(self.path) if self.keep_backup else None
            if self.files is not None:
                self.files.write(self.path, encode(self._data), backup=backup)
            else:
                write_atomic(self.path, encode(self._data), backup=backup)
        except BaseException:
            # Memory may now hold changes the file does not: forget them.
            self.discard_changes()
            raise
        self._dirty = False
        self.writes += 1


def copy_json(value: Any) -> Any:
    """A deep copy of JSON-shaped data (dicts, lists and scalars): what copy.deepcopy does for the
    store's documents, several times faster (no memo, no dispatch on types it never meets)."""
    if isinstance(value, dict):
        return {k: copy_json(v) if isinstance(v, dict | list) else v for k, v in value.items()}
    if isinstance(value, list):
        return [copy_json(v) if isinstance(v, dict | list) else v for v in value]
    return value
