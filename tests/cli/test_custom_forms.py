"""A form the office writes, end to end: an XLSForm imported, shipped with an assignment, a visit of
it on the laptop through the engine, back to the office through the merge, and in the summary and
the visits export. Then a second version: a draft begun on the first finishes on the first."""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
from cli_helpers import assert_user_error, doorstep
from doorstep.storage.home import Home
from doorstep.survey import Checklist
from doorstep.sync.forms import device_catalog, device_offered

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "survey"))
from xlsform_build import xlsform  # noqa: E402

NOW = datetime(2026, 7, 30, 2, 0, tzinfo=UTC)
SURVEY = [
    ["type", "name", "label::English (en)", "label::Chinese (zh)", "relevant", "constraint", "summary"],
    ["start", "start"], ["deviceid", "deviceid"], ["username", "username"],
    ["household_id", "household", "Scan the household", "扫描户编码"],
    ["select_one yn", "hot", "Is the home too hot?", "室内过热吗？"],
    ["integer", "temp", "Temperature (°C)", "室温（°C）", "${hot} = 'yes'", ". > 10 and . < 60", "sum"],
    ["geopoint", "where", "Location", "位置"],
    ["image", "photo", "Photo of the room", "房间照片"],
]
CHOICES = [["list_name", "name", "label::English (en)", "label::Chinese (zh)"],
           ["yn", "yes", "Yes", "是"], ["yn", "no", "No", "否"]]


def _ok(*args: str | Path, home: Path | None = None, lang: str = "en") -> str:
    done = doorstep(*args, home=home, lang=lang)
    assert done.code == 0, (args, done.out, done.err)
    assert "Traceback" not in done.err
    return done.out + done.err


def _visit(laptop: Path, household: str, answers: dict[str, str], *, finalize: bool = True) -> str:
    """The volunteer's visit through the engine, saved through the calls the app makes."""
    home = Home.open(laptop)
    with home.writer() as store:
        form = device_offered(store)["heat_check"]
        cl = Checklist(form, lang="zh", today=date(2026, 7, 30), now=NOW,
                       meta={"deviceid": home.name, "username": home.default_actor()})
        for name, value in answers.items():
            assert cl.set((name,), value) == [], name
        assert cl.can_finalize()
        visit = store.start_visit(household, form.id, str(form.version), started=NOW.isoformat())
        for name, value in cl.answers.items():
            store.save_answer(visit["uuid"], (name,), value)
        if finalize:
            store.finalize(visit["uuid"], ended=NOW.isoformat())
        return visit["uuid"]


