"""Names for people: form titles, question and choice labels, categories, villages.

Built from the forms (survey's `Form` objects) so that the reports speak the forms' words; a
form that is not known (a visit of a form this office does not have) falls back to raw names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from doorstep.i18n import Lang
from doorstep.reports import fields as f
from doorstep.reports.figures import Figure, Value
from doorstep.reports.messages import MONTHS_EN, t
from doorstep.storage.categories import BY_CODE
from doorstep.storage.entered import BY_CODE as ENTERED_KINDS
from doorstep.survey.moments import show_answer

# Which question's choice list names each kind of figure parameter.
PARAM_QUESTIONS: dict[str, tuple[str, str]] = {
    "service": (f.HOME_CARE, f.SERVICES),
    "grade": (f.HOUSE_INSPECTION, f.GRADE),
    "action": (f.HOUSE_INSPECTION, f.ACTION),
    "item_kind": (f.CONDOLENCE, f.ITEM_KIND),
    "status": (f.VERIFICATION, f.STATUS),
    "occasion": (f.CONDOLENCE, f.OCCASION),
    "benefit": (f.BENEFITS, f.BENEFIT),
    "work": (f.HOUSE_FOLLOWUP, f.WORK),
}
# compute_summary's `choice_order` keys.
ORDER_KEYS = {"services": "service", "grade": "grade", "item_kind": "item_kind", "status": "status",
              "occasion": "occasion", "benefit": "benefit"}


class FormLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def by_name(self) -> Mapping[str, Any]: ...

    def title(self, lang: str) -> str: ...
    def choice_list(self, question: Any) -> list[Any]: ...


@dataclass
class Vocabulary:
    lang: Lang
    forms: Mapping[str, FormLike] = field(default_factory=dict)
    office: str = ""     # the home's name ("东风镇退役军人服务站"): the narrative's title names it

    # -- from the forms

    def form_title(self, form_id: str) -> str:
        form = self.forms.get(form_id)
        return form.title(self.lang) if form else form_id

    def question(self, form_id: str, name: str) -> Any | None:
        form = self.forms.get(form_id)
        return form.by_name.get(name) if form else None

    def question_label(self, form_id: str, name: str) -> str:
        question = self.question(form_id, name)
        return question.label(self.lang) if question is not None else name

    def choice_names(self, form_id: str, name: str) -> list[str]:
        question = self.question(form_id, name)
        if question is None:
            return []
        return [c.name for c in self.forms[form_id].choice_list(question)]

    def choice_label(self, form_id: str, name: str, value: str) -> str:
        question = self.question(form_id, name)
        if question is None:
            return value
        for choice in self.forms[form_id].choice_list(question):
            if choice.name == value:
                return str(choice.label(self.lang))
        return value

    def answer_text(self, form_id: str, name: str, value: str) -> str:
        """An answer as people read it: choice labels for selects, the value otherwise."""
        question = self.question(form_id, name)
        if question is not None and question.type == "acknowledge" and value == "OK":
            return t("acknowledged", self.lang)  # ODK stores "OK"; people read a confirmation
        if question is not None and question.type in ("time", "dateTime"):
            return show_answer(question.type, value, self.lang)
        if question is None or not getattr(question, "is_select", False):
            return value
        sep = t("answer_sep", self.lang)
        return sep.join(self.choice_label(form_id, name, part) for part in value.split())

    def choice_order(self) -> dict[str, list[str]]:
        """compute_summary's `choice_order`, from the forms."""
        return {key: self.choice_names(*PARAM_QUESTIONS[param]) for key, param in ORDER_KEYS.items()}

    # -- the register

    def category(self, code: str) -> str:
        category = BY_CODE.get(code)
        if category is None:
            return code
        return category.zh if self.lang == "zh" else category.en

    def village(self, name: str) -> str:
        return name or t("off_register", self.lang)

    # -- figures

    def param(self, name: str, value: str) -> str:
        if name == "kind":
            return self.form_title(value)
        if name == "village":
            return self.village(value)
        if name == "priority":
            return t(f"priority.{value}", self.lang)
        if name == "category":
            return self.category(value)
        if name == "payment":
            return t(f"payment.{value}", self.lang)
        if name == "entered":
            kind = ENTERED_KINDS.get(value)
            return kind.label(self.lang) if kind else value
        if name in PARAM_QUESTIONS:
            return self.choice_label(*PARAM_QUESTIONS[name], value)
        return value

    def figure_label(self, figure: Figure) -> str:
        params = {name: self.param(name, value) for name, value in figure.params}
        return t(figure.label_key, self.lang, **params)

    # -- values

    def format_value(self, figure: Figure) -> str:
        return format_value(figure.value, figure.unit, self.lang)

    def date(self, day: Any) -> str:
        if self.lang == "zh":
            return t("date", "zh", y=day.year, m=day.month, d=day.day)
        return t("date", "en", y=day.year, month=MONTHS_EN[day.month - 1], d=day.day)


def format_value(value: Value, unit: str, lang: Lang) -> str:
    """Counts as 1,234; yuan as 1,234.50; shares as 75.0%; no value as a dash."""
    if value is None:
        return t("not_applicable", lang)
    if unit == "yuan":
        return f"{Decimal(value):,.2f}"
    if unit == "share":
        return f"{Decimal(value) * 100:.1f}%"
    return f"{value:,}"


def plain_value(value: Value, unit: str) -> str | int | None:
    """A value for machines: ints as they are, Decimals as exact text ("1234.50", "0.7500")."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return f"{value:.2f}" if unit == "yuan" else str(value)
    return value
