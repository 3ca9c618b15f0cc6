"""Renderers of the office summary: terminal tables, Markdown, HTML, CSV, xlsx and JSON.

Each takes a `Summary` and a `Vocabulary` (the language) and returns the file's content; the
terminal renderer prints to a rich Console instead.
"""

from __future__ import annotations

from doorstep.reports.figures import Summary
from doorstep.reports.vocabulary import Vocabulary

FORMATS = ("table", "md", "html", "csv", "xlsx", "json")


def render_summary(summary: Summary, vocab: Vocabulary, fmt: str) -> str | bytes:
    """The file content of one format (xlsx as bytes, the others as text)."""
    if fmt == "table":
        from doorstep.reports.render.as_text import render_text

        return render_text(summary, vocab)
    if fmt == "md":
        from doorstep.reports.render.as_markdown import render_markdown

        return render_markdown(summary, vocab)
    if fmt == "html":
        from doorstep.reports.render.as_html import render_html

        return render_html(summary, vocab)
    if fmt == "csv":
        from doorstep.reports.render.as_csv import render_csv

        return render_csv(summary, vocab)
    if fmt == "xlsx":
        from doorstep.reports.render.as_xlsx import render_xlsx

        return render_xlsx(summary, vocab)
    if fmt == "json":
        from doorstep.reports.render.as_json import render_json

        return render_json(summary, vocab)
    raise ValueError(f"unknown format {fmt!r}")
