"""QR codes of household identifiers: as SVG (for HTML pages and label sheets) and as text art.

The `qrcode` package computes the matrix; the drawing is ours so that the SVG is small (one
path of horizontal runs) and fits inside any page at any size. Identifiers are digits and
upper-case letters only, which QR encodes in its compact alphanumeric mode: an 8-character id
fits the smallest QR version (21 x 21 modules) with error correction level M.
"""

from __future__ import annotations

from html import escape

import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4   # modules of white around the code, as the QR standard asks


def qr_matrix(data: str) -> list[list[bool]]:
    """Dark (True) and light modules, without the quiet zone."""
    code = qrcode.QRCode(border=0, error_correction=ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def qr_path(matrix: list[list[bool]], offset: int = 0) -> str:
    """An SVG path drawing each run of dark modules as one rectangle ("M x y h n v 1 h -n z")."""
    parts = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            parts.append(f"M{start + offset} {y + offset}h{x - start}v1h-{x - start}z")
    return "".join(parts)


def qr_svg(data: str, *, size: str = "30mm", x: str | None = None, y: str | None = None,
           title: str | None = None) -> str:
    """An <svg> element (usable inline in HTML or nested in an SVG page) with the quiet zone.

    `data-qr` carries the encoded text, so tools and tests can find each code on a sheet.
    """
    matrix = qr_matrix(data)
    side = len(matrix) + 2 * QUIET_ZONE
    position = (f' x="{x}"' if x is not None else "") + (f' y="{y}"' if y is not None else "")
    label = f"<title>{escape(title)}</title>" if title else ""
    return (f'<svg class="qr" data-qr="{escape(data)}"{position} width="{size}" height="{size}" '
            f'viewBox="0 0 {side} {side}" shape-rendering="crispEdges">{label}'
            f'<rect width="{side}" height="{side}" fill="#fff"/>'
            f'<path fill="#000" d="{qr_path(matrix, QUIET_ZONE)}"/></svg>')


def qr_text(data: str) -> str:
    """Text art for Markdown and terminals: two module rows per line, dark modules as ink.

    Read it on a light background (as text is usually printed); a quiet zone of two modules
    is enough for phone scanners reading a screen.
    """
    matrix = qr_matrix(data)
    margin = 2
    width = len(matrix) + 2 * margin
    rows = [[False] * width for _ in range(margin)]
    rows += [[False] * margin + row + [False] * margin for row in matrix]
    rows += [[False] * width for _ in range(margin)]
    if len(rows) % 2:
        rows.append([False] * width)
    glyph = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
    lines = ["".join(glyph[(top[i], bottom[i])] for i in range(width)).rstrip()
             for top, bottom in zip(rows[0::2], rows[1::2], strict=True)]
    return "\n".join(lines)
