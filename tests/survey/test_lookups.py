"""pulldata() and instance() lookups on the tables that travel with a form (its CSVs, its choice
lists): imported from the workbook's folder, written into the form file, looked up by equality,
never evaluated; hostile CSVs refused with their file, row and column."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest
from doorstep.cli.main import main
from doorstep.survey.engine import Checklist
from doorstep.survey.expr import ExprError, Lookup, parse
from doorstep.survey.form import FormError, load_form, load_form_text

from tests.survey.xlsform_build import xlsform

TOWNS = "code,name,phone,households\n430101,东湖村,0731-1111,120\n430102,西山村,0731-2222,85\n" \
        "430103,\"南岭村, 上组\",0731-3333,40\n"


def test_a_lookup_parses_into_a_lookup_node():
    node = parse("instance('towns')/root/item[code = ${town} and households = 85]/phone")
    assert isinstance(node, Lookup) and node.instance == "towns" and node.field == "phone"
    assert [c for c, _ in node.conditions] == ["code", "households"]
    assert parse("count(instance('towns')/root/item[${t} = code])").args[0].conditions[0][0] == "code"


@pytest.mark.parametrize("text", [
    "instance('towns')/root/item[code > 3]/phone",     # only equality
    "instance('towns')/root/item[code = name]/phone",  # a column on both sides
    "instance('towns')/root/thing/phone",
    "instance(${x})/root/item/phone",
    "instance('towns')/root/item[code = 1",
])
def test_lookups_that_are_not_equality_on_a_column_are_refused(text):
    with pytest.raises(ExprError):
        parse(text)


def _book(tmp_path, survey, csv_text=TOWNS, csv_name="towns.csv", **sheets):
    (tmp_path / csv_name).write_bytes(csv_text.encode("utf-8") if isinstance(csv_text, str) else csv_text)
    return xlsform(tmp_path / "calls.xlsx", survey, settings=[["form_id", "version"], ["calls", "1"]],
                   **sheets)


SURVEY = [
    ["type", "name", "label", "calculation", "constraint"],
    ["text", "town", "Town code"],
    ["calculate", "phone", "", "pulldata('towns', 'phone', 'code', ${town})"],
    ["calculate", "village", "", "instance('towns')/root/item[code = ${town}]/name"],
    ["integer", "seen", "Households seen", "", ". <= pulldata('towns', 'households', 'code', ${town})"],
    ["calculate", "big", "", "count(instance('towns')/root/item[households = 120])"],
    ["note", "show", "Call ${phone} (${village})"],
]


def test_pulldata_and_instance_from_a_csv_beside_the_workbook(tmp_path, capsys):
    book = _book(tmp_path, SURVEY)
    assert main(["--lang", "en", "forms", "import", str(book), "--out", str(tmp_path / "c.toml")]) == 0
    err = capsys.readouterr().err
    assert "the 3 rows of towns.csv are written into the form for pulldata()" in err
    data = tomllib.loads((tmp_path / "c.toml").read_text(encoding="utf-8"))
    assert data["instances"]["towns"][2] == {"code": "430103", "name": "南岭村, 上组", "phone": "0731-3333",
                                             "households": "40"}
    (tmp_path / "towns.csv").unlink()  # it travels inside the form file from now on
    form = load_form(tmp_path / "c.toml")
    cl = Checklist(form, lang="en", today=date(2026, 8, 1))
    assert cl.calculated()[("phone",)] == ""  # no town yet: nothing found
    cl.set(("town",), "４３０１０２")
    calc = cl.calculated()
    assert calc[("phone",)] == "0731-2222" and calc[("village",)] == "西山村" and calc[("big",)] == "1"
    assert cl.item(("show",)).label == "Call 0731-2222 (西山村)"
    assert cl.set(("seen",), "86") != [] and cl.set(("seen",), "85") == []
    cl.set(("town",), "999")
    assert cl.calculated()[("phone",)] == ""


def test_instance_on_a_choice_list_reads_its_label_in_the_form_language(tmp_path, capsys):
    book = xlsform(tmp_path / "c.xlsx", [
        ["type", "name", "label::English (en)", "label::Chinese (zh)", "calculation"],
        ["select_one crops", "crop", "Crop", "作物"],
        ["calculate", "crop_label", "", "", "instance('crops')/root/item[name = ${crop}]/label"],
        ["calculate", "price", "", "", "pulldata('crops', 'price', 'name', ${crop})"],
    ], [["list_name", "name", "label::English (en)", "label::Chinese (zh)", "price"],
        ["crops", "rice", "Rice", "水稻", "3.1"], ["crops", "tea", "Tea", "茶叶", "40"]],
        [["form_id", "version"], ["crops", "1"]])
    assert main(["forms", "import", str(book), "--out", str(tmp_path / "c.toml")]) == 0
    capsys.readouterr()
    form = load_form(tmp_path / "c.toml")
    cl = Checklist(form, lang="zh")
    cl.set(("crop",), "tea")
    assert cl.calculated()[("crop_label",)] == "茶叶" and cl.calculated()[("price",)] == "40"


def test_a_csv_external_row_makes_a_table(tmp_path, capsys):
    book = _book(tmp_path, [["type", "name", "label", "calculation"], ["csv-external", "towns"],
                            ["text", "town", "Town"],
                            ["calculate", "n", "", "count(instance('towns')/root/item)"]])
    assert main(["forms", "import", str(book), "--out", str(tmp_path / "c.toml")]) == 0
    capsys.readouterr()
    assert Checklist(load_form(tmp_path / "c.toml")).calculated()[("n",)] == "3"


@pytest.mark.parametrize(("csv_text", "said"), [
    ("code,code\n1,2\n", "column 2 of the data file towns.csv cannot be named 'code'"),
    ("code,ph one\n1,2\n", "cannot be named 'ph one'"),
    ("code,phone\n1,\x1b[31mred\n", "the data file towns.csv, row 2, column 2: a control character"),
    ("code,phone\n1,2,3\n", "row 2, column 3"),
    ("code,phone\n", "the data file towns.csv has no rows"),
    (b"\xff\xfe\x00c\x00o", "neither UTF-8 nor GB18030"),
    ("code,phone\n\"1,2\n", "not valid CSV"),
    ("code,phone\n" + "1,2\n" * 20_001, "is too big"),
])
def test_hostile_csvs_are_refused_with_file_row_and_column(tmp_path, capsys, csv_text, said):
    book = _book(tmp_path, SURVEY, csv_text)
    assert main(["--lang", "en", "forms", "import", str(book), "--out", str(tmp_path / "c.toml")]) == 1
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err
    assert "sheet survey, row 3, column calculation" in err
    assert not (tmp_path / "c.toml").exists()


def test_a_lookup_never_leaves_the_workbooks_folder(tmp_path, capsys):
    (tmp_path / "secret.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    folder = tmp_path / "forms"
    folder.mkdir()
    book = xlsform(folder / "x.xlsx", [["type", "name", "label", "calculation"], ["text", "a", "A"],
                                       ["calculate", "b", "", "pulldata('../secret', 'b', 'a', ${a})"]])
    assert main(["--lang", "en", "forms", "import", str(book)]) == 1
    assert "'../secret' cannot name a table" in capsys.readouterr().err


def test_a_form_file_names_its_lookups_problems():
    base = """
