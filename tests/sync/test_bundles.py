"""The bundle file: deterministic, private, and refused whole when anything about it is wrong."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from doorstep.storage.home import Home
from doorstep.sync.assignment import import_assignment, write_assignment
from doorstep.sync.envelope import (
    MAX_BUNDLE_BYTES,
    BundleRefused,
    header_for,
    open_bundle,
    plaintext_of,
    read_limited,
    seal,
)
from doorstep.sync.identity import load_identity, load_office_key
from doorstep.sync.merge import merge_paths
from doorstep.sync.outbox import export_visits
from sync_helpers import NAMES, Enrolled, finish_visit, make_device, make_office, store_bytes

ANSWER_TEXTS = ["老人腿脚不便需要轮椅", "屋顶漏雨，墙体开裂", "春节慰问金已当面交付"]


def _visits(device: Home, households: list[str], n: int = 3) -> list[dict]:
    with device.writer() as store:
        return [
            finish_visit(store, households[i % len(households)],
                         {"needs_note": ANSWER_TEXTS[i % len(ANSWER_TEXTS)], "new_phone": "13912345678"},
                         updates={"phone": f"1390000{i:04d}"})
            for i in range(n)
        ]


def _export(device: Home, out: Path) -> Path:
    result = export_visits(device, out)
    assert result.written and result.path is not None
    return result.path


def test_a_bundle_round_trips_and_the_same_content_gives_the_same_file(enrolled: Enrolled) -> None:
    device = enrolled.devices[0]
    records = _visits(device, enrolled.households)
    path = _export(device, enrolled.root / "stick")
    first = path.read_bytes()
    assert export_visits(device, enrolled.root / "stick").written is False  # nothing new
    again = export_visits(device, enrolled.root / "stick2", again=True)
    assert again.path is not None and again.path.name == path.name
    assert again.path.read_bytes() == first  # byte for byte: same id, sequence, created, ciphertext

    opened = open_bundle(first, load_identity(enrolled.office), {
        load_identity(device).public.key_id: load_identity(device).public})
    assert opened.kind == "visits" and opened.sequence == 1
    assert opened.header["counts"] == {"visits": 3, "corrections": 0}
    assert sorted(v["uuid"] for v in opened.content["visits"]) == sorted(r["uuid"] for r in records)
    assert all(v["register_base"] == 1 for v in opened.content["visits"])


def test_no_name_phone_address_or_answer_appears_in_any_bundle(enrolled: Enrolled) -> None:
    device = enrolled.devices[0]
    _visits(device, enrolled.households, n=6)
    visits = _export(device, enrolled.root / "stick").read_bytes()
    assignment = write_assignment(enrolled.office, device.name, [], enrolled.root / "a2").path.read_bytes()
    secrets = ANSWER_TEXTS + ["13912345678", "13900000001"]
    for entry in enrolled.entries:
        secrets += [entry["name"], entry["phone"], entry["address"], entry["village"]]
    secrets += [n for n in NAMES] + ["李秀梅", device.name, enrolled.office.name]  # volunteer, homes
    for data in (visits, assignment):
        text = data.decode("ascii")  # the whole file is ASCII: nothing readable leaks through
        for secret in secrets:
            assert secret.encode("utf-8") not in data
            assert json.dumps(secret)[1:-1] not in text  # not even as JSON escapes
        # and none in base64 of the plain text either (it is encrypted, not encoded)
        for secret in secrets:
            assert base64.b64encode(secret.encode("utf-8"))[:8].decode() not in text


@pytest.fixture
def one_bundle(enrolled: Enrolled) -> tuple[Enrolled, Path]:
    device = enrolled.devices[0]
    _visits(device, enrolled.households, n=1)
    return enrolled, _export(device, enrolled.root / "stick")


def test_a_byte_changed_anywhere_is_refused_and_the_store_is_unchanged(
        one_bundle: tuple[Enrolled, Path], tmp_path: Path) -> None:
    enrolled, path = one_bundle
    data = path.read_bytes()
    office = load_identity(enrolled.office)
    device = load_identity(enrolled.devices[0]).public
    senders = {device.key_id: device}
    assert open_bundle(data, office, senders).kind == "visits"
    # Every position, through the library: quick, so the whole file is covered.
    for i in range(len(data)):
        for delta in (1, 0x80):
            changed = bytearray(data)
            changed[i] ^= delta
            with pytest.raises(BundleRefused):
                open_bundle(bytes(changed), office, senders)
    # And through the merge: one changed file per 7th position, all in one run.
    folder = tmp_path / "changed"
    folder.mkdir()
    for i in range(0, len(data), 7):
        changed = bytearray(data)
        changed[i] = (changed[i] + 1) % 256
        (folder / f"b{i:06d}.json").write_bytes(bytes(changed))
    before = store_bytes(enrolled.office)
    report = merge_paths(enrolled.office, [folder])
    assert report.bundles and all(b.status == "refused" for b in report.bundles)
    assert store_bytes(enrolled.office) == before


def test_every_truncation_is_refused(one_bundle: tuple[Enrolled, Path]) -> None:
    enrolled, path = one_bundle
    data = path.read_bytes()
    office = load_identity(enrolled.office)
    device = load_identity(enrolled.devices[0]).public
    for cut in range(len(data)):
        with pytest.raises(BundleRefused):
            open_bundle(data[:cut], office, {device.key_id: device})


def test_a_gigabyte_file_is_refused_without_being_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    subprocess.run(["truncate", "-s", "1G", str(huge)], check=True)  # sparse: costs no disk
    with pytest.raises(BundleRefused) as caught:
        read_limited(huge)
    assert caught.value.reason == "too_large"
    assert huge.stat().st_size > MAX_BUNDLE_BYTES


def test_a_bundle_for_another_office_is_refused(one_bundle: tuple[Enrolled, Path], tmp_path: Path) -> None:
    enrolled, path = one_bundle
    other = make_office(tmp_path / "elsewhere", name="另一个镇")
    # The device is known there too, so only the recipient check can refuse it.
    from doorstep.sync.devices import add_device
    from doorstep.sync.identity import export_public_key

    export_public_key(enrolled.devices[0], tmp_path / "d.pub")
    add_device(other, tmp_path / "d.pub")
    before = store_bytes(other)
    report = merge_paths(other, [path])
    assert [b.status for b in report.bundles] == ["refused"]
    assert report.bundles[0].error.reason == "not_for_me"
    assert store_bytes(other) == before


def test_an_unknown_sender_is_refused(one_bundle: tuple[Enrolled, Path], tmp_path: Path) -> None:
    enrolled, _ = one_bundle
    stranger = make_device(tmp_path, enrolled.office, "stranger")
    # enrolled by make_device: un-enrol it by using a fresh office that never saw it
    other = make_office(tmp_path / "o2")
    _visits(stranger, enrolled.households, n=1)
    path = _export(stranger, tmp_path / "s")
    report = merge_paths(other, [path])
    assert report.bundles[0].error.reason == "unknown_sender"


def test_another_bundle_under_a_used_sequence_number_is_a_copied_laptop_and_is_merged(
        enrolled: Enrolled, tmp_path: Path) -> None:

    device = enrolled.devices[0]
    twin_path = tmp_path / "twin"
    shutil.copytree(device.path, twin_path)  # the same laptop, before it exported anything
    twin = Home.open(twin_path)
    made = _visits(device, enrolled.households, n=1) + _visits(twin, enrolled.households, n=2)
    first = _export(device, tmp_path / "a")
    second = _export(twin, tmp_path / "b")
    assert first.name.split("-")[3] == second.name.split("-")[3]  # both sequence 1
    assert merge_paths(enrolled.office, [first]).bundles[0].status == "new"
    report = merge_paths(enrolled.office, [second])
    assert report.refused == 0 and report.bundles[0].status == "new"
    assert report.bundles[0].copies == [1]
    store = enrolled.office.reader()
    assert {v["key"] for v in store.visits()} == {v["key"] for v in made}  # nothing lost
    store.close()
    assert report.copies == {device.name: [1]}
    # the same bundle again is a harmless duplicate
    before = store_bytes(enrolled.office)
    assert merge_paths(enrolled.office, [first]).bundles[0].status == "duplicate"
    assert store_bytes(enrolled.office) == before


def test_an_older_assignment_after_a_newer_one_is_refused(enrolled: Enrolled, tmp_path: Path) -> None:
    device = enrolled.devices[0]
    old = write_assignment(enrolled.office, device.name, ["东湖村"], tmp_path / "1").path
    new = write_assignment(enrolled.office, device.name, ["西岭村"], tmp_path / "2").path
    import_assignment(device, new)
    before = store_bytes(device)
    with pytest.raises(BundleRefused) as caught:
        import_assignment(device, old)
    assert caught.value.reason == "old_assignment"
    assert store_bytes(device) == before


def _seal_raw(enrolled: Enrolled, content: dict, sequence: int = 1) -> bytes:
    device = enrolled.devices[0]
    me, office = load_identity(device), load_office_key(device)
    plaintext = plaintext_of("visits", content, me, office)
    header = header_for("visits", plaintext, me, office, sequence=sequence,
                        created="2026-08-01T10:00:00+08:00", counts={"visits": 1})
    return seal(header, plaintext, me, office)


def test_a_signed_bundle_whose_inner_data_breaks_the_schema_is_refused(enrolled: Enrolled) -> None:
    device = enrolled.devices[0]
    _visits(device, enrolled.households, n=1)
    good = _export(device, enrolled.root / "s")
    opened = open_bundle(good.read_bytes(), load_identity(enrolled.office),
                         {load_identity(device).public.key_id: load_identity(device).public})
    visit = opened.content["visits"][0]
    broken_cases = [
        {"visits": [visit | {"revision": "1"}]},
        {"visits": [visit | {"answers": {"needs": {"nested": "object"}}}]},
        {"visits": [{k: v for k, v in visit.items() if k != "household"}]},
        {"visits": [visit | {"hash": "0" * 64}]},  # content that does not match its hash
        {"visits": [visit, visit]},  # one key twice
        {"visit": []},
    ]
    before = store_bytes(enrolled.office)
    for n, content in enumerate(broken_cases, start=2):
        path = enrolled.root / f"broken-{n}.json"
        path.write_bytes(_seal_raw(enrolled, content, sequence=n))
        report = merge_paths(enrolled.office, [path])
        assert report.bundles[0].error.reason == "schema", content
    assert store_bytes(enrolled.office) == before


def test_wrong_version_malformed_json_and_not_a_bundle(enrolled: Enrolled, tmp_path: Path) -> None:
    device = enrolled.devices[0]
    _visits(device, enrolled.households, n=1)
    good = _export(device, tmp_path / "s").read_bytes()
    me = load_identity(device)
    signed_garbage = b'{"header": not json'
    forged_prefix = (
        f'{{"format":"doorstep-bundle/1","sender":"{me.public.key_id}",'
        f'"signature":"{base64.b64encode(me.signing_private.sign(signed_garbage)).decode()}","signed":'
    ).encode()
    cases = {
        "wrong_version": good.replace(b"doorstep-bundle/1", b"doorstep-bundle/2", 1),
        "bad_json": forged_prefix + signed_garbage + b"}\n",
        "not_a_bundle": b"{\"hello\": 1}\n",
        "bad_envelope": good.replace(b'"signed":', b'"signed" :', 1),
    }
    before = store_bytes(enrolled.office)
    for reason, data in cases.items():
        path = tmp_path / f"{reason}.json"
        path.write_bytes(data)
        report = merge_paths(enrolled.office, [path])
        assert report.bundles[0].error.reason == reason
    assert store_bytes(enrolled.office) == before


def test_a_bad_bundle_is_skipped_while_the_rest_merge(enrolled: Enrolled, tmp_path: Path) -> None:
    a, b = enrolled.devices
    _visits(a, enrolled.households, n=2)
    _visits(b, enrolled.households, n=3)
    good_a = _export(a, tmp_path / "s")
    good_b = _export(b, tmp_path / "s")
    bad = tmp_path / "s" / "zz-bad.json"
    bad.write_bytes(good_a.read_bytes()[:-20])
    report = merge_paths(enrolled.office, [tmp_path / "s"])
    assert sorted(x.status for x in report.bundles) == ["new", "new", "refused"]
    assert good_b.exists() and enrolled.office.reader().visit_count() == 5
