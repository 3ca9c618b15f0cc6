"""Generated people and answers in the shapes storage keeps: register entries, visit records."""

from __future__ import annotations

from datetime import timedelta, timezone
from typing import Any

from doorstep.demo.people import Household
from doorstep.storage.visits import record_key, visit_hash

CHINA_TZ = timezone(timedelta(hours=8), "CST")


def register_entry(household_id: str, household: Household) -> dict[str, Any]:
    """A register entry (docs/storage.md) for a generated household.

    The register keeps members as name and relation only; what the office writes about them
    (a son serving, a disability grade, the year of birth) goes into the notes.
    """
    head = household.members[0]
    born = f"{household.gender}，{household.birth_date[:4]}年{int(household.birth_date[5:7])}月生"
    return {
        "id": household_id,
        "name": household.name,
        "category": household.category,
        "priority": household.priority,
        "village": household.village,
        "address": household.address,
        "phone": household.phone,
        "members": [{"name": m.name, "relation": m.relation}
                    for m in household.members if m is not head],
        "notes": f"{born}；{household.notes}" if household.notes else born,
    }


def finalized_record(*, uuid: str, household: str, form_id: str, form_version: str, volunteer: str,
                     device: str, device_name: str, started: str, ended: str,
                     answers: dict[str, Any], register_updates: dict[str, Any]) -> dict[str, Any]:
    """A finalized visit record exactly as Store.finalize writes one (docs/storage.md)."""
    record: dict[str, Any] = {
        "uuid": uuid, "revision": 1, "supersedes": None, "household": household,
        "form_id": form_id, "form_version": str(form_version), "volunteer": volunteer,
        "device": device, "device_name": device_name, "started": started, "ended": ended,
        "answers": answers, "register_updates": register_updates, "status": "finalized",
    }
    record["key"] = record_key(uuid, 1)
    record["hash"] = visit_hash(record)
    record["acked"] = False
    record["received"] = None
    return record
