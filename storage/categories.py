"""The categories of people on the register (优抚对象), as the domain brief names them.

Codes are stable ASCII (they travel in bundles and exports); labels are for people.
`priority` says whether a category is a key (重点) or general (一般) beneficiary; the families
the office also visits without them being on the benefit register are "other".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Priority = Literal["key", "general", "other"]


@dataclass(frozen=True)
class Category:
    code: str
    zh: str
    en: str
    priority: Priority


CATEGORIES: tuple[Category, ...] = (
    Category("disabled_serviceman", "残疾军人", "Disabled serviceman", "key"),
    Category("old_demobilized", "老复员军人", "Long-demobilised veteran", "key"),
    Category("illness_discharged", "带病回乡退伍军人", "Discharged because of illness", "key"),
    Category("martyr_survivor", "烈士遗属", "Martyr's survivor", "key"),
    Category("duty_death_survivor", "因公牺牲军人遗属", "Survivor of one who died on duty", "key"),
    Category("illness_death_survivor", "病故军人遗属", "Survivor of one who died of illness", "key"),
    Category("combat_nuclear_veteran", "参战参试人员", "Combat or nuclear-test veteran", "key"),
    Category("martyr_child_elderly", "老年烈士子女", "Elderly child of a martyr", "general"),
    Category("elderly_retired_soldier", "老年退役士兵", "Elderly retired soldier", "general"),
    Category("serving_soldier_family", "现役军人家属", "Family of a serving soldier", "other"),
    Category("merit_family", "立功受奖人员家庭", "Family of a merit or award winner", "other"),
    Category("old_revolutionary", "老革命", "Surviving old revolutionary", "other"),
)

BY_CODE: dict[str, Category] = {c.code: c for c in CATEGORIES}


def find_category(value: str) -> Category | None:
    """A category by its code, Chinese or English name (as typed in an imported sheet)."""
    v = value.strip()
    if v in BY_CODE:
        return BY_CODE[v]
    low = v.lower()
    for c in CATEGORIES:
        if v == c.zh or low == c.en.lower():
            return c
    return None
