"""Chinese phone numbers as a register holds them: checked and written one way.

Accepted (after NFKC, so full-width digits and hyphens typed through an input method count):
- an 11-digit mobile number starting with 1 and then 3-9, with an optional +86 / 0086 prefix and
  any spaces or hyphens a person puts between the digits ("138 0013 8000");
- a landline with its area code: 010 or 02X followed by 8 digits, or a 4-digit area code 03XX-09XX
  followed by 7 or 8 digits, with an optional hyphen or space after the area code; the local
  number never starts with 0 or 1.
Several numbers in one cell are separated by / ; , or 、 (half- or full-width).

Mobiles are stored as their 11 digits, landlines as AREA-LOCAL ("0731-84123456"), several numbers
joined by " / ". The same rule as the verification checklist's constraint on a new phone number.
"""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[/;,、]")
_MOBILE = re.compile(r"(?:\+86|0086|86)?(1[3-9][0-9]{9})")
_LANDLINE = re.compile(r"(0(?:10|2[0-9]))([2-9][0-9]{7})|(0[3-9][0-9]{2})([2-9][0-9]{6,7})")


def normalize_phone(raw: str) -> str | None:
    """The stored form of `raw` (one or several numbers), "" for an empty cell, None if not valid."""
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        return ""
    numbers = []
    for part in _SEPARATORS.split(text):
        number = _one(part)
        if number is None:
            return None
        numbers.append(number)
    return " / ".join(numbers)


def _one(part: str) -> str | None:
    compact = part.strip()
    if not compact:
        return None
    mobile = _MOBILE.fullmatch(re.sub(r"[ \-]", "", compact))
    if mobile:
        return mobile.group(1)
    # A landline: at most one hyphen or space, and only right after the area code.
    landline = _LANDLINE.fullmatch(re.sub(r"^(0[0-9]{2,3})[ \-]", r"\1", compact))
    if landline:
        area, local = (landline.group(1), landline.group(2)) if landline.group(1) else (
            landline.group(3), landline.group(4))
        return f"{area}-{local}"
    return None
