"""Realistic answers to the built-in checklists, entered through the survey engine.

For each kind of visit a planner decides what the volunteer found (a house's grade and what
follows from it, the money handed over at Army Day, a death found at the yearly verification),
as an *intent*: {question name: answer}, with repeats as lists of such dicts, possibly with
answers to questions that will turn out not to apply. `fill()` hands it to the survey engine,
which decides what is relevant (only those answers are kept) and computes the calculated
values; a visit the engine would not let a volunteer finalize is an error here, never written.
The rules live in the forms, not in this module.

Distributions follow what a town office sees: most houses are graded A or B, a few C or D with
repairs, rebuilds and subsidies; condolence money in round amounts like 500.00 or 800.00;
conscripts' families get their allowance, award winners' families their award; now and then a
verification finds a death or a move and proposes the register update.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from doorstep.demo.fill_cache import FillCache
from doorstep.demo.holidays import occasion_for
from doorstep.demo.messages import MESSAGES
from doorstep.demo.people import TOWN, VILLAGES, Household, mobile_phone
from doorstep.demo.records import CHINA_TZ
from doorstep.i18n import Lang, Message, UserError
from doorstep.survey import Checklist, Form, builtin_forms

Intent = dict[str, Any]


@dataclass(frozen=True)
class MadeVisit:
    form_id: str
    form_version: str
    answers: dict[str, Any]
    register_updates: dict[str, Any]
    minutes: int  # how long the visit took, for its start and end times
    outcome: str | None = None  # "deceased" / "moved" when a verification found so
    errors: dict[Any, list[str]] = field(default_factory=dict)  # a partial (draft) visit's gaps


class EngineRefused(UserError):
    """Generated answers that the checklist engine would not accept: a bug in demo/, not user input."""


def _age(household: Household, day: date) -> int:
    return day.year - int(household.birth_date[:4])


def _round_to(value: float, step: int) -> int:
    return max(step, int(round(value / step)) * step)


def _money(amount: float) -> str:
    return f"{amount:.2f}"


# --- home elderly-care service ------------------------------------------------------------------

OTHER_SERVICES = ("理发", "代购药品", "测量血压", "陪同就医", "修剪指甲", "代缴水电费")
URGENT_NEEDS = ("降压药快吃完了，需要代购", "冬季取暖需要帮助", "屋顶漏雨需要修补", "希望安排上门体检",
                "热水器坏了", "腿疼加重，想去县医院检查")
CARE_FOLLOWUPS = ("下周上门复查血压", "联系村医上门看看", "与子女商量照护安排", "下次带降压药过来",
                  "帮忙预约县医院门诊")


def plan_home_care(rng: random.Random, household: Household, day: date) -> Intent:
    age = _age(household, day)
    frail = min(1.0, max(0.0, (age - 60) / 40))  # 0 at 60, 1 at 100
    services = [s for s, p in (("cleaning", 0.55), ("laundry", 0.3), ("cooking", 0.35),
                               ("company", 0.75)) if rng.random() < p]
    if rng.random() < 0.06:
        services.append("other")
    if not services:
        services = [rng.choice(["company", "cleaning"])]
    minutes = sum(rng.choice([20, 30, 30, 40, 45]) for _ in services) + rng.choice([0, 5, 10, 15])
    intent: Intent = {
        "services": " ".join(services),
        "services_other": rng.choice(OTHER_SERVICES),
        "minutes": str(min(480, minutes)),
        "health": rng.choices(["good", "fair", "poor", "very_poor"],
                              weights=[35 - 20 * frail, 45, 15 + 15 * frail, 3 + 8 * frail])[0],
        "mobility": rng.choices(["independent", "needs_help", "bedridden"],
                                weights=[70 - 40 * frail, 25 + 20 * frail, 3 + 12 * frail])[0],
        "lives_alone": "yes" if len(household.members) == 1 else "no",
        "mood": rng.choices(["good", "fair", "low"], weights=[55, 35, 10])[0],
        "urgent_needs": rng.choice(URGENT_NEEDS) if rng.random() < 0.12 else "",
    }
    alone_in_bed = intent["mobility"] == "bedridden" and intent["lives_alone"] == "yes"
    must = bool(intent["urgent_needs"]) or alone_in_bed
    if must or intent["health"] == "very_poor" or rng.random() < 0.1:
        intent["followup_needed"] = "yes"
        intent["followup_note"] = intent["urgent_needs"] and f"落实：{intent['urgent_needs']}" \
            or rng.choice(CARE_FOLLOWUPS)
    else:
        intent["followup_needed"] = "no"
    return intent


# --- dilapidated-house inspection ----------------------------------------------------------------

STRUCTURE_YEARS = {"brick_concrete": (1982, 2020), "brick_wood": (1968, 1998),
                   "earth_wood": (1950, 1988), "stone": (1958, 1992), "frame": (1996, 2023),
                   "other": (1990, 2015)}
OTHER_STRUCTURES = ("彩钢板房", "木结构", "砖混加建彩钢顶")
OTHER_DANGERS = ("后墙受雨水冲刷", "电线老化裸露", "烟囱松动", "院墙倾斜")
HOUSE_FOLLOWUPS = {
    "repair": ("上报修缮补助申请，一个月内复查", "协调施工队修补屋顶和墙体裂缝"),
    "rebuild": ("上报翻建补助申请，尽快安排临时住处", "动员住户暂时搬到儿子家居住，上报翻建"),
    "none": ("雨季前再来看一次屋顶", "提醒住户检查电线"),
}


def plan_house_inspection(rng: random.Random, household: Household, day: date) -> Intent:
    structure = rng.choices(list(STRUCTURE_YEARS), weights=[45, 25, 15, 8, 6, 1])[0]
    low, high = STRUCTURE_YEARS[structure]
    year_built = rng.randint(low, min(high, day.year))
    old = (day.year - year_built) / 60  # older and earthen houses are graded worse
    weak = 1.5 if structure in ("earth_wood", "stone") else 1.0
    grade = rng.choices("ABCD", weights=[55 - 15 * old, 35, (5 + 6 * old) * weak, (1 + 3 * old) * weak])[0]
    walls, roof, foundation = {
        "A": ("intact", "intact", "stable"),
        "B": (rng.choice(["intact", "intact", "cracked"]), rng.choice(["intact", "leaking"]),
              rng.choice(["stable", "stable", "settled"])),
        "C": (rng.choice(["cracked", "cracked", "severe"]), rng.choice(["leaking", "damaged"]),
              rng.choice(["stable", "settled"])),
        "D": (rng.choice(["severe", "severe", "cracked"]), rng.choice(["damaged", "leaking"]),
              rng.choice(["settled", "severe"])),
    }[grade]
    signs = []
    if walls != "intact":
        signs.append("wall_cracks")
    if walls == "severe" and rng.random() < 0.6:
        signs.append("tilting")
    if roof == "damaged":
        signs.append("roof_collapse")
    if foundation != "stable" and grade in "CD":
        signs.append("foundation_sinking")
    if structure in ("earth_wood", "brick_wood") and grade in "CD" and rng.random() < 0.5:
        signs.append("rotten_beams")
    if grade in "CD" and rng.random() < 0.1:
        signs.append("other")
    if grade == "B" and rng.random() < 0.6:
        signs = []  # basically safe: small cracks are not yet a sign of danger
    if grade in "CD" and not signs:
        signs.append("wall_cracks")
    action = {"A": "none", "B": "repair" if rng.random() < 0.2 else "none",
              "C": "rebuild" if rng.random() < 0.25 else "repair", "D": "rebuild"}[grade]
    intent: Intent = {
        "structure": structure,
        "structure_other": rng.choice(OTHER_STRUCTURES),
        "year_built": str(year_built),
        "walls": walls, "roof": roof, "foundation": foundation,
        "danger_signs": " ".join(signs) or "none",
        "danger_other": rng.choice(OTHER_DANGERS),
        "grade": grade,
        "action": action,
    }
    if action == "rebuild":
        cost = _round_to(rng.uniform(60_000, 160_000), 1000)
        subsidy = min(cost, rng.choice([30_000, 40_000, 40_000, 50_000]))
    else:
        cost = _round_to(rng.uniform(6_000, 40_000), 100)
        subsidy = min(cost, rng.choice([5_000, 8_000, 10_000, 10_000, 15_000, 20_000]))
    intent["estimated_cost"] = _money(cost)
    intent["subsidy_requested"] = _money(subsidy)
    if grade in "CD" or action == "repair" or rng.random() < 0.05:
        intent["followup_needed"] = "yes"
        intent["followup_note"] = rng.choice(HOUSE_FOLLOWUPS[action])
    else:
        intent["followup_needed"] = "no"
    return intent


# --- condolence visit ------------------------------------------------------------------------------

OTHER_OCCASIONS = ("重阳节", "中秋节", "住院探望", "九十岁生日", "受灾慰问")
CONDOLENCE_NEEDS = ("希望帮忙申请医疗救助", "老房子漏雨，希望修一修", "孙子上学有困难",
                    "想了解优待金什么时候发", "希望村里帮忙安装扶手")


def plan_condolence(rng: random.Random, household: Household, day: date) -> Intent:
    occasion = occasion_for(day)
    items: list[dict[str, str]] = []
    category = household.category
    facts = household.facts
    if category == "serving_soldier_family" and facts.get("rank") == "义务兵" and occasion != "other":
        # The conscript's family allowance, half of the year's at each of the two holidays.
        items.append({"kind": "conscript_allowance",
                      "amount": _money(rng.choice([4000, 5000, 6000])), "count": "1"})
    if category == "merit_family" and occasion != "other":
        award = {"二等功": 5000, "三等功": 2000, "优秀士兵": 1000}.get(facts.get("award", ""), 2000)
        items.append({"kind": "merit_award", "amount": _money(award), "count": "1"})
    if household.priority == "key" and occasion != "other" and rng.random() < 0.35:
        items.append({"kind": "pension", "amount": _money(rng.choice([1200, 1500, 2000, 2600])),
                      "count": "1"})
    money = {"old_revolutionary": [1000, 2000], "key": [500, 800, 800, 1000],
             "general": [300, 500, 500], "other": [300, 500]}
    amounts = money.get(category) or money[household.priority]
    if not items or rng.random() < 0.8:
        items.append({"kind": "condolence_money", "amount": _money(rng.choice(amounts)), "count": "1"})
    if rng.random() < 0.6:
        parcels = rng.choice([1, 1, 2, 3])
        items.append({"kind": "gift", "gift_what": "大米、食用油", "count": str(parcels),
                      "gift_value": _money(150 * parcels)})
    intent: Intent = {
        "occasion": occasion,
        "occasion_other": rng.choice(OTHER_OCCASIONS),
        "items": items,
        "confirmed": "OK",
        "needs": rng.choice(CONDOLENCE_NEEDS) if rng.random() < 0.1 else "",
    }
    if intent["needs"]:
        intent["followup_needed"] = "yes"
        intent["followup_note"] = f"反映给村委会：{intent['needs']}"
    else:
        intent["followup_needed"] = "no"
    return intent


# --- annual register verification ----------------------------------------------------------------

NEW_HOMES = ("县城滨江花园{b}栋{u}单元{r}室", "县城阳光小区{b}栋{r}室", "市区建设路{n}号{b}栋{r}室")
NEEDS_NOTES = {"medical": "慢性病需要长期服药", "housing": "老房子需要修缮", "living": "收入低，生活困难",
               "care": "年纪大了，生活需要人照顾", "other": "希望了解优待政策"}
CATEGORY_CORRECTIONS = {
    "elderly_retired_soldier": "illness_discharged",
    "serving_soldier_family": "merit_family",
    "merit_family": "serving_soldier_family",
    "martyr_child_elderly": "martyr_survivor",
    "illness_discharged": "disabled_serviceman",
}


def plan_verification(rng: random.Random, household: Household, day: date) -> Intent:
    age = _age(household, day)
    p_death = 0.01 if age < 70 else 0.04 if age < 85 else 0.12
    status = rng.choices(["alive", "deceased", "moved"], weights=[1 - p_death - 0.05, p_death, 0.05])[0]
    intent: Intent = {"status": status}
    if status == "deceased":
        intent["death_date"] = (day - timedelta(days=rng.randint(3, 200))).isoformat()
        intent["needs"] = rng.choice(["none", "none", "living"])
        intent["followup_needed"] = "yes"
        intent["followup_note"] = "办理抚恤待遇停发，发放丧葬补助金"
        if intent["needs"] != "none":
            intent["needs_note"] = "老伴独自生活，收入低"
        return intent
    if status == "moved":
        if rng.random() < 0.5:
            intent["new_address"] = rng.choice(NEW_HOMES).format(
                b=rng.randint(1, 20), u=rng.randint(1, 4), r=rng.randint(101, 1802), n=rng.randint(1, 300))
        else:
            village = rng.choice([v for v in VILLAGES if v != household.village])
            intent["new_address"] = f"{TOWN}{village}{rng.randint(1, 8)}组{rng.randint(1, 80)}号"
    entitled = True
    if household.category == "serving_soldier_family" and household.facts.get("rank") == "士官" \
            and rng.random() < 0.3:
        entitled = False
        intent["entitlement_note"] = f"{household.facts.get('soldier', '子女')}已退出现役"
    elif rng.random() < 0.01:
        entitled = False
        intent["entitlement_note"] = "经核实不符合优抚条件"
    intent["still_entitled"] = "yes" if entitled else "no"
    correction = CATEGORY_CORRECTIONS.get(household.category)
    if entitled and correction and rng.random() < 0.03:
        intent["category_correct"] = "no"
        intent["new_category"] = correction
    else:
        intent["category_correct"] = "yes"
    if rng.random() < 0.1:
        intent["phone_correct"] = "no"
        intent["new_phone"] = mobile_phone(rng)
    else:
        intent["phone_correct"] = "yes"
    needs = [n for n, p in (("medical", 0.15 + 0.004 * max(0, age - 60)), ("housing", 0.05),
                            ("living", 0.06), ("care", 0.01 * max(0, age - 70)), ("other", 0.02))
             if rng.random() < p]
    intent["needs"] = " ".join(needs) or "none"
    if needs:
        intent["needs_note"] = "；".join(NEEDS_NOTES[n] for n in needs)
    if not entitled:
        intent["followup_needed"] = "yes"
        intent["followup_note"] = "核实后办理退出优抚对象手续"
    elif needs and rng.random() < 0.7:
        intent["followup_needed"] = "yes"
        intent["followup_note"] = f"跟进：{intent['needs_note']}"
    elif status == "moved" or "new_phone" in intent or "new_category" in intent:
        intent["followup_needed"] = "yes"
        intent["followup_note"] = "更新花名册信息"
    else:
        intent["followup_needed"] = "no"
    return intent


# --- house repair or rebuild: acceptance ------------------------------------------------------------

WORK_FOLLOWUPS = ("督促施工方加快进度，完工后再验收", "材料未到位，下月再来查看", "雨季停工，天晴后复工")


def plan_house_followup(rng: random.Random, household: Household, day: date) -> Intent:
    """Most repairs are small and finished; a rebuild takes a 30,000 to 50,000 yuan subsidy, and
    now and then a house goes over the year's quota or is not finished when the office calls."""
    work = "rebuild" if rng.random() < 0.3 else "repair"
    done = rng.random() < 0.8
    intent: Intent = {"work": work, "work_done": "yes" if done else "no"}
    if done:
        paid = rng.choice([30_000, 40_000, 50_000] if work == "rebuild" else [5_000, 8_000, 10_000, 15_000])
        intent.update({"finished_on": (day - timedelta(days=rng.randint(1, 30))).isoformat(),
                       "subsidy_paid": _money(paid), "within_quota": "yes" if rng.random() < 0.9 else "no",
                       "followup_needed": "no"})
    else:
        intent.update({"followup_needed": "yes", "followup_note": rng.choice(WORK_FOLLOWUPS)})
    return intent


