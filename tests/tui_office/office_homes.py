"""Offices with bundles to merge, made as a town makes them: `doorstep demo generate` (the CLI),
devices exporting through sync's export, bundles copied into the office's inbox folder.

Exports run in this process with sync's clock frozen, so that the time a bundle was sealed (in
its clear header, shown by the inbox) is the same on every run; files get stable names, as a
supervisor copying them from USB sticks might give them.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from cli_runner import Result, invoke
from doorstep.storage.home import Home

SEALED_AT = "2026-06-30T18:00:00+08:00"
TODAY = "2026-06-30"
HOUSEHOLDS, DEVICES, VISITS, SEED = 30, 2, 40, 3


def doorstep(*args: str, cwd: Path | None = None) -> Result:
    """The CLI as a user types it (main(argv), in-process); fails the test with its output when it fails."""
    done = invoke(args, cwd=cwd)
    assert done.returncode == 0, f"doorstep {' '.join(args)}: {done.stdout}\n{done.stderr}"
    return done


def export(device: Path, out: Path, name: str) -> Path:
    """sync's export of a device's outbox, sealed at SEALED_AT, renamed to `name`."""
    import doorstep.sync.outbox

    with pytest.MonkeyPatch.context() as m:
        m.setattr(doorstep.sync.outbox, "now_iso", lambda: SEALED_AT)
        result = doorstep.sync.outbox.export_visits(Home.open(device), out)
    assert result.written and result.path is not None
    return result.path.rename(out / name)


def generate(root: Path) -> Path:
    """root/office, root/device-1, root/device-2, with finalized visits on the devices."""
    doorstep("--lang", "zh", "demo", "generate", "--out", str(root), "--households", str(HOUSEHOLDS),
             "--devices", str(DEVICES), "--visits", str(VISITS), "--seed", str(SEED), "--today", TODAY)
    return root


def fill_inbox(root: Path) -> list[Path]:
    """Each device's bundle in the office's default inbox folder."""
    inbox = root / "office" / "inbox"
    inbox.mkdir(exist_ok=True)
    return [export(root / f"device-{n}", inbox, f"device-{n}-000001.json") for n in range(1, DEVICES + 1)]


def merge_inbox(root: Path) -> None:
    """`doorstep bundle merge` of the inbox, as the supervisor would on the command line."""
    doorstep("--home", str(root / "office"), "bundle", "merge", str(root / "office" / "inbox"))


def correct(device: Path, visit_uuid: str, answers: dict[str, str], ended: str) -> dict[str, Any]:
    """A correction of a visit finalized on `device`, as the volunteer's checklist makes one."""
    with Home.open(device).writer() as store:
        draft = store.start_correction(visit_uuid)
        for name, value in answers.items():
            store.save_answer(draft["uuid"], (name,), value)
        return store.finalize(draft["uuid"], ended=ended)


def first_visit(device: Path, form_id: str) -> dict[str, Any]:
    store = Home.open(device).reader()
    try:
        return sorted((r for r in store.visits() if r["form_id"] == form_id), key=lambda r: r["key"])[0]
    finally:
        store.close()


def make_problems(root: Path) -> dict[str, Any]:
    """A conflict and a missing bundle, the way they happen.

    device-1's laptop was restored from a copy, and both the laptop and the copy corrected the
    same visit differently (the same revision with two contents: a conflict): the follow-up note
    differs, and the copy also noted medical and care needs. device-2 sent two
    bundles, and only the second reached the office (the first is missing).
    """
    office, d1, d2 = root / "office", root / "device-1", root / "device-2"
    inbox = office / "inbox"
    inbox.mkdir(exist_ok=True)
    visit = first_visit(d1, "verification")
    b1 = export(d1, inbox, "d1-1.json")
    copy = root / "device-1-copy"
    shutil.copytree(d1, copy)  # the backup, taken after bundle 1
    correct(d1, visit["uuid"], {"followup_needed": "yes", "followup_note": "需要补办证件"},
            "2026-06-29T10:00:00+08:00")
    b2 = export(d1, inbox, "d1-2.json")
    # the copy: a new visit first (its bundle 2 is a replay the office refuses), then its correction
    other = first_visit(copy, "condolence")
    correct(copy, other["uuid"], {}, "2026-06-29T09:00:00+08:00")
    export(copy, root, "copy-2.json")
    correct(copy, visit["uuid"], {"followup_needed": "yes", "followup_note": "电话已更正",
                                  "needs": "medical care"}, "2026-06-29T11:00:00+08:00")
    c3 = export(copy, inbox, "d1-copy-3.json")
    export(d2, root, "d2-1.json")  # never reaches the office
    correct(d2, first_visit(d2, "verification")["uuid"], {}, "2026-06-29T12:00:00+08:00")
    b4 = export(d2, inbox, "d2-2.json")
    for bundle in (b1, b2, c3, b4):
        doorstep("--home", str(office), "bundle", "merge", str(bundle))
    return {"conflict_key": f"{visit['uuid']}.2", "visit": visit}
