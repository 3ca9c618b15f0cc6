"""QR ids: alphabet, normalisation, and a check character that catches every single error."""

from __future__ import annotations

import random

import pytest
from doorstep.storage import qrid
from doorstep.storage.qrid import ALPHABET, QrCheck, QrIdError


def _sample(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    ids = []
    for _ in range(n):
        length = rng.choice([4, 7, 7, 7, 12])
        payload = "".join(rng.choice(ALPHABET) for _ in range(length))
        ids.append(payload + qrid.check_character(payload))
    return ids


def test_alphabet_has_no_lookalikes_or_punctuation() -> None:
    assert len(ALPHABET) == 31 and len(set(ALPHABET)) == 31
    for ch in "ILOUZ":
        assert ch not in ALPHABET
    assert all(ch.isdigit() or ch.isupper() for ch in ALPHABET)


def test_new_ids_are_valid_and_distinct() -> None:
    ids = {qrid.new_id() for _ in range(2000)}
    assert len(ids) == 2000
    for code in ids:
        assert len(code) == qrid.ID_LENGTH
        assert set(code) <= set(ALPHABET)
        assert qrid.check(code) is QrCheck.OK


def test_new_id_avoids_existing() -> None:
    first = qrid.new_id()
    taken = {first}
    assert qrid.new_id(taken) != first


def test_every_single_substitution_is_caught() -> None:
    for code in _sample(1500):
        for pos in range(len(code)):
            for ch in ALPHABET:
                if ch == code[pos]:
                    continue
                typo = code[:pos] + ch + code[pos + 1:]
                assert qrid.check(typo) is QrCheck.TYPO, (code, typo)


def test_every_neighbour_swap_is_caught() -> None:
    swaps = 0
    for code in _sample(20000, seed=11):
        for pos in range(len(code) - 1):
            if code[pos] == code[pos + 1]:
                continue
            swapped = code[:pos] + code[pos + 1] + code[pos] + code[pos + 2:]
            assert qrid.check(swapped) is QrCheck.TYPO, (code, swapped)
            swaps += 1
    assert swaps > 100000


def test_valid_code_is_ok() -> None:
    for code in _sample(500):
        assert qrid.parse(code) == code


@pytest.mark.parametrize("typed", ["ab cd-efg", "ＡＢＣＤ ＥＦＧ", " abcd efg ", "A-B-C-D-E-F-G"])
def test_normalize_case_fullwidth_spaces_hyphens(typed: str) -> None:
    assert qrid.normalize(typed) == "ABCDEFG"


def test_normalize_reads_lookalike_letters_as_digits() -> None:
    assert qrid.normalize("o1l") == "011"
    payload = "10A0B1C"
    code = payload + qrid.check_character(payload)
    typed = code.replace("0", "o").replace("1", "l").lower()
    assert qrid.parse(typed) == code


def test_fullwidth_typed_id_parses() -> None:
    code = qrid.new_id()
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in code)
    assert qrid.parse(fullwidth[:4] + "－" + fullwidth[4:]) == code


def test_typo_and_malformed_are_told_apart() -> None:
    code = qrid.new_id()
    wrong = code[:-1] + next(c for c in ALPHABET if c != code[-1])
    with pytest.raises(QrIdError) as typo:
        qrid.parse(wrong)
    assert typo.value.reason == "typo"
    assert "check character" in typo.value.render("en")
    assert "校验" in typo.value.render("zh")
    for bad in ["", "A", "ABC#DEF", "张三", "ABCDEFGZ", "X" * 40]:
        with pytest.raises(QrIdError) as malformed:
            qrid.parse(bad)
        assert malformed.value.reason == "malformed"