# --- benefits delivered at the door ----------------------------------------------------------------


def plan_benefits(rng: random.Random, household: Household, day: date) -> Intent:
    """Medals for old revolutionaries and the very old, free health checks, heating in winter,
    medical and outpatient subsidies now and then: one entry per benefit, at least one."""
    entries: list[dict[str, str]] = []
    if household.category == "old_revolutionary" or (_age(household, day) >= 80 and rng.random() < 0.5):
        entries.append({"benefit": "medal", "count": "1"})
    if rng.random() < 0.4:
        entries.append({"benefit": "health_check", "count": "1"})
    if day.month in (11, 12, 1, 2, 3) and rng.random() < 0.6:
        entries.append({"benefit": "heating", "amount": _money(rng.choice([300, 400, 500])), "count": "1"})
    if rng.random() < 0.2:
        entries.append({"benefit": "medical_insurance", "amount": _money(rng.choice([280, 350, 380])),
                        "count": "1"})
    if rng.random() < 0.15:
        entries.append({"benefit": "outpatient", "amount": _money(rng.choice([200, 300, 500])), "count": "1"})
    if not entries:
        entries.append({"benefit": "health_check", "count": "1"})
    return {"benefits": entries, "confirmed": "OK", "followup_needed": "no"}


PLANNERS = {
    "home_care": plan_home_care,
    "house_followup": plan_house_followup,
    "benefits": plan_benefits,
    "house_inspection": plan_house_inspection,
    "condolence": plan_condolence,
    "verification": plan_verification,
}


