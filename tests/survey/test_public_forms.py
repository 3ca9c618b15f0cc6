"""Public XLSForms (pyxform's own examples, tests/survey/public_forms/README.md says whence and
under which licence) imported through `doorstep forms import` and walked through the engine."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from doorstep.cli.main import main
from doorstep.survey.engine import Checklist
from doorstep.survey.form import load_form
from pyxform.xls2json_backends import md_to_dict

FORMS = Path(__file__).parent / "public_forms"


def workbook(md: Path, folder: Path) -> Path:
    """The Markdown form as the .xlsx its author would have saved: the sheets and their columns in
    order, as pyxform's own Markdown reader gives them."""
    sheets = md_to_dict(md.read_text(encoding="utf-8"))
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name in sheets["sheet_names"]:
        sheet = book.create_sheet(name)
        key = name.lower()  # pyxform keys the sheets by their names in lower case
        headers = list((sheets.get(f"{key}_header") or [{}])[0])
        sheet.append(headers)
        for row in sheets.get(key, []):
            sheet.append([row.get(h) for h in headers])
    path = folder / f"{md.stem}.xlsx"
    book.save(path)
    return path


def imported(md_name: str, tmp_path: Path, capsys) -> Checklist:  # noqa: ANN001
    book = workbook(FORMS / md_name, tmp_path)
    out = tmp_path / "form.toml"
    assert main(["--lang", "en", "forms", "import", str(book), "--out", str(out)]) == 0, \
        capsys.readouterr().err
    capsys.readouterr()
    assert main(["forms", "check", str(out)]) == 0
    capsys.readouterr()
    return Checklist(load_form(out), lang="en", today=date(2026, 8, 1))


def test_group_with_a_phone_number(tmp_path, capsys):
    cl = imported("group.md", tmp_path, capsys)
    assert [i.slot for i in cl.items()] == [("family_name",), ("phone_number",), ("age",)]
    assert cl.item(("phone_number",)).group == ("Father",)
    cl.set(("family_name",), "Wang")
    assert cl.item(("phone_number",)).hint == "Enter numbers only."  # pyxform's phone number type
    assert cl.set(("phone_number",), "call me") != []
    assert cl.set(("phone_number",), "０７３１８８８８１２３") == []
    assert cl.answers["phone_number"] == "07318888123"
    assert cl.set(("age",), "６８") == [] and cl.answers["age"] == "68"


def test_select_one_or_specify_other(tmp_path, capsys):
    cl = imported("specify_other.md", tmp_path, capsys)
    assert [o.name for o in cl.item(("sex",)).choices] == ["male", "female", "other"]
    assert [i.slot for i in cl.items()] == [("sex",)]
    cl.set(("sex",), "other")
    assert [i.slot for i in cl.items()] == [("sex",), ("sex_other",)]
    cl.set(("sex_other",), "prefer not to say")
    assert cl.can_finalize()


def test_yes_or_no_written_the_old_way(tmp_path, capsys):
    cl = imported("yes_or_no_question.md", tmp_path, capsys)
    item = cl.item(("good_day",))
    assert item.label == "have you had a good day today?" and [o.label for o in item.choices] == ["yes", "no"]
    assert cl.set(("good_day",), "maybe") != [] and cl.set(("good_day",), "yes") == []


def test_text_and_integer_with_an_empty_choices_sheet(tmp_path, capsys):
    cl = imported("text_and_integer.md", tmp_path, capsys)
    assert cl.set(("your_age",), "forty") != [] and cl.set(("your_age",), "40") == []
    cl.set(("your_name",), "李秀梅")
    assert cl.answers == {"your_name": "李秀梅", "your_age": "40"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_upper_case_headers_and_an_osm_question_are_refused_with_the_reason(tmp_path, capsys, lang):
    book = workbook(FORMS / "case_insensitivity.md", tmp_path)
    assert main(["--lang", lang, "forms", "import", str(book)]) == 1
    err = capsys.readouterr().err
    assert "sheet survey, row 4, column type" in err or "工作表 survey 第 4 行，列 type" in err
    assert "osm" in err and "Traceback" not in err
    assert "YES_NO" not in err  # the external list keeps its own columns, as written
    assert "1 problems found" in err or "发现 1 个问题" in err
    assert not (tmp_path / "case_insensitivity.toml").exists()
