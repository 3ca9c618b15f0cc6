"""Hostile form files through `doorstep forms import`, mutated from a good XLSForm and its CSVs.

Every run ends in exit 0 with a form file that loads and holds no control character, or exit 1 with
each problem's file, sheet, row and column in the chosen language and nothing written beside the
workbook. Never a traceback, never a control character on the terminal.
"""

from __future__ import annotations

import csv
import io
import os
import tomllib
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from tests.cli.cli_helpers import Done, doorstep, snapshot
from tests.storage.test_register_sheets_fuzzed import HOSTILE, _claim_size, _rezip, _terminal_safe
from tests.survey.xlsform_build import YES_NO, xls, xlsform

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])
SURVEY = [
    ["type", "name", "label::English (en)", "label::Chinese (zh)", "constraint", "relevant", "calculation",
     "choice_filter", "parameters"],
    ["select_one yn", "home", "Anyone at home?", "家中有人吗？"],
    ["integer", "people", "People at home", "在家人数", ". > 0 and . < 20", "${home} = 'yes'"],
    ["select_one_from_file villages.csv", "village", "Village", "村", "", "", "", "town = 'hekou'"],
    ["calculate", "town_name", "", "", "", "", "pulldata('towns', 'label', 'name', 'hekou')"],
    ["text", "remark", "Remark", "备注"],
    ["range", "heat", "How hot", "多热", "", "", "", "", "start=0 end=10 step=2"],
]
SETTINGS = [["form_title", "form_id", "version"], ["春节慰问", "spring_visit", "2026"]]
VILLAGES = [["name", "label", "town"], ["donghu", "东湖村", "hekou"], ["xishan", "西山村", "hekou"]]
TOWNS = [["name", "label"], ["hekou", "河口镇"]]
SHEETS = {"survey": SURVEY, "choices": YES_NO, "settings": SETTINGS}


def _storable(value: object) -> bool:
    return not isinstance(value, str) or not ILLEGAL_CHARACTERS_RE.search(value) and \
        not any("\ud800" <= ch <= "\udfff" for ch in value)


_CELL = st.one_of(
    st.sampled_from([h for h in HOSTILE if _storable(h)]),
    st.sampled_from(["text", "integer", "select_one yn", "select_one nope", "begin group", "end repeat",
                     "${people}", ". > 1", "yes", "label::English (en)", "relevant", "calculation",
                     "regex(., '(a+)+$')", "pulldata('../etc', 'a', 'b', 1)", "instance('towns')/root/item",
                     "select_one_from_file ../villages.csv", "hekou", "yn", "list_name", "name", "range",
                     "start=0 end=inf", "start=1e400 step=nan", "randomize=true seed=x"]),
    st.text(max_size=15).filter(_storable), st.none(), st.booleans(), st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False), st.dates(min_value=date(1900, 3, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1)))
_CSV_CELL = st.one_of(st.sampled_from(HOSTILE[:18] + ["donghu", "hekou", "name", "label"]),
                      st.text(max_size=15))
_ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"]


def _csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding, "surrogatepass" if encoding.startswith("utf-8") else "replace")


def _folder(tmp_path: Path, sheets: dict[str, list[list[Any]]], villages: bytes | None = None,
            towns: bytes | None = None) -> Path:
    """A fresh folder holding the workbook and its two CSVs; the workbook's path."""
    folder = tmp_path / "form"
    if folder.exists():
        for child in folder.iterdir():
            child.unlink()
    folder.mkdir(exist_ok=True)
    (folder / "villages.csv").write_bytes(_csv_bytes(VILLAGES) if villages is None else villages)
    (folder / "towns.csv").write_bytes(_csv_bytes(TOWNS) if towns is None else towns)
    return xlsform(folder / "慰问.xlsx", sheets["survey"], sheets["choices"], sheets["settings"])


