"""The records the store keeps on disk, each shape defined once: register entry, draft, visit
record, audit row.

These are TypedDicts, not classes: they are exactly the JSON objects of `store.json` and of the
files in `drafts/`, so typing them changes no byte on disk (tests/storage/test_records_on_disk.py
compares a store written now with a committed one). Answers stay a plain mapping: their names come
from the forms, not from the code (docs/architecture.md, "Answers of a visit").
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict

from doorstep.storage.categories import Priority

Answers = dict[str, Any]  # {name: text} and {repeat: [{name: text, ...}, ...]}
RegisterUpdates = dict[str, Any]  # {register field: proposed value}
LifeStatus = Literal["alive", "deceased", "moved"]
Entitled = Literal["yes", "no"]


class Member(TypedDict):
    """Someone of the household besides the beneficiary."""

    name: str
    relation: str


class RegisterEntry(TypedDict):
    """One beneficiary on the register (the `register` table), keyed by its household id."""

    id: str
    name: str
    category: str  # a code of storage.categories
    priority: Priority
    village: str
    address: str
    phone: str
    members: list[Member]
    notes: str
    status: LifeStatus
    death_date: str  # YYYY-MM-DD, "" for none
    entitled: Entitled
    version: int  # bumped by every change; what a visit's register_base names
    updated: str  # ISO time of the last change
    # What a town's sheet also keeps (store.OFFICE_FIELDS): present only once given.
    id_number: NotRequired[str]  # 身份证号, 18 characters, checked; "" for none
    sex: NotRequired[Literal["male", "female", ""]]
    birth_date: NotRequired[str]  # YYYY-MM-DD, "" for none
    disability_grade: NotRequired[int | Literal[""]]  # 1-10, for 残疾军人
    contact: NotRequired[str]  # 联系人


class Draft(TypedDict):
    """A visit being recorded: one file `drafts/<uuid>.json`, rewritten at every answer."""

    uuid: str
    revision: int
    supersedes: int | None  # the revision a correction replaces
    household: str
    form_id: str
    form_version: str
    volunteer: str
    device: str
    device_name: str
    started: str
    ended: str | None
    answers: Answers
    register_updates: RegisterUpdates
    register_base: int | None  # the entry's version the volunteer saw (0: no entry); None: unset
    corrected_at: NotRequired[None]  # a correction's draft: set when it is finalized
    status: Literal["draft"]
    updated: NotRequired[str]  # set by every write of the draft file
    position: NotRequired[list[Any]]  # the slot the volunteer is on (set_draft_position); not in the record


class VisitRecord(TypedDict):
    """A finalized visit or correction (the `visits` table), keyed by `<uuid>.<revision>`.

    The fields of storage.visits.CONTENT_FIELDS are its content (the hash covers them); the rest
    is bookkeeping of the home that holds it.
    """

    uuid: str
    revision: int
    supersedes: int | None
    household: str
    form_id: str
    form_version: str
    volunteer: str
    device: str
    device_name: str
    started: str
    ended: str
    answers: Answers
    register_updates: RegisterUpdates
    register_base: int | None
    corrected_at: NotRequired[str | None]  # a correction: when it was finalized (it keeps `ended`)
    status: Literal["finalized"]
    key: str
    hash: str
    acked: bool  # device: the office has it; office: always True
    received: str | None  # office: when it first arrived
    register_base_estimate: NotRequired[int]  # office: a base sent outside the hash (sync.content)


class AuditRow(TypedDict):
    """One change to the register or to a visit (the `audit` table)."""

    at: str
    who: str
    target: str  # "register", "visit", "conflict" or "entered_figure"
    target_id: str
    action: str  # add, update, finalize, correct, receive, replace
    field: str | None
    old: Any
    new: Any


class Assignment(TypedDict):
    """Device: the households this laptop is to visit (the one row of the `assignment` table)."""

    households: list[str]
    source: str | None
    set: str
