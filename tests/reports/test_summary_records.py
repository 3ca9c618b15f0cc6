"""A summary reads each month cut down to what it counts and shows (reports.summary_records):
every figure, every table and every rendering must be those made from the whole records."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from doorstep.reports.figures import compute_summary
from doorstep.reports.month_tally import COUNTED_TAG, LOOKBACK_TAG
from doorstep.reports.period import Period
from doorstep.reports.relevance import relevant_answers_with
from doorstep.reports.render import render_summary
from doorstep.reports.source import load_report_data, office_summary, vocabulary
from doorstep.reports.summary_records import SUMMARY_TAG, summary_records
from doorstep.storage.home import Home
from doorstep.storage.visit_facts import cache_dir
from handmade import assert_same_summary
from town_data import REGISTER, VISITS

PERIODS = [Period(date(2026, 1, 1), date(2026, 12, 31)), Period(date(2025, 1, 1), date(2025, 12, 31)),
           Period(None, date(2026, 6, 30)), Period()]


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.start}..{p.end}")
def test_the_towns_figures_from_cut_records_are_those_from_whole_ones(period: Period) -> None:
    vocab = vocabulary("zh")
    for village in (None, *sorted({str(e.get("village", "")) for e in REGISTER})):
        whole = compute_summary(REGISTER, VISITS, period, village, vocab.choice_order(),
                                relevant_answers_with(vocab.forms))
        cut = compute_summary(REGISTER, summary_records(VISITS), period, village, vocab.choice_order(),
                              relevant_answers_with(vocab.forms))
        assert_same_summary(cut, whole)
        for fmt in ("json", "csv", "md", "html"):
            assert render_summary(cut, vocab, fmt) == render_summary(whole, vocab, fmt), fmt


def test_a_generated_offices_summary_renders_as_from_every_whole_record(generated: Path) -> None:
    home = Home.open(generated)
    data = load_report_data(home)
    vocab = vocabulary("zh", home)
    assert {v.get("form_id") for v in data.visits} >= {"home_care", "house_inspection", "condolence",
                                                       "verification"}
    for period in PERIODS:
        summary, _ = office_summary(home, period, None, "zh")
        whole = compute_summary(data.entries, data.visits, period, None, vocab.choice_order(),
                                relevant_answers_with(vocab.forms), payments=data.payments,
                                entered=data.entered)
        assert_same_summary(summary, whole)
        for fmt in ("json", "csv", "md", "html"):
            assert render_summary(summary, vocab, fmt) == render_summary(whole, vocab, fmt), fmt


def test_cut_months_are_kept_sealed_and_made_again_when_a_month_changes(tmp_path: Path) -> None:
    from handmade import build_office_home, visit

    path = tmp_path / "office"
    ids = build_office_home(path)
    home = Home.open(path)
    year = Period(date(2026, 1, 1), date(2026, 12, 31))
    first = office_summary(home, year, None, "en")[0]
    before = first.value("visits.total")
    first.with_sources()   # counted from the cut records: those are kept too
    kept = [file for tag in (SUMMARY_TAG, COUNTED_TAG, LOOKBACK_TAG)
            for file in (cache_dir(path) / tag).glob("*.json")]
    assert {file.parent.name for file in kept} == {SUMMARY_TAG, COUNTED_TAG, LOOKBACK_TAG}
    for file in kept:   # sealed like the months: no name, answer or form in clear
        raw = file.read_bytes()
        assert b"home_care" not in raw and "轮椅".encode() not in raw
    with home.writer() as store:
        store.add_received_visits([visit("late1", ids["H1"], "home_care", "2026-03-09",
                                         {"services": "cleaning", "minutes": "30"})])
    assert office_summary(home, year, None, "en")[0].value("visits.total") == before + 1


def test_a_summary_leaves_what_others_froze_frozen(tmp_path: Path) -> None:
    """The office's TUI freezes what its imports made (tui.app); a summary run in it must not
    hand those objects back to the collector."""
    import gc

    from handmade import build_office_home

    build_office_home(tmp_path / "office")
    home = Home.open(tmp_path / "office")
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        office_summary(home, PERIODS[0], None, "en")
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


def test_numbers_of_thousands_of_digits_stored_before_their_limit_count_as_none(tmp_path: Path) -> None:
    """A visit stored before answers were limited to 18 digits (survey.normalize.MAX_DIGITS), with
    minutes, an amount and a count of 5,000 digits: every summary still renders, from tallies and
    from the records alike, and those answers count as no number (Python refuses to print such an
    integer, so adding them up would break every rendering)."""
    from handmade import build_office_home, care, visit

    path = tmp_path / "office"
    ids = build_office_home(path)
    home = Home.open(path)
    year = Period(date(2026, 1, 1), date(2026, 12, 31))
    before = office_summary(home, year, None, "en")[0]
    huge = "9" * 5000
    with home.writer() as store:
        store.add_received_visits([
            visit("big1", ids["H1"], "home_care", "2026-03-09", care("cleaning", huge)),
            visit("big2", ids["H2"], "condolence", "2026-03-10", {
                "occasion": "spring_festival", "followup_needed": "no",
                "items": [{"kind": "condolence_money", "amount": huge, "count": huge}]})])
    vocab = vocabulary("en", home)
    tallied = office_summary(home, year, None, "en")[0]
    assert tallied.with_every_source is not None
    assert tallied.value("home_care.minutes") == before.value("home_care.minutes")
    assert tallied.value("money.total") == before.value("money.total")
    assert tallied.value("visits.total") == before.value("visits.total") + 2
    for fmt in ("json", "csv", "md", "html"):
        assert render_summary(tallied, vocab, fmt) == render_summary(tallied.with_sources(), vocab, fmt)
    assert render_summary(tallied, vocab, "xlsx")[:2] == b"PK"   # a workbook (its zip carries the time)
