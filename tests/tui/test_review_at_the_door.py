"""Issue 16, point 9, at 80x24: the review opens on the first problem, shows long answers
whole, and shows the condolence total that the recipient confirms."""

from __future__ import annotations

from doorstep.tui.screens.review import ReviewScreen
from tui_helpers import scan, type_keys, type_text
from tui_homes import IDS


def review_lines(app) -> list[str]:  # noqa: ANN001
    table = app.screen.query_one("#review")
    return [table.render_line(y).text for y in range(table.region.height)]


async def test_review_opens_on_the_first_problem_with_the_total_shown(home_path, make_app, clock) -> None:
    app = make_app(home_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[3], clock)
        await type_keys(pilot, "3", "1", "enter", "1", "1", "enter")  # Army Day; condolence money
        await type_text(pilot, "800")
        await type_keys(pilot, "enter", "1", "1", "5", "enter")  # another entry: a gift
        await type_text(pilot, "2")
        await type_keys(pilot, "enter")
        await type_keys(pilot, "f4")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        table = screen.query_one("#review")
        errors = screen.cl.errors()
        assert errors  # the receipt is not confirmed yet
        first = next(n for n, slot in enumerate(screen.slots) if slot in errors)
        assert first > 0
        assert table.cursor_row == first
        assert any("Total amount: 800 yuan" in line for line in review_lines(app))
        await type_keys(pilot, "enter")  # Enter goes to that question
        assert app.screen.slot == screen.slots[first]


async def test_a_long_answer_is_shown_whole_on_the_review(home_path, make_app, clock) -> None:
    app = make_app(home_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[1], clock)
        await type_keys(pilot, "1", "5", "enter")
        long = "帮老人把院子里的柴火搬进柴房再清理灶台和水缸最后陪老人聊了半个小时家常并约好下周三再来"
        await type_text(pilot, long)
        await type_keys(pilot, "enter", "f4")
        assert isinstance(app.screen, ReviewScreen)
        shown = "".join(line.split("│")[-1] if "│" in line else line for line in review_lines(app))
        squeezed = shown.replace(" ", "")
        assert long in squeezed  # every character, over several lines
