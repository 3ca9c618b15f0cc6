"""From what was typed to an answer: NFKC normalisation and strict parsing per question type.

Volunteers type through a Chinese input method, which produces full-width digits, letters and
punctuation ("１２３", "１２．５", "２０２６－０８－０１"); NFKC folds them to ASCII before anything is
checked. Numbers are plain decimal notation, their thousands grouped by commas or not (12,000);
"1e5", "inf", "nan", "0x10" and "1_000" are what Python's float() or int() would accept but no
volunteer means, so they are refused. So is a number of more than MAX_DIGITS digits: no
answer needs one, and Python refuses to turn an integer of thousands of digits into text, so a
pasted or forged one would otherwise fail every place that shows or adds it up.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from doorstep.storage import qrid
from doorstep.survey.evaluate import parse_date
from doorstep.survey.moments import canonical_clock, canonical_moment, parse_clock, parse_moment

_INTEGER_RE = re.compile(r"[+-]?[0-9]+\Z")
MAX_DIGITS = 18
_DECIMAL_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z")
# 12,000 and 1,234,567.50: thousands grouped by commas (１２，０００ after NFKC). Only groups of
# exactly three count, so that "1,5" (a decimal comma elsewhere) is refused, not read as 15.
_GROUPED_RE = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?\Z")
# 2026-08-01, 2026/8/1, 2026.8.1, 2026年8月1日
_LOOSE_DATE_RE = re.compile(r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?\Z")
ACK_WORDS = {"ok", "yes", "y", "true", "1", "是", "确认", "已确认", "好"}


@dataclass(frozen=True, slots=True)
class Parsed:
    """A normalised answer: `text` to store, or `error` (a survey.messages key)."""

    text: str
    error: str | None = None


# Question types whose answer is a person's words, not a value to parse.
_WORDS = frozenset({"text"})
_FULL_WIDTH_ALNUM = {
    cp: cp - 0xFEE0
    for first, last in (("０", "９"), ("Ａ", "Ｚ"), ("ａ", "ｚ"))
    for cp in range(ord(first), ord(last) + 1)
} | {ord(c): ord(c) - 0xFEE0 for c in "－＋．"} | {0x3000: 0x20}  # a number's signs; the ideographic space


def nfkc(raw: str) -> str:
    return unicodedata.normalize("NFKC", raw).strip()


def _ungrouped(text: str) -> str:
    """A number written with thousands separators, without them; anything else as it was."""
    return text.replace(",", "") if _GROUPED_RE.match(text) else text


def parse_integer(text: str) -> Parsed:
    text = _ungrouped(text)
    if not _INTEGER_RE.match(text):
        return Parsed(text, "answer_not_integer")
    if len(text.lstrip("+-").lstrip("0")) > MAX_DIGITS:
        return Parsed(text, "answer_too_many_digits")
    return Parsed(str(int(text)))


def parse_decimal(text: str) -> Parsed:
    # "。" is what a Chinese IME types for the full stop key; in a number it means ".".
    candidate = _ungrouped(text.replace("。", "."))
    if not _DECIMAL_RE.match(candidate):
        return Parsed(text, "answer_not_number")
    sign = "-" if candidate.startswith("-") else ""
    body = candidate.lstrip("+-")
    whole, _, frac = body.partition(".")
    whole = whole.lstrip("0") or "0"
    if len(whole) + len(frac) > MAX_DIGITS:
        return Parsed(text, "answer_too_many_digits")
    canonical = f"{whole}.{frac}" if frac else whole
    if canonical.strip("0.") == "":
        sign = ""
    return Parsed(sign + canonical)


def parse_any_date(text: str) -> Parsed:
    d = parse_date(text)
    if d is None:
        m = _LOOSE_DATE_RE.match(text)
        if m:
            try:
                d = date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                d = None
    if d is None:
        return Parsed(text, "answer_not_date")
    return Parsed(d.isoformat())


def _day_or_none(text: str) -> date | None:
    parsed = parse_any_date(text)
    return None if parsed.error else date.fromisoformat(parsed.text)


def parse_time(text: str) -> Parsed:
    t = parse_clock(text)
    return Parsed(canonical_clock(t)) if t is not None else Parsed(text, "answer_not_time")


def parse_date_time(text: str) -> Parsed:
    moment = parse_moment(text, _day_or_none)
    return Parsed(canonical_moment(moment)) if moment is not None else Parsed(text, "answer_not_datetime")


def parse_select_multiple(text: str) -> Parsed:
    # Commas and the IME's 、 are separators people type; the stored form is space-separated.
    parts = re.split(r"[\s,、;]+", text)
    seen: list[str] = []
    for p in parts:
        if p and p not in seen:
            seen.append(p)
    return Parsed(" ".join(seen))


def parse_acknowledge(text: str) -> Parsed:
    if text.lower() in ACK_WORDS:
        return Parsed("OK")
    return Parsed(text, "answer_not_ack")


_GEO_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z")


def _point(text: str) -> str | None:
    """'31.2304 121.4737 [altitude [accuracy]]' in decimal degrees -> canonical text, else None.

    A comma between latitude and longitude is accepted, as maps and phones copy it."""
    parts = [p for p in re.split(r"[\s,]+", text.strip()) if p]
    if not 2 <= len(parts) <= 4 or not all(_GEO_NUMBER_RE.match(p) for p in parts):
        return None
    lat, lon = float(parts[0]), float(parts[1])
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    if len(parts) == 4 and float(parts[3]) < 0:  # accuracy is a distance
        return None
    return " ".join(parse_decimal(p).text for p in parts)


def parse_geo(qtype: str, text: str) -> Parsed:
    """ODK's geo answers: a point is 'lat lon [alt acc]', a trace or shape points joined by ';'."""
    if qtype == "geopoint":
        point = _point(text)
        return Parsed(point) if point else Parsed(text, "answer_not_geopoint")
    points = [_point(p) for p in text.split(";") if p.strip()]
    if not points or any(p is None for p in points):
        return Parsed(text, "answer_not_geopoint")
    if qtype == "geotrace" and len(points) < 2:
        return Parsed(text, "answer_geotrace_short")
    if qtype == "geoshape":
        if len(points) >= 3 and points[0] != points[-1]:
            points.append(points[0])  # a shape is closed; the volunteer need not repeat the start
        if len(points) < 4:
            return Parsed(text, "answer_geoshape_short")
    return Parsed(";".join(p for p in points if p))


