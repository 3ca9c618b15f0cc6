"""More of ODK's XPath functions: maths, strings, dates and repeat lookups.

What the built-in checklists never needed but real XLSForms do (min/max, pow, sqrt, the
trigonometric functions, format-date, decimal-date-time, indexed-repeat, ...). Each follows ODK's
documented behaviour on empty and odd input: a bad number gives NaN, never an exception, because
an exception in a relevance would take the volunteer's screen down.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from doorstep.survey.evaluate import _EPOCH, parse_date, to_bool, to_number, to_string

Value = Any
_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")
_EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _flat(args: tuple[Value, ...]) -> list[float]:
    out: list[float] = []
    for a in args:
        if isinstance(a, tuple):
            out.extend(to_number(x) for x in a)
        else:
            out.append(to_number(a))
    return out


def _min(*args: Value) -> float:
    values = _flat(args)
    return math.nan if not values or any(math.isnan(v) for v in values) else min(values)


def _max(*args: Value) -> float:
    values = _flat(args)
    return math.nan if not values or any(math.isnan(v) for v in values) else max(values)


def _safe(fn: Callable[..., float]) -> Callable[..., float]:
    def wrapped(*args: Value) -> float:
        try:
            result = fn(*(to_number(a) for a in args))
        except (ValueError, OverflowError, ZeroDivisionError):
            return math.nan
        return float(result)
    return wrapped


def _pow(x: float, y: float) -> float:
    if math.isnan(x) or math.isnan(y):
        return math.nan
    try:
        return math.pow(x, y)
    except OverflowError:
        return math.inf
    except ValueError:
        return math.nan


def _log(x: float) -> float:
    return math.log(x) if x > 0 else (-math.inf if x == 0 else math.nan)


def _log10(x: float) -> float:
    return math.log10(x) if x > 0 else (-math.inf if x == 0 else math.nan)


def _round_towards(fn: Callable[[float], int]) -> Callable[[Value], float]:
    def wrapped(v: Value) -> float:
        x = to_number(v)
        return x if not math.isfinite(x) else float(fn(x))
    return wrapped


def _as_datetime(v: Value) -> datetime | None:
    if isinstance(v, datetime):
        return v
    if isinstance(v, date):
        return datetime(v.year, v.month, v.day)
    if isinstance(v, str):
        text = v.strip()
        d = parse_date(text)
        if d is not None:
            return datetime(d.year, d.month, d.day)
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            pass
    if isinstance(v, float | int) and not isinstance(v, bool) and math.isfinite(v) and abs(v) < 3e6:
        return datetime(1970, 1, 1) + timedelta(days=float(v))
    return None


def _format_date(v: Value, fmt: Value) -> str:
    """format-date(date, '%Y-%m-%d'): ODK's directives %Y %y %m %n %b %d %e %a %H %h %M %S %3."""
    moment = _as_datetime(v)
    if moment is None:
        return ""
    pattern = to_string(fmt)
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch != "%" or i + 1 >= len(pattern):
            out.append(ch)
            i += 1
            continue
        code = pattern[i + 1]
        i += 2
        out.append({
            "Y": f"{moment.year:04d}", "y": f"{moment.year % 100:02d}", "m": f"{moment.month:02d}",
            "n": str(moment.month), "b": _EN_MONTHS[moment.month - 1][:3], "d": f"{moment.day:02d}",
            "e": str(moment.day), "a": _EN_DAYS[moment.weekday()][:3], "H": f"{moment.hour:02d}",
            "h": str(moment.hour), "M": f"{moment.minute:02d}", "S": f"{moment.second:02d}",
            "3": f"{moment.microsecond // 1000:03d}", "%": "%",
        }.get(code, "%" + code))
    return "".join(out)


def _decimal_date_time(v: Value) -> float:
    moment = _as_datetime(v)
    if moment is None:
        return math.nan
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return (moment - datetime(1970, 1, 1)).total_seconds() / 86400


def _decimal_time(v: Value) -> float:
    text = to_string(v).strip()
    try:
        t = time.fromisoformat(text[:8]) if len(text) >= 5 else None
    except ValueError:
        t = None
    if t is None:
        return math.nan
    return (t.hour * 3600 + t.minute * 60 + t.second) / 86400


def _date_time(v: Value) -> Value:
    moment = _as_datetime(v)
    return moment if moment is not None else ""


def _indexed_repeat(values: Value, _repeat: Value, index: Value) -> Value:
    """indexed-repeat(${field}, ${repeat}, n): the field's value in the repeat's n-th entry (from 1)."""
    n = to_number(index)
    items = values if isinstance(values, tuple) else (values,)
    if not math.isfinite(n) or n != int(n) or not 1 <= n <= len(items):
        return ""
    return items[int(n) - 1]


