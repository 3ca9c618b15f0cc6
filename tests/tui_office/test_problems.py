"""Problems: a visit that arrived in two versions, side by side; bundles that never arrived."""

from __future__ import annotations

from doorstep.tui.office.screens.dialogs import InfoDialog
from doorstep.tui.office.screens.problems import ConflictScreen, ProblemsScreen
from office_helpers import press, rows, rows_by_key, text_of


async def test_a_conflict_opens_side_by_side_and_a_missing_bundle_is_named(troubled_town, make_app) -> None:
    root, facts = troubled_town
    app = make_app(root / "office")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f3")
        assert isinstance(app.screen, ProblemsScreen)
        flags = app.screen.flags
        visit_rows = [i for i, f in enumerate(flags) if f["kind"] == "visit"]
        assert [flags[i]["key"] for i in visit_rows] == [facts["conflict_key"]]
        assert rows_by_key(pilot)[str(visit_rows[0])][0] == "Two versions"
        assert "device-2: no. 1 not received" in text_of(pilot, "#missing")
        # open it: both versions, the answers that differ marked
        app.screen.query_one("DataTable").move_cursor(row=visit_rows[0])
        await press(pilot, "enter")
        assert isinstance(app.screen, ConflictScreen)
        table = rows(pilot)
        differing = {r[1].strip(): (r[2].strip(), r[3].strip()) for r in table if r[0] == "≠"}
        assert len(table[0]) == 4  # mark, question, version 1, version 2
        # the two corrections: different follow-up notes; the copy's also noted needs
        values = sorted(differing.values())
        assert len(values) == 2
        assert ("电话已更正", "需要补办证件") in [tuple(sorted(v)) for v in values]
        needs = next(v for v in values if "电话已更正" not in v)
        assert sorted(needs)[0].startswith("Medical")
        await press(pilot, "d")  # only the differences
        assert all(r[0] == "≠" for r in rows(pilot)[2:])  # after volunteer and date
        await press(pilot, "escape")
        assert isinstance(app.screen, ProblemsScreen)
        # the review list shows the corrected visit as such
        await press(pilot, "f4")
        assert rows_by_key(pilot)[facts["conflict_key"]][4].startswith("rev.2 Register ver")


async def test_a_register_flag_opens_with_its_values(troubled_town, make_app) -> None:
    root, _ = troubled_town
    app = make_app(root / "office")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f3")
        flags = app.screen.flags
        index = next((i for i, f in enumerate(flags) if f["kind"] != "visit"), None)
        if index is None:  # sync raised no register flag for this data: nothing to open
            return
        app.screen.query_one("DataTable").move_cursor(row=index)
        await press(pilot, "enter")
        assert isinstance(app.screen, InfoDialog)
        body = "\n".join(str(w.render()) for w in app.screen.query("#info Static"))
        assert all(str(v["visit"]) in body for v in flags[index]["values"])
