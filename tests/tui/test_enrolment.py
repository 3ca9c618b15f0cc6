"""Issue 16, point 2, at 80x24: the first start makes a laptop that can be enrolled (its keys,
the fingerprint, the file to take to the office), and the office's stick brings its key and the
first assignment; a laptop home made without keys gets them; an empty list says what to do."""

from __future__ import annotations

from doorstep.storage.home import Home
from doorstep.sync.assignment import write_assignment
from doorstep.sync.devices import add_device
from doorstep.sync.identity import create_identity, export_public_key, has_identity, load_public_identity
from doorstep.tui.screens.assignments import AssignmentsScreen
from doorstep.tui.screens.enrol import EnrolScreen
from doorstep.tui.screens.prompt import PathPrompt
from doorstep.tui.screens.setup import SetupScreen
from tui_helpers import finish_work, text_of, type_keys, type_text
from tui_homes import PEOPLE, make_id


def make_office(path):  # noqa: ANN001, ANN201
    office = Home.create(path, "office", name="河口镇")
    create_identity(office)
    with office.writer() as store:
        for payload, name, category, village, address, phone in PEOPLE[:3]:
            store.add_entry(
                {
                    "id": make_id(payload),
                    "name": name,
                    "category": category,
                    "village": village,
                    "address": address,
                    "phone": phone,
                }
            )
    return Home.open(path)


async def answer_prompt(pilot, path) -> None:  # noqa: ANN001
    assert isinstance(pilot.app.screen, PathPrompt)
    pilot.app.screen.query_one("#path").value = str(path)
    await type_keys(pilot, "enter")
    await finish_work(pilot)


async def test_first_start_through_enrolment_with_an_office(tmp_path, make_app) -> None:
    office = make_office(tmp_path / "office")
    stick = tmp_path / "stick"
    stick.mkdir()  # the stick's folder, as the volunteer finds it plugged in
    laptop = tmp_path / "laptop"
    app = make_app(laptop, lang="en")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        assert isinstance(app.screen, SetupScreen)
        await type_text(pilot, "laptop-07")
        await type_keys(pilot, "enter")
        await type_text(pilot, "Li Ming")
        await type_keys(pilot, "enter")
        # the laptop has its keys, and the screen says what to do with them
        assert isinstance(app.screen, EnrolScreen)
        home = Home.open(laptop)
        assert has_identity(home)
        shown = text_of(app, "#enrol-text")
        assert load_public_identity(home).fingerprint in shown
        assert "laptop-07.pub" in shown and "press w" in shown
        await type_keys(pilot, "w")
        await answer_prompt(pilot, stick)
        key_file = stick / "laptop-07.pub"
        assert key_file.is_file()
        assert any("laptop-07.pub" in str(n.message) for n in app._notifications)

        # at the office: the laptop is enrolled, its first assignment and the office key go on the stick
        add_device(office, key_file)
        export_public_key(office, stick / "office.pub")
        write_assignment(office, "laptop-07", [], stick)

        await type_keys(pilot, "i")
        await answer_prompt(pilot, stick)
        shown = text_of(app, "#enrol-text")
        assert "Trusted office: 河口镇" in shown
        assert "Current assignment: 3 households" in shown
        await type_keys(pilot, "escape")
        assert isinstance(app.screen, AssignmentsScreen)
        assert [r.entry["name"] for r in app.screen.rows] == [p[1] for p in PEOPLE[:3]]
        # the same stick again brings nothing new, and says so
        await type_keys(pilot, "i")
        await answer_prompt(pilot, stick)
        assert "Nothing new for this laptop" in str(list(app._notifications)[-1].message)


async def test_a_laptop_home_made_without_keys_gets_them_and_can_enrol(tmp_path, make_app) -> None:
    path = tmp_path / "keyless"
    Home.create(path, "device", name="laptop-03", volunteer="周", lang="zh")  # an older first start
    assert not has_identity(Home.open(path))
    app = make_app(path, lang="zh")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()  # the keys are made once the first screen is drawn
        assert isinstance(app.screen, AssignmentsScreen)
        assert has_identity(Home.open(path))
        assert any("现已建立" in str(n.message) for n in app._notifications)
        count = text_of(app, "#count")
        assert "U盘" in count and "按 i" in count  # the empty list: bring the office's stick
        await type_keys(pilot, "k")
        assert isinstance(app.screen, EnrolScreen)
        assert load_public_identity(Home.open(path)).fingerprint in text_of(app, "#enrol-text")


async def test_a_stick_without_the_office_key_says_what_is_missing(tmp_path, make_app) -> None:
    office = make_office(tmp_path / "office")
    path = tmp_path / "laptop"
    laptop = Home.create(path, "device", name="laptop-05", volunteer="王", lang="en")
    create_identity(laptop)
    stick = tmp_path / "stick"
    export_public_key(laptop, tmp_path / "laptop-05.pub")
    add_device(office, tmp_path / "laptop-05.pub")
    write_assignment(office, "laptop-05", [], stick)
    app = make_app(path, lang="en")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await type_keys(pilot, "i")
        await answer_prompt(pilot, stick)
        assert isinstance(app.screen, AssignmentsScreen)
        assert any("trusts no office yet" in str(n.message) for n in app._notifications)
        assert app.screen.rows == []
        await type_keys(pilot, "i")
        await answer_prompt(pilot, tmp_path / "no-stick-here")
        assert any("is not there" in str(n.message) for n in app._notifications)
