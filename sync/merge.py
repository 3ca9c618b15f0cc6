"""The office's merge of visit bundles: exactly once, in any order, nothing lost.

Rules (docs/bundle-format.md, "Merging", says the same for people):

- A bundle already merged (same id) is a duplicate and changes nothing. Every visit in a bundle
  must be its signer's own (sync.binding), else the bundle is refused before anything changes.
  A different bundle under a sequence number the device already used comes from a copy of the
  laptop (copied, or restored from a backup): it is merged, and the report says so (`copies`).
- A visit is known by its key `<uuid>.<revision>`. A key not yet held is added. The same key with
  the same content hash is a duplicate. The same key with another content (two copies of one
  laptop that wrote a revision differently) is a conflict: every content is kept, the one the
  device sent first (lowest bundle sequence, then hash) in the visits table and the others in
  `sync_variants`, and the key is flagged in `sync_conflicts`. Which content sits in the table
  therefore depends on the bundles, not on the order they arrive in nor on a hash a sender could
  grind for.
- Register changes proposed by visits (`register_updates`, based on the office's version
  `register_base` of the entry, which the visit recorded) are kept in `sync_proposals` and
  decided field by field, against the base: of the live proposals (a correction replaces its
  visit's earlier revisions), one equal to the field's value at its base (known from
  `sync_sent_entries`) is no change; of the changes, the one with the highest base wins, ties
  broken by the visit's end time, uuid and revision; two different values from the same base are
  flagged. A field the office itself changed after the base, or since doorstep applied a
  proposal, is not overwritten: that is flagged too. A visit recorded before register bases
  existed carries the device's estimate, outside its hash: ranked by it, never compared.
- Each bundle is merged in one store transaction: all of it or none of it.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Callable, Collection, Container, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from doorstep.i18n import Lang, UserError
from doorstep.i18n.shown import printable, shown
from doorstep.storage.backend import StoreBackend
from doorstep.storage.home import Home
from doorstep.storage.store import ENTRY_DEFAULTS, ENTRY_FIELDS, clean_entry
from doorstep.storage.visits import now_iso, record_key
from doorstep.survey.form import Form
from doorstep.sync import canonical
from doorstep.sync.binding import check_binding, where
from doorstep.sync.content import (
    SchemaError,
    base_recorded,
    check_visits_content,
    refuse,
    stored_form,
    visits_counts,
    wire_form,
)
from doorstep.sync.devices import bind_homes, device_homes, known_devices
from doorstep.sync.envelope import BundleRefused, Opened, open_bundle, read_limited
from doorstep.sync.form_fit import Misfit, check_answers, constraint_breaks, office_forms
from doorstep.sync.gaps import runs
from doorstep.sync.identity import Identity, PublicIdentity, load_identity, writer_of
from doorstep.sync.messages import msg
from doorstep.sync.records import Conflict, Proposal, ProposedValue, Variant, VisitItem
from doorstep.sync.settlements import load_settled
from doorstep.sync.tables import (
    APPLIED,
    BUNDLES,
    CONFLICTS,
    FIRST_SENT,
    PROPOSALS,
    SENDERS,
    SENT_ENTRIES,
    SETTLEMENTS,
    VARIANTS,
)

APPLICABLE_FIELDS = frozenset(ENTRY_FIELDS)


@dataclass
class BundleOutcome:
    """What happened to one file."""

    path: str
    status: str  # "new" | "duplicate" | "refused" | "skipped" (found in a folder, not for merging here)
    id: str | None = None
    device: str | None = None
    sequence: int | None = None
    visits: int = 0
    new: int = 0
    duplicates: int = 0
    conflicts: int = 0
    register_changes: int = 0
    copies: list[int] = field(default_factory=list)  # sequences this device used twice (a copy)
    error: UserError | None = None

    def reason(self, lang: Lang) -> str | None:
        if self.error is None:
            return None
        if isinstance(self.error, BundleRefused):
            return self.error.why(lang)
        return self.error.render(lang)

    def to_json(self, lang: Lang) -> dict[str, Any]:
        return {
            "path": self.path, "status": self.status, "id": self.id, "device": self.device,
            "sequence": self.sequence, "visits": self.visits, "new": self.new,
            "duplicates": self.duplicates, "conflicts": self.conflicts,
            "register_changes": self.register_changes, "reason": self.reason(lang),
            "copies": self.copies,
        }


@dataclass
class MergeReport:
    bundles: list[BundleOutcome] = field(default_factory=list)
    gaps: dict[str, list[int]] = field(default_factory=dict)
    copies: dict[str, list[int]] = field(default_factory=dict)  # a copied laptop's reused numbers

    @property
    def refused(self) -> int:
        return sum(1 for b in self.bundles if b.status == "refused")

    @property
    def skipped(self) -> int:
        return sum(1 for b in self.bundles if b.status == "skipped")

    def to_json(self, lang: Lang) -> dict[str, Any]:
        return {
            "bundles": [b.to_json(lang) for b in self.bundles],
            "gaps": [{"device": d, "missing": seqs} for d, seqs in sorted(self.gaps.items())],
            "copies": [{"device": d, "sequences": seqs} for d, seqs in sorted(self.copies.items())],
            "refused": self.refused,
            "skipped": self.skipped,
            "new_visits": sum(b.new for b in self.bundles),
            "conflicts": sum(b.conflicts for b in self.bundles),
        }


def canon(value: Any) -> bytes:
    return canonical.dumps(value)


# ------------------------------------------------------------------ files


def collect_files(paths: Iterable[Path | str]) -> list[Path]:
    """Files as given; folders give their *.json files (recursively), sorted by name."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += folder_files(path)
        else:
            out.append(path)
    return out


def folder_files(folder: Path) -> list[Path]:
    """The *.json files inside `folder` (recursively), sorted by name."""
    return sorted(p for p in folder.rglob("*.json") if p.is_file())