def test_an_office_form_from_xlsx_to_the_summary(tmp_path: Path) -> None:
    office, laptop, stick = tmp_path / "office", tmp_path / "laptop-1", tmp_path / "stick"
    _ok("init", "office", "--name", "河口镇", home=office)
    _ok("keys", "show", "--export", tmp_path / "office.pub", home=office)
    _ok("init", "device", "--name", "laptop-1", "--volunteer", "李秀梅", "--office-key",
        tmp_path / "office.pub", home=laptop)
    _ok("keys", "show", "--export", tmp_path / "laptop-1.pub", home=laptop)
    _ok("device", "add", tmp_path / "laptop-1.pub", home=office)
    (tmp_path / "register.csv").write_text("姓名,类别,村,电话\n王建国,残疾军人,东湖村,13800138000\n"
                                           "李春花,烈士遗属,西山村,13900139000\n", encoding="utf-8")
    _ok("registry", "import", tmp_path / "register.csv", home=office)
    reader = Home.open(office).reader()
    households = {e["village"]: e["id"] for e in reader.entries()}
    reader.close()

    book = xlsform(tmp_path / "heat.xlsx", SURVEY, CHOICES,
                   [["form_title::English (en)", "form_title", "form_id", "version"],
                    ["Heat check", "夏季高温探访", "Heat_Check", "1"]])
    out = _ok("forms", "import", book, "--out", tmp_path / "heat.toml")
    assert "form heat_check, version 1" in out
    shipped = _ok("assign", "--device", "laptop-1", "--form", tmp_path / "heat.toml", "--out", stick,
                  home=office)
    assert "form shipped: Heat check (version 1)" in shipped
    assert (office / "forms" / "heat_check.toml").is_file()
    _ok("bundle", "import", stick, home=laptop)
    for home in (office, laptop):  # both know it by now
        listed = _ok("forms", "list", home=home)
        assert "heat_check\t1\t" in listed and "Heat check" in listed
    assert "temp [integer] Temperature" in _ok("forms", "show", "heat_check", home=laptop)

    store = Home.open(laptop).reader()
    offered = device_offered(store)
    store.close()
    assert list(offered)[:4] == ["home_care", "house_inspection", "condolence", "verification"]
    assert offered["heat_check"].version == "1"
    uuid = _visit(laptop, households["东湖村"], {"household": households["东湖村"], "hot": "yes",
                                              "temp": "36", "where": "28.2 112.9"})
    _visit(laptop, households["西山村"], {"household": households["西山村"], "hot": "no"})
    _ok("bundle", "export", "--out", stick, "--no-qr", home=laptop)
    merged = _ok("bundle", "merge", stick, home=office)
    assert "2" in merged

    exported = json.loads(_ok("visits", "export", "--format", "json", "--form", "heat_check", home=office))
    rows = exported["visits"] if isinstance(exported, dict) else exported
    mine = next(r for r in rows if r["uuid"] == uuid)
    assert mine["form_id"] == "heat_check" and mine["answers"]["temp"] == "36"
    assert mine["answers"]["deviceid"] == "laptop-1" and mine["answers"]["username"] == "李秀梅"
    _ok("visits", "export", "--format", "xlsx", "--out", tmp_path / "visits.xlsx", home=office)
    sheets = openpyxl.load_workbook(tmp_path / "visits.xlsx").sheetnames
    assert "heat_check" in sheets and "home_care" in sheets  # one sheet per form
    sheet = openpyxl.load_workbook(tmp_path / "visits.xlsx")["heat_check"]
    labels, names = ([c.value for c in row] for row in sheet.iter_rows(max_row=2))
    assert "temp" in names and "Temperature (°C)" in labels  # row 1 for the clerk, row 2 for tools

    summary = json.loads(_ok("summary", "--format", "json", home=office))
    by_form = {(r["form_id"], r["village"]): r for r in summary["by_form"]}
    assert by_form[("heat_check", "东湖村")]["visits"] == 1
    assert by_form[("heat_check", "西山村")]["households"] == 1
    assert by_form[("heat_check", "东湖村")]["sums"] == {"Temperature (°C)": "36"}  # the form asks for it
    assert uuid in by_form[("heat_check", "东湖村")]["uuids"]
    table = _ok("summary", home=office, lang="zh")
    assert "本站自定表单的走访" in table and "夏季高温探访" in table

    # Version 2: a draft begun on version 1 finishes on version 1; new visits use version 2.
    draft = _visit(laptop, households["东湖村"], {"hot": "no"}, finalize=False)
    book = xlsform(tmp_path / "heat.xlsx", [*SURVEY, ["text", "advice", "Advice given", "建议"]], CHOICES,
                   [["form_title", "form_id", "version"], ["夏季高温探访", "heat_check", "2"]])
    _ok("assign", "--device", "laptop-1", "--form", book, "--out", stick, home=office)
    assert (office / "forms" / "versions" / "heat_check@1.toml").is_file()
    _ok("bundle", "import", stick, home=laptop)
    store = Home.open(laptop).reader()
    assert device_offered(store)["heat_check"].version == "2"
    catalog = device_catalog(store)
    record = store.get_draft(draft)
    store.close()
    assert record["form_version"] == "1"
    assert "advice" not in catalog[("heat_check", "1")].by_name
    assert "advice" in catalog[("heat_check", "2")].by_name


def test_assign_refuses_a_changed_form_under_an_old_version(tmp_path: Path) -> None:
    office = tmp_path / "office"
    _ok("init", "office", "--name", "河口镇", home=office)
    one = xlsform(tmp_path / "a.xlsx", [["type", "name", "label"], ["text", "a", "A"]],
                  settings=[["form_id", "version"], ["medal", "1"]])
    _ok("forms", "import", one, "--out", tmp_path / "a.toml")
    from doorstep.sync.forms import ship_form

    ship_form(Home.open(office), str(tmp_path / "a.toml"))
    two = xlsform(tmp_path / "b.xlsx", [["type", "name", "label"], ["text", "b", "B"]],
                  settings=[["form_id", "version"], ["medal", "1"]])
    done = doorstep("assign", "--device", "x", "--form", two, "--out", tmp_path / "s", home=office)
    assert_user_error(done, "medal", "version 1", "change the version")
    done = doorstep("assign", "--device", "x", "--form", "nope", "--out", tmp_path / "s", home=office)
    assert_user_error(done, "there is no form 'nope'")
    bad = xlsform(tmp_path / "bad.xlsx", [["type", "name", "label"], ["txet", "a", "A"]])
    done = doorstep("assign", "--device", "x", "--form", bad, "--out", tmp_path / "s", home=office)
    assert_user_error(done, "sheet survey, row 2, column type: unknown question type 'txet'")
