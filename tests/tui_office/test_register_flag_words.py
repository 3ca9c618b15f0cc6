"""A register flag names its field and values as people do: labels, never codes or raw ID numbers."""

from __future__ import annotations

from pathlib import Path

from doorstep.storage.home import Home
from doorstep.sync.tables import CONFLICTS
from doorstep.tui.office.screens.dialogs import InfoDialog
from doorstep.tui.office.screens.problems import ProblemsScreen
from office_helpers import press, rows_by_key


def _flag(office: Path, field: str, values: list[str], chosen: str) -> str:
    """A flag as sync.merge writes it for rival values of one register field; the household's id."""
    home = Home.open(office)
    with home.writer() as store:
        household = store.entries()[0]["id"]
        store.table(CONFLICTS).insert({
            "kind": "register", "household": household, "field": field, "base": 1, "chosen": chosen,
            "chosen_visit": "v-1", "values": [{"value": v, "visit": f"v-{i}"} for i, v in enumerate(values)]})
    return household


async def test_a_status_flag_shows_the_words_not_the_codes(merged_town, make_app) -> None:
    _flag(merged_town / "office", "status", ["deceased", "moved"], "moved")
    app = make_app(merged_town / "office", lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f3")
        assert isinstance(app.screen, ProblemsScreen)
        index = next(i for i, f in enumerate(app.screen.flags) if f.get("field") == "status")
        what = rows_by_key(pilot)[str(index)][3].strip()
        assert what == "现状：已去世 / 已迁居"
        app.screen.query_one("DataTable").move_cursor(row=index)
        await press(pilot, "enter")
        assert isinstance(app.screen, InfoDialog)
        body = "\n".join(str(w.render()) for w in app.screen.query("#info Static"))
        assert "已采用：已迁居" in body and "提出：已去世" in body
        assert "deceased" not in body and "moved" not in body and "status" not in body


async def test_an_id_number_flag_is_masked_and_named(merged_town, make_app) -> None:
    _flag(merged_town / "office", "id_number", ["11010519491231002X", "110105194912310037"],
          "110105194912310037")
    app = make_app(merged_town / "office", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f3")
        index = next(i for i, f in enumerate(app.screen.flags) if f.get("field") == "id_number")
        what = rows_by_key(pilot)[str(index)][3].strip()
        assert what.startswith("ID number: 110105********002X / 11010")
        assert "19491231" not in what and "field" not in what
