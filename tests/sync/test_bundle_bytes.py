"""Typing the bundle's header and visit items changed no byte of what a bundle carries.

Fixed keys and a fixed visit make the header and the plaintext of a visits bundle fully
determined; on_disk/ holds them as the untyped envelope wrote them (sync/envelope.py of commit
441ed9f, run with `python tests/sync/test_bundle_bytes.py OLD_ENVELOPE.py`). The sealed file
around them also depends on zlib's build, so the test opens the sealed bundle and compares what is
inside rather than the compressed bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from doorstep.storage.visits import visit_hash
from doorstep.sync import canonical
from doorstep.sync.content import check_visit, visit_item, visits_counts
from doorstep.sync.envelope import header_for, open_bundle, plaintext_of, seal
from doorstep.sync.identity import Identity, PublicIdentity, Role

FIXTURE = Path(__file__).with_name("on_disk")


def _identity(role: Role, name: str, seed: int) -> Identity:
    signing = Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32)
    encryption = X25519PrivateKey.from_private_bytes(bytes([seed + 1]) * 32)
    public = PublicIdentity(role, name, signing.public_key(), encryption.public_key())
    return Identity(public, signing, encryption)


def _parts(envelope: Any = None) -> tuple[bytes, bytes, Identity, Identity]:
    make_plaintext = envelope.plaintext_of if envelope else plaintext_of
    make_header = envelope.header_for if envelope else header_for
    device, office = _identity("device", "laptop-1", 7), _identity("office", "河口镇", 9)
    record = {"uuid": "0b5c6f0e-2a4e-4d52-9c1e-3f4a5b6c7d8e", "revision": 1, "supersedes": None,
              "household": "HK000018", "form_id": "condolence", "form_version": "3", "volunteer": "李梅",
              "device": device.public.key_id, "device_name": "laptop-1",
              "started": "2026-07-01T08:00:00+08:00", "ended": "2026-07-01T08:30:00+08:00",
              "answers": {"occasion": "spring_festival", "items": [{"amount": "800"}]},
              "register_updates": {"phone": "13900139000"}, "register_base": 3}
    record["hash"] = visit_hash(record)
    item = check_visit(visit_item(record), "visit")
    plaintext = make_plaintext("visits", {"visits": [item]}, device, office.public)
    header = make_header("visits", plaintext, device, office.public, sequence=4,
                        created="2026-07-02T10:00:00+08:00", counts=visits_counts([item]))
    return canonical.dumps(header), plaintext, device, office


def test_a_bundles_header_and_plaintext_are_as_before() -> None:
    header, plaintext, device, office = _parts()
    assert header == (FIXTURE / "visits-header.json").read_bytes()
    assert plaintext == (FIXTURE / "visits-plaintext.json").read_bytes()

    sealed = seal(json.loads(header), plaintext, device, office.public)
    opened = open_bundle(sealed, office, {device.public.key_id: device.public})
    assert canonical.dumps(opened.header) == header
    assert canonical.dumps(opened.content) == canonical.dumps(json.loads(plaintext)["content"])


if __name__ == "__main__":
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("old_envelope", sys.argv[1])
    assert spec is not None and spec.loader is not None
    old = importlib.util.module_from_spec(spec)
    sys.modules["old_envelope"] = old  # dataclasses look their module up
    spec.loader.exec_module(old)
    FIXTURE.mkdir(exist_ok=True)
    header, plaintext, _, _ = _parts(old)
    (FIXTURE / "visits-header.json").write_bytes(header)
    (FIXTURE / "visits-plaintext.json").write_bytes(plaintext)
