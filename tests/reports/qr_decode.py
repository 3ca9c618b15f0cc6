"""Find the QR codes drawn in our SVG / HTML files, rasterise them and decode them with ZXing.

The rasteriser reads the path we write (runs "M x y h n v 1 h -n z" in module units) and
paints it, so the decoder sees exactly what the file draws; zxing-cpp then decodes the image as
a scanner would.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import zxingcpp
from PIL import Image, ImageDraw

_RUN = re.compile(r"M(\d+) (\d+)h(\d+)v1h-(\d+)z")


class _QrFinder(HTMLParser):
    """Collects (viewBox side, path d) of every <svg class="qr"> in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.codes: list[tuple[int, str]] = []
        self._side: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "svg" and a.get("class") == "qr":
            self._side = int((a.get("viewbox") or "").split()[2])
        elif tag == "path" and self._side is not None:
            self.codes.append((self._side, a.get("d") or ""))
            self._side = None

    handle_startendtag = handle_starttag


def rasterise(side: int, path: str, scale: int = 8) -> Image.Image:
    image = Image.new("L", (side * scale, side * scale), 255)
    draw = ImageDraw.Draw(image)
    runs = _RUN.findall(path)
    assert "".join(f"M{x} {y}h{n}v1h-{m}z" for x, y, n, m in runs) == path, "unexpected path syntax"
    for x, y, n, _ in runs:
        x, y, n = int(x), int(y), int(n)
        draw.rectangle([x * scale, y * scale, (x + n) * scale - 1, (y + 1) * scale - 1], fill=0)
    return image


def decode_all(document: str) -> list[str]:
    """The text of every QR code in the document, in order (one decode per code)."""
    finder = _QrFinder()
    finder.feed(document)
    texts = []
    for side, path in finder.codes:
        results = zxingcpp.read_barcodes(rasterise(side, path), formats=zxingcpp.BarcodeFormat.QRCode)
        assert len(results) == 1, f"expected one QR code, decoded {len(results)}"
        texts.append(results[0].text)
    return texts
