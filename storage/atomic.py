"""Atomic, durable file replacement: the one primitive every write in storage/ goes through.

A file is never rewritten in place. The new content goes to a temporary file in the same
folder, is flushed and fsynced, and then replaces the target with os.replace, which is atomic
on POSIX and on NTFS. The folder is fsynced afterwards on POSIX so that the rename itself
survives a power cut. A reader therefore sees the old file or the new one, never half of each.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
import uuid
from pathlib import Path
from typing import BinaryIO

TEMP_MARK = ".tmp-"
IS_WINDOWS = sys.platform == "win32"


def temp_path_for(target: Path) -> Path:
    # Unique per writer, so two writers never share a temporary file.
    return target.with_name(f"{target.name}{TEMP_MARK}{os.getpid()}-{uuid.uuid4().hex[:8]}")


def fsync_dir(folder: Path) -> None:
    """Make a rename or unlink in `folder` durable (POSIX only; Windows has no such call)."""
    if IS_WINDOWS:
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_with_retry(source: Path, target: Path) -> None:
    """os.replace, retried on Windows while a virus scanner or indexer holds the target."""
    delay = 0.01
    for attempt in range(12):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if not IS_WINDOWS or attempt == 11:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def write_atomic(target: Path, data: bytes, *, backup: Path | None = None, mode: int = 0o666) -> None:
    """Replace `target` with `data` atomically and durably.

    With `backup`, the previous version of `target` is kept there (a hard link, so it costs no
    copy; a copy where the file system has no hard links). `mode` is the new file's permissions
    (less the umask): a home's files are 0600 (storage.files).
    """
    tmp = temp_path_for(target)
    try:
        _write_new(tmp, data, mode)
        if backup is not None and target.exists():
            keep_backup(target, backup)
        replace_with_retry(tmp, target)
    except BaseException as exc:
        _failed(exc, tmp, target)
        raise
    fsync_dir(target.parent)


def write_staged(path: Path, data: bytes, *, mode: int = 0o666) -> None:
    """Write `path` afresh and fsync its content, but not its folder: a commit stages several
    files in a few folders and makes their names durable with one fsync_dir per folder, before
    the record that makes them count (storage.commit). Until then a partial file is a stray."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    try:
        _write_new(path, data, mode)
    except BaseException as exc:
        _failed(exc, path, path)
        raise


def _write_new(path: Path, data: bytes, mode: int) -> None:
    with _create(path, mode) as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _failed(exc: BaseException, written: Path, target: Path) -> None:
    """After a failed write of `written` on the way to `target`: remove it, and raise an OSError
    naming `target`. A full disk fails in write() or fsync(), which name no file, and a missing
    folder names the file being written: the user asked for the target."""
    with contextlib.suppress(OSError):
        written.unlink()
    if isinstance(exc, OSError) and exc.filename in (None, str(written)) and exc.errno is not None:
        raise OSError(exc.errno, exc.strerror, str(target)) from exc


def keep_backup(target: Path, backup: Path) -> None:
    """Point `backup` at the current content of `target`, atomically."""
    tmp = temp_path_for(backup)
    try:
        os.link(target, tmp)
    except OSError:
        with open(target, "rb") as src, _create(tmp, os.stat(target).st_mode & 0o777) as dst:
            dst.write(src.read())
            dst.flush()
            os.fsync(dst.fileno())
    try:
        replace_with_retry(tmp, backup)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _create(path: Path, mode: int) -> BinaryIO:
    """A new file opened for writing, created with `mode` (so it is never wider, even briefly)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    return os.fdopen(fd, "wb")


def remove_leftovers(folder: Path) -> int:
    """Delete temporary files a killed writer left behind. Call only while holding the lock."""
    removed = 0
    if not folder.is_dir():
        return 0
    for entry in folder.iterdir():
        if TEMP_MARK in entry.name and entry.is_file():
            with contextlib.suppress(OSError):
                entry.unlink()
                removed += 1
    if removed:
        fsync_dir(folder)
    return removed


def unlink_durable(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    fsync_dir(path.parent)
