"""Fitting text into a number of terminal cells: Chinese characters take two cells each."""

from __future__ import annotations

from rich.cells import cell_len

ELLIPSIS = "…"


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` cells, with an ellipsis when something was cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    out: list[str] = []
    used = 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + ELLIPSIS


def pad(text: str, width: int) -> str:
    """`text` fitted and padded with spaces to exactly `width` cells."""
    fitted = fit(text, width)
    return fitted + " " * (width - cell_len(fitted))
