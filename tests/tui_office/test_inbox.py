"""Inbox: bundles listed from their clear headers, merged through sync with a result per bundle."""

from __future__ import annotations

from pathlib import Path

from doorstep.storage.home import Home
from doorstep.tui.office.screens.inbox import InboxScreen
from office_helpers import press, rows, rows_by_key, settle, text_of
from office_homes import VISITS
from textual.widgets import ProgressBar


def stored_visits(office: Path) -> int:
    store = Home.open(office).reader()
    try:
        return store.visit_count()
    finally:
        store.close()


async def test_the_inbox_lists_each_bundle_with_its_sender_sequence_and_size(town, make_app) -> None:
    (town / "office" / "inbox" / "notes.json").write_text('{"not": "a bundle"}', encoding="utf-8")
    app = make_app(town / "office")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)
        listed = {Path(k).name: r for k, r in rows_by_key(pilot).items()}
        assert set(listed) == {"device-1-000001.json", "device-2-000001.json", "notes.json"}
        for n in (1, 2):
            _, sender, seq, sealed, visits, status = listed[f"device-{n}-000001.json"]
            assert (sender, seq, sealed, status) == (f"device-{n}", "1", "06-30 18:00", "To merge")
            assert int(visits) == VISITS // 2
        assert listed["notes.json"][5].startswith("Refused:")
        assert text_of(pilot, "#inbox-status") == "3 files, 2 not merged yet"
    assert stored_visits(town / "office") == 0  # listing changes nothing


async def test_merging_shows_progress_and_a_result_per_bundle(town, make_app) -> None:
    inbox = town / "office" / "inbox"
    (inbox / "broken.json").write_bytes((inbox / "device-1-000001.json").read_bytes()[:-40])
    app = make_app(town / "office")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "m")
        progress = app.screen.query_one(ProgressBar)
        assert progress.total == 4 and progress.progress == 4  # three files checked, then written
        results = {Path(k).name: r[5] for k, r in rows_by_key(pilot).items()}
        assert results["device-1-000001.json"] == "20 new, 0 dup, 0 confl."
        assert results["device-2-000001.json"] == "20 new, 0 dup, 0 confl."
        assert results["broken.json"].startswith("Refused:")
        assert text_of(pilot, "#inbox-status") == "Merged: 40 new visits, 0 conflicts, 1 files refused"
        # the reason in full, for the refused file
        table = app.screen.query_one("DataTable")
        table.move_cursor(row=table.get_row_index(str(inbox / "broken.json")))
        await press(pilot, "enter")
        body = "\n".join(str(w.render()) for w in app.screen.query("#info Static"))
        assert "broken.json" in body and "Refused" in body
        await press(pilot, "escape")
        # the same bundles again: duplicates, nothing new
        await press(pilot, "m")
        results = {Path(k).name: r[5] for k, r in rows_by_key(pilot).items()}
        assert results["device-1-000001.json"] == "Duplicate (20 held)"
        assert text_of(pilot, "#inbox-status") == "Merged: 0 new visits, 0 conflicts, 1 files refused"
    assert stored_visits(town / "office") == VISITS


async def test_another_folder_can_be_typed(town, make_app, tmp_path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    (town / "office" / "inbox" / "device-2-000001.json").rename(stick / "from-stick.json")
    app = make_app(town / "office")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert [Path(k).name for k in rows_by_key(pilot)] == ["device-1-000001.json"]
        await press(pilot, "f", "ctrl+u")
        await pilot.press(*str(stick))
        await press(pilot, "enter")
        assert [Path(k).name for k in rows_by_key(pilot)] == ["from-stick.json"]
        await press(pilot, "m")
        assert rows(pilot)[0][5] == "20 new, 0 dup, 0 confl."
    assert stored_visits(town / "office") == VISITS // 2
    assert Home.open(town / "office").settings["inbox_dir"] == str(stick)  # offered next time


async def test_a_missing_folder_is_said_plainly(town, make_app) -> None:
    app = make_app(town / "office", inbox=town / "nowhere")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert rows(pilot) == []
        assert text_of(pilot, "#inbox-status") == f"Folder {town / 'nowhere'} does not exist"
        await press(pilot, "m")  # nothing to merge: a note, no error
        assert stored_visits(town / "office") == 0


async def test_the_offices_own_assignment_on_the_stick_is_passed_over(town, make_app) -> None:
    from office_homes import doorstep

    office = town / "office"
    doorstep("--home", str(office), "assign", "--device", "device-1", "--out", str(office / "inbox"))
    app = make_app(office)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listed = {Path(k).name: r[5] for k, r in rows_by_key(pilot).items()}
        (assignment,) = [n for n in listed if n.startswith("doorstep-assignment-")]
        assert listed[assignment].startswith("Skipped:")
        assert text_of(pilot, "#inbox-status") == "3 files, 2 not merged yet"
        await press(pilot, "m")
        listed = {Path(k).name: r[5] for k, r in rows_by_key(pilot).items()}
        assert listed[assignment].startswith("Skipped:")
        assert text_of(pilot, "#inbox-status") == "Merged: 40 new visits, 0 conflicts, 0 files refused"
    assert stored_visits(office) == VISITS
