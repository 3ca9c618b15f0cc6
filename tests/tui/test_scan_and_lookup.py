"""Identifiers: a scanner burst opens a household from anywhere; typos and strangers are told apart."""

from __future__ import annotations

from doorstep.storage import qrid
from doorstep.tui.screens.assignments import AssignmentsScreen
from doorstep.tui.screens.checklist import ChecklistScreen
from doorstep.tui.screens.household import HouseholdScreen
from doorstep.tui.screens.scan import ScanPrompt
from tui_helpers import scan, text_of, type_keys, type_text
from tui_homes import IDS


def _notes(app) -> list[str]:  # noqa: ANN001
    return [str(n.message) for n in app._notifications]


async def test_a_scanner_burst_on_the_assignments_opens_the_household(home_path, make_app, clock) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, AssignmentsScreen)
        await scan(pilot, IDS[1], clock)
        assert isinstance(app.screen, HouseholdScreen)
        assert app.screen.household_id == IDS[1]
        assert "李建国" in text_of(app, "#info-text")


async def test_a_burst_while_typing_in_the_search_box_leaves_the_search_text_alone(
    home_path, make_app, clock
) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_keys(pilot, "slash")
        await type_text(pilot, "zh")
        search = app.screen.query_one("#search")
        assert search.value == "zh"
        await scan(pilot, IDS[3], clock)
        assert isinstance(app.screen, HouseholdScreen) and app.screen.household_id == IDS[3]
        await type_keys(pilot, "escape")
        assert isinstance(app.screen, AssignmentsScreen)
        assert app.screen.query_one("#search").value == "zh"


async def test_typing_an_identifier_by_hand_is_not_a_scan(home_path, make_app) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_keys(pilot, "slash")
        await type_text(pilot, IDS[4])
        await type_keys(pilot, "enter")
        # a person's typing went into the search box, which found exactly one household
        assert isinstance(app.screen, HouseholdScreen)
        assert app.screen.household_id == IDS[4]


async def test_a_mistyped_identifier_gets_the_typo_message(home_path, make_app) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_keys(pilot, "f2")
        assert isinstance(app.screen, ScanPrompt)
        wrong = IDS[0][:5] + IDS[0][6] + IDS[0][5] + IDS[0][7:]  # two neighbours swapped
        assert wrong != IDS[0]
        await type_text(pilot, wrong)
        await type_keys(pilot, "enter")
        assert isinstance(app.screen, ScanPrompt)
        assert "the check character does not match" in text_of(app, "#problem")
        field = app.screen.query_one("#id-input")
        assert field.selected_text == wrong  # selected: what comes next replaces it
        # typed again by hand: replaces the wrong one, and opens
        await type_text(pilot, IDS[0].lower())
        assert field.value == IDS[0].lower()
        await type_keys(pilot, "enter")
        assert isinstance(app.screen, HouseholdScreen) and app.screen.household_id == IDS[0]


async def test_an_unknown_but_valid_identifier_is_not_on_the_register(home_path, make_app) -> None:
    stranger = "7777777" + qrid.check_character("7777777")
    app = make_app(home_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await type_keys(pilot, "f2")
        await type_text(pilot, stranger)
        await type_keys(pilot, "enter")
        assert isinstance(app.screen, ScanPrompt)
        assert "不在本机的任务中" in text_of(app, "#problem")


async def test_a_scanned_typo_in_the_prompt_keeps_it_open_and_the_next_scan_replaces_it(
    home_path, make_app, clock
) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await type_keys(pilot, "f2")
        bad = IDS[2][:-1] + ("X" if IDS[2][-1] != "X" else "Y")
        await scan(pilot, bad, clock)
        assert isinstance(app.screen, ScanPrompt)  # still open, the reason under the input
        assert "the check character does not match" in text_of(app, "#problem")
        assert not _notes(app)  # said in the prompt, not in a notification that fades
        field = app.screen.query_one("#id-input")
        assert field.value == bad and field.selected_text == bad
        stranger = "7777777" + qrid.check_character("7777777")
        await scan(pilot, stranger, clock)
        assert isinstance(app.screen, ScanPrompt)
        assert "is not on this laptop" in text_of(app, "#problem")
        assert field.value == stranger
        await scan(pilot, IDS[2], clock)
        assert isinstance(app.screen, HouseholdScreen) and app.screen.household_id == IDS[2]


async def test_a_scanned_typo_is_reported_wherever_the_focus_is(home_path, make_app, clock) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        bad = IDS[2][:-1] + ("X" if IDS[2][-1] != "X" else "Y")
        await scan(pilot, bad, clock)
        assert isinstance(app.screen, AssignmentsScreen)
        assert any("check character does not match" in n for n in _notes(app))


async def test_a_scan_during_a_checklist_keeps_the_draft_and_opens_the_other_household(
    home_path, make_app, clock
) -> None:
    app = make_app(home_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await scan(pilot, IDS[1], clock)
        await type_keys(pilot, "1")  # home care
        assert isinstance(app.screen, ChecklistScreen)
        visit_id = app.screen.visit_id
        await type_keys(pilot, "1", "enter")  # services: cleaning
        await type_text(pilot, "45")
        await scan(pilot, IDS[5], clock)
        assert isinstance(app.screen, HouseholdScreen) and app.screen.household_id == IDS[5]
        draft = app.session.store.get_draft(visit_id)
        assert draft["answers"]["services"] == "cleaning"
        assert draft["answers"]["minutes"] == "45"


async def test_a_letter_never_used_in_identifiers_is_named(home_path, make_app) -> None:
    """Issue 16, point 10: TE3QAKXU has 8 letters and digits; what is wrong is the U."""
    app = make_app(home_path, lang="zh")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await type_keys(pilot, "f2")
        await type_text(pilot, "TE3QAKXU")
        await type_keys(pilot, "enter")
        problem = text_of(app, "#problem")
        assert "不用字母 U" in problem and "8位" not in problem
        await type_keys(pilot, "escape")
        await type_keys(pilot, "f2")
        await type_text(pilot, "TE3QA")
        await type_keys(pilot, "enter")
        assert "有 5 位" in text_of(app, "#problem")


async def test_an_unknown_identifier_says_what_to_do_next_in_lines_that_fit_a_toast(
    home_path, make_app, clock
) -> None:
    from rich.cells import cell_len

    stranger = "7777777" + qrid.check_character("7777777")
    app = make_app(home_path, lang="zh")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await scan(pilot, stranger, clock)
        note = next(n for n in _notes(app) if stranger in n)
        assert "按 i 读取办公室的U盘" in note
        # each phrase on its own line, short enough for the toast: no wrap in mid-phrase
        await pilot.pause()
        toast = app.screen.query_one("Toast")
        width = toast.content_region.width
        assert all(cell_len(line) <= width for line in note.splitlines()), (width, note)
