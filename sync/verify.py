"""`doorstep bundle verify FILE`: every check a merge or an import makes, without changing anything.

At the office a visits bundle from an enrolled device is verified, decrypted and checked as the
merge checks it before it writes (schema, counts, forms and answers: sync.merge.check_bundle); on
a device an assignment from its office as the import does (sync.assignment.check_assignment).
A bundle this home sealed itself (on the laptop, before the stick leaves) can only have its
signature and header checked: its payload is encrypted for the recipient alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from doorstep.storage.home import Home
from doorstep.sync.assignment import check_assignment
from doorstep.sync.devices import known_devices
from doorstep.sync.envelope import open_bundle, read_limited, split_envelope, verify_sent
from doorstep.sync.form_fit import office_forms
from doorstep.sync.identity import load_identity, load_office_key
from doorstep.sync.merge import check_bundle
from doorstep.sync.records import BundleHeader


@dataclass
class VerifyResult:
    header: BundleHeader
    sender: str  # the sender's name as known here ("this home" for our own)
    decrypted: bool  # False for a bundle this home sent: it cannot be opened here


def verify_file(home: Home, path: Path) -> VerifyResult:
    """Every check the merge (office) or the import (device) makes before it writes: a bundle
    verify calls valid is one they take."""
    me = load_identity(home)
    data = read_limited(path)
    sender_id, _, _ = split_envelope(data, path)
    if sender_id == me.public.key_id:
        return VerifyResult(header=verify_sent(data, me, path), sender=me.name, decrypted=False)
    if home.kind == "office":
        store = home.reader()
        try:
            opened = check_bundle(data, me, known_devices(store), path, office_forms(home, store)).opened
        finally:
            store.close()
    else:
        office = load_office_key(home)
        opened = open_bundle(data, me, {office.key_id: office}, path)
        check_assignment(opened, me, path)
    return VerifyResult(header=opened.header, sender=opened.sender.name, decrypted=True)
