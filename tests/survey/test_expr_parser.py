"""The expression parser: any text parses or raises ExprError (with a position), nothing else."""

from __future__ import annotations

import pytest
from doorstep.survey.expr import (
    Binary,
    Call,
    Column,
    Current,
    ExprError,
    Num,
    Ref,
    Str,
    Unary,
    parse,
    tokenize,
)
from hypothesis import given, settings
from hypothesis import strategies as st

ALPHABET = st.sampled_from(list("${}().,'\" abcxyz019-+*=!<>/_:|\n\t") + ["div", "mod", "and", "or",
                                                                         "${a}", "selected(", "。"])


@settings(max_examples=600, deadline=None)
@given(st.text())
def test_any_text_parses_or_raises_expr_error(text):
    try:
        parse(text)
    except ExprError as exc:
        assert 0 <= exc.pos <= len(text)


@settings(max_examples=600, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_expression_like_text_parses_or_raises_expr_error(text):
    try:
        parse(text)
    except ExprError as exc:
        assert 0 <= exc.pos <= len(text)


def test_deep_nesting_is_an_expr_error_not_a_recursion_error():
    with pytest.raises(ExprError):
        parse("(" * 5000 + "1" + ")" * 5000)
    with pytest.raises(ExprError):
        parse("-" * 5000 + "1")
    assert parse("((((1))))") == Num(1.0, 4)


def test_precedence_follows_xpath():
    node = parse("1 + 2 * 3 = 7 and ${a} or not(.)")
    assert isinstance(node, Binary) and node.op == "or"
    left = node.left
    assert isinstance(left, Binary) and left.op == "and"
    eq = left.left
    assert isinstance(eq, Binary) and eq.op == "="
    plus = eq.left
    assert isinstance(plus, Binary) and plus.op == "+"
    assert isinstance(plus.right, Binary) and plus.right.op == "*"
    assert isinstance(node.right, Call) and node.right.name == "not"
    assert isinstance(node.right.args[0], Current)


def test_left_associativity_and_unary_minus():
    node = parse("10 - 2 - 3")
    assert isinstance(node, Binary) and isinstance(node.left, Binary)
    assert node.left.op == "-" and node.right == Num(3.0, 9)
    node = parse("-${x} * 2")
    assert isinstance(node, Binary) and node.op == "*"
    assert node.left == Unary("-", Ref("x", 1), 0)


def test_nodes_keep_their_positions():
    node = parse("concat('a', ${name}, 3.5, jr:choice-name(${q}, '${q}'))")
    assert isinstance(node, Call) and node.pos == 0
    assert node.args[0] == Str("a", 7)
    assert node.args[1] == Ref("name", 12)
    assert node.args[2] == Num(3.5, 21)
    inner = node.args[3]
    assert isinstance(inner, Call) and inner.name == "jr:choice-name" and inner.pos == 26


def test_names_with_dashes_and_keywords():
    assert parse("count-selected(${s})") == Call("count-selected", (Ref("s", 15),), 0)
    node = parse("${a} div ${b} mod 2")
    assert isinstance(node, Binary) and node.op == "mod"
    assert parse("grade") == Column("grade", 0)
    assert [t.kind for t in tokenize(".5 .")] == ["num", "dot", "end"]


@pytest.mark.parametrize(
    ("text", "key", "pos"),
    [
        ("", "expr_empty", 0),
        ("   ", "expr_empty", 0),
        ("1 +", "expr_unexpected_end", 3),
        ("(1 + 2", "expr_unclosed_paren", 0),
        ("f(1, 2", "expr_unclosed_paren", 1),
        ("1 2", "expr_unexpected", 2),
        ("'abc", "expr_unclosed_string", 0),
        ("${abc", "expr_unclosed_ref", 0),
        ("${1x}", "expr_bad_ref", 0),
        ("1 # 2", "expr_bad_char", 2),
        ("and 1", "expr_missing_operand", 0),
        ("1 | 2", "expr_unexpected", 2),
        (")", "expr_unexpected", 0),
        ("concat(1,)", "expr_unexpected", 9),
    ],
)
def test_syntax_errors_say_what_and_where(text, key, pos):
    with pytest.raises(ExprError) as info:
        parse(text)
    assert info.value.key == key
    assert info.value.pos == pos
    assert f"at character {pos + 1})" in info.value.render("en")  # shown 1-based
    assert info.value.render("zh") != info.value.render("en")


# Whatever expression passes the form checker evaluates without raising, on any answers.
_PIECES = st.sampled_from([
    "${a}", "${b}", "${c}", "${r}", "${v}", "1", "0", "-1", "1e300", "'x'", "'2026-02-30'", "''", "2.5",
    "+", "-", "*", " div ", " mod ", " = ", " != ", " < ", " >= ", " and ", " or ", "(", ")", ",",
    "today()", "now()", "int(", "round(", "substr(", "date(", "selected-at(", "number(", "sum(",
    "count(", "concat(", "coalesce(", "if(", "regex(", "once(", "string-length(", "count-selected(",
    "jr:choice-name(", "'${a}'", "not(", "9" * 400,
])
_FORM = """
[form]
id = "p"
title = "P"
version = "1"

[[survey]]
type = "select_multiple abc"
name = "a"
label = "A"

[[survey]]
type = "integer"
name = "b"
label = "B"

[[survey]]
type = "date"
name = "c"
label = "C"

[[survey]]
type = "begin repeat"
name = "r"
label = "R"

[[survey]]
type = "decimal"
name = "v"
label = "V"

[[survey]]
type = "end repeat"

[[survey]]
type = "calculate"
name = "z"
calculation = {expr}

[[choices.abc]]
name = "x"
label = "X"

[[choices.abc]]
name = "y"
label = "Y"
"""


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=14).map("".join),
       st.sampled_from(["", "x", "x y"]), st.sampled_from(["", "12", "1e5", "-99999999999"]),
       st.sampled_from(["", "2026-08-01", "bad"]), st.lists(st.sampled_from(["", "1.5", "oops"]), max_size=3))
