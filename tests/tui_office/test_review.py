"""Review: states like ODK Central's; a returned visit goes back to its device with its comment."""

from __future__ import annotations

from pathlib import Path

from doorstep.storage.home import Home
from doorstep.tui.office.reviews import REVIEWS
from doorstep.tui.office.screens.review import ReviewScreen, VisitScreen
from doorstep.tui.widgets.row_list import RowList
from office_helpers import press, rows_by_key, text_of, type_text
from office_homes import VISITS, doorstep

COMMENT = "缺少签收确认请补拍"


def table_rows(office: Path, table: str) -> list[dict]:
    store = Home.open(office).reader()
    try:
        return [dict(r) for r in store.table(table).all()]
    finally:
        store.close()


def cursor_key(app) -> str:  # noqa: ANN001
    key = app.screen.query_one(RowList).cursor_key
    assert key is not None
    return key


async def test_return_a_visit_with_a_comment_and_it_reaches_the_device(
    merged_town, make_app, tmp_path
) -> None:
    office = merged_town / "office"
    app = make_app(office)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f4")
        assert isinstance(app.screen, ReviewScreen)
        listed = rows_by_key(pilot)
        assert len(listed) == VISITS
        assert all(r[0] == "○ Received" for r in listed.values())
        await press(pilot, "down", "down")
        key = cursor_key(app)
        await press(pilot, "r")
        await type_text(pilot, COMMENT)
        await press(pilot, "enter")
        assert rows_by_key(pilot)[key][0] == "↩ Returned"
        assert cursor_key(app) == key  # the cursor stays on the visit
    reviews = table_rows(office, REVIEWS)
    assert [(r["key"], r["state"], r["comment"]) for r in reviews] == [(key, "returned", COMMENT)]
    assert table_rows(office, "sync_returns") == [{"key": key, "comment": COMMENT}]

    # the next assignment for the visit's device carries it; importing it puts it on the laptop
    store = Home.open(office).reader()
    device_name = store.get_visit(*key.rsplit(".", 1)[:1])["device_name"]
    store.close()
    out = tmp_path / "assignment"
    doorstep("--home", str(office), "assign", "--device", device_name, "--out", str(out))
    (bundle,) = out.glob("*.json")
    doorstep("--home", str(merged_town / device_name), "bundle", "import", str(bundle))
    returned = table_rows(merged_town / device_name, "sync_returned")
    assert [(r["key"], r["comment"]) for r in returned] == [(key, COMMENT)]


async def test_states_change_with_a_key_and_filter_the_list(merged_town, make_app) -> None:
    office = merged_town / "office"
    app = make_app(office)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f4")
        first = cursor_key(app)
        await press(pilot, "a")
        await press(pilot, "down")
        second = cursor_key(app)
        await press(pilot, "i")
        await press(pilot, "down")
        third = cursor_key(app)
        await press(pilot, "r")
        await press(pilot, "enter")  # no comment: nothing is returned
        assert rows_by_key(pilot)[third][0] == "○ Received"
        await press(pilot, "r")
        await type_text(pilot, "wrong household")
        await press(pilot, "enter")
        shown = rows_by_key(pilot)
        assert (shown[first][0], shown[second][0], shown[third][0]) == (
            "✓ Approved", "! Has issues", "↩ Returned")
        assert text_of(pilot, "#count").startswith(
            f"{VISITS} of {VISITS} visits · received {VISITS - 3} · issues 1 · approved 1 · returned 1")
        await press(pilot, "s", "s")  # all -> received -> has issues
        assert list(rows_by_key(pilot)) == [second]
        await press(pilot, "s", "s")  # -> approved -> returned
        assert list(rows_by_key(pilot)) == [third]
        # approving the returned visit takes it back out of the next assignment
        await press(pilot, "a")
        assert list(rows_by_key(pilot)) == []
        await press(pilot, "s")
        assert len(rows_by_key(pilot)) == VISITS
    assert table_rows(office, "sync_returns") == []
    states = {r["key"]: r for r in table_rows(office, REVIEWS)}
    assert states[third]["state"] == "approved"
    assert [h["state"] for h in states[third]["history"]] == ["returned"]  # what it was, kept
    assert states[third]["at"] == "2026-07-01T09:30:00+00:00"


async def test_search_as_you_type_finds_visits_by_volunteer_or_household(merged_town, make_app) -> None:
    app = make_app(merged_town / "office")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f4")
        listed = rows_by_key(pilot)
        name = next(iter(listed.values()))[2]
        await press(pilot, "slash")
        await type_text(pilot, name)
        found = rows_by_key(pilot)
        assert found and all(r[2] == name for r in found.values())
        assert len(found) == sum(1 for r in listed.values() if r[2] == name)