def _control_free(value: object) -> bool:
    if isinstance(value, dict):
        return all(_control_free(k) and _control_free(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_control_free(v) for v in value)
    return not isinstance(value, str) or not any(
        ch not in "\t\n\r" and unicodedata.category(ch) == "Cc" for ch in value)


def _import(book: Path, lang: str) -> Done:
    folder = book.parent
    before = snapshot(folder)
    done = doorstep("forms", "import", book, lang=lang)
    if currently_in_test_context():
        event("imported" if done.code == 0 else "refused")
    shown = done.out + done.err
    assert "Traceback" not in shown
    assert _terminal_safe(shown), ascii(shown[:500])
    assert done.code in (0, 1), done.err
    out = book.with_suffix(".toml")
    if done.code == 1:
        assert snapshot(folder) == before, "a refused form wrote something"
        problems = [line for line in done.err.splitlines() if not line.startswith(("note: ", "注意："))]
        *found, last = problems
        assert last.startswith(f"{book.name}：发现" if lang == "zh" else f"{book.name}: "), last
        assert found, done.err
        sheet = "工作表" if lang == "zh" else "sheet "
        for line in found:   # each problem says the file, the sheet and the column
            assert line.startswith(book.name) and sheet in line, line
        return done
    assert set(snapshot(folder)) == set(before) | {out.name}
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    assert _control_free(data), out.read_text(encoding="utf-8")
    check = doorstep("forms", "check", out, lang=lang)
    assert check.code == 0 and _terminal_safe(check.out + check.err), check.err
    return done


def test_the_good_form_imports(tmp_path: Path) -> None:
    """The starting point of every mutation below is itself a form that imports."""
    done = _import(_folder(tmp_path, SHEETS), "en")
    assert done.code == 0 and "form spring_visit, version 2026" in done.out, done.err


@st.composite
def _changed_sheets(draw) -> dict[str, list[list[Any]]]:
    sheets = {name: [list(r) for r in rows] for name, rows in SHEETS.items()}
    for _ in range(draw(st.integers(1, 3))):
        rows = sheets[draw(st.sampled_from(["survey", "survey", "choices", "settings"]))]
        row = draw(st.sampled_from(range(len(rows))))
        column = draw(st.sampled_from(range(len(rows[0]) + 1)))
        while len(rows[row]) <= column:
            rows[row].append(None)
        rows[row][column] = draw(_CELL)
    return sheets


@FUZZ
@given(sheets=_changed_sheets(), lang=st.sampled_from(["zh", "en"]))
@example(sheets={**SHEETS, "survey": [*SURVEY[:-1], ["range", "heat", "How hot", "多热", "", "", "", "",
                                                    "start=0 end=inf"]]}, lang="en")   # int(inf)
def test_hostile_cells_in_a_workbook(tmp_path: Path, sheets: dict[str, list[list[Any]]], lang: str) -> None:
    _import(_folder(tmp_path, sheets), lang)


def _workbook_bytes() -> bytes:
    buffer = io.BytesIO()
    xlsform(buffer, SURVEY, YES_NO, SETTINGS)
    return buffer.getvalue()


GOOD_WORKBOOK = _workbook_bytes()   # once: openpyxl stamps the time into every workbook it saves


@st.composite
def _damaged_workbook(draw) -> bytes:
    raw = GOOD_WORKBOOK
    sheet = "xl/worksheets/sheet1.xml"
    edit = draw(st.sampled_from(["none", "dimension", "char ref", "cut", "flip", "truncate", "huge claim"]))
    if edit == "dimension":
        raw = _rezip(raw, lambda n, d: d.replace(b'<dimension ref="', b'<dimension ref="A1:XFD1048576" x="')
                     if n == sheet else d)
    elif edit == "char ref":
        raw = _rezip(raw, lambda n, d: d.replace(b"<t>", b"<t>&#27;", 1) if n == sheet else d)
    elif edit == "cut":
        raw = _rezip(raw, lambda n, d: d[: len(d) // 2] if n == sheet else d)
    elif edit == "flip":
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(raw) - 1))
            raw = raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1:]
    elif edit == "truncate":
        raw = raw[:draw(st.integers(0, len(raw)))]
    elif edit == "huge claim":
        raw = _claim_size(raw, sheet, 0xFFFFFFF0)
    return raw


@FUZZ
@given(raw=_damaged_workbook(), lang=st.sampled_from(["zh", "en"]))
def test_a_damaged_workbook(tmp_path: Path, raw: bytes, lang: str) -> None:
    book = _folder(tmp_path, SHEETS)
    book.write_bytes(raw)
    _import(book, lang)


@st.composite
def _hostile_csv(draw, rows: list[list[str]]) -> bytes:
    rows = [list(r) for r in rows]
    for _ in range(draw(st.integers(0, 3))):
        row = draw(st.sampled_from(range(len(rows))))
        column = draw(st.sampled_from(range(len(rows[0]) + 1)))
        while len(rows[row]) <= column:
            rows[row].append("")
        rows[row][column] = draw(_CSV_CELL)
    raw = _csv_bytes(rows, draw(st.sampled_from(_ENCODINGS)))
    damage = draw(st.sampled_from(["none", "none", "none", "flip", "truncate", "unclosed quote"]))
    if damage == "flip" and raw:
        at = draw(st.integers(0, len(raw) - 1))
        raw = raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1:]
    elif damage == "truncate":
        raw = raw[:draw(st.integers(0, len(raw)))]
    elif damage == "unclosed quote":
        raw = raw.replace(b"\r\n", b'\r\n"', 1)
    return raw


