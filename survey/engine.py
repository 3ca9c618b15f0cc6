"""The checklist engine: a form plus the answers so far -> what to ask, what is wrong, what is done.

No UI here; the TUI, the CLI and the tests all go through `Checklist`:

    cl = Checklist(form, answers=None, lang="zh", today=date(2026, 8, 1))
    cl.items()               relevant question instances in order (Item)
    cl.item(slot)            one Item, relevant or not
    cl.set(slot, raw)        store what was typed (NFKC; invalid input kept as typed); its errors
    cl.toggle(slot, choice)  select_multiple: add/remove one choice
    cl.add_entry(repeat) / cl.remove_entry(repeat, i)
    cl.next(slot) / cl.previous(slot)     neighbouring relevant item (next(None) = the first)
    cl.validate(slot)        errors of one answer
    cl.errors()              {slot: [messages]} incl. missing required answers
    cl.progress()            Progress(answered, required)
    cl.can_finalize()        no errors and nothing required missing
    cl.calculated()          {slot: value} of relevant calculate questions
    cl.register_updates()    {register_field: value} from questions with save_to
    cl.instance_name()       the visit's display name
    cl.answers               the answers JSON (a copy; strings, repeats as lists of dicts)

A slot is ("name",), ("repeat", index, "name") or ("repeat",) for the repeat's own row.

Evaluation is lazy and memoised per state: asking for one value evaluates exactly what it
depends on, once, which is dependency order without a separate sort (load-time checks exclude
cycles). Every change clears the memo; parsed expressions are compiled once per process.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, NamedTuple

from doorstep.i18n import Lang, Message, UserError
from doorstep.survey.evaluate import Value, to_bool, to_number, to_string, utc_now
from doorstep.survey.form import LABEL_REF_RE, MAX_REPEAT_COUNT, META_TYPES, Form, Question, pick_label
from doorstep.survey.messages import MESSAGES
from doorstep.survey.normalize import Parsed, normalize_answer

Slot = tuple[Any, ...]
_NOT_ITEMS = ("calculate", "begin_group", *META_TYPES)
# What a form may read of a register entry (instance('register')): not the members or notes.
REGISTER_FIELDS = ("id", "name", "category", "priority", "village", "address", "phone", "status",
                   "death_date", "entitled", "version")


class Option(NamedTuple):
    """A choice as the volunteer sees it."""

    name: str
    label: str


class Progress(NamedTuple):
    answered: int  # relevant required questions with a valid answer
    required: int  # relevant required questions


@dataclass(frozen=True, slots=True)
class Item:
    slot: Slot
    question: Question
    type: str
    label: str
    hint: str
    required: bool
    read_only: bool
    value: str
    errors: tuple[str, ...]
    missing: bool
    state: str  # empty | answered | error | note
    choices: tuple[Option, ...]
    group: tuple[str, ...]
    repeat: tuple[str, int] | None
    counted: bool = False


class _Layout:
    """What the engine precomputes once per form."""

    def __init__(self, form: Form) -> None:
        self.top: list[Question] = []
        self.children: dict[str, list[Question]] = {}
        self.calculates: list[Question] = []
        self.triggered: dict[str, list[Question]] = {}
        for q in form.rows:
            if q.type.startswith("end_"):
                continue
            if q.repeat is None:
                self.top.append(q)
            else:
                self.children.setdefault(q.repeat, []).append(q)
            if q.type == "begin_repeat":
                self.children.setdefault(q.name, [])
            if q.computed:  # a calculate, or any question whose value is calculated
                self.calculates.append(q)
            for name in q.trigger:  # ODK's trigger: set when that answer changes
                self.triggered.setdefault(name, []).append(q)
        self.choice_names = {name: {c.name for c in items} for name, items in form.choices.items()}


@lru_cache(maxsize=64)
def _layout(form: Form) -> _Layout:
    return _Layout(form)


@lru_cache(maxsize=8192)
def _parse_answer(qtype: str, raw: str) -> Parsed:
    return normalize_answer(qtype, raw)


def _msg(key: str, lang: Lang, **params: Any) -> str:
    return Message(MESSAGES, key, {**params, "_": ""}).render(lang)


class _Env:
    """What one evaluation sees: the checklist, the repeat entry it runs in, `.`, a choice row."""

    __slots__ = ("cl", "repeat", "idx", "cur", "choice", "self_name")

    def __init__(self, cl: Checklist, repeat: str | None, idx: int | None,
                 cur: Value = "", choice: Mapping[str, str] | None = None, self_name: str = "") -> None:
        self.cl = cl
        self.repeat = repeat
        self.idx = idx
        self.cur = cur
        self.choice = choice
        self.self_name = self_name

    @property
    def today(self) -> date:
        return self.cl.today

    @property
    def now(self) -> datetime:
        return self.cl.now

    def ref(self, name: str) -> Value:
        cl = self.cl
        q = cl.form.by_name[name]
        if q.type == "begin_repeat":
            n = cl._entry_count(name) if cl._relevant(name, None) else 0
            return ("",) * n
        if q.repeat is None:
            return cl._value(name, None)
        if q.repeat == self.repeat:
            return cl._value(name, self.idx)
        return tuple(cl._value(name, i) for i in range(cl._entry_count(q.repeat)))

    def current(self) -> Value:
        return self.cur

    def column(self, name: str) -> Value:
        return self.choice.get(name, "") if self.choice is not None else ""

    def choice_label(self, question: str, value: str) -> str:
        q = self.cl.form.by_name.get(question)
        if q is None:
            return ""
        labels = {c.name: c for c in self.cl.form.choices.get(q.list_name, [])}
        lang = self.cl.form_lang
        return " ".join(labels[v].label(lang) if v in labels else v for v in value.split())

    def register_field(self, household: str, field: str) -> str:
        """instance('register')/root/item[id = ...]/field: the household's entry on this home's
        register ("" when there is none, or no such field)."""
        if field not in REGISTER_FIELDS or self.cl._register is None or not household:
            return ""
        entry = self.cl._register(household)
        value = entry.get(field) if isinstance(entry, Mapping) else None
        return "" if value is None or isinstance(value, list | dict) else _as_text(value)

    def position(self) -> int:
        """position(..): the repeat entry this runs in, counted from 1 (1 outside a repeat)."""
        return (self.idx or 0) + 1

    def once_value(self) -> str:
        if not self.self_name:
            return ""
        return self.cl._stored(self.self_name, self.idx)


class Checklist:
    """One visit's answers to one form, with everything the form says about them."""

    def __init__(self, form: Form, answers: Mapping[str, Any] | None = None, lang: Lang = "zh",
                 today: date | None = None, now: datetime | None = None,
                 meta: Mapping[str, str] | None = None,
                 register: Callable[[str], Mapping[str, Any] | None] | None = None) -> None:
        """`meta`: {"deviceid": ..., "username": ...} for the form's metadata questions (the
        laptop and the volunteer); `now` also fixes the clock that `end` is stamped with."""
        self.form = form
        self._register = register
        self._clock = (lambda: now) if now is not None else utc_now
        self._lang: Lang = lang
        self._form_lang: str | None = None
        self.today = today or date.today()
        self.now = now or utc_now()
        self._layout = _layout(form)
        self._static: dict[tuple[str, str], tuple[str, str, tuple[str, ...]]] = {}
        self._items: list[Item] | None = None  # the visible items, until an answer or the language changes
        self._answers = self._copy_in(answers or {})
        dynamic = []
        for q in self._layout.top:
            if q.default and q.has_value and q.type != "calculate" and q.name not in self._answers:
                if q.dynamic_default:
                    dynamic.append(q)
                else:
                    self._answers[q.name] = _parse_answer(q.type, q.default).text
        self._fill_meta(meta or {})
        self._changed()
        if dynamic:  # evaluated once, in form order, as ODK does when a form opens
            for q in dynamic:
                if "default" in q.compiled:
                    self._answers[q.name] = _answer_text(q, q.compiled["default"](self._env(None, None)))
                    self._changed()

    def _fill_meta(self, meta: Mapping[str, str]) -> None:
        """Metadata is written once, when the visit starts (end: at every change, see set())."""
        for q in self._layout.top:
            if not q.is_meta or self._answers.get(q.name):
                continue
            if q.type in ("start", "end"):
                self._answers[q.name] = self.now.isoformat(timespec="seconds")
            elif q.type == "today":
                self._answers[q.name] = self.today.isoformat()
            else:
                self._answers[q.name] = str(meta.get(q.type, ""))

    def _stamp_end(self) -> None:
        for q in self._layout.top:
            if q.type == "end":
                self._answers[q.name] = self._clock().isoformat(timespec="seconds")
    # -- state

    @property
    def lang(self) -> Lang:
        return self._lang

    @lang.setter
    def lang(self, value: Lang) -> None:
        self._lang = value
        self._items = None
        self._choice_cache.clear()  # options carry labels

    @property
    def form_lang(self) -> str:
        """The language of the form's own texts (labels, hints, choices, its messages): the one
        chosen with `form_lang = "fr"`, else the interface language. Labels missing in it fall back
        to the form's default language, then zh/en."""
        return self._form_lang or self._lang

    @form_lang.setter
    def form_lang(self, value: str | None) -> None:
        self._form_lang = value
        self._items = None
        self._static = {}
        self._choice_cache.clear()

    def _copy_in(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        if not isinstance(answers, Mapping):
            raise UserError(Message(MESSAGES, "bad_answers", {"name": "-"}))
        out: dict[str, Any] = {}
        for key, value in answers.items():
            q = self.form.by_name.get(key)
            if q is not None and q.type == "begin_repeat":
                if not isinstance(value, list) or not all(isinstance(e, Mapping) for e in value):
                    raise UserError(Message(MESSAGES, "bad_answers", {"name": key}))
                out[key] = [{k: _as_text(v) for k, v in e.items()} for e in value]
            else:
                out[key] = _as_text(value) if q is not None else value  # unknown keys kept as they are
        return out

    def _changed(self) -> None:
        self._rel: dict[tuple[str, int | None], bool] = {}
        self._val: dict[tuple[str, int | None], Value] = {}
        self._counts: dict[str, int] = {}
        self._choice_cache: dict[tuple[str, int | None], tuple[Option, ...]] = {}
        self._computing: set[tuple[str, int | None]] = set()
        self._envs: dict[tuple[str | None, int | None], _Env] = {}
        self._items = None
        self._refresh_calculations()

    def _env(self, repeat: str | None, idx: int | None) -> _Env:
        key = (repeat, idx)
        env = self._envs.get(key)
        if env is None:
            env = self._envs[key] = _Env(self, repeat, idx)
        return env

    def _stored(self, name: str, idx: int | None) -> str:
        if idx is None:
            v = self._answers.get(name, "")
        else:
            q = self.form.by_name[name]
            entries = self._answers.get(q.repeat or "", [])
            v = entries[idx].get(name, "") if idx < len(entries) else ""
        return v if isinstance(v, str) else ""

    def _entry_count(self, repeat: str) -> int:
        n = self._counts.get(repeat)
        if n is None:
            q = self.form.by_name[repeat]
            if q.repeat_count:
                x = to_number(q.compiled["repeat_count"](self._env(None, None)))
                n = 0 if math.isnan(x) else int(min(max(x, 0), MAX_REPEAT_COUNT))
            else:
                n = len(self._answers.get(repeat, []))
            self._counts[repeat] = n
        return n

    def _relevant(self, name: str, idx: int | None) -> bool:
        key = (name, idx)
        known = self._rel.get(key)
        if known is not None:
            return known
        q = self.form.by_name[name]
        ok = True
        if q.parents:
            parent = self.form.by_name[q.parents[-1]]
            if parent.type == "begin_repeat":
                ok = idx is not None and self._relevant(parent.name, None) and idx < self._entry_count(
                    parent.name)
            else:
                ok = self._relevant(parent.name, idx if parent.repeat else None)
        if ok and q.relevant:
            ok = to_bool(q.compiled["relevant"](self._env(q.repeat, idx)))
        self._rel[key] = ok
        return ok

    def _typed(self, q: Question, raw: str) -> Value:
        parsed = _parse_answer(q.type, raw)
        if parsed.error or not parsed.text:
            return ""
        text = parsed.text
        if q.type in ("integer", "decimal"):
            return float(text)
        if q.type in ("date", "today"):
            return date.fromisoformat(text)
        if q.type == "dateTime":
            return datetime.fromisoformat(text)
        if q.type == "select_one" and text not in self._layout.choice_names.get(q.list_name, ()):
            return ""
        return text

    def _value(self, name: str, idx: int | None) -> Value:
        key = (name, idx)
        if key in self._val:
            return self._val[key]
        if key in self._computing:  # impossible for a checked form; never recurse forever
            return ""
        self._computing.add(key)
        try:
            q = self.form.by_name[name]
            if not self._relevant(name, idx):
                v: Value = ""
            elif q.computed:
                env = _Env(self, q.repeat, idx, self_name=name)
                v = q.compiled["calculation"](env) if "calculation" in q.compiled else ""
            elif q.type == "note":
                v = ""
            else:
                v = self._typed(q, self._stored(name, idx))
        finally:
            self._computing.discard(key)
        self._val[key] = v
        return v

    def _ensure_entries(self, repeat: str, n: int) -> list[dict[str, str]]:
        entries = self._answers.setdefault(repeat, [])
        while len(entries) < n:
            entries.append(self._new_entry(repeat))
        return entries

    def _new_entry(self, repeat: str) -> dict[str, str]:
        entry = {}
        index = len(self._answers.get(repeat, []))
        for q in self._layout.children[repeat]:
            if not q.default or not q.has_value or q.type == "calculate":
                continue
            if q.dynamic_default:
                compiled = q.compiled.get("default")
                entry[q.name] = _answer_text(q, compiled(self._env(repeat, index))) if compiled else ""
            else:
                entry[q.name] = _parse_answer(q.type, q.default).text
        return entry

    def _refresh_calculations(self) -> None:
        """Write calculated values into the answers, as ODK keeps them in the submission."""
        for q in self._layout.calculates:
            # A calculate keeps ODK's "NaN"; a question of another type stays unanswered instead,
            # so that an incomplete calculation is not an invalid answer.
            def text(v: Value, q: Question = q) -> str:
                return to_string(v) if q.type == "calculate" else _answer_text(q, v)
            if q.repeat is None:
                self._answers[q.name] = text(self._value(q.name, None))
            else:
                n = self._entry_count(q.repeat)
                entries = self._ensure_entries(q.repeat, n) if n else self._answers.get(q.repeat, [])
                for i, entry in enumerate(entries):
                    entry[q.name] = text(self._value(q.name, i)) if i < n else ""

    # -- slots

    def _resolve(self, slot: Slot) -> tuple[Question, int | None]:
        bad = UserError(Message(MESSAGES, "bad_slot", {"form_id": self.form.id, "slot": slot}))
        if not isinstance(slot, tuple) or len(slot) not in (1, 3):
            raise bad
        if len(slot) == 1:
            q = self.form.by_name.get(slot[0]) if isinstance(slot[0], str) else None
            if q is None or q.repeat is not None:
                raise bad
            return q, None
        repeat, idx, name = slot
        q = self.form.by_name.get(name) if isinstance(name, str) else None
        if q is None or q.repeat != repeat or not isinstance(idx, int) or isinstance(idx, bool) or idx < 0:
            raise bad
        if idx >= max(self._entry_count(repeat), len(self._answers.get(repeat, []))):
            raise bad
        return q, idx

    def _slot(self, q: Question, idx: int | None) -> Slot:
        return (q.name,) if idx is None else (q.repeat, idx, q.name)

    def _order(self, slot: Slot) -> tuple[int, int, int]:
        """Where a slot sits in the form, whether or not it is relevant now."""
        by_name = self.form.by_name
        try:
            if len(slot) == 1:
                return (by_name[slot[0]].row, -1, 0)
            if len(slot) == 3 and isinstance(slot[1], int):
                return (by_name[slot[0]].row, slot[1], by_name[slot[2]].row)
        except (KeyError, TypeError):
            pass
        raise UserError(Message(MESSAGES, "bad_slot", {"form_id": self.form.id, "slot": slot}))

    # -- checking one answer

    def _choices(self, q: Question, idx: int | None) -> tuple[Option, ...]:
        key = (q.name, idx)
        cached = self._choice_cache.get(key)
        if cached is not None:
            return cached
        lang = self.form_lang
        out = []
        check = q.compiled.get("choice_filter")
        for c in self.form.choices.get(q.list_name, []):
            if check is None or to_bool(check(_Env(self, q.repeat, idx, choice=c.columns))):
                out.append(Option(c.name, c.label(lang)))
        result = tuple(out)
        self._choice_cache[key] = result
        return result

    def _required(self, q: Question, idx: int | None) -> bool:
        if not q.required:
            return False
        if q.required == "true()":
            return True
        return to_bool(q.compiled["required"](self._env(q.repeat, idx)))

    def _check(self, q: Question, idx: int | None) -> tuple[list[str], bool]:
        """(errors of the stored value, whether a required answer is missing)."""
        raw = self._stored(q.name, idx)
        parsed = _parse_answer(q.type, raw)
        lang = self._lang
        errors: list[str] = []
        if parsed.error:
            errors.append(_msg(parsed.error, lang))
        elif parsed.text:
            if q.is_select:
                allowed = {o.name for o in self._choices(q, idx)}
                parts = parsed.text.split()
                if q.type == "select_one" and parsed.text in allowed:
                    parts = [parsed.text]  # a choice name with spaces (select_one only)
                elif q.type == "select_one" and len(parts) > 1:
                    errors.append(_msg("answer_too_many", lang))
                errors.extend(_msg("answer_not_choice", lang, choice=p) for p in parts if p not in allowed)
            if not errors and q.constraint:
                env = _Env(self, q.repeat, idx, cur=self._typed(q, raw))
                if not to_bool(q.compiled["constraint"](env)):
                    errors.append(pick_label(q.constraint_messages, self.form_lang)
                                  or _msg("answer_constraint", lang))
        missing = not parsed.text and self._required(q, idx)
        return errors, missing

    def _required_message(self, q: Question) -> str:
        return pick_label(q.required_messages, self.form_lang) or _msg("answer_required", self._lang)

    def _texts(self, q: Question) -> tuple[str, str, tuple[str, ...]]:
        """Label, hint and group labels of a question: they never change, so they are cached."""
        key = (q.name, self.form_lang)
        texts = self._static.get(key)
        if texts is None:
            lang = self.form_lang
            groups = tuple(self.form.by_name[p].label(lang) for p in q.parents
                           if self.form.by_name[p].type == "begin_group")
            texts = self._static[key] = (q.label(lang), q.hint(lang), groups)
        return texts

    def _interpolate(self, text: str, q: Question, idx: int | None) -> str:
        if "${" not in text:
            return text
        env = self._env(q.repeat, idx)
        return LABEL_REF_RE.sub(lambda m: _display(env.ref(m[1])), text)

    def _make_item(self, q: Question, idx: int | None) -> Item:
        label, hint, groups = self._texts(q)
        label = self._interpolate(label, q, idx)
        hint = self._interpolate(hint, q, idx)
        repeat = (q.repeat, idx) if q.repeat is not None and idx is not None else None
        if q.type == "begin_repeat":
            n = self._entry_count(q.name)
            return Item((q.name,), q, "repeat", label, hint, False, q.read_only, str(n),
                        (), False, "note", (), groups, None, counted=bool(q.repeat_count))
        if q.type == "note":
            return Item(self._slot(q, idx), q, "note", label, hint, False, True, "",
                        (), False, "note", (), groups, repeat)
        value = self._stored(q.name, idx)
        relevant = self._relevant(q.name, idx)
        errors, missing = self._check(q, idx) if relevant else ([], False)
        state = "error" if errors else ("answered" if value.strip() else "empty")
        choices = self._choices(q, idx) if q.is_select else ()
        required = relevant and self._required(q, idx)
        return Item(self._slot(q, idx), q, q.type, label, hint, required, q.read_only or q.computed,
                    value, tuple(errors), missing, state, choices, groups, repeat)

    # -- public API

    def items(self) -> list[Item]:
        """The relevant questions (and notes, and repeat rows) in the order they are asked."""
        if self._items is not None:
            return self._items
        out: list[Item] = []
        for q in self._layout.top:
            if q.type in _NOT_ITEMS or not self._relevant(q.name, None):
                continue
            out.append(self._make_item(q, None))
            if q.type == "begin_repeat":
                for i in range(self._entry_count(q.name)):
                    for child in self._layout.children[q.name]:
                        if child.type not in _NOT_ITEMS and self._relevant(child.name, i):
                            out.append(self._make_item(child, i))
        self._items = out
        return out

    def item(self, slot: Slot) -> Item:
        if len(slot) == 1 and slot[0] in self.form.by_name and \
                self.form.by_name[slot[0]].type == "begin_repeat":
            return self._make_item(self.form.by_name[slot[0]], None)
        q, idx = self._resolve(slot)
        return self._make_item(q, idx)

    def set(self, slot: Slot, raw: str) -> list[str]:
        q, idx = self._resolve(slot)
        if q.read_only or not q.has_value or q.computed or q.is_meta:
            raise UserError(Message(MESSAGES, "read_only_slot", {"slot": slot}))
        raw = raw if isinstance(raw, str) else _as_text(raw)
        parsed = _parse_answer(q.type, raw)
        stored = raw if parsed.error else parsed.text  # what was typed is never dropped
        if idx is None:
            self._answers[q.name] = stored
        else:
            assert q.repeat is not None
            self._ensure_entries(q.repeat, idx + 1)[idx][q.name] = stored
        self._stamp_end()
        self._changed()
        self._fire_triggers(q, idx)
        return self.validate(slot)

    def _fire_triggers(self, changed: Question, idx: int | None) -> None:
        """The questions whose trigger is the answer just changed take their calculation's value
        (the volunteer may still change them afterwards)."""
        for q in self._layout.triggered.get(changed.name, []):
            compiled = q.compiled.get("calculation")
            if compiled is None:
                continue
            at = idx if q.repeat is not None else None
            value = _answer_text(q, compiled(_Env(self, q.repeat, at, self_name=q.name)))
            if at is None:
                self._answers[q.name] = value
            else:
                assert q.repeat is not None
                self._ensure_entries(q.repeat, at + 1)[at][q.name] = value
            self._changed()

    def toggle(self, slot: Slot, choice: str) -> list[str]:
        q, idx = self._resolve(slot)
        parts = _parse_answer(q.type, self._stored(q.name, idx)).text.split()
        parts = [p for p in parts if p != choice] if choice in parts else [*parts, choice]
        return self.set(slot, " ".join(parts))

    def add_entry(self, repeat: str) -> int:
        q = self.form.by_name.get(repeat)
        if q is None or q.type != "begin_repeat" or q.repeat_count:
            raise UserError(Message(MESSAGES, "not_a_repeat", {"name": repeat}))
        entries = self._answers.setdefault(repeat, [])
        entries.append(self._new_entry(repeat))
        self._changed()
        return len(entries) - 1

    def remove_entry(self, repeat: str, index: int) -> None:
        q = self.form.by_name.get(repeat)
        if q is None or q.type != "begin_repeat" or q.repeat_count:
            raise UserError(Message(MESSAGES, "not_a_repeat", {"name": repeat}))
        entries = self._answers.get(repeat, [])
        if not isinstance(index, int) or not 0 <= index < len(entries):
            raise UserError(Message(MESSAGES, "entry_out_of_range", {"name": repeat, "index": index}))
        entries.pop(index)
        self._changed()

    def next(self, slot: Slot | None) -> Slot | None:
        items = self.items()
        if slot is None:
            return items[0].slot if items else None
        key = self._order(slot)
        for item in items:
            if self._order(item.slot) > key:
                return item.slot
        return None

    def previous(self, slot: Slot | None) -> Slot | None:
        items = self.items()
        if slot is None:
            return items[-1].slot if items else None
        key = self._order(slot)
        for item in reversed(items):
            if self._order(item.slot) < key:
                return item.slot
        return None

    def validate(self, slot: Slot) -> list[str]:
        q, idx = self._resolve(slot)
        if not q.has_value or not self._relevant(q.name, idx):
            return []
        return self._check(q, idx)[0]

    def errors(self) -> dict[Slot, list[str]]:
        out: dict[Slot, list[str]] = {}
        for item in self.items():
            messages = list(item.errors)
            if item.missing:
                messages.append(self._required_message(item.question))
            if messages:
                out[item.slot] = messages
        return out

    def progress(self) -> Progress:
        answered = required = 0
        for item in self.items():
            if item.required:
                required += 1
                if item.state == "answered":
                    answered += 1
        return Progress(answered, required)

    def can_finalize(self) -> bool:
        return not self.errors()

    def calculated(self) -> dict[Slot, str]:
        out: dict[Slot, str] = {}
        for q in self._layout.calculates:
            if q.repeat is None:
                if self._relevant(q.name, None):
                    out[(q.name,)] = to_string(self._value(q.name, None))
            else:
                for i in range(self._entry_count(q.repeat)):
                    if self._relevant(q.name, i):
                        out[(q.repeat, i, q.name)] = to_string(self._value(q.name, i))
        return out

    def register_updates(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for q in self._layout.top:
            if not q.save_to or not self._relevant(q.name, None):
                continue
            if q.type == "calculate":
                value = to_string(self._value(q.name, None))
            else:
                errors, _ = self._check(q, None)
                value = "" if errors else _parse_answer(q.type, self._stored(q.name, None)).text
            if value:
                out[q.save_to] = value
        return out

    def instance_name(self) -> str:
        compiled = self.form.instance_name_compiled
        if compiled is not None:
            name = to_string(compiled(self._env(None, None))).strip()
            if name:
                return name
        return f"{self.form.title(self.form_lang)} {self.today.isoformat()}"

    @property
    def answers(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in self._answers.items():
            out[key] = [dict(e) for e in value] if isinstance(value, list) else value
        return out


def _answer_text(q: Question, value: Value) -> str:
    """A computed value stored as the answer it stands for: now() in a dateTime question is
    stored as a typed dateTime would be."""
    text = _dynamic_text(value)
    if text and q.type in ("time", "dateTime", "date"):
        parsed = _parse_answer(q.type, text)
        if not parsed.error:
            return parsed.text
        if q.type == "time" and isinstance(value, datetime):
            return _parse_answer(q.type, value.isoformat().split("T", 1)[1]).text
    return text


def _dynamic_text(value: Value) -> str:
    text = to_string(value)
    return "" if text == "NaN" else text


def _display(value: Value) -> str:
    """An answer shown inside a label: NaN (an incomplete sum) shows as nothing."""
    if isinstance(value, tuple):
        return " ".join(_display(v) for v in value)
    text = to_string(value)
    return "" if text == "NaN" else text


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)
