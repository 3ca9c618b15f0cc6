"""The interpreter of survey.expr trees, with ODK's value semantics.

Values are Python `str`, `float`, `bool`, `datetime.date`, `datetime.datetime`, or a `tuple` of
values (a node-set: the same question across the entries of a repeat). An unanswered question
is "" and `number("")` is NaN, so `${age} > 60` is false while age is empty, and `${x} = ''` is
true; comparisons follow XPath 1.0 as JavaRosa (ODK Collect) applies it.

Trees are compiled once into nested closures (`compile_node`), which is several times faster
than walking the tree on every evaluation; the TUI re-evaluates after every keystroke.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Protocol

from doorstep.survey.expr import (
    Binary,
    Call,
    Column,
    Current,
    Lookup,
    Node,
    Num,
    Parent,
    Ref,
    Str,
    Unary,
    parse,
)
from doorstep.survey.regex import full_match

Value = Any  # str | float | bool | date | datetime | tuple
_EPOCH = date(1970, 1, 1)
_NUMBER_RE = re.compile(r"\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*\Z")
_DATE_RE = re.compile(r"\s*([0-9]{4})-([0-9]{2})-([0-9]{2})\s*\Z")
# A time of day as stored (14:30:00) or written in a form ('08:00'): it counts as the fraction of
# the day gone, as decimal-time() gives it, so that `. >= '08:00'` compares times.
_CLOCK_RE = re.compile(r"\s*([01][0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9]))?\s*\Z")
_REF_IN_STRING = re.compile(r"\s*\$\{([^}]*)\}\s*\Z")


class Env(Protocol):
    """What an expression can see while it is evaluated."""

    @property
    def today(self) -> date: ...
    @property
    def now(self) -> datetime: ...

    def ref(self, name: str) -> Value: ...
    def current(self) -> Value: ...
    def column(self, name: str) -> Value: ...
    def choice_label(self, question: str, value: str) -> str: ...
    def once_value(self) -> str: ...
    def position(self) -> int: ...
    def register_field(self, household: str, field: str) -> str: ...
    def lookup(self, instance: str, conditions: tuple[tuple[str, Value], ...], field: str) -> Value: ...


# --- conversions (XPath 1.0) -----------------------------------------------------------------


def to_number(v: Value) -> float:
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, float):
        return v
    if isinstance(v, int):
        return float(v)
    if isinstance(v, str):
        if _NUMBER_RE.match(v):
            return float(v)
        d = parse_date(v)
        if d is not None:
            return float((d - _EPOCH).days)
        clock = _CLOCK_RE.match(v)
        if clock:
            return (int(clock[1]) * 3600 + int(clock[2]) * 60 + int(clock[3] or 0)) / 86400
        return math.nan
    if isinstance(v, datetime):
        return (v - datetime(1970, 1, 1, tzinfo=v.tzinfo)).total_seconds() / 86400
    if isinstance(v, date):
        return float((v - _EPOCH).days)
    if isinstance(v, tuple):
        return to_number(v[0]) if v else math.nan
    return math.nan


def format_number(x: float) -> str:
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    text = format(Decimal(repr(x)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def to_string(v: Value) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float | int):
        return format_number(float(v))
    if isinstance(v, datetime):
        return v.isoformat(timespec="milliseconds")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, tuple):
        return to_string(v[0]) if v else ""
    return str(v)


def to_bool(v: Value) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, float | int):
        return not (v == 0 or math.isnan(v))
    if isinstance(v, str | tuple):
        return len(v) > 0
    return v is not None


def parse_date(text: str) -> date | None:
    m = _DATE_RE.match(text)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _as_date(v: Value) -> date | None:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, str):
        return parse_date(v)
    return None


def _is_date(v: Value) -> bool:
    return isinstance(v, date)


def _equal(a: Value, b: Value) -> bool:
    if isinstance(a, tuple):
        return any(_equal(x, b) for x in a)
    if isinstance(b, tuple):
        return any(_equal(a, y) for y in b)
    if isinstance(a, bool) or isinstance(b, bool):
        return to_bool(a) == to_bool(b)
    if isinstance(a, float | int) or isinstance(b, float | int):
        return to_number(a) == to_number(b)
    if _is_date(a) or _is_date(b):
        da, db = _as_date(a), _as_date(b)
        if da is None or db is None:
            return to_string(a) == to_string(b)
        return da == db
    return to_string(a) == to_string(b)


values_equal = _equal  # XPath's `=`, for the engine's lookups

_RELATIONS: dict[str, Callable[[float, float], bool]] = {
    "<": lambda x, y: x < y,
    "<=": lambda x, y: x <= y,
    ">": lambda x, y: x > y,
    ">=": lambda x, y: x >= y,
}


def _relate(op: str, a: Value, b: Value) -> bool:
    if isinstance(a, tuple):
        return any(_relate(op, x, b) for x in a)
    if isinstance(b, tuple):
        return any(_relate(op, a, y) for y in b)
    return _RELATIONS[op](to_number(a), to_number(b))


def _divide(x: float, y: float) -> float:
    if y == 0:
        if x == 0 or math.isnan(x):
            return math.nan
        return math.copysign(math.inf, x) * math.copysign(1, y)
    return x / y


def _modulo(x: float, y: float) -> float:
    if y == 0 or math.isinf(x) or math.isnan(x) or math.isnan(y):
        return math.nan
    return math.fmod(x, y)  # XPath: the sign follows the dividend


def _arith(op: str) -> Callable[[float, float], float]:
    return {
        "+": lambda x, y: x + y,
        "-": lambda x, y: x - y,
        "*": lambda x, y: x * y,
        "div": _divide,
        "mod": _modulo,
    }[op]


# --- functions -------------------------------------------------------------------------------


def _split(v: Value) -> list[str]:
    return to_string(v).split()


def _selected(a: Value, b: Value) -> bool:
    return to_string(b).strip() in _split(a)


def _selected_at(a: Value, i: Value) -> str:
    n = to_number(i)
    parts = _split(a)
    if not math.isfinite(n) or n != int(n) or not 0 <= n < len(parts):
        return ""
    return parts[int(n)]


def _concat(*args: Value) -> str:
    out: list[str] = []
    for a in args:
        if isinstance(a, tuple):
            out.extend(to_string(x) for x in a)
        else:
            out.append(to_string(a))
    return "".join(out)


def _substr(s: Value, start: Value, end: Value = None) -> str:
    text = to_string(s)
    # Clamped to the text first: int() of an infinite position would raise.
    a = min(max(to_number(start), 0.0), float(len(text)))
    if math.isnan(a):
        return ""
    a_i = int(a)
    if end is None:
        return text[a_i:]
    b = min(max(to_number(end), 0.0), float(len(text)))
    if math.isnan(b):
        return ""
    return text[a_i:max(a_i, int(b))]


def _regex(s: Value, pattern: Value) -> bool:
    return full_match(to_string(pattern), to_string(s))


def _int(v: Value) -> float:
    x = to_number(v)
    if math.isnan(x) or math.isinf(x):
        return x
    return float(int(x))


def _round(v: Value, places: Value = 0.0) -> float:
    x = to_number(v)
    p = to_number(places)
    if not math.isfinite(x) or math.isnan(p):
        return x if not math.isnan(p) else math.nan
    p = min(max(p, -400.0), 400.0)  # beyond that a float has no digits left to round
    try:
        q = Decimal(1).scaleb(-int(p))
        return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))
    except InvalidOperation:
        return x


def _sum(v: Value) -> float:
    if isinstance(v, tuple):
        return math.fsum(to_number(x) for x in v) if v else 0.0
    return to_number(v)


def _count(v: Value) -> float:
    return float(len(v)) if isinstance(v, tuple) else 1.0


def _date(v: Value) -> Value:
    if isinstance(v, date):
        return v
    if isinstance(v, float | int) and not isinstance(v, bool) and math.isfinite(v):
        try:
            return date.fromordinal(_EPOCH.toordinal() + int(v))
        except (ValueError, OverflowError):
            return ""
    d = _as_date(v)
    return d if d else ""


# name -> (implementation, minimum args, maximum args or None). `if`, `coalesce`, `once`,
# `today`, `now` and `jr:choice-name` need the environment or lazy arguments and are handled
# in compile_node; they are listed here for the arity check.
FUNCTIONS: dict[str, tuple[Callable[..., Value] | None, int, int | None]] = {
    "selected": (_selected, 2, 2),
    "count-selected": (lambda a: float(len(_split(a))), 1, 1),
    "selected-at": (_selected_at, 2, 2),
    "jr:choice-name": (None, 2, 2),
    "if": (None, 3, 3),
    "coalesce": (None, 2, None),
    "concat": (_concat, 0, None),
    "string-length": (lambda s: float(len(to_string(s))), 1, 1),
    "substr": (_substr, 2, 3),
    "regex": (_regex, 2, 2),
    "contains": (lambda a, b: to_string(b) in to_string(a), 2, 2),
    "starts-with": (lambda a, b: to_string(a).startswith(to_string(b)), 2, 2),
    "today": (None, 0, 0),
    "now": (None, 0, 0),
    "int": (_int, 1, 1),
    "number": (to_number, 1, 1),
    "string": (to_string, 1, 1),
    "boolean": (to_bool, 1, 1),
    "date": (_date, 1, 1),
    "round": (_round, 1, 2),
    "sum": (_sum, 1, 1),
    "count": (_count, 1, 1),
    "once": (None, 1, 1),
    "not": (lambda v: not to_bool(v), 1, 1),
    "true": (lambda: True, 0, 0),
    "false": (lambda: False, 0, 0),
}


def _more() -> None:
    # Kept in their own module (survey/functions_more.py); registered here so that the form
    # checker's arity check and the compiler see one table.
    from doorstep.survey.functions_more import MORE_FUNCTIONS

    for name, spec in MORE_FUNCTIONS.items():
        FUNCTIONS.setdefault(name, spec)
    FUNCTIONS["position"] = (None, 0, 1)
    FUNCTIONS["register-field"] = (None, 2, 2)
    FUNCTIONS["pulldata"] = (None, 4, 4)


def choice_name_target(node: Node) -> str | None:
    """The question named by jr:choice-name's second argument: '${name}' (ODK) or ${name}."""
    if isinstance(node, Ref):
        return node.name
    if isinstance(node, Str):
        m = _REF_IN_STRING.match(node.value)
        return m[1].strip() if m else None
    return None