# --- entering the intent through the engine --------------------------------------------------------


def _relevant_answers(cl: Checklist, keep: set[tuple[Any, ...]] | None = None) -> dict[str, Any]:
    """The answers of `cl` restricted to its relevant items (or to the slots in `keep`).

    Dropping an answer that is not relevant changes nothing else, because the engine already
    reads such a question as empty: what a volunteer never saw is not in the visit.
    """
    wanted = {item.slot for item in cl.items()} if keep is None else keep
    repeats = {item.slot[0] for item in cl.items() if item.type == "repeat"}
    out: dict[str, Any] = {}
    for name, value in cl.answers.items():
        if isinstance(value, list):
            if name in repeats:
                out[name] = [{k: v for k, v in row.items() if (name, i, k) in wanted and v != ""}
                             for i, row in enumerate(value)]
        elif (name,) in wanted and value != "":
            out[name] = value
    return out


def fill(form: Form, intent: Intent, *, day: date, lang: Lang = "zh", partial: bool = False,
         now: datetime | None = None) -> Checklist:
    """The checklist of `form` answered with `intent`, as the engine sees it on `day`.

    The engine decides which questions are relevant (only their answers are kept), computes
    the calculated values and validates everything. Raises EngineRefused unless the visit can
    be finalized. With `partial`, the volunteer stopped about half-way through the relevant
    questions, in the order the checklist asks them (a draft), which is not checked for
    completeness.
    """
    return _filled(form, intent, day=day, lang=lang, partial=partial, now=now)[1]


