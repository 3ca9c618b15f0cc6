"""`doorstep forms import` on an old-format .xls workbook (Excel 97-2003, what many offices'
WPS still saves): read through pyxform's xlrd reader, converted, loaded and walked."""

from __future__ import annotations

import tomllib
from datetime import date

from doorstep.cli.main import main
from doorstep.survey.engine import Checklist
from doorstep.survey.form import load_form

from tests.survey.xlsform_build import xls


def test_an_xls_workbook_imports_and_runs(tmp_path, capsys):
    book = xls(tmp_path / "慰问登记.xls", [
        ["type", "name", "label::English (en)", "label::Chinese (zh)", "constraint", "relevant",
         "calculation"],
        ["select_one yn", "home", "Anyone at home?", "家中有人吗？"],
        ["integer", "people", "People at home", "在家人数", ". > 0 and . < 20", "${home} = 'yes'"],
        ["decimal", "gift", "Gift (yuan)", "慰问金（元）", ". <= 2000"],
        ["calculate", "per_head", "", "", "", "", "${gift} div ${people}"],
        ["time", "left", "Left at", "离开时间"],
    ], [["list_name", "name", "label::English (en)", "label::Chinese (zh)"],
        ["yn", "yes", "Yes", "是"], ["yn", "no", "No", "否"]],
        [["form_title", "form_id", "version"], ["春节慰问", "spring_visit", 2026]])
    out = tmp_path / "spring.toml"
    assert main(["--lang", "en", "forms", "import", str(book), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "imported 慰问登记.xls" in captured.out and "form spring_visit, version 2026" in captured.out
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    assert data["form"]["version"] == "2026"  # a number cell, not "2026.0"
    assert main(["forms", "check", str(out)]) == 0
    capsys.readouterr()

    cl = Checklist(load_form(out), lang="zh", today=date(2026, 2, 1))
    assert [i.slot for i in cl.items()] == [("home",), ("gift",), ("left",)]
    assert cl.item(("home",)).label == "家中有人吗？"
    cl.set(("home",), "yes")
    assert cl.set(("people",), "０") != []  # the constraint from the .xls cell
    cl.set(("people",), "4")
    cl.set(("gift",), "１０００")
    assert cl.calculated()[("per_head",)] == "250"
    assert cl.set(("left",), "下午3点") == [] and cl.answers["left"] == "15:00:00"
    assert cl.can_finalize()


def test_a_broken_xls_is_refused_with_its_reason(tmp_path, capsys):
    book = tmp_path / "broken.xls"
    good = xls(tmp_path / "good.xls", [["type", "name", "label"], ["text", "a", "A"]])
    book.write_bytes(good.read_bytes()[:1500])  # cut short, as a half-copied attachment is
    assert main(["--lang", "en", "forms", "import", str(book)]) == 1
    err = capsys.readouterr().err
    assert "broken.xls" in err and "Traceback" not in err
