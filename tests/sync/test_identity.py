"""Keys, fingerprints, enrolment and backups."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from doorstep.i18n import UserError
from doorstep.storage.home import Home
from doorstep.sync import messages
from doorstep.sync.backup import read_backup, restore_backup, write_backup
from doorstep.sync.devices import add_device
from doorstep.sync.identity import (
    create_identity,
    export_public_key,
    load_identity,
    load_public_identity,
    qr_text,
    read_public_key_file,
)
from sync_helpers import Enrolled, make_office


def test_every_message_has_chinese_and_english() -> None:
    for key, entry in messages.MESSAGES.items():
        assert entry.get("zh") and entry.get("en"), key


def test_fingerprints_are_stable_grouped_and_differ_between_homes(enrolled: Enrolled) -> None:
    office = load_public_identity(enrolled.office)
    device = load_public_identity(enrolled.devices[0])
    assert office.fingerprint != device.fingerprint
    groups = office.fingerprint.split(" ")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    assert load_identity(enrolled.office).public.fingerprint == office.fingerprint
    art = qr_text(office.fingerprint)
    assert len(art.splitlines()) > 10 and set(art) <= set(" \xa0█▀▄\n")


def test_a_public_key_file_that_was_edited_is_refused(enrolled: Enrolled, tmp_path: Path) -> None:
    path = tmp_path / "office.pub"
    export_public_key(enrolled.office, path)
    data = json.loads(path.read_text())
    assert "PRIVATE" not in path.read_text()
    assert read_public_key_file(path).fingerprint == data["fingerprint"]
    data["name"] = "冒充的办公室"
    other = load_public_identity(enrolled.devices[0])
    data["signing_key"] = other.to_json()["signing_key"]  # someone else's key under the old fingerprint
    path.write_text(json.dumps(data))
    with pytest.raises(UserError, match="fingerprint does not match"):
        read_public_key_file(path)
    path.write_text("not json")
    with pytest.raises(UserError, match="office.pub"):
        read_public_key_file(path)


def test_enrolment_refuses_an_office_key_and_a_name_taken_by_another_key(
        enrolled: Enrolled, tmp_path: Path) -> None:
    export_public_key(enrolled.office, tmp_path / "office.pub")
    with pytest.raises(UserError, match="not a device's public key"):
        add_device(enrolled.office, tmp_path / "office.pub")
    impostor = Home.create(tmp_path / "impostor", "device", name="laptop-01", volunteer="x")
    create_identity(impostor, office_key=tmp_path / "office.pub")
    export_public_key(impostor, tmp_path / "impostor.pub")
    with pytest.raises(UserError, match="already used by another key"):
        add_device(enrolled.office, tmp_path / "impostor.pub")
    with pytest.raises(UserError, match="only be done at the office"):
        add_device(enrolled.devices[0], tmp_path / "impostor.pub")


def test_a_backup_restores_the_same_keys_and_keeps_the_replaced_ones(
        enrolled: Enrolled, tmp_path: Path) -> None:
    write_backup(enrolled.office, tmp_path / "backup.json", "a long passphrase")
    with pytest.raises(UserError, match="at least 10 characters"):
        write_backup(enrolled.office, tmp_path / "short.json", "short")
    with pytest.raises(UserError, match="wrong passphrase"):
        read_backup(tmp_path / "backup.json", "not the passphrase")
    (tmp_path / "junk.json").write_text("{}")
    with pytest.raises(UserError, match="not a doorstep key backup"):
        read_backup(tmp_path / "junk.json", "a long passphrase")
    fresh = make_office(tmp_path / "new", name="新电脑")
    before = load_public_identity(fresh)
    restored = restore_backup(fresh, tmp_path / "backup.json", "a long passphrase")
    assert restored.fingerprint == load_public_identity(enrolled.office).fingerprint
    assert load_identity(fresh).public.fingerprint == restored.fingerprint
    kept = list((fresh.path / "keys").glob("replaced-*/identity.json"))
    assert len(kept) == 1 and json.loads(kept[0].read_text())["fingerprint"] == before.fingerprint
    for name in ("signing.pem", "encryption.pem"):
        assert (fresh.path / "keys" / name).stat().st_mode & 0o077 == 0


def test_the_role_is_the_home_kind_never_guessed_from_the_office_key(tmp_path: Path) -> None:
    office = make_office(tmp_path)
    export_public_key(office, tmp_path / "office.pub")
    device = Home.create(tmp_path / "laptop", "device", name="laptop", volunteer="李")
    assert create_identity(device).role == "device"  # no office key yet: still a device
    Home.create(tmp_path / "by-path", "device", name="x")
    assert create_identity(Home.open(tmp_path / "by-path")).role == "device"  # its home.json says
    other = Home.create(tmp_path / "office2", "office", name="镇")
    with pytest.raises(UserError, match="cannot trust another office"):
        create_identity(other, office_key=tmp_path / "office.pub")
    assert not (other.path / "keys" / "identity.json").exists()
