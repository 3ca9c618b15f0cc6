"""A bundle speaks only for its signer: every visit in it must be the signing device's own.

A signature says which enrolled key sealed a bundle; it says nothing about the visits inside.
Without this check an enrolled laptop could seal, with its own key, a visit carrying another
laptop's id and name, or re-send another laptop's visit with changed answers. So, for each visit
and correction in a bundle, in order:

- its `device_name` is the signer's enrolled name, and its `device` (home id) is one bound to the
  signer's key at enrolment (sync.devices); a key enrolled before key files named their home
  learns its home ids from its first bundle, and a home id bound to another key is refused;
- no other device's visit is held under its uuid: a visit, and every correction of it, come from
  the laptop that made it (the office compares with the `device` of the revisions it holds).

The first visit that breaks a rule refuses the whole bundle, before anything is written. A
consequence the merge relies on: two contents of one visit key can only come from one device
(a laptop copied or restored from a backup), never from a forger.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from doorstep.i18n.shown import shown
from doorstep.sync.envelope import BundleRefused
from doorstep.sync.identity import PublicIdentity


def where(index: int, item: Mapping[str, Any]) -> dict[str, Any]:
    """How a message names a visit to a person: its place in the bundle, household and start."""
    started = str(item.get("started") or "")[:16].replace("T", " ")
    return {"n": index + 1, "household": shown(item.get("household", "")), "started": shown(started)}


def check_binding(
    visits: Sequence[Mapping[str, Any]],
    signer: PublicIdentity,
    homes: set[str],
    home_owner: Callable[[str], str | None],
    visit_owner: Callable[[Mapping[str, Any]], dict[str, Any] | None],
    path: Path | str,
) -> set[str]:
    """Refuse (BundleRefused) the bundle unless every visit is the signer's own.

    `homes`: the home ids bound to the signer's key (empty: none bound yet, learn them);
    `home_owner(home)`: the key id another enrolled device holds that home id under, if any;
    `visit_owner(item)`: a record the office holds (or is about to) under the item's uuid.
    Returns the home ids to bind to the signer (those learned from this bundle).
    """
    learned: set[str] = set()
    for index, item in enumerate(visits):
        if item["device_name"] != signer.name:
            raise BundleRefused("not_signers_visit", path, claimed=shown(item["device_name"]),
                                signer=shown(signer.name), **where(index, item))
        device = item["device"]
        if homes:
            if device not in homes:
                raise BundleRefused("not_signers_home", path, signer=shown(signer.name),
                                    **where(index, item))
        else:
            owner = home_owner(device)
            if owner is not None and owner != signer.key_id:
                raise BundleRefused("not_signers_home", path, signer=shown(signer.name),
                                    **where(index, item))
            learned.add(device)
        held = visit_owner(item)
        if held is not None and held.get("device") != device:
            reason = "others_correction" if item["revision"] > 1 else "others_visit"
            raise BundleRefused(reason, path, owner=shown(held.get("device_name") or "?"),
                                signer=shown(signer.name), **where(index, item))
    return learned
