"""The year's files from the summaries screen (Pilot, 80x24): x writes the summary as md, html
and xlsx and the visits export as xlsx to the folder typed, the same as the command line's."""

from __future__ import annotations

from pathlib import Path

from doorstep.cli.main import main
from doorstep.tui.office.screens.summaries import SummariesScreen
from doorstep.tui.screens.prompt import PathPrompt
from office_helpers import press, type_text
from openpyxl import load_workbook


async def test_summary_and_visits_written_to_a_chosen_folder(merged_town, make_app, tmp_path: Path,
                                                           capsys) -> None:  # noqa: ANN001
    office = merged_town / "office"
    folder = tmp_path / "年度总结"
    app = make_app(office)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f6")
        assert isinstance(app.screen, SummariesScreen)
        await press(pilot, "x")
        assert isinstance(app.screen, PathPrompt)
        await press(pilot)
        app.screen.query_one("#path").value = ""
        await type_text(pilot, str(folder))
        await press(pilot, "enter")
        assert isinstance(app.screen, SummariesScreen)
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["summary-all.html", "summary-all.md", "summary-all.xlsx", "visits-all.xlsx"]
    # the markdown is the command line's, figure for figure
    capsys.readouterr()
    assert main(["--home", str(office), "--lang", "en", "summary", "--format", "md"]) == 0
    assert (folder / "summary-all.md").read_text(encoding="utf-8") == capsys.readouterr().out
    book = load_workbook(folder / "visits-all.xlsx")
    assert sum(ws.max_row - 2 for ws in book.worksheets if "-" not in ws.title) > 0
