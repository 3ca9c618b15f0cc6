"""Engine features beyond the built-in forms: counted repeats, choice filters, once(), defaults,
answers kept as typed, and loading forms from disk."""

from __future__ import annotations

import json
from datetime import date

import pytest
from doorstep.i18n import UserError
from doorstep.survey import Checklist, FormError, builtin_forms, check_form_file, load_form
from doorstep.survey.form import check_form
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HEAD = """
[form]
id = "t"
title = { zh = "测试", en = "Test" }
version = "1"
instance_name = "concat('visit of ', ${who})"
"""


def make(tmp_path, body: str):
    path = tmp_path / "form.toml"
    path.write_text(HEAD + body, encoding="utf-8")
    return load_form(path)


COUNTED = """
[[survey]]
type = "text"
name = "who"
label = "Who"

[[survey]]
type = "integer"
name = "n"
label = "How many children?"
constraint = ". >= 0 and . <= 10"

[[survey]]
type = "begin repeat"
name = "kids"
label = "Children"
repeat_count = "${n}"

[[survey]]
type = "text"
name = "kid_name"
label = "Name"
required = true

[[survey]]
type = "integer"
name = "age"
label = "Age"
required = true

[[survey]]
type = "select_one yes_no"
name = "school"
label = "In school?"
relevant = "${age} >= 6 and ${age} <= 18"

[[survey]]
type = "end repeat"

[[survey]]
type = "calculate"
name = "ages"
calculation = "sum(${age})"

[[survey]]
type = "calculate"
name = "school_kids"
calculation = "count(${kids})"

[[choices.yes_no]]
name = "yes"
label = "Yes"

[[choices.yes_no]]
name = "no"
label = "No"
"""


def test_counted_repeat_follows_its_count_and_keeps_data(tmp_path):
    form = make(tmp_path, COUNTED)
    cl = Checklist(form, lang="en")
    assert cl.item(("kids",)).counted
    assert cl.item(("kids",)).value == "0"
    cl.set(("n",), "2")
    assert [i.slot for i in cl.items() if i.repeat] == [
        ("kids", 0, "kid_name"), ("kids", 0, "age"), ("kids", 1, "kid_name"), ("kids", 1, "age")]
    cl.set(("kids", 0, "kid_name"), "小明")
    cl.set(("kids", 0, "age"), "8")
    cl.set(("kids", 1, "kid_name"), "小红")
    cl.set(("kids", 1, "age"), "3")
    # the sibling ${age} is the same entry's age
    assert cl.item(("kids", 0, "school")).slot in [i.slot for i in cl.items()]
    assert ("kids", 1, "school") not in [i.slot for i in cl.items()]
    assert cl.calculated()[("ages",)] == "11"
    assert cl.calculated()[("school_kids",)] == "2"
    with pytest.raises(UserError):
        cl.add_entry("kids")
    cl.set(("n",), "1")
    assert cl.calculated()[("ages",)] == "8"
    assert ("kids", 1, "kid_name") not in [i.slot for i in cl.items()]
    assert cl.answers["kids"][1]["kid_name"] == "小红"  # never dropped
    cl.set(("n",), "")
    assert cl.item(("kids",)).value == "0"
    assert cl.calculated()[("ages",)] == "0"
    assert cl.instance_name() == "visit of"  # trimmed
    cl.set(("who",), "王")
    assert cl.instance_name() == "visit of 王"


CHOICE_FILTER = """
[[survey]]
type = "text"
name = "who"
label = "Who"

[[survey]]
type = "select_one grade"
name = "grade"
label = "Grade"

[[survey]]
type = "select_one action"
name = "action"
label = "Action"
choice_filter = "selected(grades, ${grade})"

[[survey]]
type = "calculate"
name = "first_seen"
calculation = "once(${grade})"

[[survey]]
type = "text"
name = "town"
label = "Town"
default = "城关镇"

[[choices.grade]]
name = "A"
label = "A"

[[choices.grade]]
name = "D"
label = "D"

[[choices.action]]
name = "none"
label = { zh = "无需处理", en = "None" }
grades = "A B"

[[choices.action]]
name = "rebuild"
label = { zh = "翻建", en = "Rebuild" }
grades = "D"
"""


