"""Append-only journals: one sealed record per line, so a journal stays encrypted at rest.

A line is `base64(seal(JSON)) + "\n"` (storage.files seals it; a plain home's lines hold the JSON
itself, base64 as well, so a later encryption reseals them line by line). Lines are only ever
appended, inside a commit (storage.commit), which first truncates the journal to the length it had
before the commit: a line torn by a kill is cut off when the commit is rolled forward.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

from doorstep.i18n import Message, UserError
from doorstep.storage.files import FILE_MODE, HomeFiles
from doorstep.storage.messages import MESSAGES
from doorstep.storage.safe_json import encode
from doorstep.storage.seal import SealError, is_sealed


def journal_line(files: HomeFiles, payload: Any) -> bytes:
    return base64.b64encode(files.sealer.seal(encode(payload))) + b"\n"


def read_journal(path: Path, files: HomeFiles, *, size: int | None = None,
                 then: list[bytes] | None = None) -> list[Any]:
    """Every record of the journal at `path` (none if there is no such file): its first `size`
    bytes and the lines `then` when given (a commit being written: storage.commit.pending). An
    unfinished last line (a commit still being written) is left out."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read() if size is None else handle.read(size)
    except FileNotFoundError:
        raw = b""
    raw += b"".join(then or [])
    lines = raw.split(b"\n")
    lines.pop()  # after the last newline: empty, or a line not finished yet
    out = []
    for number, line in enumerate(lines, 1):
        try:
            out.append(json.loads(files.unseal(base64.b64decode(line, validate=True)).decode("utf-8")))
        except (ValueError, SealError) as exc:  # binascii.Error and JSONDecodeError are ValueErrors
            raise UserError(Message(MESSAGES, "journal_damaged", {
                "file": str(path), "line": number, "reason": str(exc)[:120]})) from None
    return out


def append_lines(path: Path, size_before: int, lines: list[bytes]) -> None:
    """Cut `path` back to `size_before` bytes and append `lines`, durably (idempotent: a commit
    rolled forward after a kill does it again)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), FILE_MODE)
    try:
        os.ftruncate(fd, size_before)
        os.lseek(fd, size_before, os.SEEK_SET)
        data = b"".join(lines)
        while data:
            data = data[os.write(fd, data):]
        os.fsync(fd)
    finally:
        os.close(fd)


def reseal_journal(path: Path, files: HomeFiles) -> bool:
    """Seal the plain lines of a journal (an upgrade to encryption); False if none were plain."""
    from doorstep.storage.atomic import write_atomic

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return False
    lines = raw.split(b"\n")
    tail = lines.pop()
    out, changed = [], False
    for line in lines:
        data = base64.b64decode(line)
        if not is_sealed(data) and files.encrypted:
            line, changed = base64.b64encode(files.sealer.seal(data)), True
        out.append(line + b"\n")
    if changed:
        write_atomic(path, b"".join(out) + tail, mode=FILE_MODE)
    return changed
