"""A device created without the office's key: its role, trusting the office later, and export
refusing until it does. `doorstep` in-process (`main(argv)`), homes on a real disk."""

from __future__ import annotations

import json
import os
from pathlib import Path

from cli_runner import Result, invoke
from doorstep.storage.home import Home
from sync_helpers import finish_visit, store_bytes

ROOT = Path(__file__).resolve().parents[2]


def doorstep(home: Path, *args: str, lang: str = "en", ok: bool = True) -> Result:
    env = {k: v for k, v in os.environ.items() if k != "DOORSTEP_HOME"}
    proc = invoke(["--home", home, "--lang", lang, *args], env=env, cwd=ROOT)
    if ok:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    else:
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "Traceback" not in proc.stderr
    return proc


def _office(root: Path, name: str) -> tuple[Path, Path]:
    office = root / name
    doorstep(office, "init", "office", "--name", name)
    doorstep(office, "keys", "show", "--export", str(root / f"{name}.pub"))
    return office, root / f"{name}.pub"


def test_a_device_made_without_the_office_key_is_a_device_and_trusts_the_office_later(tmp_path: Path) -> None:
    office, office_pub = _office(tmp_path, "office")
    other, other_pub = _office(tmp_path, "other-office")
    device = tmp_path / "laptop-01"
    created = doorstep(device, "init", "device", "--name", "laptop-01", "--volunteer", "李秀梅").stdout
    assert "keys trust-office" in created  # the next step is said at once
    shown = json.loads(doorstep(device, "keys", "show", "--json").stdout)
    assert shown["role"] == "device" and shown["office"] is None
    identity = json.loads((device / "keys" / "identity.json").read_text("utf-8"))
    assert identity["role"] == "device"
    assert "trusts no office yet" in doorstep(device, "keys", "show", "--no-qr").stdout

    # The office enrols it and assigns work; the device cannot take the assignment, nor send visits.
    doorstep(device, "keys", "show", "--export", str(tmp_path / "d.pub"))
    doorstep(office, "device", "add", str(tmp_path / "d.pub"), "--no-qr")
    (tmp_path / "r.csv").write_text("姓名,类别,村\n王建国,老复员军人,东湖村\n", encoding="utf-8")
    doorstep(office, "registry", "import", str(tmp_path / "r.csv"))
    doorstep(office, "assign", "--device", "laptop-01", "--out", str(tmp_path / "a"))
    (assignment,) = (tmp_path / "a").glob("*.json")
    with Home.open(device).writer() as store:
        finish_visit(store, "ABCD1230", {"needs_note": "需要轮椅"})
    before = store_bytes(Home.open(device))
    for args in (("bundle", "export", "--out", str(tmp_path / "stick")),
                 ("bundle", "import", str(assignment))):
        proc = doorstep(device, *args, ok=False)
        assert proc.stdout == ""
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and "trusts no office yet" in lines[0] and "keys trust-office FILE" in lines[0]
        assert store_bytes(Home.open(device)) == before
    assert not (tmp_path / "stick").exists()
    zh = doorstep(device, "bundle", "export", "--out", str(tmp_path / "stick"), lang="zh", ok=False)
    assert "尚未信任任何办公室" in zh.stderr

    # An office cannot trust an office; a device's own key is not an office's.
    proc = doorstep(office, "keys", "trust-office", str(other_pub), ok=False)
    assert "only be done on a device" in proc.stderr
    assert "not an office's public key" in doorstep(device, "keys", "trust-office", str(tmp_path / "d.pub"),
                                                     ok=False).stderr

    trusted = doorstep(device, "keys", "trust-office", str(office_pub), "--no-qr").stdout
    office_fp = json.loads(doorstep(office, "keys", "show", "--json").stdout)["fingerprint"]
    assert office_fp in trusted
    assert "nothing changed" in doorstep(device, "keys", "trust-office", str(office_pub)).stdout
    office_json = (device / "keys" / "office.json").read_bytes()
    refused = doorstep(device, "keys", "trust-office", str(other_pub), ok=False)
    assert len(refused.stderr.strip().splitlines()) == 1 and "--replace" in refused.stderr
    assert office_fp in refused.stderr
    assert (device / "keys" / "office.json").read_bytes() == office_json

    # Now the whole round works: assignment in, visits out, merged at the office.
    doorstep(device, "bundle", "import", str(assignment))
    doorstep(device, "bundle", "export", "--out", str(tmp_path / "stick"))
    merged = json.loads(doorstep(office, "bundle", "merge", "--json", str(tmp_path / "stick")).stdout)
    assert merged["new_visits"] == 1 and merged["refused"] == 0


def test_replacing_the_trusted_office_keeps_the_old_key_and_counts_bundles_per_office(tmp_path: Path) -> None:
    first, first_pub = _office(tmp_path, "office")
    second, second_pub = _office(tmp_path, "new-office")
    device = tmp_path / "laptop-01"
    doorstep(device, "init", "device", "--name", "laptop-01", "--volunteer", "李秀梅",
             "--office-key", str(first_pub))
    doorstep(device, "keys", "show", "--export", str(tmp_path / "d.pub"))
    (tmp_path / "r.csv").write_text("姓名,类别,村\n王建国,老复员军人,东湖村\n", encoding="utf-8")
    for office in (first, second):
        doorstep(office, "device", "add", str(tmp_path / "d.pub"), "--no-qr")
        doorstep(office, "registry", "import", str(tmp_path / "r.csv"))
    # Two assignments and a visits bundle with the first office: its sequences reach 2 and 1.
    for n in (1, 2):
        doorstep(first, "assign", "--device", "laptop-01", "--out", str(tmp_path / f"a{n}"))
        doorstep(device, "bundle", "import", str(next((tmp_path / f"a{n}").glob("*.json"))))
    household = Home.open(device).reader().assignment()[0]
    with Home.open(device).writer() as store:
        finish_visit(store, household, {"needs_note": "需要轮椅"})
    doorstep(device, "bundle", "export", "--out", str(tmp_path / "s1"))

    replaced = doorstep(device, "keys", "trust-office", str(second_pub), "--replace", "--no-qr").stdout
    (kept,) = (device / "keys").glob("office-replaced-*.json")
    assert str(kept) in replaced
    assert json.loads(kept.read_text("utf-8"))["name"] == "office"
    assert json.loads((device / "keys" / "office.json").read_text("utf-8"))["name"] == "new-office"
    # The new office's first assignment (its sequence 1) is taken, not refused as older than 2,
    # and the visit not yet acknowledged goes to the new office as its bundle 1, without a gap.
    doorstep(second, "assign", "--device", "laptop-01", "--out", str(tmp_path / "b"))
    doorstep(device, "bundle", "import", str(next((tmp_path / "b").glob("*.json"))))
    out = json.loads(doorstep(device, "bundle", "export", "--json", "--out", str(tmp_path / "s2")).stdout)
    assert out["written"] and out["sequence"] == 1 and out["count"] == 1
    merged = json.loads(doorstep(second, "bundle", "merge", "--json", str(tmp_path / "s2")).stdout)
    assert merged["new_visits"] == 1 and merged["gaps"] == []
    # The old office's bundle cannot be read by the new office.
    assert doorstep(second, "bundle", "merge", str(tmp_path / "s1"), ok=False).returncode == 1
