"""The sync commands as a user runs them: `doorstep` (in-process, as `main(argv)`), homes on a real disk."""

from __future__ import annotations

import csv
import json
import os
import subprocess
from pathlib import Path

import pytest
from cli_runner import Result, invoke
from doorstep.storage import qrid
from doorstep.storage.home import Home
from sync_helpers import finish_visit, office_state, store_bytes

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "correct horse battery staple"


def doorstep(home: Path, *args: str, lang: str = "en", ok: bool | None = True) -> Result:
    env = {k: v for k, v in os.environ.items() if k != "DOORSTEP_HOME"}
    proc = invoke(["--home", home, "--lang", lang, *args],
                  env={**env, "DOORSTEP_BACKUP_PASSPHRASE": PASSPHRASE}, cwd=ROOT)
    if ok is True:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    elif ok is False:
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "Traceback" not in proc.stderr
    return proc


def _register_csv(path: Path) -> list[str]:
    ids: list[str] = []
    rows = []
    for i, (name, village) in enumerate([("王建国", "东湖村"), ("李秀英", "东湖村"), ("张卫东", "西岭村"),
                                         ("刘桂兰", "西岭村"), ("陈志强", "南河村")]):
        ids.append(qrid.new_id(ids))
        rows.append([ids[-1], name, "老复员军人", village, f"{village}{i}号", f"1380013{i:04d}"])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["编号", "姓名", "类别", "村", "地址", "电话"])
        writer.writerows(rows)
    return ids


def _record_visits(device: Path, households: list[str], texts: list[str]) -> None:
    """Visits as the TUI records them, through storage's API (there is no CLI to record a visit)."""
    home = Home.open(device)
    with home.writer() as store:
        for household, text in zip(households, texts, strict=False):
            finish_visit(store, household, {"needs_note": text}, updates={"phone": "13999990000"})


