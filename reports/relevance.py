"""A visit's answers as its form's skip logic leaves them: irrelevant answers dropped.

The engine keeps what a volunteer typed even when a later answer makes the question irrelevant
(nothing typed is ever lost); a figure must not count such an answer. This asks the engine,
which costs a fraction of a millisecond per visit, so the summary uses it only where a stale
answer can change a figure (house inspections).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from doorstep.reports.figures import RelevantAnswers
from doorstep.reports.period import visit_day


def relevant_answers_with(forms: Mapping[str, Any]) -> RelevantAnswers:
    from doorstep.survey import Checklist

    def relevant(visit: Mapping[str, Any]) -> Mapping[str, Any]:
        answers = visit.get("answers") or {}
        form = forms.get(str(visit.get("form_id", "")))
        if form is None:
            return answers
        checklist = Checklist(form, dict(answers), today=visit_day(visit))
        slots = {item.slot for item in checklist.items()} | set(checklist.calculated())
        return {name: value for name, value in answers.items() if (name,) in slots}

    return relevant
