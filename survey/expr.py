"""XLSForm's expression language: tokenizer, AST and a Pratt parser.

Form text is never handed to Python (no eval/exec/ast): it becomes a tree of the dataclasses
below, which survey.evaluate interprets. Every node keeps `pos`, its offset in the expression,
so that a problem found later (unknown reference, wrong arity) can still say where it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from doorstep.i18n import Lang, Message, UserError
from doorstep.survey.messages import MESSAGES

# Deeper nesting than this is certainly not a hand-written form; refusing it keeps the parser
# from exhausting Python's stack on hostile input.
MAX_DEPTH = 60


class ExprError(UserError):
    """A bad expression, with the offset (0-based) where the problem is."""

    def __init__(self, key: str, pos: int, **params: object) -> None:
        self.key = key
        self.pos = pos
        self.params = params
        super().__init__(Message(MESSAGES, key, {**params, "pos": pos}))

    def render(self, lang: Lang) -> str:
        what = super().render(lang)
        # People count characters from 1; .pos stays 0-based for code.
        return Message(MESSAGES, "expr_at", {"what": what, "pos": self.pos + 1}).render(lang)


# --- AST -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Num:
    value: float
    pos: int


@dataclass(frozen=True, slots=True)
class Str:
    value: str
    pos: int


@dataclass(frozen=True, slots=True)
class Ref:
    """${name}: another question's value."""

    name: str
    pos: int


@dataclass(frozen=True, slots=True)
class Current:
    """`.`: the answer being checked (constraints)."""

    pos: int


@dataclass(frozen=True, slots=True)
class Parent:
    """`..`: the enclosing group or repeat entry; only meaningful as position(..)'s argument."""

    pos: int


@dataclass(frozen=True, slots=True)
class Column:
    """A bare name: a column of the choice list (only meaningful in choice_filter)."""

    name: str
    pos: int


@dataclass(frozen=True, slots=True)
class Unary:
    op: str
    operand: Node
    pos: int


@dataclass(frozen=True, slots=True)
class Binary:
    op: str
    left: Node
    right: Node
    pos: int


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Node, ...]
    pos: int


@dataclass(frozen=True, slots=True)
class Lookup:
    """instance('towns')/root/item[code = ${town}]/label: rows of a table that travels with the
    form (a CSV, a choice list) whose columns equal the values given; `field` of each ("" for
    the rows themselves, as count() wants them). Only equality on columns, joined by `and`."""

    instance: str
    conditions: tuple[tuple[str, Node], ...]
    field: str
    pos: int


Node = Num | Str | Ref | Current | Parent | Column | Unary | Binary | Call | Lookup


# --- tokenizer -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # num str ref dot name op ( ) , end
    text: str
    pos: int


