"""The engine's verdict on generated answers, remembered per pattern: a million visits in minutes.

Entering a visit through the survey engine (demo.visits.fill) costs milliseconds; a million visits
would take an hour. But what the engine makes of an intent depends on few of its values. This
reads the form once and sorts its top-level questions:

- *relevance* questions: those the form's relevance (and repeat counts) read, through any
  calculation in between. Their values (and the repeats', whole) decide what is asked.
- *inputs*: read by a calculation or a label, or calculated: their values are part of the pattern.
- *free* questions: nothing reads them, and their own check (constraint, requirement, choice
  filter) reads no other answer. Whether a value is valid depends on it alone (and the day, when
  the check reads today()): judged once per value, by setting it in a probe checklist.
- *checked* questions: the rest, read only by checks (a subsidy at most the estimated cost).
  Their values are judged together, by setting them in a probe made of the earlier visit of the
  same pattern and asking whether any check that reads them finds something wrong.

A visit is answered from the cache when the engine has already filled one whose relevance and
input values are the same (hence the same questions asked, the same calculated values) and whose
free and checked answers were empty or given alike, and when its free and checked values are
judged valid as above: the result is then what the engine would give, with those values put in.
Anything else goes to the engine, which also teaches the cache. A form with anything this
reasoning does not cover (random(), metadata filled from the clock, triggers) always goes to the
engine; so does a value the engine would store differently when typed (not in its normal form).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from doorstep.survey import Checklist, Form
from doorstep.survey.expr import Call, Ref, parse, walk
from doorstep.survey.form import EXPRESSION_COLUMNS, LABEL_REF_RE, Question
from doorstep.survey.normalize import normalize_answer

Engine = Callable[[Form, Mapping[str, Any], date], tuple[Checklist, Checklist]]
Probe = Callable[[Form, Mapping[str, Any], date], Checklist]

_DAY_FUNCTIONS = {"today", "now"}
_UNCACHEABLE_FUNCTIONS = {"random", "uuid", "once", "position"}  # not a function of the answers
_ABSENT, _FILLED, _IRRELEVANT = "\0absent", "\0filled", "\0irrelevant"


_CHECKS = ("constraint", "required", "choice_filter")  # a question's own check of its answer


def _nodes(q: Question) -> Iterable[tuple[str, Any]]:
    for column in EXPRESSION_COLUMNS:
        text = getattr(q, column)
        if text:
            yield column, parse(text)
    if q.default and q.dynamic_default:
        yield "default", parse(q.default)


@dataclass(frozen=True)
class _Shape:
    cacheable: bool
    names: frozenset[str]  # top-level questions with a value and repeats: what an intent may hold
    relevance: tuple[str, ...]  # top-level, outside repeats
    inputs: tuple[str, ...]  # read by calculations or labels (and calculated values)
    checked: tuple[str, ...]  # read only by checks: their values judged together (a probe)
    readers: frozenset[str]  # whose checks read them (top-level names: a repeat for its rows)
    checked_day: bool  # one of those checks reads the day
    free: dict[str, bool]  # name -> its validity depends on the day
    repeats: tuple[str, ...]
    day: bool  # something other than a free question's own check reads the day
    save_to: dict[str, str]  # free or checked name -> register field


@dataclass
class _Reads:
    """What a form's expressions and labels read: answers (by column) and functions."""

    refs: dict[tuple[str, str], set[str]]  # (question, column) -> names; column "label" for texts
    calls: dict[tuple[str, str], set[str]]
    deps: dict[str, set[str]]  # a computed value's (or dynamic default's) inputs
    cacheable: bool

    def names(self, columns: Iterable[str] | None = None, skip: str = "") -> set[str]:
        wanted = None if columns is None else set(columns)
        return {n for (q, c), names in self.refs.items() if (wanted is None or c in wanted) and q != skip
                for n in names}


