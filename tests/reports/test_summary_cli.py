"""`doorstep summary` as a user runs it (main(argv), in-process) on a home on disk, every format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
from doorstep.storage.home import Home
from doorstep.sync.merge import CONFLICTS
from handmade import RECORDS, build_office_home

YEAR = ("--from", "2026-01-01", "--to", "2026-12-31")


def summary(run, home: Path, *args: str):  # noqa: ANN001, ANN201 - the fixture's callable
    return run("--home", str(home), *args)


def test_json_holds_every_figure_with_exact_values(run, office) -> None:  # noqa: ANN001
    home, ids = office
    result = summary(run, home, "summary", *YEAR, "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    figures = doc["figures"]
    assert doc["period"] == {"from": "2026-01-01", "to": "2026-12-31"}
    assert figures["visits.total"]["value"] == 13
    assert figures["visits.by_kind.condolence"]["value"] == 3
    assert figures["coverage.key.share"]["value"] == "0.7500"
    assert figures["money.total"]["value"] == "4300.25"
    assert figures["money.kind_total.condolence_money"]["value"] == "1300.25"
    assert figures["houses.estimated_cost"]["value"] == "32000.50"     # the stale cost is not counted
    assert figures["home_care.minutes"]["value"] == 140
    assert figures["followups.open"]["value"] == 1
    assert [row["id"] for row in doc["not_visited"]] == [ids["H6"]]
    assert [row["uuid"] for row in doc["open_followups"]] == ["v03"]


def test_markdown_narrative_in_chinese_with_figures_filled(run, office) -> None:  # noqa: ANN001
    home, _ = office
    result = summary(run, home, "--lang", "zh", "summary", *YEAR, "--format", "md")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("# 测试镇优抚对象走访服务工作总结")     # the office's name
    # 优抚对象 are the key and general beneficiaries; the others are counted apart.
    assert "测试镇现有在册优抚对象5人，其中重点优抚对象4人、一般优抚对象1人。" in text
    assert "另有现役军人家属等其他走访对象1人，不计入优抚对象。" in text
    assert ("共开展上门走访13次，走访6户。"
            "其中居家养老服务4次、危房排查4次、走访慰问3次、优抚对象核查2次。") in text
    assert "在册重点优抚对象4人，期内已走访3人，覆盖率75.0%；尚有1人未走访" in text
    assert "累计服务140分钟（约2.3小时）" in text
    assert "合计4,300.25元，惠及3户" in text and "慰问品2份（1户）" in text
    assert "估算费用3.20万元，申请补助资金1.80万元" in text
    assert "## 四、下一步工作计划" in text and "| 孙八 |" in text


def test_markdown_in_english(run, office) -> None:  # noqa: ANN001
    home, _ = office
    result = summary(run, home, "--lang", "en", "summary", *YEAR, "--format", "md")
    assert result.returncode == 0, result.stderr
    assert "made 13 visits to 6 households" in result.stdout
    assert "## 4. Plan for the next period" in result.stdout


def test_html_marks_each_number_with_its_figure(run, office, tmp_path: Path) -> None:  # noqa: ANN001
    home, _ = office
    out = tmp_path / "summary.html"
    result = summary(run, home, "--lang", "zh", "summary", *YEAR, "--format", "html", "--out", str(out))
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert '<span class="fig" data-figure="visits.total" title="visits.total">13</span>' in html
    assert 'data-figure="money.total" title="money.total">4,300.25</td>' in html
    assert html.count("<table") == 15


def test_csv_lists_every_figure(run, office) -> None:  # noqa: ANN001
    home, _ = office
    result = summary(run, home, "summary", *YEAR, "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[0] == ["Label", "Value", "Unit", "Sources", "Figure code (for --explain)"]
    assert rows[1] == ["label", "value", "unit", "sources", "figure"]     # the header for machines
    values = {r[4]: r[1] for r in rows[2:]}
    assert values["visits.total"] == "13" and values["money.total"] == "4300.25"
    assert values["houses.grade.C"] == "2"


def test_xlsx_has_one_sheet_per_table(run, office, tmp_path: Path) -> None:  # noqa: ANN001
    home, _ = office
    out = tmp_path / "summary.xlsx"
    result = summary(run, home, "--lang", "en", "summary", *YEAR, "--format", "xlsx", "--out", str(out))
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(out)
    assert len(book.sheetnames) == 16            # 15 tables and the sheet of every figure
    visits = book["Visits by village and kind"]
    rows = list(visits.iter_rows(values_only=True))
    assert rows[0][0] == "Village" and rows[-1][0] == "Total"
    assert rows[-1][-2:] == (13, 6)
    money = {r[0]: r[1:] for r in book["Money and gifts handed over"].iter_rows(values_only=True)}
    assert money["Condolence money"][:2] == (1300.25, 3)
    figures = {r[4]: r[1] for r in book["Every figure"].iter_rows(min_row=2, values_only=True)}
    assert figures["coverage.key.share"] == 0.75 and figures["visits.total"] == 13


def test_table_format_prints_in_the_terminal(run, office) -> None:  # noqa: ANN001
    home, _ = office
    result = summary(run, home, "--lang", "zh", "summary", *YEAR)
    assert result.returncode == 0, result.stderr
    assert "走访情况（按村、按类型）" in result.stdout and "孙八" in result.stdout


def test_village_filter(run, office) -> None:  # noqa: ANN001
    home, _ = office
    doc = json.loads(summary(run, home, "summary", *YEAR, "--village", "西村", "--format", "json").stdout)
    assert doc["village"] == "西村"
    assert doc["figures"]["visits.total"]["value"] == 7
    assert doc["figures"]["money.total"]["value"] == "3800.25"


def test_explain_lists_what_a_figure_counts(run, office) -> None:  # noqa: ANN001
    home, ids = office
    result = summary(run, home, "--lang", "zh", "summary", *YEAR, "--explain", "coverage.key.not_visited")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("coverage.key.not_visited：未走访的重点优抚对象（人） = 1")
    assert lines[-1].split("\t") == [ids["H6"], "孙八", "东村", "参战参试人员"]
    result = summary(run, home, "summary", *YEAR, "--explain", "visits.by_kind.condolence",
                     "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["value"] == 3 and sorted(doc["sources"]) == ["v08", "v09", "v10"]


def test_user_errors_are_one_line_and_exit_1(run, office, tmp_path: Path) -> None:  # noqa: ANN001
    home, _ = office
    cases = [
        (("summary", "--from", "2026-02-30"), "--from: '2026-02-30' is not a date"),
        (("summary", "--to", "yesterday"), "--to: 'yesterday' is not a date"),
        (("summary", "--from", "2026-05-01", "--to", "2026-04-01"), "is after the end date"),
        (("summary", "--village", "北村"), "no village '北村'"),
        (("summary", "--explain", "visits.nothing"), "no figure is called 'visits.nothing'"),
        (("summary", "--format", "xlsx"), "needs an output file"),
    ]
    for args, message in cases:
        result = summary(run, home, *args)
        assert result.returncode == 1, (args, result.stderr)
        assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr and result.stdout == ""
    missing = summary(run, tmp_path / "nowhere", "summary")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


def test_reading_only_while_another_process_writes(run, office) -> None:  # noqa: ANN001
    home, _ = office
    def store_files() -> dict[str, bytes]:
        return {str(p): p.read_bytes() for p in sorted((home / "store").rglob("*")) if p.is_file()}

    before = store_files()
    with Home.open(home).writer():                 # this test process holds the home's lock
        result = summary(run, home, "summary", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["figures"]["visits.total"]["value"] == 15   # no period: all
    assert store_files() == before


def test_a_flagged_revision_counts_marked_until_settled(run, tmp_path: Path) -> None:  # noqa: ANN001
    """v03 revision 2 arrived in two contents: the one in the visits table (999 minutes, the one
    sync's rule chose) counts at once, and the summary, its --explain and the visits export say
    it is not settled; once settled the mark goes and the figures stay."""
    home = tmp_path / "conflicted"
    build_office_home(home, RECORDS)              # every record, v03.2 included
    args = ("summary", *YEAR, "--format", "json")
    doc = json.loads(summary(run, home, *args).stdout)
    assert doc["figures"]["home_care.minutes"]["value"] == 40 + 35 + 999 + 20
    assert doc["figures"]["visits.unsettled"]["value"] == 0 and doc["unsettled"] == []
    with Home.open(home).writer() as store:       # the flag as sync's merge writes it
        store.table(CONFLICTS).insert({"kind": "visit", "key": "v03.2", "household": "H4", "hashes": []})
    doc = json.loads(summary(run, home, *args).stdout)
    assert doc["figures"]["home_care.minutes"]["value"] == 40 + 35 + 999 + 20   # still counted
    assert doc["figures"]["visits.unsettled"]["value"] == 1
    assert [(u["uuid"], u["revision"]) for u in doc["unsettled"]] == [("v03", 2)]
    table = summary(run, home, "--lang", "en", "summary", *YEAR).stdout
    assert "Visits in two versions, not yet settled" in table
    explained = summary(run, home, "--lang", "en", "summary", *YEAR, "--explain", "visits.unsettled").stdout
    assert "v03" in explained and "v02" not in explained
    out = tmp_path / "visits.csv"
    assert summary(run, home, "--lang", "en", "visits", "export", "--format", "csv", "--form", "home_care",
                   *YEAR, "--out", str(out)).returncode == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    column = rows[1].index("unsettled")
    assert rows[0][column] == "Conflict not yet settled"
    marks = {r[0]: r[column] for r in rows[2:]}
    assert marks == {"v01": "", "v02": "", "v03": "yes (the version sent first)", "v17": ""}
    exported = json.loads(summary(run, home, "visits", "export", "--format", "json", *YEAR).stdout)
    assert [v["uuid"] for v in exported if v.get("unsettled")] == ["v03"]

    listed = json.loads(summary(run, home, "conflicts", "list", "--json").stdout)["open"]
    assert summary(run, home, "conflicts", "settle", listed[0]["id"], "--choose", "1").returncode == 0
    doc = json.loads(summary(run, home, *args).stdout)
    assert doc["figures"]["home_care.minutes"]["value"] == 40 + 35 + 999 + 20
    assert doc["figures"]["visits.unsettled"]["value"] == 0 and doc["unsettled"] == []
    summary(run, home, "--lang", "en", "visits", "export", "--format", "csv", "--form", "home_care",
            *YEAR, "--out", str(out))
    assert "unsettled" not in out.read_text(encoding="utf-8-sig")
