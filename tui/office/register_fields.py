"""Register fields and their values as a supervisor reads them, never as the store spells them.

The store keeps codes ("status": "deceased", "sex": "female", "category": "martyr_survivor") and
full 身份证号; every office screen that shows a field or a value goes through these two
functions, so a code never reaches a person and an ID number is always masked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from doorstep.i18n.shown import shown
from doorstep.storage import idnumber
from doorstep.storage.categories import BY_CODE
from doorstep.tui.office.messages import has

Tr = Callable[..., str]
CODED = ("status", "entitled", "sex", "priority")   # values kept as codes, labelled "<field>_<code>"


def field_label(tr: Tr, field: str) -> str:
    """A register field as people call it; a field the register lacks is shown as such."""
    return tr(f"field_{field}") if has(f"field_{field}") else tr("settle_unknown_field")


def value_label(tr: Tr, field: str, value: Any, lang: str) -> str:
    """A register value as people read it: labels for codes, the ID number masked, "-" for none."""
    if value is None or value == "" or value == []:
        return "-"
    if field in CODED and isinstance(value, str) and has(f"{field}_{value}"):
        return tr(f"{field}_{value}")
    if field == "category" and isinstance(value, str) and value in BY_CODE:
        category = BY_CODE[value]
        return category.zh if lang == "zh" else category.en
    if field == "id_number":
        return idnumber.mask(str(value))
    if field == "disability_grade" and str(value).isdigit():
        return tr("grade_value", n=int(value))
    if field == "members" and isinstance(value, list):
        return "、".join(shown(m.get("name", "")) for m in value if isinstance(m, dict)) or "-"
    return shown(value)