def found_in_folders(paths: Iterable[Path | str]) -> set[Path]:
    """The files that collect_files finds by scanning a folder rather than by being named."""
    return {p for raw in paths if Path(raw).is_dir() for p in folder_files(Path(raw))}


def not_for_merging(exc: UserError) -> bool:
    """A refusal that only says the file is not the office's to merge: one the office sealed itself
    (its assignment bundles) or an assignment. On a shared stick these sit beside the devices'
    bundles as a matter of course; a folder scan passes over them instead of refusing them."""
    if not isinstance(exc, BundleRefused):
        return False
    return exc.reason == "from_myself" or (
        exc.reason == "wrong_kind" and exc.params.get("found") == "assignment")


# ------------------------------------------------------------------ state


@dataclass
class Pending:
    """Writes to the big tables, gathered over the bundles of one transaction and done at its end.

    Every TinyDB insert rebuilds an index of its whole table, so adding 50 visits to a table of
    100,000 costs as much as adding 10,000; gathering them makes a merge of 200 bundles cost about
    one insert into each big table instead of 200.
    """

    records: dict[str, dict[str, Any]] = field(default_factory=dict)  # new keys
    uuids: dict[str, dict[str, Any]] = field(default_factory=dict)  # uuid -> a record of `records`
    replacements: dict[str, dict[str, Any]] = field(default_factory=dict)  # stored keys, new content
    variant_adds: dict[tuple[str, str], Variant] = field(default_factory=dict)
    variant_drops: set[tuple[str, str]] = field(default_factory=set)  # (key, hash) rows to remove
    first_sent: dict[tuple[str, str], int] = field(default_factory=dict)  # (key, hash) -> sequence
    homes: dict[str, set[str]] = field(default_factory=dict)  # key id -> home ids learned
    proposals: list[Proposal] = field(default_factory=list)
    register: dict[str, dict[str, Any]] = field(default_factory=lambda: defaultdict(dict))
    # household -> the visit contents that proposed register changes for it in this transaction:
    # each counts once in the entry's version, whether it changes a field or not, so that the
    # version is the same whatever the order of the bundles (storage.Store.apply_merged_changes).
    proposers: dict[str, set[tuple[str, str]]] = field(default_factory=lambda: defaultdict(set))
    touched: set[str] = field(default_factory=set)  # households whose applied visits changed
    # Flags raised or dropped in this transaction, by identity, written together at its end (a
    # stick of out-of-range answers raises one per visit: thousands, each an insert otherwise).
    flags: dict[tuple[Any, ...], Conflict] = field(default_factory=dict)
    flag_drops: set[tuple[Any, ...]] = field(default_factory=set)  # stored flags to remove
    # (household, field) -> the row of sync_applied to write: one update and one insert of them all
    # at the end, rather than a write of the whole table for each (every TinyDB write copies it).
    applied: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    # What the store said of households (on the register?) and keys (held?): asked for a whole
    # bundle at once (`know`), one query each on PostgreSQL rather than one per visit. Entries do
    # not change in a merge; keys held do, at the flush, when this Pending is done with.
    registered: dict[str, bool] = field(default_factory=dict)
    stored: dict[str, bool] = field(default_factory=dict)
    # uuid -> the device and its name of the latest revision held (None: no revision held), for
    # sync.binding: asked for a whole bundle at once, as the households and keys are.
    owners: dict[str, dict[str, Any] | None] = field(default_factory=dict)

    def know(self, store: StoreBackend, visits: Iterable[VisitItem]) -> None:
        visits = list(visits)
        uuids = {v["uuid"] for v in visits} - self.owners.keys() - self.uuids.keys()
        if uuids:
            latest = store.latest_visits(uuids)
            self.owners.update((u, _owner_of(latest.get(u))) for u in uuids)
        households = {v["household"] for v in visits} - self.registered.keys()
        if households:
            held = store.entries_held(households)
            self.registered.update((h, h in held) for h in households)
        keys = {record_key(v["uuid"], v["revision"]) for v in visits} - self.stored.keys()
        if keys:
            found = store.visits_held(keys)
            self.stored.update((k, k in found) for k in keys)

    def on_register(self, store: StoreBackend, household: str) -> bool:
        known = self.registered.get(household)
        if known is None:
            known = self.registered[household] = store.has_entry(household)
        return known

    def held(self, store: StoreBackend, key: str) -> bool:
        """Whether the visits table holds `key` (as the store was when this transaction began)."""
        known = self.stored.get(key)
        if known is None:
            known = self.stored[key] = store.has_visit_record(key)
        return known

    def current(self, store: StoreBackend, item: VisitItem, key: str) -> Mapping[str, Any] | None:
        """The content of `key` that sits (or is about to sit) in the visits table."""
        if key in self.records:
            return self.records[key]
        if key in self.replacements:
            return self.replacements[key]
        if self.held(store, key):
            return store.get_visit(item["uuid"], item["revision"])
        return None

    def owner(self, store: StoreBackend, item: VisitItem) -> dict[str, Any] | None:
        """Whose visit the office holds, or is about to, under the item's uuid (any revision)."""
        pending = self.uuids.get(item["uuid"])
        if pending is not None:
            return _owner_of(pending)
        if item["uuid"] not in self.owners:
            self.owners[item["uuid"]] = _owner_of(store.get_visit(item["uuid"]))
        return self.owners[item["uuid"]]

    def add(self, key: str, record: dict[str, Any]) -> None:
        """A content to put in the visits table under a key not stored yet."""
        self.records[key] = record
        self.uuids[record["uuid"]] = record

    def register_value(self, store: StoreBackend, household: str, name: str) -> Any:
        if name in self.register.get(household, {}):
            return self.register[household][name]
        entry = store.get_entry(household)
        return entry.get(name) if entry is not None else None

    def flush(self, store: StoreBackend, state: OfficeState) -> None:
        if self.records:
            store.add_received_visits(list(self.records.values()))
        for item in self.replacements.values():
            store.replace_received_visit(item)
        drops = [state.variant_docs.pop(k) for k in sorted(self.variant_drops) if k in state.variant_docs]
        if drops:
            store.table(VARIANTS).remove(doc_ids=drops)
        if self.variant_adds:
            rows = [self.variant_adds[k] for k in sorted(self.variant_adds)]
            for row, doc_id in zip(rows, store.table(VARIANTS).insert_multiple(rows), strict=True):
                state.variant_docs[(row["key"], row["hash"])] = doc_id
        _flush_first_sent(store, state, self.first_sent)
        _flush_flags(store, state, self.flags, self.flag_drops)
        for key_id, homes in sorted(self.homes.items()):
            bind_homes(store, key_id, homes)
        if self.proposals:
            store.table(PROPOSALS).insert_multiple(self.proposals)
        _flush_applied(store, state, self.applied)
        if self.register or self.proposers or self.touched:
            store.apply_merged_changes(
                {h: f for h, f in self.register.items() if f},
                {h: len(keys) for h, keys in self.proposers.items()},
                {h: state.changed_at(h) for h in {*self.register, *self.touched}})


