"""What volunteers type, through a Chinese IME or not, and what is stored."""

from __future__ import annotations

import pytest
from doorstep.survey.normalize import normalize_answer


@pytest.mark.parametrize(
    ("qtype", "raw", "stored"),
    [
        ("integer", "１２３", "123"),
        ("integer", " 007 ", "7"),
        ("integer", "+5", "5"),
        ("integer", "－５", "-5"),
        ("decimal", "１２．５", "12.5"),
        ("decimal", "12。5", "12.5"),  # the IME's full stop in a number
        ("decimal", "00.50", "0.50"),
        ("decimal", "12.", "12"),
        ("decimal", ".5", "0.5"),
        ("decimal", "-0", "0"),
        # thousands separators, as written on a receipt or typed through the IME (issue 16)
        ("decimal", "12,000", "12000"),
        ("decimal", "１２，０００", "12000"),
        ("decimal", "1,234,567.50", "1234567.50"),
        ("integer", "12,000", "12000"),
        ("integer", "１，０００", "1000"),
        ("date", "2026-08-01", "2026-08-01"),
        ("date", "２０２６－０８－０１", "2026-08-01"),
        ("date", "2026/8/1", "2026-08-01"),
        ("date", "2026年8月1日", "2026-08-01"),
        ("select_multiple", "a，b、c a", "a b c"),
        ("select_one", "ｙｅｓ", "yes"),
        ("acknowledge", "ＯＫ", "OK"),
        ("acknowledge", "是", "OK"),
        ("text", "  １３８１２３４５６７８ ", "13812345678"),
        ("text", "你好，世界", "你好，世界"),  # a person's punctuation is kept
        ("text", "电话１３９", "电话139"),  # full-width digits are numbers
        ("text", "   ", ""),
    ],
)
def test_valid_input_is_normalised(qtype, raw, stored):
    parsed = normalize_answer(qtype, raw)
    assert parsed.error is None
    assert parsed.text == stored


@pytest.mark.parametrize("raw", ["1e5", "1E5", "inf", "Infinity", "nan", "NaN", "0x10", "1_000", "1,00",
                                 "1,0000", ",100", "1,000,", "12.5", "五", "١٢", "--1", "1 2"])
def test_not_integers(raw):
    assert normalize_answer("integer", raw).error == "answer_not_integer"


@pytest.mark.parametrize("raw", ["1e5", "１ｅ５", "inf", "-inf", "nan", "0x10", "1_000.5", "1.2.3", "12元",
                                 "¥12", ".", "+", "1,5", "1,00.5", "12,3456"])
def test_not_numbers(raw):
    assert normalize_answer("decimal", raw).error == "answer_not_number"


TOO_MANY = [("integer", "9" * 19), ("integer", "9" * 5000), ("integer", "-" + "1" * 19),
            ("decimal", "9" * 5000), ("decimal", "1" * 10 + "." + "2" * 9)]


@pytest.mark.parametrize(("qtype", "raw"), TOO_MANY)
def test_numbers_of_too_many_digits(qtype, raw):
    """A pasted or forged number of thousands of digits: refused in words, not a ValueError from
    int() (Python will not make text of such an integer again either)."""
    assert normalize_answer(qtype, raw).error == "answer_too_many_digits"


@pytest.mark.parametrize(("qtype", "raw", "text"), [("integer", "0" * 30 + "9" * 18, "9" * 18),
                                                   ("decimal", "000" + "1" * 9 + "." + "2" * 9,
                                                    "1" * 9 + "." + "2" * 9)])
def test_eighteen_digits_are_a_number(qtype, raw, text):
    assert normalize_answer(qtype, raw).error is None
    assert normalize_answer(qtype, raw).text == text


@pytest.mark.parametrize("raw", ["2026-02-30", "2026-13-01", "01/08/2026", "tomorrow", "20260801"])
def test_not_dates(raw):
    assert normalize_answer("date", raw).error == "answer_not_date"


def test_empty_is_unanswered_for_every_type():
    for qtype in ("text", "integer", "decimal", "date", "select_one", "select_multiple", "acknowledge"):
        assert normalize_answer(qtype, "  \u3000 ").text == ""
        assert normalize_answer(qtype, "").error is None
