"""Importing a register file from the register screen (Pilot, 80x24): all or nothing, with the
same report as `doorstep registry import`."""

from __future__ import annotations

from pathlib import Path

from doorstep.storage.home import Home
from doorstep.tui.office.screens.dialogs import InfoDialog
from doorstep.tui.office.screens.register import RegisterScreen
from doorstep.tui.screens.prompt import PathPrompt
from office_helpers import press, type_text


def count(office: Path) -> int:
    store = Home.open(office).reader()
    try:
        return store.register_count()
    finally:
        store.close()


async def import_file(pilot, path: Path) -> str:  # noqa: ANN001
    await press(pilot, "i")
    assert isinstance(pilot.app.screen, PathPrompt)
    await press(pilot)
    pilot.app.screen.query_one("#path").value = ""
    await type_text(pilot, str(path))
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, InfoDialog)
    return "\n".join(str(w.render()) for w in pilot.app.screen.query("#info Static"))


async def test_import_a_register_file_all_or_nothing(town, make_app, tmp_path: Path) -> None:  # noqa: ANN001
    office = town / "office"
    before = count(office)
    good = tmp_path / "新名册.csv"
    good.write_text("姓名,类别,村,地址,电话\n周卫国,老复员军人,东湖村,东湖村5组8号,13800138123\n",
                    encoding="utf-8")
    bad = tmp_path / "坏名册.csv"
    bad.write_text("姓名,类别,村\n吴明,不存在的类别,东湖村\n", encoding="utf-8")
    app = make_app(office)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f5", "tab", "tab")   # off the search box onto the table
        assert isinstance(app.screen, RegisterScreen)
        stored = (office / "store" / "register_ids.json").read_bytes()
        body = await import_file(pilot, bad)
        assert "不存在的类别" in body and "坏名册.csv" in body
        assert (office / "store" / "register_ids.json").read_bytes() == stored     # nothing written
        await press(pilot, "escape")
        assert isinstance(app.screen, RegisterScreen)
        app.screen.query_one("DataTable").focus()
        body = await import_file(pilot, good)
        assert "1 added, 0 changed" in body
        await press(pilot, "escape")
        assert isinstance(app.screen, RegisterScreen)
    assert count(office) == before + 1
