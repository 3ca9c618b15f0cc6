"""The list of long registers (tui.widgets.row_list) at 80x24: 20,000 rows, moved with the keys
and the mouse, wide characters lined up, the cursor kept over a new set of rows."""

from __future__ import annotations

from doorstep.tui.widgets.row_list import RowList
from rich.cells import cell_len
from textual.app import App, ComposeResult
from tui_helpers import screen_lines

ROWS = 20_000
COLUMNS = [("编号", 8), ("姓名", 8), ("村", 8)]


def cells(n: int) -> tuple[str, ...]:
    # every seventh name longer than its column: cut, never pushing the next column right
    name = "欧阳长长长名字" if n % 7 == 0 else f"张{n % 10}"
    return (f"H{n:07d}", name, "东湖村")


class ListApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        yield RowList[int](id="rows")

    def on_mount(self) -> None:
        rows = self.query_one(RowList)
        rows.set_columns(COLUMNS)
        rows.set_rows(range(ROWS), lambda n: f"H{n:07d}", cells)
        rows.focus()

    def on_row_list_chosen(self, event: RowList.Chosen) -> None:
        self.chosen.append(event.key)


async def test_twenty_thousand_rows_move_with_the_keys_and_show_where_the_cursor_is() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        rows = app.query_one(RowList)
        assert rows.row_count == ROWS
        shown = screen_lines(app)
        assert shown[0].startswith(" 编号      姓名      村")
        assert shown[1].startswith(" H0000000  欧阳长…   东湖村") and "H0000022" in shown[23]
        await pilot.press("down", "down")
        assert rows.cursor_row == 2 and rows.cursor_key == "H0000002"
        await pilot.press("pagedown")
        assert rows.cursor_row == 2 + 23
        assert any("H0000025" in line for line in screen_lines(app))
        await pilot.press("ctrl+end")
        assert rows.cursor_row == ROWS - 1
        shown = screen_lines(app)
        assert shown[0].startswith(" 编号") and shown[-1].startswith(f" H{ROWS - 1:07d}")
        await pilot.press("home")
        assert rows.cursor_row == 0 and "H0000000" in screen_lines(app)[1]
        await pilot.press("up")  # already at the top
        assert rows.cursor_row == 0
        await pilot.press("enter")
        assert app.chosen == ["H0000000"]


async def test_columns_line_up_whatever_the_width_of_the_characters() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for line in screen_lines(app)[1:]:
            head = line[: line.index("东湖村")]
            assert cell_len(head) == 1 + 8 + 2 + 8 + 2  # the village always starts in the same cell
        assert app.query_one(RowList).cells_of("H0000007") == ["H0000007", "欧阳长…", "东湖村"]


async def test_a_click_moves_the_cursor_and_a_second_click_opens_the_row() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        rows = app.query_one(RowList)
        await pilot.click(RowList, offset=(3, 0))  # the header line: nothing
        assert rows.cursor_row == 0 and not app.chosen
        await pilot.click(RowList, offset=(3, 5))
        assert rows.cursor_row == 4 and not app.chosen
        await pilot.click(RowList, offset=(3, 5))
        assert app.chosen == ["H0000004"]


async def test_new_rows_keep_the_cursor_on_the_row_it_was_on() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        rows = app.query_one(RowList)
        rows.move_cursor(500)
        await pilot.pause()
        rows.set_rows(range(400, 900, 2), lambda n: f"H{n:07d}", cells, keep=rows.cursor_key)
        await pilot.pause()
        assert rows.cursor_key == "H0000500" and rows.cursor_row == 50
        assert any("H0000500" in line for line in screen_lines(app))
        rows.set_rows(range(3), lambda n: f"H{n:07d}", cells, keep="H0000500")  # gone: the first row
        await pilot.pause()
        assert rows.cursor_row == 0 and rows.row_count == 3
        rows.set_rows([], lambda n: f"H{n:07d}", cells)
        await pilot.pause()
        assert rows.cursor_key is None and screen_lines(app)[0].startswith(" 编号")
        await pilot.press("enter", "down", "pagedown")  # nothing to move to, nothing opened
        assert not app.chosen
