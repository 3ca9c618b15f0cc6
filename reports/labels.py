"""A4 sheets of household labels: name, village, the identifier in large type, its QR code.

The grid is the common A4 label stock of 3 x 8 labels of 70 x 37 mm (24 per sheet, no margins),
so the sheets print onto ready-cut labels as well as onto plain paper to cut. Each page is one
SVG drawn in millimetres; the HTML file holds every page, one per printed sheet; an SVG file
holds one page, so a register of more than 24 households gives FILE.svg, FILE-2.svg, ...
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from doorstep.i18n import Lang, Message, UserError
from doorstep.i18n.shown import shown
from doorstep.reports.messages import MESSAGES, t
from doorstep.reports.qr import qr_svg

PAGE_W, PAGE_H = 210, 297          # A4, millimetres
COLUMNS, ROWS = 3, 8
LABEL_W, LABEL_H = 70, 37
MARGIN_X = (PAGE_W - COLUMNS * LABEL_W) / 2
MARGIN_Y = (PAGE_H - ROWS * LABEL_H) / 2
PER_PAGE = COLUMNS * ROWS
QR_SIZE = 31                      # the code with its quiet zone, millimetres
TEXT_FONT = "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', 'SimHei', sans-serif"
ID_FONT = "'DejaVu Sans Mono', Consolas, 'Courier New', monospace"


@dataclass(frozen=True)
class Label:
    id: str
    name: str
    village: str


def escape(text: str) -> str:
    """Text for SVG/HTML: escaped, with control characters made visible first (i18n.shown), which
    XML does not allow at all (a raw one makes the label sheet an invalid file)."""
    return html.escape(shown(text))


def labels_for(entries: Iterable[Mapping[str, Any]], village: str | None = None) -> list[Label]:
    """One label per register entry (in register order), of one village or all."""
    return [Label(str(e["id"]), str(e.get("name", "")), str(e.get("village", "")))
            for e in entries if village is None or e.get("village") == village]


def _fit(text: str, size: float, width: float) -> str:
    """A text element's sizing: shrink the glyphs to fit `width` mm when the text is long."""
    # CJK glyphs are about 1 em wide, Latin ones about 0.6 em.
    estimated = sum(1.0 if ord(ch) > 0x2E80 else 0.6 for ch in text) * size
    if estimated <= width:
        return f'font-size="{size}"'
    return f'font-size="{size}" textLength="{width}" lengthAdjust="spacingAndGlyphs"'


def _label_svg(label: Label, x: float, y: float) -> str:
    text_x = x + QR_SIZE + 2
    width = LABEL_W - QR_SIZE - 5
    return (
        f'<g class="label" data-id="{escape(label.id)}">'
        f'<rect x="{x}" y="{y}" width="{LABEL_W}" height="{LABEL_H}" fill="none" stroke="#ccc" '
        f'stroke-width="0.2" stroke-dasharray="1 1"/>'
        + qr_svg(label.id, size=f"{QR_SIZE}", x=f"{x + 2}", y=f"{y + (LABEL_H - QR_SIZE) / 2}",
                 title=label.id)
        + f'<text x="{text_x}" y="{y + 10}" font-family="{TEXT_FONT}" font-weight="bold" '
        f'{_fit(label.name, 6, width)}>{escape(label.name)}</text>'
        f'<text x="{text_x}" y="{y + 17}" font-family="{TEXT_FONT}" '
        f'{_fit(label.village, 4, width)}>{escape(label.village)}</text>'
        f'<text x="{text_x}" y="{y + 29}" font-family="{ID_FONT}" font-weight="bold" '
        f'{_fit(label.id, 6.5, width)}>{escape(label.id)}</text>'
        "</g>"
    )


def page_svg(labels: Sequence[Label], *, standalone: bool = True) -> str:
    """One A4 page of up to 24 labels, in millimetres."""
    cells = []
    for i, label in enumerate(labels[:PER_PAGE]):
        row, column = divmod(i, COLUMNS)
        cells.append(_label_svg(label, MARGIN_X + column * LABEL_W, MARGIN_Y + row * LABEL_H))
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else ""
    return (f'{head}<svg xmlns="http://www.w3.org/2000/svg" class="page" width="{PAGE_W}mm" '
            f'height="{PAGE_H}mm" viewBox="0 0 {PAGE_W} {PAGE_H}">'
            f'<rect width="{PAGE_W}" height="{PAGE_H}" fill="#fff"/>{"".join(cells)}</svg>\n')


def pages(labels: Sequence[Label]) -> list[Sequence[Label]]:
    return [labels[i:i + PER_PAGE] for i in range(0, len(labels), PER_PAGE)]


def sheet_html(labels: Sequence[Label], lang: Lang) -> str:
    """Every page in one HTML file, one printed A4 sheet per page."""
    body = "".join(f'<div class="sheet">{page_svg(p, standalone=False)}</div>' for p in pages(labels))
    title = escape(t("lb.title", lang))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>"
        "@page { size: A4; margin: 0; } body { margin: 0; background: #eee; } "
        ".sheet { width: 210mm; height: 297mm; margin: 0 auto 8mm; background: #fff; "
        "page-break-after: always; break-after: page; } .sheet svg { display: block; } "
        "@media print { body { background: none; } .sheet { margin: 0; } }"
        f"</style></head><body>{body}</body></html>\n"
    )


def svg_page_paths(out: Path, count: int) -> list[Path]:
    """FILE.svg for the first page, FILE-2.svg, FILE-3.svg, ... for the next ones."""
    return [out if n == 1 else out.with_name(f"{out.stem}-{n}{out.suffix}") for n in range(1, count + 1)]


def render_labels(labels: Sequence[Label], out: Path, lang: Lang) -> list[tuple[Path, bytes]]:
    """The files to write for `out` (.html: one file; .svg: one file per page)."""
    suffix = out.suffix.lower()
    if suffix not in (".html", ".htm", ".svg"):
        raise UserError(Message(MESSAGES, "label_format", {"path": str(out)}))
    if not labels:
        raise UserError(Message(MESSAGES, "no_labels", {}))
    if suffix == ".svg":
        sheets = pages(labels)
        return [(path, page_svg(page).encode("utf-8"))
                for path, page in zip(svg_page_paths(out, len(sheets)), sheets, strict=True)]
    return [(out, sheet_html(labels, lang).encode("utf-8"))]
