"""Settling conflicts on the problems screen (Pilot, 80x24): a visit in two versions and a register
field with two values; the figures change, and merging every bundle again in another order leaves
them settled."""

from __future__ import annotations

import shutil
import sys
import uuid
from decimal import Decimal
from pathlib import Path

from doorstep.reports.period import Period
from doorstep.reports.source import office_summary
from doorstep.storage.home import Home
from doorstep.sync.outbox import export_visits
from doorstep.tui.office.screens.problems import ProblemsScreen
from doorstep.tui.office.screens.settle import SettleDialog
from office_helpers import move_to, press, text_of, type_text
from textual.widgets import Input, OptionList

sys.path.insert(0, str(Path(__file__).parents[1] / "sync"))
from sync_helpers import Enrolled, condolence_visit, finish_visit, make_enrolled  # noqa: E402


def money(office: Home) -> Decimal:
    """The money figure as the summaries screen computes it (a snapshot: the app holds the lock)."""
    summary, _ = office_summary(office, Period(), None, "en")
    return Decimal(summary.value("money.total"))


def unsettled(office: Home) -> tuple[str, ...]:
    """The visits the summary counts in a version not settled yet."""
    summary, _ = office_summary(office, Period(), None, "en")
    return summary.unsettled


def build(root: Path) -> tuple[Enrolled, Path]:
    """A visit recorded on both laptops (a restored backup): 800 and 1,200 yuan, two phone numbers."""
    enrolled = make_enrolled(root)  # built afresh here, not copied from the session's
    inbox = enrolled.office.path / "inbox"
    inbox.mkdir()
    visit_id = str(uuid.uuid4())
    # Only copies of one laptop can hold one visit (sync.binding): laptop-01 and its restored copy.
    shutil.copytree(enrolled.devices[0].path, root / "laptop-01-restored")
    enrolled.devices = [enrolled.devices[0], Home.open(root / "laptop-01-restored")]
    for device, amount, phone in zip(enrolled.devices, ("800", "1200"), ("13900000001", "13900000002"),
                                     strict=True):
        with device.writer() as store:
            condolence_visit(store, enrolled.households[0], visit_id, amount, phone)
        export_visits(device, root / f"out-{device.path.name}").path.rename(
            inbox / f"b-{device.path.name}.json")
    return enrolled, inbox


async def test_settle_a_visit_and_a_field_then_merge_again(tmp_path: Path, make_app) -> None:  # noqa: ANN001
    enrolled, inbox = build(tmp_path)
    office = enrolled.office
    app = make_app(office.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f2", "m", "f3")
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        assert sorted(f["kind"] for f in screen.flags) == ["register", "visit"]
        assert "2 to look at" in str(screen.query_one("#conflicts-head").render())
        # Until settled the figures count the version sent first (both copies used bundle no. 1:
        # the smaller hash), and the summary lists the visit as not settled.
        visit_flag = next(f for f in screen.flags if f["kind"] == "visit")
        first = min(visit_flag["hashes"])
        uuid_of, revision = visit_flag["key"].rsplit(".", 1)
        counted = office.reader().get_visit(uuid_of, int(revision))
        assert counted["hash"] == first
        assert money(office) == Decimal(counted["answers"]["total"])
        assert unsettled(office) == (counted["uuid"],)

        # The visit: its two versions, each with device, volunteer and time; choose 1,200.
        screen.query_one("DataTable").move_cursor(row=[f["kind"] for f in screen.flags].index("visit"))
        await press(pilot, "s")
        dialog = app.screen
        assert isinstance(dialog, SettleDialog)
        lines = [str(o.prompt) for o in dialog.query_one(OptionList).options]
        assert len(lines) == 2 and all("李秀梅" in line and "2026-02-07" in line for line in lines)
        assert all("laptop-01" in line for line in lines)  # the laptop and its copy
        (marked,) = [c["number"] for c in dialog.item["candidates"] if c["counted"]]
        assert [line.startswith(f"{n}. ★") for n, line in enumerate(lines, start=1)] == [
            n == marked for n in (1, 2)]                    # the version counted until settled
        wanted = next(c["number"] for c in dialog.item["candidates"] if c["answers"]["total"] == "1200")
        if wanted == 2:
            await press(pilot, "down")
        await press(pilot, "enter")          # to the reason
        await type_text(pilot, "receipt")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ProblemsScreen)
        assert [f["kind"] for f in app.screen.flags] == ["register"]
        assert "1 to look at" in str(app.screen.query_one("#conflicts-head").render())
        assert money(office) == 1200
        assert unsettled(office) == ()

        # The register field: type the number the family gave on the phone.
        await press(pilot, "s")
        dialog = app.screen
        assert isinstance(dialog, SettleDialog)
        dialog.query_one("#settle-value", Input).focus()
        await type_text(pilot, "139 1234 5678")
        await press(pilot, "ctrl+s")
        assert app.screen.flags == []
        assert "No conflicts" in str(app.screen.query_one("#conflicts-head").render())
        assert office.reader().get_entry(enrolled.households[0])["phone"] == "13912345678"

        # Each laptop sends again what is not acknowledged, with a new visit; every bundle is
        # merged again, the new ones first (the inbox is read in name order).
        for i, device in enumerate(enrolled.devices):
            with device.writer() as store:
                finish_visit(store, enrolled.households[3 + i], {"needs_note": "无"})
            export_visits(device, tmp_path / f"out2-{device.path.name}").path.rename(
                inbox / f"a-{device.path.name}.json")
        await press(pilot, "f2", "r", "m", "f3")
        assert app.screen.flags == []
        assert money(office) == 1200
        assert office.reader().get_entry(enrolled.households[0])["phone"] == "13912345678"
    settled = [r for r in office.reader().audit() if r["action"] == "settle"]
    assert [r["new"]["why"] for r in settled] == ["receipt", ""]


async def test_editing_the_register_to_a_proposed_value_settles_its_conflict(tmp_path: Path,
                                                                            make_app) -> None:  # noqa: ANN001
    enrolled, _ = build(tmp_path)
    office, household = enrolled.office, enrolled.households[0]
    app = make_app(office.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f2", "m", "f3")
        assert sorted(f["kind"] for f in app.screen.flags) == ["register", "visit"]
        applied = office.reader().get_entry(household)["phone"]   # the merge applied one of the two
        other = next(p for p in ("13900000001", "13900000002") if p != applied)
        await press(pilot, "f5")
        await type_text(pilot, household)
        await press(pilot, "enter", "tab", "tab", "tab", "tab", "end", "ctrl+u")
        assert app.focused.id == "f-phone"
        await type_text(pilot, other)
        await press(pilot, "ctrl+s", "f3")
        assert [f["kind"] for f in app.screen.flags] == ["visit"]
    store = office.reader()
    assert store.get_entry(household)["phone"] == other
    (row,) = [r for r in store.audit() if r["action"] == "settle"]
    assert row["new"] == {"chosen": other, "why": "edited in the register"}


async def test_the_review_says_a_visit_is_counted_in_a_version_not_settled(tmp_path: Path,
                                                                           make_app) -> None:  # noqa: ANN001
    enrolled, _ = build(tmp_path)
    office = enrolled.office
    app = make_app(office.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f2", "m", "f3")
        key = next(f["key"] for f in app.screen.flags if f["kind"] == "visit")
        await press(pilot, "f4")
        move_to(pilot, key)
        await press(pilot, "enter")
        assert "Conflict" in text_of(pilot, "#visit-text")
        assert "not yet settled; the version the laptop sent first counts" in text_of(pilot, "#visit-text")
