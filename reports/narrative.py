"""The narrative work summary (工作总结): prose in the town's usual shape, figures filled in.

The text is built as segments, plain text and numbers that remember their figure, so Markdown
prints the numbers as they are and HTML can mark each one with its figure id (traceable from
the page itself). The shape follows the office's annual summary: the register, the work done
by kind, follow-ups, then the plan for the next period drawn from what is still to do.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from doorstep.reports import fields as f
from doorstep.reports.figures import Summary
from doorstep.reports.messages import t
from doorstep.reports.period import Period
from doorstep.reports.vocabulary import Vocabulary, format_value
from doorstep.storage import entered as hand
from doorstep.storage.categories import BY_CODE, SURVIVORS


@dataclass(frozen=True)
class Num:
    """A number in the text, with the figure it comes from."""

    figure_id: str
    text: str


Segment = str | Num
Paragraph = list[Segment]


@dataclass
class Section:
    heading: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    level: int = 2


@dataclass
class Narrative:
    title: str
    subtitle: str
    sections: list[Section]


def period_text(period: Period, vocab: Vocabulary) -> str:
    lang = vocab.lang
    if period.start and period.end:
        return t("period.both", lang, start=vocab.date(period.start), end=vocab.date(period.end))
    if period.start:
        return t("period.from", lang, start=vocab.date(period.start))
    if period.end:
        return t("period.to", lang, end=vocab.date(period.end))
    return t("period.all", lang)


def place_text(summary: Summary, vocab: Vocabulary) -> str:
    """The office's name (a village of it, with --village): what the town's summary is about."""
    if summary.village is not None:
        return f"{vocab.office}{summary.village}" if vocab.office and vocab.lang == "zh" else (
            f"{summary.village}, {vocab.office}" if vocab.office else summary.village)
    return vocab.office or t("all_villages", vocab.lang)


class _Writer:
    def __init__(self, summary: Summary, vocab: Vocabulary) -> None:
        self.s = summary
        self.vocab = vocab
        self.lang = vocab.lang

    def num(self, figure_id: str) -> Num:
        figure = self.s.figure(figure_id)
        return Num(figure_id, self.vocab.format_value(figure))

    def fill(self, key: str, /, **params: Segment | Sequence[Segment]) -> Paragraph:
        """The message `key` with its {fields} replaced by text, numbers or lists of segments."""
        out: Paragraph = []
        for literal, name, _spec, _conv in string.Formatter().parse(t(key, self.lang)):
            if literal:
                out.append(literal)
            if name is None:
                continue
            value = params[name]
            if isinstance(value, str | Num):
                out.append(value)
            else:
                out.extend(value)
        return out

    def join(self, items: Sequence[Paragraph]) -> Paragraph:
        if not items:
            return [t("nar.none", self.lang)]
        sep = t("nar.list_sep", self.lang)
        out: Paragraph = []
        for i, item in enumerate(items):
            if i:
                out.append(sep)
            out.extend(item)
        return out

    def items(self, key: str, figure_ids: Sequence[str], param: str, *, skip_zero: bool = True) -> Paragraph:
        """"label n" for each figure, joined: "清扫卫生3次、洗衣2次"."""
        parts = []
        for figure_id in figure_ids:
            figure = self.s.figure(figure_id)
            if skip_zero and not figure.value:
                continue
            label = self.vocab.param(param, figure.param(param)) if param else self.vocab.figure_label(figure)
            parts.append(self.fill(key, label=label, n=self.num(figure_id)))
        return self.join(parts)

    def value(self, figure_id: str) -> int:
        return int(self.s.figure(figure_id).value or 0)

    def money(self, figure_id: str) -> Num:
        """Yuan as a town writes them: 万元 from ten thousand up (two decimals), else 元."""
        amount = Decimal(self.s.figure(figure_id).value or 0)
        if self.lang != "zh":
            return Num(figure_id, f"{amount:,.2f} yuan")
        if amount >= 10000:
            wan = (amount / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            return Num(figure_id, f"{wan:,}万元")
        return Num(figure_id, f"{amount:,.2f}元")

    def has(self, kind: str) -> bool:
        """Whether any visit of this kind was made in the period (else: say "no data", not 0)."""
        return kind in self.s.kinds and bool(self.value(f"visits.by_kind.{kind}"))


def _categories(w: _Writer) -> Paragraph:
    """By category, 三属 rolled up: "残疾军人1人、三属2人（烈士遗属1人、因公牺牲军人遗属1人）"."""
    s, parts = w.s, []
    survivors = [c for c in s.categories if c in SURVIVORS and w.value(f"register.category.{c}")]
    for code in s.categories:
        if code in SURVIVORS:
            if code == SURVIVORS[0] and survivors:
                inner = w.items("nar.item_people", [f"register.category.{c}" for c in survivors], "category")
                parts.append(w.fill("nar.item_group", label=t("nar.survivors", w.lang),
                                    n=w.num("register.group.survivors"), list=inner))
            continue
        category = BY_CODE.get(code)
        if w.value(f"register.category.{code}") and (category is None or category.priority != "other"):
            parts.append(w.fill("nar.item_people", label=w.vocab.category(code),
                                n=w.num(f"register.category.{code}")))
    return w.join(parts)


def _other_work(w: _Writer) -> Section:
    """Figures entered by hand (storage.entered), each with its source; the rest named as missing."""
    s, lang = w.s, w.lang
    section = Section(t("nar.h.other", lang), level=3)
    if s.village is not None:
        section.paragraphs.append([t("nar.entered_village", lang)])
        return section
    given: list[Paragraph] = []
    missing: list[Paragraph] = []
    for kind in hand.KINDS:
        count = s.figure(f"entered.count.{kind.code}")
        if count.value is None:
            missing.append([kind.label(lang)])
            continue
        n = w.num(count.id)
        if kind.money:
            value = w.fill("nar.entered.money", amount=w.money(f"entered.amount.{kind.code}"), n=n)
        else:
            value = w.fill(f"nar.entered.{kind.counts}", n=n)
        source = t("nar.list_sep", lang).join(hand.describe(s.entered[i], lang) for i in count.sources)
        given.append(w.fill("nar.item_entered", label=kind.label(lang), value=value, source=source))
    if given:
        section.paragraphs.append(w.fill("nar.entered", list=w.join(given)))
        if missing:
            section.paragraphs.append(w.fill("nar.entered_missing", list=w.join(missing)))
    else:
        section.paragraphs.append(w.fill("nar.entered_none", list=w.join(missing)))
    return section


def build_narrative(summary: Summary, vocab: Vocabulary, today: date | None = None) -> Narrative:
    w = _Writer(summary, vocab)
    s, lang = summary, vocab.lang
    place = place_text(summary, vocab)
    period = period_text(summary.period, vocab)
    sections: list[Section] = []

    basics = Section(t("nar.h.basics", lang))
    basics.paragraphs.append(w.fill("nar.register", place=place, total=w.num("register.beneficiaries"),
                                    key=w.num("register.priority.key"),
                                    general=w.num("register.priority.general")))
    if w.value("register.priority.other"):
        basics.paragraphs.append(w.fill("nar.others", other=w.num("register.priority.other")))
    if w.value("register.beneficiaries"):
        basics.paragraphs.append(w.fill("nar.categories", list=_categories(w)))
        if w.value("register.age.unknown") == w.value("register.beneficiaries"):
            basics.paragraphs.append([t("nar.ages_none", lang)])
        elif w.value("register.age.unknown"):
            basics.paragraphs.append(w.fill("nar.ages_some", n=w.num("register.age.60_plus"),
                                            unknown=w.num("register.age.unknown")))
        else:
            basics.paragraphs.append(w.fill("nar.ages", n=w.num("register.age.60_plus")))
    if w.value("register.deaths"):
        basics.paragraphs.append(w.fill("nar.deaths", period=period, n=w.num("register.deaths")))
    sections.append(basics)

    work = Section(t("nar.h.work", lang))
    if w.value("visits.total"):
        work.paragraphs.append(w.fill("nar.visits", period=period, total=w.num("visits.total"),
                                      households=w.num("households.reached"),
                                      list=w.items("nar.item_times", [f"visits.by_kind.{k}" for k in s.kinds],
                                                   "kind")))
    else:
        work.paragraphs.append(w.fill("nar.visits_none", period=period))
    if w.value("coverage.key.total") and not w.value("coverage.key.not_visited"):
        work.paragraphs.append(w.fill("nar.coverage_all", total=w.num("coverage.key.total")))
    elif w.value("coverage.key.total"):
        work.paragraphs.append(w.fill("nar.coverage", total=w.num("coverage.key.total"),
                                      visited=w.num("coverage.key.visited"),
                                      share=w.num("coverage.key.share"),
                                      missing=w.num("coverage.key.not_visited")))
    else:
        work.paragraphs.append([t("nar.coverage_none", lang)])
    sections.append(work)

    care = Section(t("nar.h.care", lang), level=3)
    if w.has(f.HOME_CARE):
        minutes = w.value("home_care.minutes")
        hours = (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        care.paragraphs.append(w.fill("nar.care", households=w.num("home_care.households"),
                                      visits=w.num(f"visits.by_kind.{f.HOME_CARE}"),
                                      minutes=w.num("home_care.minutes"),
                                      hours=Num("home_care.minutes", f"{hours:,}")))
        care.paragraphs.append(w.fill("nar.care_services", list=w.items(
            "nar.item_times", [f"home_care.services.{x}" for x in s.services], "service")))
    else:
        care.paragraphs.append([t("nar.care_none", lang)])
    sections.append(care)

    houses = Section(t("nar.h.houses", lang), level=3)
    if w.has(f.HOUSE_INSPECTION):
        houses.paragraphs.append(w.fill(
            "nar.houses", inspected=w.num("houses.inspected"),
            grades=w.items("nar.item_houses", [f"houses.grade.{g}" for g in s.grades], "grade"),
            repair=w.num(f"houses.action.{f.REPAIR}"), rebuild=w.num(f"houses.action.{f.REBUILD}"),
            cost=w.money("houses.estimated_cost"), subsidy=w.money("houses.subsidy_requested")))
    else:
        houses.paragraphs.append([t("nar.houses_none", lang)])
    if w.value(f"houses.done.{f.REPAIR}") or w.value(f"houses.done.{f.REBUILD}"):
        houses.paragraphs.append(w.fill("nar.houses_done", repair=w.num(f"houses.done.{f.REPAIR}"),
                                        rebuild=w.num(f"houses.done.{f.REBUILD}"),
                                        paid=w.money("houses.subsidy_paid")))
        if w.value("houses.outside_quota"):
            houses.paragraphs.append(w.fill("nar.houses_outside", n=w.num("houses.outside_quota")))
    else:
        houses.paragraphs.append([t("nar.houses_done_none", lang)])
    sections.append(houses)

    money = Section(t("nar.h.money", lang), level=3)
    if w.has(f.CONDOLENCE):
        occasions = [w.fill("nar.item_occasion", label=vocab.param("occasion", o),
                            n=w.num(f"condolence.visits.{o}"), households=w.num(f"condolence.households.{o}"))
                     for o in s.occasions if w.value(f"condolence.visits.{o}")]
        money.paragraphs.append(w.fill("nar.occasions", list=w.join(occasions)))
    parts = []
    for k in s.money_kinds:
        label = vocab.param("item_kind", k)
        if s.figure(f"money.kind_total.{k}").value:
            parts.append(w.fill("nar.item_money", label=label, amount=w.money(f"money.kind_total.{k}"),
                                n=w.num(f"money.kind_households.{k}")))
        elif s.figure(f"money.kind_items.{k}").value:
            parts.append(w.fill("nar.item_gifts", label=label, items=w.num(f"money.kind_items.{k}"),
                                n=w.num(f"money.kind_households.{k}")))
    if parts:
        money.paragraphs.append(w.fill("nar.money", total=w.money("money.total"),
                                       households=w.num("money.households"), list=w.join(parts)))
    else:
        money.paragraphs.append([t("nar.money_none", lang)])
    sections.append(money)

    benefits = Section(t("nar.h.benefits", lang), level=3)
    given = []
    for b in s.benefits:
        label = vocab.param("benefit", b)
        if s.figure(f"benefits.total.{b}").value:
            given.append(w.fill("nar.item_money", label=label, amount=w.money(f"benefits.total.{b}"),
                                n=w.num(f"benefits.households.{b}")))
        elif s.figure(f"benefits.items.{b}").value:
            given.append(w.fill("nar.item_gifts", label=label, items=w.num(f"benefits.items.{b}"),
                                n=w.num(f"benefits.households.{b}")))
    if given:
        benefits.paragraphs.append(w.fill("nar.benefits", households=w.num("benefits.households_all"),
                                          list=w.join(given), total=w.money("benefits.amount")))
    else:
        benefits.paragraphs.append([t("nar.benefits_none", lang)])
    sections.append(benefits)

    paid = Section(t("nar.h.payments", lang), level=3)
    if w.value("payments.sheets"):
        items = [w.fill("nar.item_paid", label=t(f"payment.{k}", lang), amount=w.money(f"payments.total.{k}"),
                        n=w.num(f"payments.people.{k}")) for k in ("pension", "living_allowance")
                 if w.value(f"payments.people.{k}")]
        paid.paragraphs.append(w.fill("nar.payments", list=w.join(items)))
    else:
        paid.paragraphs.append([t("nar.payments_none", lang)])

    checks = Section(t("nar.h.verification", lang), level=3)
    if w.has(f.VERIFICATION):
        checks.paragraphs.append(w.fill("nar.verification", total=w.num(f"visits.by_kind.{f.VERIFICATION}"),
                                        list=w.items("nar.item_checks",
                                                     [f"verification.status.{x}" for x in s.statuses],
                                                     "status")))
    else:
        checks.paragraphs.append([t("nar.verification_none", lang)])
    sections.append(checks)
    sections.append(paid)

    sections.append(_other_work(w))

    followups = Section(t("nar.h.followups", lang))
    if w.value("followups.raised") and not w.value("followups.open"):
        followups.paragraphs.append(w.fill("nar.followups_closed", raised=w.num("followups.raised")))
    elif w.value("followups.raised") or w.value("followups.open"):
        followups.paragraphs.append(w.fill("nar.followups", raised=w.num("followups.raised"),
                                           open=w.num("followups.open")))
    else:
        followups.paragraphs.append([t("nar.followups_none", lang)])
    sections.append(followups)

    plan = Section(t("nar.h.plan", lang))
    steps: list[Paragraph] = []
    if w.value("coverage.key.not_visited"):
        steps.append(w.fill("nar.plan.coverage", missing=w.num("coverage.key.not_visited")))
    if w.value("followups.open"):
        steps.append(w.fill("nar.plan.followups", open=w.num("followups.open")))
    if w.value("houses.waiting"):
        steps.append(w.fill("nar.plan.houses", n=w.num("houses.waiting")))
    steps.append([t("nar.plan.care", lang)])
    for number, step in enumerate(steps, start=1):
        plan.paragraphs.append([f"{number}. ", *step])
    sections.append(plan)

    today = today or date.today()
    return Narrative(title=t("nar.title", lang, place=place),
                     subtitle=t("nar.subtitle", lang, period=period, today=vocab.date(today)),
                     sections=sections)


def plain(paragraph: Paragraph) -> str:
    return "".join(seg.text if isinstance(seg, Num) else seg for seg in paragraph)


__all__ = ["Narrative", "Num", "Paragraph", "Section", "build_narrative", "format_value", "plain"]
