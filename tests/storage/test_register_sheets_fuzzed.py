"""Hostile register sheets through `doorstep registry import`, mutated from a good one.

Every run ends in exit 0 with the sheet's people on the register, or exit 1 with a message in the
chosen language that names the file (and the row, where there is one) while the home stays byte for
byte as it was. Never a traceback, never a control character on the terminal; and what an accepted
import wrote comes back out of `registry export` with no formula in any cell.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import time
import unicodedata
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from doorstep.storage.home import Home
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from tests.cli.cli_helpers import Done, doorstep, snapshot

from .test_town_register import GOOD, HEADER

BASE_HEADER = HEADER.split(",")
BASE_ROWS = [row.split(",") for row in GOOD]
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])

HOSTILE = [
    "x" * 40_000, "y" * 140_000, "\x1b[2J\x1b]0;owned\x07", "张\x00三", "\x7f\x9b31m",
    "王\u202eevil\u202c", "李\u2028四", "\u200b", '=HYPERLINK("http://x","y")',
    "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "'=1",
    "１３８００００００１２", "３７０１２３１９４８０３０５００１２", "\ud800", "", " ",
    "姓名", "类别", "1e400", "NaN", "99999-99-99", "2026年13月1日",
    "十一级", "፩", "0" * 5000, "残疾军人", "烈属", '"', '"半个',
]
_CSV_VALUE = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=20))


def _storable(text: str) -> bool:
    """What an xlsx cell can hold at all: openpyxl refuses to write control characters."""
    return not ILLEGAL_CHARACTERS_RE.search(text) and not re.search("[\ud800-\udfff]", text)


_XLSX_VALUE = st.one_of(
    st.sampled_from([h for h in HOSTILE if _storable(h)]), st.text(max_size=20).filter(_storable), st.none(),
    st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([13800000000, 1.5, 1e20, -0.0]), st.dates(min_value=date(1, 1, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1)))
# Half the cells changed are ones any text may fill (names, villages, notes, columns no field takes),
# so that many runs are imported and their export checked; the other half any column at all.
_FREE_COLUMNS = [0, 1, 7, 8, 10, 11, 12, 13, 14]
_COLUMN = st.one_of(st.sampled_from(_FREE_COLUMNS), st.sampled_from(range(len(BASE_HEADER) + 2)))
# weighted towards what offices write, so that most runs get as far as an import
ENCODINGS = ["utf-8", "utf-8", "utf-8-sig", "gb18030", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"]
_EXCEPTION_TEXT = ("codec", "invalid literal", "Errno", "line 1, column", "zip file", "list index",
                   "field larger", "not a valid column name", "must be in")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An office whose register already holds the good sheet: a run imports into a copy of it."""
    path = tmp_path_factory.mktemp("register") / "office"
    Home.create(path, "office", name="东风镇退役军人服务站")
    sheet = path.parent / "good.csv"
    sheet.write_text("\n".join([HEADER, *GOOD]) + "\n", encoding="utf-8")
    assert doorstep("registry", "import", sheet, home=path).code == 0
    return path


def _home(template: Path, tmp_path: Path) -> Path:
    home = tmp_path / "office"
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(template, home)
    return home


def _grid(rows: list[list[object]], header: list[object] | None = None) -> list[list[object]]:
    return [list(header or BASE_HEADER), *[list(r) for r in rows]]


