"""A shared stick holds the office's assignments beside the devices' visits: merging and importing
from the folder pass over what is not for this home, while a file named explicitly is still refused."""

from __future__ import annotations

import json

from cli_helpers import World, assert_user_error, doorstep, snapshot


def _fill_stick(world: World) -> None:
    for device in world.devices:
        assert doorstep("bundle", "export", "--out", world.stick, "--no-qr", home=device).code == 0
    done = doorstep("assign", "--device", "device-1", "--out", world.stick, home=world.office)
    assert done.code == 0, done.err


def test_merge_of_a_folder_passes_over_the_office_s_own_assignments(world: World) -> None:
    _fill_stick(world)
    names = sorted(p.name for p in world.stick.iterdir())
    assert sum("assignment" in n for n in names) == 1 and sum("visits" in n for n in names) == 2

    first = doorstep("bundle", "merge", world.stick, home=world.office)
    assert first.code == 0, first.out + first.err
    assert not [line for line in first.out.splitlines() if line.startswith("refused")]
    assert "skipped" in first.out and "assignment" in first.out
    assert "2 file(s): 2 new, 0 duplicate, 0 refused" in first.out

    again = doorstep("bundle", "merge", world.stick, "--json", home=world.office)
    assert again.code == 0, again.err
    report = json.loads(again.out)
    assert report["refused"] == 0 and report["skipped"] == 1 and report["new_visits"] == 0
    statuses = sorted(b["status"] for b in report["bundles"])
    assert statuses == ["duplicate", "duplicate", "skipped"]


def test_an_assignment_named_explicitly_is_still_refused(world: World) -> None:
    _fill_stick(world)
    own = next(world.stick.glob("*assignment*"))
    before = snapshot(world.office)
    done = doorstep("bundle", "merge", own, home=world.office)
    assert done.code == 1
    assert "refused" in done.out and "sent by this very home" in done.out
    assert "Traceback" not in done.err
    assert snapshot(world.office) == before


def test_a_damaged_bundle_in_the_folder_is_still_refused(world: World) -> None:
    _fill_stick(world)
    good = next(world.stick.glob("*visits*"))
    (world.stick / "broken.json").write_bytes(good.read_bytes()[:300])
    done = doorstep("bundle", "merge", world.stick, home=world.office)
    assert done.code == 1
    assert "broken.json" in done.out and "truncated" in done.out
    assert "2 new" in done.out  # the good ones still merge


def test_a_device_imports_its_own_assignment_from_the_stick_folder(world: World) -> None:
    _fill_stick(world)
    assert doorstep("assign", "--device", "device-2", "--out", world.stick, home=world.office).code == 0
    for device in world.devices:
        done = doorstep("bundle", "import", world.stick, home=device)
        assert done.code == 0, done.err
        assert done.out.count("assignment imported") == 1, done.out
        again = doorstep("bundle", "import", world.stick, home=device)
        assert again.code == 0 and "no new assignment for this device" in again.out


def test_a_device_reports_a_damaged_assignment_in_the_folder(world: World) -> None:
    _fill_stick(world)
    own = next(world.stick.glob("*assignment*"))
    own.write_bytes(own.read_bytes()[:-40])
    before = snapshot(world.devices[0])
    done = doorstep("bundle", "import", world.stick, home=world.devices[0])
    assert_user_error(done, own.name, "truncated")
    assert snapshot(world.devices[0]) == before
