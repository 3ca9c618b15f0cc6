"""The supervisor settles what a merge flagged: one visit's contents, or one register field.

`open_conflicts` lists the flags with a stable id (from what the flag is about, so the same on
every run and every office). `describe` puts a flag's candidates side by side with the device,
volunteer and time of each. `settle` records the choice (who, when, what, why) in
`sync_settlements` and the audit trail, and makes it true in the store in the same transaction:

- a visit: the chosen content sits in the visits table (the others stay in `sync_variants`), so
  figures and exports count it; the flag goes;
- a register field: the chosen or typed value is written into the register (an office edit,
  audited like any), the flag goes.

From then on a merge does not flag those candidates again (sync.settlements), in any order.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from doorstep.i18n import UserError
from doorstep.i18n.shown import printable
from doorstep.storage.backend import StoreBackend
from doorstep.storage.phone import normalize_phone
from doorstep.storage.store import clean_entry
from doorstep.storage.visits import now_iso
from doorstep.sync.content import stored_form, wire_form
from doorstep.sync.merge import conflicts, flag_identity
from doorstep.sync.messages import msg
from doorstep.sync.settlements import subject, value_token
from doorstep.sync.tables import CONFLICTS, PROPOSALS, SETTLEMENTS, VARIANTS

# A flag about a household or field the register does not have has nothing to choose between:
# the supervisor can only dismiss it, which is recorded as any settlement.
DISMISS_ONLY = frozenset({"register_unknown_household", "register_unknown_field",
                          "visit_unknown_household", "visit_constraint"})


def conflict_id(flag: Mapping[str, Any]) -> str:
    """A short id for a flag, from what it is about: the same whenever and wherever it is shown."""
    ident = "\x1f".join(str(part) for part in flag_identity(flag))
    return hashlib.sha256(ident.encode("utf-8")).hexdigest()[:8]


def open_conflicts(store: StoreBackend) -> list[dict[str, Any]]:
    """Every open flag, each with its `id`."""
    return [{**flag, "id": conflict_id(flag)} for flag in conflicts(store)]


def find_conflict(store: StoreBackend, wanted: str) -> dict[str, Any]:
    wanted = wanted.strip().lower()
    found = [f for f in open_conflicts(store) if f["id"] == wanted]
    if not found:
        raise UserError(msg("conflict_not_found", id=wanted))
    return found[0]


@dataclass
class Candidate:
    """One of the things the supervisor chooses between."""

    number: int                 # 1, 2, ... as shown
    value: Any                  # a register value, or for a visit the record's answers
    hash: str = ""              # a visit content's hash
    visit: str = ""             # the key of the visit that proposes it ("" for the office's own)
    device: str = ""
    volunteer: str = ""
    when: str = ""
    office: bool = False        # the value the office holds now
    record: dict[str, Any] | None = None
    counted: bool = False       # a visit's content the figures count until it is settled

    def to_json(self) -> dict[str, Any]:
        out = {"number": self.number, "device": self.device, "volunteer": self.volunteer,
               "when": self.when, "office": self.office, "visit": self.visit}
        if self.hash:
            out["hash"] = self.hash
            out["counted"] = self.counted
            out["answers"] = copy.deepcopy(self.value)
            out["form_id"] = str((self.record or {}).get("form_id") or "")
        else:
            out["value"] = copy.deepcopy(self.value)
        return out


def visit_versions(store: StoreBackend, key: str) -> list[dict[str, Any]]:
    """Every content of a visit key: the visits table's and the variants, by hash."""
    uuid, _, revision = key.rpartition(".")
    versions: list[dict[str, Any]] = []
    stored = store.get_visit(uuid, int(revision)) if revision.isdigit() else None
    if stored is not None:
        versions.append(dict(stored))
    versions += [dict(row["record"]) for row in store.table(VARIANTS).all() if row["key"] == key]
    # Numbered in the order they were written (a correction by its corrected_at), then by device:
    # the same numbers on every run, whichever content sits in the visits table.
    return sorted(versions, key=lambda v: (str(v.get("corrected_at") or v.get("ended") or ""),
                                           str(v.get("device_name") or ""), str(v.get("hash") or "")))


def _proposer(store: StoreBackend, flag: dict[str, Any], proposed: dict[str, Any]) -> dict[str, Any]:
    """The content of the visit that proposed a value: when two contents of one visit key
    propose different values, the proposal's hash tells which content it was."""
    key, token = str(proposed.get("visit", "")), value_token(proposed.get("value"))
    hashes = {str(r["hash"]) for r in store.table(PROPOSALS).all()
              if r.get("visit") == key and r.get("field") == flag.get("field")
              and value_token(r.get("value")) == token}
    versions = visit_versions(store, key)
    return next((v for v in versions if v.get("hash") in hashes), versions[0] if versions else {})


