"""Realistic, made-up register data: households of a Chinese town's entitled beneficiaries.

Everything comes from a `random.Random` the caller passes in (never the global random state),
so a seed always gives the same people. Ages are counted back from `today`, so a demo made in
any year still has 90-year-old old revolutionaries and 20-year-old conscripts.

The people are fictional; names are drawn from common surnames and era-typical given names,
phones are well-formed mainland mobile numbers, ID numbers carry a valid GB 11643 check digit.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from doorstep.storage.categories import BY_CODE, CATEGORIES

TOWN = "河口镇"
VILLAGES: tuple[str, ...] = ("东湖村", "西山村", "南岭村", "北坪村", "中和村")
# Relative sizes of the villages (a town's villages are never all the same size).
VILLAGE_WEIGHTS: tuple[float, ...] = (1.3, 1.0, 0.9, 1.1, 0.7)
# The county part of the ID numbers (6-digit administrative code); fixed so IDs look local.
COUNTY_CODE = "421122"

# Common surnames, with rough weights (王李张刘陈 alone cover about a third of China).
SURNAMES: tuple[tuple[str, int], ...] = (
    ("王", 72), ("李", 71), ("张", 68), ("刘", 53), ("陈", 45), ("杨", 31), ("黄", 24), ("赵", 22),
    ("吴", 21), ("周", 20), ("徐", 17), ("孙", 15), ("马", 15), ("朱", 14), ("胡", 13), ("郭", 12),
    ("何", 12), ("高", 11), ("林", 11), ("罗", 10), ("郑", 10), ("梁", 9), ("谢", 8), ("宋", 7),
    ("唐", 7), ("许", 7), ("韩", 7), ("冯", 7), ("邓", 7), ("曹", 6), ("彭", 6), ("曾", 6),
    ("肖", 6), ("田", 5), ("董", 5), ("袁", 5), ("潘", 5), ("于", 5), ("蒋", 5), ("蔡", 5),
    ("余", 5), ("杜", 4), ("叶", 4), ("程", 4), ("魏", 4), ("苏", 4), ("吕", 4), ("丁", 4),
)

# Given names by the decade people were born in: names follow fashions.
GIVEN_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "old": {  # born before 1960
        "M": ("建国", "国庆", "德明", "春生", "长福", "玉山", "文华", "振华", "永祥", "德胜", "保国",
              "金山", "福生", "树林", "广才", "正德", "守义", "宝田", "茂林", "洪生", "立本", "家福"),
        "F": ("秀英", "桂兰", "玉兰", "淑珍", "凤英", "秀兰", "桂英", "翠花", "玉珍", "兰英", "素芬",
              "桂芳", "秀珍", "金凤", "玉梅", "冬梅", "春兰", "月娥", "爱莲", "凤兰"),
    },
    "middle": {  # born 1960-1989
        "M": ("伟", "磊", "勇", "军", "涛", "强", "斌", "建华", "晓东", "志刚", "海波", "卫东",
              "红军", "立新", "国平", "建军", "永红", "俊峰", "文军", "小平", "明亮", "志勇"),
        "F": ("丽", "静", "敏", "艳", "燕", "红梅", "海燕", "丽华", "晓红", "春燕", "玉霞", "桂华",
              "秀梅", "建英", "小琴", "彩霞", "慧敏", "亚琴"),
    },
    "young": {  # born 1990 or later
        "M": ("浩然", "宇轩", "俊杰", "思远", "博文", "子豪", "一鸣", "梓睿", "浩宇", "天佑", "铭泽",
              "皓轩", "明哲", "嘉豪", "振宇", "子墨"),
        "F": ("子涵", "梓萱", "欣怡", "佳怡", "雨桐", "诗涵", "可馨", "思琪", "语嫣", "梦瑶", "婉婷",
              "若曦", "雅琪", "一诺"),
    },
}

# Mainland mobile prefixes (China Mobile, Unicom, Telecom, Broadnet).
PHONE_PREFIXES: tuple[str, ...] = (
    "134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "157", "158", "159",
    "178", "182", "183", "187", "188", "198", "130", "131", "132", "155", "156", "166", "175",
    "176", "185", "186", "133", "153", "173", "177", "180", "181", "189", "191", "199", "192",
)

# How often each category appears on a town's register (general beneficiaries and conscripts'
# families are many; survivors of martyrs and old revolutionaries are few).
CATEGORY_WEIGHTS: dict[str, float] = {
    "disabled_serviceman": 8,
    "old_demobilized": 4,
    "illness_discharged": 6,
    "martyr_survivor": 3,
    "duty_death_survivor": 2,
    "illness_death_survivor": 3,
    "combat_nuclear_veteran": 7,
    "martyr_child_elderly": 5,
    "elderly_retired_soldier": 30,
    "serving_soldier_family": 18,
    "merit_family": 6,
    "old_revolutionary": 1,
}

# Age of the person on the register, by category (soldiers' parents: from the soldier's age),
# and the share who are men.
CATEGORY_AGES: dict[str, tuple[int, int]] = {
    "disabled_serviceman": (38, 88),
    "old_demobilized": (89, 99),
    "illness_discharged": (48, 75),
    "martyr_survivor": (62, 95),
    "duty_death_survivor": (45, 85),
    "illness_death_survivor": (55, 90),
    "combat_nuclear_veteran": (58, 84),
    "martyr_child_elderly": (60, 80),
    "elderly_retired_soldier": (60, 82),
    "old_revolutionary": (94, 102),
}
MALE_SHARE: dict[str, float] = {
    "disabled_serviceman": 0.97,
    "old_demobilized": 0.97,
    "illness_discharged": 0.95,
    "martyr_survivor": 0.25,
    "duty_death_survivor": 0.3,
    "illness_death_survivor": 0.25,
    "combat_nuclear_veteran": 0.97,
    "martyr_child_elderly": 0.55,
    "elderly_retired_soldier": 0.96,
    "serving_soldier_family": 0.6,
    "merit_family": 0.6,
    "old_revolutionary": 0.85,
}

DISABILITY_GRADES: tuple[str, ...] = ("一级", "二级", "三级", "四级", "五级", "六级", "七级", "八级",
                                      "九级", "十级")
# Lighter grades (higher numbers) are far more common than the heaviest.
DISABILITY_WEIGHTS: tuple[int, ...] = (1, 2, 3, 4, 6, 8, 12, 14, 12, 10)
DISABILITY_CAUSES: tuple[str, ...] = ("因战", "因公", "因病")
DISABILITY_KINDS: tuple[str, ...] = ("肢体残疾", "听力残疾", "视力残疾", "左下肢截肢", "右手功能障碍",
                                     "脊柱损伤", "颅脑外伤后遗症")
ILLNESSES: tuple[str, ...] = ("慢性肾炎", "风湿性心脏病", "肺结核", "精神分裂症", "慢性肝炎", "癫痫")
HEALTH_NOTES: tuple[str, ...] = ("患高血压", "患糖尿病", "腿脚不便", "听力下降", "患慢性支气管炎",
                                 "心脏不好，常年服药", "去年做过白内障手术", "腰椎间盘突出")


@dataclass(frozen=True)
class Member:
    """One person of a household; the person on the register is the one whose relation is 本人."""

    name: str
    relation: str
    gender: str  # "男" or "女", as a register writes it
    birth_year: int
    note: str = ""


@dataclass(frozen=True)
class Household:
    """One register entry: a beneficiary with the people living with them."""

    name: str
    gender: str
    birth_date: str  # YYYY-MM-DD
    id_number: str
    category: str  # a code of storage.categories
    priority: str  # key / general / other, from the category
    village: str
    address: str
    phone: str
    members: tuple[Member, ...]
    notes: str
    disability_grade: str | None = None  # 一级 ... 十级, only for disabled servicemen
    facts: dict[str, str] = field(default_factory=dict)  # enlisted year, martyr's name, ...


# --- small draws -------------------------------------------------------------------------------

_SURNAME_CHARS = [s for s, _ in SURNAMES]
_SURNAME_WEIGHTS = [w for _, w in SURNAMES]


def surname(rng: random.Random) -> str:
    return rng.choices(_SURNAME_CHARS, weights=_SURNAME_WEIGHTS)[0]


def given_name(rng: random.Random, gender: str, birth_year: int) -> str:
    era = "old" if birth_year < 1960 else "middle" if birth_year < 1990 else "young"
    return rng.choice(GIVEN_NAMES[era]["M" if gender == "男" else "F"])


def full_name(rng: random.Random, gender: str, birth_year: int, family: str | None = None) -> str:
    return (family or surname(rng)) + given_name(rng, gender, birth_year)


def mobile_phone(rng: random.Random) -> str:
    """An 11-digit mainland mobile number."""
    return rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def id_check_character(first17: str) -> str:
    """The GB 11643-1999 check character of a resident ID number (ISO 7064 MOD 11-2)."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return "10X98765432"[total % 11]


