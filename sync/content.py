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

from doorstep.i18n import Message
from doorstep.i18n.shown import printable
from doorstep.storage import qrid
from doorstep.storage.store import ENTITLED, STATUSES
from doorstep.storage.visits import CONTENT_FIELDS, record_key, visit_hash
from doorstep.sync.envelope import BundleRefused, is_instant
from doorstep.sync.messages import MESSAGES
from doorstep.sync.records import VisitItem

UUID_RE = re.compile(r"\A[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")
HEX64_RE = re.compile(r"\A[0-9a-f]{64}\Z")
KEY_RE = re.compile(r"\A[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[1-9][0-9]{0,8}\Z")
# A revision fits the visit keys that assignments acknowledge (KEY_RE: at most 9 digits); a visit
# merged with a larger one would make every later assignment for its laptop fail its own check.
MAX_REVISION = 10**9 - 1
# Register fields a visit proposes to change are its questions' `save_to` (survey.form): names.
FIELD_NAME_RE = re.compile(r"\A[A-Za-z_][A-Za-z0-9_]{0,63}\Z")
KEYID_RE = re.compile(r"\A[0-9a-f]{32}\Z")
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
    """Where the content breaks the schema, and what is wrong there: a message of sync.messages
    (`key`, `params`), rendered in either language; `what` is its English text."""

    def __init__(self, where: str, key: str, **params: Any) -> None:
        self.where = where
        self.message = Message(MESSAGES, key, params)
        self.what = self.message.render("en")
        super().__init__(f"{where}: {self.what}")


def refuse(exc: SchemaError, path: Any = None) -> BundleRefused:
    return BundleRefused("schema", path, where=exc.where, what=exc.message)


# ----------------------------------------------------------------- small checks


def _text(value: Any, where: str, *, empty: bool = True) -> str:
    if not isinstance(value, str) or len(value) > MAX_TEXT or (not empty and not value):
        raise SchemaError(where, "schema_text")
    return value


def _name(value: Any, where: str) -> str:
    """A name a home was given (a volunteer's, a home id): printable, as storage.home makes it."""
    if not printable(_text(value, where)):
        raise SchemaError(where, "schema_printable")
    return value


def _int(value: Any, where: str, low: int = 0, high: int = 2**53 - 1) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        if high == 2**53 - 1:
            raise SchemaError(where, "schema_int", low=low)
        raise SchemaError(where, "schema_int_range", low=low, high=high)
    return value


def _match(regex: re.Pattern[str], value: Any, where: str, key: str) -> str:
    if not isinstance(value, str) or not regex.match(value):
        raise SchemaError(where, key)
    return value


def _instant(value: Any, where: str) -> str:
    if not is_instant(value):
        raise SchemaError(where, "schema_time")
    return cast(str, value)