def candidates(store: StoreBackend, flag: dict[str, Any]) -> list[Candidate]:
    if flag["kind"] == "visit":
        # The content in the visits table is the one sync's rule chose (the one its laptop sent
        # first): the figures count it until the supervisor settles.
        uuid, _, revision = str(flag["key"]).rpartition(".")
        held = store.get_visit(uuid, int(revision)) if revision.isdigit() else None
        counted = str(held.get("hash")) if held is not None else ""
        return [Candidate(i, v.get("answers") or {}, hash=str(v.get("hash")), visit=flag["key"],
                          device=str(v.get("device_name") or ""), volunteer=str(v.get("volunteer") or ""),
                          when=str(v.get("corrected_at") or v.get("ended") or ""), record=v,
                          counted=str(v.get("hash")) == counted)
                for i, v in enumerate(visit_versions(store, flag["key"]), start=1)]
    out: list[Candidate] = []
    if flag["kind"] in DISMISS_ONLY:
        return out
    if "office_value" in flag:
        out.append(Candidate(1, flag["office_value"], office=True))
    for proposed in flag.get("values", []):
        visit = _proposer(store, flag, proposed)
        out.append(Candidate(len(out) + 1, proposed.get("value"), visit=str(proposed.get("visit", "")),
                             device=str(visit.get("device_name") or ""),
                             volunteer=str(visit.get("volunteer") or ""), when=str(visit.get("ended") or "")))
    return out


def describe(store: StoreBackend, flag: dict[str, Any]) -> dict[str, Any]:
    """A flag for people and for --json: what it is about and its candidates."""
    entry: Mapping[str, Any] = store.get_entry(str(flag.get("household", ""))) or {}
    out = {"id": flag.get("id") or conflict_id(flag), "kind": flag["kind"],
           "household": flag.get("household", ""), "name": entry.get("name", ""),
           "village": entry.get("village", ""),
           "candidates": [c.to_json() for c in candidates(store, flag)]}
    if flag["kind"] == "visit":
        out["visit"] = flag["key"]
    elif "field" not in flag:  # visits to a household not on the register; answers out of range
        out.update({k: flag[k] for k in ("visits", "questions", "key") if k in flag})
    else:
        out["field"] = flag["field"]
        out["current"] = entry.get(flag["field"]) if entry else None
    return out


@dataclass
class Settlement:
    id: str
    kind: str
    chosen: Any
    changed: bool   # whether the store's content changed (a visit swapped, a register value set)


def settle(store: StoreBackend, conflict: str, *, choice: int | None = None, value: str | None = None,
           reason: str = "", dismiss: bool = False, at: str | None = None) -> Settlement:
    """Settle the open flag `conflict` (its id): candidate number `choice`, a typed `value` (a
    register field only), or `dismiss` (a flag with nothing to choose). Needs the writer."""
    flag = find_conflict(store, conflict)
    options = candidates(store, flag)
    given = sum(x is not None and x is not False for x in (choice, value, dismiss or None))
    if given != 1:
        raise UserError(msg("settle_one_choice"))
    if flag["kind"] in DISMISS_ONLY and not dismiss:
        raise UserError(msg("settle_dismiss_only", id=flag["id"]))
    if dismiss and flag["kind"] not in DISMISS_ONLY:
        raise UserError(msg("settle_cannot_dismiss", id=flag["id"]))
    if value is not None and flag["kind"] == "visit":
        raise UserError(msg("settle_visit_needs_choice", id=flag["id"], n=len(options)))
    chosen: Candidate | None = None
    if choice is not None:
        if not 1 <= choice <= len(options):
            raise UserError(msg("settle_bad_choice", id=flag["id"], choice=choice, n=len(options)))
        chosen = options[choice - 1]
    cleaned: Any = None
    if flag["kind"] != "visit" and not dismiss:
        raw = chosen.value if chosen is not None else _typed(flag["field"], str(value))
        cleaned = clean_entry({flag["field"]: raw})[flag["field"]]  # a bad value: UserError
    at = at or now_iso()
    with store.transaction():
        if flag["kind"] == "visit":
            assert chosen is not None and chosen.record is not None
            changed = _keep_visit(store, flag["key"], chosen.record)
            picked: Any = chosen.hash
            token = chosen.hash
        elif dismiss:
            changed, picked, token = False, None, ""
        else:
            changed = _set_field(store, flag["household"], flag["field"], cleaned)
            picked, token = cleaned, value_token(cleaned)
        row = {
            "kind": flag["kind"], "id": flag["id"], "household": flag.get("household", ""),
            "candidates": sorted(_tokens(flag, options)), "chosen": picked, "chosen_token": token,
            "typed": value is not None, "dismissed": bool(dismiss), "base": _base(store, flag),
            "who": store.actor, "at": at, "why": reason.strip(),
        }
        if flag["kind"] in ("visit", "visit_constraint"):
            row["key"] = flag["key"]
        elif "field" in flag:
            row["field"] = flag["field"]
        store.table(SETTLEMENTS).insert(row)
        store.table(CONFLICTS).remove(
            cond=lambda doc: flag_identity(dict(doc)) == flag_identity(flag))
        store.add_audit("conflict", flag["id"], "settle", "/".join(subject(flag)[1:]),
                        None, {"chosen": picked, "why": row["why"]}, at=at)
    return Settlement(flag["id"], flag["kind"], picked, changed)


