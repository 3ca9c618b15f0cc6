"""Writing a command's output files and saying where they went (labels, visit exports)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from doorstep.i18n import Lang
from doorstep.reports.messages import t
from doorstep.storage.atomic import write_atomic


def write_files(files: Sequence[tuple[Path, bytes]], lang: Lang) -> None:
    """Write each file atomically (a reader never sees half of one), then name them on stderr so
    that stdout stays clean for piping."""
    for path, content in files:
        write_atomic(path, content)
    if len(files) == 1:
        print(t("written", lang, path=str(files[0][0])), file=sys.stderr)
    else:
        paths = ", ".join(str(path) for path, _ in files)
        print(t("written_many", lang, count=len(files), paths=paths), file=sys.stderr)
