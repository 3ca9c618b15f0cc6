"""Text from the field placed in Markdown: shown as typed, never taken as markup."""

from __future__ import annotations

# Backslash escapes work for every ASCII punctuation character in CommonMark; these are the
# ones that would otherwise start emphasis, code, links, inline HTML, headings or table cells.
_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|"})


def md_text(text: str) -> str:
    """One line of Markdown showing `text` literally (line breaks become spaces)."""
    return " ".join(text.split()).translate(_SPECIAL)
