"""What travels inside a bundle, and the schema it must meet before anything is merged.

Two kinds of content:

- visits (device -> office): `{"visits": [record, ...]}`, one item per finalized visit or
  correction, sorted by key; each item is the store's record (storage.visits.CONTENT_FIELDS,
  plus `device_name` and `hash`). `register_base` is the office's version of the household's
  entry that the visit's `register_updates` were based on: recorded with the visit and covered
  by its hash, or, for a visit recorded before storage's schema 2, the device's estimate, which
  the hash does not cover (`base_recorded` tells which).
- assignment (office -> device): the device's key id, the households assigned, their register
  entries (with the office's version), the forms (id, version, source text when not built in),
  acknowledgements (visit keys received from that device) and visits returned with a comment.

The checks here run on both sides: before sealing (so a bad record is reported on the laptop,
where it can be fixed) and after opening (so nothing malformed reaches the office's store).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any, cast

from doorstep.storage import qrid
from doorstep.storage.store import ENTITLED, STATUSES
from doorstep.storage.visits import CONTENT_FIELDS, record_key, visit_hash
from doorstep.sync.envelope import BundleRefused
from doorstep.sync.records import VisitItem

UUID_RE = re.compile(r"\A[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")
HEX64_RE = re.compile(r"\A[0-9a-f]{64}\Z")
KEY_RE = re.compile(r"\A[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[1-9][0-9]{0,8}\Z")
KEYID_RE = re.compile(r"\A[0-9a-f]{32}\Z")
ISO_RE = re.compile(r"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\Z")
VISIT_FIELDS = (*CONTENT_FIELDS, "device_name", "hash")  # CONTENT_FIELDS holds register_base
# Travels only when set: a visit that is not a correction made since corrections kept their date
# is sealed as before, so a bundle sealed again gives the same bytes as the first time.
OPTIONAL_FIELDS = ("corrected_at",)
ESTIMATE = "register_base_estimate"  # where an office's record keeps a base outside the hash
ENTRY_TEXT_FIELDS = ("name", "category", "priority", "village", "address", "phone", "notes", "death_date")
DATE_RE = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")
MAX_DEPTH = 8
MAX_TEXT = 100_000


class SchemaError(ValueError):
    def __init__(self, where: str, what: str) -> None:
        super().__init__(f"{where}: {what}")
        self.where = where
        self.what = what


def refuse(exc: SchemaError, path: Any = None) -> BundleRefused:
    return BundleRefused("schema", path, where=exc.where, what=exc.what)


# ----------------------------------------------------------------- small checks


def _text(value: Any, where: str, *, empty: bool = True) -> str:
    if not isinstance(value, str) or len(value) > MAX_TEXT or (not empty and not value):
        raise SchemaError(where, "text expected")
    return value


def _int(value: Any, where: str, low: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value < 2**53:
        raise SchemaError(where, f"an integer >= {low} expected")
    return value


def _match(regex: re.Pattern[str], value: Any, where: str, what: str) -> str:
    if not isinstance(value, str) or not regex.match(value):
        raise SchemaError(where, what)
    return value


def _object(value: Any, where: str, keys: tuple[str, ...] | set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise SchemaError(where, "an object expected")
    missing = set(keys) - set(value)
    extra = set(value) - set(keys)
    if missing:
        raise SchemaError(where, "missing " + ", ".join(sorted(missing)))
    if extra:
        raise SchemaError(where, "unexpected " + ", ".join(sorted(extra)))
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise SchemaError(where, "a list expected")
    return value


def _answers(value: Any, where: str, depth: int = 0) -> None:
    """Answers: {name: text} and {repeat: [{name: text, ...}, ...]}, as the store keeps them."""
    if depth > MAX_DEPTH:
        raise SchemaError(where, "nested too deeply")
    if not isinstance(value, dict):
        raise SchemaError(where, "an object expected")
    for name, item in value.items():
        here = f"{where}.{name}"
        if isinstance(item, list):
            for i, row in enumerate(item):
                _answers(row, f"{here}[{i}]", depth + 1)
        elif item is not None and not isinstance(item, str | int | bool):
            raise SchemaError(here, "text expected")
        elif isinstance(item, str) and len(item) > MAX_TEXT:
            raise SchemaError(here, "text too long")


def _plain(value: Any, where: str, depth: int = 0) -> None:
    """Any JSON value without floats (a register update: text, a list of members, ...)."""
    if depth > MAX_DEPTH:
        raise SchemaError(where, "nested too deeply")
    if isinstance(value, float):
        raise SchemaError(where, "a floating-point number (amounts travel as text)")
    if isinstance(value, dict):
        for k, v in value.items():
            _plain(v, f"{where}.{k}", depth + 1)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _plain(v, f"{where}[{i}]", depth + 1)
    elif isinstance(value, str) and len(value) > MAX_TEXT:
        raise SchemaError(where, "text too long")


# ----------------------------------------------------------------- visits


def visit_item(record: Mapping[str, Any], register_base: int | None = None) -> VisitItem:
    """The part of a stored record that travels (bookkeeping such as `acked` stays home).

    `register_base` is the estimate sent for a record that has none of its own (recorded before
    storage's schema 2); a record's own base always travels as it is.
    """
    item = {name: record.get(name) for name in CONTENT_FIELDS}
    item["device_name"] = record.get("device_name") or ""
    item["hash"] = record.get("hash") or visit_hash(record)
    if item["register_base"] is None:
        item["register_base"] = register_base
    return cast(VisitItem, _without_unset(item))  # the caller checks it (check_visit) before it travels


def _without_unset(item: dict[str, Any]) -> dict[str, Any]:
    for name in OPTIONAL_FIELDS:
        if item.get(name) is None:
            item.pop(name, None)
    return item


def base_recorded(item: Mapping[str, Any]) -> bool:
    """Whether the item's register_base is the one its visit recorded (covered by its hash)
    rather than an estimate the device made when sending a visit recorded before schema 2."""
    return item["register_base"] is not None and visit_hash(item) == item["hash"]


def stored_form(item: VisitItem) -> dict[str, Any]:
    """A checked item as the office stores it: an estimated base moves out of the content, so
    the record's hash (recomputed by the store) stays the one the device gave it."""
    record: dict[str, Any] = copy.deepcopy(dict(item))
    for name in OPTIONAL_FIELDS:  # one spelling at the office, however the content came in
        record.setdefault(name, None)
    if record["register_base"] is not None and not base_recorded(record):
        record[ESTIMATE] = record["register_base"]
        record["register_base"] = None
    return record


def wire_form(record: Mapping[str, Any]) -> VisitItem:
    """A visit as bundles carry it, from a checked item or from an office's stored record."""
    item = {k: copy.deepcopy(record.get(k)) for k in VISIT_FIELDS}
    if item["register_base"] is None:
        item["register_base"] = record.get(ESTIMATE)
    return cast(VisitItem, _without_unset(item))  # a checked item, or a record the office stored from one


def check_visit(item: Any, where: str) -> VisitItem:
    if isinstance(item, dict):
        _object(item, where, set(VISIT_FIELDS) - (set(OPTIONAL_FIELDS) - set(item)))
        for name in OPTIONAL_FIELDS:
            item.setdefault(name, None)  # absent: not set (the hash leaves it out then)
    else:
        _object(item, where, VISIT_FIELDS)
    _match(UUID_RE, item["uuid"], f"{where}.uuid", "a UUID expected")
    revision = _int(item["revision"], f"{where}.revision", 1)
    supersedes = item["supersedes"]
    if supersedes is not None and (_int(supersedes, f"{where}.supersedes", 1) >= revision):
        raise SchemaError(f"{where}.supersedes", "must be an earlier revision")
    if revision > 1 and supersedes is None:
        raise SchemaError(f"{where}.supersedes", "a correction must name the revision it replaces")
    for name in ("household", "form_id", "form_version"):
        _text(item[name], f"{where}.{name}", empty=False)
    # A household is a QR id as a laptop scans or makes it (storage.qrid), never free text: the
    # office files and indexes visits by it (PostgreSQL keeps it in clear), so a name or a
    # sentence sent in its place must not get that far.
    if not (qrid.is_valid(item["household"]) and qrid.normalize(item["household"]) == item["household"]):
        raise SchemaError(f"{where}.household", "a household's QR id expected")
    for name in ("volunteer", "device", "device_name"):
        _text(item[name], f"{where}.{name}")
    _match(ISO_RE, item["started"], f"{where}.started", "an ISO time expected")
    _match(ISO_RE, item["ended"], f"{where}.ended", "an ISO time expected")
    if item["corrected_at"] is not None:
        if revision == 1:
            raise SchemaError(f"{where}.corrected_at", "only a correction has one")
        _match(ISO_RE, item["corrected_at"], f"{where}.corrected_at", "an ISO time expected")
    _answers(item["answers"], f"{where}.answers")
    updates = item["register_updates"]
    if not isinstance(updates, dict):
        raise SchemaError(f"{where}.register_updates", "an object expected")
    _plain(updates, f"{where}.register_updates")
    if item["register_base"] is not None:
        _int(item["register_base"], f"{where}.register_base", 0)
    _match(HEX64_RE, item["hash"], f"{where}.hash", "a SHA-256 expected")
    # The hash covers the base the visit recorded; an estimated base (a visit recorded before
    # storage's schema 2, or sent by an older doorstep) is outside it.
    if item["hash"] not in (visit_hash(item), visit_hash({**item, "register_base": None})):
        raise SchemaError(f"{where}.hash", "does not match the visit's content")
    return cast(VisitItem, item)  # every field checked above


def check_visits_content(content: Any) -> list[VisitItem]:
    _object(content, "content", ("visits",))
    visits = _list(content["visits"], "visits")
    keys = []
    for i, item in enumerate(visits):
        check_visit(item, f"visits[{i}]")
        keys.append(record_key(item["uuid"], item["revision"]))
    if keys != sorted(set(keys)):
        raise SchemaError("visits", "not sorted by key, or a key twice")
    return visits


def visits_counts(visits: list[VisitItem]) -> dict[str, int]:
    corrections = sum(1 for v in visits if v["revision"] > 1)
    return {"visits": len(visits) - corrections, "corrections": corrections}


# ----------------------------------------------------------------- assignment

ASSIGNMENT_FIELDS = ("device", "households", "entries", "forms", "acknowledgements", "returned")


def check_entry(entry: Any, where: str) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise SchemaError(where, "an object expected")
    _text(entry.get("id"), f"{where}.id", empty=False)
    _text(entry.get("name"), f"{where}.name", empty=False)
    _int(entry.get("version"), f"{where}.version", 1)
    for name in ENTRY_TEXT_FIELDS:
        if name in entry:
            _text(entry[name], f"{where}.{name}")
    members = _list(entry.get("members", []), f"{where}.members")
    for i, member in enumerate(members):
        if not isinstance(member, dict):
            raise SchemaError(f"{where}.members[{i}]", "an object expected")
        _text(member.get("name"), f"{where}.members[{i}].name", empty=False)
    # Optional, so that an assignment from an office before register schema 3 still reads.
    if "status" in entry and entry["status"] not in STATUSES:
        raise SchemaError(f"{where}.status", "alive, deceased or moved expected")
    if "entitled" in entry and entry["entitled"] not in ENTITLED:
        raise SchemaError(f"{where}.entitled", "yes or no expected")
    if entry.get("death_date") and not DATE_RE.match(entry["death_date"]):
        raise SchemaError(f"{where}.death_date", "a date YYYY-MM-DD expected")
    _plain(entry, where)
    return entry


def check_assignment_content(content: Any) -> dict[str, Any]:
    _object(content, "content", ASSIGNMENT_FIELDS)
    _match(KEYID_RE, content["device"], "device", "a key id expected")
    households = [_text(h, f"households[{i}]", empty=False)
                  for i, h in enumerate(_list(content["households"], "households"))]
    entries = _list(content["entries"], "entries")
    ids = [check_entry(e, f"entries[{i}]")["id"] for i, e in enumerate(entries)]
    if ids != sorted(set(ids)):
        raise SchemaError("entries", "not sorted by id, or an id twice")
    if not set(households) <= set(ids):
        raise SchemaError("households", "a household without its register entry")
    for i, form in enumerate(_list(content["forms"], "forms")):
        _object(form, f"forms[{i}]", ("id", "version", "source"))
        _text(form["id"], f"forms[{i}].id", empty=False)
        _text(form["version"], f"forms[{i}].version", empty=False)
        if form["source"] is not None:
            _text(form["source"], f"forms[{i}].source")
    acks = _list(content["acknowledgements"], "acknowledgements")
    for i, key in enumerate(acks):
        _match(KEY_RE, key, f"acknowledgements[{i}]", "a visit key expected")
    for i, item in enumerate(_list(content["returned"], "returned")):
        _object(item, f"returned[{i}]", ("key", "comment"))
        _match(KEY_RE, item["key"], f"returned[{i}].key", "a visit key expected")
        _text(item["comment"], f"returned[{i}].comment")
    return content


def assignment_counts(content: dict[str, Any]) -> dict[str, int]:
    return {
        "households": len(content["households"]),
        "forms": len(content["forms"]),
        "acknowledgements": len(content["acknowledgements"]),
        "returned": len(content["returned"]),
    }