[form]
id = "t"
title = "T"
version = "1"

[[survey]]
type = "text"
name = "a"
label = "A"

[[survey]]
type = "calculate"
name = "b"
calculation = "{calc}"

[instances]
towns = [{{ code = "1", phone = "2" }}]
"""
    with pytest.raises(FormError) as caught:
        load_form_text(base.format(calc="pulldata('towns', 'fax', 'code', ${a})"), "t.toml")
    assert "the table 'towns' has no column 'fax'" in caught.value.problems[0].render("en")
    with pytest.raises(FormError) as caught:
        load_form_text(base.format(calc="instance('villages')/root/item[code = ${a}]/phone"), "t.toml")
    assert "the form has no table named 'villages'" in caught.value.problems[0].render("en")
    with pytest.raises(FormError) as caught:
        load_form_text(base.format(calc="pulldata(${a}, 'phone', 'code', ${a})"), "t.toml")
    assert "quoted names" in caught.value.problems[0].render("en")
    bad = base.format(calc="1").replace('towns = [{ code = "1", phone = "2" }]', 'towns = [{ code = 1 }]')
    with pytest.raises(FormError) as caught:
        load_form_text(bad, "t.toml")
    assert "column 'code'" in caught.value.problems[0].render("en")
    assert load_form_text(base.format(calc="pulldata('towns', 'phone', 'code', ${a})"), "t.toml")
