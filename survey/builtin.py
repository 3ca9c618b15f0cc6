"""The checklists that ship with doorstep (survey/forms/*.toml)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from doorstep.i18n import Message, UserError
from doorstep.survey.form import Form, load_form
from doorstep.survey.messages import MESSAGES

FORMS_DIR = Path(__file__).resolve().parent / "forms"
# The order in which lists and menus show them.
BUILTIN_IDS = ("home_care", "house_inspection", "condolence", "verification", "house_followup", "benefits")


@lru_cache(maxsize=1)
def builtin_forms() -> dict[str, Form]:
    """{form_id: Form} of the built-in checklists, loaded (and checked) once per process."""
    return {form_id: load_form(FORMS_DIR / f"{form_id}.toml") for form_id in BUILTIN_IDS}


def get_form(form_id: str) -> Form:
    forms = builtin_forms()
    if form_id not in forms:
        raise UserError(Message(MESSAGES, "unknown_form", {"form_id": form_id, "known": ", ".join(forms)}))
    return forms[form_id]
