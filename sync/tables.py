"""The store tables sync/ keeps (through `Store.table()`), named in one place.

Office: what was merged and what it flagged; device: what was exported and imported. A device's
logs of bundles are per office (docs/bundle-format.md): after `trust-office --replace` the old
office's rows carry its key id under OFFICE_STAMP and only the trusted office's rows count.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# office
DEVICES = "sync_devices"  # enrolled devices, one row per key
BUNDLES = "sync_bundles"  # every visits bundle merged
SENDERS = "sync_senders"  # per device: the sequence numbers merged (as runs) and those used twice
VARIANTS = "sync_variants"  # contents of a visit key other than the one in the visits table
FIRST_SENT = "sync_first_sent"  # conflicting keys: each content's lowest bundle sequence (tie-break)
CONFLICTS = "sync_conflicts"  # flags for the supervisor
PROPOSALS = "sync_proposals"  # register changes proposed by visits
APPLIED = "sync_applied"  # the proposal applied last, per (household, field)
SENT_ENTRIES = "sync_sent_entries"  # each (household, version) sent to devices, with its fields
ASSIGNMENTS = "sync_assignments"  # assignment bundles written, per device
SENT_FORMS = "sync_sent_forms"  # every custom form (id, version, source) sent in an assignment
RETURNS = "sync_returns"  # visits returned to their volunteer with a comment
SETTLEMENTS = "sync_settlements"  # the supervisor's decisions on conflicts (sync.settlements)
# device
EXPORTS = "sync_exports"  # visits bundles written
REGISTER_BASE = "sync_register_base"  # the office's versions of each entry, as they arrived
IMPORTS = "sync_imports"  # assignment bundles applied
FORMS = "sync_forms"  # forms received that are not built in
RETURNED = "sync_returned"  # visits the office returned, with its comment
DEVICE_LOGS = (EXPORTS, IMPORTS)  # the logs that count per office

OFFICE_STAMP = "office"  # the key id of the office a log row belongs to (absent: the trusted one)


def of_office(rows: Iterable[Any], office_key_id: str) -> list[Any]:
    """The rows of a device's bundle log that belong to the office trusted now."""
    return [row for row in rows if row.get(OFFICE_STAMP, office_key_id) == office_key_id]
