# ruff: noqa: E501  (the expected messages are written out whole)
"""The register screen's edit dialog and the fields a town's sheet keeps (身份证号, 性别, 出生日期,
残疾等级, 联系人): the ID number shown masked unless the supervisor asks (Ctrl+R), each field
checked by the import's own rules (storage.registry_io), every change audited, at 80x24."""

from __future__ import annotations

from doorstep.storage.home import Home
from doorstep.tui.office.screens.register import EditEntry, RegisterScreen
from office_helpers import press, text_of, type_text

NUMBER = "11010519491231002X"           # valid: born 1949-12-31, a woman (17th digit even)
FULL_WIDTH = "１１０１０５１９４９１２３１００２x"


def entries(office) -> list[dict]:  # noqa: ANN001
    store = Home.open(office).reader()
    try:
        return store.entries()
    finally:
        store.close()


async def open_entry(pilot, household: str) -> None:  # noqa: ANN001
    await press(pilot, "f5")
    pilot.app.screen.query_one("#search").focus()
    await press(pilot, "ctrl+u")
    await type_text(pilot, household)
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, EditEntry)


async def set_field(pilot, name: str, value: str) -> None:  # noqa: ANN001
    field = pilot.app.screen.query_one(f"#f-{name}")
    field.focus()
    await press(pilot, "ctrl+u")
    await type_text(pilot, value)


def notified(app) -> list[str]:  # noqa: ANN001
    return [str(n.message) for n in app._notifications]


async def test_an_id_number_is_checked_derives_sex_and_birth_and_is_shown_masked(town, make_app) -> None:
    office = town / "office"
    # a man: the number typed below is a woman's, so his sex and birth date follow the new number
    target = next(e for e in entries(office) if e["category"] != "disabled_serviceman" and e["sex"] == "male")
    app = make_app(office, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_entry(pilot, target["id"])
        await set_field(pilot, "id_number", "11010519491231002")      # 17 characters: refused
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, EditEntry)
        assert "身份证号：身份证号“11010519491231002”应为 18 位。" in notified(app)
        await set_field(pilot, "id_number", "110105194912310021")     # a wrong check digit
        await press(pilot, "ctrl+s")
        assert any("校验位不符" in n for n in notified(app))
        await set_field(pilot, "id_number", FULL_WIDTH)               # as a Chinese IME types it
        await set_field(pilot, "disability_grade", "六级")            # not a disabled serviceman
        await press(pilot, "ctrl+s")
        assert "残疾等级：只有残疾军人有残疾等级（填了“六级”）。" in notified(app)[-1]
        assert next(e for e in entries(office) if e["id"] == target["id"]) == target   # nothing written yet
        await set_field(pilot, "disability_grade", "")
        await set_field(pilot, "contact", "女儿 徐丽 13812345678")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, RegisterScreen)
        saved = next(e for e in entries(office) if e["id"] == target["id"])
        assert (saved["id_number"], saved["sex"], saved["birth_date"], saved["contact"]) == (
            NUMBER, "female", "1949-12-31", "女儿 徐丽 13812345678")
        # shown again: masked, and the history masks it too
        await press(pilot, "enter")
        assert isinstance(app.screen, EditEntry)
        assert app.screen.query_one("#f-id_number").value == "110105********002X"
        history = text_of(pilot, "#edit-history")
        assert NUMBER not in history and "性别 男 → 女" in history   # the last three changes
        # saving with the masked number shown changes nothing
        await press(pilot, "ctrl+s")
        assert "没有修改" in notified(app)[-1] or "nothing" in notified(app)[-1].lower()
        await press(pilot, "enter")
        await press(pilot, "ctrl+r")                                  # the supervisor asks for it whole
        assert app.screen.query_one("#f-id_number").value == NUMBER
    store = Home.open(office).reader()
    audit = [(r["field"], r["new"]) for r in store.audit(target["id"]) if r["action"] == "update"]
    assert sorted(audit) == sorted([("id_number", NUMBER), ("sex", "female"), ("birth_date", "1949-12-31"),
                                    ("contact", "女儿 徐丽 13812345678")])
    old = next(r for r in store.audit(target["id"]) if r["field"] == "id_number")["old"]
    assert old == target["id_number"]


async def test_a_sex_or_birth_date_against_the_number_and_a_number_already_taken(town, make_app) -> None:
    office = town / "office"
    # a woman first: typing "male" for her is a change, which the (woman's) number contradicts
    people = sorted(entries(office), key=lambda e: e["sex"] != "female")
    app = make_app(office, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_entry(pilot, people[0]["id"])
        await set_field(pilot, "id_number", NUMBER)
        await set_field(pilot, "birth_date", "1950-01-01")
        await press(pilot, "ctrl+s")
        assert "date of birth: date of birth '1950-01-01' contradicts the ID number (1949-12-31)." in notified(app)
        app.screen.query_one("#f-sex").value = "male"
        await set_field(pilot, "birth_date", "")
        await press(pilot, "ctrl+s")
        assert "sex: sex 'male' contradicts the ID number." in notified(app)
        app.screen.query_one("#f-sex").clear()
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, RegisterScreen)
        first = next(e for e in entries(office) if e["id"] == people[0]["id"])
        assert (first["id_number"], first["sex"], first["birth_date"]) == (NUMBER, "female", "1949-12-31")
        await open_entry(pilot, people[1]["id"])
        assert app.screen.household_id == people[1]["id"]
        await set_field(pilot, "id_number", NUMBER)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, EditEntry)
        assert (f"ID number: the ID number 110105********002X already belongs to {people[0]['id']} "
                "on the register.") in notified(app)
    assert next(e for e in entries(office) if e["id"] == people[1]["id"]) == people[1]
