"""English at 80 columns: category names that are whole and tell the survivors apart, footers
whose keys are whole (none cut mid-word), and "1 entry", not "1 entries"."""

from __future__ import annotations

import pytest
from doorstep.storage.categories import CATEGORIES
from doorstep.storage.home import Home
from doorstep.tui.screens.checklist import ChecklistScreen
from doorstep.tui.widgets.footer import I18nFooter
from doorstep.tui.widgets.row_list import RowList
from textual.widgets._footer import FooterKey
from tui_helpers import scan, screen_lines, type_keys
from tui_homes import IDS, make_id


def _every_category(home_path) -> list[str]:  # noqa: ANN001
    ids = []
    with Home.open(home_path).writer() as store:
        for n, cat in enumerate(CATEGORIES):
            ident = make_id(f"20000{n:02d}")
            store.add_entry({"id": ident, "name": f"测试{n}", "category": cat.code, "village": "东山村"})
            ids.append(ident)
        store.set_assignment([*IDS, *ids])
    return ids


async def test_every_category_is_whole_and_distinct_in_the_list(home_path, make_app) -> None:
    ids = _every_category(home_path)
    app = make_app(home_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(RowList)
        shown = {row: table.cells_of(row)[3] for row in ids}
        assert not [c for c in shown.values() if "…" in c]  # nothing cut
        assert len(set(shown.values())) == len(CATEGORIES)  # and no two alike
        survivors = {shown[ids[n]] for n, c in enumerate(CATEGORIES) if c.code.endswith("death_survivor")}
        assert survivors == {"Survivor (on duty)", "Survivor (illness)"}


def _footer_is_whole(app) -> None:  # noqa: ANN001
    footer = app.screen.query_one(I18nFooter)
    keys = [k for k in footer.query(FooterKey) if not k.has_class("-command-palette")]
    palette = footer.query_one(".-command-palette", FooterKey)
    assert keys
    for key in keys:  # each key drawn whole, left of the palette's key
        assert key.region.right <= palette.region.x, (key.key_display, key.description)
    last = screen_lines(app)[-1]
    for key in keys:
        assert f"{key.key_display} {key.description}" in last
    assert ("f1 Help" in last) or ("f1 帮助" in last)  # help, which lists the rest, is never left out


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_money_step_footer_is_whole(home_path, make_app, clock, lang) -> None:
    app = make_app(home_path, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[3], clock)
        await type_keys(pilot, "3", "1", "enter")  # condolence: Army Day, then the money step
        assert isinstance(app.screen, ChecklistScreen) and app.screen.slot == ("items",)
        _footer_is_whole(app)
        await type_keys(pilot, "1")  # add an entry: F6 and F7 both shown
        _footer_is_whole(app)
        await type_keys(pilot, "f7")  # removed: ctrl+z undo shown too
        _footer_is_whole(app)
        await type_keys(pilot, "ctrl+l")  # and in the other language
        _footer_is_whole(app)


@pytest.mark.parametrize("keys", [(), ("enter",), ("d",), ("o",)])
async def test_other_footers_are_whole_in_english(home_path, make_app, keys) -> None:
    app = make_app(home_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await type_keys(pilot, *keys)
        _footer_is_whole(app)


async def test_one_entry_is_one_entry(home_path, make_app, clock) -> None:
    app = make_app(home_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[3], clock)
        await type_keys(pilot, "3", "1", "enter", "1", "1")  # one entry: condolence money
        await type_keys(pilot, "pageup")  # back to the money step
        assert app.screen.slot == ("items",)
        shown = "\n".join(screen_lines(app))
        assert "See or change the 1 entry" in shown and "1 entries" not in shown
