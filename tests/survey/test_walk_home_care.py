"""Walk the home elderly-care checklist through the engine, step by step."""

from __future__ import annotations

from datetime import date

from doorstep.survey import Checklist, get_form

TODAY = date(2026, 8, 1)


def slots(cl):
    return [item.slot[0] for item in cl.items()]


def fresh(lang="en"):
    return Checklist(get_form("home_care"), lang=lang, today=TODAY)


def test_fresh_visit():
    cl = fresh()
    assert slots(cl) == ["services", "minutes", "health", "mobility", "lives_alone", "mood",
                         "urgent_needs", "followup_needed"]
    assert cl.progress() == (0, 7)
    assert not cl.can_finalize()
    assert cl.errors()[("services",)] == ["Choose at least one service"]
    assert cl.errors()[("health",)] == ["this question is required"]
    assert cl.next(None) == ("services",)
    assert cl.previous(("services",)) is None
    assert cl.next(("followup_needed",)) is None
    assert cl.instance_name() == "居家养老服务 2026-08-01"
    item = cl.item(("services",))
    assert item.group == ("Services delivered",)
    assert [o.name for o in item.choices] == ["cleaning", "laundry", "cooking", "company", "other"]
    assert item.missing and item.state == "empty" and item.errors == ()


def test_other_service_is_asked_only_when_chosen():
    cl = fresh()
    cl.set(("services",), "cleaning other")
    assert slots(cl)[:3] == ["services", "services_other", "minutes"]
    assert cl.next(("services",)) == ("services_other",)
    assert cl.progress() == (1, 8)
    assert cl.calculated() == {("services_count",): "2"}
    cl.set(("services_other",), "理发")
    cl.toggle(("services",), "other")  # other switched off again
    assert cl.answers["services"] == "cleaning"
    assert "services_other" not in slots(cl)
    assert cl.next(("services",)) == ("minutes",)
    assert cl.answers["services_other"] == "理发"  # typed text is kept, though not asked now
    assert cl.progress() == (1, 7)


def test_services_choices_are_checked():
    cl = fresh()
    assert cl.set(("services",), "cleaning dancing") == ["'dancing' is not one of the choices"]
    assert cl.answers["services"] == "cleaning dancing"
    assert cl.set(("services",), "cleaning，laundry") == []  # a full-width comma from the IME
    assert cl.answers["services"] == "cleaning laundry"


def test_minutes_constraint_broken_then_satisfied():
    cl = fresh()
    assert cl.set(("minutes",), "3") == ["Time spent must be 5 to 480 minutes"]
    assert cl.item(("minutes",)).state == "error"
    assert cl.set(("minutes",), "481") == ["Time spent must be 5 to 480 minutes"]
    assert cl.set(("minutes",), "1e2") == ["enter a whole number (like 12)"]
    assert cl.answers["minutes"] == "1e2"  # kept as typed
    assert cl.set(("minutes",), "４５") == []
    assert cl.answers["minutes"] == "45"
    assert cl.item(("minutes",)).state == "answered"


def test_bedridden_alone_elder_needs_a_followup():
    cl = fresh()
    cl.set(("mobility",), "bedridden")
    assert "alone_bedridden_note" not in slots(cl)
    cl.set(("lives_alone",), "yes")
    assert slots(cl).index("alone_bedridden_note") == slots(cl).index("lives_alone") + 1
    assert cl.item(("alone_bedridden_note",)).state == "note"
    assert cl.set(("followup_needed",), "no") == [
        "Urgent needs or a bedridden elder living alone need a follow-up"]
    cl.set(("lives_alone",), "no")
    assert cl.validate(("followup_needed",)) == []


def test_urgent_needs_force_a_followup_with_a_note():
    cl = fresh()
    cl.set(("urgent_needs",), "药快吃完了")
    assert cl.set(("followup_needed",), "no") != []
    assert cl.set(("followup_needed",), "yes") == []
    assert slots(cl)[-1] == "followup_note"
    assert cl.item(("followup_note",)).missing
    assert cl.set(("followup_note",), "药") == ["Describe what must be followed up"]
    assert cl.set(("followup_note",), "联系村医送药") == []


def test_complete_visit_can_be_finalized():
    cl = fresh(lang="zh")
    for slot, value in [(("services",), "cooking company"), (("minutes",), "90"), (("health",), "fair"),
                        (("mobility",), "needs_help"), (("lives_alone",), "no"), (("mood",), "good")]:
        assert cl.set(slot, value) == []
        assert not cl.can_finalize()
    assert cl.progress() == (6, 7)
    cl.set(("followup_needed",), "no")
    assert cl.errors() == {}
    assert cl.can_finalize()
    assert cl.progress() == (7, 7)
    assert cl.register_updates() == {}
    answers = cl.answers
    assert answers["services"] == "cooking company" and answers["services_count"] == "2"
    # the answers round-trip: a new engine on them says the same
    again = Checklist(get_form("home_care"), answers, lang="zh", today=TODAY)
    assert again.can_finalize() and again.answers == answers


def test_messages_in_chinese():
    cl = fresh(lang="zh")
    assert cl.set(("minutes",), "3") == ["服务时长应在 5 到 480 分钟之间"]
    assert cl.errors()[("health",)] == ["此题必答"]
    assert cl.item(("health",)).label == "健康状况"
    assert cl.item(("health",)).choices[0].label == "良好"
