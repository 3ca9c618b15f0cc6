"""Writing a form as TOML (the standard library reads TOML but does not write it).

Only the shapes a form has are written: tables of text, booleans and inline tables of text, arrays
of tables. Every string is a basic string with the escapes TOML requires, so whatever an XLSForm
held (quotes, backslashes, control characters, lone surrogates) reads back exactly or, for the
surrogates that no UTF-8 file can hold, as U+FFFD.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _string(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        elif 0xD800 <= ord(ch) <= 0xDFFF:
            out.append("\\uFFFD")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _string(key)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_key(str(k))} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} as a form value")


def _table(rows: Mapping[str, Any]) -> list[str]:
    return [f"{_key(str(k))} = {_value(v)}" for k, v in rows.items()]


def dump_form(data: Mapping[str, Any], header: str = "") -> str:
    """{"form": {...}, "survey": [{...}, ...], "choices": {list: [{...}, ...]}} as TOML text."""
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    if lines:
        lines.append("")
    lines += ["[form]", *_table(data.get("form", {})), ""]
    for row in data.get("survey", []):
        lines += ["[[survey]]", *_table(row), ""]
    for list_name, rows in data.get("choices", {}).items():
        for row in rows:
            lines += [f"[[choices.{_key(str(list_name))}]]", *_table(row), ""]
    if data.get("instances"):  # one line a row: a town's list of villages stays readable
        lines.append("[instances]")
        for name, rows in data["instances"].items():
            lines += [f"{_key(str(name))} = [", *(f"  {_value(row)}," for row in rows), "]", ""]
    return "\n".join(lines)
