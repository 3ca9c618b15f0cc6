"""The 居民身份证号码: the one identifier every government register shares.

Eighteen characters: the region (6 digits), the birth date (8), a sequence (3, odd for men,
even for women) and a check character (0-9 or X, ISO 7064 MOD 11-2). python-stdnum's cn.ric
checks all of it, the region against its table too. Full-width digits and a small x are what
a spreadsheet often holds; they are folded first. Shown to people masked (110101********1234)
unless the supervisor asks for it whole: it is personal information (PIPL).
"""

from __future__ import annotations

import unicodedata
from datetime import date

MASK = "*" * 8


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().replace(" ", "").upper()


def check(text: str) -> tuple[str, str]:
    """(the number as stored, "") or ("", why: "length" | "format" | "checksum" | "component")."""
    # Imported here: python-stdnum costs ~20 ms to import, and a laptop's start checks no number.
    from stdnum.cn import ric
    from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength, ValidationError

    number = fold(text)
    try:
        return ric.validate(number), ""
    except InvalidLength:
        return "", "length"
    except InvalidChecksum:
        return "", "checksum"
    except InvalidComponent:
        return "", "component"
    except ValidationError:
        return "", "format"


def birth_date(number: str) -> date:
    from stdnum.cn import ric

    return ric.get_birth_date(number)


def sex(number: str) -> str:
    """"male" or "female", from the 17th character (odd for men)."""
    return "male" if int(number[16]) % 2 else "female"


def mask(number: str) -> str:
    return number[:6] + MASK + number[-4:] if len(number) == 18 else number


def is_masked(text: str) -> bool:
    return MASK[:4] in fold(text)
