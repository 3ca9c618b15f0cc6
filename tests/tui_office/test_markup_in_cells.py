"""Brackets in a name are text: a DataTable reads a str cell as Rich markup, so a register name
such as 王[/b]五 (typed into a sheet, sent in a bundle) stopped the screen that listed it with a
MarkupError, and [red]... coloured it. Every office list shows such text as it was typed."""

from __future__ import annotations

from doorstep.storage.home import Home
from office_helpers import press, rows_by_key

NAME = "王[/b]五[red]"
VILLAGE = "[b]东村"


async def test_brackets_in_register_text_are_shown_as_typed(town, make_app) -> None:
    office = town / "office"
    with Home.open(office).writer() as store:
        household = store.entries()[0]["id"]
        store.update_entry(household, {"name": NAME, "village": VILLAGE})
    app = make_app(office)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f5")
        row = rows_by_key(pilot)[household]
        assert row[1].startswith("王[/b]") and row[2].startswith("[b]")
        shown = "\n".join(line.text for line in app.screen._compositor.render_strips())
        assert "王[/b]" in shown and "[b]东" in shown