def normalize_answer(qtype: str, raw: str) -> Parsed:
    """Normalise `raw` for a question of `qtype`; choice membership is checked by the engine."""
    text = nfkc(raw)
    if text == "":
        return Parsed("")
    if qtype == "integer":
        return parse_integer(text)
    if qtype == "decimal":
        return parse_decimal(text)
    if qtype in ("date", "today"):
        return parse_any_date(text)
    if qtype == "time":
        return parse_time(text)
    if qtype == "dateTime":
        return parse_date_time(text)
    if qtype == "select_multiple":
        return parse_select_multiple(text)
    if qtype == "acknowledge":
        return parse_acknowledge(text)
    if qtype in ("geopoint", "geotrace", "geoshape"):
        return parse_geo(qtype, text)
    if qtype == "household_id":
        # storage.qrid owns the format: case, hyphens and O/I/L look-alikes are folded there.
        result = qrid.check(text)
        if result is qrid.QrCheck.OK:
            return Parsed(qrid.normalize(text))
        return Parsed(text, f"answer_household_id_{result.value}")
    if qtype in _WORDS:
        # What a person wrote keeps its Chinese punctuation (，。：（）): NFKC would make
        # "腰疼，需要买" "腰疼,需要买". Only full-width digits, letters and a number's signs become
        # ASCII, so that a pattern such as a phone number's still matches what an IME typed.
        return Parsed(unicodedata.normalize("NFC", raw).translate(_FULL_WIDTH_ALNUM).strip())
    return Parsed(text)