def _filled(form: Form, intent: Intent, *, day: date, lang: Lang = "zh", partial: bool = False,
            now: datetime | None = None) -> tuple[Checklist, Checklist]:
    """fill(), with the checklist of the intent as given: its items are the questions asked."""
    now = now or datetime.combine(day, time(10, 0), CHINA_TZ)
    given = Checklist(form, answers=intent, lang=lang, today=day, now=now)
    cl = Checklist(form, answers=_relevant_answers(given), lang=lang, today=day, now=now)
    if partial:
        asked = [item.slot for item in cl.items() if item.type not in ("note", "repeat")]
        keep = set(asked[: max(1, len(asked) // 2)])
        return given, Checklist(form, answers=_relevant_answers(cl, keep), lang=lang, today=day, now=now)
    errors = cl.errors()
    if errors:
        raise _refused(form, errors)
    return given, cl


def _refused(form: Form, errors: dict[Any, list[str]]) -> EngineRefused:
    text = "; ".join(f"{'/'.join(map(str, slot))}: {' '.join(msgs)}" for slot, msgs in errors.items())
    return EngineRefused(Message(MESSAGES, "engine_refused", {"form": form.id, "errors": text}))


class VisitMaker:
    """Makes visits of any built-in kind; holds the loaded forms so that each visit is cheap.

    With `cached`, finalized visits are answered from a FillCache when the engine has already
    filled one of the same pattern (the same answers it would give, see demo.fill_cache): what
    makes a million visits take minutes, not an hour.
    """

    def __init__(self, lang: Lang = "zh", forms: dict[str, Form] | None = None, *,
                 cached: bool = False) -> None:
        self.lang = lang
        self.forms = forms or builtin_forms()
        self.cache = FillCache(self._engine, self._checklist) if cached else None

    def _engine(self, form: Form, intent: Mapping[str, Any], day: date) -> tuple[Checklist, Checklist]:
        return _filled(form, dict(intent), day=day, lang=self.lang)

    def _checklist(self, form: Form, answers: Mapping[str, Any], day: date) -> Checklist:
        return Checklist(form, answers=answers, lang=self.lang, today=day,
                         now=datetime.combine(day, time(10, 0), CHINA_TZ))

    def make(self, form_id: str, rng: random.Random, household: Household, day: date, *,
             partial: bool = False) -> MadeVisit:
        form = self.forms[form_id]
        intent = PLANNERS[form_id](rng, household, day)
        if self.cache is not None and not partial:
            answers, updates = self.cache.answers(form, intent, day)
            return self._made(form, rng, intent, answers, updates, {})
        cl = fill(form, intent, day=day, lang=self.lang, partial=partial)
        return self._made(form, rng, intent, cl.answers, cl.register_updates(),
                          cl.errors() if partial else {})

    @staticmethod
    def _made(form: Form, rng: random.Random, intent: Intent, answers: dict[str, Any],
              updates: dict[str, Any], errors: dict[Any, list[str]]) -> MadeVisit:
        form_id = form.id
        if form_id == "home_care":
            minutes = int(answers.get("minutes") or 30) + rng.randint(5, 15)
        else:
            minutes = rng.randint(15, 45)
        outcome = intent["status"] if form_id == "verification" and intent["status"] != "alive" else None
        return MadeVisit(form_id, str(form.version), answers, updates, minutes, outcome, errors)
