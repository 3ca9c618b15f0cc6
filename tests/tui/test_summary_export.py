"""The visit summary: readable text with the visit's QR code, exported as Markdown, never over a file."""

from __future__ import annotations

from doorstep.tui.screens.prompt import PathPrompt
from doorstep.tui.screens.review import SummaryScreen
from doorstep.tui.visit_summary import qr_text
from tui_helpers import scan, text_of, type_keys
from tui_homes import IDS

VISIT_KEY = "00000000-0000-4000-8000-000000000001.1"


async def _open_summary(pilot, clock) -> None:  # noqa: ANN001
    await scan(pilot, IDS[0], clock)
    options = pilot.app.screen.query_one("#actions")
    options.highlighted = next(i for i, o in enumerate(options.options) if (o.id or "").startswith("visit:"))
    await type_keys(pilot, "enter")
    assert isinstance(pilot.app.screen, SummaryScreen)


async def test_the_summary_shows_labels_choice_names_and_the_visit_key(home_path, make_app, clock) -> None:
    app = make_app(home_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_summary(pilot, clock)
        text = text_of(app, "#summary-text")
        assert "本次提供了哪些服务？：清扫卫生" in text  # labels, not choice names
        assert "精神慰藉" in text and "company" not in text
        assert "需要跟进什么？：屋顶漏雨，需安排维修" in text
        assert "2026-07-20 09:00" in text
        assert VISIT_KEY.split(".")[0] in text
        qr = text_of(app, "#summary-qr")
        assert IDS[0] in qr  # the household's identifier, beside its code
        assert qr_text(IDS[0], dark_on_light=False) in qr  # the default theme is dark


async def test_export_writes_markdown_and_refuses_to_overwrite(home_path, make_app, clock, tmp_path) -> None:
    target = tmp_path / "out" / "visit.md"
    app = make_app(home_path, lang="en")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await _open_summary(pilot, clock)
        await type_keys(pilot, "e")
        assert isinstance(app.screen, PathPrompt)
        assert app.screen.query_one("#path").value.endswith(".md")
        app.screen.query_one("#path").value = str(target)
        await type_keys(pilot, "enter")
        markdown = target.read_text(encoding="utf-8")
        assert markdown.startswith("# ")
        assert "Which services were delivered?: Cleaning" in markdown
        assert "What must be followed up?: 屋顶漏雨，需安排维修" in markdown
        assert VISIT_KEY.split(".")[0] in markdown and IDS[0] in markdown
        assert "█" in markdown  # the QR code, as text

        await type_keys(pilot, "h")
        html_path = app.screen.query_one("#path").value
        assert html_path.endswith(".html")
        await type_keys(pilot, "enter")
        assert "<html" in open(html_path, encoding="utf-8").read()

        target.write_text("the volunteer's own notes", encoding="utf-8")
        await type_keys(pilot, "e")
        app.screen.query_one("#path").value = str(target)
        await type_keys(pilot, "enter")
        assert target.read_text(encoding="utf-8") == "the volunteer's own notes"
        assert any("not overwritten" in str(n.message) for n in app._notifications)


def test_the_qr_drawing_has_its_quiet_zone_and_inverts_for_dark_screens() -> None:
    from doorstep.reports.qr import qr_matrix

    modules = len(qr_matrix("7K3M9QX4"))
    light = qr_text("7K3M9QX4").splitlines()
    dark = qr_text("7K3M9QX4", dark_on_light=False).splitlines()
    assert all(len(line) == modules + 4 for line in light)  # two light modules either side
    assert len(light) == (modules + 4 + 1) // 2  # two modules a line
    assert light[0].strip() == ""  # the quiet zone: no ink
    swap = str.maketrans("█▀▄ ", " ▄▀█")
    assert [line.translate(swap) for line in light] == dark
