"""What is wrong with an imported sheet: every bad cell, each with its row and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from doorstep.i18n import Lang, Message, UserError, text
from doorstep.i18n.shown import shown
from doorstep.storage.messages import MESSAGES


@dataclass(frozen=True)
class RowProblem:
    """One bad cell: renders as a Message does, in either language."""

    row: int
    column: str
    reason: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: Lang) -> str:
        # The column's header and the cell's value are the sheet's: shown as data, never acted on.
        reason = text(MESSAGES, self.reason, lang, **self.params)
        line = text(MESSAGES, "import_row_error", lang, row=self.row, column=self.column, reason=reason)
        return shown(line)


class ImportErrors(UserError):
    def __init__(self, file: Path, problems: list[RowProblem]) -> None:
        self.problems = problems
        header = Message(MESSAGES, "import_errors", {"file": shown(str(file)), "count": len(problems),
                                                      "details": ""})
        super().__init__(header, *problems)
