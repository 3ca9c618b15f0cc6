"""Personal data at rest: no name, phone, id, address or answer in any byte of any home's files.

An office and two laptops are built the way people build them (demo generate, a visit begun on a
laptop, bundle export, merge at the office: the CLI in-process), then every byte of every file
under each home is searched for every personal string the stores hold, and for private keys.
"""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from doorstep.cli.main import main
from doorstep.i18n import UserError
from doorstep.storage import keyring as keyring_module
from doorstep.storage import unlock
from doorstep.storage.home import Home
from doorstep.storage.keyring import DEFAULT_KDF, KEYRING_FILE, Keyring
from doorstep.storage.seal import is_sealed
from doorstep.storage.upgrade import journal_files, sealed_files
from doorstep.sync.identity import create_identity, load_identity

from .conftest import store_bytes

DRAFT_ANSWER = "院墙东侧有一道新裂缝需要尽快修缮"


def _texts(value: Any) -> list[str]:
    """Every string inside `value` (answers nest lists and dicts)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def _personal_strings(office: Path) -> set[str]:
    """Names, phones, ids, addresses, members, notes of the register, and every answer."""
    store = Home.open(office).reader()
    found: set[str] = {DRAFT_ANSWER}
    for entry in store.entries():
        found |= {entry["id"], entry["name"], entry["phone"], entry["address"], entry["notes"]}
        found |= {m["name"] for m in entry["members"]}
    for visit in store.visits():
        found |= set(_texts(visit["answers"]))
        found.add(visit["volunteer"])
    store.close()
    # Short values ("yes", "2") turn up in random bytes by chance; four bytes and more do not.
    # A short number does: an amount of 4000 sits in one key id in a few thousand (2400087b) and
    # in the hex of every uuid; numbers are looked for from six digits (phones, ids, dates).
    return {s for s in found if len(s.encode("utf-8")) >= 4 and not (s.isdigit() and len(s) < 6)}


def _needles(text: str) -> list[bytes]:
    """`text` as it could sit in a file: UTF-8, and JSON's \\u escapes."""
    return [text.encode("utf-8"), json.dumps(text).strip('"').encode("ascii")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("leak") / "w"
    stick = root.parent / "stick"
    stick.mkdir()
    assert main(["--lang", "en", "demo", "generate", "--out", str(root), "--households", "30",
                 "--devices", "2", "--visits", "40", "--seed", "5", "--today", "2026-11-01"]) == 0
    device = root / "device-1"
    with Home.open(device).writer() as store:
        household = store.assignment()[0]
        draft = store.start_visit(household, "house_inspection", "1")
        store.save_answer(draft["uuid"], ("notes",), DRAFT_ANSWER)
    for name in ("device-1", "device-2"):
        assert main(["--lang", "en", "--home", str(root / name), "bundle", "export",
                     "--out", str(stick)]) == 0
    assert main(["--lang", "en", "--home", str(root / "office"), "bundle", "merge", str(stick)]) == 0
    return root


def test_no_personal_data_and_no_private_key_in_any_byte_of_any_home(built: Path) -> None:
    office = built / "office"
    secrets = _personal_strings(office)
    assert len(secrets) > 200 and DRAFT_ANSWER in secrets  # the search has something to find
    assert Home.open(office).reader().visit_count() >= 40  # the merge brought the visits in
    keys: list[bytes] = []
    for name in ("office", "device-1", "device-2"):
        me = load_identity(Home.open(built / name))
        for raw in (me.signing_private.private_bytes_raw(), me.encryption_private.private_bytes_raw()):
            keys += [raw, base64.b64encode(raw), raw.hex().encode()]
    files = [p for home in ("office", "device-1", "device-2") for p in (built / home).rglob("*")
             if p.is_file()]
    assert len(files) > 20
    leaks = []
    for path in files:
        data = path.read_bytes()
        if b"PRIVATE KEY" in data or any(key in data for key in keys):
            leaks.append((str(path), "private key"))
        for text in secrets:
            if any(needle in data for needle in _needles(text)):
                leaks.append((str(path), text))
    assert leaks == []


def test_every_store_draft_setting_and_key_file_is_sealed_and_owner_only(built: Path) -> None:
    for name in ("office", "device-1", "device-2"):
        home = built / name
        sealed = sealed_files(home)
        assert any(p.parent.name == "drafts" for p in sealed) or name != "device-1"
        assert {p.name for p in sealed} >= {"meta.json", "register_ids.json", "settings.json",
                                          "signing.pem", "encryption.pem"}
        journals = journal_files(home)
        merged = {"sync_bundles.keys.log"} if name == "office" else set()  # the bundles' keys
        assert {p.name for p in journals} == {"audit.log", "visits.idx", *merged}
        for path in journals:  # one sealed record per line
            lines = path.read_bytes().splitlines()
            assert lines and all(is_sealed(base64.b64decode(line)) for line in lines)
        assert all(is_sealed(p.read_bytes()) for p in sealed)
        if os.name == "posix":
            for path in [home, *home.rglob("*")]:
                mode = stat.S_IMODE(path.stat().st_mode)
                assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def test_a_laptop_can_be_recovered_by_its_office_only(built: Path) -> None:
    ring = Keyring.parse((built / "device-1" / KEYRING_FILE).read_bytes())
    office = load_identity(Home.open(built / "office"))
    assert ring.office_wrap and ring.office_wrap["key_id"] == office.public.key_id
    device = Home.open(built / "device-1")
    assert ring.recover(office.encryption_private) == device._data_key
    other = load_identity(Home.open(built / "device-2"))  # not the office
    with pytest.raises(keyring_module.WrongSecret):
        ring.recover(other.encryption_private)


def test_a_wrong_pin_is_refused_and_changes_no_file(device_home: Home) -> None:
    with device_home.writer() as store:
        store.add_entry({"name": "王秀英", "category": "残疾军人"})
    before = store_bytes(device_home.path)
    unlock.forget_all()  # as a new process would: nothing unlocked yet
    for wrong in ("000000", "orchard lantern 47 quietlY", "x"):
        with pytest.raises(UserError) as err:
            Home.open(device_home.path, wrong)
        assert "wrong PIN" in err.value.render("en") and "PIN" in err.value.render("zh")
    assert store_bytes(device_home.path) == before
    assert Home.open(device_home.path).reader().entries()[0]["name"] == "王秀英"


def test_a_home_without_a_pin_at_hand_says_how_to_give_one(device_home: Home,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOORSTEP_PASSPHRASE")
    with pytest.raises(UserError) as err:
        Home.open(device_home.path)
    assert "DOORSTEP_PASSPHRASE" in err.value.render("en") and "DOORSTEP_PASSPHRASE" in err.value.render("zh")


def test_changing_the_pin_keeps_the_data_and_retires_the_old_one(device_home: Home) -> None:
    with device_home.writer() as store:
        store.add_entry({"name": "赵桂兰", "category": "烈士遗属"})
    store_before = (device_home.path / "store" / "register_ids.json").read_bytes()
    device_home.change_secret("582914")
    unlock.forget_all()
    assert Home.open(device_home.path, "582914").reader().entries()[0]["name"] == "赵桂兰"
    with pytest.raises(UserError):
        Home.open(device_home.path, "orchard lantern 47 quietly")
    register = device_home.path / "store" / "register_ids.json"
    assert register.read_bytes() == store_before  # only the keyring changed


def test_cheap_test_parameters_are_replaced_at_the_first_unlock_without_the_test_setting(
        device_home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    path = device_home.path / KEYRING_FILE
    assert Keyring.parse(path.read_bytes()).kdf == keyring_module.TEST_KDF
    monkeypatch.delenv(keyring_module.TEST_KDF_ENV)
    unlock.forget_all()
    Home.open(device_home.path)
    assert Keyring.parse(path.read_bytes()).kdf == DEFAULT_KDF  # a real user's cost from now on
    unlock.forget_all()
    assert Home.open(device_home.path).reader().register_count() == 0


def _make_plain(home: Home) -> None:
    """Turn `home` into what doorstep wrote before encryption: plain files, no keyring."""
    for path in sealed_files(home.path):
        path.write_bytes(home.files.read(path))
    for path in journal_files(home.path):
        path.write_bytes(b"".join(base64.b64encode(home.files.unseal(base64.b64decode(line))) + b"\n"
                                  for line in path.read_bytes().splitlines()))
    (home.path / KEYRING_FILE).unlink()


def test_a_plain_home_is_sealed_at_its_first_open_with_a_pin(device_home: Home) -> None:
    create_identity(device_home)
    with device_home.writer() as store:
        store.add_entry({"name": "孙建国", "category": "老复员军人", "phone": "13800138000"})
        store.add_entry({"name": "孙建民", "category": "老复员军人"})  # so there is a .bak
        draft = store.start_visit(store.entries()[0]["id"], "home_care", "1")
        store.save_answer(draft["uuid"], ("notes",), "腿脚不便")
    _make_plain(device_home)
    assert any(b"13800138000" in p.read_bytes() for p in (device_home.path / "store" / "register").iterdir())
    unlock.forget_all()
    home = Home.open(device_home.path, "582914")
    assert home.encrypted and not home.keyring.plain_left
    for path in sealed_files(device_home.path):
        assert is_sealed(path.read_bytes()), path
    assert all(b"13800138000" not in p.read_bytes() for p in device_home.path.rglob("*") if p.is_file())
    unlock.forget_all()
    again = Home.open(device_home.path, "582914")
    assert [e["name"] for e in again.reader().entries()] == ["孙建国", "孙建民"]
    assert again.reader().drafts()[0]["answers"] == {"notes": "腿脚不便"}
    assert load_identity(again).public.role == "device"


def test_an_upgrade_killed_half_way_is_finished_at_the_next_open(device_home: Home) -> None:
    with device_home.writer() as store:
        store.add_entry({"name": "钱玉珍", "category": "烈士遗属"})
    _make_plain(device_home)
    # Killed after the keyring and the store were written, before the rest: settings and keys
    # are still plain, and the keyring says so.
    key = os.urandom(32)
    from doorstep.storage.files import HomeFiles
    from doorstep.storage.seal import Sealer

    ring = Keyring.new(device_home.home_id, key, "582914", plain_left=True)
    (device_home.path / KEYRING_FILE).write_bytes(ring.encode())
    for path in (device_home.path / "store").glob("*.json"):
        HomeFiles(device_home.path, Sealer(key, device_home.home_id)).reseal(path)
    unlock.forget_all()
    home = Home.open(device_home.path, "582914")
    assert not Keyring.parse((device_home.path / KEYRING_FILE).read_bytes()).plain_left
    assert all(is_sealed(p.read_bytes()) for p in sealed_files(device_home.path))
    assert home.reader().entries()[0]["name"] == "钱玉珍"
    with pytest.raises(UserError):  # a plain file slipped into a finished home is refused
        (device_home.path / "settings.json").write_bytes(b'{"lang": "en"}')
        unlock.forget_all()
        Home.open(device_home.path, "582914")


def test_a_sealed_file_of_another_home_does_not_open(office_home: Home, device_home: Home) -> None:
    register = Path("store") / "register_ids.json"
    with office_home.writer() as store:
        store.add_entry({"name": "孙建国", "category": "老复员军人"})
    (device_home.path / register).write_bytes((office_home.path / register).read_bytes())
    with pytest.raises(UserError) as err:
        device_home.reader().entries()
    assert "register_ids.json" in err.value.render("en")
