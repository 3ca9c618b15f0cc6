"""An office's edit of one register entry's personal fields, checked as the import checks them.

The register screen shows the 身份证号 masked (110101********1234): a masked value sent back
unchanged is no change, never a new number. A new number is checked with its check digit and
must not belong to anyone else on the register; sex and date of birth must agree with it (and
are derived from it when left empty); a disability grade is written 6, 六级 or ６ and only a
disabled serviceman has one. The first problem is refused with a message naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from doorstep.i18n import Lang, UserError, text
from doorstep.storage import idnumber
from doorstep.storage.backend import StoreBackend
from doorstep.storage.messages import MESSAGES
from doorstep.storage.registry_io import check_person_fields

PERSON_FIELDS = ("id_number", "sex", "birth_date", "disability_grade")


def checked_changes(store: StoreBackend, household_id: str, changes: Mapping[str, Any]) -> dict[str, Any]:
    """`changes` to the entry with its personal fields checked and in their stored form."""
    current: Mapping[str, Any] = store.get_entry(household_id) or {}
    out = {k: v for k, v in changes.items() if k not in PERSON_FIELDS}
    typed = {k: str(changes[k]).strip() for k in PERSON_FIELDS if k in changes}
    if "id_number" in typed and idnumber.is_masked(typed["id_number"]):
        if idnumber.fold(typed["id_number"]) != idnumber.mask(str(current.get("id_number", ""))):
            raise _refused("id_number", "reason_id_number_masked", value=typed["id_number"])
        del typed["id_number"]   # shown masked, sent back as it was shown: unchanged
    if not typed and "category" not in changes:
        return out
    cells = {k: str(current.get(k, "") or "") for k in PERSON_FIELDS}
    cells.update(typed)
    if "id_number" in typed and typed["id_number"]:
        # A new number: what the old one said of sex and birth no longer holds unless retyped.
        for derived in ("sex", "birth_date"):
            if derived not in typed:
                cells[derived] = ""
    category = str(changes.get("category") or current.get("category", ""))
    entry, problems = check_person_fields(cells, category)
    if problems:
        field, reason, params = problems[0]
        raise _refused(field, reason, **params)
    number = entry.get("id_number", "")
    if number and number != current.get("id_number"):
        other = next((e["id"] for e in store.entries()
                      if e.get("id_number") == number and e["id"] != household_id), None)
        if other:
            raise _refused("id_number", "reason_id_number_taken", value=idnumber.mask(number), other=other)
    for name in PERSON_FIELDS:
        value = entry.get(name, "")
        if value != (current.get(name) or ""):
            out[name] = value
    return out


@dataclass(frozen=True)
class FieldProblem:
    """"身份证号：…的校验位不符": the field as people call it, then the import's own reason."""

    field: str
    reason: str
    params: Mapping[str, Any]

    def render(self, lang: Lang) -> str:
        return text(MESSAGES, "edit_person_field", lang, field=text(MESSAGES, f"field_{self.field}", lang),
                    reason=text(MESSAGES, self.reason, lang, **self.params))


def _refused(field: str, reason: str, **params: Any) -> UserError:
    return UserError(FieldProblem(field, reason, params))