def _csv_bytes(grid: list[list[object]], encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(grid)
    errors = "surrogatepass" if encoding.startswith("utf-8") else "replace"
    return out.getvalue().encode(encoding, errors)


def _xlsx_bytes(grid: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in grid:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rezip(data: bytes, edit) -> bytes:
    """The workbook with each member passed through edit(name, bytes)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, edit(info.filename, source.read(info.filename)))
    return out.getvalue()


def _claim_size(data: bytes, member: str, size: int) -> bytes:
    """The zip with `member`'s unpacked size in the central directory replaced by `size`."""
    raw = bytearray(data)
    at = raw.find(b"PK\x01\x02")
    while at >= 0:
        name_length = int.from_bytes(raw[at + 28:at + 30], "little")
        if raw[at + 46:at + 46 + name_length].decode() == member:
            raw[at + 24:at + 28] = size.to_bytes(4, "little")
        at = raw.find(b"PK\x01\x02", at + 4)
    return bytes(raw)


def _terminal_safe(text: str) -> bool:
    return not any(ch not in "\n\t" and (unicodedata.category(ch)[0] == "C" or unicodedata.category(ch)
                                         in ("Zl", "Zp")) for ch in text)


def _formula_free_csv(raw: bytes) -> None:
    for row in csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")):
        for cell in row:
            if cell.startswith(("=", "+", "-", "@", "\t", "\r")):
                assert re.fullmatch(r"[+-]?\d+(\.\d+)?", cell), cell


def _formula_free_xlsx(path: Path) -> None:
    book = openpyxl.load_workbook(path)
    for row in book.active.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value


def _entries(home: Path) -> dict[str, dict]:
    done = doorstep("registry", "export", "--format", "json", home=home)
    assert done.code == 0, done.err
    return {e["id"]: e for e in json.loads(done.out)}


def _import(home: Path, path: Path, lang: str, *options: str) -> Done:
    """One import, checked as a user would judge it; the result for further checks."""
    before, entries_before = snapshot(home), _entries(home)
    done = doorstep("registry", "import", path, *options, home=home, lang=lang)
    event("imported" if done.code == 0 else "refused")
    shown = done.out + done.err
    assert "Traceback" not in shown
    assert _terminal_safe(shown), ascii(shown[:500])
    assert done.code in (0, 1), done.err
    if done.code == 1:
        assert snapshot(home) == before, "a refused import changed the home"
        assert done.err.startswith("错误：" if lang == "zh" else "error: "), done.err
        assert str(path) in done.err.splitlines()[0], done.err
        if lang == "zh":
            assert not any(t in done.err for t in _EXCEPTION_TEXT), done.err
        for line in done.err.splitlines()[1:]:
            if line.startswith(("row ", "第 ")):
                assert re.match(r"(row \d+, |第 \d+ 行)", line), line
        return done
    assert "imported" in done.out or "已导入" in done.out
    _exports_are_data(home, path.parent, lang, entries_before)
    return done


def _exports_are_data(home: Path, folder: Path, lang: str, before: dict[str, dict]) -> None:
    out_csv, out_xlsx = folder / "export.csv", folder / "export.xlsx"
    for fmt, out in (("csv", out_csv), ("xlsx", out_xlsx)):
        done = doorstep("registry", "export", "--format", fmt, "--out", out, home=home, lang=lang)
        assert done.code == 0 and _terminal_safe(done.err), done.err
    _formula_free_csv(out_csv.read_bytes())
    _formula_free_xlsx(out_xlsx)
    changed = [i for i, e in _entries(home).items() if before.get(i) != e]
    for household in changed[:3]:
        done = doorstep("registry", "show", household, home=home, lang=lang)
        assert done.code == 0 and _terminal_safe(done.out), ascii(done.out)


# -- csv

_GOOD_ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "gbk"]


@st.composite
def _changed_grid(draw, value: st.SearchStrategy, blank: object) -> list[list[object]]:
    grid = _grid(BASE_ROWS)
    for _ in range(draw(st.integers(1, 3))):
        row, column = draw(st.sampled_from(range(len(grid)))), draw(_COLUMN)
        while len(grid[row]) <= column:
            grid[row].append(blank)
        grid[row][column] = draw(value)
    return grid


def _damaged(draw, raw: bytes) -> bytes:
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(0, len(raw) - 1)))
        raw = raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1:]
    return raw


_SAME = st.sampled_from([(), ("--same-person",), ("--new-person",)])


@FUZZ
@given(grid=_changed_grid(_CSV_VALUE, ""), encoding=st.sampled_from(_GOOD_ENCODINGS),
       lang=st.sampled_from(["zh", "en"]), same=_SAME)
@example(grid=_grid([["1", "王\u202e军", "", "", "", "伤残军人", "", "东村\x1b[2J", "", "",
                      "=cmd|' /C calc'!A0"]]), encoding="utf-8", lang="en", same=())
@example(grid=_grid([["1", "张三", "", "", "", "残疾军人", "", "东村", "", "", "", "", "y" * 140_000]]),
         encoding="utf-8", lang="zh", same=())
@example(grid=_grid([["1", "张三", "", "", "", "残疾军人", "፩级", "东村"]]), encoding="utf-8", lang="en",
         same=())   # ፩ is a digit to isdigit() and not to int()
def test_hostile_cells_in_a_csv(template: Path, tmp_path: Path, grid: list[list[object]], encoding: str,
                                lang: str, same: tuple[str, ...]) -> None:
    path = tmp_path / "名册.csv"
    path.write_bytes(_csv_bytes(grid, encoding))
    _import(_home(template, tmp_path), path, lang, *same)


