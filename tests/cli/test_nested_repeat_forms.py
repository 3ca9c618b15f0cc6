"""A form with a repeat inside a repeat, end to end: imported from XLSForm, shipped, a visit on
the laptop through the engine, merged at the office, and in the visits export with a sheet for
the inner repeat whose rows say which member they belong to."""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
from cli_helpers import doorstep
from doorstep.storage.home import Home
from doorstep.survey import Checklist
from doorstep.sync.forms import device_offered

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "survey"))
from xlsform_build import xlsform  # noqa: E402

NOW = datetime(2026, 7, 30, 2, 0, tzinfo=UTC)
SURVEY = [
    ["type", "name", "label::English (en)", "label::Chinese (zh)", "constraint", "calculation"],
    ["household_id", "household", "Scan the household", "扫描户编码"],
    ["begin repeat", "member", "Members", "成员"],
    ["text", "member_name", "Name", "姓名"],
    ["begin repeat", "benefit", "Benefits of ${member_name}", "${member_name} 的补贴"],
    ["decimal", "amount", "Amount", "金额", ". > 0"],
    ["end repeat"],
    ["calculate", "member_total", "", "", "", "sum(${amount})"],
    ["end repeat"],
    ["calculate", "total", "", "", "", "sum(${amount})"],
]


def _ok(*args: str | Path, home: Path | None = None, lang: str = "en") -> str:
    done = doorstep(*args, home=home, lang=lang)
    assert done.code == 0, (args, done.out, done.err)
    assert "Traceback" not in done.err
    return done.out + done.err


def test_a_repeat_inside_a_repeat_from_xlsx_to_the_visits_export(tmp_path: Path) -> None:
    office, laptop, stick = tmp_path / "office", tmp_path / "laptop-1", tmp_path / "stick"
    _ok("init", "office", "--name", "河口镇", home=office)
    _ok("keys", "show", "--export", tmp_path / "office.pub", home=office)
    _ok("init", "device", "--name", "laptop-1", "--volunteer", "李秀梅", "--office-key",
        tmp_path / "office.pub", home=laptop)
    _ok("keys", "show", "--export", tmp_path / "laptop-1.pub", home=laptop)
    _ok("device", "add", tmp_path / "laptop-1.pub", home=office)
    (tmp_path / "register.csv").write_text("姓名,类别,村,电话\n王建国,残疾军人,东湖村,13800138000\n",
                                           encoding="utf-8")
    _ok("registry", "import", tmp_path / "register.csv", home=office)
    reader = Home.open(office).reader()
    household = next(e["id"] for e in reader.entries())
    reader.close()

    book = xlsform(tmp_path / "members.xlsx", SURVEY,
                   settings=[["form_title", "form_id", "version"], ["家庭成员补贴", "members", "1"]])
    _ok("forms", "import", book, "--out", tmp_path / "members.toml")
    _ok("assign", "--device", "laptop-1", "--form", tmp_path / "members.toml", "--out", stick, home=office)
    _ok("bundle", "import", stick, home=laptop)

    home = Home.open(laptop)
    with home.writer() as store:
        form = device_offered(store)["members"]
        cl = Checklist(form, lang="zh", today=date(2026, 7, 30), now=NOW)
        cl.set(("household",), household)
        for i, (name, amounts) in enumerate([("王建国", ["1200", "300"]), ("刘芳", ["50.5"])]):
            cl.add_entry("member")
            cl.set(("member", i, "member_name"), name)
            for j, amount in enumerate(amounts):
                cl.add_entry(("member", i, "benefit"))
                assert cl.set(("member", i, "benefit", j, "amount"), amount) == []
        assert cl.can_finalize()
        visit = store.start_visit(household, form.id, str(form.version), started=NOW.isoformat())
        for name, value in cl.answers.items():
            store.save_answer(visit["uuid"], (name,), value)
        store.finalize(visit["uuid"], ended=NOW.isoformat())
    _ok("bundle", "export", "--out", stick, "--no-qr", home=laptop)
    _ok("bundle", "merge", stick, home=office)

    exported = json.loads(_ok("visits", "export", "--format", "json", "--form", "members", home=office))
    rows = exported["visits"] if isinstance(exported, dict) else exported
    answers = rows[0]["answers"]
    assert answers["total"] == "1550.5"
    assert [m["member_total"] for m in answers["member"]] == ["1500", "50.5"]
    assert answers["member"][0]["benefit"][1]["amount"] == "300"

    _ok("visits", "export", "--format", "xlsx", "--form", "members", "--out", tmp_path / "v.xlsx",
        home=office)
    workbook = openpyxl.load_workbook(tmp_path / "v.xlsx")
    assert {"members", "members-member", "members-benefit"} <= set(workbook.sheetnames)
    sheet = workbook["members-benefit"]
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    assert table[1][:3] == ["uuid", "member_index", "entry_index"] and "amount" in table[1]
    assert table[0][2] == "Entry index (Benefits of)"  # no one member's name in a header
    amount = table[1].index("amount")
    assert [(r[1], r[2], str(r[amount])) for r in table[2:]] == [(1, 1, "1200"), (1, 2, "300"),
                                                                   (2, 1, "50.5")]
    members = [[c.value for c in row] for row in workbook["members-member"].iter_rows()]
    assert "benefit" not in members[1]  # the inner repeat has its own sheet, not a column


    # The visit summary (the volunteer's and the office's) heads each member and each benefit.
    from doorstep.reports.visit_summary import summarise_visit
    from doorstep.reports.vocabulary import Vocabulary

    lines = summarise_visit(rows[0], None, Vocabulary(lang="zh", forms={"members": form})).lines
    shown = [(line.depth, line.label, line.text) for line in lines]
    assert shown[1:] == [(0, "成员 · 第1项", ""), (1, "姓名", "王建国"),
                         (1, "王建国 的补贴 · 第1项", ""), (2, "金额", "1200"),
                         (1, "王建国 的补贴 · 第2项", ""), (2, "金额", "300"),
                         (0, "成员 · 第2项", ""), (1, "姓名", "刘芳"),
                         (1, "刘芳 的补贴 · 第1项", ""), (2, "金额", "50.5")]
