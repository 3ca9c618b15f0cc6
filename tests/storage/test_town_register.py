# ruff: noqa: E501  (the expected messages are whole lines, as a person reads them)
"""A register written the towns' way: their spellings, 身份证号, 性别, 序号, an extra column, 三属,
a duplicate header; then the corrections a clerk makes in Excel, imported again."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from doorstep.cli.main import main
from doorstep.storage.home import Home

from .conftest import store_bytes

HEADER = "序号,姓名,性别,身份证号,出生日期,类别,残疾等级,所在村,住址,联系电话,联系人,开户银行,备注"
GOOD = [
    "1,王军,男,370123194803050012,1948-03-05,伤残军人,六级,东村,东村1号,13800000001,王小军,农商银行,",
    "2,李秀英,女,370123195208170022,,烈属,,东村,东村5号,,,,",
    "3,张国强,,370123196001010034,,病退军人,,西村,西村2号,,,,腿脚不便",
    "4,赵德明,男,,1945-11-20,复员军人,,西村,西村8号,,,邮储银行,",
    "5,钱学文,,,,参战参试,,南村,南村3号,,,,",
]
BAD = [
    "6,孙桂兰,女,,,三属,,南村,,,,,",
    "7,周大海,男,370123194803050013,,在乡复员军人,,南村,,,,,",
    "8,吴金花,男,370123195208170022,,烈属,,北村,,,,,",
    "9,郑一,,,,残疾军人,十一级,北村,,,,,",
]


def _doorstep(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv) if "--lang" in argv else ["--lang", "en", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def _sheet(tmp_path: Path, name: str, rows: list[str], header: str = HEADER) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8-sig")
    return path


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "office"
    Home.create(path, "office", name="东风镇退役军人服务站")
    return path


def _entries(home: Path, capsys) -> dict[str, dict]:
    code, out, _ = _doorstep(capsys, "--home", str(home), "registry", "export", "--format", "json")
    assert code == 0
    return {e["name"]: e for e in json.loads(out)}


def test_the_bad_rows_are_each_named_and_nothing_is_written(home: Path, tmp_path: Path, capsys) -> None:
    before = store_bytes(home)
    code, out, err = _doorstep(capsys, "--home", str(home), "--lang", "zh", "registry", "import",
                               str(_sheet(tmp_path, "r.csv", GOOD + BAD)))
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"错误：{tmp_path / 'r.csv'} 有 5 处错误，未导入任何数据：",
        "第 7 行，“类别”列：“三属”是一组类别，不是一个类别：请写明是烈士遗属、因公牺牲军人遗属、病故军人遗属中的哪一种",
        "第 8 行，“身份证号”列：身份证号“370123194803050013”的校验位不符（输错了？）",
        "第 9 行，“身份证号”列：身份证号 370123********0022 与第 3 行重复",
        "第 9 行，“性别”列：性别“男”与身份证号不符",
        "第 10 行，“残疾等级”列：残疾等级“十一级”应为 1 到 10 级",
    ]
    assert store_bytes(home) == before


def test_a_duplicate_header_is_refused(home: Path, tmp_path: Path, capsys) -> None:
    before = store_bytes(home)
    sheet = _sheet(tmp_path, "dup.csv", ["王军,王军,伤残军人"], header="姓名,姓名,类别")
    code, _, err = _doorstep(capsys, "--home", str(home), "--lang", "zh", "registry", "import", str(sheet))
    assert code == 1
    assert err.strip() == f"错误：{sheet} 的表头“姓名”出现了两次（A 列和 B 列）：请删去或改名其中一列。未导入任何数据。"
    sheet = _sheet(tmp_path, "dup2.csv", ["王军,伤残军人,138,139"], header="姓名,类别,电话,联系电话")
    code, _, err = _doorstep(capsys, "--home", str(home), "registry", "import", str(sheet))
    assert code == 1 and "the columns '电话' and '联系电话' both hold the phone" in err
    assert store_bytes(home) == before


def test_the_towns_register_imports_as_expected(home: Path, tmp_path: Path, capsys) -> None:
    code, out, err = _doorstep(capsys, "--home", str(home), "--lang", "zh", "registry", "import",
                               str(_sheet(tmp_path, "r.csv", GOOD)))
    assert code == 0, err
    assert out.strip() == f"已导入 {tmp_path / 'r.csv'}：新增 5，更新 0，未变 0。"
    assert err.strip() == "注意：“开户银行”不是名册的字段，其内容已记入各户的备注（写成“列名：内容”）。"
    entries = _entries(home, capsys)
    picked = {name: {k: e.get(k, "") for k in ("sex", "birth_date", "id_number", "category", "priority",
                                        "disability_grade", "village", "address", "phone", "contact", "notes")}
              for name, e in entries.items()}
    assert picked == {
        "王军": {"sex": "male", "birth_date": "1948-03-05", "id_number": "370123194803050012",
                 "category": "disabled_serviceman", "priority": "key", "disability_grade": 6,
                 "village": "东村", "address": "东村1号", "phone": "13800000001", "contact": "王小军",
                 "notes": "开户银行：农商银行"},
        "李秀英": {"sex": "female", "birth_date": "1952-08-17", "id_number": "370123195208170022",
                   "category": "martyr_survivor", "priority": "key", "disability_grade": "",
                   "village": "东村", "address": "东村5号", "phone": "", "contact": "", "notes": ""},
        "张国强": {"sex": "male", "birth_date": "1960-01-01", "id_number": "370123196001010034",
                   "category": "illness_discharged", "priority": "key", "disability_grade": "",
                   "village": "西村", "address": "西村2号", "phone": "", "contact": "", "notes": "腿脚不便"},
        "赵德明": {"sex": "male", "birth_date": "1945-11-20", "id_number": "",
                   "category": "old_demobilized", "priority": "key", "disability_grade": "",
                   "village": "西村", "address": "西村8号", "phone": "", "contact": "",
                   "notes": "开户银行：邮储银行"},
        "钱学文": {"sex": "", "birth_date": "", "id_number": "",
                   "category": "combat_nuclear_veteran", "priority": "key", "disability_grade": "",
                   "village": "南村", "address": "南村3号", "phone": "", "contact": "", "notes": ""},
    }
    # Shown masked unless the supervisor asks.
    wang = entries["王军"]["id"]
    code, out, _ = _doorstep(capsys, "--home", str(home), "--lang", "zh", "registry", "show", wang)
    assert "身份证号: 370123********0012" in out and "性别: 男" in out and "残疾等级: 6" in out
    code, out, _ = _doorstep(capsys, "--home", str(home), "registry", "show", wang, "--full-id")
    assert "ID number: 370123194803050012" in out


def test_corrections_in_the_sheet_add_nobody(home: Path, tmp_path: Path, capsys) -> None:
    assert _doorstep(capsys, "--home", str(home), "registry", "import", str(_sheet(tmp_path, "r.csv", GOOD)))[0] == 0
    before = store_bytes(home)
    # The same sheet again: nothing at all changes.
    code, out, _ = _doorstep(capsys, "--home", str(home), "registry", "import", str(tmp_path / "r.csv"))
    assert "0 added, 0 changed, 5 unchanged" in out and store_bytes(home) == before
    # 王军's address corrected: matched by 身份证号 (no id in the sheet), one change, nobody added.
    fixed = [GOOD[0].replace("东村1号", "东村11号"), *GOOD[1:]]
    code, out, _ = _doorstep(capsys, "--home", str(home), "registry", "import",
                             str(_sheet(tmp_path, "fixed.csv", fixed)))
    assert code == 0 and "0 added, 1 changed, 4 unchanged" in out
    after_fix = store_bytes(home)
    code, out, _ = _doorstep(capsys, "--home", str(home), "registry", "import", str(tmp_path / "fixed.csv"))
    assert "0 added, 0 changed, 5 unchanged" in out and store_bytes(home) == after_fix
    # 赵德明 has no 身份证号: a corrected address is a question, shown with the difference.
    moved = [*fixed[:3], GOOD[3].replace("西村8号", "西村9号"), GOOD[4]]
    sheet = _sheet(tmp_path, "moved.csv", moved)
    code, out, err = _doorstep(capsys, "--home", str(home), "--lang", "zh", "registry", "import", str(sheet))
    zhao = _entries(home, capsys)["赵德明"]["id"]
    assert code == 1 and store_bytes(home) == after_fix
    assert f"第 5 行 赵德明（西村）与名册中的编号 {zhao} 对比：地址：西村8号 → 西村9号" in err
    assert "--same-person" in err
    code, out, _ = _doorstep(capsys, "--home", str(home), "registry", "import", str(sheet), "--same-person")
    assert code == 0 and "0 added, 1 changed, 4 unchanged" in out
    entries = _entries(home, capsys)
    assert len(entries) == 5 and entries["赵德明"]["address"] == "西村9号" and entries["赵德明"]["id"] == zhao
    # A namesake: --new-person adds one.
    code, out, _ = _doorstep(capsys, "--home", str(home), "registry", "import",
                             str(_sheet(tmp_path, "namesake.csv", ["10,钱学文,男,,,老年退役士兵,,南村,南村7号,,,,"])),
                             "--new-person")
    assert code == 0 and "1 added, 0 changed, 0 unchanged" in out


def test_the_export_opens_in_excel_and_imports_back_unchanged(home: Path, tmp_path: Path, capsys) -> None:
    rows = [*GOOD, "6,=HYPERLINK(\"http://x\"),男,,,老年退役士兵,,@南村,+1+cmd|' /C calc'!A0,,-2,,\x07响铃"]
    assert _doorstep(capsys, "--home", str(home), "registry", "import", str(_sheet(tmp_path, "r.csv", rows)))[0] == 0
    before = store_bytes(home)
    out_csv, out_xlsx = tmp_path / "out.csv", tmp_path / "out.xlsx"
    assert _doorstep(capsys, "--home", str(home), "--lang", "zh", "registry", "export", "--out", str(out_csv))[0] == 0
    assert _doorstep(capsys, "--home", str(home), "--lang", "zh", "registry", "export", "--format", "xlsx",
                     "--out", str(out_xlsx))[0] == 0
    raw = out_csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0][:6] == ["编号", "姓名", "性别", "出生日期", "身份证号", "类别"]
    wang = next(r for r in table if r[1] == "王军")
    assert wang[2:8] == ["男", "1948-03-05", "370123********0012", "残疾军人", "重点", "6"]
    odd = next(r for r in table if "HYPERLINK" in r[1])
    assert odd[1] == "'=HYPERLINK(\"http://x\")" and "'@南村" in odd and "'+1+cmd|' /C calc'!A0" in odd
    assert "-2" in odd   # a plain number stays as it is
    assert all(not c.startswith(("=", "+", "@")) for r in table for c in r)
    book = openpyxl.load_workbook(out_xlsx)
    sheet = book.active
    assert sheet.title == "优抚对象名册" and sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]][:3] == ["编号", "姓名", "性别"]
    cells = {c.value: c for row in sheet.iter_rows(min_row=2) for c in row}
    assert all(c.data_type != "f" for c in cells.values())
    born = next(c for c in sheet[2] if c.column == 4)
    assert born.is_date and born.number_format == "yyyy-mm-dd"
    assert "\ufffd响铃" in cells
    assert sheet.column_dimensions["B"].width >= 10
    # Both read back in change nothing (masked numbers stand for the stored ones).
    for exported in (out_csv, out_xlsx):
        code, out, err = _doorstep(capsys, "--home", str(home), "registry", "import", str(exported))
        assert code == 0, err
        assert "0 added, 0 changed, 6 unchanged" in out
        assert store_bytes(home) == before


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("typed", "added", "changed"), [("y\n", 0, 1), ("maybe\nn\n", 1, 0)])
def test_in_a_terminal_the_import_asks(home: Path, tmp_path: Path, capsys, monkeypatch,
                                       typed: str, added: int, changed: int) -> None:
    assert _doorstep(capsys, "--home", str(home), "registry", "import", str(_sheet(tmp_path, "r.csv", GOOD)))[0] == 0
    moved = [*GOOD[:3], GOOD[3].replace("西村8号", "西村9号"), GOOD[4]]
    monkeypatch.setattr("sys.stdin", _Terminal(typed))
    code, out, err = _doorstep(capsys, "--home", str(home), "registry", "import",
                               str(_sheet(tmp_path, "moved.csv", moved)))
    assert code == 0, err
    assert "row 5, 赵德明 (西村) against" in err and "address: 西村8号 -> 西村9号" in err
    assert err.count("The same person? [y: same, update / n: another person, add]") == typed.count("\n")
    assert f"{added} added, {changed} changed" in out


def test_in_a_terminal_an_ended_input_writes_nothing(home: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    assert _doorstep(capsys, "--home", str(home), "registry", "import", str(_sheet(tmp_path, "r.csv", GOOD)))[0] == 0
    before = store_bytes(home)
    moved = [*GOOD[:3], GOOD[3].replace("西村8号", "西村9号"), GOOD[4]]
    monkeypatch.setattr("sys.stdin", _Terminal(""))
    code, _, err = _doorstep(capsys, "--home", str(home), "registry", "import",
                             str(_sheet(tmp_path, "moved.csv", moved)))
    assert code != 0 and "Traceback" not in err
    assert store_bytes(home) == before


def test_a_payment_sheet_all_or_nothing_and_its_figures(home: Path, tmp_path: Path, capsys) -> None:
    """优抚金 and 生活费 paid by transfer: matched by 身份证号 or id, all or nothing, counted in the summary."""
    assert _doorstep(capsys, "--home", str(home), "registry", "import", str(_sheet(tmp_path, "r.csv", GOOD)))[0] == 0
    zhao = _entries(home, capsys)["赵德明"]["id"]
    before = store_bytes(home)
    bad = _sheet(tmp_path, "bad.csv", ["370123194803050012,,优抚金,abc,2026-03-01",
                                       "370123194803050013,,优抚金,100,2026-03-01",
                                       f",{zhao},奖金,100,2026-03-01"], header="身份证号,编号,项目,金额,发放日期")
    code, _, err = _doorstep(capsys, "--home", str(home), "--lang", "zh", "payments", "import", str(bad))
    assert code == 1 and store_bytes(home) == before
    assert err.splitlines()[1:] == [
        "第 2 行，“金额”列：金额“abc”应为大于 0 的数，最多两位小数",
        "第 3 行，“身份证号”列：身份证号“370123194803050013”的校验位不符（输错了？）",
        "第 4 行，“项目”列：项目“奖金”应为 优抚金 或 生活费",
    ]
    good = _sheet(tmp_path, "paid.csv", ["370123194803050012,,优抚金,\"12,000.00\",2026-03-01",
                                         "370123195208170022,,优抚金,8000,2026-03-01",
                                         f",{zhao},生活费,1500.5,2026年6月1日",
                                         "370123194803050012,,优抚金,100,2025-12-31"],
                  header="身份证号,编号,项目,金额,发放日期")
    code, out, err = _doorstep(capsys, "--home", str(home), "payments", "import", str(good))
    assert code == 0, err
    assert "4 added, 0 changed, 0 unchanged" in out
    code, out, _ = _doorstep(capsys, "--home", str(home), "payments", "import", str(good))
    assert "0 added, 0 changed, 4 unchanged" in out
    code, out, _ = _doorstep(capsys, "--home", str(home), "summary", "--from", "2026-01-01", "--to", "2026-12-31",
                             "--format", "json")
    figures = json.loads(out)["figures"]
    assert figures["payments.total.pension"]["value"] == "20000.00"        # 12,000 + 8,000; 2025 left out
    assert figures["payments.people.pension"]["value"] == 2
    assert figures["payments.total.living_allowance"]["value"] == "1500.50"
    code, out, _ = _doorstep(capsys, "--home", str(home), "--lang", "zh", "summary", "--from", "2026-01-01",
                             "--to", "2026-12-31", "--format", "md")
    assert "通过银行发放优抚金2.00万元（2人）、生活费1,500.50元（1人）。" in out
    code, out, _ = _doorstep(capsys, "--home", str(home), "summary", "--explain", "payments.total.pension")
    assert "王军" in out and "李秀英" in out and "赵德明" not in out
