"""Figures of generated data agree with each other and with the store read independently."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from doorstep.storage.home import Home


def store_data(home: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    store = Home.open(home).reader()
    try:
        return store.entries(), store.visits()
    finally:
        store.close()


def local_day(visit: dict[str, Any]) -> date:
    return datetime.fromisoformat(visit["ended"]).date()


@pytest.fixture(scope="module")
def figures_by_period(generated: Path) -> dict[tuple[str | None, str | None], dict[str, Any]]:
    """The summary's JSON for the whole store and for two periods, from the CLI."""
    import os

    from cli_runner import invoke

    env = {**os.environ, "LANG": "en_US.UTF-8"}
    out = {}
    _, visits = store_data(generated)
    days = sorted(local_day(v) for v in visits)
    middle = days[len(days) // 2].isoformat()
    for start, end in ((None, None), (None, middle), (middle, None)):
        args = ["--home", str(generated), "summary", "--format", "json"]
        args += ["--from", start] if start else []
        args += ["--to", end] if end else []
        result = invoke(args, env=env)
        assert result.returncode == 0, result.stderr
        out[(start, end)] = json.loads(result.stdout)
    return out


def value(doc: dict[str, Any], figure_id: str) -> Any:
    return doc["figures"][figure_id]["value"]


def family(doc: dict[str, Any], prefix: str) -> dict[str, Any]:
    return {k[len(prefix):]: f["value"] for k, f in doc["figures"].items() if k.startswith(prefix)}


def test_visits_add_up(generated: Path, figures_by_period) -> None:  # noqa: ANN001
    for doc in figures_by_period.values():
        total = value(doc, "visits.total")
        assert total > 0
        assert sum(family(doc, "visits.by_kind.").values()) == total
        assert sum(family(doc, "visits.by_village.").values()) == total
        cross = family(doc, "visits.by_kind_village.")
        assert sum(cross.values()) == total
        for kind, n in family(doc, "visits.by_kind.").items():
            assert sum(v for k, v in cross.items() if k.startswith(kind + ".")) == n
    whole = figures_by_period[(None, None)]
    halves = [d for k, d in figures_by_period.items() if k != (None, None)]
    middle = date.fromisoformat(next(k[1] for k in figures_by_period if k[1]))
    # The two periods share the middle day; every other visit is counted in exactly one.
    on_middle_day = sum(1 for r in store_data(generated)[1] if local_day(r) == middle)
    assert on_middle_day > 0
    assert sum(value(d, "visits.total") for d in halves) == value(whole, "visits.total") + on_middle_day


def test_counts_match_the_store_read_independently(generated: Path, figures_by_period) -> None:  # noqa: ANN001
    entries, records = store_data(generated)
    doc = figures_by_period[(None, None)]
    # The register counts the living who are still entitled; deaths are counted apart.
    living = [e for e in entries if e["status"] != "deceased" and e["entitled"] == "yes"]
    assert value(doc, "register.total") == len(living)
    assert sum(family(doc, "register.priority.").values()) == len(living)
    assert sum(family(doc, "register.category.").values()) == len(living)
    assert value(doc, "register.deaths") == sum(1 for e in entries if e["status"] == "deceased")
    assert family(doc, "visits.by_kind.") == dict(Counter(r["form_id"] for r in records))
    assert value(doc, "households.reached") == len({r["household"] for r in records})
    care = [r for r in records if r["form_id"] == "home_care"]
    assert value(doc, "home_care.minutes") == sum(int(r["answers"]["minutes"]) for r in care)
    condolences = [r for r in records if r["form_id"] == "condolence"]
    # The money figures agree with the totals the form itself calculated on each visit.
    assert Decimal(value(doc, "money.total")) == sum(Decimal(r["answers"]["total"]) for r in condolences)
    by_kind = family(doc, "money.kind_total.")
    assert Decimal(value(doc, "money.total")) == sum(Decimal(v) for v in by_kind.values())
    inspected = {r["household"] for r in records if r["form_id"] == "house_inspection"}
    assert value(doc, "houses.inspected") == len(inspected)
    assert sum(family(doc, "houses.grade.").values()) == len(inspected)


def test_not_visited_is_the_register_minus_the_visited(generated: Path, figures_by_period) -> None:  # noqa: ANN001
    entries, records = store_data(generated)
    for (start, end), doc in figures_by_period.items():
        visited = {r["household"] for r in records
                   if (start is None or local_day(r) >= date.fromisoformat(start))
                   and (end is None or local_day(r) <= date.fromisoformat(end))}
        key = [e["id"] for e in entries if e["priority"] == "key"]
        expected = [i for i in key if i not in visited]
        assert [row["id"] for row in doc["not_visited"]] == expected
        assert value(doc, "coverage.key.not_visited") == len(expected)
        assert value(doc, "coverage.key.visited") + len(expected) == len(key)
        share = Decimal(value(doc, "coverage.key.visited")) / len(key)
        assert Decimal(value(doc, "coverage.key.share")) == share.quantize(Decimal("0.0001"))


def test_villages_partition_the_town(generated: Path, run) -> None:  # noqa: ANN001
    entries, _ = store_data(generated)
    villages = sorted({e["village"] for e in entries})
    whole = json.loads(run("--home", str(generated), "summary", "--format", "json").stdout)
    parts = [json.loads(run("--home", str(generated), "summary", "--format", "json", "--village", v).stdout)
             for v in villages]
    for figure_id in ("visits.total", "register.total", "households.reached", "coverage.key.not_visited",
                      "followups.raised", "followups.open", "houses.inspected"):
        assert sum(value(p, figure_id) for p in parts) == value(whole, figure_id), figure_id
    assert sum(Decimal(value(p, "money.total")) for p in parts) == Decimal(value(whole, "money.total"))
