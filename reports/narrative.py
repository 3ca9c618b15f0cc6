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
    return summary.village if summary.village is not None else t("all_villages", vocab.lang)


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


def build_narrative(summary: Summary, vocab: Vocabulary, today: date | None = None) -> Narrative:
    w = _Writer(summary, vocab)
    s, lang = summary, vocab.lang
    place = place_text(summary, vocab)
    period = period_text(summary.period, vocab)
    sections: list[Section] = []

    basics = Section(t("nar.h.basics", lang))
    basics.paragraphs.append(w.fill("nar.register", place=place, total=w.num("register.total"),
                                    key=w.num("register.priority.key"),
                                    general=w.num("register.priority.general"),
                                    other=w.num("register.priority.other")))
    if w.value("register.deaths"):
        basics.paragraphs.append(w.fill("nar.deaths", period=period, n=w.num("register.deaths")))
    basics.paragraphs.append(w.fill("nar.categories", list=w.items(
        "nar.item_people", [f"register.category.{c}" for c in s.categories], "category")))
    sections.append(basics)

    work = Section(t("nar.h.work", lang))
    work.paragraphs.append(w.fill("nar.visits", period=period, total=w.num("visits.total"),
                                  households=w.num("households.reached"),
                                  list=w.items("nar.item_times", [f"visits.by_kind.{k}" for k in s.kinds],
                                               "kind")))
    if w.value("coverage.key.total"):
        work.paragraphs.append(w.fill("nar.coverage", total=w.num("coverage.key.total"),
                                      visited=w.num("coverage.key.visited"),
                                      share=w.num("coverage.key.share"),
                                      missing=w.num("coverage.key.not_visited")))
    else:
        work.paragraphs.append([t("nar.coverage_none", lang)])
    sections.append(work)

    care = Section(t("nar.h.care", lang), level=3)
    minutes = w.value("home_care.minutes")
    hours = (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    care.paragraphs.append(w.fill("nar.care", households=w.num("home_care.households"),
                                  visits=w.num(f"visits.by_kind.{f.HOME_CARE}"),
                                  minutes=w.num("home_care.minutes"),
                                  hours=Num("home_care.minutes", f"{hours:,}")))
    care.paragraphs.append(w.fill("nar.care_services", list=w.items(
        "nar.item_times", [f"home_care.services.{x}" for x in s.services], "service")))
    sections.append(care)

    houses = Section(t("nar.h.houses", lang), level=3)
    houses.paragraphs.append(w.fill(
        "nar.houses", inspected=w.num("houses.inspected"),
        grades=w.items("nar.item_houses", [f"houses.grade.{g}" for g in s.grades], "grade"),
        repair=w.num(f"houses.action.{f.REPAIR}"), rebuild=w.num(f"houses.action.{f.REBUILD}"),
        cost=w.num("houses.estimated_cost"), subsidy=w.num("houses.subsidy_requested")))
    sections.append(houses)

    money = Section(t("nar.h.money", lang), level=3)
    parts = []
    for k in s.money_kinds:
        label = vocab.param("item_kind", k)
        if s.figure(f"money.kind_total.{k}").value:
            parts.append(w.fill("nar.item_money", label=label, amount=w.num(f"money.kind_total.{k}"),
                                n=w.num(f"money.kind_households.{k}")))
        elif s.figure(f"money.kind_items.{k}").value:
            parts.append(w.fill("nar.item_gifts", label=label, items=w.num(f"money.kind_items.{k}"),
                                n=w.num(f"money.kind_households.{k}")))
    if parts:
        money.paragraphs.append(w.fill("nar.money", total=w.num("money.total"),
                                       households=w.num("money.households"), list=w.join(parts)))
    else:
        money.paragraphs.append([t("nar.money_none", lang)])
    sections.append(money)

    checks = Section(t("nar.h.verification", lang), level=3)
    checks.paragraphs.append(w.fill("nar.verification", total=w.num(f"visits.by_kind.{f.VERIFICATION}"),
                                    list=w.items("nar.item_checks",
                                                 [f"verification.status.{x}" for x in s.statuses], "status")))
    sections.append(checks)

    followups = Section(t("nar.h.followups", lang))
    followups.paragraphs.append(w.fill("nar.followups", raised=w.num("followups.raised"),
                                       open=w.num("followups.open")))
    sections.append(followups)

    plan = Section(t("nar.h.plan", lang))
    steps: list[Paragraph] = []
    if w.value("coverage.key.not_visited"):
        steps.append(w.fill("nar.plan.coverage", missing=w.num("coverage.key.not_visited")))
    if w.value("followups.open"):
        steps.append(w.fill("nar.plan.followups", open=w.num("followups.open")))
    if w.value(f"houses.action.{f.REPAIR}") or w.value(f"houses.action.{f.REBUILD}"):
        steps.append(w.fill("nar.plan.houses", repair=w.num(f"houses.action.{f.REPAIR}"),
                            rebuild=w.num(f"houses.action.{f.REBUILD}")))
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
