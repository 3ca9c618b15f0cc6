"""select_multiple shows ticked and not ticked choices in different glyphs, not only colours."""

from __future__ import annotations

import pytest
from doorstep.tui.theme import DAYLIGHT_THEME, DEFAULT_THEME
from doorstep.tui.widgets.answer import TICKED, UNTICKED, DoorstepMultiChoiceList
from rich.cells import cell_len
from tui_helpers import scan, type_keys
from tui_homes import IDS


def shown_lines(widget: DoorstepMultiChoiceList) -> list[str]:
    return [widget.render_line(y).text for y in range(len(widget.names))]


def test_the_marks_are_one_cell_per_character_and_differ() -> None:
    assert TICKED != UNTICKED
    for mark in (TICKED, UNTICKED):
        assert cell_len(mark) == len(mark)  # no ambiguous-width glyph a CJK font may widen
        assert mark.isascii()


@pytest.mark.parametrize("theme", [DEFAULT_THEME, DAYLIGHT_THEME])
async def test_ticked_choices_read_as_ticked_in_both_themes(home_path, make_app, clock, theme) -> None:
    app = make_app(home_path, theme=theme)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == theme
        await scan(pilot, IDS[1], clock)
        await type_keys(pilot, "1")  # home care: the first question is services (several answers)
        multi = app.screen.query_one("#answer-multi", DoorstepMultiChoiceList)
        assert all(line.startswith(UNTICKED + " ") for line in shown_lines(multi))
        await type_keys(pilot, "2", "4")  # tick the second and the fourth
        lines = shown_lines(multi)
        assert [line.startswith(TICKED + " ") for line in lines] == [
            i in (1, 3) for i in range(len(lines))
        ]
        assert lines[1].startswith(TICKED + " 2. ")  # the number key still reads beside the mark
        await type_keys(pilot, "2")  # untick
        assert shown_lines(multi)[1].startswith(UNTICKED + " 2. ")
        assert multi.selected == [multi.names[3]]
        assert app.session.store.get_draft(app.screen.visit_id)["answers"]["services"] == multi.names[3]