def _owner_of(record: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return {"device": record["device"], "device_name": record.get("device_name")} if record else None


class _KnownBundles:
    """The ids of the bundles merged, asked one at a time (`in`): looked up in the bundle log by
    id (indexed on PostgreSQL), and remembered for the length of a merge."""

    def __init__(self, store: StoreBackend) -> None:
        self.store = store
        self.merged: set[str] = set()  # in this merge's transaction
        self._known: dict[str, bool] = {}

    def __contains__(self, bundle_id: object) -> bool:
        if not isinstance(bundle_id, str):
            return False
        if bundle_id in self.merged:
            return True
        if bundle_id not in self._known:
            self._known[bundle_id] = bool(self.store.table(BUNDLES).find("id", [bundle_id]))
        return self._known[bundle_id]


class OfficeState:
    """sync's tables of one office store, as much of them as a merge needs, kept in memory for
    its length: every bundle's id, sender and sequence (for duplicates, copies and gaps), and the
    rows about the households and visit keys of the bundles merged (`read`), read when a bundle
    first names them. What it reads of a household is all the store holds about it, so each
    decision is the one a state holding every row would make."""

    def __init__(self, store: StoreBackend) -> None:
        self.store = store
        self.reload()

    def reload(self) -> None:
        store = self.store
        self.pending = Pending()
        self.devices: dict[str, PublicIdentity] = known_devices(store)
        self.homes: dict[str, set[str]] = device_homes(store)
        self.home_owners: dict[str, str] = {h: k for k, homes in self.homes.items() for h in homes}
        # The bundles merged are known by id when asked (a duplicate), and per device by the
        # sequence numbers merged and those that came twice (a copied laptop), kept as runs in
        # sync_senders: at 1M visits the bundle log has 20,000 rows, which no merge should read.
        self.bundles = _KnownBundles(store)
        self.sequences: dict[str, set[int]] = defaultdict(set)
        self.reused: set[tuple[str, int]] = set()
        self.sender_docs: dict[str, int] = {}
        senders = store.table(SENDERS).all()
        for row in senders:
            self.sender_docs[row["sender"]] = row.doc_id
            self.sequences[row["sender"]] = {n for first, last in row["runs"] for n in range(first, last + 1)}
            self.reused.update((row["sender"], n) for n in row["reused"])
        if not senders:  # an office merged into before sync_senders: its bundle log, once
            first: dict[tuple[str, int], str] = {}
            for row in store.table(BUNDLES).pick(("id", "sender", "sequence")):
                place = (row["sender"], row["sequence"])
                if first.setdefault(place, row["id"]) != row["id"]:
                    self.reused.add(place)
                self.sequences[row["sender"]].add(row["sequence"])
        # Every content of a conflicting key but the one in the visits table, with its row's id.
        self.variants: dict[str, dict[str, VisitItem]] = defaultdict(dict)
        self.variant_docs: dict[tuple[str, str], int] = {}
        # The lowest sequence that carried each content of a conflicting key: the tie-break.
        self.first_sent: dict[tuple[str, str], int] = {}
        self.first_sent_docs: dict[tuple[str, str], int] = {}
        self._carriers: dict[str, int] | None = None  # key -> lowest sequence carrying it, lazily
        self.settled = load_settled(store)  # the supervisor's decisions stand (sync.settlements)
        self.settled_visits: dict[str, str] = {  # visit key -> the content the supervisor chose
            row["key"]: row["chosen"]
            for row in sorted(store.table(SETTLEMENTS).all(), key=lambda r: r.doc_id)
            if row.get("kind") == "visit" and row.get("chosen")}
        self.flags: dict[tuple[Any, ...], int] = {}
        self.unknown_visits: dict[str, list[str]] = {}  # household -> its visits, flagged
        self.proposals: dict[tuple[str, str], list[Proposal]] = defaultdict(list)
        self.proposal_ids: set[tuple[str, str, str]] = set()
        self.sent: dict[tuple[str, int], dict[str, Any]] = {}
        self.applied: dict[tuple[str, str], tuple[int | None, dict[str, Any]]] = {}  # None: inserted at flush
        self.applied_fields: dict[str, set[str]] = defaultdict(set)  # household -> fields in `applied`
        self._households: set[str] = set()  # those whose rows are read
        self._keys: set[str] = set()  # the visit keys whose rows are read

    def read(self, households: Iterable[str], keys: Iterable[str]) -> None:
        """Read what the store holds about these households and visit keys, each only once: their
        variants and first sequences (by key), flags (by household, and by key: a visit's flag
        names the household of the content chosen), proposals, versions sent and values applied."""
        store = self.store
        keys = sorted(set(keys) - self._keys)
        households = sorted(set(households) - self._households)
        if keys:
            self._keys.update(keys)
            for row in store.table(VARIANTS).find("key", keys):
                self.variants[row["key"]][row["hash"]] = row["record"]
                self.variant_docs[(row["key"], row["hash"])] = row.doc_id
            for row in store.table(FIRST_SENT).find("key", keys):
                self.first_sent[(row["key"], row["hash"])] = row["sequence"]
                self.first_sent_docs[(row["key"], row["hash"])] = row.doc_id
        if not keys and not households:
            return
        flags = {row.doc_id: row for row in store.table(CONFLICTS).find("key", keys)} if keys else {}
        if households:
            flags.update((row.doc_id, row) for row in store.table(CONFLICTS).find("household", households))
        for _, row in sorted(flags.items()):
            self.flags[flag_identity(row)] = row.doc_id
            if row["kind"] == "visit_unknown_household":
                self.unknown_visits[row["household"]] = list(row["visits"])
        if not households:
            return
        self._households.update(households)
        for row in store.table(PROPOSALS).find("household", households):
            self.proposals[(row["household"], row["field"])].append(cast(Proposal, dict(row)))
            self.proposal_ids.add((row["visit"], row["hash"], row["field"]))
        for row in store.table(SENT_ENTRIES).find("household", households):
            self.sent[(row["household"], row["version"])] = row["fields"]
        for row in store.table(APPLIED).find("household", households):
            self.set_applied(row["household"], row["field"], row.doc_id, dict(row))

    def device_name(self, key_id: str) -> str:
        device = self.devices.get(key_id)
        return device.name if device else key_id[:12]

    def carried_first(self, key: str) -> int | None:
        """The lowest sequence of any bundle merged here that carried `key`. Used when a second
        content of the key first arrives: until then every bundle carrying it carried the one
        content there was, so this is that content's first sequence."""
        if self._carriers is None:
            self._carriers = {}
            for row in self.store.table(BUNDLES).all():  # with those merged in this transaction
                self._carry(row["keys"], row["sequence"])
        return self._carriers.get(key)

    def _carry(self, keys: Iterable[str], sequence: int) -> None:
        carriers = self._carriers
        if carriers is not None:
            for key in keys:
                if sequence < carriers.get(key, sequence + 1):
                    carriers[key] = sequence

    def merged(self, row: dict[str, Any]) -> None:
        """Note a bundle merged in this transaction (a new id: a duplicate is never merged), and
        write its device's row of sync_senders."""
        sender, sequence = row["sender"], row["sequence"]
        self.bundles.merged.add(row["id"])
        if sequence in self.sequences[sender]:
            self.reused.add((sender, sequence))
        self.sequences[sender].add(sequence)
        self._carry(row["keys"], row["sequence"])
        self._write_senders([sender] if self.sender_docs else list(self.sequences))

    def is_copy(self, sender: str, sequence: int) -> bool:
        """Whether another bundle came under this sender's sequence number already."""
        return sequence in self.sequences.get(sender, ())

    def _write_senders(self, senders: list[str]) -> None:
        table = self.store.table(SENDERS)
        for sender in senders:
            row = {"sender": sender, "runs": [list(run) for run in runs(self.sequences[sender])],
                   "reused": sorted(n for who, n in self.reused if who == sender)}
            doc_id = self.sender_docs.get(sender)
            if doc_id is None:
                self.sender_docs[sender] = table.insert(row)
            else:
                table.update(row, doc_ids=[doc_id])

    def copies(self, sender: str | None = None) -> Any:
        """The sequence numbers under which a device sent two different bundles (a copied laptop):
        of `sender`, or {device name: numbers} of every device."""
        if sender is not None:
            return sorted(seq for who, seq in self.reused if who == sender)
        out: dict[str, list[int]] = defaultdict(list)
        for who, seq in sorted(self.reused):
            out[self.device_name(who)].append(seq)
        return dict(out)

    def set_applied(self, household: str, name: str, doc_id: int | None, row: dict[str, Any]) -> None:
        self.applied[(household, name)] = (doc_id, row)
        self.applied_fields[household].add(name)

    def changed_at(self, household: str) -> str:
        """When the entry was last changed by a visit: the latest end among the visits whose
        values the register holds (the register's `updated` comes from the bundles, not the clock)."""
        rows = (self.applied[(household, name)][1] for name in self.applied_fields.get(household, ()))
        return max((row["ended"] for row in rows if row.get("ended")), default="")

    def gaps(self) -> dict[str, list[int]]:
        out = {}
        for sender, sequences in self.sequences.items():
            if not sequences:
                continue
            missing = [n for n in range(1, max(sequences) + 1) if n not in sequences]
            if missing:
                out[self.device_name(sender)] = missing
        return out


def flag_identity(row: Mapping[str, Any]) -> tuple[Any, ...]:
    if row["kind"] == "visit":
        return ("visit", row["key"])
    if row["kind"] == "visit_unknown_household":
        return ("visit_unknown_household", row["household"])
    if row["kind"] == "visit_constraint":
        return ("visit_constraint", row["key"])
    return (row["kind"], row["household"], row["field"])


def _flush_applied(store: Any, state: OfficeState, rows: dict[tuple[str, str], dict[str, Any]]) -> None:
    """Write the rows of sync_applied decided in this transaction; new ones in the order they
    were first decided (the document ids they had when each was inserted at once)."""
    if not rows:
        return
    table = store.table(APPLIED)
    changed = {k: row for k, row in rows.items() if state.applied[k][0] is not None}
    if changed:
        def replace(doc: MutableMapping[str, Any]) -> None:
            doc.update(changed[(doc["household"], doc["field"])])

        table.update(replace, doc_ids=[cast(int, state.applied[k][0]) for k in changed])
    new = [(k, row) for k, row in rows.items() if state.applied[k][0] is None]
    if new:
        for (key, row), doc_id in zip(new, table.insert_multiple([row for _, row in new]), strict=True):
            state.set_applied(*key, doc_id, row)


def _flush_first_sent(store: Any, state: OfficeState, first_sent: dict[tuple[str, str], int]) -> None:
    table = store.table(FIRST_SENT)
    new: list[dict[str, Any]] = []
    for (key, digest), sequence in sorted(first_sent.items()):
        doc_id = state.first_sent_docs.get((key, digest))
        if doc_id is None:
            new.append({"key": key, "hash": digest, "sequence": sequence})
        else:
            table.update({"sequence": sequence}, doc_ids=[doc_id])
    for row, doc_id in zip(new, table.insert_multiple(new) if new else [], strict=True):
        state.first_sent_docs[(row["key"], row["hash"])] = doc_id


# ------------------------------------------------------------------ merging


def merge_paths(
    home: Home,
    paths: Iterable[Path | str],
    *,
    on_bundle: Callable[[BundleOutcome], None] | None = None,
    on_checked: Callable[[Path], None] | None = None,
    files: list[Path] | None = None,
    store: StoreBackend | None = None,
    scanned: Collection[Path] | None = None,
) -> MergeReport:
    """Merge every bundle among `paths` into the office `home`; a bad one is skipped with its reason.

    First every file is read, verified, decrypted and checked against the schema (a refused file
    changes nothing). Then the good ones are merged, in the order given, in ONE store transaction:
    each bundle is all-or-nothing because the whole run is, and the store file is written once
    rather than once per bundle (with 100,000 visits stored that is the difference between
    seconds and many minutes). Should that transaction fail part-way, nothing of it is kept and
    the bundles are merged again one transaction each, so that only the bundle that fails is
    skipped, with its reason.

    `scanned` names the files found by scanning a folder (by default, those of `paths` found so):
    of these, a file that is not for merging here (`not_for_merging`) is "skipped", not refused.
    """
    if home.kind != "office":
        raise UserError(msg("only_office", path=str(home.path)))
    me = load_identity(home)
    if files is None:
        paths = list(paths)
        files = collect_files(paths)
        scanned = found_in_folders(paths) if scanned is None else scanned
    scanned = set(scanned or ())
    report = MergeReport()
    with writer_of(home, store) as store:
        state = OfficeState(store)
        seen = store.generation()
        forms = office_forms(home, store)
        checked: list[tuple[Path, Checked | Skipped | UserError]] = []
        for path in files:
            try:
                checked.append((path, check_bundle(read_limited(path), me, state.devices, path, forms,
                                                   state.bundles)))
            except UserError as exc:
                checked.append((path, exc))
                if path in scanned and not_for_merging(exc):
                    checked[-1] = (path, Skipped(exc))
            if on_checked is not None:
                on_checked(path)
        try:
            with store.transaction():
                seen = _caught_up(store, state, seen)
                outcomes = [_merge_one(store, state, path, item) for path, item in checked]
                state.pending.flush(store, state)
            state.pending = Pending()
        except Exception:
            state.reload()  # the store rolled back; so must what we know of it
            outcomes = []
            for path, item in checked:
                try:
                    with store.transaction():
                        seen = _caught_up(store, state, seen)
                        outcomes.append(_merge_one(store, state, path, item))
                        state.pending.flush(store, state)
                    state.pending = Pending()
                except UserError as exc:
                    state.reload()
                    outcomes.append(BundleOutcome(path=str(path), status="refused", error=exc))
        for outcome in outcomes:
            report.bundles.append(outcome)
            if on_bundle is not None:
                on_bundle(outcome)
        report.gaps = state.gaps()
        report.copies = state.copies()
    return report


def _caught_up(store: StoreBackend, state: OfficeState, seen: int) -> int:
    """At the start of a merge's transaction: if another process wrote since `state` was read
    (several supervisors on one PostgreSQL office), read it again, now that it is our turn."""
    now = store.generation()
    if now != seen:
        state.reload()
    return now


@dataclass(frozen=True)
class Skipped:
    """A file found in a folder that is not for merging here, and why."""

    error: UserError


@dataclass(frozen=True)
class Checked:
    """A bundle that passed every check that does not depend on the store."""

    opened: Opened
    visits: list[VisitItem]
    breaks: dict[str, list[str]] = field(default_factory=dict)  # key -> questions out of range


def check_bundle(data: bytes, me: Identity, senders: dict[str, PublicIdentity], path: Path | str,
                 forms: Mapping[tuple[str, str], Form] | None = None,
                 merged: Container[str] = ()) -> Checked:
    """Every check that needs no store: the envelope, the schema, the header's counts against the
    content, and (given the office's `forms`) each visit's form and answers (sync.form_fit)."""
    opened = open_bundle(data, me, senders, path)
    if opened.kind != "visits":
        raise BundleRefused("wrong_kind", path, expected="visits", found=opened.kind)
    try:
        visits = check_visits_content(opened.content)
    except SchemaError as exc:
        raise refuse(exc, path) from None
    counts = visits_counts(visits)
    told: Mapping[str, Any] = opened.header["counts"]
    if dict(told) != dict(counts):
        raise BundleRefused("counts", path, hv=shown(told.get("visits", "-")),
                            hc=shown(told.get("corrections", "-")), cv=counts["visits"],
                            cc=counts["corrections"])
    breaks: dict[str, list[str]] = {}
    if forms is not None and opened.id not in merged:  # a bundle merged before was checked then
        for index, item in enumerate(visits):
            form = forms.get((item["form_id"], item["form_version"]))
            if form is None:
                raise BundleRefused("unknown_form", path, form=shown(item["form_id"]),
                                    version=shown(item["form_version"]), **where(index, item))
            try:
                check_answers(form, item["answers"])
            except Misfit as exc:
                params = {k: shown(v) for k, v in exc.params.items()}
                raise BundleRefused(exc.key, path, **params, **where(index, item)) from None
            broken = constraint_breaks(form, item["answers"])
            if broken:
                breaks[record_key(item["uuid"], item["revision"])] = broken
    return Checked(opened, visits, breaks)


def _merge_one(store: StoreBackend, state: OfficeState, path: Path,
               item: Checked | Skipped | UserError) -> BundleOutcome:
    if isinstance(item, Skipped):
        return BundleOutcome(path=str(path), status="skipped", error=item.error)
    if isinstance(item, UserError):
        return BundleOutcome(path=str(path), status="refused", error=item)
    try:
        return merge_bundle(store, state, item, path)
    except BundleRefused as exc:  # raised before anything is changed
        return BundleOutcome(path=str(path), status="refused", error=exc)


def merge_bundle(store: StoreBackend, state: OfficeState, checked: Checked,
                 path: Path | str) -> BundleOutcome:
    """Merge one checked bundle (the caller holds a transaction), or refuse it, changing nothing."""
    opened, visits = checked.opened, checked.visits
    header = opened.header
    sender = header["sender"]
    outcome = BundleOutcome(path=str(path), status="duplicate", id=opened.id,
                            device=state.device_name(sender), sequence=opened.sequence,
                            visits=len(visits))
    if opened.id in state.bundles:
        outcome.duplicates = len(visits)
        return outcome
    state.pending.know(store, visits)
    learned = check_binding(visits, opened.sender, state.homes.get(sender, set()),
                            state.home_owners.get, lambda item: state.pending.owner(store, item), path)  # type: ignore[arg-type]
    # From here on the store changes; an error aborts the caller's transaction.
    if learned - state.homes.get(sender, set()):
        state.pending.homes.setdefault(sender, set()).update(learned)
        state.homes.setdefault(sender, set()).update(learned)
        state.home_owners.update(dict.fromkeys(learned, sender))
    # Another bundle under a sequence number already used: only the signer's key can make one, so
    # it is no forgery but a copy of the laptop (copied, or restored from a backup) at work. Its
    # visits are merged like any others; the supervisor is told (MergeReport.copies, like gaps).
    copied = state.is_copy(sender, opened.sequence)
    state.read(*_concerned(store, state, checked))
    _merge_visits(store, state, visits, outcome, opened.sequence)
    _flag_contents(store, state, visits, checked.breaks)
    row = {
        "id": opened.id, "sender": sender, "sequence": opened.sequence, "kind": opened.kind,
        "created": header["created"], "content_hash": header["content_hash"],
        "counts": header["counts"], "merged": now_iso(),
        "keys": [record_key(v["uuid"], v["revision"]) for v in visits],
    }
    store.table(BUNDLES).insert(row)
    state.merged(row)
    if copied:
        outcome.copies = state.copies(sender)
    outcome.status = "new" if outcome.new or outcome.conflicts or copied else "duplicate"
    return outcome


def _concerned(store: StoreBackend, state: OfficeState, checked: Checked) -> tuple[set[str], set[str]]:
    """The households and visit keys whose rows of sync's tables the bundle's merge can read or
    change: a household its visits propose register changes for (its proposals, versions sent,
    values applied, flags) or that is not on the register (its flag); a key held already (a
    second content: variants, first sequences, its flag) or whose answers break a constraint."""
    households: set[str] = set()
    keys: set[str] = set()
    for item in checked.visits:
        key = record_key(item["uuid"], item["revision"])
        if item["register_updates"] or not state.pending.on_register(store, item["household"]):
            households.add(item["household"])
        if key in checked.breaks or key in state.pending.records or state.pending.held(store, key):
            keys.add(key)
    return households, keys


def _merge_visits(
    store: StoreBackend, state: OfficeState, visits: list[VisitItem], outcome: BundleOutcome,
    sequence: int,
) -> None:
    pending = state.pending
    proposals: list[Proposal] = []
    for item in visits:
        key = record_key(item["uuid"], item["revision"])
        current = pending.current(store, item, key)
        if current is None:
            pending.add(key, stored_form(item))
            outcome.new += 1
            proposals += _proposals_of(item, state)
            continue
        known = item["hash"] == current["hash"] or item["hash"] in state.variants[key]
        if known and not state.variants[key]:
            outcome.duplicates += 1
            continue
        if known:
            outcome.duplicates += 1
        else:
            outcome.conflicts += 1
            proposals += _proposals_of(item, state)
        _choose(store, state, key, current, item, sequence)
    if proposals:
        pending.proposals += proposals
        touched = set()
        for p in proposals:
            if state.pending.on_register(store, p["household"]):
                pending.proposers[p["household"]].add((p["visit"], p["hash"]))
            state.proposals[(p["household"], p["field"])].append(p)
            touched.add((p["household"], p["field"]))
        outcome.register_changes = _decide_fields(store, state, sorted(touched))


def _choose(store: StoreBackend, state: OfficeState, key: str, current: Mapping[str, Any], item: VisitItem,
            sequence: int) -> None:
    """Same key, several contents (only ever from one device: sync.binding): keep every one, and
    put in the visits table the one its device sent first, by the lowest sequence number of the
    bundles that carried it (then the smaller hash, for two copies of a laptop that used one
    number). That is a function of the bundles received, not of their order, and not a value the
    sender can grind for, as a hash is."""
    pending = state.pending
    contents: dict[str, VisitItem] = {current["hash"]: _bare(current), **state.variants[key]}
    first = state.first_sent
    if (key, current["hash"]) not in first:
        carried = state.carried_first(key)
        _lower(state, key, current["hash"], carried if carried is not None else sequence)
    contents.setdefault(item["hash"], _bare(item))
    _lower(state, key, item["hash"], sequence)
    winner = min(contents, key=lambda h: (first.get((key, h), sequence), h))
    chosen = state.settled_visits.get(key)
    if chosen in contents:  # the supervisor settled it (sync.settle): that choice stands
        winner = chosen
    for digest, record in contents.items():
        if digest == winner:
            state.variants[key].pop(digest, None)
            pending.variant_adds.pop((key, digest), None)
            pending.variant_drops.add((key, digest))
        elif digest not in state.variants[key]:
            state.variants[key][digest] = record
            if (key, digest) in pending.variant_drops and (key, digest) in state.variant_docs:
                # It won earlier in this transaction and loses again: its stored row stays as
                # it is (adding it again would keep it twice).
                pending.variant_drops.discard((key, digest))
            else:
                pending.variant_adds[(key, digest)] = {"key": key, "hash": digest, "record": record}
    if winner != current["hash"]:
        if key in pending.records:
            pending.add(key, stored_form(contents[winner]))
        else:
            pending.replacements[key] = stored_form(contents[winner])
    _set_flag(store, state, {
        "kind": "visit", "key": key, "household": current["household"],
        "hashes": sorted(contents), "chosen": winner,
    })


def _flag_contents(store: StoreBackend, state: OfficeState, visits: list[VisitItem],
                   breaks: dict[str, list[str]]) -> None:
    """Kept, and shown to the supervisor: visits to a household not on the register (a new one
    to add, or one to match with an entry), and answers that break their question's constraint."""
    for item in visits:
        key = record_key(item["uuid"], item["revision"])
        household = item["household"]
        if not state.pending.on_register(store, household):
            known = state.unknown_visits.get(household, [])
            if key not in known:
                state.unknown_visits[household] = sorted({*known, key})
                _set_flag(store, state, {"kind": "visit_unknown_household", "household": household,
                                         "visits": state.unknown_visits[household]})
        if key in breaks:
            _set_flag(store, state, {"kind": "visit_constraint", "key": key, "household": household,
                                     "questions": sorted(set(breaks[key]))})


def _lower(state: OfficeState, key: str, digest: str, sequence: int) -> None:
    """Note that `sequence` carried this content of `key`, if it is the lowest yet."""
    if sequence < state.first_sent.get((key, digest), sequence + 1):
        state.first_sent[(key, digest)] = sequence
        state.pending.first_sent[(key, digest)] = sequence


def _bare(record: Mapping[str, Any]) -> VisitItem:
    """A visit as bundles carry it, whether it comes from a bundle or from the visits table."""
    return wire_form(record)


def _proposals_of(item: VisitItem, state: OfficeState) -> list[Proposal]:
    """One proposal per field the visit's register_updates name.

    When the visit recorded its base and the office knows that version's fields (it sent it),
    the proposal carries the field's value there (`base_value`): what the volunteer saw.
    """
    key = record_key(item["uuid"], item["revision"])
    recorded = base_recorded(item)
    base = item["register_base"]  # not None when recorded
    seen = state.sent.get((item["household"], base)) if recorded and base is not None else None
    out = []
    for name, value in sorted(item["register_updates"].items()):
        ident = (key, item["hash"], name)
        if ident in state.proposal_ids:
            continue
        state.proposal_ids.add(ident)
        proposal: Proposal = {
            "household": item["household"], "field": name, "value": copy.deepcopy(value),
            "base": item["register_base"] or 0, "base_recorded": recorded,
            "visit": key, "uuid": item["uuid"],
            "revision": item["revision"], "hash": item["hash"], "ended": _instant(item["ended"]),
        }
        if seen is not None:
            # A version sent before the register had a field (status, death_date, entitled: schema
            # 3) held what the store's upgrade gave every entry.
            proposal["base_value"] = copy.deepcopy(seen.get(name, ENTRY_DEFAULTS.get(name)))
        out.append(proposal)
    return out


def _unchanged(p: Proposal) -> bool:
    """The proposal repeats the value the volunteer saw at its base: no change to that field."""
    if "base_value" not in p:
        return False  # base not recorded (an older visit) or not known here: the value counts
    try:
        value = clean_entry({p["field"]: p["value"]})[p["field"]]
    except UserError:
        return False
    return canon(value) == canon(p["base_value"])


def _instant(iso: str) -> str:
    """An ISO time in UTC, so that times written with different offsets compare correctly."""
    try:
        return datetime.fromisoformat(iso).astimezone(UTC).isoformat()
    except (ValueError, OverflowError):  # content.check_visit lets neither through
        return iso


def _rank(p: Proposal) -> tuple[Any, ...]:
    return (p["base"], p["ended"], p["uuid"], p["revision"], p["hash"])


def _listing(proposals: list[Proposal]) -> list[ProposedValue]:
    return sorted(({"value": p["value"], "visit": p["visit"]} for p in proposals),
                  key=lambda v: (canon(v["value"]), v["visit"]))


def _valid(name: str, value: Any) -> bool:
    # The register's text comes from sheets and the office's screens, which keep no control
    # characters; one from a visit (an escape sequence, a right-to-left override in a name) is a
    # value the register refuses, for the supervisor to see, never one to apply.
    if not isinstance(value, str) or not printable(value.replace("\n", " ")):
        return False
    try:
        clean_entry({name: value})
    except UserError:
        return False
    return True


def _decide_fields(store: StoreBackend, state: OfficeState, touched: list[tuple[str, str]]) -> int:
    """Decide each touched (household, field) from all its proposals; apply; flag. Returns changes.

    Everything decided here is a function of the set of proposals, not of their order; only the
    "office edited" flag depends on what the office did between merges.
    """
    changes = 0
    for household, name in touched:
        proposals = state.proposals[(household, name)]
        latest: dict[str, int] = {}
        for p in proposals:
            latest[p["uuid"]] = max(latest.get(p["uuid"], 0), p["revision"])
        live = [p for p in proposals if p["revision"] == latest[p["uuid"]]]
        if name not in APPLICABLE_FIELDS:
            _set_flag(store, state, {"kind": "register_unknown_field", "household": household, "field": name,
                                     "values": _listing(live)})
            continue
        if not state.pending.on_register(store, household):
            _set_flag(store, state, {"kind": "register_unknown_household", "household": household,
                                     "field": name, "values": _listing(live)})
            continue
        changing = [p for p in live if not _unchanged(p)]
        valid = [p for p in changing if _valid(name, p["value"])]
        invalid = [p for p in changing if p not in valid]
        if invalid:
            _set_flag(store, state, {"kind": "register_invalid", "household": household, "field": name,
                                     "values": _listing(invalid)})
        else:
            _drop_flag(store, state, ("register_invalid", household, name))
        if not valid:
            continue
        winner = max(valid, key=_rank)
        rivals = [p for p in valid if p["base"] == winner["base"]]
        if len({canon(p["value"]) for p in rivals}) > 1:
            _set_flag(store, state, {
                "kind": "register", "household": household, "field": name, "base": winner["base"],
                "chosen": winner["value"],
                "chosen_visit": winner["visit"], "values": _listing(rivals),
            })
        else:
            _drop_flag(store, state, ("register", household, name))
        changes += _apply(store, state, household, name, winner)
    return changes


def edited_by_office(office_value: Any, applied_value: Any, winner: Proposal) -> bool:
    """Whether the register's value of the field is one the office put there itself, after the
    volunteer looked: then the volunteer's change must not overwrite it.

    The value doorstep applied last is not the office's. Any other value is; against the base,
    it was there before the volunteer looked if it is the value they saw (`base_value`). Without
    a known base value (an estimated base), only an edit since doorstep applied a value counts.
    """
    if applied_value is not None and canon(office_value) == canon(applied_value):
        return False
    if "base_value" in winner:
        return canon(office_value) != canon(winner["base_value"])
    return applied_value is not None


def _apply(store: StoreBackend, state: OfficeState, household: str, name: str, winner: Proposal) -> int:
    """Put the winning value in the register (at the end of the transaction). Returns 1 if it did."""
    value = clean_entry({name: winner["value"]})[name]  # as the register will hold it
    if state.settled.holds(household, name, winner["value"], winner["base"]):
        return 0  # the supervisor chose among this value and its rivals: that choice stands
    applied = state.applied.get((household, name))
    if applied is not None and canon(applied[1]["value"]) == canon(value):
        # The same value, now by another visit: the register's `updated` follows the winner's
        # time, so that it does not depend on which of the two arrived first.
        if (applied[1].get("visit"), applied[1].get("ended")) != (winner["visit"], winner["ended"]):
            same = {**applied[1], "visit": winner["visit"], "ended": winner["ended"]}
            state.pending.applied[(household, name)] = same
            state.set_applied(household, name, applied[0], same)
            state.pending.touched.add(household)
        return 0
    office_value = state.pending.register_value(store, household, name)
    # A value the supervisor settled is the office's word too, against proposals from the bases
    # the settlement weighed (a later base saw the settled value: its change is a new one).
    edited = edited_by_office(office_value, applied[1]["value"] if applied else None, winner) \
        or state.settled.decided(household, name, winner["base"])
    if edited and canon(office_value) != canon(value):
        # The office changed this field itself since: its word stands, the supervisor decides.
        _set_flag(store, state, {
            "kind": "register_office_edited", "household": household, "field": name,
            "office_value": office_value, "values": [{"value": winner["value"], "visit": winner["visit"]}],
        })
        return 0
    _drop_flag(store, state, ("register_office_edited", household, name))
    state.pending.register[household][name] = value
    row = {"household": household, "field": name, "value": value, "visit": winner["visit"],
           "ended": winner["ended"]}
    state.pending.applied[(household, name)] = row
    state.set_applied(household, name, applied[0] if applied is not None else None, row)
    return 1


def _set_flag(store: StoreBackend, state: OfficeState, row: Conflict) -> None:
    """Raise (or restate) a flag; written with the transaction's other flags (Pending.flush)."""
    if state.settled.covers(row):
        return  # nothing the supervisor has not decided on already
    ident = flag_identity(row)
    state.pending.flags[ident] = row
    state.pending.flag_drops.discard(ident)


def _drop_flag(store: StoreBackend, state: OfficeState, ident: tuple[Any, ...]) -> None:
    state.pending.flags.pop(ident, None)
    if ident in state.flags:
        state.pending.flag_drops.add(ident)


def _flush_flags(store: StoreBackend, state: OfficeState, rows: Mapping[tuple[Any, ...], Conflict],
                 drops: Iterable[tuple[Any, ...]]) -> None:
    """The transaction's flags in three calls (remove, update, insert) rather than one per flag."""
    table = store.table(CONFLICTS)
    gone = [state.flags.pop(ident) for ident in sorted(drops) if ident in state.flags]
    if gone:
        table.remove(doc_ids=gone)
    restated = {ident: row for ident, row in rows.items() if ident in state.flags}
    if restated:
        def replace(doc: MutableMapping[str, Any]) -> None:
            row = restated[flag_identity(doc)]  # a stored flag keeps its identity
            doc.clear()
            doc.update(row)

        table.update(replace, doc_ids=sorted(state.flags[ident] for ident in restated))
    new = [(ident, rows[ident]) for ident in sorted(rows) if ident not in state.flags]
    if new:
        for (ident, _), doc_id in zip(new, table.insert_multiple([row for _, row in new]), strict=True):
            state.flags[ident] = doc_id


def conflicts(store: StoreBackend) -> list[Conflict]:
    """Every flag for the supervisor, in a stable order."""
    rows = [cast(Conflict, dict(r)) for r in store.table(CONFLICTS).all()]
    return sorted(rows, key=canon)
