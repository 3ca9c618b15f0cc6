"""A summary of a period reads the months it needs (reports.period_read) and gives the summary
computed from every visit: on both stores, over visits in four years, with each case that
looks outside the period (a death found by a later visit, a follow-up answered after the
period, a house graded years before, a correction that carries the day it was corrected)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from doorstep.reports.by_form import visits_by_form_and_village
from doorstep.reports.figures import Summary, compute_summary
from doorstep.reports.inforce import visits_in_force
from doorstep.reports.period import Period
from doorstep.reports.relevance import relevant_answers_with
from doorstep.reports.source import custom_forms_summary, load_report_data, office_summary, vocabulary
from doorstep.reports.tally_summary import whole_months
from doorstep.storage import qrid
from doorstep.storage.home import Home
from doorstep.storage.visit_facts import cache_dir
from handmade import REGISTER, assert_same_summary, care, house, visit


def followup(work: str, done: str) -> dict[str, Any]:
    return {"work": work, "work_done": done, "subsidy_paid": "5000", "within_quota": "yes"}


def odd(record: dict[str, Any], ended: str) -> dict[str, Any]:
    return {**record, "ended": ended}


RECORDS: list[dict[str, Any]] = [
    # H2's house: graded C in 2024, repaired in 2025; H4's graded D in 2024, never repaired.
    visit("h1", "H2", "house_inspection", "2024-03-01", house("C", "repair", "9000", "6000")),
    visit("h2", "H4", "house_inspection", "2024-04-01", house("D", "rebuild", "50000", "20000")),
    visit("h3", "H2", "house_followup", "2025-06-01", followup("repair", "yes")),
    # A follow-up raised in 2025, answered again in 2026; one raised in 2026, answered in 2027.
    visit("f1", "H1", "home_care", "2025-05-01", care("cleaning", "30", "yes", "轮椅")),
    visit("f2", "H1", "home_care", "2026-02-01", care("cleaning", "30", "no")),
    visit("f3", "H3", "home_care", "2026-09-01", care("cooking", "40", "yes", "屋顶")),
    visit("f4", "H3", "home_care", "2027-01-10", care("cooking", "40", "no")),
    visit("f5", "H5", "home_care", "2026-10-01", care("cooking", "20", "yes", "药")),
    # H7 died with no date on the register: found by a verification in 2025, again in 2027.
    visit("d1", "H7", "verification", "2025-03-01", {"status": "deceased"}),
    visit("d2", "H7", "verification", "2027-02-01", {"status": "deceased"}),
    # A correction made before corrections kept their date: it carries the day it was made.
    visit("c1", "H1", "home_care", "2025-12-20", care("cleaning", "10", "no")),
    odd(visit("c1", "H1", "home_care", "2025-12-20", care("cleaning", "15", "no"), revision=2),
        "2026-01-05T09:00:00+08:00"),
    # Corrected today, within its month.
    visit("c2", "H6", "home_care", "2026-03-03", care("laundry", "20", "no")),
    visit("c2", "H6", "home_care", "2026-03-03", care("laundry", "25", "yes", "再去"), revision=2),
    # An end no one can read: the visit belongs to the day it started, in another month.
    {**visit("o1", "H3", "home_care", "2026-11-30", care("cleaning", "5", "no")),
     "ended": "2024-02-31T10:00:00+08:00"},
    # Late at night on the last day of 2025, local time.
    visit("n1", "H5", "home_care", "2025-12-31", care("cooking", "15", "yes", "夜"), clock="23:00"),
    visit("n2", "HX", "condolence", "2026-07-01",
          {"occasion": "army_day", "items": [], "followup_needed": "no"}),
]


ENTRIES = [*REGISTER, {"id": "H7", "name": "周九", "category": "old_demobilized", "village": "东村",
                       "status": "deceased"}]


def new_ids() -> dict[str, str]:
    ids: dict[str, str] = {}
    for entry in ENTRIES:
        ids[entry["id"]] = qrid.new_id(set(ids.values()))
    return ids


# The same visits with c1 corrected as doorstep corrects now (the correction keeps its visit's
# day, so both revisions are in one month): every month can be tallied (reports.month_tally).
DATED = [visit("c1", "H1", "home_care", "2025-12-20", care("cleaning", "15", "no"), revision=2)
         if r["uuid"] == "c1" and r["revision"] == 2 else r for r in RECORDS]


def make_office(path: Path, database: str | None, ids: dict[str, str],
                records: list[dict[str, Any]] = RECORDS) -> Home:
    home = Home.create(path, "office", name="测试镇", database=database)
    with home.writer() as store:
        for entry in ENTRIES:
            store.add_entry({**entry, "id": ids[entry["id"]]})
        store.add_received_visits([{**r, "household": ids.get(r["household"], r["household"])}
                                   for r in records])
    home.ids = ids  # type: ignore[attr-defined]
    return home


@pytest.fixture(params=["tinydb", "postgresql", "tinydb-dated", "postgresql-dated"])
def office(request: pytest.FixtureRequest, tmp_path: Path) -> Home:
    database = request.getfixturevalue("fresh_database_url") if "postgresql" in request.param else None
    home = make_office(tmp_path / "office", database, new_ids(),
                       DATED if request.param.endswith("dated") else RECORDS)
    home.dated = request.param.endswith("dated")  # type: ignore[attr-defined]
    return home


def from_every_visit(home: Home, period: Period, village: str | None) -> Summary:
    data = load_report_data(home)
    vocab = vocabulary("en", home)
    return compute_summary(data.entries, data.visits, period, village, vocab.choice_order(),
                           relevant_answers_with(vocab.forms), payments=data.payments, entered=data.entered)


PERIODS = [Period(date(y, 1, 1), date(y, 12, 31)) for y in (2024, 2025, 2026, 2027)] + [
    Period(date(2026, 1, 1), None), Period(None, date(2025, 12, 31)),
    Period(date(2025, 12, 31), date(2026, 1, 5)),
    Period(date(2026, 3, 3), date(2026, 3, 3)), Period()]


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.start}..{p.end}")
def test_a_periods_summary_is_the_one_computed_from_every_visit(office: Home, period: Period) -> None:
    for village in (None, "东村", "西村"):
        summary, _ = office_summary(office, period, village, "en")
        assert_same_summary(summary, from_every_visit(office, period, village))
        # Added up from the months' tallies where the period is whole months and no visit was
        # corrected in another month; counted from the records otherwise.
        assert (summary.with_every_source is not None) == (office.dated and whole_months(period))  # type: ignore[attr-defined]
    every, read = load_report_data(office), load_report_data(office, period)
    forms = vocabulary("en", office).forms
    rows = visits_by_form_and_village(read.entries, read.visits, period, None, forms, "en", skip=())
    assert rows == visits_by_form_and_village(every.entries, every.visits, period, None, forms, "en", skip=())
    assert custom_forms_summary(office, period, None, "en") == []   # only built-in forms here


def test_what_the_year_looks_back_and_forward_for(office: Home) -> None:
    def year(y: int) -> Summary:
        return office_summary(office, Period(date(y, 1, 1), date(y, 12, 31)), None, "en")[0].with_sources()

    assert year(2026).houses_waiting == ("h2",)        # graded in 2024; H2's repaired in 2025
    assert year(2024).houses_waiting == ("h1", "h2")
    assert year(2026).open_followups == ("c2", "f5")    # f3 answered again in 2027
    assert year(2025).value("followups.raised") == 2
    assert year(2025).open_followups == ()              # both answered again in 2026
    assert year(2027).value("register.deaths") == 1     # found again in 2027: its day
    assert year(2025).value("register.deaths") == 0
    assert "c1" in year(2025).visits and year(2025).visits["c1"]["answers"]["minutes"] == "15"
    assert "c1" not in year(2026).visits
    assert "o1" in year(2026).visits and "n1" in year(2025).visits


def test_a_change_to_another_year_is_seen_and_a_damaged_cache_is_made_again(office: Home) -> None:
    period = Period(date(2026, 1, 1), date(2026, 12, 31))
    assert office_summary(office, period, None, "en")[0].houses_waiting == ("h2",)
    with office.writer() as store:   # H4's house rebuilt, in 2025
        store.add_received_visits([visit("h4", office.ids["H4"], "house_followup", "2025-09-01",  # type: ignore[attr-defined]
                                         followup("rebuild", "yes"))])
    assert office_summary(office, period, None, "en")[0].houses_waiting == ()
    for kept in cache_dir(office.path).rglob("*.json"):
        kept.write_bytes(b"not what was kept")
    assert_same_summary(office_summary(office, period, None, "en")[0], from_every_visit(office, period, None))


def test_kept_facts_are_sealed_like_the_months(office: Home) -> None:
    office_summary(office, Period(date(2026, 1, 1), date(2026, 12, 31)), None, "en")
    kept = list(cache_dir(office.path).rglob("*.json"))
    assert bool(kept) == (not office.uses_database)
    for path in kept:
        raw = path.read_bytes()
        assert "周九".encode() not in raw and b"deceased" not in raw and b"house_inspection" not in raw


def test_records_in_force_are_the_same_whatever_was_read(office: Home) -> None:
    store = office.reader()
    try:
        every = {v["uuid"]: v for v in visits_in_force(store.visits())}
    finally:
        store.close()
    data = load_report_data(office, Period(date(2026, 1, 1), date(2026, 12, 31)))
    for v in data.visits:
        if v["uuid"] in ("f2", "f3", "f5", "c2", "o1", "n2"):
            assert v == every[v["uuid"]]


def test_both_stores_give_the_same_summary(tmp_path: Path, fresh_database_url: str) -> None:
    """The same register and visits in TinyDB files and in PostgreSQL: every figure, with what it
    counts, the same for every period and village (the stores read, select and order alike)."""
    ids = new_ids()
    tiny = make_office(tmp_path / "tinydb", None, ids)
    pg = make_office(tmp_path / "postgresql", fresh_database_url, ids)
    for period in PERIODS:
        for village in (None, "东村", "西村"):
            a, b = (office_summary(home, period, village, "en")[0] for home in (tiny, pg))
            assert a.figures == b.figures and a.figures
            assert (a.villages, a.kinds, a.statuses, a.not_visited, a.open_followups, a.unsettled) == \
                (b.villages, b.kinds, b.statuses, b.not_visited, b.open_followups, b.unsettled)
            assert list(a.visits) == list(b.visits)


def test_a_databases_kept_months_are_sealed_and_made_again_whoever_changes_a_month(
        tmp_path: Path, fresh_database_url: str) -> None:
    """On PostgreSQL the months are kept in visit_facts, sealed, under the version the triggers
    give each month: a change through doorstep, or straight in SQL, makes the month's anew."""
    import psycopg
    from doorstep.reports.summary_records import SUMMARY_TAG

    ids = new_ids()
    office = make_office(tmp_path / "office", fresh_database_url, ids)
    year = Period(date(2026, 1, 1), date(2026, 12, 31))
    first = office_summary(office, year, None, "en")[0]
    with psycopg.connect(fresh_database_url, autocommit=True) as conn:
        kept = conn.execute("SELECT period, sealed FROM visit_facts WHERE tag = %s",
                            [SUMMARY_TAG]).fetchall()
        assert {p for p, _ in kept} >= {"2026-02", "2026-09", "2026-10"}
        for _, sealed in kept:
            assert "轮椅".encode() not in sealed and b"home_care" not in sealed
        versions = dict(conn.execute("SELECT period, version FROM visit_periods").fetchall())
    with office.writer() as store:   # through doorstep: a visit in a month already kept
        store.add_received_visits([visit("late", ids["H3"], "home_care", "2026-09-20",
                                         care("cooking", "40", "no"))])
    second = office_summary(office, year, None, "en")[0]
    assert second.value("visits.total") == first.value("visits.total") + 1
    assert second.open_followups == ("c2", "f5")   # f3 is answered again in 2026-09 now
    with psycopg.connect(fresh_database_url, autocommit=True) as conn:
        after = dict(conn.execute("SELECT period, version FROM visit_periods").fetchall())
        assert after["2026-09"] > versions["2026-09"] and after["2026-02"] == versions["2026-02"]
        conn.execute("DELETE FROM visits WHERE uuid = 'late'")   # straight in SQL
    assert_same_summary(office_summary(office, year, None, "en")[0], first)
    assert_same_summary(office_summary(office, year, None, "en")[0], from_every_visit(office, year, None))