def _object(value: Any, where: str, keys: tuple[str, ...] | set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise SchemaError(where, "schema_object")
    missing = set(keys) - set(value)
    extra = set(value) - set(keys)
    if missing:
        raise SchemaError(where, "schema_missing", names=", ".join(sorted(missing)))
    if extra:
        raise SchemaError(where, "schema_unexpected", names=", ".join(sorted(extra)))
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise SchemaError(where, "schema_list")
    return value


def _answers(value: Any, where: str, depth: int = 0) -> None:
    """Answers: {name: text} and {repeat: [{name: text, ...}, ...]}, as the store keeps them."""
    if depth > MAX_DEPTH:
        raise SchemaError(where, "schema_deep")
    if not isinstance(value, dict):
        raise SchemaError(where, "schema_object")
    for name, item in value.items():
        here = f"{where}.{name}"
        if isinstance(item, list):
            for i, row in enumerate(item):
                _answers(row, f"{here}[{i}]", depth + 1)
        elif item is not None and not isinstance(item, str | int | bool):
            raise SchemaError(here, "schema_text")
        elif isinstance(item, str) and len(item) > MAX_TEXT:
            raise SchemaError(here, "schema_text_long")


def _plain(value: Any, where: str, depth: int = 0) -> None:
    """Any JSON value without floats (a register update: text, a list of members, ...)."""
    if depth > MAX_DEPTH:
        raise SchemaError(where, "schema_deep")
    if isinstance(value, float):
        raise SchemaError(where, "schema_float")
    if isinstance(value, dict):
        for k, v in value.items():
            _plain(v, f"{where}.{k}", depth + 1)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _plain(v, f"{where}[{i}]", depth + 1)
    elif isinstance(value, str) and len(value) > MAX_TEXT:
        raise SchemaError(where, "schema_text_long")


def _register_updates(value: Any, where: str) -> None:
    """{field: text}: what survey.engine's register_updates makes (a question's `save_to`, its
    answer as text). A list or a number would reach the register as its Python spelling."""
    if not isinstance(value, dict):
        raise SchemaError(where, "schema_object")
    for name, item in value.items():
        if not FIELD_NAME_RE.match(name):
            raise SchemaError(where, "schema_field_name")
        _text(item, f"{where}.{name}")


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
    _match(UUID_RE, item["uuid"], f"{where}.uuid", "schema_uuid")
    revision = _int(item["revision"], f"{where}.revision", 1, MAX_REVISION)
    supersedes = item["supersedes"]
    if supersedes is not None and (_int(supersedes, f"{where}.supersedes", 1) >= revision):
        raise SchemaError(f"{where}.supersedes", "schema_earlier")
    if revision > 1 and supersedes is None:
        raise SchemaError(f"{where}.supersedes", "schema_supersedes")
    for name in ("household", "form_id", "form_version"):
        _text(item[name], f"{where}.{name}", empty=False)
    # A household is a QR id as a laptop scans or makes it (storage.qrid), never free text: the
    # office files and indexes visits by it (PostgreSQL keeps it in clear), so a name or a
    # sentence sent in its place must not get that far.
    if not (qrid.is_valid(item["household"]) and qrid.normalize(item["household"]) == item["household"]):
        raise SchemaError(f"{where}.household", "schema_qrid")
    # Names a home was given: storage.home refuses control characters in them, so a visit that
    # carries one was not recorded by doorstep, and the office must not show or store it.
    for name in ("volunteer", "device", "device_name"):
        _name(item[name], f"{where}.{name}")
    _instant(item["started"], f"{where}.started")
    _instant(item["ended"], f"{where}.ended")
    if item["corrected_at"] is not None:
        if revision == 1:
            raise SchemaError(f"{where}.corrected_at", "schema_corrected_only")
        _instant(item["corrected_at"], f"{where}.corrected_at")
    _answers(item["answers"], f"{where}.answers")
    _register_updates(item["register_updates"], f"{where}.register_updates")
    if item["register_base"] is not None:
        _int(item["register_base"], f"{where}.register_base", 0)
    _match(HEX64_RE, item["hash"], f"{where}.hash", "schema_sha")
    # The hash covers the base the visit recorded; an estimated base (a visit recorded before
    # storage's schema 2, or sent by an older doorstep) is outside it.
    if item["hash"] not in (visit_hash(item), visit_hash({**item, "register_base": None})):
        raise SchemaError(f"{where}.hash", "schema_hash")
    return cast(VisitItem, item)  # every field checked above


def check_visits_content(content: Any) -> list[VisitItem]:
    _object(content, "content", ("visits",))
    visits = _list(content["visits"], "visits")
    keys = []
    for i, item in enumerate(visits):
        check_visit(item, f"visits[{i}]")
        keys.append(record_key(item["uuid"], item["revision"]))
    if keys != sorted(set(keys)):
        raise SchemaError("visits", "schema_sorted")
    return visits


def visits_counts(visits: list[VisitItem]) -> dict[str, int]:
    corrections = sum(1 for v in visits if v["revision"] > 1)
    return {"visits": len(visits) - corrections, "corrections": corrections}


# ----------------------------------------------------------------- assignment

ASSIGNMENT_FIELDS = ("device", "households", "entries", "forms", "acknowledgements", "returned")


def check_entry(entry: Any, where: str) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise SchemaError(where, "schema_object")
    _text(entry.get("id"), f"{where}.id", empty=False)
    _text(entry.get("name"), f"{where}.name", empty=False)
    _int(entry.get("version"), f"{where}.version", 1)
    for name in ENTRY_TEXT_FIELDS:
        if name in entry:
            _text(entry[name], f"{where}.{name}")
    members = _list(entry.get("members", []), f"{where}.members")
    for i, member in enumerate(members):
        if not isinstance(member, dict):
            raise SchemaError(f"{where}.members[{i}]", "schema_object")
        _text(member.get("name"), f"{where}.members[{i}].name", empty=False)
        if member.get("relation") is not None:  # the register keeps it as text (str() of a list else)
            _text(member["relation"], f"{where}.members[{i}].relation")
    # Optional, so that an assignment from an office before register schema 3 still reads.
    if "status" in entry and entry["status"] not in STATUSES:
        raise SchemaError(f"{where}.status", "schema_status")
    if "entitled" in entry and entry["entitled"] not in ENTITLED:
        raise SchemaError(f"{where}.entitled", "schema_entitled")
    if entry.get("death_date") and not DATE_RE.match(entry["death_date"]):
        raise SchemaError(f"{where}.death_date", "schema_date")
    _plain(entry, where)
    return entry


def check_assignment_content(content: Any) -> dict[str, Any]:
    _object(content, "content", ASSIGNMENT_FIELDS)
    _match(KEYID_RE, content["device"], "device", "schema_keyid")
    households = [_text(h, f"households[{i}]", empty=False)
                  for i, h in enumerate(_list(content["households"], "households"))]
    if len(set(households)) != len(households):
        raise SchemaError("households", "schema_household_twice")
    entries = _list(content["entries"], "entries")
    ids = [check_entry(e, f"entries[{i}]")["id"] for i, e in enumerate(entries)]
    if ids != sorted(set(ids)):
        raise SchemaError("entries", "schema_entries_sorted")
    if not set(households) <= set(ids):
        raise SchemaError("households", "schema_household_entry")
    for i, form in enumerate(_list(content["forms"], "forms")):
        _object(form, f"forms[{i}]", ("id", "version", "source"))
        _text(form["id"], f"forms[{i}].id", empty=False)
        _text(form["version"], f"forms[{i}].version", empty=False)
        if form["source"] is not None:
            _text(form["source"], f"forms[{i}].source")
    acks = _list(content["acknowledgements"], "acknowledgements")
    for i, key in enumerate(acks):
        _match(KEY_RE, key, f"acknowledgements[{i}]", "schema_visit_key")
    for i, item in enumerate(_list(content["returned"], "returned")):
        _object(item, f"returned[{i}]", ("key", "comment"))
        _match(KEY_RE, item["key"], f"returned[{i}].key", "schema_visit_key")
        _text(item["comment"], f"returned[{i}].comment")
    return content


def assignment_counts(content: dict[str, Any]) -> dict[str, int]:
    return {
        "households": len(content["households"]),
        "forms": len(content["forms"]),
        "acknowledgements": len(content["acknowledgements"]),
        "returned": len(content["returned"]),
    }
