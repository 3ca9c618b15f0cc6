"""README's example, as a town office and two volunteers would run it, in Chinese: GB18030 and
xlsx registers, assignments by village, visits recorded on the laptops, a shared stick."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from cli_helpers import doorstep
from record_visits import main as record_visits


def _ok(*args: str | Path, home: Path | None = None, lang: str = "zh") -> str:
    done = doorstep(*args, home=home, lang=lang)
    assert done.code == 0, (args, done.out, done.err)
    assert "Traceback" not in done.err
    return done.out


def test_office_and_two_laptops_through_a_shared_stick(tmp_path: Path) -> None:
    office, stick = tmp_path / "office", tmp_path / "stick"
    laptops = [tmp_path / "laptop-1", tmp_path / "laptop-2"]
    _ok("init", "office", "--name", "河口镇", home=office)
    _ok("keys", "show", "--export", tmp_path / "office.pub", home=office)
    for laptop, volunteer in zip(laptops, ("李秀梅", "王志刚"), strict=True):
        _ok("init", "device", "--name", laptop.name, "--volunteer", volunteer,
            "--office-key", tmp_path / "office.pub", home=laptop)
        _ok("keys", "show", "--export", tmp_path / f"{laptop.name}.pub", home=laptop)
        _ok("device", "add", tmp_path / f"{laptop.name}.pub", home=office)

    rows = ["姓名,类别,村,地址,电话", "王建国,残疾军人,东湖村,东湖村1组3号,13800138000",
            "李春花,烈士遗属,东湖村,东湖村2组5号,0731-84123456",
            "张德胜,老复员军人,西山村,西山村3组1号,１３９１２３４５６７８"]
    (tmp_path / "register.csv").write_bytes(("\r\n".join(rows) + "\r\n").encode("gb18030"))
    _ok("registry", "import", tmp_path / "register.csv", home=office)
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "类别", "村", "电话"])
    workbook.active.append(["陈志强", "病故军人遗属", "西山村", 15012345678])
    workbook.save(tmp_path / "more.xlsx")
    _ok("registry", "import", tmp_path / "more.xlsx", home=office)

    _ok("assign", "--device", "laptop-1", "--village", "东湖村", "--out", stick, home=office)
    _ok("assign", "--device", "laptop-2", "--village", "西山村", "--out", stick, home=office)
    for laptop in laptops:
        assert "已导入派单" in _ok("bundle", "import", stick, home=laptop)
    for laptop in laptops:
        _record_visits(laptop)
        _ok("bundle", "export", "--out", stick, "--no-qr", home=laptop)

    first = _ok("bundle", "merge", stick, home=office)
    assert "拒收 0；新走访 4 条" in first and "跳过" in first
    held = _ok("visits", "export", "--format", "json", home=office)
    second = _ok("bundle", "merge", stick, home=office)
    assert "新 0，重复 2，拒收 0" in second
    assert _ok("visits", "export", "--format", "json", home=office) == held
    for bundle in stick.glob("*visits*"):
        assert "有效" in _ok("bundle", "verify", bundle, home=office)

    figures = json.loads(_ok("summary", "--format", "json", home=office))["figures"]
    assert figures["visits.total"]["value"] == 4 and figures["register.total"]["value"] == 4
    for fmt in ("md", "html", "csv", "xlsx"):
        _ok("summary", "--format", fmt, "--out", tmp_path / f"summary.{fmt}", home=office)
    assert _ok("summary", "--explain", "visits.total", home=office, lang="en").count("2026-") == 4
    _ok("visits", "export", "--format", "xlsx", "--out", tmp_path / "visits.xlsx", home=office)
    _ok("registry", "labels", "--out", tmp_path / "labels.html", home=office)


def _record_visits(laptop: Path) -> None:
    """A volunteer's day on the laptop, through the calls the app makes (the TUI is not tested here)."""
    record_visits(str(laptop))  # raises, failing the test, where the script would exit non-zero