def _typed(field: str, value: str) -> str:
    """A value the supervisor typed, checked as the register import checks its sheet's cells."""
    if not printable(value):
        raise UserError(msg("settle_bad_text", field=field))
    if field == "phone":
        phone = normalize_phone(value)
        if phone is None:
            raise UserError(msg("settle_bad_phone", value=value.strip()))
        return phone
    return value


def _tokens(flag: dict[str, Any], options: list[Candidate]) -> set[str]:
    if flag["kind"] == "visit":
        return {c.hash for c in options} | {str(h) for h in flag.get("hashes", [])}
    from doorstep.sync.settlements import candidates_of

    return candidates_of(flag)


def _base(store: StoreBackend, flag: dict[str, Any]) -> int:
    """The highest register base among the field's proposals when settled: proposals from later
    bases (volunteers who saw the settled value) are new changes, not part of this decision."""
    if "field" not in flag:
        return 0
    rows = [r for r in store.table(PROPOSALS).all()
            if r.get("household") == flag["household"] and r.get("field") == flag["field"]]
    return max((int(r.get("base") or 0) for r in rows), default=0)


def _keep_visit(store: StoreBackend, key: str, record: dict[str, Any]) -> bool:
    """Put `record` in the visits table for its key; the content there moves to the variants."""
    uuid, _, revision = key.rpartition(".")
    current: Mapping[str, Any] = store.get_visit(uuid, int(revision)) or {}
    if current.get("hash") == record.get("hash"):
        return False
    chosen = record.get("hash")
    store.table(VARIANTS).remove(cond=lambda doc: doc.get("key") == key and doc.get("hash") == chosen)
    store.table(VARIANTS).insert({"key": key, "hash": current["hash"], "record": wire_form(current)})
    store.replace_received_visit(stored_form(wire_form(record)))
    return True


def _set_field(store: StoreBackend, household: str, field: str, value: Any) -> bool:
    entry = store.get_entry(household)
    if entry is None:
        raise UserError(msg("settle_no_household", household=household))
    if value_token(entry.get(field)) == value_token(value):
        return False
    store.update_entry(household, {field: value})
    return True


def settlements(store: StoreBackend) -> list[dict[str, Any]]:
    """Every settlement, in the order made (a clock may go back; the table's order does not)."""
    return [dict(r) for r in sorted(store.table(SETTLEMENTS).all(), key=lambda r: r.doc_id)]


def settle_edited_fields(store: StoreBackend, household: str, changes: dict[str, Any],
                         reason: str = "") -> list[str]:
    """After the supervisor edits a register entry by hand: an open flag on a field now holding
    one of its candidates is settled by that edit. Returns the ids settled."""
    done = []
    for flag in open_conflicts(store):
        if flag["kind"] == "visit" or flag.get("household") != household or flag["field"] not in changes:
            continue
        if flag["kind"] in DISMISS_ONLY:
            continue
        entry: Mapping[str, Any] = store.get_entry(household) or {}
        current = entry.get(flag["field"])
        for option in candidates(store, flag):
            try:
                held = clean_entry({flag["field"]: option.value})[flag["field"]]
                same = value_token(held) == value_token(current)
            except UserError:
                same = False
            if same:
                settle(store, flag["id"], choice=option.number, reason=reason)
                done.append(flag["id"])
                break
    return done