# --- compilation -----------------------------------------------------------------------------

Compiled = Callable[[Env], Value]


def compile_node(node: Node) -> Compiled:
    """Turn a tree into a function of the environment. Assumes the form checker passed it."""
    if isinstance(node, Num):
        value = node.value
        return lambda env: value
    if isinstance(node, Str):
        text = node.value
        return lambda env: text
    if isinstance(node, Ref):
        name = node.name
        return lambda env: env.ref(name)
    if isinstance(node, Current):
        return lambda env: env.current()
    if isinstance(node, Parent):
        return lambda env: ""
    if isinstance(node, Column):
        col = node.name
        return lambda env: env.column(col)
    if isinstance(node, Unary):
        inner = compile_node(node.operand)
        return lambda env: -to_number(inner(env))
    if isinstance(node, Binary):
        return _compile_binary(node)
    if isinstance(node, Lookup):
        return _compile_lookup(node.instance, [(c, compile_node(v)) for c, v in node.conditions], node.field)
    assert isinstance(node, Call)
    return _compile_call(node)


def _compile_lookup(instance: str, conditions: list[tuple[str, Compiled]], field: str) -> Compiled:
    def lookup(env: Env) -> Value:
        return env.lookup(instance, tuple((column, value(env)) for column, value in conditions), field)
    return lookup


