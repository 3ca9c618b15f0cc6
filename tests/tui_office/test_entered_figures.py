# ruff: noqa: E501  (the expected texts are written out whole)
"""`f` on the summaries screen: a figure no visit records, entered with its source at 80x24; a bad
value is refused beside the fields naming the figure and the value; the summary then shows it
marked as entered, and its drill-down lists the entry."""

from __future__ import annotations

from doorstep.storage.entered import TABLE
from doorstep.storage.home import Home
from doorstep.tui.office.screens.entered import EnteredFigures
from doorstep.tui.office.screens.summaries import ExplainScreen, SummariesScreen
from office_helpers import press, rows, text_of, type_text


async def fill(pilot, **values: str) -> None:  # noqa: ANN001
    for name, value in values.items():
        field = pilot.app.screen.query_one(f"#e-{name}")
        field.value = ""
        field.focus()
        await type_text(pilot, value)


def stored(office) -> list[dict]:  # noqa: ANN001
    store = Home.open(office).reader()
    try:
        return [dict(d) for d in store.table(TABLE).all()]
    finally:
        store.close()


async def test_enter_recruits_with_full_width_digits_then_see_them_marked_as_entered(merged_town, make_app) -> None:
    office = merged_town / "office"
    app = make_app(office, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f6")
        assert isinstance(app.screen, SummariesScreen)
        await press(pilot, "f")
        assert isinstance(app.screen, EnteredFigures)
        assert app.screen.query_one("#e-year").value == "2026"          # this year: no period chosen
        assert text_of(pilot, "#entered-list") == "2026 年尚未录入任何数据。"
        await fill(pilot, count="三人", source="镇人武部 王强", document="2026年征兵工作总结", date="2026-06-20")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, EnteredFigures)                   # refused: still open
        assert text_of(pilot, "#entered-error") == "输送合格军人：数量“三人”不是整数（可写 12 或 １２）。"
        assert stored(office) == []
        await fill(pilot, count="１２")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SummariesScreen)
        [row] = stored(office)
        assert (row["kind"], row["year"], row["count"], row["source"], row["date"]) == (
            "recruits", 2026, 12, "镇人武部 王强", "2026-06-20")
        # the summary shows it, marked, beside its source
        await press(pilot, "y")                                          # this year
        screen = app.screen
        while screen.tables[screen.index].id != "entered":
            await press(pilot, "n")
        first = rows(pilot)[0]
        assert first[0].startswith("输送合格军人（录入")
        assert first[1].strip() == "12"
        assert first[2].startswith("2026: 镇人武部 王强")
        await press(pilot, "enter")
        assert isinstance(app.screen, ExplainScreen)
        assert text_of(pilot, "#explain-count") == "录入数据 1 条（非走访统计）"
        assert [c.strip() for c in rows(pilot)[0]][:3] == ["2026", "12", "镇人武部 王强"]
        await press(pilot, "escape")
        # enter it again: the dialog shows what is stored, to correct it
        await press(pilot, "f")
        assert app.screen.query_one("#e-count").value == "12"
        assert "输送合格军人 12人 · 镇人武部 王强，2026-06-20，《2026年征兵工作总结》" in text_of(pilot, "#entered-list")


async def test_a_subsidy_needs_its_amount(merged_town, make_app) -> None:
    office = merged_town / "office"
    app = make_app(office, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f6", "f")
        app.screen.query_one("#e-kind").value = "heating"
        await press(pilot)
        assert app.screen.query_one("#e-amount").disabled is False
        await fill(pilot, count="40", amount="12,000.505", source="Civil affairs office",
                   document="Heating ledger 2026", date="2026-03-01")
        await press(pilot, "ctrl+s")
        assert text_of(pilot, "#entered-error").startswith("Heating allowance: the amount '12,000.505' is not valid")
        await fill(pilot, amount="１２０００.５")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SummariesScreen)
        assert [(r["kind"], r["count"], r["amount"]) for r in stored(office)] == [("heating", 40, "12000.50")]
        await press(pilot, "f")                                # the year's figures, as people write them
        app.screen.query_one("#e-kind").value = "heating"
        await press(pilot)
        assert "Heating allowance 12,000.50 yuan, 40 people" in text_of(pilot, "#entered-list")
        # the table of entered figures has no bars: people, medals and checks are not one scale
        await press(pilot, "escape", "y")
        screen = app.screen
        while screen.tables[screen.index].id != "entered":
            await press(pilot, "n")
        table = screen.query_one("DataTable")
        assert [str(c.label).strip() for c in table.columns.values()] == ["Item", "Value", "Source (entered)"]
