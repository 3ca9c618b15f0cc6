"""`doorstep visits export`: the files opened as another tool would and checked against the store."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from doorstep.reports.inforce import visits_in_force
from doorstep.reports.messages import MESSAGES, t
from doorstep.reports.source import vocabulary
from doorstep.storage.home import Home

FORMS = vocabulary("en").forms


def stored(home: Path) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The visits in force and the register, read straight from the store."""
    store = Home.open(home).reader()
    try:
        visits = {v["uuid"]: v for v in visits_in_force(store.visits())}
        entries = {e["id"]: e for e in store.entries()}
    finally:
        store.close()
    return visits, entries


def as_text(cell: Any) -> str:
    """A cell read back, as the answer's stored text (numbers were written as numbers)."""
    if cell is None:
        return ""
    if isinstance(cell, float):
        return format(Decimal(str(cell)).normalize(), "f")
    return str(cell)


def same_number_or_text(cell: Any, answer: str, form: Any = None, question: Any = None) -> bool:
    """A cell read back against the stored answer: numbers as numbers, dates as dates, choices
    as their labels (in English here)."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return Decimal(str(cell)) == Decimal(answer)
    if isinstance(cell, datetime):
        return cell.date().isoformat() == answer
    if question is not None and question.is_select and answer:
        labels = {c.name: c.label("en") for c in form.choice_list(question)}
        return as_text(cell) == "; ".join(labels[p] for p in answer.split())
    if question is not None and question.type == "acknowledge" and answer == "OK":
        return cell == "confirmed"
    return as_text(cell) == answer


def check_workbook(path: Path, home: Path, form_ids: list[str]) -> int:
    """Every row of every sheet against the stored visit; returns the number of visits checked."""
    visits, entries = stored(home)
    book = openpyxl.load_workbook(path)
    checked = 0
    for form_id in form_ids:
        form = FORMS[form_id]
        sheet = book[form_id]
        rows = list(sheet.iter_rows(values_only=True))
        labels, names = rows[0], rows[1]          # row 1 for the clerk, row 2 for tools
        assert names[:3] == ("uuid", "revision", "household")
        assert labels[:3] == ("Visit id", "Revision", "Household id")
        assert sheet.freeze_panes == "A3"
        questions = [q for q in form.rows if q.has_value and q.repeat is None]
        for q in questions:                       # one column per question, its label beneath
            column = names.index(q.name)
            named = f"x.q.{q.name}"   # a calculated value has no label of its own: reports give one
            assert labels[column] == (q.label("en") if q.labels else t(named, "en") if named in MESSAGES
                                      else q.name)
        expected = [v for v in visits.values() if v["form_id"] == form_id]
        assert sorted(r[0] for r in rows[2:]) == sorted(v["uuid"] for v in expected)
        for row in rows[2:]:
            visit = visits[row[0]]
            record = dict(zip(names, row, strict=True))
            assert record["revision"] == visit["revision"]
            assert record["household"] == visit["household"]
            assert isinstance(record["ended"], datetime)
            assert record["ended"] == datetime.fromisoformat(visit["ended"]).replace(tzinfo=None)
            assert as_text(record["name"]) == entries.get(visit["household"], {}).get("name", "")
            for q in questions:
                answer = visit["answers"].get(q.name, "")
                assert same_number_or_text(record[q.name], answer, form, q), (row[0], q.name, record[q.name],
                                                                               answer)
            checked += 1
        for repeat in (q for q in form.rows if q.type == "begin_repeat"):
            sheet_rows = list(book[f"{form_id}-{repeat.name}"].iter_rows(values_only=True))
            r_names = sheet_rows[1]
            assert r_names[:2] == ("uuid", "entry_index")
            got = [dict(zip(r_names, r, strict=True)) for r in sheet_rows[2:]]
            want = [(v["uuid"], i, e) for v in expected
                    for i, e in enumerate(v["answers"].get(repeat.name, []), 1)]
            assert sorted((g["uuid"], g["entry_index"]) for g in got) == sorted((u, i) for u, i, _ in want)
            by_key = {(g["uuid"], g["entry_index"]): g for g in got}
            for uuid, index, entry in want:
                for name, answer in entry.items():
                    assert same_number_or_text(by_key[(uuid, index)][name], answer, form,
                                               form.by_name.get(name)), (uuid, index, name)
    return checked


def test_xlsx_of_every_form_matches_the_store(run, office, tmp_path: Path) -> None:  # noqa: ANN001
    home, _ = office
    out = tmp_path / "visits.xlsx"
    result = run("--home", str(home), "visits", "export", "--format", "xlsx", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert openpyxl.load_workbook(out).sheetnames == [
        "home_care", "house_inspection", "condolence", "condolence-items", "verification", "house_followup",
        "benefits", "benefits-benefits"]
    assert check_workbook(out, home, list(FORMS)) == 15       # every visit in force, once


def test_xlsx_of_generated_visits_matches_the_store(run, generated: Path, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "visits.xlsx"
    result = run("--home", str(generated), "visits", "export", "--format", "xlsx", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert check_workbook(out, generated, list(FORMS)) == 1500


def test_one_form_and_a_period(run, office, tmp_path: Path) -> None:  # noqa: ANN001
    home, ids = office
    out = tmp_path / "care.xlsx"
    result = run("--home", str(home), "visits", "export", "--format", "xlsx", "--form", "home_care",
                 "--from", "2026-01-01", "--to", "2026-06-30", "--out", str(out))
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["home_care"]
    rows = list(book["home_care"].iter_rows(min_row=3, values_only=True))
    names = next(book["home_care"].iter_rows(min_row=2, max_row=2, values_only=True))
    got = {r[0]: dict(zip(names, r, strict=True)) for r in rows}
    assert sorted(got) == ["v01", "v02", "v03"]
    assert got["v02"]["revision"] == 2 and got["v02"]["minutes"] == 35     # a number, revision 2
    assert got["v01"]["services"] == "Cleaning; Laundry" and got["v01"]["household"] == ids["H1"]


def test_csv_puts_each_repeat_in_a_file_of_its_own(run, office, tmp_path: Path) -> None:  # noqa: ANN001
    home, _ = office
    out = tmp_path / "gifts.csv"
    result = run("--home", str(home), "--lang", "zh", "visits", "export", "--form", "condolence",
                 "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.glob("gifts*.csv")) == ["gifts-items.csv", "gifts.csv"]
    main = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert main[1][:3] == ["uuid", "revision", "household"]
    assert main[0][:3] == ["走访编号", "修订版本", "住户编号"]
    assert main[0][main[1].index("occasion")] == "慰问时节"
    assert sorted(r[0] for r in main[2:]) == ["v08", "v09", "v10", "v14"]
    items = list(csv.reader(io.StringIO((tmp_path / "gifts-items.csv").read_text(encoding="utf-8-sig"))))
    assert items[1] == ["uuid", "entry_index", "kind", "gift_what", "amount", "count", "gift_value",
                        "line_amount"]
    rows = {(r[0], r[1]): r for r in items[2:]}
    assert rows[("v08", "2")][2:] == ["慰问品", "", "100.00", "2", "", "0.00"]  # a stale amount kept
    assert rows[("v10", "1")][2:] == ["慰问金", "", "300.25", "1", "", "300.25"]


def test_csv_of_all_forms_names_a_file_per_form(run, office, tmp_path: Path) -> None:  # noqa: ANN001
    home, _ = office
    result = run("--home", str(home), "visits", "export", "--out", str(tmp_path / "all.csv"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.glob("all*.csv")) == [
        "all-benefits-benefits.csv", "all-benefits.csv", "all-condolence-items.csv", "all-condolence.csv",
        "all-home_care.csv", "all-house_followup.csv", "all-house_inspection.csv", "all-verification.csv"]


def test_json_keeps_the_answers_as_stored(run, office) -> None:  # noqa: ANN001
    home, _ = office
    result = run("--home", str(home), "visits", "export", "--format", "json", "--form", "condolence",
                 "--to", "2026-12-31")
    assert result.returncode == 0, result.stderr
    visits, _ = stored(home)
    doc = json.loads(result.stdout)
    assert [v["uuid"] for v in doc] == ["v10", "v08", "v09"]
    for v in doc:
        assert v["answers"] == visits[v["uuid"]]["answers"]


def test_bad_input_is_one_line_and_exit_1(run, office) -> None:  # noqa: ANN001
    home, _ = office
    for args, message in [
        (("--format", "csv"), "needs an output file"),
        (("--form", "nothing", "--format", "json"), "no form with the id 'nothing'"),
        (("--from", "01/02/2026", "--format", "json"), "--from: '01/02/2026' is not a date"),
    ]:
        result = run("--home", str(home), "visits", "export", *args)
        assert result.returncode == 1, result.stderr
        assert result.stderr.count("\n") == 1 and message in result.stderr
        assert "Traceback" not in result.stderr


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    """A note starting with "=" is written as text in both workbooks, never as a formula."""
    from doorstep.reports.export import build_exports, xlsx_bytes
    from doorstep.reports.figures import compute_summary
    from doorstep.reports.period import Period
    from doorstep.reports.render import render_summary
    from handmade import care, visit

    register = [{"id": "Q1", "name": "=HYPERLINK(\"x\")", "category": "old_demobilized", "village": "=东村"}]
    visits = [visit("w1", "Q1", "home_care", "2026-03-01", care("cleaning", "30", "yes", "=1+2"))]
    exported = tmp_path / "export.xlsx"
    exported.write_bytes(xlsx_bytes(build_exports(register, visits, FORMS, Period(), "home_care", "en")))
    rows = list(openpyxl.load_workbook(exported)["home_care"].iter_rows(min_row=3))
    cells = {c.value: c.data_type for c in rows[0] if isinstance(c.value, str) and c.value.startswith("=")}
    assert cells == {"=HYPERLINK(\"x\")": "s", "=东村": "s", "=1+2": "s"}
    vocab = vocabulary("en")
    summary = compute_summary(register, visits, Period(), None, vocab.choice_order())
    report = tmp_path / "summary.xlsx"
    report.write_bytes(render_summary(summary, vocab, "xlsx"))
    book = openpyxl.load_workbook(report)
    formulas = [c.coordinate for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    assert "=1+2" in [c.value for row in book["Follow-ups still open"].iter_rows() for c in row]
