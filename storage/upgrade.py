"""Sealing the files of a home made before encryption (Home.encrypt), and narrowing its modes.

The upgrade is restartable: the keyring is written first with `plain_left`, then each plain file
is replaced by its sealed version (one atomic write each, so a kill leaves every file whole,
plain or sealed), then `plain_left` is cleared. A killed upgrade goes on at the next unlock.

What it seals: the store and its backups, drafts, settings and private keys. Not the inbox's
bundles (already encrypted to the office) nor exported files a person asked for. The old plain
blocks may survive on the disk: docs/storage.md says so (flash disks remap writes).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from doorstep.storage.files import DIR_MODE, FILE_MODE, HomeFiles
from doorstep.storage.journal import reseal_journal

SEALED_PATTERNS = ("settings.json", "store.json", "store.json.bak", "store.json.schema-v*.bak",
                   "store.json.single-file.bak", "store/*.json", "store/*.json.bak",
                   "store/visits/*.json", "store/visits/*.json.bak",
                   "store/register/*.json", "store/register/*.json.bak",
                   "store/sync_*/*.json", "store/sync_*/*.json.bak",
                   "store/visit_marks/*.json", "store/visit_marks/*.json.bak", "store/*.unsharded.bak",
                   "drafts/*.json", "keys/*.pem", "keys/*/*.pem")
JOURNAL_PATTERNS = ("store/*.idx", "store/*.log")  # one sealed record per line (storage.journal)


def sealed_files(home_path: Path) -> list[Path]:
    found: list[Path] = []
    for pattern in SEALED_PATTERNS:
        found += [p for p in sorted(home_path.glob(pattern)) if p.is_file()]
    return found


def journal_files(home_path: Path) -> list[Path]:
    return [p for pattern in JOURNAL_PATTERNS for p in sorted(home_path.glob(pattern)) if p.is_file()]


def seal_plain_files(home_path: Path, files: HomeFiles) -> int:
    """Seal every plain file that should be sealed; returns how many were. Call under the lock."""
    done = 0
    for path in sealed_files(home_path):
        done += files.reseal(path)
    for path in journal_files(home_path):
        done += reseal_journal(path, files)
    narrow_modes(home_path)
    return done


def narrow_modes(home_path: Path) -> None:
    """Folders 0700 and files 0600 (POSIX; Windows ignores modes)."""
    for folder in [home_path, *[p for p in home_path.rglob("*") if p.is_dir()]]:
        with contextlib.suppress(OSError):
            os.chmod(folder, DIR_MODE)
    for path in home_path.rglob("*"):
        if path.is_file():
            with contextlib.suppress(OSError):
                os.chmod(path, FILE_MODE)
