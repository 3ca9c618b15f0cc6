"""The household screen says plainly when the register has the person deceased, moved or no longer
entitled, in Chinese and in English, and says nothing extra for everyone else."""

from __future__ import annotations

import pytest
from doorstep.storage.home import Home
from doorstep.tui.screens.household import HouseholdScreen
from tui_helpers import scan, text_of
from tui_homes import IDS


def _set(home_path, household: str, **fields: str) -> None:  # noqa: ANN001
    with Home.open(home_path).writer() as store:
        store.update_entry(household, fields)


async def _open(app, pilot, household: str, clock) -> None:  # noqa: ANN001
    await scan(pilot, household, clock)
    assert isinstance(app.screen, HouseholdScreen) and app.screen.household_id == household


@pytest.mark.parametrize(("fields", "lang", "shown"), [
    ({"status": "deceased", "death_date": "2026-07-20"}, "zh", "!! 登记册：已于 2026-07-20 去世"),
    ({"status": "deceased", "death_date": "2026-07-20"}, "en", "!! Register: died on 2026-07-20"),
    ({"status": "deceased"}, "en", "!! Register: deceased"),
    ({"status": "moved"}, "zh", "!! 登记册：已迁居（请核对新住址）"),
    ({"status": "moved", "entitled": "no"}, "en",
     "!! Register: moved (check the new address)  !! No longer entitled"),
    ({"entitled": "no"}, "zh", "!! 不再享受优抚待遇"),
])
async def test_the_status_is_shown_above_the_entry(home_path, make_app, clock, fields, lang, shown) -> None:
    _set(home_path, IDS[1], **fields)
    app = make_app(home_path, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, IDS[1], clock)
        banner = app.screen.query_one("#entry-status")
        assert banner.display and text_of(app, "#entry-status") == shown
        assert banner.region.height == 1 and banner.region.y < app.screen.query_one("#info-text").region.y
        assert "李建国" in text_of(app, "#info-text")


async def test_a_living_entitled_beneficiary_gets_no_status_line(home_path, make_app, clock) -> None:
    app = make_app(home_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, IDS[1], clock)
        banner = app.screen.query_one("#entry-status")
        assert not banner.display and banner.region.height == 0


async def test_the_status_follows_the_language(home_path, make_app, clock) -> None:
    _set(home_path, IDS[1], status="deceased", death_date="2026-07-20")
    app = make_app(home_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, IDS[1], clock)
        assert "已于 2026-07-20 去世" in text_of(app, "#entry-status")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert text_of(app, "#entry-status") == "!! Register: died on 2026-07-20"
