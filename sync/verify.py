"""`doorstep bundle verify FILE`: every check a merge or an import makes, without changing anything.

At the office a visits bundle from an enrolled device is verified, decrypted and checked against
the schema; on a device an assignment from its office likewise. A bundle this home sealed itself
(on the laptop, before the stick leaves) can only have its signature and header checked: its
payload is encrypted for the recipient alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from doorstep.storage.home import Home
from doorstep.sync.content import SchemaError, check_assignment_content, check_visits_content, refuse
from doorstep.sync.devices import known_devices
from doorstep.sync.envelope import open_bundle, read_limited, split_envelope, verify_sent
from doorstep.sync.identity import PublicIdentity, load_identity, load_office_key
from doorstep.sync.records import BundleHeader


@dataclass
class VerifyResult:
    header: BundleHeader
    sender: str  # the sender's name as known here ("this home" for our own)
    decrypted: bool  # False for a bundle this home sent: it cannot be opened here


def trusted_senders(home: Home) -> dict[str, PublicIdentity]:
    if home.kind == "office":
        store = home.reader()
        try:
            return known_devices(store)
        finally:
            store.close()
    office = load_office_key(home)
    return {office.key_id: office}


def verify_file(home: Home, path: Path) -> VerifyResult:
    me = load_identity(home)
    data = read_limited(path)
    sender_id, _, _ = split_envelope(data, path)
    if sender_id == me.public.key_id:
        return VerifyResult(header=verify_sent(data, me, path), sender=me.name, decrypted=False)
    senders = trusted_senders(home)
    opened = open_bundle(data, me, senders, path)
    try:
        if opened.kind == "visits":
            check_visits_content(opened.content)
        else:
            check_assignment_content(opened.content)
    except SchemaError as exc:
        raise refuse(exc, path) from None
    return VerifyResult(header=opened.header, sender=opened.sender.name, decrypted=True)