async def test_open_a_visit_to_read_its_summary_and_review_it_there(merged_town, make_app) -> None:
    office = merged_town / "office"
    app = make_app(office)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f4")
        key = cursor_key(app)
        name = rows_by_key(pilot)[key][2]
        await press(pilot, "enter")
        assert isinstance(app.screen, VisitScreen)
        text = text_of(pilot, "#visit-text")
        store = Home.open(office).reader()
        record = store.get_visit(*key.rsplit(".", 1)[:1])
        store.close()
        assert name in text and record["household"] in text and record["volunteer"] in text
        assert "Answers" in text
        await press(pilot, "i")
        assert text_of(pilot, "#visit-state") == "! Review: Has issues"
        await press(pilot, "escape")
        assert isinstance(app.screen, ReviewScreen)
        assert rows_by_key(pilot)[key][0] == "! Has issues"


async def test_export_a_visit_summary_as_markdown(merged_town, make_app) -> None:
    office = merged_town / "office"
    app = make_app(office)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f4")
        key = cursor_key(app)
        name = rows_by_key(pilot)[key][2]
        await press(pilot, "enter", "x", "enter")  # the proposed file
    (written,) = (office / "exports").glob("visit-*.md")
    text = written.read_text(encoding="utf-8")
    assert written.name == f"visit-{key[:8]}.md"
    assert text.startswith("# ") and name in text and key.split(".")[0] in text


async def test_write_the_assignment_from_the_review_screen(merged_town, make_app) -> None:
    """w: the assignment for the visit's device, with its villages as last time and the return."""
    from doorstep.tui.office.screens.assign import AssignDialog

    office = merged_town / "office"
    before = {}
    for n in (1, 2):
        store = Home.open(merged_town / f"device-{n}").reader()
        before[f"device-{n}"] = set(store.assignment())
        store.close()
    app = make_app(office)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f4")
        key = cursor_key(app)
        await press(pilot, "r")
        await type_text(pilot, COMMENT)
        await press(pilot, "enter", "w")
        assert isinstance(app.screen, AssignDialog)
        device = str(app.screen.query_one("#a-device").value)
        assert app.screen.query_one("#a-villages").value  # the villages of its last assignment
        assert text_of(pilot, "#a-returns") == f"Visits returned to {device}: 1"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ReviewScreen)
    (bundle,) = (office / "outbox").glob("doorstep-assignment-*.json")
    doorstep("--home", str(merged_town / device), "bundle", "import", str(bundle))
    returned = table_rows(merged_town / device, "sync_returned")
    assert [(r["key"], r["comment"]) for r in returned] == [(key, COMMENT)]
    # the laptop keeps the households it had: the villages of its first assignment again
    store = Home.open(merged_town / device).reader()
    assert set(store.assignment()) == before[device] and before[device]
    store.close()


async def test_a_review_changes_its_row_without_reading_every_visit_again(
    merged_town, make_app, monkeypatch
) -> None:
    """At 100,000 visits, reading them all again after each key took seconds: a review changes
    its own row (here and from the opened visit), the counts follow, a state filter that no
    longer takes the visit drops it with the cursor on the next one; a change the list did not
    see (another screen's write) still reloads it."""
    import doorstep.tui.office.screens.review as review_screen

    reads = []
    real = review_screen.review_rows
    monkeypatch.setattr(review_screen, "review_rows", lambda store: reads.append(1) or real(store))
    app = make_app(merged_town / "office")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f4")
        assert len(reads) == 1
        await press(pilot, "s")  # received only
        keys = list(rows_by_key(pilot))
        await press(pilot, "down")
        await press(pilot, "a")
        assert list(rows_by_key(pilot)) == [keys[0], *keys[2:]]
        assert cursor_key(app) == keys[2]  # the next one, where the approved visit was
        await press(pilot, "enter", "i", "escape")  # reviewed from the opened visit
        assert isinstance(app.screen, ReviewScreen)
        assert list(rows_by_key(pilot)) == [keys[0], *keys[3:]]
        assert text_of(pilot, "#count").startswith(
            f"{VISITS - 2} of {VISITS} visits · received {VISITS - 2} · issues 1 · approved 1")
        await press(pilot, "s")  # has issues
        assert list(rows_by_key(pilot)) == [keys[2]]
        await press(pilot, "s")  # approved
        assert list(rows_by_key(pilot)) == [keys[1]]
        assert len(reads) == 1  # not one read of every visit since the first

        app.screen.session.changed()  # a write this list did not see (a merge, another screen)
        await press(pilot, "i")
        assert len(reads) == 2 and list(rows_by_key(pilot)) == []