@st.composite
def _damaged_csv(draw) -> bytes:
    raw = _csv_bytes(_grid(BASE_ROWS), draw(st.sampled_from(ENCODINGS)))
    damage = draw(st.sampled_from(["none", "flip", "truncate", "unclosed quote"]))
    if damage == "flip":
        raw = _damaged(draw, raw)
    elif damage == "truncate":
        raw = raw[:draw(st.integers(0, len(raw)))]
    elif damage == "unclosed quote":
        at = raw.rfind(b"\n", 0, len(raw) - 1) + 1
        raw = raw[:at] + b'"' + raw[at:]
    return raw


@FUZZ
@given(raw=_damaged_csv(), lang=st.sampled_from(["zh", "en"]))
@example(raw=_csv_bytes(_grid(BASE_ROWS), "utf-16-le"), lang="zh")
@example(raw=b"\xef\xbb\xbf" + _csv_bytes(_grid(BASE_ROWS), "gbk"), lang="zh")
def test_a_damaged_csv(template: Path, tmp_path: Path, raw: bytes, lang: str) -> None:
    path = tmp_path / "名册.csv"
    path.write_bytes(raw)
    _import(_home(template, tmp_path), path, lang)


# -- xlsx

_XML_EDITS = {
    "claims a million rows and every column": lambda d: re.sub(rb'<dimension ref="[^"]*"',
                                                               b'<dimension ref="A1:XFD1048576"', d),
    "claims one cell": lambda d: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', d),
    "a cell far away": lambda d: d.replace(b'</row><row r="3"', b'<c r="XFD2" t="inlineStr"><is><t>far</t>'
                                           b'</is></c></row><row r="3"', 1),
    "a control character by reference": lambda d: d.replace(b"<t>", b"<t>&#27;", 1),
    "a shared string that is not there": lambda d: re.sub(rb't="inlineStr"><is><t>[^<]*</t></is>',
                                                          b't="s"><v>99</v>', d, count=2),
    "a number that is not one": lambda d: re.sub(rb't="inlineStr"><is><t>[^<]*</t></is>', b't="n"><v>abc</v>',
                                                 d, count=2),
    "a cell reference that is not one": lambda d: d.replace(b'r="A2"', b'r="!!"'),
    "cut short": lambda d: d[: len(d) // 2],
}


def _sheet_edited(raw: bytes, edit) -> bytes:
    return _rezip(raw, lambda name, data: edit(data) if name == "xl/worksheets/sheet1.xml" else data)


@FUZZ
@given(grid=_changed_grid(_XLSX_VALUE, None), lang=st.sampled_from(["zh", "en"]), same=_SAME)
def test_hostile_cells_in_an_xlsx(template: Path, tmp_path: Path, grid: list[list[object]], lang: str,
                                  same: tuple[str, ...]) -> None:
    path = tmp_path / "名册.xlsx"
    path.write_bytes(_xlsx_bytes(grid))
    _import(_home(template, tmp_path), path, lang, *same)


GOOD_XLSX = _xlsx_bytes(_grid(BASE_ROWS))   # once: openpyxl stamps the time into every workbook it saves


@st.composite
def _damaged_xlsx(draw) -> bytes:
    raw = GOOD_XLSX
    edit = draw(st.sampled_from(["none", *sorted(_XML_EDITS)]))
    if edit != "none":
        raw = _sheet_edited(raw, _XML_EDITS[edit])
    damage = draw(st.sampled_from(["none", "flip", "truncate", "huge claim"]))
    if damage == "flip":
        raw = _damaged(draw, raw)
    elif damage == "truncate":
        raw = raw[:draw(st.integers(0, len(raw)))]
    elif damage == "huge claim":
        raw = _claim_size(raw, "xl/worksheets/sheet1.xml", 0xFFFFFFF0)
    return raw


@FUZZ
@given(raw=_damaged_xlsx(), lang=st.sampled_from(["zh", "en"]))
@example(raw=_sheet_edited(GOOD_XLSX, _XML_EDITS["a control character by reference"]),
         lang="zh")
@example(raw=b"PK\x03\x04 not a workbook", lang="zh")
def test_a_damaged_xlsx(template: Path, tmp_path: Path, raw: bytes, lang: str) -> None:
    path = tmp_path / "名册.xlsx"
    path.write_bytes(raw)
    _import(_home(template, tmp_path), path, lang)


# -- what the fuzzing found, each once and exactly


def _fresh(tmp_path: Path) -> Path:
    path = tmp_path / "office"
    Home.create(path, "office", name="东风镇退役军人服务站")
    return path


def test_a_stale_dimension_hides_no_row_and_a_false_one_costs_nothing(tmp_path: Path) -> None:
    """openpyxl's read-only mode believes <dimension>: A1:C2 on a sheet of six rows read two."""
    home = _fresh(tmp_path)
    grid = [["姓名", "类别", "村"], *[[f"人{i}", "残疾军人", f"村{i}"] for i in range(5)]]
    stale = _sheet_edited(_xlsx_bytes(grid), _XML_EDITS["claims one cell"])
    (tmp_path / "stale.xlsx").write_bytes(stale)
    done = doorstep("registry", "import", tmp_path / "stale.xlsx", home=home)
    assert done.code == 0 and "5 added" in done.out, done.err
    grid = [["姓名", "类别", "村"], ["李四", "残疾军人", "西村"]]
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    huge = _sheet_edited(_xlsx_bytes(grid), lambda d: _XML_EDITS["claims a million rows and every column"](
        d.replace(b"</sheetData>", far)))
    (tmp_path / "huge.xlsx").write_bytes(huge)
    started = time.monotonic()
    done = doorstep("registry", "import", tmp_path / "huge.xlsx", home=home)
    assert time.monotonic() - started < 10   # it padded a million rows to 16,384 columns: minutes
    assert done.code == 1 and "row 1048576, column '类别': must not be empty" in done.err


def test_an_unclosed_quote_swallows_no_rows(tmp_path: Path) -> None:
    """Once, the rest of the sheet went into the notes of the row with the quote, and '1 added'."""
    home = _fresh(tmp_path)
    before = snapshot(home)
    rows = "".join(f"人{i},残疾军人,村{i},\n" for i in range(5))
    sheet = f"姓名,类别,村,备注\n张三,残疾军人,东村,\"腿脚不便\n{rows}"
    (tmp_path / "r.csv").write_text(sheet, encoding="utf-8")
    done = doorstep("registry", "import", tmp_path / "r.csv", home=home, lang="zh")
    assert done.code == 1 and snapshot(home) == before
    assert f"无法读取 {tmp_path / 'r.csv'}：从第 2 行起不是有效的 CSV（一格的引号没有闭合" in done.err


def test_cells_beyond_the_header_go_to_the_notes(tmp_path: Path) -> None:
    """A csv row longer than its header lost its last cells without a word."""
    home = _fresh(tmp_path)
    (tmp_path / "r.csv").write_text("姓名,类别,村\n张三,残疾军人,东村,腿脚不便\n", encoding="utf-8")
    done = doorstep("registry", "import", tmp_path / "r.csv", home=home)
    assert done.code == 0 and "'D' are not fields of the register" in done.err
    assert [e["notes"] for e in _entries(home).values()] == ["D：腿脚不便"]


def test_a_zip_that_claims_gigabytes_is_refused_unopened(tmp_path: Path) -> None:
    home = _fresh(tmp_path)
    before = snapshot(home)
    raw = _claim_size(_xlsx_bytes([["姓名", "类别"], ["张三", "残疾军人"]]), "xl/worksheets/sheet1.xml",
                      0xFFFFFFF0)
    (tmp_path / "r.xlsx").write_bytes(raw)
    done = doorstep("registry", "import", tmp_path / "r.xlsx", home=home, lang="zh")
    assert done.code == 1 and snapshot(home) == before
    assert f"错误：{tmp_path / 'r.xlsx'} 太大（4096 MB，上限 256 MB）。" in done.err


def test_a_file_name_in_another_encoding_is_shown_not_crashed_on(tmp_path: Path) -> None:
    """名册.csv written by Windows in GBK, read on Linux: its name is not UTF-8 (lone surrogates)."""
    home = _fresh(tmp_path)
    path = Path(os.fsdecode(os.fsencode(tmp_path) + b"/\xc3\xfb\xb2\xe1.csv"))
    path.write_text("姓名,类别\n张三,残疾军人\n", encoding="utf-8")
    done = doorstep("registry", "import", path, home=home)
    assert done.code == 0 and "\\udcc3\\udcfb\\udcb2\\udce1.csv: 1 added" in done.out
