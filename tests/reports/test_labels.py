"""QR label sheets: every code, rasterised from the file written, decodes to its identifier."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from doorstep.i18n import UserError  # noqa: E402
from doorstep.reports.labels import PER_PAGE, labels_for, render_labels  # noqa: E402
from doorstep.storage import qrid  # noqa: E402
from qr_decode import decode_all  # noqa: E402


def register(n: int) -> list[dict[str, str]]:
    ids: list[str] = []
    for _ in range(n):
        ids.append(qrid.new_id(set(ids)))
    villages = ["东湖村", "西山村", "南岭村"]
    return [{"id": i, "name": f"住户{k:02d}号", "village": villages[k % 3]} for k, i in enumerate(ids)]


def write(files: list[tuple[Path, bytes]]) -> list[Path]:
    for path, content in files:
        path.write_bytes(content)
    return [p for p, _ in files]


def test_svg_pages_decode_to_every_identifier_in_order(tmp_path: Path) -> None:
    entries = register(30)
    paths = write(render_labels(labels_for(entries), tmp_path / "labels.svg", "zh"))
    assert [p.name for p in paths] == ["labels.svg", "labels-2.svg"]
    decoded = [text for p in paths for text in decode_all(p.read_text(encoding="utf-8"))]
    assert decoded == [e["id"] for e in entries]
    first = paths[0].read_text(encoding="utf-8")
    assert len(decode_all(first)) == PER_PAGE
    for entry in entries[:PER_PAGE]:       # name, village and the identifier in type beside the code
        assert re.search(rf">{entry['id']}</text>", first)
        assert f">{entry['name']}</text>" in first and f">{entry['village']}</text>" in first


def test_html_sheet_holds_every_page(tmp_path: Path) -> None:
    entries = register(50)
    [path] = write(render_labels(labels_for(entries), tmp_path / "labels.html", "en"))
    html = path.read_text(encoding="utf-8")
    assert html.count('class="sheet"') == 3
    assert decode_all(html) == [e["id"] for e in entries]


def test_one_village_only(tmp_path: Path) -> None:
    entries = register(9)
    [path] = write(render_labels(labels_for(entries, "西山村"), tmp_path / "x.svg", "zh"))
    expected = [e["id"] for e in entries if e["village"] == "西山村"]
    assert decode_all(path.read_text(encoding="utf-8")) == expected


def test_bad_suffix_and_nothing_to_print_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"\.html or \.svg"):
        render_labels(labels_for(register(1)), tmp_path / "labels.pdf", "en")
    with pytest.raises(UserError, match="no labels"):
        render_labels([], tmp_path / "labels.svg", "en")


def test_registry_labels_command_writes_a_sheet_that_decodes(tmp_path: Path) -> None:
    """`doorstep registry labels` as a user runs it (main(argv), in-process), on a real home."""
    from cli_runner import Result, invoke
    from handmade import build_office_home

    ids = build_office_home(tmp_path / "home")
    out = tmp_path / "labels.html"

    def run(*argv: str) -> Result:
        return invoke(["--home", tmp_path / "home", *argv])

    done = run("--lang", "zh", "registry", "labels", "--out", str(out), "--village", "东村")
    assert done.returncode == 0, done.stderr
    assert decode_all(out.read_text(encoding="utf-8")) == [ids["H1"], ids["H2"], ids["H6"]]
    assert str(out) in done.stderr
    before = out.read_bytes()
    refused = run("--lang", "en", "registry", "labels", "--out", str(out), "--village", "北村")
    assert refused.returncode == 1
    assert "no village '北村'" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert out.read_bytes() == before
