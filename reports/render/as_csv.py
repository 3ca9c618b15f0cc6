"""The summary as CSV: one row per figure (id, label, value, unit, number of sources).

A long table rather than the printed layout, because CSV goes to other tools; values are
exact (yuan with two decimals, shares as fractions). UTF-8 with a BOM so Excel reads Chinese.
"""

from __future__ import annotations

import csv
import io

from doorstep.reports.figures import Summary
from doorstep.reports.messages import t
from doorstep.reports.vocabulary import Vocabulary, plain_value


def render_csv(summary: Summary, vocab: Vocabulary) -> str:
    lang = vocab.lang
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["figure", "label", "value", "unit", "sources"])
    writer.writerow([t(f"col.{c}", lang) for c in ("figure", "label", "value", "unit", "sources")])
    for figure in summary.figures.values():
        value = plain_value(figure.value, figure.unit)
        writer.writerow([figure.id, vocab.figure_label(figure), "" if value is None else value,
                         figure.unit, len(figure.sources)])
    return "\ufeff" + buffer.getvalue()