def _reads(form: Form) -> _Reads:
    reads = _Reads({}, {}, {}, cacheable=True)
    for q in form.rows:
        if q.type.startswith("end_") or not q.name:
            continue
        if q.trigger or q.randomize or q.is_meta and q.type in ("start", "end", "today"):
            reads.cacheable = False  # answers set by the clock, by a change or in a random order
        for column, node in _nodes(q):
            refs = reads.refs.setdefault((q.name, column), set())
            calls = reads.calls.setdefault((q.name, column), set())
            for n in walk(node):
                if isinstance(n, Ref):
                    refs.add(n.name)
                elif isinstance(n, Call):
                    calls.add(n.name)
            if calls & _UNCACHEABLE_FUNCTIONS:
                reads.cacheable = False
            if column in ("calculation", "default"):
                reads.deps.setdefault(q.name, set()).update(refs)
        texts = [*q.labels.values(), *q.hints.values(),
                 *(t for c in form.choices.get(q.list_name, []) for t in c.labels.values())]
        reads.refs[(q.name, "label")] = {m[1] for t in texts for m in LABEL_REF_RE.finditer(t)}
        reads.refs[(q.name, "trigger")] = set(q.trigger)
    return reads


def _relevance(form: Form, reads: _Reads) -> set[str]:
    """What relevance (and repeat counts) read, through the calculations they read."""
    relevance = reads.names(("relevant", "repeat_count"))
    todo = list(relevance)
    while todo:
        q = form.by_name.get(todo.pop())
        if q is None:
            continue
        for more in reads.deps.get(q.name, set()) | set(q.parents):
            if more not in relevance:
                relevance.add(more)
                todo.append(more)
    return relevance


def _shape(form: Form) -> _Shape:
    reads = _reads(form)
    relevance = _relevance(form, reads)
    top = [q for q in form.rows if q.repeat is None and q.name and not q.type.startswith("end_")
           and (q.has_value and not q.is_meta or q.type == "begin_repeat")]
    free: dict[str, bool] = {}
    for q in top:
        if (q.type in ("begin_repeat", "calculate") or q.computed or q.dynamic_default
                or q.name in relevance or q.name in reads.names(skip=q.name)
                or any(reads.refs.get((q.name, c)) for c in _CHECKS)):
            continue  # read by another expression or label, or its own check reads other answers
        free[q.name] = any(reads.calls.get((q.name, c), set()) & _DAY_FUNCTIONS for c in _CHECKS)
    read = reads.names(c for c in {c for _, c in reads.refs} if c not in _CHECKS)
    inputs: list[str] = []
    checked: list[str] = []
    for q in top:
        if q.name in relevance or q.name in free or q.type == "begin_repeat":
            continue
        plain = not (q.type == "calculate" or q.computed or q.dynamic_default or q.name in read)
        (checked if plain else inputs).append(q.name)
    readers = set(checked)
    for q in form.rows:
        if q.name and not q.type.startswith("end_") and any(
                reads.refs.get((q.name, c), set()) & set(checked) for c in _CHECKS):
            readers.add(q.repeats[0] if q.repeats else q.name)
    checked_day = any(reads.calls.get((q.name, c), set()) & _DAY_FUNCTIONS for q in form.rows
                      if (q.repeats[0] if q.repeats else q.name) in readers for c in _CHECKS)
    save_to = {q.name: q.save_to for q in top if (q.name in free or q.name in checked) and q.save_to}
    targets = [q.save_to for q in top if q.save_to]
    day = any(calls & _DAY_FUNCTIONS for (name, column), calls in reads.calls.items()
              if name not in free or column not in _CHECKS)
    return _Shape(
        cacheable=reads.cacheable and all(targets.count(f) == 1 for f in save_to.values()),
        names=frozenset(q.name for q in top),
        relevance=tuple(q.name for q in top if q.name in relevance and q.type != "begin_repeat"),
        inputs=tuple(inputs),
        checked=tuple(checked),
        readers=frozenset(readers),
        checked_day=checked_day,
        free=free,
        repeats=tuple(q.name for q in top if q.type == "begin_repeat"),
        day=day,
        save_to=save_to,
    )


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(tuple((k, _frozen(v)) for k, v in row.items()) for row in value)
    return value


