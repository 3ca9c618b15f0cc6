"""The summary as JSON, every figure for other tools.

Counts are numbers; yuan and shares are exact decimal strings ("1234.50", "0.7500"), never
floats. Each figure says how many sources it has; `--explain` lists them.
"""

from __future__ import annotations

import json
from typing import Any

from doorstep.reports import fields as f
from doorstep.reports.figures import Summary
from doorstep.reports.period import visit_day
from doorstep.reports.vocabulary import Vocabulary, plain_value

FORMAT = "doorstep-summary"
VERSION = 1


def summary_document(summary: Summary, vocab: Vocabulary) -> dict[str, Any]:
    figures = {
        figure.id: {"value": plain_value(figure.value, figure.unit), "unit": figure.unit,
                    "label": vocab.figure_label(figure), "source_kind": figure.source_kind,
                    "sources": figure.source_count}
        for figure in summary.figures.values()
    }
    not_visited = [{"id": h, "name": summary.entries[h].get("name", ""),
                    "village": summary.entries[h].get("village", ""),
                    "category": summary.entries[h].get("category", "")} for h in summary.not_visited]
    open_followups = []
    for uuid in summary.open_followups:
        visit = summary.visits[uuid]
        day = visit_day(visit)
        open_followups.append({"uuid": uuid, "household": visit.get("household", ""),
                               "form_id": visit.get("form_id", ""),
                               "date": day.isoformat() if day else None,
                               "note": (visit.get("answers") or {}).get(f.FOLLOWUP_NOTE, "")})
    unsettled = []  # counted in the version sent first until the supervisor settles (reports.inforce)
    for uuid in summary.unsettled:
        visit = summary.visits[uuid]
        day = visit_day(visit)
        unsettled.append({"uuid": uuid, "revision": visit.get("revision", 1),
                          "household": visit.get("household", ""), "form_id": visit.get("form_id", ""),
                          "date": day.isoformat() if day else None})
    return {"format": FORMAT, "version": VERSION, "lang": vocab.lang,
            "period": summary.period.describe(), "village": summary.village,
            "figures": figures, "not_visited": not_visited, "open_followups": open_followups,
            "unsettled": unsettled}


def render_json(summary: Summary, vocab: Vocabulary) -> str:
    return json.dumps(summary_document(summary, vocab), ensure_ascii=False, indent=2) + "\n"
