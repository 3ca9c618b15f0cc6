# ruff: noqa: E501  (the expected messages are written out whole, as the user reads them)
"""Figures no visit records (输送合格军人 and the like): entered with their source through the CLI
(main(argv), in-process), audited, and shown in the summary marked as entered, never counted."""

from __future__ import annotations

import json
from pathlib import Path

from doorstep.storage.entered import TABLE
from doorstep.storage.home import Home

YEAR = ("--from", "2026-01-01", "--to", "2026-12-31")
SOURCE = ("--by", "镇人武部 王强", "--document", "2026年征兵工作总结", "--date", "2026-12-01")


def stored(home: Path) -> tuple[list[dict], list[dict]]:
    """The entered figures and the audit rows about them, as the store holds them."""
    store = Home.open(home).reader()
    try:
        return ([dict(d) for d in store.table(TABLE).all()],
                [r for r in store.audit() if r["target"] == "entered_figure"])
    finally:
        store.close()


def every_file(home: Path) -> dict[str, bytes]:
    """Every byte of the home (however the store lays itself out in files)."""
    return {str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file()}


def figures(run, home: Path, *args: str) -> dict:  # noqa: ANN001 - the fixture's callable
    result = run("--home", str(home), "summary", *args, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["figures"]


def test_full_width_digits_are_numbers_and_the_figure_is_shown_as_entered(run, office) -> None:  # noqa: ANN001
    home, _ = office
    result = run("--home", str(home), "--lang", "zh", "figures", "enter", "输送合格军人", "--year", "２０２６",
                 "--count", "３", *SOURCE)
    assert result.returncode == 0, result.stderr
    assert "已录入 2026 年“输送合格军人”：3人（来源：镇人武部 王强，2026-12-01，《2026年征兵工作总结》）" in result.stdout
    rows, audit = stored(home)
    assert [(r["kind"], r["year"], r["count"], r["amount"]) for r in rows] == [("recruits", 2026, 3, "")]
    assert [(a["action"], a["target_id"]) for a in audit] == [("add", "recruits.2026")]
    assert audit[0]["new"]["document"] == "2026年征兵工作总结"

    got = figures(run, home, *YEAR)
    assert got["entered.count.recruits"] == {"value": 3, "unit": "count", "label": "Qualified recruits sent (entered, people)",
                                             "source_kind": "entered", "sources": 1}
    assert got["entered.count.medals"]["value"] is None          # nothing entered: no data, not 0
    assert got["visits.total"]["value"] == 13                    # the visits' figures are untouched

    explain = run("--home", str(home), "--lang", "zh", "summary", *YEAR, "--explain", "entered.count.recruits")
    assert explain.returncode == 0, explain.stderr
    lines = explain.stdout.splitlines()
    assert lines[1] == "依据：以下 1 条录入数据（非走访统计）"
    assert lines[3].split("\t")[:5] == ["2026", "3", "镇人武部 王强", "2026-12-01", "2026年征兵工作总结"]

    md = run("--home", str(home), "--lang", "zh", "summary", *YEAR, "--format", "md").stdout
    assert ("以下数据由有关单位提供、录入本系统，不来自走访记录："
            "输送合格军人3人（来源：镇人武部 王强，2026-12-01，《2026年征兵工作总结》）。") in md
    assert "未录入数据：发放纪念章、免费体检、医疗保险补贴、门诊补助、取暖费。" in md
    assert "| 输送合格军人（录入，人） | 3 | 2026: 镇人武部 王强，2026-12-01，《2026年征兵工作总结》 |" in md


def test_a_subsidy_has_an_amount_and_a_correction_is_audited(run, office) -> None:  # noqa: ANN001
    home, _ = office
    args = ("--home", str(home), "figures", "enter", "heating", "--year", "2026", "--count", "40",
            "--amount", "１２,０００.５", *SOURCE)
    assert run(*args).returncode == 0
    again = run(*args)
    assert "is the same as entered; nothing changed" in again.stdout
    fixed = run(*args[:-8], "--amount", "12500", *SOURCE)
    assert fixed.returncode == 0 and "corrected Heating allowance for 2026: 12,500.00 yuan, 40 people" in fixed.stdout
    rows, audit = stored(home)
    assert [(r["count"], r["amount"]) for r in rows] == [(40, "12500.00")]
    assert [(a["action"], a["field"], a["old"], a["new"]) for a in audit[1:]] == [
        ("update", "amount", "12000.50", "12500.00")]
    got = figures(run, home, *YEAR)
    assert (got["entered.amount.heating"]["value"], got["entered.count.heating"]["value"]) == ("12500.00", 40)
    md = run("--home", str(home), "--lang", "zh", "summary", *YEAR, "--format", "md").stdout
    assert "取暖费1.25万元，40人（来源：镇人武部 王强，2026-12-01，《2026年征兵工作总结》）" in md

    removed = run("--home", str(home), "figures", "remove", "取暖费", "--year", "2026")
    assert removed.returncode == 0 and "removed Heating allowance for 2026" in removed.stdout
    rows, audit = stored(home)
    assert rows == [] and audit[-1]["action"] == "remove" and audit[-1]["old"]["amount"] == "12500.00"


def test_bad_numbers_are_refused_naming_the_figure_and_the_value(run, office) -> None:  # noqa: ANN001
    home, _ = office
    def store_files() -> dict[str, bytes]:
        return {str(p): p.read_bytes() for p in sorted((home / "store").rglob("*")) if p.is_file()}

    before = store_files()
    cases = [
        (("medals", "--count", "三十"), "发放纪念章：数量“三十”不是整数"),
        (("medals", "--count", "-2"), "发放纪念章：数量“-2”不是整数"),
        (("recruits", "--count", "3", "--amount", "500"), "输送合格军人：此项只录数量，不录金额（收到“500”）"),
        (("outpatient", "--count", "5", "--amount", "12.345"), "门诊补助：金额“12.345”无效"),
        (("outpatient", "--count", "5"), "门诊补助：金额“”无效"),
        (("recruit", "--count", "3"), "未知的录入项目“recruit”：可录入的有 输送合格军人、发放纪念章"),
    ]
    for (kind, *rest), message in cases:
        result = run("--home", str(home), "--lang", "zh", "figures", "enter", kind, "--year", "2026", *rest,
                     *SOURCE)
        assert result.returncode == 1, (kind, rest)
        assert message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    bad_year = run("--home", str(home), "figures", "enter", "medals", "--year", "26", "--count", "3", *SOURCE)
    assert bad_year.returncode == 1 and "Commemorative medals handed out: the year '26' is not valid" in bad_year.stderr
    late = run("--home", str(home), "figures", "enter", "medals", "--year", "2026", "--count", "3",
               "--by", "x", "--document", "y", "--date", "2999-01-01")
    assert late.returncode == 1 and "the document's date '2999-01-01' is not valid" in late.stderr
    hostile = run("--home", str(home), "figures", "enter", "medals", "--year", "2026", "--count", "3",
                  "--by", "王强\x1b[2J", "--document", "y", "--date", "2026-01-01")
    assert hostile.returncode == 1 and "must be printable text" in hostile.stderr
    assert store_files() == before          # nothing was written


def test_only_a_period_holding_the_whole_year_counts_it_and_never_one_village(run, office) -> None:  # noqa: ANN001
    home, _ = office
    assert run("--home", str(home), "figures", "enter", "health_checks", "--year", "2026", "--count", "85",
               *SOURCE).returncode == 0
    assert figures(run, home)["entered.count.health_checks"]["value"] == 85                  # all time
    assert figures(run, home, "--from", "2026-07-01")["entered.count.health_checks"]["value"] is None
    village = json.loads(run("--home", str(home), "registry", "export", "--format", "json").stdout)[0]["village"]
    assert figures(run, home, *YEAR, "--village", village)["entered.count.health_checks"]["value"] is None
    md = run("--home", str(home), "--lang", "zh", "summary", *YEAR, "--village", village, "--format", "md").stdout
    assert "其他工作数据为全镇数据，按村统计时不列出。" in md
    text = run("--home", str(home), "--lang", "zh", "figures", "list").stdout
    assert text.split("\t")[:4] == ["2026", "免费体检", "85人次", "镇人武部 王强，2026-12-01，《2026年征兵工作总结》"]
    listed = run("--home", str(home), "figures", "list", "--json")
    assert [(r["kind"], r["count"], r["source"]) for r in json.loads(listed.stdout)] == [
        ("health_checks", 85, "镇人武部 王强")]