_ATTACHMENTS = st.one_of(
    st.tuples(_hostile_csv(VILLAGES), st.just(_csv_bytes(TOWNS))),
    st.tuples(st.just(_csv_bytes(VILLAGES)), _hostile_csv(TOWNS)))


@FUZZ
@given(attachments=_ATTACHMENTS, lang=st.sampled_from(["zh", "en"]))
@example(attachments=(_csv_bytes([*VILLAGES, ["beiling", "北岭村\x1b[2J", "hekou"]]), _csv_bytes(TOWNS)),
         lang="en")
@example(attachments=(b'name,label,town\r\ndonghu,"\xe4\xb8\x9c\xe6\xb9\x96\r\nxishan,x,hekou\r\n',
                      _csv_bytes(TOWNS)), lang="zh")
@example(attachments=(_csv_bytes([*VILLAGES, ["donghu", "又一个", "hekou"]]), _csv_bytes(TOWNS)), lang="en")
def test_hostile_csv_attachments(tmp_path: Path, attachments: tuple[bytes, bytes], lang: str) -> None:
    _import(_folder(tmp_path, SHEETS, *attachments), lang)


# -- what the fuzzing found, each once and exactly


def test_a_choices_file_quotes_where_its_problems_are(tmp_path: Path) -> None:
    """A duplicate choice in the CSV was blamed on the choices sheet, without a row; a quote left open
    made one label of the rows after it; a control character went into the form."""
    cases = [
        (_csv_bytes([*VILLAGES, ["donghu", "又一个", "hekou"]]),
         "row 4 of the choices file villages.csv repeats the choice 'donghu' of row 2"),
        (b'name,label,town\r\ndonghu,"East\r\nxishan,West,hekou\r\n',
         "the choices file villages.csv is not valid CSV from row 2 on (a cell's quote is not closed"),
        (_csv_bytes([*VILLAGES, ["beiling", "北岭村\x1b[2J", "hekou"]]),
         "row 4 of the choices file villages.csv has a control character in label"),
    ]
    for villages, expected in cases:
        book = _folder(tmp_path, SHEETS, villages)
        done = _import(book, "en")
        assert done.code == 1 and f"慰问.xlsx: sheet survey, row 4, column type: {expected}" in done.err


def test_a_cell_may_not_carry_a_control_character(tmp_path: Path) -> None:
    """They reached the form's labels: DEL and C1 (\\x9b is a terminal's CSI) from an .xlsx, whose XML
    allows them, and ESC from an old .xls, which holds anything."""
    book = xls(tmp_path / "old.xls", [["type", "name", "label"], ["text", "q", "QQZZ"]])
    book.write_bytes(book.read_bytes().replace(b"QQZZ", b"Q\x1b[2"))
    done = _import(book, "zh")
    assert done.code == 1
    assert "old.xls：工作表 survey 第 2 行，列 label：此格含控制字符（如 ESC）：请删去后再导入" in done.err
    book = xlsform(tmp_path / "new.xlsx", [["type", "name", "label"], ["text", "q", "Q"]],
                   [["list_name", "name", "label"], ["yn", "yes", "\x9b2J"]])
    done = _import(book, "en")
    assert done.code == 1
    assert "new.xlsx: sheet choices, row 2, column label: this cell holds a control character" in done.err


def test_a_workbook_named_in_another_encoding(tmp_path: Path) -> None:
    """名册.xlsx named in GBK on a stick, read on Linux: the title and the form file's header once
    crashed the import (lone surrogates cannot be written as UTF-8)."""
    book = Path(os.fsdecode(os.fsencode(tmp_path) + b"/\xc3\xfb\xb2\xe1.xlsx"))
    xlsform(book, [["type", "name", "label"], ["text", "q", "Q"]])
    done = _import(book, "en")
    assert done.code == 0, done.err
    form = tomllib.loads(book.with_suffix(".toml").read_text(encoding="utf-8"))["form"]
    assert form["title"] == "\ufffd" * 4
    check = doorstep("forms", "check", book, lang="en")
    assert check.code == 0 and "\\udcc3\\udcfb\\udcb2\\udce1.xlsx" in check.out


@pytest.mark.parametrize("encoding", ["utf-16", "gbk"])
def test_a_choices_file_in_another_encoding(tmp_path: Path, encoding: str) -> None:
    done = _import(_folder(tmp_path, SHEETS, _csv_bytes(VILLAGES, encoding)), "en")
    if encoding == "gbk":   # GBK is GB18030's subset: read as it is
        assert done.code == 0, done.err
    else:
        assert done.code == 1 and "the choices file villages.csv is neither UTF-8 nor GB18030" in done.err
