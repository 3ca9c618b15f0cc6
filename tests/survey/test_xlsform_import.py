"""`doorstep forms import FILE.xlsx`: XLSForms built as authors build them, imported through the CLI,
then loaded and walked through the engine."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime

from doorstep.cli.main import main
from doorstep.survey import Checklist, load_form

from tests.survey.xlsform_build import YES_NO, xlsform

NOW = datetime(2026, 8, 1, 9, 30, tzinfo=UTC)
HEAT = [
    ["type", "name", "label::English (en)", "label::Chinese (zh)", "relevant", "constraint", "required",
     "constraint_message::English (en)", "calculation", "parameters"],
    ["start", "start"], ["end", "end"], ["today", "today"], ["deviceid", "deviceid"],
    ["username", "username"], ["audit", "audit"],
    ["text", "who", "Who was met?", "见到了谁？", "", "", "yes"],
    ["integer", "age", "Age", "年龄", "", ". >= 0 and . < 120", "yes", "Between 0 and 119"],
    ["select_one yn or_other", "fan", "Has a fan?", "有电扇吗？"],
    ["gps", "where", "Where", "位置"],
    ["geoshape", "yard", "Yard", "院子"],
    ["image", "photo", "Photo of the room", "房间照片", "", "", "yes"],
    ["file", "sig", "Signed paper", "签字文件"],
    ["barcode", "tag", "Tag", "标签"],
    ["range", "heat", "How hot", "多热", "", "", "", "", "", "start=0 end=10 step=2"],
    ["begin group", "later", "Follow-up", "回访", "${age} > 60"],
    ["date", "next.visit", "Next visit", "下次走访", "", ". > today()"],
    ["end group"],
    ["begin repeat", "people", "People", "人员"],
    ["text", "person-name", "Name", "姓名"],
    ["end repeat"],
    ["calculate", "n_people", "", "", "", "", "", "", "count(${people})"],
    ["note", "bye", "Thanks ${who}", "谢谢 ${who}"],
]


def test_a_workbook_imports_loads_and_runs(tmp_path, capsys):
    book = xlsform(tmp_path / "Heat Check.xlsx", HEAT, YES_NO,
                   [["form_title", "form_id"], ["Summer heat check", "HeatCheck-2026"]])
    out = tmp_path / "heat.toml"
    assert main(["--lang", "en", "forms", "import", str(book), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "imported Heat Check.xlsx" in captured.out and "form heatcheck_2026" in captured.out
    err = captured.err
    assert "form id 'HeatCheck-2026' is written 'heatcheck_2026'" in err
    assert "sheet survey, row 13, column type: note: " not in err
    assert "sheet survey, row 13, column type: the image question is a note" in err
    assert "no version in settings" in err
    assert "audit was left out" in err
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    assert data["form"]["id"] == "heatcheck_2026"
    assert main(["forms", "check", str(out)]) == 0
    capsys.readouterr()

    form = load_form(out)
    cl = Checklist(form, lang="en", today=date(2026, 8, 1), now=NOW,
                   meta={"deviceid": "laptop-1", "username": "李秀梅"})
    answers = cl.answers
    assert answers["start"] == "2026-08-01T09:30:00+00:00"
    assert answers["today"] == "2026-08-01"
    assert answers["deviceid"] == "laptop-1" and answers["username"] == "李秀梅"
    assert "audit" not in answers
    shown = [i.slot[0] for i in cl.items()]
    assert "start" not in shown and "photo" in shown and "later" not in shown
    photo = cl.item(("photo",))
    assert photo.type == "note" and "the attachment is made at the office" in photo.label
    assert cl.set(("age",), "150") == ["Between 0 and 119"]
    assert cl.set(("age",), "70") == []
    assert ("next.visit",) in [i.slot for i in cl.items()]  # the group is relevant now
    assert cl.set(("next.visit",), "2026-07-01") != []
    assert cl.set(("where",), "31.2304, 121.4737") == []
    assert cl.answers["where"] == "31.2304 121.4737"
    assert cl.set(("where",), "91 0") != []
    assert cl.set(("yard",), "0 0; 0 1; 1 1") == []
    assert cl.answers["yard"] == "0 0;0 1;1 1;0 0"
    assert cl.set(("heat",), "3") != [] and cl.set(("heat",), "4") == []
    assert ("fan_other",) not in [i.slot for i in cl.items()]
    assert [o.name for o in cl.item(("fan",)).choices] == ["yes", "no", "other"]
    cl.set(("fan",), "other")
    assert ("fan_other",) in [i.slot for i in cl.items()]
    i = cl.add_entry("people")
    cl.set(("people", i, "person-name"), "王")
    assert cl.calculated()[("n_people",)] == "1"
    cl.set(("who",), "王大爷")
    assert cl.item(("bye",)).label == "Thanks 王大爷"
    cl.lang = "zh"
    assert cl.item(("who",)).label == "见到了谁？"


def test_every_problem_is_reported_with_sheet_row_and_column(tmp_path, capsys):
    book = xlsform(tmp_path / "bad.xlsx", [
        ["type", "name", "label", "relevant", "default", "trigger"],
        ["text", "a", "A", "${nope} = 1"],
        ["select_one missing", "b", "B"],
        ["txet", "c", "C"],
        ["integer", "d", "D", "", "${a}"],
        ["select_one_from_file towns.csv", "e", "E"],
        ["text", "a", "again"],
        ["calculate", "f", "", "", "", "${a}"],
        ["end group"],
        ["integer", "g", "G", "${a} +"],
        ["select_multiple yn", "m", "M"],  # so "no no" cannot be told from "no" and "no"
    ], [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "yes", "Yes again"],
        ["yn", "no no", "No"]])
    assert main(["--lang", "en", "forms", "import", str(book)]) == 1
    err = capsys.readouterr().err
    expected = [
        "sheet choices, row 3, column name: choice name 'yes' appears twice in list yn (first on row 2)",
        "sheet choices, row 4, column name: choice name 'no no' of list yn holds a space",
        "sheet survey, row 4, column type: unknown question type 'txet'",
        "sheet survey, row 6, column type: the choices file towns.csv is not there",
        "sheet survey, row 7, column name: the name 'a' is already used on row 2",
        "sheet survey, row 3, column type: choice list missing does not exist",
        "sheet survey, row 9, column type: end group without a begin group",
        "bad.xlsx: 9 problems found, no form written",
    ]
    for line in expected:
        assert line in err, line
    assert not (tmp_path / "bad.toml").exists()
    # Once those are fixed, the loader's own checks speak in rows and columns too.
    book = xlsform(tmp_path / "bad2.xlsx", [
        ["type", "name", "label", "relevant"],
        ["text", "a", "A", "${nope} = 1"],
        ["select_one missing", "b", "B"],
        ["text", "a", "again"],
        ["end group"],
        ["integer", "g", "G", "${a} +"],
    ])
    assert main(["--lang", "zh", "forms", "import", str(book)]) == 1
    err = capsys.readouterr().err
    assert "工作表 survey 第 2 行，列 relevant" in err
    assert main(["--lang", "en", "forms", "import", str(book)]) == 1
    err = capsys.readouterr().err
    for line in [
        "sheet survey, row 2, column relevant: unknown question ${nope} (at character 1)",
        "sheet survey, row 3, column type",
        "sheet survey, row 4, column name: the name 'a' is already used on row 2",
        "sheet survey, row 5, column type: end group without a begin group",
        "sheet survey, row 6, column relevant: expression ends too early (at character 7)",
    ]:
        assert line in err, line


def test_languages_beyond_zh_and_en_are_kept(tmp_path, capsys):
    book = xlsform(tmp_path / "fr.xlsx", [
        ["type", "name", "label::Français (fr)", "label::English (en)", "hint::Français (fr)"],
        ["text", "nom", "Votre nom", "Your name", "En majuscules"],
    ], settings=[["form_title", "form_id", "version", "default_language"],
                 ["Visite", "visite", "2024061201", "Français (fr)"]])
    out = tmp_path / "fr.toml"
    assert main(["forms", "import", str(book), "--out", str(out)]) == 0
    capsys.readouterr()
    form = load_form(out)
    assert form.version == "2024061201" and form.default_language == "fr"
    q = form.by_name["nom"]
    assert q.labels == {"fr": "Votre nom", "en": "Your name"}
    assert q.label("fr") == "Votre nom" and q.label("en") == "Your name"
    assert q.label("zh") == "Your name"  # no Chinese: the English falls in
    assert form.languages() == ["en", "fr"]
    cl = Checklist(form, lang="zh", today=date(2026, 8, 1))
    assert cl.item(("nom",)).label == "Your name"
    cl.form_lang = "fr"  # the form's language, chosen apart from the interface's
    assert cl.item(("nom",)).label == "Votre nom" and cl.item(("nom",)).hint == "En majuscules"
    assert cl.lang == "zh"


def test_the_same_workbook_gives_the_same_version_and_a_change_another(tmp_path, capsys):
    rows = [["type", "name", "label"], ["text", "a", "A"]]
    one = xlsform(tmp_path / "one.xlsx", rows)
    assert main(["forms", "import", str(one)]) == 0
    first = tomllib.loads((tmp_path / "one.toml").read_text(encoding="utf-8"))["form"]["version"]
    assert main(["forms", "import", str(one)]) == 0
    again = tomllib.loads((tmp_path / "one.toml").read_text(encoding="utf-8"))["form"]["version"]
    xlsform(one, [*rows, ["integer", "b", "B"]])
    assert main(["forms", "import", str(one)]) == 0
    changed = tomllib.loads((tmp_path / "one.toml").read_text(encoding="utf-8"))["form"]["version"]
    capsys.readouterr()
    assert first == again != changed


def test_choice_names_with_spaces_work_in_a_select_one(tmp_path, capsys):
    book = xlsform(tmp_path / "sp.xlsx", [["type", "name", "label"], ["select_one towns", "town", "Town"]],
                   [["list_name", "name", "label"], ["towns", "East Lake", "East Lake"],
                    ["towns", "West Hill", "West Hill"]])
    out = tmp_path / "sp.toml"
    assert main(["forms", "import", str(book), "--out", str(out)]) == 0
    capsys.readouterr()
    cl = Checklist(load_form(out), lang="en", today=date(2026, 8, 1))
    assert cl.set(("town",), "West Hill") == []
    assert cl.set(("town",), "West") != []
    assert cl.answers["town"] == "West"


def test_calculations_on_any_question_and_dynamic_defaults(tmp_path, capsys):
    book = xlsform(tmp_path / "calc.xlsx", [
        ["type", "name", "label", "calculation", "default", "relevant"],
        ["integer", "people", "People"],
        ["integer", "adults", "Adults"],
        ["integer", "children", "Children (calculated)", "${people} - ${adults}"],
        ["date", "next", "Next visit", "", "date(today() + 30)"],
        ["text", "greeting", "Greeting", "", "concat('Hello ', ${people})"],
    ])
    out = tmp_path / "calc.toml"
    assert main(["forms", "import", str(book), "--out", str(out)]) == 0
    capsys.readouterr()
    cl = Checklist(load_form(out), lang="en", today=date(2026, 8, 1))
    assert cl.answers["next"] == "2026-08-31"  # computed once, when the visit starts
    assert cl.answers["children"] == ""  # incomplete: unanswered, not "NaN"
    cl.set(("people",), "5")
    cl.set(("adults",), "2")
    assert cl.answers["children"] == "3"
    item = cl.item(("children",))
    assert item.read_only and item.value == "3"
    assert cl.set(("next",), "2026-09-02") == []  # a default can be changed
    assert cl.can_finalize()


def test_workbooks_written_the_old_way(tmp_path, capsys):
    """Upper-case headers, one colon before the language, 'or specify other', as old forms have."""
    book = xlsform(tmp_path / "old.xlsx", [
        ["TYPE", "NAME", "LABEL:English", "Constraint Message:English", "constraint"],
        ["select one from sexes or specify other", "sex", "What sex are you?"],
        ["integer", "age", "Age", "Too old", ". < 130"],
        ["phone number", "phone", "Phone"],
        ["osm c1", "where", "Where exactly?"],
    ], [["LIST NAME", "NAME", "LABEL:English"], ["sexes", "male", "Male"], ["sexes", "female", "Female"]],
        [["FORM_TITLE", "FORM_ID"], ["Old", "Old Form"]])
    assert main(["--lang", "en", "forms", "import", str(book)]) == 1
    err = capsys.readouterr().err
    assert "sheet survey, row 5, column type: doorstep cannot yet use external data files (osm)" in err
    assert "1 problems found" in err
    xlsform(book, [
        ["TYPE", "NAME", "LABEL:English", "Constraint Message:English", "constraint"],
        ["select one from sexes or specify other", "sex", "What sex are you?"],
        ["integer", "age", "Age", "Too old", ". < 130"],
        ["phone number", "phone", "Phone"],
    ], [["LIST NAME", "NAME", "LABEL:English"], ["sexes", "male", "Male"], ["sexes", "female", "Female"]],
        [["FORM_TITLE", "FORM_ID"], ["Old", "Old Form"]])
    assert main(["--lang", "en", "forms", "import", str(book)]) == 0
    capsys.readouterr()
    form = load_form(tmp_path / "old.toml")
    assert form.id == "old_form"
    assert [c.name for c in form.choices["sexes"]] == ["male", "female", "other"]
    assert form.by_name["sex_other"].relevant == "selected(${sex}, 'other')"
    cl = Checklist(form, lang="en", today=date(2026, 8, 1))
    assert cl.set(("age",), "140") == ["Too old"]
    assert cl.item(("sex",)).label == "What sex are you?"
    # pyxform's "phone number" is a text of digits, with its hint
    assert cl.set(("phone",), "13800138000") == [] and cl.set(("phone",), "138-0013") != []
    assert cl.item(("phone",)).hint == "Enter numbers only."


def test_a_name_used_in_two_groups_is_scoped_by_its_group(tmp_path, capsys):
    book = xlsform(tmp_path / "g.xlsx", [
        ["type", "name", "label"],
        ["begin group", "father", "Father"], ["integer", "age", "Age"], ["end group"],
        ["begin group", "mother", "Mother"], ["integer", "age", "Age"], ["end group"],
        ["integer", "age", "Age again"],
    ])
    assert main(["--lang", "en", "forms", "import", str(book)]) == 1
    err = capsys.readouterr().err
    assert "row 6, column name: note" not in err
    assert "sheet survey, row 6, column name: the name 'age' is also used in another group, on row 3: " \
           "here it is renamed 'mother_age'" in err
    assert "sheet survey, row 8, column name: the name 'age' is already used on row 3" in err
    xlsform(book, [
        ["type", "name", "label"],
        ["begin group", "father", "Father"], ["integer", "age", "Age"], ["end group"],
        ["begin group", "mother", "Mother"], ["integer", "age", "Age"], ["end group"],
    ])
    assert main(["forms", "import", str(book)]) == 0
    capsys.readouterr()
    form = load_form(tmp_path / "g.toml")
    assert form.by_name["mother_age"].parents == ("mother",)


def test_select_one_from_file_reads_the_csv_beside_the_workbook(tmp_path, capsys):
    (tmp_path / "villages.csv").write_bytes("name,label,town\ndonghu,东湖村,hekou\nxishan,西山村,hekou\n"
                                            "beiling,北岭村,other\n".encode("gb18030"))
    book = xlsform(tmp_path / "f.xlsx", [
        ["type", "name", "label", "choice_filter"],
        ["select_one_from_file villages.csv", "village", "Village", "town = 'hekou'"],
        ["select_multiple_from_file villages.csv", "also", "Also visited"],
    ])
    out = tmp_path / "f.toml"
    assert main(["--lang", "en", "forms", "import", str(book), "--out", str(out)]) == 0
    assert "the 3 choices of villages.csv are written into the form" in capsys.readouterr().err
    cl = Checklist(load_form(out), lang="zh", today=date(2026, 8, 1))
    assert [(o.name, o.label) for o in cl.item(("village",)).choices] == [("donghu", "东湖村"),
                                                                          ("xishan", "西山村")]
    assert cl.set(("village",), "beiling") != []
    assert cl.set(("also",), "donghu beiling") == []
    (tmp_path / "villages.csv").write_text("label\nx\n", encoding="utf-8")
    assert main(["--lang", "en", "forms", "import", str(book)]) == 1
    assert "the choices file villages.csv has no column name" in capsys.readouterr().err


def test_a_trigger_sets_an_answer_when_its_question_changes(tmp_path, capsys):
    book = xlsform(tmp_path / "t.xlsx", [
        ["type", "name", "label", "calculation", "trigger"],
        ["integer", "temp", "Temperature"],
        ["text", "advice", "Advice", "if(${temp} > 35, 'move to a cool room', 'none')", "${temp}"],
    ])
    out = tmp_path / "t.toml"
    assert main(["forms", "import", str(book), "--out", str(out)]) == 0
    capsys.readouterr()
    cl = Checklist(load_form(out), lang="en", today=date(2026, 8, 1))
    assert cl.answers.get("advice", "") == ""  # nothing until the trigger changes
    cl.set(("temp",), "38")
    assert cl.answers["advice"] == "move to a cool room"
    assert not cl.item(("advice",)).read_only
    cl.set(("advice",), "fan and water")  # the volunteer may change it
    assert cl.answers["advice"] == "fan and water"
    cl.set(("temp",), "30")  # a new trigger value sets it again, as in ODK
    assert cl.answers["advice"] == "none"


def test_absolute_paths_become_references_and_a_missing_lookup_table_is_refused(tmp_path, capsys):
    book = xlsform(tmp_path / "p.xlsx", [
        ["type", "name", "label", "relevant", "calculation"],
        ["integer", "age", "Age"],
        ["text", "why", "Why", "/data/grp/age > 60 and '/not/a/path' != ''"],
        ["calculate", "id", "", "", "once(uuid())"],
        ["calculate", "phone", "", "", "pulldata('people', 'phone', 'id', ${age})"],
    ])
    assert main(["--lang", "en", "forms", "import", str(book)]) == 1
    err = capsys.readouterr().err
    assert "sheet survey, row 5, column calculation: the data file people.csv is not there: put it " \
           "beside the workbook" in err
    assert "1 problems found" in err
    xlsform(book, [
        ["type", "name", "label", "relevant", "calculation"],
        ["integer", "age", "Age"],
        ["text", "why", "Why", "/data/grp/age > 60 and '/not/a/path' != ''"],
        ["calculate", "id", "", "", "once(uuid())"],
    ])
    assert main(["--lang", "en", "forms", "import", str(book)]) == 0
    assert "paths in expressions (/data/.../name) are written ${name}" in capsys.readouterr().err
    form = load_form(tmp_path / "p.toml")
    assert form.by_name["why"].relevant == "${age} > 60 and '/not/a/path' != ''"
    cl = Checklist(form, lang="en", today=date(2026, 8, 1))
    first = cl.answers["id"]
    assert len(first) == 36
    cl.set(("age",), "70")
    assert cl.answers["id"] == first  # once() keeps it
    assert ("why",) in [i.slot for i in cl.items()]


def test_a_rank_is_every_choice_in_order_and_unused_parameters_are_named(tmp_path, capsys):
    book = xlsform(tmp_path / "r.xlsx", [
        ["type", "name", "label", "parameters"],
        ["rank needs", "needs", "Rank the needs", "randomize=true seed=3 max-pixels=10"],
    ], [["list_name", "name", "label"], ["needs", "food", "Food"], ["needs", "fan", "Fan"],
        ["needs", "visit", "Visits"]])
    out = tmp_path / "r.toml"
    assert main(["--lang", "en", "forms", "import", str(book), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "the parameters max-pixels do nothing in doorstep" in err
    assert "the rank is chosen in order" in err
    cl = Checklist(load_form(out), lang="en", today=date(2026, 8, 1))
    for choice in ("fan", "visit"):
        cl.toggle(("needs",), choice)
    assert cl.validate(("needs",)) != []  # every choice must be ranked
    cl.toggle(("needs",), "food")
    assert cl.validate(("needs",)) == [] and cl.answers["needs"] == "fan visit food"


def test_an_unused_setting_and_a_bad_range_parameter_are_reported_not_crashed_on(tmp_path, capsys):
    """The notice and the problem name their column; the message's own {column} and {key} once
    took the same names twice (a TypeError, caught by mypy)."""
    book = xlsform(tmp_path / "s.xlsx", [
        ["type", "name", "label", "parameters"],
        ["range", "score", "Score", "start=0 end=ten step=1"],
    ], settings=[["form_title", "form_id", "version", "submission_url"],
                 ["Visit", "visit", "1", "https://example.org"]])
    assert main(["--lang", "en", "forms", "import", str(book), "--out", str(tmp_path / "s.toml")]) == 1
    err = capsys.readouterr().err
    assert "range parameter end='ten' is not a number" in err
    assert "Traceback" not in err
    xlsform(book, [["type", "name", "label"], ["text", "a", "A"]],
            settings=[["form_title", "form_id", "version", "submission_url"],
                      ["Visit", "visit", "1", "https://example.org"]])
    assert main(["--lang", "en", "forms", "import", str(book), "--out", str(tmp_path / "s.toml")]) == 0
    captured = capsys.readouterr()
    shown = captured.out + captured.err
    assert "the setting submission_url is not used by doorstep and was left out" in shown


def test_forms_check_reads_a_workbook_as_import_does(tmp_path, capsys):
    good = xlsform(tmp_path / "good.xlsx", [["type", "name", "label"], ["text", "a", "A"]],
                   settings=[["form_id", "version"], ["good", "3"]])
    assert main(["--lang", "en", "forms", "check", str(good)]) == 0
    assert "form good (version 3) is good" in capsys.readouterr().out
    bad = xlsform(tmp_path / "bad.xlsx", [["type", "name", "label"], ["txet", "a", "A"]])
    assert main(["--lang", "en", "forms", "check", str(bad)]) == 1
    assert "sheet survey, row 2, column type: unknown question type 'txet'" in capsys.readouterr().err
    assert not (tmp_path / "good.toml").exists()  # checking writes nothing


def test_form_ids_in_chinese_stay_apart(tmp_path, capsys):
    ids = []
    for title in ("高温探访", "纪念章发放"):
        book = xlsform(tmp_path / f"{title}.xlsx", [["type", "name", "label"], ["text", "a", "A"]],
                       settings=[["form_id"], [title]])
        assert main(["forms", "import", str(book), "--out", str(tmp_path / "f.toml")]) == 0
        ids.append(load_form(tmp_path / "f.toml").id)
    capsys.readouterr()
    assert ids[0] != ids[1] and all(i.startswith("form_") for i in ids)
