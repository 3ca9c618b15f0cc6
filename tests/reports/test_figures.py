"""Every summary figure against values worked out by hand on the data of handmade.py."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from doorstep.i18n import UserError  # noqa: E402
from doorstep.reports.figures import Summary, compute_summary  # noqa: E402
from doorstep.reports.inforce import visits_in_force  # noqa: E402
from doorstep.reports.period import Period, parse_period, visit_day  # noqa: E402
from doorstep.reports.relevance import relevant_answers_with  # noqa: E402
from doorstep.reports.source import vocabulary  # noqa: E402
from handmade import CONFLICTED, RECORDS, REGISTER, visit  # noqa: E402

FORMS = vocabulary("zh")


def summarise(start: str | None = "2026-01-01", end: str | None = "2026-12-31",
              village: str | None = None, relevance: bool = True) -> Summary:
    return compute_summary(REGISTER, visits_in_force(RECORDS, CONFLICTED), parse_period(start, end),
                           village, FORMS.choice_order(),
                           relevant_answers_with(FORMS.forms) if relevance else None)


def values(summary: Summary, prefix: str) -> dict[str, object]:
    return {k[len(prefix):]: f.value for k, f in summary.figures.items() if k.startswith(prefix)}


def test_visits_in_force_take_the_latest_revision_and_mark_a_flagged_one() -> None:
    chosen = {v["uuid"]: v for v in visits_in_force(RECORDS, CONFLICTED)}
    assert chosen["v02"]["revision"] == 2 and chosen["v02"]["answers"]["minutes"] == "35"
    # v03's revision 2 is flagged: the content held (the one sync's rule chose) counts, marked.
    assert chosen["v03"]["revision"] == 2 and chosen["v03"]["answers"]["minutes"] == "999"
    assert [u for u, v in chosen.items() if v.get("unsettled")] == ["v03"]
    assert not any(v.get("unsettled") for v in visits_in_force(RECORDS))
    assert len(chosen) == len({r["uuid"] for r in RECORDS})
    draft = {**visit("v99", "H1", "home_care", "2026-03-03", {}), "status": "draft"}
    assert "v99" not in {v["uuid"] for v in visits_in_force([*RECORDS, draft])}


def test_a_visit_belongs_to_its_local_day() -> None:
    late = {"ended": "2027-01-01T00:30:00+08:00"}                # 2026-12-31 16:30 in UTC
    assert visit_day(late).isoformat() == "2027-01-01"
    assert visit_day({"started": "2026-05-01T09:00:00+08:00", "ended": ""}).isoformat() == "2026-05-01"
    assert visit_day({}) is None


def test_register_figures() -> None:
    s = summarise()
    assert s.value("register.total") == 6
    assert values(s, "register.priority.") == {"key": 4, "general": 1, "other": 1}
    assert s.figure("register.priority.key").sources == ("H1", "H2", "H4", "H6")
    assert values(s, "register.category.") == {
        "disabled_serviceman": 1, "old_demobilized": 1, "illness_discharged": 0, "martyr_survivor": 1,
        "duty_death_survivor": 0, "illness_death_survivor": 0, "combat_nuclear_veteran": 1,
        "martyr_child_elderly": 0, "elderly_retired_soldier": 1, "serving_soldier_family": 1,
        "merit_family": 0, "old_revolutionary": 0}


def test_visits_by_kind_and_village_and_households() -> None:
    s = summarise()
    assert s.value("visits.total") == 13                       # v13 (2025) and v14 (2027) are out
    assert values(s, "visits.by_kind.") == {"home_care": 4, "house_inspection": 4, "condolence": 3,
                                            "verification": 2}
    assert set(s.figure("visits.by_kind.home_care").sources) == {"v01", "v02", "v03", "v17"}
    assert s.villages == ("东村", "西村", "")
    assert values(s, "visits.by_village.") == {"东村": 5, "西村": 7, "": 1}
    assert values(s, "households.by_village.") == {"东村": 2, "西村": 3, "": 1}
    assert values(s, "visits.by_kind_village.") == {
        "home_care.东村": 2, "house_inspection.东村": 1, "condolence.东村": 1, "verification.东村": 1,
        "home_care.西村": 1, "house_inspection.西村": 3, "condolence.西村": 2, "verification.西村": 1,
        "home_care.": 1, "house_inspection.": 0, "condolence.": 0, "verification.": 0}
    assert s.value("households.reached") == 6
    assert set(s.figure("households.reached").sources) == {"H1", "H2", "H3", "H4", "H5", "HX"}


def test_coverage_of_key_beneficiaries() -> None:
    s = summarise()
    assert s.value("coverage.key.total") == 4
    assert s.value("coverage.key.visited") == 3
    assert s.value("coverage.key.not_visited") == 1
    assert s.value("coverage.key.share") == Decimal("0.7500")
    assert s.not_visited == ("H6",)
    may = summarise("2026-05-01", "2026-05-31")
    assert may.value("coverage.key.share") == Decimal("0.5000")
    assert may.not_visited == ("H1", "H6")


def test_home_care() -> None:
    s = summarise()
    assert values(s, "home_care.services.") == {"cleaning": 3, "laundry": 1, "cooking": 1, "company": 1,
                                                "other": 0}
    assert s.value("home_care.households") == 3
    assert s.value("home_care.minutes") == 40 + 35 + 999 + 20    # v02 and v03 by their revision 2
    assert s.unsettled == ("v03",) and s.figure("visits.unsettled").sources == ("v03",)


def test_houses_once_per_household_by_the_latest_inspection() -> None:
    s = summarise()
    assert s.value("houses.inspected") == 3
    assert set(s.figure("houses.inspected").sources) == {"v04", "v06", "v07"}   # v05 was re-inspected
    assert values(s, "houses.grade.") == {"A": 1, "B": 0, "C": 2, "D": 0}
    assert values(s, "houses.action.") == {"repair": 2, "rebuild": 0}
    assert s.value("houses.estimated_cost") == Decimal("32000.50")   # v07's stale 5000 is not relevant
    assert s.value("houses.subsidy_requested") == Decimal("18000")
    may = summarise("2026-05-01", "2026-05-31")
    assert values(may, "houses.grade.") == {"A": 1, "B": 0, "C": 1, "D": 1}
    assert values(may, "houses.action.") == {"repair": 1, "rebuild": 1}
    assert may.value("houses.estimated_cost") == Decimal("72000.50")
    assert may.value("houses.subsidy_requested") == Decimal("38000.25")


def test_without_the_forms_skip_logic_a_stale_answer_would_count() -> None:
    assert summarise(relevance=False).value("houses.estimated_cost") == Decimal("37000.50")


def test_money_by_kind_in_decimal_yuan() -> None:
    s = summarise()
    assert values(s, "money.kind_total.") == {
        "condolence_money": Decimal("1300.25"), "pension": 0, "conscript_allowance": Decimal("3000"),
        "merit_award": 0, "gift": 0}
    assert values(s, "money.kind_households.") == {"condolence_money": 3, "pension": 0,
                                                   "conscript_allowance": 1, "merit_award": 0, "gift": 1}
    assert values(s, "money.kind_items.") == {"condolence_money": 3, "pension": 0, "conscript_allowance": 1,
                                              "merit_award": 0, "gift": 2}
    assert s.value("money.total") == Decimal("4300.25")
    assert all(isinstance(f.value, Decimal) for f in s.figures.values() if f.unit == "yuan"
               and f.source_kind != "entered")
    # nothing entered by hand: no data, not 0
    assert all(f.value is None for f in s.figures.values() if f.source_kind == "entered")
    assert s.value("money.households") == 3


def test_followups_raised_and_still_open() -> None:
    s = summarise()
    assert s.figure("followups.raised").sources == ("v01", "v03")
    assert s.figure("followups.open").sources == ("v03",)      # v01 was answered again by v02
    assert s.open_followups == ("v03",)


def test_verification_results() -> None:
    assert values(summarise(), "verification.status.") == {"alive": 1, "deceased": 0, "moved": 1}


def test_one_village() -> None:
    s = summarise(village="西村")
    assert values(s, "register.priority.") == {"key": 1, "general": 1, "other": 1}
    assert s.villages == ("西村",)
    assert s.value("visits.total") == 7
    assert values(s, "visits.by_kind.") == {"home_care": 1, "house_inspection": 3, "condolence": 2,
                                            "verification": 1}
    assert s.value("coverage.key.share") == Decimal("1.0000")
    assert s.value("home_care.minutes") == 999               # v03's revision 2, not settled yet
    assert values(s, "houses.grade.") == {"A": 1, "B": 0, "C": 1, "D": 0}
    assert s.value("money.total") == Decimal("3800.25")
    assert s.value("money.households") == 2
    assert s.value("followups.open") == 1


def test_every_count_is_the_number_of_its_sources() -> None:
    for figure in summarise().figures.values():
        # entered figures count people, medals, checks: their sources are the entries behind them
        if figure.unit == "count" and not figure.id.startswith(("money.kind_items", "entered.")):
            assert figure.value == len(figure.sources), figure.id
            assert len(set(figure.sources)) == len(figure.sources), figure.id


def test_no_key_beneficiary_gives_no_share() -> None:
    s = compute_summary([e for e in REGISTER if e["priority"] != "key"], [], Period())
    assert s.value("coverage.key.share") is None


def test_unknown_figure_and_bad_dates_are_user_errors() -> None:
    with pytest.raises(UserError, match="no figure"):
        summarise().figure("visits.by_kind.nothing")
    with pytest.raises(UserError, match="--from"):
        parse_period("2026-13-01", None)
    with pytest.raises(UserError, match="after the end"):
        parse_period("2026-05-01", "2026-04-01")
