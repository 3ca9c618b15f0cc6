"""Times of day and moments (XLSForm's time and dateTime): typed loosely, stored one way, shown localised.

Stored canonically as ISO 8601 local wall time without a zone: time "14:30:00", dateTime
"2026-08-01T14:30:00". A laptop stays in one place and a visit is read by the office of the same
town, so the wall time the volunteer saw is what matters; a typed or calculated value that carries
a zone (now() is UTC) is turned into the laptop's local time first.

Accepted as typed (after NFKC, so full-width digits and "：" count): "14:30", "14:30:05", "1430",
"14点30分", "14时30", "下午2:30", "2:30 pm"; a dateTime is any date the date question accepts
followed by such a time ("2026年8月1日 14:30", "2026-08-01T14:30").
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from doorstep.i18n import Lang

# The hour and minute, optional seconds: 14:30, 14:30:05, 1430, 14点30分, 14时30分05秒, 14点 (on the hour)
_CLOCK_RE = re.compile(
    r"(?P<half>上午|早上|中午|下午|晚上)?\s*"
    r"(?:(?P<h>[0-9]{1,2})\s*[:点时]\s*(?P<m>[0-9]{1,2})?\s*分?(?:\s*[:]?\s*(?P<s>[0-9]{1,2})\s*秒?)?"
    r"|(?P<hh>[0-9]{2})(?P<mm>[0-9]{2}))"
    r"\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?\Z",
    re.IGNORECASE,
)
_ISO_ZONE_RE = re.compile(r"(Z|[+-][0-9]{2}:?[0-9]{2})\Z")
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DATE_TIME_SPLIT_RE = re.compile(r"\s*(?:T|\s)\s*|(?<=日)")


def parse_clock(text: str) -> time | None:
    """A time of day as typed (already NFKC), or None."""
    text = text.strip()
    zone = _ISO_ZONE_RE.search(text)
    if zone and re.match(r"[0-9]{2}:[0-9]{2}", text):
        # 14:30:00.000+08:00, as ODK writes a time: the laptop's wall time of that moment
        try:
            moment = datetime.fromisoformat("2000-01-01T" + text.replace("Z", "+00:00"))
        except ValueError:
            return None
        return moment.astimezone().time().replace(microsecond=0, tzinfo=None)
    text = re.sub(r"\.[0-9]+\Z", "", text)  # 14:30:00.000: milliseconds are not kept
    m = _CLOCK_RE.match(text)
    if m is None:
        return None
    hour = int(m["h"] if m["h"] is not None else m["hh"])
    minute = int(m["m"] or 0) if m["h"] is not None else int(m["mm"])
    second = int(m["s"] or 0)
    half = (m["half"] or "").strip()
    ampm = (m["ampm"] or "").lower().replace(".", "")
    if ampm and not 1 <= hour <= 12:
        return None
    # 下午2点 is 14:00 and 下午14点 too (people write both); 中午1点 is 13:00
    if (ampm == "pm" or half in ("下午", "晚上") or (half == "中午" and hour < 6)) and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59):
        return None
    return time(hour, minute, second)


def parse_moment(text: str, parse_day: object) -> datetime | None:
    """A date and a time of day as typed, or None. `parse_day(text) -> date | None` reads the date
    part exactly as a date question does."""
    text = text.strip()
    iso = _iso_moment(text)
    if iso is not None:
        return iso
    for m in _DATE_TIME_SPLIT_RE.finditer(text):
        day_text, clock_text = text[:m.start()], text[m.end():]
        if not day_text or not clock_text:
            continue
        day = parse_day(day_text)  # type: ignore[operator]
        clock = parse_clock(clock_text)
        if isinstance(day, date) and clock is not None:
            return datetime.combine(day, clock)
    return None


def _iso_moment(text: str) -> datetime | None:
    if not re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}", text):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return moment.replace(microsecond=0)


def canonical_clock(t: time) -> str:
    return t.strftime("%H:%M:%S")


def canonical_moment(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def show_clock(stored: str, lang: Lang) -> str:
    """A stored time as people read it: 14:30 (seconds only when there are some)."""
    try:
        t = time.fromisoformat(stored)
    except ValueError:
        return stored
    return t.strftime("%H:%M:%S" if t.second else "%H:%M")


def show_moment(stored: str, lang: Lang) -> str:
    """A stored dateTime as people read it: 2026年8月1日 14:30 / 1 Aug 2026 14:30."""
    try:
        moment = datetime.fromisoformat(stored)
    except ValueError:
        return stored
    clock = show_clock(moment.time().isoformat(), lang)
    if lang == "zh":
        return f"{moment.year}年{moment.month}月{moment.day}日 {clock}"
    return f"{moment.day} {_EN_MONTHS[moment.month - 1]} {moment.year} {clock}"


def show_answer(qtype: str, stored: str, lang: Lang) -> str:
    """time and dateTime answers localised; any other answer as it is stored."""
    if not stored:
        return stored
    if qtype == "time":
        return show_clock(stored, lang)
    if qtype == "dateTime":
        return show_moment(stored, lang)
    return stored