_NAME = r"[A-Za-z_][A-Za-z0-9_]*(?:[-:.][A-Za-z_][A-Za-z0-9_]*)*"
_TOKEN_RE = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<num>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)
  | (?P<ref>\$\{{(?P<refname>[^}}]*)\}})
  | (?P<str>'[^']*'|"[^"]*")
  | (?P<op><=|>=|!=|[=<>+\-*|/])
  | (?P<paren>[(),\[\]])
  | (?P<name>{_NAME})
  | (?P<dotdot>\.\.)
  | (?P<dot>\.)
    """,
    re.VERBOSE,
)
_QUESTION_NAME = re.compile(r"[^\W\d][\w.\-]*\Z")


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    n = len(text)
    while pos < n:
        m = _TOKEN_RE.match(text, pos)
        if m is None:
            if text[pos] in "'\"":
                raise ExprError("expr_unclosed_string", pos)
            if text.startswith("${", pos):
                raise ExprError("expr_unclosed_ref", pos)
            raise ExprError("expr_bad_char", pos, char=text[pos])
        kind = m.lastgroup if m.lastgroup != "refname" else "ref"
        if kind == "ref":
            name = m.group("refname").strip()
            if not _QUESTION_NAME.match(name):
                raise ExprError("expr_bad_ref", pos, name=m.group("refname"))
            tokens.append(Token("ref", name, pos))
        elif kind == "str":
            tokens.append(Token("str", m.group()[1:-1], pos))
        elif kind == "paren":
            tokens.append(Token(m.group(), m.group(), pos))
        elif kind != "ws":
            assert kind is not None
            tokens.append(Token(kind, m.group(), pos))
        pos = m.end()
    tokens.append(Token("end", "", n))
    return tokens


# --- parser ----------------------------------------------------------------------------------

# Binding powers, lowest first, as in XPath 1.0.
_INFIX = {
    "or": 1,
    "and": 2,
    "=": 3, "!=": 3,
    "<": 4, "<=": 4, ">": 4, ">=": 4,
    "+": 5, "-": 5,
    "*": 6, "div": 6, "mod": 6,
}
_UNARY_POWER = 7
_KEYWORDS = {"and", "or", "div", "mod"}


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.i = 0
        self.depth = 0

    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def infix_op(self, tok: Token) -> str | None:
        if tok.kind == "op" and tok.text in _INFIX:
            return tok.text
        if tok.kind == "name" and tok.text in _KEYWORDS:
            return tok.text
        return None

    def expression(self, min_power: int = 0) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError("expr_too_deep", self.peek().pos)
        left = self.prefix()
        while True:
            tok = self.peek()
            op = self.infix_op(tok)
            if op is None:
                break
            power = _INFIX[op]
            if power <= min_power:
                break
            self.take()
            right = self.expression(power)
            left = Binary(op, left, right, tok.pos)
        self.depth -= 1
        return left

    def prefix(self) -> Node:
        tok = self.take()
        if tok.kind == "num":
            return Num(float(tok.text), tok.pos)
        if tok.kind == "str":
            return Str(tok.text, tok.pos)
        if tok.kind == "ref":
            return Ref(tok.text, tok.pos)
        if tok.kind == "dot":
            return Current(tok.pos)
        if tok.kind == "dotdot":
            return Parent(tok.pos)
        if tok.kind == "op" and tok.text == "-":
            return Unary("-", self.expression(_UNARY_POWER), tok.pos)
        if tok.kind == "(":
            inner = self.expression()
            self.expect(")", tok.pos)
            return inner
        if tok.kind == "name":
            if self.peek().kind == "(":
                call = self.call(tok)
                if call.name == "instance":
                    return self.lookup(call)
                return call
            if tok.text in _KEYWORDS:
                raise ExprError("expr_missing_operand", tok.pos, token=tok.text)
            return Column(tok.text, tok.pos)
        if tok.kind == "end":
            raise ExprError("expr_unexpected_end", tok.pos)
        raise ExprError("expr_unexpected", tok.pos, token=tok.text)

    def call(self, name: Token) -> Call:
        open_tok = self.take()
        args: list[Node] = []
        if self.peek().kind != ")":
            while True:
                args.append(self.expression())
                if self.peek().kind == ",":
                    self.take()
                    continue
                break
        self.expect(")", open_tok.pos)
        return Call(name.text, tuple(args), name.pos)

    def step(self, name: str | None, where: int) -> str:
        """'/name' of an instance path (any name when `name` is None)."""
        slash, tok = self.take(), self.take()
        if slash.text != "/" or tok.kind != "name" or (name is not None and tok.text != name):
            raise ExprError("expr_instance_path", where)
        return tok.text

    def lookup(self, call: Call) -> Lookup:
        if len(call.args) != 1 or not isinstance(call.args[0], Str):
            raise ExprError("expr_instance_path", call.pos)
        self.step("root", call.pos)
        self.step("item", call.pos)
        conditions: tuple[tuple[str, Node], ...] = ()
        if self.peek().kind == "[":
            opened = self.take()
            conditions = _conditions(self.expression(), opened.pos)
            self.expect("]", opened.pos)
        field = ""
        if self.peek().kind == "op" and self.peek().text == "/":
            field = self.step(None, call.pos)
        return Lookup(call.args[0].value, conditions, field, call.pos)

    def expect(self, kind: str, opened_at: int) -> None:
        tok = self.peek()
        if tok.kind != kind:
            if tok.kind == "end":
                raise ExprError("expr_unclosed_paren", opened_at)
            raise ExprError("expr_unexpected", tok.pos, token=tok.text)
        self.take()


def _conditions(node: Node, pos: int) -> tuple[tuple[str, Node], ...]:
    """A filter `col = value and other = value` as (column, value) pairs; anything else refused,
    so that a lookup stays a lookup (no arbitrary predicate over a table)."""
    if isinstance(node, Binary) and node.op == "and":
        return _conditions(node.left, pos) + _conditions(node.right, pos)
    if isinstance(node, Binary) and node.op == "=":
        for column, value in ((node.left, node.right), (node.right, node.left)):
            if isinstance(column, Column) and not any(isinstance(n, Column) for n in walk(value)):
                return ((column.name, value),)
    raise ExprError("expr_instance_filter", pos)


# ODK's entities as doorstep has them: the register is an instance a form can read,
# instance('register')/root/item[id = ${household}]/phone, which becomes register-field(id, 'phone').
_REGISTER_LOOKUP = re.compile(
    r"instance\(\s*['\"]register['\"]\s*\)\s*/\s*root\s*/\s*item\s*\[\s*id\s*=\s*([^\]\[]+?)\s*\]"
    r"\s*/\s*([A-Za-z_][A-Za-z0-9_]*)")


@lru_cache(maxsize=4096)
def parse(text: str) -> Node:
    """Parse an expression; ExprError (with .pos) if it is not one. Results are cached."""
    if not isinstance(text, str):
        raise ExprError("expr_not_text", 0)
    if "instance(" in text:
        text = _REGISTER_LOOKUP.sub(lambda m: f"register-field({m[1]}, '{m[2]}')", text)
    parser = _Parser(text)
    if parser.peek().kind == "end":
        raise ExprError("expr_empty", 0)
    node = parser.expression()
    tok = parser.peek()
    if tok.kind != "end":
        raise ExprError("expr_unexpected", tok.pos, token=tok.text)
    return node


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, parents before children."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, Unary):
            stack.append(n.operand)
        elif isinstance(n, Binary):
            stack.extend((n.right, n.left))
        elif isinstance(n, Call):
            stack.extend(reversed(n.args))
        elif isinstance(n, Lookup):
            stack.extend(reversed([value for _, value in n.conditions]))
