"""The register's figures count the living, entitled beneficiaries; deaths are a figure of their own.

The hand-made register of handmade.py, with what verification found written on it:
H1 (key, 东村) died 2026-04-15; H3 (general, 西村) is no longer entitled; H4 (key, 西村) moved;
H5 (other, 西村) died 2025-11-30; H6 (key, 东村) is deceased without a date, found so by a
verification visit on 2026-09-01. H2 (key, 东村) has none of these fields: alive and entitled.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from doorstep.reports.figures import Summary, compute_summary  # noqa: E402
from doorstep.reports.inforce import visits_in_force  # noqa: E402
from doorstep.reports.narrative import build_narrative, plain  # noqa: E402
from doorstep.reports.period import parse_period  # noqa: E402
from doorstep.reports.source import vocabulary  # noqa: E402
from doorstep.reports.tables import build_tables  # noqa: E402
from handmade import CONFLICTED, RECORDS, REGISTER, visit  # noqa: E402

FOUND = {
    "H1": {"status": "deceased", "death_date": "2026-04-15", "entitled": "yes"},
    "H3": {"status": "alive", "death_date": "", "entitled": "no"},
    "H4": {"status": "moved", "death_date": "", "entitled": "yes"},
    "H5": {"status": "deceased", "death_date": "2025-11-30"},
    "H6": {"status": "deceased", "death_date": ""},
}
ENTRIES = [{**e, **FOUND.get(e["id"], {})} for e in REGISTER]
DEATH_FOUND = visit("v20", "H6", "verification", "2026-09-01", {"status": "deceased"})
VISITS = [*RECORDS, DEATH_FOUND]


def summarise(start: str | None = "2026-01-01", end: str | None = "2026-12-31",
              village: str | None = None, lang: str = "zh") -> Summary:
    forms = vocabulary(lang)
    return compute_summary(ENTRIES, visits_in_force(VISITS, CONFLICTED), parse_period(start, end),
                           village, forms.choice_order())


def test_only_the_living_and_entitled_are_counted() -> None:
    s = summarise()
    assert s.value("register.total") == 2
    assert s.figure("register.total").sources == ("H2", "H4")     # moved is still alive
    assert s.figure("register.priority.key").sources == ("H2", "H4")
    assert s.value("register.priority.general") == 0 and s.value("register.priority.other") == 0
    assert s.value("register.category.martyr_survivor") == 1      # H2
    assert s.value("register.category.disabled_serviceman") == 0  # H1 died


def test_deaths_in_the_period_by_date_or_by_the_visit_that_found_them() -> None:
    deaths = summarise().figure("register.deaths")
    assert (deaths.value, deaths.source_kind, deaths.sources) == (2, "register", ("H1", "H6"))
    assert summarise("2025-01-01", "2025-12-31").figure("register.deaths").sources == ("H5",)
    assert summarise("2026-05-01", "2026-08-31").value("register.deaths") == 0
    assert summarise(None, None).figure("register.deaths").sources == ("H1", "H5", "H6")
    assert summarise().value("verification.status.deceased") == 1


def test_the_dead_are_not_key_beneficiaries_left_unvisited() -> None:
    s = summarise()
    assert s.figure("coverage.key.total").sources == ("H2", "H4")
    assert s.not_visited == ()                   # H6 (visited only in 2027) died
    assert s.value("coverage.key.share") == 1


def test_one_village() -> None:
    east, west = summarise(village="东村"), summarise(village="西村")
    assert (east.value("register.total"), east.figure("register.deaths").sources) == (1, ("H1", "H6"))
    assert (west.value("register.total"), west.value("register.deaths")) == (1, 0)
    assert summarise().villages == ("东村", "西村", "")   # villages of the dead still show


def test_the_summary_says_so_in_both_languages() -> None:
    for lang, words in (("zh", "有2名优抚对象去世"),
                        ("en", "): 2; they are no longer counted on the register")):
        s = summarise(lang=lang)
        vocab = vocabulary(lang)
        text = "\n".join(plain(p) for section in build_narrative(s, vocab).sections
                         for p in section.paragraphs)
        assert words in text
        (register_table, *_) = build_tables(s, vocab)
        death_row = [row[1] for row in register_table.rows
                     if row[1].figure and row[1].figure.id == "register.deaths"]
        assert len(death_row) == 1 and death_row[0].text == "2"
    # No death in the period: no sentence about deaths.
    quiet = summarise("2026-05-01", "2026-08-31")
    text = "\n".join(plain(p) for section in build_narrative(quiet, vocabulary("zh")).sections
                     for p in section.paragraphs)
    assert "去世" not in text
