"""Register import checks Chinese phone numbers and reports a bad one with its row and column."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from cli_helpers import assert_user_error, doorstep, snapshot


@pytest.fixture
def office(tmp_path: Path) -> Path:
    home = tmp_path / "office"
    assert doorstep("init", "office", "--name", "河口镇", home=home).code == 0
    return home


def _csv(path: Path, rows: list[tuple[str, ...]], encoding: str = "gb18030") -> Path:
    lines = ["姓名,类别,村,地址,电话", *(",".join(r) for r in rows)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def _phones(office: Path) -> dict[str, str]:
    done = doorstep("registry", "export", "--format", "json", home=office)
    assert done.code == 0, done.err
    return {e["name"]: e["phone"] for e in json.loads(done.out)}


def test_good_numbers_are_accepted_and_written_one_way(office: Path, tmp_path: Path) -> None:
    path = _csv(tmp_path / "register.csv", [
        ("王建国", "残疾军人", "东湖村", "1组", "138 0013 8000"),
        ("李春花", "烈士遗属", "东湖村", "2组", "０７３１－８４１２３４５６"),  # typed full-width
        ("张德胜", "老复员军人", "西山村", "3组", "+86 139-1234-5678"),
        ("赵桂兰", "老年烈士子女", "西山村", "4组", "01062345678"),
        ("陈志强", "病故军人遗属", "南岭村", "5组", ""),
    ])
    done = doorstep("registry", "import", path, home=office)
    assert done.code == 0, done.err
    assert _phones(office) == {"王建国": "13800138000", "李春花": "0731-84123456",
                               "张德胜": "13912345678", "赵桂兰": "010-62345678", "陈志强": ""}
    again = doorstep("registry", "import", path, home=office)
    assert again.code == 0 and "5 unchanged" in again.out, again.out


@pytest.mark.parametrize("phone", ["12345", "12800138000", "1380013800", "0731-04123456", "84123456",
                                   "13800138000（儿子）"])
def test_a_bad_number_is_reported_with_row_and_column_and_nothing_changes(
        office: Path, tmp_path: Path, phone: str) -> None:
    good = _csv(tmp_path / "good.csv", [("王建国", "残疾军人", "东湖村", "1组", "13800138000")])
    assert doorstep("registry", "import", good, home=office).code == 0
    before = snapshot(office)
    bad = _csv(tmp_path / "bad.csv", [("王建国", "残疾军人", "东湖村", "1组", "13800138000"),
                                      ("李春花", "烈士遗属", "东湖村", "2组", phone)])
    done = doorstep("registry", "import", bad, home=office)
    assert_user_error(done, "bad.csv", "row 3", "电话", phone, "not a phone number")
    assert snapshot(office) == before


def test_a_number_typed_as_a_number_in_excel_is_read(office: Path, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "类别", "村", "电话"])
    sheet.append(["王建国", "残疾军人", "东湖村", 13800138000])
    sheet.append(["李春花", "烈士遗属", "东湖村", 12345])
    workbook.save(tmp_path / "register.xlsx")
    done = doorstep("registry", "import", tmp_path / "register.xlsx", home=office)
    assert_user_error(done, "row 3", "12345")
