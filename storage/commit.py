"""All-or-nothing changes to several files of a home: a commit record rolled forward.

A change that touches several files (a merge writes a month of visits, the visit index, sync's
tables, the register and the audit trail) is committed in four steps:

1. each new file is written beside its target as `<name>.next` (sealed, fsynced), then each
   folder they are in is fsynced once;
2. one commit record (`commit.json`, atomic and sealed) lists the renames and, for each journal,
   its length before the commit and the lines to append;
3. the renames are done and the journals cut back to their length and appended to;
4. the record is removed.

Until step 2 is on disk nothing has changed: on opening, a writer removes `.next` strays without a
record. Once it is, the change has happened: a writer that finds a record does steps 3 and 4
again (each is idempotent: a `.next` already renamed is gone, a journal is cut before appending).
A reader that finds a record reads the `.next` files and the record's lines in place of the old.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from doorstep.storage.atomic import fsync_dir, keep_backup, remove_leftovers, replace_with_retry
from doorstep.storage.files import HomeFiles
from doorstep.storage.journal import append_lines
from doorstep.storage.safe_json import backup_path

RECORD = "commit.json"
NEXT = ".next"


def next_path(path: Path) -> Path:
    return path.with_name(path.name + NEXT)


@dataclass
class Pending:
    """A commit record as read: what a reader sees in place of the files it names."""

    renames: dict[Path, Path] = field(default_factory=dict)  # target -> its .next
    appends: dict[Path, tuple[int, list[bytes]]] = field(default_factory=dict)


def _relative(root: Path, path: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()  # "../store.json": the old layout's file


def commit(root: Path, files: HomeFiles, writes: Mapping[Path, bytes],
           appends: Mapping[Path, list[bytes]], *, moves: Mapping[Path, Path] | None = None,
           backups: bool = True) -> None:
    """Replace each file of `writes` by its bytes (sealed here), append `appends` (journal lines,
    sealed already) and rename `moves` (source -> target), all or nothing. Paths are under `root`."""
    staged: list[Path] = []
    try:
        record = _stage(root, files, writes, appends, moves or {}, backups, staged)
    except BaseException:
        # Nothing has happened unless the record reached the disk (then the next writer rolls it
        # forward): the staged files are strays, removed now rather than at the next open.
        if not (root / RECORD).exists():
            for path in staged:
                with contextlib.suppress(OSError):
                    path.unlink()
        raise
    finish(root, record)


def _stage(root: Path, files: HomeFiles, writes: Mapping[Path, bytes], appends: Mapping[Path, list[bytes]],
           moves: Mapping[Path, Path], backups: bool, staged: list[Path]) -> dict[str, object]:
    """Steps 1 and 2: the `.next` files (each appended to `staged` as it is begun), then the record."""
    renames: list[list[str]] = []
    for path, data in writes.items():
        staged.append(next_path(path))
        try:
            files.stage(next_path(path), data)
        except OSError as exc:
            if exc.filename == str(next_path(path)) and exc.errno is not None:  # name the file, not ours
                raise OSError(exc.errno, exc.strerror, str(path)) from exc
            raise
        renames.append([_relative(root, next_path(path)), _relative(root, path)])
    # One fsync per folder makes every staged name durable before the record can name it (a
    # merge stages some 35 files in 6 folders: 29 folder fsyncs fewer than a file at a time).
    for folder in {path.parent for path in staged}:
        fsync_dir(folder)
    for source, target in moves.items():
        renames.append([_relative(root, source), _relative(root, target)])
    lines = []
    for path, new in appends.items():
        size = path.stat().st_size if path.exists() else 0
        lines.append([_relative(root, path), size, [line.decode("ascii") for line in new]])
    record: dict[str, object] = {"renames": renames, "appends": lines, "backups": backups}
    files.write_json(root / RECORD, record)
    return record


def finish(root: Path, record: Mapping[str, object]) -> None:
    folders: set[Path] = {root}
    for source_name, target_name in record["renames"]:  # type: ignore[attr-defined]
        source, target = root / source_name, root / target_name
        if not source.exists():
            continue  # renamed before the kill
        if record.get("backups") and target.exists() and source.name.endswith(NEXT):
            keep_backup(target, backup_path(target))
        replace_with_retry(source, target)
        folders.add(target.parent)
    for name, size, new in record["appends"]:  # type: ignore[attr-defined]
        append_lines(root / name, size, [line.encode("ascii") for line in new])
    for folder in folders:
        fsync_dir(folder)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(root / RECORD)
    fsync_dir(root)


def recover(root: Path, files: HomeFiles, folders: list[Path]) -> bool:
    """Writer, under the lock: roll a commit record forward, or drop the strays of a commit that
    never reached its record. True if a record was rolled forward."""
    done = False
    if (root / RECORD).exists():
        finish(root, files.read_json(root / RECORD))
        done = True
    for folder in folders:
        if not folder.is_dir():
            continue
        removed = remove_leftovers(folder)
        for stray in folder.glob("*" + NEXT):
            with contextlib.suppress(OSError):
                stray.unlink()
                removed += 1
        if removed:
            fsync_dir(folder)
    return done


def pending(root: Path, files: HomeFiles) -> Pending:
    """Reader: the commit a writer is in the middle of (or was killed in), if any."""
    out = Pending()
    try:
        record = files.read_json(root / RECORD)
    except Exception:  # noqa: BLE001 - gone since we looked (finished), or being written: none
        return out
    for source_name, target_name in record.get("renames", []):
        out.renames[root / target_name] = root / source_name
    for name, size, new in record.get("appends", []):
        out.appends[root / name] = (size, [line.encode("ascii") for line in new])
    return out
