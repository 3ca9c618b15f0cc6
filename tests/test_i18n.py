"""Language choice: explicit, then the home's setting, then the locale; Chinese by default."""

from __future__ import annotations

import pytest
from doorstep.i18n import Message, UserError, detect_lang, normalize_lang, text


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "zh"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({}, "zh"),
    ],
)
def test_locale_decides_when_nothing_else_does(monkeypatch, env, expected) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert detect_lang() == expected


def test_explicit_beats_setting_beats_locale(monkeypatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert detect_lang(None, "en") == "en"
    assert detect_lang("zh", "en") == "zh"
    assert detect_lang(None, "fr") == "zh"


def test_normalize_lang_forms() -> None:
    assert normalize_lang("zh-Hans") == "zh"
    assert normalize_lang("EN") == "en"
    assert normalize_lang("fr_FR") is None
    assert normalize_lang("") is None


def test_user_error_renders_in_each_language() -> None:
    catalog = {"bad": {"zh": "第{row}行有误", "en": "row {row} is wrong"}}
    err = UserError(Message(catalog, "bad", {"row": 3}))
    assert err.render("zh") == "第3行有误"
    assert err.render("en") == "row 3 is wrong"
    assert text(catalog, "bad", "en", row=9) == "row 9 is wrong"


def test_english_nouns_agree_with_their_number() -> None:
    catalog = {"n": {"zh": "{n} 条走访", "en": "{n} {n:visit|visits} ({total:.2f} yuan)"}}
    assert text(catalog, "n", "en", n=1, total=2) == "1 visit (2.00 yuan)"
    assert text(catalog, "n", "en", n=0, total=2) == "0 visits (2.00 yuan)"
    assert text(catalog, "n", "en", n="1", total=2) == "1 visit (2.00 yuan)"
    assert text(catalog, "n", "zh", n=1, total=2) == "1 条走访"
