"""Hostile and odd workbooks through `doorstep forms import`: each is imported or refused with
exit 1 and a message that says what and where; none gives a traceback or writes a half form."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from doorstep.cli.main import main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.survey.xlsform_build import xlsform


def _run(capsys, path, lang="en"):
    code = main(["--lang", lang, "forms", "import", str(path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    assert "\x1b" not in err and "\x1b" not in out
    return code, out, err


def _odd_workbooks(tmp_path):
    yield "not a zip", lambda p: p.write_bytes(b"type,name,label\ntext,a,A\n"), "not a valid .xlsx"
    yield "empty file", lambda p: p.write_bytes(b""), "not a valid .xlsx"
    yield "truncated zip", lambda p: p.write_bytes(_real_xlsx()[:300]), "not a valid .xlsx"
    yield "a zip without a workbook", lambda p: p.write_bytes(_zip({"hello.txt": b"hi"})), \
        "cannot read the workbook"
    yield "a zip bomb", lambda p: p.write_bytes(_bomb()), "too big"
    yield "no survey sheet", lambda p: _sheets(p, {"choices": [["list_name", "name"]], "other": [["a"]]}), \
        "there is no survey sheet"
    yield "numbers as headers", lambda p: _sheets(p, {"survey": [[1, 2, 3], ["text", "a", "A"]]}), \
        "cannot read the workbook"
    yield "duplicate headers", lambda p: _sheets(p, {"survey": [["type", "name", "name"],
                                                                ["text", "a", "b"]]}), \
        "Duplicate column header"
    yield "escaped control characters", lambda p: xlsform(p, [["type", "name", "label"],
                                                             ["te_x001B_xt", "a", "A"]]), \
        "unknown question type 'te_x001B_xt'"
    yield "only headers", lambda p: xlsform(p, [["type", "name", "label"]]), "[survey] is missing"
    yield "unclosed group", lambda p: xlsform(p, [["type", "name", "label"], ["begin group", "g", "G"]]), \
        "row 2, column type"
    yield "repeats five deep", lambda p: xlsform(p, [["type", "name", "label"],
                                                    *[["begin repeat", f"r{i}", "R"] for i in range(5)],
                                                    ["text", "x", "X"], *[["end repeat"]] * 5]), \
        "row 6, column type: repeats nest at most 4 deep"
    yield "deep expression", lambda p: xlsform(p, [["type", "name", "label", "relevant"],
                                                  ["text", "a", "A", "(" * 500 + "1" + ")" * 500]]), \
        "nested too deeply"
    yield "thousands of groups", lambda p: xlsform(p, [["type", "name", "label"],
                                                      *[["begin group", f"g{i}", "G"] for i in range(3000)],
                                                      ["text", "a", "A"], *[["end group"]] * 3000]), None
    yield "a huge label", lambda p: xlsform(p, [["type", "name", "label"], ["text", "a", "x" * 30000]]), None
    yield "formula cells", lambda p: xlsform(p, [["type", "name", "label"], ["text", "a", "=1+1"]]), \
        "label is missing"
    yield "chinese names", lambda p: xlsform(p, [["type", "name", "label", "relevant"],
                                                ["text", "姓名", "姓名"],
                                                ["integer", "年龄", "年龄", "${姓名} != ''"]]), None
    yield "select without list", lambda p: xlsform(p, [["type", "name", "label"],
                                                      ["select_one", "a", "A"]]), \
        "select_one LIST_NAME"
    yield "a backtracking pattern", lambda p: xlsform(p, [["type", "name", "label", "constraint"],
                                                         ["text", "a", "A", "regex(., '(?=a)a')"]]), \
        "look-ahead"


def _real_xlsx() -> bytes:
    buf = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active.append(["type", "name", "label"])
    wb.save(buf)
    return buf.getvalue()


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def _bomb() -> bytes:
    return _zip({"[Content_Types].xml": b"<x/>", "xl/worksheets/sheet1.xml": b"\0" * (300 << 20)})


def _sheets(path, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)


@pytest.mark.parametrize("case", range(19))
def test_odd_workbooks_are_imported_or_refused_with_a_reason(tmp_path, capsys, case):
    name, make, expected = list(_odd_workbooks(tmp_path))[case]
    path = tmp_path / "odd.xlsx"
    make(path)
    code, out, err = _run(capsys, path)
    if expected is None:
        assert code == 0, (name, err)
        assert main(["forms", "check", str(tmp_path / "odd.toml")]) == 0, name
    else:
        assert code == 1, name
        assert expected in err, (name, err)
        assert not (tmp_path / "odd.toml").exists(), name
    capsys.readouterr()


def test_text_from_a_workbook_reaches_the_terminal_as_data():
    from doorstep.survey.xlsform import ImportProblem

    problem = ImportProblem("f\x1b[2J.xlsx", "survey", 3, "type", "xlsform_unknown_type",
                            {"value": "te\x1b]0;owned\x07xt\u202e"})
    text = problem.render("en")
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "te\\x1b]0;owned\\x07xt\\u202e" in text


def test_a_file_that_is_not_a_workbook_by_name(tmp_path, capsys):
    path = tmp_path / "form.csv"
    path.write_text("type,name\n", encoding="utf-8")
    code, _, err = _run(capsys, path, lang="zh")
    assert code == 1 and "不是 XLSForm 工作簿" in err
    code, _, err = _run(capsys, tmp_path / "missing.xlsx")
    assert code == 1 and "missing.xlsx" in err


def test_an_xls_that_is_really_something_else(tmp_path, capsys):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)
    code, _, err = _run(capsys, path)
    assert code == 1 and "cannot read the workbook" in err


# Control characters cannot be stored in an .xlsx cell at all (openpyxl refuses to write them).
_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12)
_cell = st.one_of(st.none(), st.integers(-10, 10), _text,
                  st.sampled_from(["text", "integer", "select_one yn", "begin group", "end group",
                                   "begin repeat", "end repeat", "calculate", "note", "geopoint", "image",
                                   "range", "${a}", ". > 1", "yes", "a", "b", "label::English (en)",
                                   "relevant", "constraint", "calculation", "regex(., '(a+)+$')"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(_cell, min_size=1, max_size=6), min_size=1, max_size=8),
       st.lists(st.lists(_cell, min_size=1, max_size=4), max_size=4))
def test_random_workbooks_never_crash(tmp_path, capsys, survey, choices):
    path = tmp_path / "fuzz.xlsx"
    header = [["type", "name", "label", "relevant", "constraint", "calculation"]]
    xlsform(path, header + survey, [["list_name", "name", "label"], *choices])
    code, _, err = _run(capsys, path)
    assert code in (0, 1)
    if code == 1:
        assert "problems found" in err
