"""`doorstep init` and `doorstep registry import|export|show` as a user runs them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from doorstep.storage import qrid
from doorstep.storage.home import Home

from .conftest import run_cli, store_bytes

ROWS = [
    ("张三", "残疾军人", "东村", "东村1号", "13800000001", "李四(妻)；张小(子)"),
    ("王五", "老年退役士兵", "西村", "西村2号", "", ""),
    ("赵六", "烈士遗属", "南村", "", "0531-8888888", "赵七"),
]


def _write_csv(path: Path, header: list[str], rows: list[tuple], encoding: str = "utf-8") -> Path:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


ZH_HEADER = ["姓名", "类别", "村", "地址", "电话", "家庭成员"]
EN_HEADER = ["name", "category", "village", "address", "phone", "members"]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "office"
    run_cli(path, "init", "office", "--name", "镇办公室", check=True)
    return path


def _export(home: Path) -> list[dict]:
    return json.loads(run_cli(home, "registry", "export", "--format", "json", check=True).stdout)


def test_init_office_and_device(tmp_path: Path) -> None:
    office = tmp_path / "o"
    proc = run_cli(office, "init", "office", "--name", "Town", check=True)
    assert "Town" in proc.stdout
    assert Home.open(office).kind == "office"
    assert any((office / "keys").iterdir())
    device = tmp_path / "d"
    run_cli(device, "init", "device", "--name", "laptop", "--volunteer", "李梅", check=True)
    home = Home.open(device)
    assert home.kind == "device" and home.settings["volunteer"] == "李梅"
    again = run_cli(device, "init", "device", "--name", "x", "--volunteer", "y")
    assert again.returncode == 1 and "already a doorstep home" in again.stderr


def test_commands_without_a_home_say_how_to_make_one(tmp_path: Path) -> None:
    proc = run_cli(tmp_path / "none", "registry", "export")
    assert proc.returncode == 1 and "doorstep init" in proc.stderr and "Traceback" not in proc.stderr
    zh = run_cli(tmp_path / "none", "registry", "export", lang="zh")
    assert "doorstep init" in zh.stderr and "数据目录" in zh.stderr


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_import_csv_encodings(home: Path, tmp_path: Path, encoding: str) -> None:
    path = _write_csv(tmp_path / "r.csv", ZH_HEADER, ROWS, encoding)
    proc = run_cli(home, "registry", "import", str(path), check=True)
    assert "3 added" in proc.stdout
    entries = _export(home)
    assert [e["name"] for e in entries] == ["张三", "王五", "赵六"]
    assert entries[0]["category"] == "disabled_serviceman" and entries[0]["priority"] == "key"
    assert entries[0]["members"] == [{"name": "李四", "relation": "妻"}, {"name": "张小", "relation": "子"}]
    assert entries[2]["members"] == [{"name": "赵七", "relation": ""}]
    assert all(qrid.is_valid(e["id"]) for e in entries)


def test_import_english_headers_and_given_ids(home: Path, tmp_path: Path) -> None:
    ids = [qrid.new_id() for _ in ROWS]
    rows = [(i.lower()[:4] + "-" + i.lower()[4:], *r) for i, r in zip(ids, ROWS, strict=True)]
    path = _write_csv(tmp_path / "r.csv", ["ID", *[h.title() for h in EN_HEADER]], rows)
    run_cli(home, "registry", "import", str(path), check=True)
    assert [e["id"] for e in _export(home)] == ids


def test_import_xlsx(home: Path, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(ZH_HEADER)
    for name, category, village, address, _phone, members in ROWS:
        sheet.append([name, category, village, address, 13800000000, members])  # phone as a number
    path = tmp_path / "r.xlsx"
    book.save(path)
    run_cli(home, "registry", "import", str(path), check=True)
    entries = _export(home)
    assert [e["name"] for e in entries] == ["张三", "王五", "赵六"]
    assert entries[1]["phone"] == "13800000000"


def test_reimport_changes_nothing(home: Path, tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "r.csv", ZH_HEADER, ROWS)
    run_cli(home, "registry", "import", str(path), check=True)
    before = store_bytes(home)
    proc = run_cli(home, "registry", "import", str(path), check=True)
    assert "0 added, 0 changed, 3 unchanged" in proc.stdout
    assert store_bytes(home) == before
    # The export read back in (ids, codes) changes nothing either.
    exported = tmp_path / "export.csv"
    run_cli(home, "registry", "export", "--out", str(exported), check=True)
    proc = run_cli(home, "registry", "import", str(exported), check=True)
    assert "3 unchanged" in proc.stdout and store_bytes(home) == before


def test_changed_row_bumps_version_with_audit(home: Path, tmp_path: Path) -> None:
    run_cli(home, "registry", "import", str(_write_csv(tmp_path / "a.csv", ZH_HEADER, ROWS)), check=True)
    changed = [ROWS[0][:4] + ("13999999999",) + ROWS[0][5:], *ROWS[1:]]
    proc = run_cli(home, "registry", "import", str(_write_csv(tmp_path / "b.csv", ZH_HEADER, changed)),
                   "--same-person", check=True)   # matched by name and village only
    assert "0 added, 1 changed, 2 unchanged" in proc.stdout
    first = _export(home)[0]
    assert first["phone"] == "13999999999" and first["version"] == 2
    audit = [r for r in Home.open(home).reader().audit(first["id"]) if r["action"] == "update"]
    assert [(r["field"], r["old"], r["new"]) for r in audit] == [("phone", "13800000001", "13999999999")]


def test_bad_rows_are_all_reported_and_nothing_changes(home: Path, tmp_path: Path) -> None:
    run_cli(home, "registry", "import", str(_write_csv(tmp_path / "a.csv", ZH_HEADER, ROWS)), check=True)
    before = store_bytes(home)
    good = qrid.new_id()
    typo = good[:-1] + ("0" if good[-1] != "0" else "1")
    header = ["编号", *ZH_HEADER]
    rows = [
        ("", "新人", "残疾军人", "北村", "", "", ""),        # row 2: fine
        ("", "", "残疾军人", "北村", "", "", ""),            # row 3: no name
        ("", "钱八", "皇帝", "北村", "", "", ""),            # row 4: unknown category
        (typo, "孙九", "残疾军人", "北村", "", "", ""),      # row 5: id typo
        ("", "周十", "残疾军人", "北村", "", "电话abc", ""),  # row 6: bad phone
        (good, "吴一", "残疾军人", "", "", "", ""),          # row 7: fine
        (good, "郑二", "残疾军人", "", "", "", "(妻"),       # row 8: repeats row 7, bad members
    ]
    path = _write_csv(tmp_path / "bad.csv", header, rows)
    proc = run_cli(home, "registry", "import", str(path))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    err = proc.stderr
    assert "6 error(s); nothing was imported" in err
    assert "row 3, column '姓名': must not be empty" in err
    assert "row 4, column '类别': unknown category '皇帝'" in err
    assert f"row 5, column '编号': check character of '{typo}' does not match" in err
    assert "row 6, column '电话'" in err
    assert f"row 8, column '编号': id {good} repeats row 7" in err
    assert "row 8, column '家庭成员'" in err
    assert store_bytes(home) == before
    zh = run_cli(home, "registry", "import", str(path), lang="zh").stderr
    assert "第 3 行，“姓名”列：不能为空" in zh


@pytest.mark.parametrize("content, expected", [
    (b"", "no data rows"),
    ("姓名,村\n张三,东村\n".encode(), "类别/category"),
    (b"\xff\xfe\x00garbage\x81\x30", "cannot read"),
])
def test_unreadable_files(home: Path, tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    before = store_bytes(home)
    proc = run_cli(home, "registry", "import", str(path))
    assert proc.returncode == 1 and expected in proc.stderr and "Traceback" not in proc.stderr
    assert store_bytes(home) == before


def test_wrong_file_type_and_missing_file(home: Path, tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text("x")
    for name, expected in (("r.txt", "only .csv and .xlsx"), ("none.csv", "cannot read")):
        proc = run_cli(home, "registry", "import", str(tmp_path / name))
        assert proc.returncode == 1 and expected in proc.stderr
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK not really a zip")
    proc = run_cli(home, "registry", "import", str(broken))
    assert proc.returncode == 1 and "cannot read" in proc.stderr and "Traceback" not in proc.stderr


def test_export_csv_to_file_and_show(home: Path, tmp_path: Path) -> None:
    run_cli(home, "registry", "import", str(_write_csv(tmp_path / "a.csv", ZH_HEADER, ROWS)), check=True)
    out = tmp_path / "out.csv"
    run_cli(home, "registry", "export", "--out", str(out), check=True)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # so that Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["name"] for r in rows] == ["张三", "王五", "赵六"]
    stdout_csv = run_cli(home, "registry", "export", check=True).stdout
    assert stdout_csv.splitlines()[0].startswith("id,name,sex,date of birth,ID number,category")
    household = rows[0]["id"]
    shown = run_cli(home, "registry", "show", household.lower(), lang="zh", check=True).stdout
    assert "姓名: 张三" in shown and "类别: 残疾军人" in shown and "级别: 重点" in shown
    shown_en = run_cli(home, "registry", "show", household, check=True).stdout
    assert "category: Disabled serviceman" in shown_en
    typo = household[:-1] + ("0" if household[-1] != "0" else "1")
    proc = run_cli(home, "registry", "show", typo)
    assert proc.returncode == 1 and "does not match" in proc.stderr
    missing = qrid.new_id({household})
    proc = run_cli(home, "registry", "show", missing)
    assert proc.returncode == 1 and "not on this laptop's register" in proc.stderr


def test_init_device_with_a_bad_office_key_creates_nothing(tmp_path: Path) -> None:
    key = tmp_path / "office.key"
    key.write_text("not a key", encoding="utf-8")
    device = tmp_path / "d"
    proc = run_cli(device, "init", "device", "--name", "laptop", "--volunteer", "李梅",
                   "--office-key", str(key))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert not device.exists()
