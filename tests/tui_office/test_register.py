"""Register: search as you type, edit an entry field by field (audited), print QR labels."""

from __future__ import annotations

from doorstep.storage.home import Home
from doorstep.tui.office.screens.register import EditEntry, RegisterScreen
from office_helpers import press, rows_by_key, settle, type_text
from office_homes import HOUSEHOLDS


def office_entries(office) -> list[dict]:  # noqa: ANN001
    store = Home.open(office).reader()
    try:
        return store.entries()
    finally:
        store.close()


async def test_search_as_you_type_and_by_scanned_id(town, make_app) -> None:
    office = town / "office"
    entries = office_entries(office)
    app = make_app(office)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f5")
        assert isinstance(app.screen, RegisterScreen)
        assert len(rows_by_key(pilot)) == HOUSEHOLDS
        surname = entries[0]["name"][0]
        await type_text(pilot, surname)
        found = rows_by_key(pilot)
        assert set(found) == {e["id"] for e in entries if surname in e["name"] or surname in e["village"]}
        # a scanner types the id (lower case, with a hyphen, is fine) and Enter: the entry opens
        await press(pilot, "ctrl+u")
        target = entries[5]
        await type_text(pilot, target["id"][:4].lower() + "-" + target["id"][4:].lower())
        assert list(rows_by_key(pilot)) == [target["id"]]
        await press(pilot, "enter")
        assert isinstance(app.screen, EditEntry) and app.screen.household_id == target["id"]


async def test_edit_an_entry_field_by_field_into_the_audit_trail(town, make_app) -> None:
    office = town / "office"
    target = office_entries(office)[3]
    app = make_app(office)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f5")
        await type_text(pilot, target["id"])
        await press(pilot, "enter")
        assert isinstance(app.screen, EditEntry)
        await press(pilot, "tab", "tab", "tab", "tab")  # name, category, village, address -> phone
        assert app.focused.id == "f-phone"
        await press(pilot, "ctrl+u")
        await type_text(pilot, "13912345678")
        await press(pilot, "tab", "end")
        await type_text(pilot, " test")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, RegisterScreen)
        assert rows_by_key(pilot)[target["id"]][4] == "13912345678"
    store = Home.open(office).reader()
    entry = store.get_entry(target["id"])
    audit = [r for r in store.audit(target["id"]) if r["action"] == "update"]
    store.close()
    assert entry["phone"] == "13912345678" and entry["notes"] == target["notes"] + " test"
    assert entry["version"] == target["version"] + 1
    assert sorted((r["field"], r["old"], r["new"]) for r in audit) == [
        ("notes", target["notes"], target["notes"] + " test"), ("phone", target["phone"], "13912345678")]


async def test_a_bad_value_is_refused_and_nothing_changes(town, make_app) -> None:
    office = town / "office"
    target = office_entries(office)[0]
    app = make_app(office)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f5")
        await type_text(pilot, target["id"])
        await press(pilot, "enter")
        await press(pilot, "ctrl+u")  # the name, emptied
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, EditEntry)  # still open, the problem notified
        await press(pilot, "escape")
        assert isinstance(app.screen, RegisterScreen)
    assert office_entries(office)[0] == target


async def test_print_labels_for_a_village(town, make_app) -> None:
    office = town / "office"
    entries = office_entries(office)
    app = make_app(office)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f5")
        await press(pilot, "tab", "tab")  # off the search box onto the table
        await press(pilot, "v")
        village = app.screen.village
        assert village and {r[2] for r in rows_by_key(pilot).values()} == {village}
        await press(pilot, "l")
        await press(pilot, "enter")  # the proposed file
        await settle(pilot)
    sheet = office / "labels" / f"labels-{village}.html"
    html = sheet.read_text(encoding="utf-8")
    ids = {e["id"] for e in entries if e["village"] == village}
    assert ids and all(f'data-id="{i}"' in html for i in ids)
    assert html.count('class="label"') == len(ids)


async def test_record_a_death_from_the_edit_dialog(town, make_app) -> None:
    office = town / "office"
    target = office_entries(office)[2]
    app = make_app(office)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f5")
        await type_text(pilot, target["id"])
        await press(pilot, "enter")
        await press(pilot, *["tab"] * 6)  # name, category, village, address, phone, notes -> status
        assert app.focused.id == "f-status"
        await press(pilot, "enter", "down", "enter")  # alive -> deceased
        await press(pilot, "tab")
        assert app.focused.id == "f-death_date"
        await type_text(pilot, "2099-01-01")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, EditEntry)  # a date in the future is refused
        assert any("in the future" in str(n.message) for n in app._notifications)
        await press(pilot, "ctrl+u")
        await type_text(pilot, "2026-05-04")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, RegisterScreen)
        assert rows_by_key(pilot)[target["id"]][5] == "deceased"
    store = Home.open(office).reader()
    entry = store.get_entry(target["id"])
    audit = [r for r in store.audit(target["id"]) if r["action"] == "update"]
    store.close()
    assert (entry["status"], entry["death_date"], entry["version"]) == ("deceased", "2026-05-04",
                                                                         target["version"] + 1)
    assert sorted((r["field"], r["old"], r["new"]) for r in audit) == [
        ("death_date", "", "2026-05-04"), ("status", "alive", "deceased")]


async def test_the_status_column_names_the_dead_and_the_no_longer_entitled(town, make_app) -> None:
    office = town / "office"
    first, second = office_entries(office)[:2]
    with Home.open(office).writer() as store:
        store.update_entry(first["id"], {"status": "moved", "entitled": "no"})
    app = make_app(office, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f5")
        shown = rows_by_key(pilot)
        assert shown[first["id"]][5] == "迁居·停发"
        assert shown[second["id"]][5] == ""
