"""Text from outside on the inbox and review screens (Pilot, 80x24): a file name off a stick, a
volunteer's name and answers from a bundle are shown as data. Escape sequences arrive visible
(\\x1b), never as bytes that would clear or retitle the supervisor's terminal, and brackets are
shown as typed, never read as markup."""

from __future__ import annotations

import uuid

from doorstep.storage.home import Home
from doorstep.tui.office.screens.inbox import InboxScreen
from doorstep.tui.office.screens.review import ReviewScreen, VisitScreen
from office_helpers import move_to, press, rows_by_key, text_of

CLEAR, TITLE = "\x1b[2J", "\x1b]0;PWNED\x07"
VOLUNTEER = f"李{CLEAR}梅[/b]"
NEED = f"屋顶{TITLE}漏雨"


def hostile_visit(office: Home) -> str:
    """A home care visit as a merge would hold it, its volunteer and answers full of escapes."""
    with office.writer() as store:
        base = next(v for v in store.visits() if v.get("form_id") == "home_care")
        record = {k: v for k, v in base.items() if k not in ("key", "received", "acked", "status")}
        record |= {"uuid": str(uuid.uuid4()), "revision": 1, "supersedes": None, "volunteer": VOLUNTEER,
                   "ended": "2026-06-30T10:00:00+08:00", "started": "2026-06-30T09:00:00+08:00"}
        record["answers"] = {**base["answers"], "urgent_needs": NEED, "followup_needed": "yes",
                             "followup_note": f"再去{CLEAR}看看"}
        (key,) = store.add_received_visits([record])
    return key


def no_raw_escapes(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text


async def test_inbox_and_review_show_outside_text_as_data(merged_town, make_app) -> None:  # noqa: ANN001
    office = merged_town / "office"
    key = hostile_visit(Home.open(office))
    stick_file = office / "inbox" / f"b{CLEAR}x.json"
    stick_file.write_bytes(b"not a bundle")
    app = make_app(office)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f2", "r")
        assert isinstance(app.screen, InboxScreen)
        (name, *_rest) = rows_by_key(pilot)[str(stick_file)]
        assert name.startswith("b\\x1b[2J")
        no_raw_escapes(" ".join(" ".join(r) for r in rows_by_key(pilot).values()))
        no_raw_escapes(app.export_screenshot())

        await press(pilot, "f4")
        assert isinstance(app.screen, ReviewScreen)
        row = rows_by_key(pilot)[key]
        assert row[-1].startswith("李\\x1b")          # the volunteer column, cut to its width
        no_raw_escapes(" ".join(row))
        move_to(pilot, key)
        await press(pilot, "enter")
        assert isinstance(app.screen, VisitScreen)
        text = text_of(pilot, "#visit-text")
        assert "李\\x1b[2J梅[/b]" in text             # the brackets as typed, not markup
        assert "屋顶\\x1b]0;PWNED\\x07漏雨" in text and "再去\\x1b[2J看看" in text
        no_raw_escapes(text)
        no_raw_escapes(app.export_screenshot())
