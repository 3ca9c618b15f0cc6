"""The period a report covers, and the day a visit belongs to.

A visit belongs to the calendar day on which it ended, read in the visit's own UTC offset (the
day the volunteer saw on the laptop), so a visit ended at 23:30 local time on 31 December counts
in that year even though it is already 1 January in UTC.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from doorstep.i18n import Message, UserError
from doorstep.reports.messages import MESSAGES


@dataclass(frozen=True)
class Period:
    """Inclusive bounds; None means open on that side."""

    start: date | None = None
    end: date | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise UserError(Message(MESSAGES, "period_reversed",
                                    {"start": self.start.isoformat(), "end": self.end.isoformat()}))

    def contains(self, day: date | None) -> bool:
        if day is None:
            return self.start is None and self.end is None
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    def describe(self) -> dict[str, str | None]:
        return {"from": self.start.isoformat() if self.start else None,
                "to": self.end.isoformat() if self.end else None}


def parse_date(text: str, option: str) -> date:
    """A YYYY-MM-DD date typed on the command line; UserError naming the option otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(Message(MESSAGES, "bad_date", {"option": option, "value": text})) from None


def parse_period(start: str | None, end: str | None) -> Period:
    return Period(parse_date(start, "--from") if start else None,
                  parse_date(end, "--to") if end else None)


def visit_day(visit: Mapping[str, Any]) -> date | None:
    """The local calendar day of a visit: its end, else its start; None when neither parses."""
    for key in ("ended", "started"):
        stamp = visit.get(key)
        if isinstance(stamp, str) and stamp:
            try:
                return datetime.fromisoformat(stamp).date()
            except ValueError:
                continue
    return None
