"""The records sync/ writes, each shape defined once: what a bundle carries (its header, a visit
item) and the office's rows about a merge (a flagged conflict, a variant kept beside the visits
table, a register proposal).

TypedDicts, because they are the JSON objects of bundles and of the store's sync_* tables (named in
sync/tables.py): typing them changes no byte (tests/storage/test_records_on_disk.py). What a merge
reports to its caller never goes to disk and is a dataclass (sync/report.py).
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict

from doorstep.storage.records import Answers, RegisterUpdates

BundleKind = Literal["visits", "assignment"]


class BundleHeader(TypedDict):
    """The clear, signed header of a bundle (docs/bundle-format.md)."""

    format: str
    kind: BundleKind
    id: str
    sender: str  # key id
    recipient: str  # key id
    sequence: int  # per sender and recipient, from 1
    created: str
    counts: dict[str, int]
    content_hash: str


class VisitItem(TypedDict):
    """A visit as a visits bundle carries it: its content (storage.visits.CONTENT_FIELDS), the
    device's name and its hash. `register_base` may be the device's estimate (sync.content)."""

    uuid: str
    revision: int
    supersedes: int | None
    household: str
    form_id: str
    form_version: str
    volunteer: str
    device: str
    started: str
    ended: str
    answers: Answers
    register_updates: RegisterUpdates
    register_base: int | None
    corrected_at: NotRequired[str | None]  # travels only on a correction that has it (sync.content)
    device_name: str
    hash: str


class Variant(TypedDict):
    """Office (sync_variants): a content of a visit key other than the one in the visits table."""

    key: str
    hash: str
    record: VisitItem


class ProposedValue(TypedDict):
    value: Any
    visit: str  # the key of the visit that proposes it


ConflictKind = Literal[
    "visit",                       # one key, several contents
    "register",                    # two values from the same base
    "register_invalid",            # a value the register cannot hold
    "register_office_edited",      # the office changed the field since the volunteer looked
    "register_unknown_field",
    "register_unknown_household",
    "visit_unknown_household",     # visits to a household not on the register: add or match it
    "visit_constraint",            # a visit's answers break their questions' constraints
]


class Conflict(TypedDict):
    """Office (sync_conflicts): something a merge flagged for the supervisor.

    A visit flag names its key and hashes; a register flag its field and the values proposed.
    """

    kind: ConflictKind
    household: str
    key: NotRequired[str]
    hashes: NotRequired[list[str]]
    field: NotRequired[str]
    values: NotRequired[list[ProposedValue]]
    base: NotRequired[int]
    chosen: NotRequired[Any]
    chosen_visit: NotRequired[str]
    office_value: NotRequired[Any]
    visits: NotRequired[list[str]]  # visit_unknown_household: the visits' keys
    questions: NotRequired[list[str]]  # visit_constraint: the questions out of range


class Proposal(TypedDict):
    """Office (sync_proposals): one register field a visit proposes to change."""

    household: str
    field: str
    value: Any
    base: int
    base_recorded: bool
    visit: str
    uuid: str
    revision: int
    hash: str
    ended: str  # in UTC, so that proposals compare by time whatever offset they were written with
    base_value: NotRequired[Any]  # the field's value at the base, when the office knows it
