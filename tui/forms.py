"""The checklists the app offers, and their names in the app's language."""

from __future__ import annotations

from functools import cache

from doorstep.i18n import Lang
from doorstep.tui.messages import MESSAGES, t

# The four kinds of visit, in the order the household screen offers them (keys 1-4).
KINDS = ("home_care", "house_inspection", "condolence", "verification")


@cache
def _forms() -> dict:
    from doorstep.survey import builtin_forms

    return dict(builtin_forms())


def forms() -> dict:
    """{form_id: Form} of the built-in checklists."""
    return _forms()


def kind_label(form_id: str, lang: Lang) -> str:
    key = f"kind_{form_id}"
    if key in MESSAGES:
        return t(key, lang)
    form = _forms().get(form_id)
    return form.title(lang) if form is not None else form_id
