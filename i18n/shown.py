"""Text from outside shown as data: what a terminal, a table or an SVG must never receive raw.

Device names, volunteers' and households' names and answers come from laptops and sheets that
the office does not control. Printed raw, `\\x1b[2J` clears the supervisor's screen, `\\x1b]0;...\\x07`
retitles the window, a right-to-left override turns `fingerprint ABCD` round, a lone surrogate
crashes the print, and a control character makes an SVG file invalid XML. `shown()` turns each such
character into a visible escape (`\\x1b`, `\\u202e`), so the text stays readable and nothing in it
acts; every place that shows outside text (cli, tui, reports) goes through it.

What counts: every character of Unicode's "other" categories (controls C0, DEL and C1, the
invisible format characters that change the direction of text or hide in it, surrogates, private
use, unassigned) and the line and paragraph separators. Everything else, Chinese, the ideographic
space and emoji included, is shown as it is.
"""

from __future__ import annotations

import unicodedata


def _unsafe(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] == "C" or category in ("Zl", "Zp")


def _escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _shown_line(value: str) -> str:
    if value.isprintable():  # the usual case, and fast: nothing of the above is printable
        return value
    return "".join(_escape(ch) if _unsafe(ch) else ch for ch in value)


def shown(text: object, *, newlines: bool = False) -> str:
    """`text` with every character that could act on a terminal or break a file made visible.

    `newlines=True` keeps line breaks (\\n) as they are, for multi-line answers shown in a block.
    """
    value = text if isinstance(text, str) else str(text)
    if newlines:
        return "\n".join(_shown_line(line) for line in value.split("\n"))
    return _shown_line(value)


def printable(text: str) -> bool:
    """Whether `text` has nothing that shown() would change: what a chosen name must be."""
    return not any(_unsafe(ch) for ch in text)