def test_two_devices_to_two_offices_end_to_end(tmp_path: Path) -> None:
    office, office2 = tmp_path / "office", tmp_path / "office2"
    d1, d2 = tmp_path / "laptop-01", tmp_path / "laptop-02"
    doorstep(office, "init", "office", "--name", "河口镇")
    doorstep(office, "keys", "show", "--export", str(tmp_path / "office.pub"))
    for device in (d1, d2):
        doorstep(device, "init", "device", "--name", device.name, "--volunteer", "李秀梅",
                 "--office-key", str(tmp_path / "office.pub"))
        shown = json.loads(doorstep(device, "keys", "show", "--json", "--export",
                                    str(tmp_path / f"{device.name}.pub")).stdout)
        added = doorstep(office, "device", "add", str(tmp_path / f"{device.name}.pub"), "--no-qr").stdout
        assert shown["fingerprint"] in added  # the same fingerprint on both screens
        assert shown["office"]["fingerprint"] == json.loads(
            doorstep(office, "keys", "show", "--json").stdout)["fingerprint"]
    listed = json.loads(doorstep(office, "device", "list", "--json").stdout)
    assert [d["name"] for d in listed] == ["laptop-01", "laptop-02"]
    ids = _register_csv(tmp_path / "register.csv")
    doorstep(office, "registry", "import", str(tmp_path / "register.csv"))

    doorstep(office, "assign", "--device", "laptop-01", "--village", "东湖村", "--out", str(tmp_path / "a"))
    doorstep(office, "assign", "--device", "laptop-02", "--village", "西岭村", "--village", "南河村",
             "--out", str(tmp_path / "a"))
    for device in (d1, d2):
        files = sorted((tmp_path / "a").glob("doorstep-assignment-*.json"))
        imported = [doorstep(device, "bundle", "import", str(f), ok=None) for f in files]
        # each device accepts its own assignment and refuses the other's (encrypted to someone else)
        assert sorted(p.returncode for p in imported) == [0, 1]
    assert Home.open(d1).reader().assignment() == ids[:2]
    assert Home.open(d2).reader().assignment() == ids[2:]

    _record_visits(d1, ids[:2], ["需要轮椅", "屋顶漏雨"])
    _record_visits(d2, ids[2:], ["已送慰问金", "身体很好", "需要体检"])
    stick = tmp_path / "stick"
    for device in (d1, d2):
        out = doorstep(device, "bundle", "export", "--out", str(stick)).stdout
        assert "sequence 1" in out and "█" in out  # the path, the receipt and its QR code
        again = doorstep(device, "bundle", "export", "--out", str(stick)).stdout
        assert "nothing new" in again
    bundles = sorted(stick.glob("*.json"))
    assert len(bundles) == 2
    verified = json.loads(doorstep(office, "bundle", "verify", "--json", str(bundles[0])).stdout)
    assert verified["valid"] and verified["decrypted"]

    merged = json.loads(doorstep(office, "bundle", "merge", "--json", str(stick)).stdout)
    assert [b["status"] for b in merged["bundles"]] == ["new", "new"]
    assert merged["new_visits"] == 5 and merged["refused"] == 0
    before = store_bytes(Home.open(office))
    again = doorstep(office, "bundle", "merge", str(stick)).stdout
    assert again.count("duplicate ") == 2
    assert store_bytes(Home.open(office)) == before  # merging again changed nothing at all

    # A second office with the first one's keys (from its backup), the same register and devices.
    doorstep(office, "keys", "backup", "--out", str(tmp_path / "backup.json"))
    doorstep(office2, "init", "office", "--name", "河口镇")
    doorstep(office2, "keys", "restore", str(tmp_path / "backup.json"))
    for device in (d1, d2):
        doorstep(office2, "device", "add", str(tmp_path / f"{device.name}.pub"), "--no-qr")
    doorstep(office2, "registry", "import", str(tmp_path / "register.csv"))
    for path in reversed(bundles):
        doorstep(office2, "bundle", "merge", str(path))
    assert office_state(Home.open(office)) == office_state(Home.open(office2))
    assert Home.open(office2).reader().visit_count() == 5

    # Acknowledgements travel back: the outbox empties, and the next export writes nothing.
    doorstep(office, "assign", "--device", "laptop-01", "--village", "东湖村", "--out", str(tmp_path / "b"))
    (ack,) = sorted((tmp_path / "b").glob("*.json"))
    assert "2 visit(s) acknowledged" in doorstep(d1, "bundle", "import", str(ack)).stdout
    assert Home.open(d1).reader().outbox() == []
    assert "nothing to send" in doorstep(d1, "bundle", "export", "--out", str(tmp_path / "s2")).stdout


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An office, one device, and one good visits bundle from it, for the bad-input cases."""
    root = tmp_path_factory.mktemp("site")
    office, device = root / "office", root / "laptop-01"
    doorstep(office, "init", "office", "--name", "镇")
    doorstep(office, "keys", "show", "--export", str(root / "office.pub"))
    doorstep(device, "init", "device", "--name", "laptop-01", "--volunteer", "李", "--office-key",
             str(root / "office.pub"))
    doorstep(device, "keys", "show", "--export", str(root / "d.pub"))
    doorstep(office, "device", "add", str(root / "d.pub"))
    _register_csv(root / "r.csv")
    doorstep(office, "registry", "import", str(root / "r.csv"))
    doorstep(office, "assign", "--device", "laptop-01", "--out", str(root / "a"))
    doorstep(device, "bundle", "import", str(next((root / "a").glob("*.json"))))
    ids = Home.open(device).reader().assignment()
    _record_visits(device, ids[:2], ["需要轮椅", "屋顶漏雨"])
    doorstep(device, "bundle", "export", "--out", str(root / "stick"))
    return {"root": root, "office": office, "device": device, "bundle": next((root / "stick").glob("*.json"))}


def _bad_files(site: dict[str, Path], folder: Path) -> dict[str, Path]:
    good = site["bundle"].read_bytes()
    middle = len(good) // 2
    changed = bytearray(good)
    changed[middle] ^= 0x04
    huge = folder / "huge.json"
    subprocess.run(["truncate", "-s", "1G", str(huge)], check=True)
    cases = {
        "truncated": good[: len(good) - 100],
        "byte changed": bytes(changed),
        "wrong version": good.replace(b"doorstep-bundle/1", b"doorstep-bundle/9", 1),
        "malformed JSON": b'{"format":"doorstep-bundle/1", oops',
        "not JSON at all": "走访记录".encode(),
    }
    out = {"1 GB": huge}
    for name, data in cases.items():
        out[name] = folder / (name.replace(" ", "-") + ".json")
        out[name].write_bytes(data)
    return out


def test_bad_bundles_get_one_line_exit_1_and_leave_the_office_store_as_it_was(
        site: dict[str, Path], tmp_path: Path) -> None:
    office = Home.open(site["office"])
    before = store_bytes(office)
    for name, path in _bad_files(site, tmp_path).items():
        for command in (("bundle", "merge", str(path)), ("bundle", "verify", str(path))):
            proc = doorstep(site["office"], *command, ok=False)
            lines = [line for line in (proc.stdout + proc.stderr).splitlines() if path.name in line]
            assert len(lines) == 1, (name, proc.stdout, proc.stderr)
        assert store_bytes(office) == before, name
    zh = doorstep(site["office"], "bundle", "verify", str(tmp_path / "truncated.json"), lang="zh", ok=False)
    assert "文件结构已损坏或被截断" in zh.stderr


def test_a_bad_bundle_among_good_ones_is_skipped_and_reported(site: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.json").write_bytes(site["bundle"].read_bytes())
    (folder / "bad.json").write_bytes(site["bundle"].read_bytes()[:-3])
    copy = tmp_path / "office-copy"
    import shutil

    shutil.copytree(site["office"], copy)
    report = json.loads(doorstep(copy, "bundle", "merge", "--json", str(folder), ok=False).stdout)
    statuses = {Path(b["path"]).name: b["status"] for b in report["bundles"]}
    assert statuses == {"good.json": "new", "bad.json": "refused"}
    assert report["refused"] == 1 and "truncated" in report["bundles"][0]["reason"]


def test_an_assignment_cannot_be_merged_and_a_device_cannot_merge(site: dict[str, Path]) -> None:
    assignment = next((site["root"] / "a").glob("*.json"))
    proc = doorstep(site["office"], "bundle", "merge", str(assignment), ok=False)
    assert "sent by this very home" in proc.stdout + proc.stderr
    proc = doorstep(site["device"], "bundle", "merge", str(site["bundle"]), ok=False)
    assert "only be done at the office" in proc.stderr
    proc = doorstep(site["device"], "bundle", "verify", str(site["bundle"]))
    assert "sent by this home" in proc.stdout


def test_keys_are_private_and_never_overwritten(site: dict[str, Path], tmp_path: Path) -> None:
    for home in (site["office"], site["device"]):
        for name in ("signing.pem", "encryption.pem"):
            assert (home / "keys" / name).stat().st_mode & 0o077 == 0
    from doorstep.i18n import UserError
    from doorstep.sync.identity import create_identity

    with pytest.raises(UserError):
        create_identity(Home.open(site["office"]))
    proc = doorstep(tmp_path / "new", "init", "device", "--name", "x", "--volunteer", "y",
                    "--office-key", str(site["root"] / "d.pub"), ok=False)
    assert "not an office's public key" in proc.stderr
    assert not (tmp_path / "new" / "home.json").exists()


def test_backup_warns_and_needs_the_right_passphrase(site: dict[str, Path], tmp_path: Path) -> None:
    proc = doorstep(site["office"], "keys", "backup", "--out", str(tmp_path / "b.json"))
    assert "can no longer be read" in proc.stderr
    data = (tmp_path / "b.json").read_text()
    assert "PRIVATE" not in data and PASSPHRASE not in data
    from doorstep.i18n import UserError
    from doorstep.sync.backup import read_backup

    with pytest.raises(UserError):
        read_backup(tmp_path / "b.json", "a wrong passphrase")
    secret = read_backup(tmp_path / "b.json", PASSPHRASE)
    assert secret["identity"]["role"] == "office"
    tampered = json.loads(data)
    tampered["kdf"]["n"] = 2**15
    (tmp_path / "t.json").write_text(json.dumps(tampered))
    with pytest.raises(UserError):
        read_backup(tmp_path / "t.json", PASSPHRASE)


def test_a_bad_assignment_is_refused_on_the_device_and_changes_nothing(
        site: dict[str, Path], tmp_path: Path) -> None:
    device = Home.open(site["device"])
    before = store_bytes(device)
    good = next((site["root"] / "a").glob("*.json")).read_bytes()
    cases = {"cut.json": good[:-40], "visits.json": site["bundle"].read_bytes()}
    changed = bytearray(good)
    changed[len(good) // 3] ^= 0x01
    cases["changed.json"] = bytes(changed)
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        proc = doorstep(site["device"], "bundle", "import", str(tmp_path / name), ok=False)
        assert len(proc.stderr.strip().splitlines()) == 1 and name in proc.stderr
    assert store_bytes(device) == before
    # the good one again: already imported, nothing changes, not an error
    assert "imported already" in doorstep(site["device"], "bundle", "import",
                                          str(next((site["root"] / "a").glob("*.json")))).stdout
    assert store_bytes(device) == before


def test_missing_bundles_are_said_as_runs(site: dict[str, Path], tmp_path: Path) -> None:
    import shutil

    office, device = tmp_path / "office", tmp_path / "laptop-01"
    shutil.copytree(site["office"], office)
    shutil.copytree(site["device"], device)
    ids = Home.open(device).reader().assignment()
    for n in range(2, 7):  # the site's stick is no. 1: five more, nos. 2 to 6
        _record_visits(device, ids[2:3], [f"第{n}次"])
        doorstep(device, "bundle", "export", "--out", str(tmp_path / f"stick{n}"))
    six = next((tmp_path / "stick6").glob("*.json"))
    out = doorstep(office, "bundle", "merge", str(six)).stdout
    assert "laptop-01: bundle(s) 1–5 not received (5 in all)" in out
    assert out.count("not received") == 1  # one line for the device, not one per bundle
    three = next((tmp_path / "stick3").glob("*.json"))
    out = doorstep(office, "bundle", "merge", str(three), lang="zh").stdout
    assert "laptop-01：第 1、2、4、5 号数据包未收到（共 4 个）" in out
