"""regex() runs on RE2: catastrophic patterns stay linear, and patterns RE2 cannot run are refused
when the form is checked, with the reason."""

from __future__ import annotations

from datetime import date

from doorstep.cli.main import main
from doorstep.survey import Checklist, load_form
from doorstep.survey.regex import compile_regex, full_match, pattern_problem

# Each of these takes a backtracking engine time exponential in the length of the text when the
# text almost matches: on 10,000 characters, longer than anyone would wait.
CATASTROPHIC = ["(a+)+$", "(a|a)*$", "(a|aa)+$", "(a*)*b", "([a-zA-Z]+)*$", "(x+x+)+y", "(.*a){20}"]


def test_catastrophic_patterns_on_ten_thousand_characters_give_the_right_answer():
    text = "a" * 10_000 + "!"
    for pattern in CATASTROPHIC:
        assert full_match(pattern, text) is False, pattern
    assert full_match("(a+)+", "a" * 10_000) is True
    assert full_match("(x+x+)+y", "x" * 10_000 + "y") is True


def test_a_form_constraint_with_a_catastrophic_pattern_checks_a_long_answer(tmp_path):
    path = tmp_path / "f.toml"
    path.write_text("""
[form]
id = "re"
title = "re"
version = "1"

[[survey]]
type = "text"
name = "code"
label = "code"
constraint = "regex(., '(a+)+$')"
constraint_message = "only a"
""", encoding="utf-8")
    form = load_form(path)
    cl = Checklist(form, lang="en", today=date(2026, 8, 1))
    assert cl.set(("code",), "a" * 10_000 + "b") == ["only a"]
    assert cl.set(("code",), "a" * 10_000) == []


def test_re2_and_odk_agree_on_the_patterns_forms_use():
    assert full_match("1[3-9][0-9]{9}", "13812345678")
    assert not full_match("1[3-9][0-9]{9}", "138123456789")
    assert full_match("^[0-9]{6}$", "100000")  # anchors are allowed and harmless
    assert full_match("[A-Z]{2}-\\d{4}", "AB-1234")
    assert full_match("\\p{Han}+", "李秀梅")  # Unicode classes work
    # \d and \w are ASCII, as in Java (ODK): a full-width digit is not \d (answers are NFKC first)
    assert not full_match("\\d+", "１２３")
    assert not full_match("\\w+", "中文")


def test_patterns_re2_refuses_and_why():
    assert pattern_problem("(?=a)a") == "expr_regex_lookaround"
    assert pattern_problem("(?<!x)y") == "expr_regex_lookaround"
    assert pattern_problem("(a)\\1") == "expr_regex_backreference"
    assert pattern_problem("[0-9") == "expr_bad_regex"
    assert pattern_problem("\ud800") == "expr_bad_regex"
    assert pattern_problem("a{2,3}") is None
    assert compile_regex("(?=a)") is None
    # An answer with a lone surrogate (from a hostile file) matches nothing, without an error.
    assert full_match(".*", "\ud800") is False


def test_forms_check_refuses_a_pattern_re2_cannot_compile(tmp_path, capsys):
    path = tmp_path / "f.toml"
    path.write_text('''
[form]
id = "re"
title = "re"
version = "1"

[[survey]]
type = "text"
name = "code"
label = "code"
constraint = "regex(., '(?!0)[0-9]+') and regex(., '(.)\\\\1')"
''', encoding="utf-8")
    assert main(["--lang", "en", "forms", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "question code, column constraint, at character 10: regular expression '(?!0)[0-9]+' uses " \
           "look-ahead or look-behind" in err
    assert "at character 38: regular expression '(.)\\1' uses a back-reference" in err
    assert "problems found: 2" in err
    assert main(["--lang", "zh", "forms", "check", str(path)]) == 1
    assert "前瞻或后顾" in capsys.readouterr().err
