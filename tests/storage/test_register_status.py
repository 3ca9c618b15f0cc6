"""The register's status, date of death and entitlement: checks, defaults, the schema 3 upgrade,
and import / export through the CLI."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from doorstep.i18n import UserError
from doorstep.storage import qrid
from doorstep.storage.home import Home
from doorstep.storage.schema import SCHEMA_VERSION
from doorstep.storage.store import STORE_FILE, clean_entry

from .conftest import on_disk, run_cli, store_bytes, write_single_file

TOMORROW = (date.today() + timedelta(days=1)).isoformat()


def test_a_new_entry_is_alive_and_entitled(office_home: Home) -> None:
    with office_home.writer() as store:
        entry = store.add_entry({"name": "张三", "category": "残疾军人"})
    assert (entry["status"], entry["death_date"], entry["entitled"]) == ("alive", "", "yes")


@pytest.mark.parametrize(("fields", "says"), [
    ({"status": "dead"}, "unknown status 'dead'"),
    ({"status": ""}, "unknown status ''"),
    ({"entitled": "maybe"}, "entitled must be yes or no, not 'maybe'"),
    ({"death_date": "2026-02-30"}, "bad date of death '2026-02-30'"),
    ({"death_date": "1.3.2026"}, "bad date of death '1.3.2026'"),
    ({"death_date": TOMORROW}, f"the date of death {TOMORROW} is in the future"),
])
def test_bad_values_are_refused_and_change_nothing(office_home: Home, fields: dict, says: str) -> None:
    with office_home.writer() as store:
        entry = store.add_entry({"name": "张三", "category": "残疾军人"})
    before = store_bytes(office_home.path)
    with office_home.writer() as store, pytest.raises(UserError) as err:
        store.update_entry(entry["id"], fields)
    assert says in err.value.render("en")
    assert err.value.render("zh") != err.value.render("en")
    assert store_bytes(office_home.path) == before


def test_a_death_is_recorded_field_by_field_with_audit(office_home: Home) -> None:
    with office_home.writer() as store:
        entry = store.add_entry({"name": "张三", "category": "残疾军人"})
        changed = store.update_entry(entry["id"], {"status": "deceased", "death_date": " 2026-03-01 "})
        rows = {r["field"]: (r["old"], r["new"]) for r in store.audit(entry["id"]) if r["action"] == "update"}
    assert (changed["status"], changed["death_date"], changed["version"]) == ("deceased", "2026-03-01", 2)
    assert rows == {"status": ("alive", "deceased"), "death_date": ("", "2026-03-01")}
    assert clean_entry({"death_date": "", "entitled": "no"}) == {"death_date": "", "entitled": "no"}


def test_a_schema_2_register_is_upgraded_to_alive_and_entitled(office_home: Home) -> None:
    data = on_disk(office_home)
    data["_meta"]["1"]["schema"] = 2
    data["register"] = {"1": {"id": "ABCD1234", "name": "张三", "category": "disabled_serviceman",
                              "priority": "key", "village": "", "address": "", "phone": "",
                              "members": [], "notes": "", "version": 4,
                              "updated": "2026-01-01T00:00:00+08:00"}}
    path = write_single_file(office_home, data)
    raw = path.read_bytes()
    assert office_home.reader().get_entry("ABCD1234")["status"] == "alive"
    assert path.read_bytes() == raw  # the reader upgraded its copy only
    with office_home.writer() as store:
        entry = store.get_entry("ABCD1234")
        assert store.schema_version == SCHEMA_VERSION
        assert store.audit("ABCD1234") == []
    assert (entry["status"], entry["death_date"], entry["entitled"]) == ("alive", "", "yes")
    assert entry["version"] == 4
    assert (office_home.path / f"{STORE_FILE}.schema-v2.bak").read_bytes() == raw


# ------------------------------------------------------------------ import / export (CLI)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "office"
    run_cli(path, "init", "office", "--name", "镇办公室", check=True)
    return path


def _csv(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _entries(home: Path) -> dict[str, dict]:
    exported = json.loads(run_cli(home, "registry", "export", "--format", "json", check=True).stdout)
    return {e["name"]: e for e in exported}


def test_import_reads_the_chinese_columns(home: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "r.csv", [
        ["姓名", "类别", "村", "状态", "去世日期", "是否仍享受待遇"],
        ["张三", "残疾军人", "东村", "已去世", "2026/3/1", "是"],
        ["王五", "老年退役士兵", "西村", "迁居", "", "否"],
        ["赵六", "烈士遗属", "南村", "", "", ""],
    ])
    proc = run_cli(home, "registry", "import", str(sheet), check=True)
    assert "3 added" in proc.stdout
    got = _entries(home)
    assert {n: (e["status"], e["death_date"], e["entitled"]) for n, e in got.items()} == {
        "张三": ("deceased", "2026-03-01", "yes"),
        "王五": ("moved", "", "no"),
        "赵六": ("alive", "", "yes"),   # empty cells: the defaults
    }


def test_the_columns_are_optional_and_english_headers_work(home: Path, tmp_path: Path) -> None:
    run_cli(home, "registry", "import", str(_csv(tmp_path / "a.csv", [
        ["name", "category", "village", "status", "death_date", "entitled"],
        ["张三", "残疾军人", "东村", "deceased", "2025-12-31", "yes"],
    ])), check=True)
    # A sheet without the columns leaves what the register knows alone.
    run_cli(home, "registry", "import", str(_csv(tmp_path / "b.csv", [
        ["name", "category", "village", "phone"],
        ["张三", "残疾军人", "东村", "13800000001"],
    ])), "--same-person", check=True)   # matched by name and village only: the supervisor says so
    entry = _entries(home)["张三"]
    assert (entry["status"], entry["death_date"], entry["phone"]) == ("deceased", "2025-12-31", "13800000001")


def test_an_xlsx_date_cell_is_a_date_of_death(home: Path, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "类别", "状态", "去世日期"])
    sheet.append(["张三", "残疾军人", "已去世", date(2026, 5, 4)])
    book.save(tmp_path / "r.xlsx")
    run_cli(home, "registry", "import", str(tmp_path / "r.xlsx"), check=True)
    assert _entries(home)["张三"]["death_date"] == "2026-05-04"


def test_bad_cells_are_all_reported_and_nothing_is_imported(home: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "r.csv", [
        ["姓名", "类别", "状态", "去世日期", "是否仍享受待遇"],
        ["张三", "残疾军人", "失踪", "", ""],
        ["王五", "老年退役士兵", "已去世", "去年", "也许"],
        ["赵六", "烈士遗属", "已去世", TOMORROW, ""],
        ["钱七", "烈士遗属", "健在", "2020-01-01", ""],
    ])
    before = store_bytes(home)
    proc = run_cli(home, "registry", "import", str(sheet))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "5 error(s)" in proc.stderr
    for line in ("row 2, column '状态': unknown status '失踪'",
                 "row 3, column '去世日期': bad date of death '去年'",
                 "row 3, column '是否仍享受待遇': '也许' must be yes or no",
                 f"row 4, column '去世日期': the date of death {TOMORROW} is in the future",
                 "row 5, column '去世日期': a date of death 2020-01-01 is given but the status is "
                 "not deceased"):
        assert line in proc.stderr
    assert store_bytes(home) == before
    zh = run_cli(home, "registry", "import", str(sheet), lang="zh")
    assert "第 2 行，“状态”列：未知的现状“失踪”" in zh.stderr


def test_export_then_import_changes_nothing(home: Path, tmp_path: Path) -> None:
    run_cli(home, "registry", "import", str(_csv(tmp_path / "a.csv", [
        ["姓名", "类别", "状态", "去世日期", "是否仍享受待遇"],
        ["张三", "残疾军人", "已去世", "2026-03-01", "是"],
        ["王五", "老年退役士兵", "健在", "", "否"],
    ])), check=True)
    out = tmp_path / "export.csv"
    run_cli(home, "registry", "export", "--out", str(out), check=True)
    header = next(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    assert {"status", "date of death", "entitled"} <= set(header)
    before = store_bytes(home)
    proc = run_cli(home, "registry", "import", str(out), check=True)
    assert "0 added, 0 changed, 2 unchanged" in proc.stdout
    assert store_bytes(home) == before


def test_the_offices_copy_keeps_a_date_the_laptop_thinks_is_tomorrow(device_home: Home) -> None:
    # The office's clock checked it; a laptop whose clock is a day behind must still import it.
    household = qrid.new_id()
    office_copy = {"id": household, "name": "张三", "category": "disabled_serviceman", "version": 3,
                   "status": "deceased", "death_date": TOMORROW}
    later = (date.today() + timedelta(days=2)).isoformat()
    with device_home.writer() as store:
        store.upsert_entries([office_copy], keep_versions=True)
        assert store.get_entry(household)["death_date"] == TOMORROW
        with pytest.raises(UserError):   # the laptop's own edit is checked against its own clock
            store.upsert_entries([{**office_copy, "death_date": later}])
        assert store.get_entry(household)["death_date"] == TOMORROW
