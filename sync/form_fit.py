"""Whether a visit's answers fit the form it names: what the merge checks before it writes.

A laptop's checklist engine (survey.engine) only ever stores, for a form the office sent it, the
names of its questions, text values in each type's normalised spelling, choice names of each
select's list, and lists of rows for its repeats. A visit that breaks any of these was not made
by doorstep's engine, and its bundle is refused (sync.merge). Forms the office knows: the
built-in ones, those in `<office home>/forms/`, and every form it has ever sent in an assignment
(kept in `sync_sent_forms`, so that visits on an older version of a form still check).

A value that breaks a question's constraint is different: the office keeps the visit and shows it
to the supervisor (`constraint_breaks`), since a constraint is a judgement, not a shape.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from doorstep.i18n import Lang
from doorstep.storage.backend import StoreBackend
from doorstep.storage.home import Home
from doorstep.survey.form import Form, Question
from doorstep.sync.tables import SENT_FORMS

FREE_TYPES = ("text", "barcode", "calculate", "start", "end", "today", "deviceid", "username")


def office_forms(home: Home, store: StoreBackend) -> Mapping[tuple[str, str], Form]:
    """{(form id, version): Form} of every form this office knows (built in, its folder, sent),
    each read when a visit first names it (OfficeForms)."""
    return OfficeForms(home, store)


class OfficeForms(Mapping[tuple[str, str], Form]):
    """The forms an office knows, by (form id, version): a built-in form wins, then the office's
    folder (its current text), then the latest text sent in an assignment (`sync_sent_forms`).

    A merge asks for the one or two forms its visits name: a built-in form is read alone, from
    the file of its id (a built-in form's id is its file's name), and the folder and the forms
    sent only when a form is not built in. Reading all six built-in forms was a twentieth of a
    merge from the command line."""

    def __init__(self, home: Home, store: StoreBackend) -> None:
        self._home = home
        self._store = store
        self._found: dict[tuple[str, str], Form | None] = {}
        self._others: dict[tuple[str, str], Form] | None = None  # the folder's and those sent

    def __getitem__(self, key: tuple[str, str]) -> Form:
        if key not in self._found:
            form = _builtin_form(key[0])
            if form is None or (form.id, str(form.version)) != key:
                form = self._not_built_in().get(key)
            self._found[key] = form
        found = self._found[key]
        if found is None:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def _all(self) -> dict[tuple[str, str], Form]:
        from doorstep.survey.builtin import builtin_forms

        forms = dict(self._not_built_in())
        for form in builtin_forms().values():
            forms[(form.id, str(form.version))] = form
        return forms

    def _not_built_in(self) -> dict[tuple[str, str], Form]:
        if self._others is None:
            self._others = _folder_and_sent_forms(self._home, self._store)
        return self._others


def _builtin_form(form_id: str) -> Form | None:
    """The built-in form `form_id` (None if there is none), read once per process."""
    from doorstep.survey.builtin import BUILTIN_IDS, builtin_forms

    if form_id not in BUILTIN_IDS:
        return None
    if builtin_forms.cache_info().currsize:  # all of them read already (the TUI's lists)
        return builtin_forms()[form_id]
    return _read_builtin(form_id)


@cache
def _read_builtin(form_id: str) -> Form:
    from doorstep.survey.builtin import FORMS_DIR
    from doorstep.survey.form import load_form

    return load_form(FORMS_DIR / f"{form_id}.toml")


def _folder_and_sent_forms(home: Home, store: StoreBackend) -> dict[tuple[str, str], Form]:
    """The forms of the office's folder and those it sent, the folder's text winning."""
    from doorstep.survey.form import load_form, load_form_text
    from doorstep.sync.assignment import CUSTOM_FORMS_DIR

    forms: dict[tuple[str, str], Form] = {}
    for row in store.table(SENT_FORMS).all():  # oldest first; the folder's current text wins
        try:
            form = load_form_text(row["source"], f"{row['id']}.toml")
        except Exception:  # noqa: BLE001 - a form this doorstep no longer reads checks nothing
            continue
        forms[(form.id, str(form.version))] = form
    folder = Path(home.path) / CUSTOM_FORMS_DIR
    if folder.is_dir():
        for path in sorted(folder.glob("*.toml")):
            try:
                form = load_form(path)
            except Exception:  # noqa: BLE001 - assign reports a broken form file; here it is unknown
                continue
            forms[(form.id, str(form.version))] = form
    return forms


class Misfit(ValueError):
    """Why answers do not fit their form: a message key of sync.messages and its parameters."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def _label(q: Question) -> dict[str, str]:
    return {"qzh": q.label("zh"), "qen": q.label("en")}


def check_answers(form: Form, answers: dict[str, Any], repeat: str | None = None) -> None:
    """Raise Misfit unless every answer is one the engine could have stored for `form` (inside
    the entries of `repeat`, and of repeats inside them, for the nested lists)."""
    for name, value in answers.items():
        q = form.by_name.get(name)
        if q is None or not (q.has_value or q.type == "begin_repeat") or q.repeat != repeat:
            raise Misfit("fit_unknown_question", name=name)
        if q.type != "begin_repeat":
            _check_value(form, q, value)
            continue
        if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
            raise Misfit("fit_not_rows", **_label(q))
        for row in value:
            check_answers(form, row, name)


def _check_value(form: Form, q: Question, value: Any) -> None:
    from doorstep.survey.normalize import normalize_answer

    if value is None:
        return  # unanswered
    if not isinstance(value, str):
        raise Misfit("fit_not_text", **_label(q))
    if value == "" or q.type in FREE_TYPES:
        return
    parsed = normalize_answer(q.type, value)
    if parsed.error or parsed.text != value:
        raise Misfit("fit_wrong_type", value=value, **_label(q))
    if q.is_select:
        names = {c.name for c in form.choices.get(q.list_name, [])}
        parts = value.split()
        if (q.type == "select_one" and len(parts) != 1) or any(p not in names for p in parts):
            raise Misfit("fit_not_choice", value=value, **_label(q))


def constraint_breaks(form: Form, answers: dict[str, Any]) -> list[str]:
    """The questions (labels, in the form's language) whose answers break their constraint.

    Only the answered questions that have a constraint are checked, through the engine (their
    relevance and constraint may refer to any other answer), not the whole checklist.
    """
    if not any(q.constraint for q in form.rows):
        return []
    from doorstep.survey.engine import Checklist

    lang: Lang = "en" if form.default_language == "en" else "zh"
    out = []
    try:
        for q, slot in Checklist(form, answers, lang=lang).broken_constraints():
            entry = ".".join(str(i + 1) for i in slot[1:-1:2])
            out.append(q.label(lang) if not entry else f"{q.label(lang)} #{entry}")
    except Exception:  # noqa: BLE001 - an expression that fails on these answers: not a break
        return out
    return out
