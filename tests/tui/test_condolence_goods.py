"""Money and gifts at the door, at 80x24: a gift says what it is and what it is worth; one
entry per kind of money (a second one is refused, saying what to do), while gifts of different
goods may be entries of their own (rice, then cooking oil)."""

from __future__ import annotations

import pytest
from doorstep.tui.screens.checklist import ChecklistScreen
from tui_helpers import scan, screen_lines, text_of, type_keys, type_text
from tui_homes import IDS


def asked(app) -> str:  # noqa: ANN001
    slot = app.screen.slot
    return slot[-1] if len(slot) == 1 else f"{slot[0]}[{slot[1]}].{slot[2]}"


async def answer(pilot, name: str, *keys: str, text: str | None = None) -> None:  # noqa: ANN001
    assert asked(pilot.app) == name
    if text is not None:
        await type_text(pilot, text)
    await type_keys(pilot, *keys, "enter")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_goods_say_what_and_worth_and_money_is_one_entry_per_kind(
    home_path, make_app, clock, lang
) -> None:
    app = make_app(home_path, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[4], clock)
        await type_keys(pilot, "3")
        assert isinstance(app.screen, ChecklistScreen)
        await answer(pilot, "occasion", "1")
        await type_keys(pilot, "1")
        await answer(pilot, "items[0].kind", "1")  # condolence money
        await answer(pilot, "items[0].amount", text="500")
        await answer(pilot, "items[0].count")
        await type_keys(pilot, "1")
        await answer(pilot, "items[1].kind", "1")  # condolence money again
        await answer(pilot, "items[1].amount", text="100")
        await answer(pilot, "items[1].count")
        for n, goods, count, value in ((2, "大米", "2", "200"), (3, "食用油", "1", "80.50")):
            await type_keys(pilot, "1")  # two gifts of different goods: entries of their own
            await answer(pilot, f"items[{n}].kind", "5")
            await answer(pilot, f"items[{n}].gift_what", text=goods)  # what it is
            await answer(pilot, f"items[{n}].count", text=count)
            await answer(pilot, f"items[{n}].gift_value", text=value)  # and what it is worth
        assert asked(app) == "items"
        await type_keys(pilot, "3")  # go on: the total, for the recipient to confirm
        await answer(pilot, "total_note")
        await answer(pilot, "confirmed", "1")  # two entries of condolence money: refused
        assert asked(app) == "confirmed"
        said = text_of(app, "#errors")
        assert ("每类款项一条" in said) if lang == "zh" else ("one entry per kind of money" in said)
        for _ in range(12):  # back to the extra entry, and remove it
            if app.screen.slot[:2] == ("items", 1):
                break
            await type_keys(pilot, "pageup")
        await type_keys(pilot, "f7")
        assert asked(app) == "items"
        await type_keys(pilot, "3")
        await answer(pilot, "total_note")
        await answer(pilot, "confirmed", "1")
        assert asked(app) == "needs"
        items = app.screen.cl.answers["items"]
        assert [(i["kind"], i.get("gift_what"), i.get("gift_value")) for i in items] == [
            ("condolence_money", None, None), ("gift", "大米", "200"), ("gift", "食用油", "80.50")]
        assert app.screen.cl.answers["total"] == "500"  # the money only: goods have their value


async def test_review_shows_long_questions_whole(home_path, make_app, clock) -> None:
    """Found in the tmux day: the review cut "The recipient confirms receipt of th…"."""
    app = make_app(home_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[4], clock)
        await type_keys(pilot, "3")
        await answer(pilot, "occasion", "1")
        await type_keys(pilot, "1")
        await answer(pilot, "items[0].kind", "1")
        await answer(pilot, "items[0].amount", text="500")
        await answer(pilot, "items[0].count")
        await type_keys(pilot, "3")
        await answer(pilot, "total_note")
        await answer(pilot, "confirmed", "1")
        await type_keys(pilot, "f4")
        lines = screen_lines(app)
        assert not any("…" in line for line in lines)
        shown = " ".join(" ".join(line.split()) for line in lines)
        assert "The recipient confirms receipt of the" in shown and "above *" in shown
