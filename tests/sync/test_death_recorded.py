"""A death recorded at a door reaches the office's register, and its summary, through the CLI.

The office, two laptops, the assignment, the export and the merge are `doorstep` commands on a
real disk; the visit itself is recorded as the app records it (the survey engine walks the
verification form; its register updates go to the store), since there is no command to record one.
"""

from __future__ import annotations

import csv
import json
import os
from datetime import date
from pathlib import Path

import pytest
from cli_runner import invoke
from doorstep.storage import qrid
from doorstep.storage.home import Home
from doorstep.survey import Checklist, get_form
from doorstep.sync.content import SchemaError, check_assignment_content
from doorstep.sync.merge import conflicts

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 8, 1)
PEOPLE = [("王建国", "老复员军人"), ("李秀英", "烈士遗属"), ("张卫东", "残疾军人")]


def doorstep(home: Path, *args: str, lang: str = "en") -> str:
    env = {k: v for k, v in os.environ.items() if k != "DOORSTEP_HOME"}
    proc = invoke(["--home", home, "--lang", lang, *args], env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


@pytest.fixture
def town(tmp_path: Path) -> dict[str, object]:
    """An office with three households, and two laptops that have imported their assignment."""
    office, devices = tmp_path / "office", [tmp_path / "laptop-01", tmp_path / "laptop-02"]
    doorstep(office, "init", "office", "--name", "河口镇")
    doorstep(office, "keys", "show", "--export", str(tmp_path / "office.pub"))
    ids: list[str] = []
    with (tmp_path / "register.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["编号", "姓名", "类别", "村", "地址"])
        for i, (name, category) in enumerate(PEOPLE):
            ids.append(qrid.new_id(ids))
            writer.writerow([ids[-1], name, category, "东湖村", f"东湖村{i + 1}号"])
    doorstep(office, "registry", "import", str(tmp_path / "register.csv"))
    for device in devices:
        doorstep(device, "init", "device", "--name", device.name, "--volunteer", "李秀梅",
                 "--office-key", str(tmp_path / "office.pub"))
        doorstep(device, "keys", "show", "--export", str(tmp_path / f"{device.name}.pub"))
        doorstep(office, "device", "add", str(tmp_path / f"{device.name}.pub"), "--no-qr")
        out = tmp_path / f"to-{device.name}"
        doorstep(office, "assign", "--device", device.name, "--out", str(out))
        (bundle,) = out.glob("*.json")
        doorstep(device, "bundle", "import", str(bundle))
    return {"office": office, "devices": devices, "ids": ids, "stick": tmp_path / "stick"}


def record_death(device: Path, household: str, died: str, ended: str) -> dict:
    """A verification visit finding the person deceased, walked through the form as the app does."""
    cl = Checklist(get_form("verification"), lang="zh", today=TODAY)
    for slot, value in ((("status",), "deceased"), (("death_date",), died), (("needs",), "none"),
                        (("followup_needed",), "yes"), (("followup_note",), "办理丧葬补助")):
        assert cl.set(slot, value) == []
    assert cl.can_finalize()
    with Home.open(device).writer() as store:
        draft = store.start_visit(household, "verification", str(cl.form.version), started=ended)
        for name, value in cl.answers.items():
            store.save_answer(draft["uuid"], (name,), value)
        store.set_register_updates(draft["uuid"], cl.register_updates())
        return store.finalize(draft["uuid"], ended=ended)


def summary(office: Path) -> dict[str, dict]:
    data = json.loads(doorstep(office, "summary", "--from", "2026-01-01", "--to", "2026-12-31",
                               "--format", "json"))
    return data["figures"]


def test_a_death_recorded_at_the_door_reaches_the_register_and_the_summary(town: dict) -> None:
    office, (laptop, _), ids, stick = town["office"], town["devices"], town["ids"], town["stick"]
    before = summary(office)
    assert before["register.total"]["value"] == 3 and before["register.deaths"]["value"] == 0

    visit = record_death(laptop, ids[0], "2026-07-20", "2026-07-30T10:00:00+08:00")
    assert visit["register_updates"] == {"status": "deceased", "death_date": "2026-07-20"}
    doorstep(laptop, "bundle", "export", "--out", str(stick))
    merged = json.loads(doorstep(office, "bundle", "merge", "--json", str(stick)))
    assert merged["new_visits"] == 1 and merged["conflicts"] == 0
    assert merged["bundles"][0]["register_changes"] == 2

    store = Home.open(office).reader()
    assert conflicts(store) == []  # no "unknown register field", no flag at all
    entry = store.get_entry(ids[0])
    assert (entry["status"], entry["death_date"], entry["entitled"]) == ("deceased", "2026-07-20", "yes")
    audit = {r["field"]: (r["old"], r["new"]) for r in store.audit(ids[0]) if r["action"] == "update"}
    assert audit == {"status": ("alive", "deceased"), "death_date": ("", "2026-07-20")}
    shown = doorstep(office, "registry", "export", "--format", "json")
    assert {e["id"]: e["status"] for e in json.loads(shown)} == {
        ids[0]: "deceased", ids[1]: "alive", ids[2]: "alive"}

    after = summary(office)
    assert after["register.total"]["value"] == 2
    assert after["register.priority.key"]["value"] == 2
    assert after["register.deaths"]["value"] == 1
    assert after["register.deaths"]["source_kind"] == "register" and after["register.deaths"]["sources"] == 1
    explained = doorstep(office, "summary", "--from", "2026-01-01", "--to", "2026-12-31",
                         "--explain", "register.deaths")
    assert ids[0] in explained and "王建国" in explained and "李秀英" not in explained
    # A year the death is not in reports none.
    other = json.loads(doorstep(office, "summary", "--from", "2025-01-01", "--to", "2025-12-31",
                                "--format", "json"))
    assert other["figures"]["register.deaths"]["value"] == 0
    # Merging again changes nothing.
    again = json.loads(doorstep(office, "bundle", "merge", "--json", str(stick)))
    assert again["new_visits"] == 0 and Home.open(office).reader().get_entry(ids[0]) == entry

    # The next assignment carries the death back to the laptop, with the office's version.
    doorstep(office, "assign", "--device", laptop.name, "--out", str(stick.parent / "next"))
    (bundle,) = (stick.parent / "next").glob("*.json")
    doorstep(laptop, "bundle", "import", str(bundle))
    on_laptop = Home.open(laptop).reader().get_entry(ids[0])
    assert (on_laptop["status"], on_laptop["death_date"], on_laptop["version"]) == (
        "deceased", "2026-07-20", entry["version"])


@pytest.mark.parametrize(("field", "value", "what"), [
    ("status", "dead", "alive, deceased or moved expected"),
    ("entitled", "maybe", "yes or no expected"),
    ("death_date", "20 July", "a date YYYY-MM-DD expected"),
])
def test_the_assignment_schema_checks_the_new_fields(field: str, value: str, what: str) -> None:
    entry = {"id": "ABCD1234", "name": "王建国", "version": 1, "status": "alive", "entitled": "yes",
             "death_date": ""}
    content = {"device": "0" * 32, "households": ["ABCD1234"], "entries": [entry], "forms": [],
               "acknowledgements": [], "returned": []}
    assert check_assignment_content(content) is content
    del entry["status"], entry["entitled"], entry["death_date"]   # an older office's assignment
    assert check_assignment_content(content) is content
    entry[field] = value
    with pytest.raises(SchemaError) as err:
        check_assignment_content(content)
    assert (err.value.where, err.value.what) == (f"entries[0].{field}", what)


def test_two_dates_of_death_from_the_same_base_are_flagged(town: dict) -> None:
    office, laptops, ids, stick = town["office"], town["devices"], town["ids"], town["stick"]
    record_death(laptops[0], ids[1], "2026-06-01", "2026-07-01T09:00:00+08:00")
    record_death(laptops[1], ids[1], "2026-06-02", "2026-07-02T09:00:00+08:00")
    for laptop in laptops:
        doorstep(laptop, "bundle", "export", "--out", str(stick))
    doorstep(office, "bundle", "merge", "--json", str(stick))

    flags = conflicts(Home.open(office).reader())
    assert [(f["kind"], f["household"], f["field"]) for f in flags] == [("register", ids[1], "death_date")]
    assert sorted(v["value"] for v in flags[0]["values"]) == ["2026-06-01", "2026-06-02"]
    entry = Home.open(office).reader().get_entry(ids[1])
    # Both say deceased: that field agrees and is applied; the date is the later visit's, flagged.
    assert entry["status"] == "deceased" and entry["death_date"] == flags[0]["chosen"] == "2026-06-02"