def test_choice_filter_once_and_default(tmp_path):
    form = make(tmp_path, CHOICE_FILTER)
    cl = Checklist(form, lang="zh")
    assert cl.answers["town"] == "城关镇"
    assert cl.item(("action",)).choices == ()
    cl.set(("grade",), "A")
    assert [tuple(o) for o in cl.item(("action",)).choices] == [("none", "无需处理")]
    assert cl.set(("action",), "rebuild") == ["“rebuild”不是可选项"]
    assert cl.calculated()[("first_seen",)] == "A"
    cl.set(("grade",), "D")
    assert cl.validate(("action",)) == []
    assert cl.calculated()[("first_seen",)] == "A"  # once() keeps the first value
    cl.lang = "en"
    assert cl.item(("action",)).choices[0].label == "Rebuild"
    # a visit reopened later keeps what was stored, the default is not applied again
    again = Checklist(form, {"town": ""}, lang="en")
    assert again.answers["town"] == ""


def test_invalid_answers_are_kept_and_block_finalize(tmp_path):
    form = make(tmp_path, COUNTED)
    cl = Checklist(form, lang="en")
    assert cl.set(("n",), "两个") == ["enter a whole number (like 12)"]
    assert cl.answers["n"] == "两个"
    assert not cl.can_finalize()
    reopened = Checklist(form, json.loads(json.dumps(cl.answers)), lang="en")
    item = reopened.item(("n",))
    assert item.value == "两个" and item.state == "error"
    assert reopened.errors() == {("n",): ["enter a whole number (like 12)"]}
    assert reopened.item(("kids",)).value == "0"  # an invalid count counts as empty
    reopened.set(("n",), "")
    assert reopened.can_finalize()


def test_answers_with_unknown_keys_are_kept(tmp_path):
    form = make(tmp_path, COUNTED)
    cl = Checklist(form, {"retired_question": {"x": 1}, "n": 1}, lang="en")
    assert cl.answers["retired_question"] == {"x": 1}
    assert cl.answers["n"] == "1"
    with pytest.raises(UserError):
        Checklist(form, {"kids": "not a list"})


def test_next_and_previous_from_a_question_that_is_no_longer_relevant(tmp_path):
    form = make(tmp_path, COUNTED)
    cl = Checklist(form, {"n": "1", "kids": [{"kid_name": "a", "age": "10"}]}, lang="en")
    assert cl.next(("kids", 0, "age")) == ("kids", 0, "school")
    cl.set(("kids", 0, "age"), "3")  # school is no longer asked
    assert cl.next(("kids", 0, "school")) is None
    assert cl.previous(("kids", 0, "school")) == ("kids", 0, "age")
    assert cl.previous(None) == ("kids", 0, "age")


def test_load_form_raises_form_error_with_every_problem(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(HEAD + '[[survey]]\ntype = "integer"\nname = "a"\nlabel = "A"\n'
                    'relevant = "${b} + foo()"\n', encoding="utf-8")
    with pytest.raises(FormError) as info:
        load_form(path)
    assert len(info.value.problems) == 3  # ${who} in instance_name, ${b}, foo()
    text = info.value.render("en")
    assert "instance_name" in text and "${b}" in text and "foo()" in text
    assert check_form_file(path) == info.value.problems


def test_builtin_forms_are_good_and_bilingual():
    forms = builtin_forms()
    assert list(forms) == ["home_care", "house_inspection", "condolence", "verification", "house_followup",
                           "benefits"]
    for form in forms.values():
        assert check_form_file(form.path) == []
        for q in form.questions:
            if q.type in ("calculate",):
                continue
            if q.labels:
                assert q.labels.get("zh") and q.labels.get("en"), (form.id, q.name)
            if q.constraint:
                assert set(q.constraint_messages) == {"zh", "en"}, (form.id, q.name)
        for items in form.choices.values():
            for c in items:
                assert c.labels.get("zh") and c.labels.get("en"), (form.id, c.name)


def test_today_is_used_for_dates():
    cl = Checklist(builtin_forms()["verification"], {"status": "deceased", "death_date": "2026-08-02"},
                   lang="en", today=date(2026, 8, 2))
    assert cl.validate(("death_date",)) == []


# Any data in a form file (JSON, so that hypothesis can build it) gives problems or a form,
# never a crash.
_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=12),
                    st.sampled_from(["text", "integer", "select_one x", "begin group", "end group",
                                     "begin repeat", "end repeat", "calculate", "${a} + 1", "a", "."]))
_row = st.dictionaries(st.sampled_from(["type", "name", "label", "relevant", "constraint", "calculation",
                                        "required", "default", "choice_filter", "repeat_count", "save_to",
                                        "read_only", "bogus"]), _scalar, max_size=6)