def _copy(answers: Mapping[str, Any]) -> dict[str, Any]:
    return {k: [_copy(e) for e in v] if isinstance(v, list) else v for k, v in answers.items()}


@dataclass
class _Template:
    key: tuple[Any, ...]
    answers: dict[str, Any]
    register_updates: dict[str, str]


class FillCache:
    """fill() of demo.visits, answered from what the engine said about earlier intents of the
    same pattern (see the module's docstring); `misses` counts the visits the engine entered."""

    def __init__(self, engine: Engine, checklist: Probe) -> None:
        """`engine(form, intent, day)`: demo.visits' fill (raising unless the visit can be
        finalized), with the checklist of the intent as given; `checklist(form, answers, day)`:
        a Checklist as fill makes them."""
        self._engine = engine
        self._checklist = checklist
        self._shapes: dict[str, _Shape] = {}
        self._asked: dict[tuple[Any, ...], frozenset[str]] = {}
        self._templates: dict[tuple[Any, ...], _Template] = {}
        self._valid: dict[tuple[str, str, str, date | None], bool] = {}
        self._probes: dict[tuple[Any, ...], Checklist] = {}
        self._combos: dict[tuple[Any, ...], bool] = {}
        self.hits = 0
        self.misses = 0

    def answers(self, form: Form, intent: Mapping[str, Any],
                day: date) -> tuple[dict[str, Any], dict[str, str]]:
        """(answers, register updates) of `intent` on `day`, as the engine gives them."""
        shape = self._shapes.get(form.id)
        if shape is None:
            shape = self._shapes[form.id] = _shape(form)
        if not shape.cacheable or not shape.names.issuperset(intent) or any(
                not isinstance(intent[n], str) for n in (*shape.free, *shape.checked) if n in intent):
            return self._enter(form, intent, day, None)
        on = day if shape.day else None
        asked_key = (form.id, form.version, on, tuple(intent),
                     tuple(intent.get(n, _ABSENT) for n in shape.relevance),
                     tuple(_frozen(intent.get(n, _ABSENT)) for n in shape.repeats))
        asked = self._asked.get(asked_key)
        if asked is None:
            return self._enter(form, intent, day, (shape, asked_key))
        template = self._templates.get(self._template_key(shape, asked_key, asked, intent))
        if template is None:
            return self._enter(form, intent, day, (shape, asked_key))
        answers = _copy(template.answers)
        updates = dict(template.register_updates)
        for name, depends_on_day in shape.free.items():
            value = intent.get(name, _ABSENT)
            if name not in asked or value in (_ABSENT, ""):
                continue
            if not self._valid_free(form, name, value, day if depends_on_day else None, day,
                                    template.answers):
                return self._enter(form, intent, day, (shape, asked_key))
            answers[name] = value  # the engine keeps what was given, and saves it normalized,
            if name in shape.save_to:  # which is the same text (_valid_free checks it is)
                updates[shape.save_to[name]] = value
        values = self._checked_values(shape, asked, intent)
        if any(v not in (_ABSENT, "", _IRRELEVANT) for v in values):
            if not self._valid_checked(form, shape, template, values, day):
                return self._enter(form, intent, day, (shape, asked_key))
            for name, value in zip(shape.checked, values, strict=True):
                if value not in (_ABSENT, "", _IRRELEVANT):
                    answers[name] = value
                    if name in shape.save_to:
                        updates[shape.save_to[name]] = value
        self.hits += 1
        return answers, updates

    @staticmethod
    def _checked_values(shape: _Shape, asked: frozenset[str],
                        intent: Mapping[str, Any]) -> tuple[Any, ...]:
        return tuple(intent.get(n, _ABSENT) if n in asked else _IRRELEVANT for n in shape.checked)

    def _valid_checked(self, form: Form, shape: _Shape, template: _Template, values: tuple[Any, ...],
                       day: date) -> bool:
        """Whether the engine accepts these values of the checked questions in the visit of
        `template` (the same questions asked, the same other values the checks may read): set in
        a probe made of it, no check that reads them finds anything wrong."""
        on = day if shape.checked_day else None
        key = (template.key, values, on)
        known = self._combos.get(key)
        if known is None:
            given = [(n, v) for n, v in zip(shape.checked, values, strict=True)
                     if v not in (_ABSENT, "", _IRRELEVANT)]
            for name, value in given:
                parsed = normalize_answer(form.by_name[name].type, value)
                if parsed.error or parsed.text != value:
                    return False
            probe = self._probes.get((template.key, on))
            if probe is None:
                probe = self._probes[(template.key, on)] = self._checklist(form, template.answers, day)
            for name, value in given:
                probe.set((name,), value)
            known = self._combos[key] = not any(slot[0] in shape.readers for slot in probe.errors())
        return known

    def _valid_free(self, form: Form, name: str, value: str, on: date | None, day: date,
                    asked: Mapping[str, Any]) -> bool:
        """Whether the engine accepts `value` for the free question `name`, which it asks in the
        visit `asked` (so it is asked in the probe made of it, whatever the free answers).

        A value that the engine would store differently when typed (not yet in its normal form)
        is left to the engine: set() stores the normal form, a visit's answers what was given.
        """
        key = (form.id, name, value, on)
        known = self._valid.get(key)
        if known is None:
            parsed = normalize_answer(form.by_name[name].type, value)
            if parsed.error or parsed.text != value:
                return False
            probe = self._probes.get((form.id, name, on))
            if probe is None:
                probe = self._checklist(form, asked, day)
                if (name,) not in {item.slot for item in probe.items()}:
                    return False  # validate() would find nothing wrong with an unasked question
                self._probes[(form.id, name, on)] = probe
            known = self._valid[key] = not probe.set((name,), value)
        return known

    @staticmethod
    def _template_key(shape: _Shape, asked_key: tuple[Any, ...], asked: frozenset[str],
                      intent: Mapping[str, Any]) -> tuple[Any, ...]:
        def state(value: Any) -> str:
            return value if value in (_ABSENT, "") else _FILLED
        return (asked_key,
                tuple(intent.get(n, _ABSENT) if n in asked else _IRRELEVANT for n in shape.inputs),
                tuple(state(intent.get(n, _ABSENT)) if n in asked else _IRRELEVANT
                      for n in (*shape.free, *shape.checked)))

    def _enter(self, form: Form, intent: Mapping[str, Any], day: date,
               learn: tuple[_Shape, tuple[Any, ...]] | None) -> tuple[dict[str, Any], dict[str, str]]:
        self.misses += 1
        first, cl = self._engine(form, intent, day)
        answers, updates = cl.answers, cl.register_updates()
        if learn is None:
            return answers, updates
        shape, asked_key = learn
        asked = frozenset(item.slot[0] for item in first.items() if len(item.slot) == 1)
        known = self._asked.setdefault(asked_key, asked)
        assert known == asked, (form.id, asked_key)  # the shape's reasoning would be wrong
        key = self._template_key(shape, asked_key, asked, intent)
        self._templates[key] = _Template(key, _copy(answers), dict(updates))
        on = day if shape.checked_day else None
        self._combos[(key, self._checked_values(shape, asked, intent), on)] = True
        for name, depends_on_day in shape.free.items():
            value = intent.get(name, _ABSENT)
            if name in asked and value not in (_ABSENT, "") and answers.get(name) == value:
                field = shape.save_to.get(name)
                if field is None or updates.get(field) == value:
                    self._valid[(form.id, name, value, day if depends_on_day else None)] = True
        return answers, updates