def _substring_before(a: Value, b: Value) -> str:
    text, sep = to_string(a), to_string(b)
    i = text.find(sep)
    return text[:i] if i >= 0 and sep else ""


def _substring_after(a: Value, b: Value) -> str:
    text, sep = to_string(a), to_string(b)
    i = text.find(sep)
    return text[i + len(sep):] if i >= 0 else ""


def _translate(s: Value, a: Value, b: Value) -> str:
    src, dst = to_string(a), to_string(b)
    table: dict[int, int | None] = {}
    for i, ch in enumerate(src):
        table.setdefault(ord(ch), ord(dst[i]) if i < len(dst) else None)
    return to_string(s).translate(table)


def _join(sep: Value, *args: Value) -> str:
    parts: list[str] = []
    for a in args:
        parts.extend(to_string(x) for x in (a if isinstance(a, tuple) else (a,)))
    return to_string(sep).join(parts)


def _distinct_values(v: Value) -> tuple[str, ...]:
    # XPath 2.0's distinct-values(), as JavaRosa has it: each value once, in the order met.
    items = v if isinstance(v, tuple) else (v,)
    return tuple(dict.fromkeys(to_string(x) for x in items))


def _count_non_empty(v: Value) -> float:
    items = v if isinstance(v, tuple) else (v,)
    return float(sum(1 for x in items if to_string(x) != ""))


def _boolean_from_string(v: Value) -> bool:
    return to_string(v).strip().lower() in ("true", "1")


def _days(v: Value) -> float:
    d = v if isinstance(v, date) else parse_date(to_string(v))
    return float((d - _EPOCH).days) if isinstance(d, date) else to_number(v)


def _uuid() -> str:
    import uuid

    return str(uuid.uuid4())


def _random() -> float:
    import secrets

    return secrets.randbelow(1 << 53) / (1 << 53)


MORE_FUNCTIONS: dict[str, tuple[Callable[..., Value] | None, int, int | None]] = {
    "uuid": (_uuid, 0, 1),  # usually inside once(), so that the value is kept
    "random": (_random, 0, 0),
    "min": (_min, 1, None),
    "max": (_max, 1, None),
    "pow": (lambda x, y: _pow(to_number(x), to_number(y)), 2, 2),
    "sqrt": (_safe(math.sqrt), 1, 1),
    "exp": (_safe(math.exp), 1, 1),
    "exp10": (_safe(lambda x: 10.0 ** x), 1, 1),
    "log": (lambda x: _log(to_number(x)), 1, 1),
    "log10": (lambda x: _log10(to_number(x)), 1, 1),
    "sin": (_safe(math.sin), 1, 1),
    "cos": (_safe(math.cos), 1, 1),
    "tan": (_safe(math.tan), 1, 1),
    "asin": (_safe(math.asin), 1, 1),
    "acos": (_safe(math.acos), 1, 1),
    "atan": (_safe(math.atan), 1, 1),
    "atan2": (_safe(math.atan2), 2, 2),
    "pi": (lambda: math.pi, 0, 0),
    "abs": (_safe(abs), 1, 1),
    "floor": (_round_towards(math.floor), 1, 1),
    "ceiling": (_round_towards(math.ceil), 1, 1),
    "format-date": (_format_date, 2, 2),
    "format-date-time": (_format_date, 2, 2),
    "decimal-date-time": (_decimal_date_time, 1, 1),
    "decimal-time": (_decimal_time, 1, 1),
    "date-time": (_date_time, 1, 1),
    "days": (_days, 1, 1),
    "indexed-repeat": (_indexed_repeat, 3, 3),
    "substring-before": (_substring_before, 2, 2),
    "substring-after": (_substring_after, 2, 2),
    "ends-with": (lambda a, b: to_string(a).endswith(to_string(b)), 2, 2),
    "normalize-space": (lambda s: " ".join(to_string(s).split()), 1, 1),
    "translate": (_translate, 3, 3),
    "join": (_join, 1, None),
    "count-non-empty": (_count_non_empty, 1, 1),
    "distinct-values": (_distinct_values, 1, 1),
    "boolean-from-string": (_boolean_from_string, 1, 1),
    "string-length": (lambda s: float(len(to_string(s))), 1, 1),
    "uppercase": (lambda s: to_string(s).upper(), 1, 1),
    "lowercase": (lambda s: to_string(s).lower(), 1, 1),
    "checklist": (lambda lo, hi, *xs: (lambda n: (to_number(lo) < 0 or n >= to_number(lo)) and
                                       (to_number(hi) < 0 or n <= to_number(hi)))(
        sum(1 for x in xs if to_bool(x))), 2, None),
}
