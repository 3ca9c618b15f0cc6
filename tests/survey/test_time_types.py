"""time and dateTime as real question types: typed loosely (full-width too), stored one way,
checked by constraints, filled by now(), shown localised; imported from XLSForm as such."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime

import pytest
from doorstep.cli.main import main
from doorstep.reports.vocabulary import Vocabulary
from doorstep.survey.engine import Checklist
from doorstep.survey.form import load_form
from doorstep.survey.moments import show_answer
from doorstep.survey.normalize import normalize_answer

from tests.survey.xlsform_build import xlsform

NOW = datetime(2026, 8, 1, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(("typed", "stored"), [
    ("14:30", "14:30:00"), ("１４：３０", "14:30:00"), ("14:30:05", "14:30:05"), ("1430", "14:30:00"),
    ("14点30分", "14:30:00"), ("１４点", "14:00:00"), ("下午2点30", "14:30:00"), ("下午２：３０", "14:30:00"),
    ("上午9:05", "09:05:00"), ("2:30 pm", "14:30:00"), ("12:15 am", "00:15:00"), ("9:5", "09:05:00"),
    ("14:30:00.000", "14:30:00"),
])
def test_times_typed_as_people_type_them_are_stored_one_way(typed, stored):
    assert normalize_answer("time", typed) == normalize_answer("time", stored)
    assert normalize_answer("time", typed).text == stored


@pytest.mark.parametrize("typed", ["25:00", "14:60", "13:00 pm", "noon", "14-30", "1e3", "14:30:61", "143"])
def test_impossible_times_are_refused_and_kept_as_typed(typed):
    parsed = normalize_answer("time", typed)
    assert parsed.error == "answer_not_time" and parsed.text == typed


@pytest.mark.parametrize(("typed", "stored"), [
    ("2026-08-01 14:30", "2026-08-01T14:30:00"), ("２０２６－０８－０１　１４：３０", "2026-08-01T14:30:00"),
    ("2026年8月1日14点30分", "2026-08-01T14:30:00"), ("2026年8月1日 下午2:30", "2026-08-01T14:30:00"),
    ("2026/8/1 9:05", "2026-08-01T09:05:00"), ("2026-08-01T14:30:00", "2026-08-01T14:30:00"),
])
def test_date_times_are_stored_as_iso_local_time(typed, stored):
    assert normalize_answer("dateTime", typed).text == stored


@pytest.mark.parametrize("typed", ["2026-02-30 10:00", "2026-08-01", "14:30", "2026-08-01 25:00",
                                   "yesterday"])
def test_impossible_date_times_are_refused(typed):
    assert normalize_answer("dateTime", typed).error == "answer_not_datetime"


def test_a_date_time_with_a_zone_becomes_the_laptops_wall_time(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        assert normalize_answer("dateTime", "2026-08-01T06:30:00.000Z").text == "2026-08-01T14:30:00"
        assert normalize_answer("time", "06:30:00.000+00:00").text == "14:30:00"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_shown_localised():
    assert show_answer("time", "14:30:00", "zh") == "14:30"
    assert show_answer("time", "14:30:05", "en") == "14:30:05"
    assert show_answer("dateTime", "2026-08-01T14:30:00", "zh") == "2026年8月1日 14:30"
    assert show_answer("dateTime", "2026-08-01T14:30:00", "en") == "1 Aug 2026 14:30"
    assert show_answer("dateTime", "not a time", "en") == "not a time"  # an old invalid draft value


SURVEY = [
    ["type", "name", "label::English (en)", "label::Chinese (zh)", "constraint", "default", "required",
     "calculation"],
    ["time", "arrived", "Arrived at", "到达时间", ". >= '08:00' and . <= '18:00:00'", "", "yes"],
    ["dateTime", "called", "Called at", "致电时间", "", "now()"],
    ["dateTime", "next_call", "Next call", "下次致电", ". > ${called}"],
    ["calculate", "minutes", "", "", "", "", "",
     "round((decimal-time(${arrived}) - decimal-time('08:00:00')) * 1440, 0)"],
]


def test_an_xlsform_with_time_and_date_time_imports_and_runs(tmp_path, capsys, monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    book = xlsform(tmp_path / "calls.xlsx", SURVEY, settings=[["form_id", "version"], ["calls", "1"]])
    out = tmp_path / "calls.toml"
    try:
        assert main(["--lang", "en", "forms", "import", str(book), "--out", str(out)]) == 0
        err = capsys.readouterr().err
        assert "as text" not in err  # no longer a text question with a pattern
        data = tomllib.loads(out.read_text(encoding="utf-8"))
        types = {r["name"]: r["type"] for r in data["survey"]}
        assert types["arrived"] == "time" and types["called"] == "dateTime"
        cl = Checklist(load_form(out), lang="en", today=date(2026, 8, 1), now=NOW)
        assert cl.answers["called"] == "2026-08-01T17:30:00"  # now() as the laptop's wall time
        assert cl.set(("arrived",), "７：１５") != []  # before 08:00: the constraint says no
        assert cl.answers["arrived"] == "07:15:00"
        assert cl.set(("arrived",), "下午2点") == []
        assert cl.answers["arrived"] == "14:00:00" and cl.calculated()[("minutes",)] == "360"
        assert cl.set(("next_call",), "2026-08-01 09:00") != []  # not after the call
        assert cl.set(("next_call",), "2026年8月2日 9:00") == []
        assert cl.answers["next_call"] == "2026-08-02T09:00:00"
        assert cl.set(("arrived",), "25:99") == ["enter a time of day, like 14:30"]
        assert cl.answers["arrived"] == "25:99"  # what was typed is kept, and is an error
        assert not cl.can_finalize()
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_the_office_reads_time_answers_localised(tmp_path, capsys):
    book = xlsform(tmp_path / "calls.xlsx", SURVEY[:3], settings=[["form_id", "version"], ["calls", "1"]])
    out = tmp_path / "calls.toml"
    assert main(["forms", "import", str(book), "--out", str(out)]) == 0
    capsys.readouterr()
    form = load_form(out)
    zh = Vocabulary(forms={"calls": form}, lang="zh")
    en = Vocabulary(forms={"calls": form}, lang="en")
    assert zh.answer_text("calls", "called", "2026-08-01T14:30:00") == "2026年8月1日 14:30"
    assert en.answer_text("calls", "called", "2026-08-01T14:30:00") == "1 Aug 2026 14:30"
    assert en.answer_text("calls", "arrived", "14:30:00") == "14:30"
