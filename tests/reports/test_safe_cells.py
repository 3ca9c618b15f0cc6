"""csv and xlsx a clerk opens: no formula runs, no control character breaks a file or a terminal.

Through the CLI, on files on disk, read back with csv and openpyxl as Excel would."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from doorstep.cli.main import main
from doorstep.storage.sheets import Formatted, SheetData, csv_bytes, undo_guard, xlsx_bytes
from handmade import build_office_home, care, house, visit

HOSTILE = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(A1)", "\tTAB", "\r=x"]


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--lang", "zh", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def hostile_home(tmp_path: Path) -> Path:
    path = tmp_path / "office"
    records = [
        {**visit("w1", "H1", "home_care", "2026-03-01", care("cleaning", "30", "yes", HOSTILE[0])),
         "volunteer": "小\x1b[31m刘\x07"},
        visit("w2", "H2", "house_inspection", "2026-03-02", house("C", "repair", "1000", "800")),
    ]
    build_office_home(path, records)
    return path


@pytest.mark.parametrize("text", HOSTILE)
def test_a_formula_like_cell_is_neutralised_in_csv_and_read_back_unchanged(text: str) -> None:
    raw = csv_bytes([["a"], [text]])
    assert raw.startswith(b"\xef\xbb\xbf")
    cell = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))[1][0]
    assert cell == "'" + text
    assert undo_guard(cell) == text


def test_numbers_and_plain_text_are_left_alone() -> None:
    rows = list(csv.reader(io.StringIO(csv_bytes([["-12.5", "+3", "王军", "a=b"]]).decode("utf-8-sig"))))
    assert rows == [["-12.5", "+3", "王军", "a=b"]]


def test_xlsx_cells_are_text_typed_dated_and_formatted(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(xlsx_bytes([SheetData("表", [["姓名", "日期", "时间", "金额", "比例"]], [
        ["=1+2\x00\x1b", date(2026, 3, 1), datetime(2026, 3, 1, 8, 58), Decimal("12.5"),
         Formatted(Decimal("0.75"), "0.0%")]])]))
    sheet = openpyxl.load_workbook(path)["表"]
    name, day, moment, money, share = sheet[2]
    assert name.value == "=1+2\ufffd\ufffd" and name.data_type == "s"
    assert day.is_date and day.value == datetime(2026, 3, 1) and day.number_format == "yyyy-mm-dd"
    assert moment.value == datetime(2026, 3, 1, 8, 58) and moment.number_format == "yyyy-mm-dd hh:mm"
    assert money.value == 12.5 and money.number_format == "#,##0.00"
    assert share.number_format == "0.0%"
    assert sheet.freeze_panes == "A2" and [c.font.bold for c in sheet[1]] == [True] * 5
    assert sheet.column_dimensions["A"].width == 8     # "=1+2??" (6 wide) fitted, with a margin of 2
    assert sheet.column_dimensions["D"].width == 7     # "12.50"


def test_the_visits_export_with_a_control_character_in_a_name(hostile_home: Path, tmp_path: Path,
                                                               capsys) -> None:
    out = tmp_path / "visits.xlsx"
    code, _, err = _cli(capsys, "--home", str(hostile_home), "visits", "export", "--format", "xlsx",
                        "--out", str(out))
    assert code == 0, err
    book = openpyxl.load_workbook(out)
    care_sheet = book["home_care"]
    header, names, row = (list(r) for r in care_sheet.iter_rows(max_row=3))
    assert header[0].value == "走访编号" and names[0].value == "uuid"
    record = {n.value: c for n, c in zip(names, row, strict=True)}
    assert record["volunteer"].value == "小\ufffd[31m刘\ufffd"
    assert record["followup_note"].value == HOSTILE[0] and record["followup_note"].data_type == "s"
    assert record["ended"].is_date and record["ended"].value == datetime(2026, 3, 1, 10, 40)
    assert record["services"].value == "清扫卫生"
    names_row, data_row = (list(r) for r in book["house_inspection"].iter_rows(min_row=2, max_row=3))
    houses = {n.value: c for n, c in zip(names_row, data_row, strict=True)}
    assert houses["estimated_cost"].value == 1000 and houses["estimated_cost"].number_format == "#,##0.00"
    assert houses["action"].value == "修缮"                                # a choice as its label
    csv_out = tmp_path / "visits.csv"
    code, _, err = _cli(capsys, "--home", str(hostile_home), "visits", "export", "--form", "home_care",
                        "--out", str(csv_out))
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(csv_out.read_bytes().decode("utf-8-sig"), newline="")))
    record = dict(zip(rows[1], rows[2], strict=True))
    assert record["followup_note"] == "'" + HOSTILE[0]
    assert record["volunteer"] == "小\ufffd[31m刘\ufffd"
    assert record["ended"] == "2026-03-01 10:40:00"


def test_the_summary_files_with_hostile_text(hostile_home: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "summary.xlsx"
    code, _, err = _cli(capsys, "--home", str(hostile_home), "summary", "--format", "xlsx", "--out", str(out))
    assert code == 0, err
    book = openpyxl.load_workbook(out)
    assert all(c.data_type != "f" for ws in book for row in ws.iter_rows() for c in row)
    followups = book["尚未处理的跟进事项"]
    assert [c.value for c in followups[1]][:3] == ["日期", "编号", "姓名"]
    assert HOSTILE[0] in [c.value for row in followups.iter_rows() for c in row]
    code, out_text, _ = _cli(capsys, "--home", str(hostile_home), "summary", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out_text.lstrip("\ufeff"))))
    assert rows[0] == ["名称", "数值", "单位", "依据条数", "指标代码（--explain 用）"]
    units = {r[2] for r in rows[2:]}
    assert units <= {"个数", "元", "分钟", "百分比"}
