"""Walk the annual register verification through the engine, including register updates."""

from __future__ import annotations

from datetime import date

from doorstep.storage.categories import CATEGORIES
from doorstep.survey import Checklist, get_form

TODAY = date(2026, 8, 1)
PHONE = "Enter an 11-digit mobile number or a landline with its area code"


def fresh(answers=None):
    return Checklist(get_form("verification"), answers, lang="en", today=TODAY)


def names(cl):
    return [item.slot[0] for item in cl.items()]


def test_alive_and_unchanged():
    cl = fresh()
    assert names(cl) == ["status", "still_entitled", "category_correct", "phone_correct", "needs",
                         "followup_needed"]
    for name, value in [("status", "alive"), ("still_entitled", "yes"), ("category_correct", "yes"),
                        ("phone_correct", "yes"), ("needs", "none"), ("followup_needed", "no")]:
        assert cl.set((name,), value) == []
    assert cl.can_finalize()
    assert cl.register_updates() == {"status": "alive", "entitled": "yes"}
    assert cl.item(("still_entitled",)).group == ("Entitlement and category",)


def test_deceased_asks_the_date_and_skips_the_rest():
    cl = fresh()
    cl.set(("status",), "deceased")
    assert names(cl) == ["status", "death_date", "needs", "followup_needed"]
    assert cl.set(("death_date",), "2026-08-02") == ["The date of death cannot be in the future"]
    assert cl.set(("death_date",), "2026/13/01") == ["enter a date as 2026-08-01"]
    assert cl.set(("death_date",), "２０２６年７月１日") == []
    assert cl.answers["death_date"] == "2026-07-01"
    assert cl.set(("death_date",), "2026-08-01") == []  # today is allowed
    assert cl.set(("followup_needed",), "no") == ["A death or a lost entitlement must be followed up"]
    cl.set(("followup_needed",), "yes")
    cl.set(("followup_note",), "办理抚恤金")
    cl.set(("needs",), "living")
    assert "needs_note" in names(cl)
    assert cl.can_finalize()
    assert cl.register_updates() == {"status": "deceased", "death_date": "2026-08-01"}


def test_moved_asks_the_new_address():
    cl = fresh()
    cl.set(("status",), "moved")
    assert names(cl)[:2] == ["status", "new_address"]
    assert cl.set(("new_address",), "镇") == ["Write the full new address"]
    assert cl.set(("new_address",), "城关镇幸福路 8 号") == []
    assert cl.register_updates()["address"] == "城关镇幸福路 8 号"
    cl.set(("status",), "alive")
    assert "address" not in cl.register_updates()  # no longer relevant, so not written back


def test_category_correction_uses_the_register_codes():
    cl = fresh({"status": "alive"})
    cl.set(("category_correct",), "no")
    item = cl.item(("new_category",))
    assert [o.name for o in item.choices] == [c.code for c in CATEGORIES]
    assert [o.label for o in item.choices] == [c.en for c in CATEGORIES]
    assert cl.set(("new_category",), "general") == ["'general' is not one of the choices"]
    assert "category" not in cl.register_updates()
    assert cl.set(("new_category",), "martyr_survivor") == []
    assert cl.register_updates()["category"] == "martyr_survivor"


def test_phone_correction():
    cl = fresh({"status": "alive"})
    cl.set(("phone_correct",), "no")
    assert cl.item(("new_phone",)).missing
    for bad in ("12345", "23812345678", "138123456789", "1381234567a", "+8613812345678"):
        assert cl.set(("new_phone",), bad) == [PHONE], bad
    assert "phone" not in cl.register_updates()
    assert cl.set(("new_phone",), "１３８１２３４５６７８") == []  # typed through a Chinese IME
    assert cl.answers["new_phone"] == "13812345678"
    assert cl.register_updates()["phone"] == "13812345678"
    assert cl.set(("new_phone",), "0571－88001234") == []
    assert cl.register_updates()["phone"] == "0571-88001234"
    assert cl.set(("new_phone",), "057188001234") == []
    cl.set(("phone_correct",), "yes")
    assert "phone" not in cl.register_updates()
    assert cl.answers["new_phone"] == "057188001234"


def test_lost_entitlement_needs_a_reason_and_a_followup():
    cl = fresh({"status": "alive"})
    cl.set(("still_entitled",), "no")
    assert names(cl)[2] == "entitlement_note"
    assert cl.set(("followup_needed",), "no") == ["A death or a lost entitlement must be followed up"]
    assert cl.register_updates() == {"status": "alive", "entitled": "no"}


def test_needs_none_is_exclusive():
    cl = fresh()
    assert cl.set(("needs",), "none medical") == ["“None” cannot be chosen together with other needs"]
    assert cl.set(("needs",), "medical housing") == []
    assert "needs_note" in names(cl)
    assert not cl.item(("needs_note",)).required


def test_the_category_choices_match_storage_categories_exactly():
    form = get_form("verification")
    assert [c.name for c in form.choices["category"]] == [c.code for c in CATEGORIES]
    assert [c.labels["zh"] for c in form.choices["category"]] == [c.zh for c in CATEGORIES]
