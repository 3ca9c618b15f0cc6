"""The summary as CSV: one row per figure (label, value, unit, number of sources, figure code).

A long table rather than the printed layout, because CSV goes to other tools too: row 1 is the
header in the chosen language, row 2 the same header for machines. Values are exact (yuan with
two decimals, shares as fractions); units are words. UTF-8 with a BOM so Excel reads Chinese;
every cell made safe (storage.sheets).
"""

from __future__ import annotations

from doorstep.reports.figures import Summary
from doorstep.reports.messages import t
from doorstep.reports.vocabulary import Vocabulary, plain_value
from doorstep.storage.sheets import csv_bytes

COLUMNS = ("label", "value", "unit", "sources", "figure")


def render_csv(summary: Summary, vocab: Vocabulary) -> str:
    lang = vocab.lang
    rows: list[list] = [[t(f"col.{c}", lang) for c in COLUMNS], list(COLUMNS)]
    for figure in summary.figures.values():
        value = plain_value(figure.value, figure.unit)
        rows.append([vocab.figure_label(figure), "" if value is None else value,
                     t(f"unit.{figure.unit}", lang), figure.source_count, figure.id])
    return csv_bytes(rows).decode("utf-8")
