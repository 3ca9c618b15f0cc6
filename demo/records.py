"""Generated people and answers in the shapes storage keeps: register entries, visit records."""

from __future__ import annotations

import zlib
from datetime import timedelta, timezone
from typing import Any

from doorstep.demo.people import Household
from doorstep.storage.visits import record_key, visit_hash
from stdnum.cn import ric

CHINA_TZ = timezone(timedelta(hours=8), "CST")
DEMO_REGION = "430121"   # the demo town's county in the ID numbers: a real region code, so they check


def demo_id_number(household_id: str, household: Household) -> str:
    """A 身份证号 that passes the check digit, born on the person's day, odd for men: the same for
    the same household every time (the demo is reproducible), unlike anyone's real number."""
    serial = zlib.crc32(household_id.encode()) % 500 * 2 + (1 if household.gender == "男" else 0)
    body = f"{DEMO_REGION}{household.birth_date.replace('-', '')}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


def register_entry(household_id: str, household: Household) -> dict[str, Any]:
    """A register entry (docs/storage.md) for a generated household.

    The register keeps members as name and relation only; what the office writes about them
    (a son serving, a disability grade, the year of birth) goes into the notes. The person's
    身份证号, sex and date of birth are kept as a town's sheet keeps them (office fields: they
    never travel to a laptop).
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
        "id_number": demo_id_number(household_id, household),
        "sex": "male" if household.gender == "男" else "female",
        "birth_date": household.birth_date,
    }


def finalized_record(*, uuid: str, household: str, form_id: str, form_version: str, volunteer: str,
                     device: str, device_name: str, started: str, ended: str,
                     answers: dict[str, Any], register_updates: dict[str, Any],
                     hashed: bool = True) -> dict[str, Any]:
    """A finalized visit record exactly as Store.finalize writes one (docs/storage.md).

    `hashed=False` leaves the hash out, for Store.add_finalized_visits, which computes it for
    what it keeps (hashing twice is a tenth of what generating a visit costs)."""
    record: dict[str, Any] = {
        "uuid": uuid, "revision": 1, "supersedes": None, "household": household,
        "form_id": form_id, "form_version": str(form_version), "volunteer": volunteer,
        "device": device, "device_name": device_name, "started": started, "ended": ended,
        "answers": answers, "register_updates": register_updates, "status": "finalized",
    }
    record["key"] = record_key(uuid, 1)
    if hashed:
        record["hash"] = visit_hash(record)
    record["acked"] = False
    record["received"] = None
    return record
