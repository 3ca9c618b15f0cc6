"""The checklists the app offers, and their names in the app's language.

The built-in four, and the forms the office wrote, as sync.forms knows them for the open home.
The session registers its home here when it opens (`use_home`), so that every screen naming a
visit's kind, the office's included, finds the title of a custom form rather than its id.
"""

from __future__ import annotations

from typing import Any

from doorstep.i18n import Lang
from doorstep.tui.messages import MESSAGES, t

# The four kinds of visit, in the order the household screen offers them (keys 1-4).
KINDS = ("home_care", "house_inspection", "condolence", "verification")

_offered: dict[str, Any] = {}  # {form id: Form}: built-ins, then the home's current custom forms
_catalog: dict[tuple[str, str], Any] = {}  # {(id, version): Form}: every version the home knows
_pending: list[tuple[Any, Any]] = []  # the home registered, its forms not read yet


def _builtins() -> dict:
    from doorstep.survey import builtin_forms

    return dict(builtin_forms())


def use_home(home: Any, store: Any) -> None:
    """The forms of the home the app has open (its custom forms, every version), read when a
    screen first needs them: the assignments list, shown first, needs none, and reading them
    (the survey engine, every form checked) would take a tenth of the start."""
    _offered.clear()
    _catalog.clear()
    _pending[:] = [(home, store)]


def _load() -> None:
    if not _pending:
        return
    from doorstep.sync.forms import known_forms, latest_by_id

    home, store = _pending.pop()
    _offered.update(latest_by_id(home, store))
    _catalog.update(known_forms(home, store))


def forms() -> dict:
    """{form_id: Form} a volunteer can start: the built-ins, then the office's forms."""
    _load()
    return dict(_offered) if _offered else _builtins()


def custom_kinds() -> list[str]:
    """The ids of the office's own forms, in the order offered after the built-ins."""
    return [form_id for form_id in forms() if form_id not in KINDS]


def form_for(form_id: str, version: str | None) -> Any | None:
    """The form a draft or visit was made on: its own version when the home has it (an older
    version's draft finishes on that version), else the current one."""
    _load()
    if version is not None and (form_id, str(version)) in _catalog:
        return _catalog[(form_id, str(version))]
    return forms().get(form_id)


def kind_label(form_id: str, lang: Lang) -> str:
    key = f"kind_{form_id}"
    if key in MESSAGES:
        return t(key, lang)
    form = forms().get(form_id)
    return form.title(lang) if form is not None else form_id


def vocabulary(lang: Lang) -> Any:
    """The reports' vocabulary of the forms this home knows, custom forms included, so that a
    visit of the office's own form is shown by its title and its questions' labels."""
    from doorstep.reports.vocabulary import Vocabulary

    return Vocabulary(lang, forms())