def id_number(rng: random.Random, birth: date, gender: str) -> str:
    """An 18-digit resident ID number: county code, birth date, sequence (odd for men), check."""
    seq = rng.randrange(0, 500) * 2 + (1 if gender == "男" else 0)
    first17 = f"{COUNTY_CODE}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_character(first17)


def birth_date(rng: random.Random, age: int, today: date) -> date:
    year = today.year - age
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    born = date(year, month, day)
    if born > today.replace(year=year):  # birthday still to come this year: one year older
        born = born.replace(year=year - 1)
    return born


# --- households --------------------------------------------------------------------------------


class _Addresses:
    """Hands out distinct house numbers per village: 东湖村3组17号."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[tuple[str, int, int]] = set()

    def next(self, village: str) -> str:
        groups = 8
        while True:
            group = self.rng.randint(1, groups)
            number = self.rng.randint(1, 60 + len(self.used) // 4)
            key = (village, group, number)
            if key not in self.used:
                self.used.add(key)
                return f"{TOWN}{village}{group}组{number}号"


def _category_facts(rng: random.Random, category: str, born: date, gender: str,
                    family: str) -> tuple[dict[str, str], str]:
    """Facts of a category (years served, the martyr's name, ...) and the note that tells them."""
    y = born.year
    facts: dict[str, str] = {}
    if category == "disabled_serviceman":
        enlisted = y + rng.randint(18, 21)
        cause = rng.choice(DISABILITY_CAUSES)
        kind = rng.choice(DISABILITY_KINDS)
        facts = {"enlisted": str(enlisted), "cause": cause, "kind": kind}
        return facts, f"{enlisted}年入伍，{cause}致残，{kind}"
    if category == "old_demobilized":
        enlisted = min(y + rng.randint(17, 20), 1954)
        left = enlisted + rng.randint(3, 6)
        facts = {"enlisted": str(enlisted), "demobilized": str(left)}
        return facts, f"{enlisted}年入伍，{left}年复员回乡"
    if category == "illness_discharged":
        enlisted = y + rng.randint(18, 20)
        illness = rng.choice(ILLNESSES)
        facts = {"enlisted": str(enlisted), "illness": illness}
        return facts, f"{enlisted}年入伍，服役期间患{illness}，带病回乡"
    if category in ("martyr_survivor", "duty_death_survivor", "illness_death_survivor"):
        # The person on the register is the fallen soldier's widow(er), parent or child.
        if gender == "女" and rng.random() < 0.6:
            relation, soldier_gender, soldier_family = "妻子", "男", surname(rng)
            died = y + rng.randint(22, 40)
        elif rng.random() < 0.5 and y < 1945:
            relation = "母亲" if gender == "女" else "父亲"
            soldier_gender, soldier_family = "男", family
            died = y + rng.randint(40, 50)
        else:
            relation = "女儿" if gender == "女" else "儿子"
            soldier_gender, soldier_family = "男", family
            died = y + rng.randint(0, 30) if y > 1950 else y + rng.randint(1, 10)
        soldier = full_name(rng, soldier_gender, y - 25, soldier_family)
        word = {"martyr_survivor": "烈士", "duty_death_survivor": "因公牺牲军人",
                "illness_death_survivor": "病故军人"}[category]
        event = {"martyr_survivor": "牺牲", "duty_death_survivor": "因公牺牲",
                 "illness_death_survivor": "病故"}[category]
        died = max(min(died, born.year + 70, 2020), 1950)
        facts = {"soldier": soldier, "relation_to_soldier": relation, "died": str(died)}
        short = {"妻子": "妻", "母亲": "母", "父亲": "父", "儿子": "子", "女儿": "女"}[relation]
        return facts, f"{word}{soldier}之{short}，{soldier}于{died}年{event}"
    if category == "combat_nuclear_veteran":
        if y >= 1955 and rng.random() < 0.7:
            facts = {"event": "对越自卫反击战", "year": str(max(y + 19, 1979))}
            return facts, f"{facts['year']}年参加对越自卫反击战"
        year = max(y + 19, 1964)
        facts = {"event": "核试验", "year": str(min(year, 1996))}
        return facts, f"{facts['year']}年参加核试验任务"
    if category == "martyr_child_elderly":
        father = full_name(rng, "男", y - 26, family)
        died = min(y + rng.randint(0, 8), 1978)
        facts = {"martyr": father, "died": str(died)}
        return facts, f"父亲{father}为烈士，{died}年牺牲"
    if category == "elderly_retired_soldier":
        enlisted = y + rng.randint(18, 21)
        left = enlisted + rng.randint(3, 5)
        facts = {"enlisted": str(enlisted), "retired": str(left)}
        return facts, f"{enlisted}年入伍，{left}年退伍"
    if category == "old_revolutionary":
        joined = y + rng.randint(15, 20)
        facts = {"joined": str(min(joined, 1949))}
        return facts, f"{facts['joined']}年参加革命工作"
    return facts, ""  # serving_soldier_family and merit_family: told by their soldier member


def _members(rng: random.Random, category: str, gender: str, born: date, family: str, today: date,
             facts: dict[str, str]) -> tuple[list[Member], list[str]]:
    """The rest of the household, and notes that follow from it (a soldier serving, ...)."""
    notes: list[str] = []
    members: list[Member] = []
    age = today.year - born.year
    spouse_gender = "女" if gender == "男" else "男"
    widowed = category in ("martyr_survivor", "duty_death_survivor", "illness_death_survivor") \
        and facts.get("relation_to_soldier") == "妻子"
    spouse_alive = not widowed and rng.random() < (0.85 if age < 70 else 0.55 if age < 85 else 0.25)
    if spouse_alive:
        sy = born.year + rng.randint(-3, 5) if gender == "男" else born.year - rng.randint(0, 5)
        members.append(Member(full_name(rng, spouse_gender, sy), "配偶", spouse_gender, sy))
    elif age >= 70 and not widowed:
        notes.append("丧偶")
    # Children take the father's surname (surnames here are one character).
    if gender == "男":
        child_family = family
    elif widowed:
        child_family = facts["soldier"][0]
    elif spouse_alive:
        child_family = members[0].name[0]
    else:
        child_family = surname(rng)
    if category in ("serving_soldier_family", "merit_family"):
        if category == "serving_soldier_family":
            # Enlistment is at 18 or later, in September; this year's only once September came.
            cy = int(facts["soldier_birth_year"])
            latest = today.year if today.month >= 9 else today.year - 1
            enlisted = min(latest, cy + 18 + rng.randint(0, 2))
            enlisted = max(enlisted, cy + 18, latest - 4)
        else:
            cy = int(facts["soldier_birth_year"])
        child_gender = "男" if rng.random() < 0.92 else "女"
        name = full_name(rng, child_gender, cy, child_family)
        relation = "儿子" if child_gender == "男" else "女儿"
        if category == "serving_soldier_family":
            # Conscripts serve two years; those who stay on become non-commissioned officers.
            rank = "义务兵" if today.year - enlisted <= 2 else "士官"
            note = f"现役，{enlisted}年9月入伍，{rank}"
            facts.update({"soldier": name, "enlisted": str(enlisted), "rank": rank})
            notes.append(f"{relation}{name}{enlisted}年入伍，{rank}")
        else:
            award = rng.choice(["三等功", "三等功", "三等功", "二等功", "优秀士兵"])
            year = today.year - rng.randint(0, 2)
            note = f"现役，{year}年荣立{award}" if award != "优秀士兵" else f"现役，{year}年被评为优秀士兵"
            facts.update({"soldier": name, "award": award, "award_year": str(year)})
            notes.append(f"{relation}{name}{year}年{'荣立' if award != '优秀士兵' else '被评为'}{award}")
        members.append(Member(name, relation, child_gender, cy, note))
        if rng.random() < 0.4:  # a grandparent lives with them
            gy = born.year - rng.randint(24, 30)
            gg = rng.choice(["男", "女"])
            members.append(Member(full_name(rng, gg, gy, family if gg == "男" else None),
                                  "父亲" if gg == "男" else "母亲", gg, gy))
        return members, notes
    if age >= 60:
        # An elder often lives with a son's family, or alone.
        if rng.random() < 0.45:
            cy = born.year + rng.randint(22, 32)
            cg = "男" if rng.random() < 0.7 else "女"
            members.append(Member(full_name(rng, cg, cy, child_family), "儿子" if cg == "男" else "女儿",
                                  cg, cy))
            if cg == "男" and rng.random() < 0.8:
                members.append(Member(full_name(rng, "女", cy + 1), "儿媳", "女", cy + rng.randint(-2, 3)))
            if rng.random() < 0.6:
                gy = cy + rng.randint(22, 30)
                if gy <= today.year - 3:
                    gg = rng.choice(["男", "女"])
                    members.append(Member(full_name(rng, gg, gy, child_family if cg == "男" else None),
                                          "孙子" if gg == "男" else "孙女", gg, gy))
        elif not spouse_alive:
            notes.append("独居")
    else:
        for _ in range(rng.choice([1, 1, 2])):
            cy = born.year + rng.randint(22, 34)
            if cy > today.year - 1:
                break
            cg = rng.choice(["男", "女"])
            members.append(Member(full_name(rng, cg, cy, child_family), "儿子" if cg == "男" else "女儿",
                                  cg, cy))
    return members, notes


def make_household(rng: random.Random, category: str, village: str, addresses: _Addresses,
                   today: date) -> Household:
    """One household of the given category in the given village."""
    soldier_age = None
    if category == "serving_soldier_family":  # the soldier's age sets the parent's
        soldier_age = rng.randint(19, 24)
        age = soldier_age + rng.randint(22, 32)
    elif category == "merit_family":
        soldier_age = rng.randint(20, 30)
        age = soldier_age + rng.randint(22, 30)
    else:
        low, high = CATEGORY_AGES[category]
        age = rng.randint(low, high)
    gender = "男" if rng.random() < MALE_SHARE[category] else "女"
    born = birth_date(rng, age, today)
    family = surname(rng)
    name = family + given_name(rng, gender, born.year)
    facts, category_note = _category_facts(rng, category, born, gender, family)
    if soldier_age is not None:
        facts["soldier_birth_year"] = str(today.year - soldier_age)
    members, member_notes = _members(rng, category, gender, born, family, today, facts)
    head = Member(name, "本人", gender, born.year)
    grade = None
    if category == "disabled_serviceman":
        grade = rng.choices(DISABILITY_GRADES, weights=DISABILITY_WEIGHTS)[0]
        category_note = f"{grade}残疾，{category_note}"
    notes = [n for n in (category_note, *member_notes) if n]
    if today.year - born.year >= 60 and rng.random() < 0.5:
        notes.append(rng.choice(HEALTH_NOTES))
    relations = {m.relation for m in members}
    if today.year - born.year >= 60 and relations == {"配偶"} and rng.random() < 0.5:
        notes.append("老两口同住，子女在外务工")
    elif relations & {"儿子", "儿媳"} and today.year - born.year >= 70 and rng.random() < 0.3:
        notes.append("由儿子一家照顾")
    phone = mobile_phone(rng)
    if today.year - born.year >= 85 and members and rng.random() < 0.7:
        carer = next((m for m in members if m.relation in ("儿子", "女儿", "儿媳")), None)
        if carer:
            notes.append(f"电话为{carer.relation}{carer.name}的手机")
    return Household(
        name=name,
        gender=gender,
        birth_date=born.isoformat(),
        id_number=id_number(rng, born, gender),
        category=category,
        priority=BY_CODE[category].priority,
        village=village,
        address=addresses.next(village),
        phone=phone,
        members=(head, *members),
        notes="；".join(notes),
        disability_grade=grade,
        facts=facts,
    )


def generate_households(rng: random.Random, count: int, today: date,
                        villages: Sequence[str] = VILLAGES) -> list[Household]:
    """`count` households spread over `villages`.

    When `count` allows, every village and every category appears at least once: the first
    households cycle through all categories and villages, the rest follow the town's weights.
    Names are distinct within the list as long as the name space allows (two 王建国 in one small
    register would confuse a demo; in 100,000 households namesakes are realistic and allowed).
    """
    addresses = _Addresses(rng)
    codes = [c.code for c in CATEGORIES]
    weights = [CATEGORY_WEIGHTS[c] for c in codes]
    village_weights = list(VILLAGE_WEIGHTS[: len(villages)]) + [1.0] * max(0, len(villages) - 5)
    forced = list(codes)
    rng.shuffle(forced)
    seen_names: set[str] = set()
    households: list[Household] = []
    for i in range(count):
        category = forced[i] if i < len(forced) else rng.choices(codes, weights=weights)[0]
        village = villages[i % len(villages)] if i < len(villages) \
            else rng.choices(list(villages), weights=village_weights)[0]
        for _attempt in range(20):
            household = make_household(rng, category, village, addresses, today)
            if household.name not in seen_names or count > 2000:
                break
        seen_names.add(household.name)
        households.append(household)
    return households
