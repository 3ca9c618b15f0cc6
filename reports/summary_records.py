"""A month's visit records cut down to what a summary counts and shows, kept beside the month.

A summary reads only a few answers of each visit (reports.fields.SUMMARY_ANSWERS) and a few of
its fields, but unsealing and parsing every month whole cost most of its time. Cut once, kept
sealed beside the month by storage.visit_facts (made again whenever the month changes), a
month is read in a fraction of the time. House inspections keep every answer: which of their
amounts count depends on the form's skip logic (reports.relevance), which may read any of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from doorstep.reports import fields as f

# Bump when what is kept changes: the cut months are made again.
SUMMARY_TAG = "summary-records-1"
_FIELDS = ("key", "uuid", "revision", "status", "ended", "started", "household", "form_id",
           "volunteer", "corrected_at")


def summary_records(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The finalized records, each cut to the fields and answers a summary reads."""
    out = []
    for r in records:
        if r.get("status", "finalized") != "finalized":
            continue
        kept = {k: r[k] for k in _FIELDS if k in r}
        answers = r.get("answers")
        if isinstance(answers, Mapping) and r.get("form_id") != f.HOUSE_INSPECTION:
            answers = {n: answers[n] for n in f.SUMMARY_ANSWERS if n in answers}
        kept["answers"] = answers
        out.append(kept)
    return out