_data = st.fixed_dictionaries({
    "form": st.one_of(_scalar, st.fixed_dictionaries({"id": _scalar, "title": _scalar, "version": _scalar})),
    "survey": st.one_of(_scalar, st.lists(st.one_of(_row, _scalar), max_size=8)),
    "choices": st.one_of(_scalar, st.dictionaries(st.sampled_from(["x", "y"]), st.one_of(
        _scalar, st.lists(st.one_of(_scalar, st.dictionaries(st.sampled_from(["name", "label", "grades"]),
                                                             _scalar)), max_size=3)))),
})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_data)
def test_any_form_data_loads_or_reports_problems(tmp_path, data):
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    form, problems = check_form(path)
    for p in problems:
        assert p.render("zh") and p.render("en")
    if not problems:
        cl = Checklist(form, lang="en")
        cl.items()
        cl.errors()
        cl.calculated()


def test_the_documented_example_form_loads_and_runs(tmp_path):
    from pathlib import Path

    from doorstep.storage import qrid

    doc = (Path(__file__).resolve().parents[2] / "docs" / "forms.md").read_text(encoding="utf-8")
    example = doc.split("### A complete example\n\n```toml\n")[1].split("```")[0]
    path = tmp_path / "short_visit.toml"
    path.write_text(example, encoding="utf-8")
    form = load_form(path)
    cl = Checklist(form, lang="en", today=date(2026, 8, 1))
    code = qrid.new_id()
    assert cl.set(("household",), code.lower()) == []  # scanners and people type lower case too
    assert cl.answers["household"] == code
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    assert cl.set(("household",), wrong) == [
        "the household code's check character does not match: probably a typo, scan or check it again"]
    assert cl.answers["household"] == wrong
    assert cl.set(("household",), "门牌 12 号") == [
        "not a household code (the digits and capitals on the QR label)"]
    cl.set(("household",), code)
    cl.set(("met",), "family")
    i = cl.add_entry("gifts")
    cl.set(("gifts", i, "amount"), "300")
    assert cl.set(("next_visit",), "2026-08-01") == ["Must be after today"]
    assert cl.set(("next_visit",), "2026-09-01") == []
    cl.set(("phone",), "13900001111")
    assert cl.calculated() == {("total",): "300"}
    assert cl.register_updates() == {"phone": "13900001111"}
    assert cl.can_finalize()


def test_position_of_the_entry_in_a_repeat(tmp_path):
    from datetime import date

    from doorstep.survey import Checklist, load_form

    path = tmp_path / "p.toml"
    path.write_text("""
[form]
id = "p"
title = "p"
version = "1"

[[survey]]
type = "begin repeat"
name = "kids"
label = "Kids"

[[survey]]
type = "calculate"
name = "n"
calculation = "position(..)"

[[survey]]
type = "text"
name = "kid"
label = "Kid ${n}"

[[survey]]
type = "end repeat"

[[survey]]
type = "calculate"
name = "second"
calculation = "indexed-repeat(${kid}, ${kids}, 2)"
""", encoding="utf-8")
    cl = Checklist(load_form(path), lang="en", today=date(2026, 8, 1))
    for name in ("A", "B"):
        i = cl.add_entry("kids")
        cl.set(("kids", i, "kid"), name)
    assert cl.item(("kids", 1, "kid")).label == "Kid 2"
    assert cl.calculated()[("second",)] == "B"


def test_the_register_as_an_instance(tmp_path):
    """A form shows and confirms the household's own entry, as ODK's entities do."""
    from datetime import date

    from doorstep.survey import Checklist, load_form

    path = tmp_path / "r.toml"
    path.write_text("""
[form]
id = "confirm_phone"
title = "Confirm the phone"
version = "1"

[[survey]]
type = "text"
name = "household"
label = "Household"

[[survey]]
type = "calculate"
name = "on_file"
calculation = "instance('register')/root/item[id = ${household}]/phone"

[[survey]]
type = "calculate"
name = "members"
calculation = "instance('register')/root/item[id = ${household}]/members"

[[survey]]
type = "text"
name = "phone"
label = "Phone (on file: ${on_file})"
relevant = "${on_file} != ''"
""", encoding="utf-8")
    register = {"XWP9TRHP": {"id": "XWP9TRHP", "name": "王建国", "phone": "13800138000",
                             "members": [{"name": "王建国"}]}}
    cl = Checklist(load_form(path), lang="en", today=date(2026, 8, 1), register=register.get)
    assert ("phone",) not in [i.slot for i in cl.items()]
    cl.set(("household",), "XWP9TRHP")
    assert cl.calculated()[("on_file",)] == "13800138000"
    assert cl.calculated()[("members",)] == ""  # members and notes are not for forms to read
    assert cl.item(("phone",)).label == "Phone (on file: 13800138000)"
    cl.set(("household",), "NOBODY")
    assert cl.calculated()[("on_file",)] == ""
    alone = Checklist(load_form(path), lang="en", today=date(2026, 8, 1))  # no register at hand
    alone.set(("household",), "XWP9TRHP")
    assert alone.calculated()[("on_file",)] == ""