def literal(node: Node) -> str | None:
    """The text of a quoted string argument, else None (pulldata's names must be written out)."""
    return node.value if isinstance(node, Str) else None


def _compile_binary(node: Binary) -> Compiled:
    left, right, op = compile_node(node.left), compile_node(node.right), node.op
    if op == "and":
        return lambda env: to_bool(left(env)) and to_bool(right(env))
    if op == "or":
        return lambda env: to_bool(left(env)) or to_bool(right(env))
    if op == "=":
        return lambda env: _equal(left(env), right(env))
    if op == "!=":
        return lambda env: not _equal(left(env), right(env))
    if op in _RELATIONS:
        return lambda env: _relate(op, left(env), right(env))
    fn = _arith(op)
    return lambda env: fn(to_number(left(env)), to_number(right(env)))


def _compile_call(node: Call) -> Compiled:
    name = node.name
    args = [compile_node(a) for a in node.args]
    if name == "if":
        cond, yes, no = args
        return lambda env: yes(env) if to_bool(cond(env)) else no(env)
    if name == "coalesce":
        def coalesce(env: Env) -> Value:
            for a in args:
                v = a(env)
                if to_string(v) != "":
                    return v
            return ""
        return coalesce
    if name == "today":
        return lambda env: env.today
    if name == "now":
        return lambda env: env.now
    if name == "register-field":
        who, what = args
        return lambda env: env.register_field(to_string(who(env)), to_string(what(env)))
    if name == "pulldata":  # pulldata('towns', 'phone', 'code', ${town}): the first match's phone
        table, column, key_column = (literal(a) or "" for a in node.args[:3])
        find = _compile_lookup(table, [(key_column, args[3])], column)

        def pulldata(env: Env) -> Value:
            found = find(env)
            return to_string(found[0]) if isinstance(found, tuple) and found else ""
        return pulldata
    if name == "position":  # position(..): the entry of the repeat this runs in, from 1
        return lambda env: float(env.position())
    if name == "once":
        inner = args[0]
        return lambda env: env.once_value() or inner(env)
    if name == "jr:choice-name":
        target = choice_name_target(node.args[1]) or ""
        value = args[0]
        return lambda env: env.choice_label(target, to_string(value(env)))
    fn = FUNCTIONS[name][0]
    assert fn is not None
    if len(args) == 1:
        only = args[0]
        return lambda env: fn(only(env))
    if len(args) == 2:
        a0, a1 = args
        return lambda env: fn(a0(env), a1(env))
    return lambda env: fn(*(a(env) for a in args))


@lru_cache(maxsize=4096)
def compile_text(text: str) -> Compiled:
    """Parse and compile an expression (cached: the same text compiles once per process)."""
    return compile_node(parse(text))


def utc_now() -> datetime:
    return datetime.now(UTC)


_more()
