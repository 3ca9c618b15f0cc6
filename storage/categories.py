"""The categories of people on the register (优抚对象), as the domain brief names them.

Codes are stable ASCII (they travel in bundles and exports); labels are for people.
`priority` says whether a category is a key (重点) or general (一般) beneficiary; the families
the office also visits without them being on the benefit register are "other".

A town's sheet writes the names people use, not one fixed spelling: SYNONYMS is the reviewed
table of those names (each checked against the domain brief; add one only when it can mean
nothing else). 三属 is the group of the three survivors' categories: figures roll them up under
it, but a sheet that writes only 三属 does not say which of the three, so it is refused with the
three named.
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

# 三属: the survivors of servicemen, counted together in the town's summary.
SURVIVORS = ("martyr_survivor", "duty_death_survivor", "illness_death_survivor")
SURVIVORS_ZH = "三属"
SURVIVORS_EN = "Survivors (三属)"
GROUP_NAMES = frozenset({SURVIVORS_ZH, "三属人员", "三属对象", "三属家属", "survivors"})

# What towns write -> the category. Spaces and full-width parentheses are folded before lookup.
SYNONYMS: dict[str, str] = {
    "伤残军人": "disabled_serviceman", "残疾退役军人": "disabled_serviceman",
    "伤残退役军人": "disabled_serviceman", "残疾军人（伤残）": "disabled_serviceman",
    "复员军人": "old_demobilized", "在乡复员军人": "old_demobilized", "老复员": "old_demobilized",
    "病退军人": "illness_discharged", "带病回乡": "illness_discharged",
    "带病回乡退役军人": "illness_discharged", "病退": "illness_discharged",
    "烈属": "martyr_survivor", "烈士家属": "martyr_survivor",
    "因公牺牲遗属": "duty_death_survivor", "因公牺牲军人家属": "duty_death_survivor",
    "病故遗属": "illness_death_survivor", "病故军人家属": "illness_death_survivor",
    "参战参试": "combat_nuclear_veteran", "参战参试退役人员": "combat_nuclear_veteran",
    "参战退役人员": "combat_nuclear_veteran", "参试退役人员": "combat_nuclear_veteran",
    "参战人员": "combat_nuclear_veteran", "参试人员": "combat_nuclear_veteran",
    "烈士子女": "martyr_child_elderly", "老烈子": "martyr_child_elderly",
    "老年烈士子女（60周岁以上）": "martyr_child_elderly",
    "退役士兵": "elderly_retired_soldier", "农村老年退役士兵": "elderly_retired_soldier",
    "军属": "serving_soldier_family", "现役军人家庭": "serving_soldier_family",
    "义务兵家属": "serving_soldier_family", "义务兵家庭": "serving_soldier_family",
    "立功受奖家庭": "merit_family", "立功受奖军人家庭": "merit_family",
}
_FOLD = str.maketrans({"(": "（", ")": "）", " ": None, "\u3000": None})


def _fold(value: str) -> str:
    return value.strip().translate(_FOLD)


def find_category(value: str) -> Category | None:
    """A category by its code, Chinese or English name, or a name towns use (SYNONYMS)."""
    v = value.strip()
    if v in BY_CODE:
        return BY_CODE[v]
    low = v.lower()
    folded = _fold(v)
    for c in CATEGORIES:
        if folded == c.zh or low == c.en.lower():
            return c
    code = SYNONYMS.get(folded)
    return BY_CODE[code] if code else None


def is_group_name(value: str) -> bool:
    """三属 (or the like): a group, not a category a person can be entered under."""
    return _fold(value).lower() in GROUP_NAMES


def accepted_names(lang: str) -> str:
    """Every category a sheet may name, as a refusal lists them."""
    if lang == "zh":
        return "、".join(c.zh for c in CATEGORIES)
    return "; ".join(f"{c.zh} ({c.en})" for c in CATEGORIES)


def survivor_names(lang: str) -> str:
    if lang == "zh":
        return "、".join(BY_CODE[c].zh for c in SURVIVORS)
    return "; ".join(f"{BY_CODE[c].zh} ({BY_CODE[c].en})" for c in SURVIVORS)


def category_choices() -> dict[str, str]:
    """The parameters of a refusal that lists the accepted names, in both languages."""
    return {"accepted_zh": accepted_names("zh"), "accepted_en": accepted_names("en")}
