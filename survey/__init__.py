"""Forms, the expression language and the checklist engine. Never imports textual.

The public API (docs/forms.md, "Using the engine from code"):

    builtin_forms(), get_form(form_id), load_form(path), check_form_file(path)
    Checklist(form, answers=None, lang="zh", today=None, now=None)   see survey.engine
    Item, Option, Progress, Form, Question, Problem, FormError, ExprError
"""

from doorstep.survey.builtin import BUILTIN_IDS, builtin_forms, get_form
from doorstep.survey.engine import Checklist, Item, Option, Progress, Slot
from doorstep.survey.expr import ExprError, parse
from doorstep.survey.form import Form, FormError, Problem, Question, check_form_file, load_form

__all__ = [
    "BUILTIN_IDS", "Checklist", "ExprError", "Form", "FormError", "Item", "Option", "Problem",
    "Progress", "Question", "Slot", "builtin_forms", "check_form_file", "get_form", "load_form", "parse",
]