def test_checked_expressions_evaluate_without_raising(tmp_path_factory, text, a, b, c, vs):
    import json

    from doorstep.survey import Checklist
    from doorstep.survey.form import check_form

    path = tmp_path_factory.mktemp("p") / "p.toml"
    path.write_text(_FORM.replace("{expr}", json.dumps(text)), encoding="utf-8")
    form, problems = check_form(path)
    if problems:
        for p in problems:
            assert p.render("en")
        return
    answers = {"a": a, "b": b, "c": c, "r": [{"v": v} for v in vs]}
    cl = Checklist(form, answers, lang="en")
    assert isinstance(cl.calculated()[("z",)], str)


_LEAVES = st.sampled_from(["${a}", "${b}", "${c}", "${v}", "1", "0", "2.5", "'x'", "''", "'2026-02-30'",
                           "today()", "now()", "9" * 400, "count(${r})"])
_UNARY_FUNCS = ["int", "round", "date", "number", "string", "string-length", "count-selected", "not",
                "once", "boolean", "sum", "count"]
_BINARY_FUNCS = ["selected-at", "selected", "substr", "round", "regex", "coalesce", "contains",
                 "starts-with"]
_OPS = ["+", "-", "*", "div", "mod", "=", "!=", "<", "<=", ">", ">=", "and", "or"]


def _grow(children):
    return st.one_of(
        st.tuples(children, st.sampled_from(_OPS), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(_UNARY_FUNCS), children).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(st.sampled_from(_BINARY_FUNCS), children, children)
        .map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        st.tuples(children, children, children).map(lambda t: f"if({t[0]}, {t[1]}, {t[2]})"),
        st.lists(children, max_size=3).map(lambda xs: f"concat({', '.join(xs)})"),
        children.map(lambda x: f"-{x}"),
    )


@settings(max_examples=300, deadline=None)
@given(st.recursive(_LEAVES, _grow, max_leaves=12),
       st.sampled_from(["", "x", "x y"]), st.sampled_from(["", "12", "-99999999999"]),
       st.sampled_from(["", "2026-08-01"]), st.lists(st.sampled_from(["", "1.5", "oops"]), max_size=3))
def test_well_formed_expressions_always_evaluate(tmp_path_factory, text, a, b, c, vs):
    import json

    from doorstep.survey import Checklist
    from doorstep.survey.form import check_form

    path = tmp_path_factory.mktemp("w") / "w.toml"
    path.write_text(_FORM.replace("{expr}", json.dumps(text)), encoding="utf-8")
    form, problems = check_form(path)
    assert problems == [], text
    cl = Checklist(form, {"a": a, "b": b, "c": c, "r": [{"v": v} for v in vs]}, lang="en")
    assert isinstance(cl.calculated()[("z",)], str)
