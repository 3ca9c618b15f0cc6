"""Showing a visit on screen: answers as people read them, and QR codes a camera can read.

The summary itself (what is said about a visit, and its Markdown and HTML) comes from
reports.visit_summary, so the volunteer and the office see the same text; this module only lays
it out for a terminal. Pure Python, no Textual.
"""

from __future__ import annotations

from typing import Any

from doorstep.i18n import Lang
from doorstep.reports.messages import t as reports_t
from doorstep.reports.qr import qr_matrix
from doorstep.survey.moments import show_answer

_HALF = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
QUIET = 2  # modules of light margin around the code


def qr_text(data: str, *, dark_on_light: bool = True) -> str:
    """`data` as a QR code drawn with half blocks, two modules a line, with its quiet zone.

    A glyph's ink is the terminal's foreground: on a light screen ink is dark, as on paper; on a
    dark screen ink is light, so the picture is inverted to keep the code dark-on-light to a camera.
    """
    matrix = qr_matrix(data)
    width = len(matrix) + 2 * QUIET
    rows = [[False] * width for _ in range(QUIET)]
    rows += [[False] * QUIET + list(row) + [False] * QUIET for row in matrix]
    rows += [[False] * width for _ in range(QUIET)]
    if len(rows) % 2:
        rows.append([False] * width)
    if not dark_on_light:
        rows = [[not v for v in row] for row in rows]
    return "\n".join(
        "".join(_HALF[(a, b)] for a, b in zip(top, bottom, strict=True))
        for top, bottom in zip(rows[::2], rows[1::2], strict=True)
    )


def entry_number(item: Any) -> str:
    """Which entry an item is in, for people: "2", or "2.1" in a repeat inside a repeat."""
    return ".".join(str(i + 1) for i in item.entry[1::2])


def display_value(item: Any, lang: Lang = "zh") -> str:
    """An answer of a checklist item as a person reads it: choice labels, not choice names."""
    value = item.value or ""
    if item.choices and value:
        labels = {c.name: c.label for c in item.choices}
        if item.type == "select_multiple":
            # "；" as in reports' visit summary: choice labels may contain "、" themselves
            return ("；" if lang == "zh" else "; ").join(labels.get(v, v) for v in value.split())
        return labels.get(value, value)
    if item.type == "acknowledge" and value:
        return "✓"
    return show_answer(item.type, value, lang)


def summary_text(summary: Any) -> str:
    """A reports.visit_summary.VisitSummary as plain lines for the screen (the QR apart)."""
    lang = summary.lang
    colon = "：" if lang == "zh" else ": "
    out = [summary.title, ""]
    out += [f"{k}{colon}{v}" for k, v in summary.facts]
    out += ["", reports_t("vs.answers", lang)]
    for line in summary.lines:
        indent = "  " * (line.depth + 1)
        out.append(
            f"{indent}{line.label}" if line.kind == "heading" else f"{indent}{line.label}{colon}{line.text}"
        )
    out += [f"  {k}{colon}{v}" for k, v in summary.extra]
    out += ["", reports_t("vs.followups", lang)]
    out += [f"  {x}" for x in summary.followups] or ["  " + reports_t("vs.no_followup", lang)]
    return "\n".join(out)
