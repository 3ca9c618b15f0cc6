"""`doorstep forms list | show | check`, run as the user types them (main(argv), in-process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import Result, invoke

ROOT = Path(__file__).resolve().parents[2]
GOOD_HEAD = """
[form]
id = "t"
title = { zh = "测试", en = "Test" }
version = "1"
"""
YES_NO = """
[[choices.yes_no]]
name = "yes"
label = "Yes"

[[choices.yes_no]]
name = "no"
label = "No"
"""


def run(*args: str) -> Result:
    return invoke(args, cwd=ROOT)


def row(type_: str, name: str | None = None, **columns: str) -> str:
    lines = ["[[survey]]", f'type = "{type_}"']
    if name:
        lines.append(f'name = "{name}"')
        lines.append(f'label = "{name}"')
    for key, value in columns.items():
        lines.append(f"{key} = {json.dumps(value)}")
    return "\n".join(lines) + "\n\n"


def write(tmp_path: Path, body: str, name: str = "form.toml") -> Path:
    path = tmp_path / name
    path.write_text(GOOD_HEAD + "\n" + body + YES_NO, encoding="utf-8")
    return path


def test_list_shows_the_built_in_checklists():
    result = run("--lang", "en", "forms", "list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == ["ID", "VERSION", "QUESTIONS", "TITLE"]
    ids = [line.split("\t")[0] for line in lines[1:]]
    assert ids == ["home_care", "house_inspection", "condolence", "verification", "house_followup",
                   "benefits"]
    assert "Condolence visit" in result.stdout
    zh = run("--lang", "zh", "forms", "list")
    assert "走访慰问" in zh.stdout and "危房排查" in zh.stdout


def test_list_json():
    result = run("forms", "list", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == ["home_care", "house_inspection", "condolence", "verification",
                                       "house_followup", "benefits"]
    by_id = {r["id"]: r for r in rows}
    assert by_id["condolence"]["title"] == {"zh": "走访慰问", "en": "Condolence visit"}
    assert by_id["home_care"]["questions"] == 10
    assert all(r["version"] for r in rows)


def test_show_prints_questions_with_their_logic():
    result = run("--lang", "en", "forms", "show", "house_inspection")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "action [select_one action]" in out
    assert "shown if: ${grade} = 'C' or ${grade} = 'D'" in out
    assert "constraint: not(selected(., 'none') and count-selected(.) > 1)" in out
    zh = run("--lang", "zh", "forms", "show", "verification")
    assert "写回花名册字段: phone" in zh.stdout
    assert "显示条件: ${status} = 'deceased'" in zh.stdout


def test_show_unknown_form_is_a_user_error():
    result = run("--lang", "en", "forms", "show", "nope")
    assert result.returncode == 1
    assert "no form with id 'nope'" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_good_form(tmp_path):
    path = write(tmp_path, row("integer", "age", constraint=". > 0") + row("select_one yes_no", "alone"))
    result = run("--lang", "en", "forms", "check", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{path}: form t (version 1) is good, 2 questions"


def test_check_every_builtin_form():
    for name in ("home_care", "house_inspection", "condolence", "verification"):
        result = run("forms", "check", str(ROOT / "survey" / "forms" / f"{name}.toml"))
        assert result.returncode == 0, result.stderr


BROKEN = {
    "unknown reference": (
        row("integer", "age") + row("text", "note1", relevant="${agee} > 60"),
        "question note1, column relevant, at character 1: unknown question ${agee}",
    ),
    "bad syntax": (
        row("integer", "age", constraint=". > (1 + "),
        "question age, column constraint, at character 10: expression ends too early",
    ),
    "unknown function": (
        row("integer", "age", constraint="maxx(., 3) > 1"),
        "question age, column constraint, at character 1: unknown function maxx()",
    ),
    "wrong arity": (
        row("integer", "age", constraint="selected(.)"),
        "question age, column constraint, at character 1: selected() takes 2 arguments, got 1",
    ),
    "circular calculations": (
        row("calculate", "a", calculation="${b} + 1") + row("calculate", "b", calculation="${a} * 2"),
        "question a, column calculation: circular dependency: a -> b -> a",
    ),
    "relevance on itself": (
        row("text", "x", relevant="${x} = ''"),
        "question x, column relevant: circular dependency: x -> x",
    ),
    "select without its choice list": (
        row("select_one", "grade"),
        "question grade, column type: a select needs its choice list",
    ),
    "select with an unknown list": (
        row("select_one grades", "grade"),
        "question grade, column type: choice list grades does not exist",
    ),
    "duplicate names": (
        row("integer", "age") + row("text", "age"),
        "question age, column name: this name is used twice",
    ),
    "unclosed group": (
        row("begin group", "g") + row("text", "x"),
        "question g, column type: begin group is never ended",
    ),
    "end without begin": (
        row("text", "x") + row("end repeat"),
        "question #2, column type: end repeat without a begin repeat",
    ),
    "mismatched end": (
        row("begin repeat", "r") + row("text", "x") + row("end group") + row("end repeat"),
        "question #3, column type: end group does not match the open r",
    ),
    "dot outside a constraint": (
        row("text", "x", relevant=". = 'a'"),
        "question x, column relevant, at character 1: '.' (the current answer) is only allowed in constraint",
    ),
    "bad regex": (
        row("text", "x", constraint="regex(., '[0-9')"),
        "question x, column constraint, at character 10: invalid regular expression '[0-9'",
    ),
    "typo in a column": (
        row("text", "x", relevent="1 = 1"),
        "question x, column relevent: unknown column 'relevent' (a typo?)",
    ),
    "unknown reference in a label": (
        row("integer", "age", hint="You said ${agge}"),
        "question age, column hint.zh, at character 10: unknown question ${agge}",
    ),
    "unknown type": (
        row("txet", "x"),
        "question x, column type: unknown question type 'txet'",
    ),
    "calculate without calculation": (
        row("calculate", "c"),
        "question c, column calculation: a calculate question needs a calculation",
    ),
    "bad default": (
        row("integer", "n", default="1e5"),
        "question n, column default: enter a whole number",
    ),
}


@pytest.mark.parametrize("kind", list(BROKEN))
def test_check_broken_form_names_question_and_problem(tmp_path, kind):
    body, expected = BROKEN[kind]
    path = write(tmp_path, body)
    result = run("--lang", "en", "forms", "check", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{path}: {expected}" in result.stderr
    assert result.stdout == ""


def test_check_lists_every_problem_not_just_the_first(tmp_path):
    body = (row("integer", "a", relevant="${zz} > 1 and foo(1)", constraint=". > (1")
            + row("select_one", "a") + row("calculate", "c1", calculation="${c2} + 1")
            + row("calculate", "c2", calculation="${c1}") + row("begin repeat", "r"))
    path = write(tmp_path, body)
    result = run("--lang", "en", "forms", "check", str(path))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    expected = [
        "unknown question ${zz}", "unknown function foo()", "parenthesis is not closed",
        "this name is used twice", "a select needs its choice list", "circular dependency: c1 -> c2 -> c1",
        "begin repeat is never ended",
    ]
    for text in expected:
        assert sum(text in line for line in lines) == 1, text
    assert lines[-1] == f"{path}: problems found: {len(lines) - 1}"


def test_check_in_chinese(tmp_path):
    path = write(tmp_path, row("integer", "age") + row("text", "x", relevant="${agee} > 1"))
    result = run("--lang", "zh", "forms", "check", str(path))
    assert result.returncode == 1
    assert "题目 x，列 relevant，第 1 个字符处：引用了不存在的题目 ${agee}" in result.stderr


def test_check_bad_toml_and_missing_file(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[form\nid = 1\n", encoding="utf-8")
    result = run("--lang", "en", "forms", "check", str(path))
    assert result.returncode == 1
    assert "syntax error" in result.stderr and "line 1" in result.stderr
    missing = run("--lang", "en", "forms", "check", str(tmp_path / "nope.toml"))
    assert missing.returncode == 1
    assert "cannot read the file" in missing.stderr
    assert "Traceback" not in missing.stderr + result.stderr


def test_check_json_form(tmp_path):
    path = tmp_path / "form.json"
    path.write_text(json.dumps({
        "form": {"id": "j", "title": {"zh": "甲", "en": "J"}, "version": "2"},
        "survey": [{"type": "integer", "name": "n", "label": "N", "constraint": ". > ${m}"}],
    }), encoding="utf-8")
    result = run("--lang", "en", "forms", "check", str(path))
    assert result.returncode == 1
    assert "question n, column constraint, at character 5: unknown question ${m}" in result.stderr
