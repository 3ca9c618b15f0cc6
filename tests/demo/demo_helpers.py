"""Functions shared by the demo tests (imported by name: tests/demo is put on sys.path)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

TODAY = "2026-11-29"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes (relative paths as keys)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def visit_day(record: dict[str, Any]) -> date:
    return datetime.fromisoformat(record["started"]).date()


def assert_engine_accepts(record: dict[str, Any]) -> None:
    """The survey engine, given the stored answers on the visit's day, finds nothing wrong,
    computes the same calculated values and proposes the same register updates."""
    from doorstep.survey import Checklist, get_form

    form = get_form(record["form_id"])
    assert str(form.version) == record["form_version"]
    cl = Checklist(form, answers=record["answers"], lang="zh", today=visit_day(record))
    assert cl.errors() == {}, (record["form_id"], record["answers"], cl.errors())
    assert cl.can_finalize()
    assert cl.answers == record["answers"]  # calculated values stored as the engine computes them
    assert cl.register_updates() == record["register_updates"]
    relevant = {item.slot[0] for item in cl.items()}
    calculated = {slot[0] for slot in cl.calculated()}
    assert set(record["answers"]) <= relevant | calculated, "answers to questions never asked"
