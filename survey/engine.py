"""The checklist engine: a form plus the answers so far -> what to ask, what is wrong, what is done.

No UI here; the TUI, the CLI and the tests all go through `Checklist`:

    cl = Checklist(form, answers=None, lang="zh", today=date(2026, 8, 1))
    cl.items()               relevant question instances in order (Item)
    cl.item(slot)            one Item, relevant or not
    cl.set(slot, raw)        store what was typed (NFKC; invalid input kept as typed); its errors
    cl.toggle(slot, choice)  select_multiple: add/remove one choice
    cl.add_entry(repeat) / cl.remove_entry(repeat, i)   repeat: its name, or its row's slot
    cl.next(slot) / cl.previous(slot)     neighbouring relevant item (next(None) = the first)
    cl.validate(slot)        errors of one answer
    cl.errors()              {slot: [messages]} incl. missing required answers
    cl.progress()            Progress(answered, required)
    cl.can_finalize()        no errors and nothing required missing
    cl.calculated()          {slot: value} of relevant calculate questions
    cl.register_updates()    {register_field: value} from questions with save_to
    cl.instance_name()       the visit's display name
    cl.answers               the answers JSON (a copy; strings, repeats as lists of dicts)

A slot is ("name",), ("repeat", index, "name") or ("repeat",) for the repeat's own row; inside a
repeat inside a repeat, ("people", 1, "benefits", 0, "amount") and ("people", 1, "benefits").

Evaluation is lazy and memoised per state: asking for one value evaluates exactly what it
depends on, once, which is dependency order without a separate sort (load-time checks exclude
cycles). Every change clears the memo; parsed expressions are compiled once per process.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, NamedTuple

from doorstep.i18n import Lang, Message, UserError
from doorstep.survey.evaluate import Value, to_bool, to_number, to_string, utc_now, values_equal
from doorstep.survey.form import LABEL_REF_RE, MAX_REPEAT_COUNT, META_TYPES, Form, Question, pick_label
from doorstep.survey.messages import MESSAGES
from doorstep.survey.normalize import Parsed, normalize_answer
from doorstep.survey.shuffle import shuffled, visit_seed

Slot = tuple[Any, ...]
At = tuple[int, ...]  # the entry of each enclosing repeat, outermost first; () outside repeats
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
    repeat: tuple[str, int] | None  # the innermost repeat and the entry's index in it
    counted: bool = False
    # The entry the item sits in, with the entries around it: ("people", 1) in a repeat,
    # ("people", 1, "benefits", 0) in a repeat inside it; () outside repeats. Its slot without
    # the last index, entry[:-1], is the slot of that repeat's own row.
    entry: tuple[Any, ...] = ()


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
    """What one evaluation sees: the checklist, the repeat entries it runs in (`chain`, the names
    of the enclosing repeats, and `at`, the entry of each), `.`, a choice row."""

    __slots__ = ("cl", "chain", "at", "cur", "choice", "self_name")

    def __init__(self, cl: Checklist, chain: tuple[str, ...], at: At,
                 cur: Value = "", choice: Mapping[str, str] | None = None, self_name: str = "") -> None:
        self.cl = cl
        self.chain = chain
        self.at = at
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
        """${name} as XPath resolves it from here: in the entries this runs in where the target
        shares them, across every entry of the repeats it does not (a node-set)."""
        cl = self.cl
        q = cl.form.by_name[name]
        chain = q.repeats
        shared = 0
        while shared < min(len(chain), len(self.chain)) and chain[shared] == self.chain[shared]:
            shared += 1
        prefix = self.at[:shared]
        if q.type == "begin_repeat":
            n = sum(cl._entry_count(name, at) if cl._relevant(name, at) else 0
                    for at in cl._positions(chain, prefix))
            return ("",) * n
        if len(chain) == shared:
            return cl._value(name, prefix)
        return tuple(cl._value(name, at) for at in cl._positions(chain, prefix))

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

    def lookup(self, instance: str, conditions: tuple[tuple[str, Value], ...], field: str) -> Value:
        return self.cl._lookup(instance, conditions, field)

    def position(self) -> int:
        """position(..): the entry of the innermost repeat this runs in, from 1 (1 outside)."""
        return (self.at[-1] if self.at else 0) + 1

    def once_value(self) -> str:
        if not self.self_name:
            return ""
        return self.cl._stored(self.self_name, self.at)


class Checklist:
    """One visit's answers to one form, with everything the form says about them."""

    def __init__(self, form: Form, answers: Mapping[str, Any] | None = None, lang: Lang = "zh",
                 today: date | None = None, now: datetime | None = None,
                 meta: Mapping[str, str] | None = None,
                 register: Callable[[str], Mapping[str, Any] | None] | None = None,
                 visit: str = "") -> None:
        """`meta`: {"deviceid": ..., "username": ...} for the form's metadata questions (the
        laptop and the volunteer); `now` also fixes the clock that `end` is stamped with; `visit`
        (its id) fixes the order of randomized choices that have no seed."""
        self.form = form
        self._visit = visit or secrets.token_hex(8)
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
                    self._answers[q.name] = _answer_text(q, q.compiled["default"](self._env((), ())))
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

    def _copy_in(self, answers: Mapping[str, Any], repeat: str = "") -> dict[str, Any]:
        """The answers as strings, entries of repeats (and of repeats inside them) as lists of
        dicts; anything else is refused rather than half-read."""
        if not isinstance(answers, Mapping):
            raise UserError(Message(MESSAGES, "bad_answers", {"name": repeat or "-"}))
        out: dict[str, Any] = {}
        for key, value in answers.items():
            q = self.form.by_name.get(key)
            if q is not None and q.type == "begin_repeat":
                if not isinstance(value, list) or not all(isinstance(e, Mapping) for e in value):
                    raise UserError(Message(MESSAGES, "bad_answers", {"name": key}))
                out[key] = [self._copy_in(e, key) for e in value]
            elif repeat:
                out[key] = _as_text(value)
            else:
                out[key] = _as_text(value) if q is not None else value  # unknown keys kept as they are
        return out

    def _changed(self) -> None:
        self._rel: dict[tuple[str, At], bool] = {}
        self._val: dict[tuple[str, At], Value] = {}
        self._counts: dict[tuple[str, At], int] = {}
        self._choice_cache: dict[tuple[str, At], tuple[Option, ...]] = {}
        self._computing: set[tuple[str, At]] = set()
        self._envs: dict[tuple[tuple[str, ...], At], _Env] = {}
        self._items = None
        self._refresh_calculations()

    def _env(self, chain: tuple[str, ...], at: At) -> _Env:
        key = (chain, at)
        env = self._envs.get(key)
        if env is None:
            env = self._envs[key] = _Env(self, chain, at)
        return env

    def _entries(self, chain: tuple[str, ...], at: At, create: bool = False) -> list[dict[str, Any]]:
        """The stored entries of the repeat chain[-1] in the entries `at` of the ones around it."""
        holder: dict[str, Any] = self._answers
        for name, i in zip(chain, at, strict=False):
            entries = holder.get(name)
            if not isinstance(entries, list):
                if not create:
                    return []
                entries = holder[name] = []
            if i >= len(entries):  # _ensure_entries makes the entries around before creating
                return []
            holder = entries[i]
        last = holder.get(chain[-1])
        if not isinstance(last, list):
            if not create:
                return []
            last = holder[chain[-1]] = []
        return last

    def _stored(self, name: str, at: At) -> str:
        if not at:
            v = self._answers.get(name, "")
        else:
            q = self.form.by_name[name]
            entries = self._entries(q.repeats, at[:-1])
            v = entries[at[-1]].get(name, "") if at[-1] < len(entries) else ""
        return v if isinstance(v, str) else ""

    def _entry_count(self, repeat: str, at: At = ()) -> int:
        """Entries of `repeat` in the entries `at` of the repeats around it."""
        key = (repeat, at)
        n = self._counts.get(key)
        if n is None:
            q = self.form.by_name[repeat]
            if q.repeat_count:
                x = to_number(q.compiled["repeat_count"](self._env(q.repeats, at)))
                n = 0 if math.isnan(x) else int(min(max(x, 0), MAX_REPEAT_COUNT))
            else:
                n = len(self._entries((*q.repeats, repeat), at))
            self._counts[key] = n
        return n

    def _positions(self, chain: tuple[str, ...], prefix: At = ()) -> list[At]:
        """Every entry of the repeats `chain` (outermost first) that lies in the entries `prefix`
        of its first len(prefix) repeats."""
        found: list[At] = [prefix]
        for depth in range(len(prefix), len(chain)):
            found = [(*at, i) for at in found for i in range(self._entry_count(chain[depth], at))]
        return found

    def _relevant(self, name: str, at: At) -> bool:
        key = (name, at)
        known = self._rel.get(key)
        if known is not None:
            return known
        q = self.form.by_name[name]
        ok = True
        if q.parents:
            parent = self.form.by_name[q.parents[-1]]
            if parent.type == "begin_repeat":
                ok = len(at) > 0 and self._relevant(parent.name, at[:-1]) and at[-1] < self._entry_count(
                    parent.name, at[:-1])
            else:
                ok = self._relevant(parent.name, at)
        if ok and q.relevant:
            ok = to_bool(q.compiled["relevant"](self._env(q.repeats, at)))
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

    def _value(self, name: str, at: At) -> Value:
        key = (name, at)
        if key in self._val:
            return self._val[key]
        if key in self._computing:  # impossible for a checked form; never recurse forever
            return ""
        self._computing.add(key)
        try:
            q = self.form.by_name[name]
            if not self._relevant(name, at):
                v: Value = ""
            elif q.computed:
                env = _Env(self, q.repeats, at, self_name=name)
                v = q.compiled["calculation"](env) if "calculation" in q.compiled else ""
            elif q.type == "note":
                v = ""
            else:
                v = self._typed(q, self._stored(name, at))
        finally:
            self._computing.discard(key)
        self._val[key] = v
        return v

    def _ensure_entries(self, repeat: str, at: At, n: int) -> list[dict[str, Any]]:
        """The entries of `repeat` in the entries `at` around it, made up to `n` (new ones with
        their defaults), the entries around it made too."""
        q = self.form.by_name[repeat]
        for depth in range(len(at)):  # the entries around it, made as the volunteer would
            self._ensure_entries(q.repeats[depth], at[:depth], at[depth] + 1)
        entries = self._entries((*q.repeats, repeat), at, create=True)
        while len(entries) < n:
            entries.append(self._new_entry(repeat, (*at, len(entries))))
        return entries

    def _new_entry(self, repeat: str, at: At) -> dict[str, Any]:
        """A new entry (at `at`, its own index last) with its questions' defaults."""
        entry: dict[str, Any] = {}
        chain = (*self.form.by_name[repeat].repeats, repeat)
        for q in self._layout.children[repeat]:
            if not q.default or not q.has_value or q.type == "calculate":
                continue
            if q.dynamic_default:
                compiled = q.compiled.get("default")
                entry[q.name] = _answer_text(q, compiled(self._env(chain, at))) if compiled else ""
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
            if not q.repeats:
                self._answers[q.name] = text(self._value(q.name, ()))
                continue
            outer = q.repeats[:-1]
            for around in self._positions(outer):
                if any(len(self._entries(outer[:d + 1], around[:d])) <= around[d] for d in range(len(outer))):
                    continue  # a counted entry not stored yet: made when it is answered
                n = self._entry_count(q.repeat or "", around)
                entries = self._ensure_entries(q.repeat or "", around, n) if n else \
                    self._entries(q.repeats, around)
                for i, entry in enumerate(entries):
                    entry[q.name] = text(self._value(q.name, (*around, i))) if i < n else ""

    def _lookup(self, instance: str, conditions: tuple[tuple[str, Value], ...], field: str) -> Value:
        """The rows of a table that travels with the form whose columns equal the values given,
        as XPath compares them (a number as a number); `field` of each, a node-set. The table is
        data: nothing in it is ever evaluated."""
        form, lang = self.form, self.form_lang
        rows = form.table(instance, lang) or []
        chosen: list[int] | None = None
        for column, value in conditions:
            if isinstance(value, str):  # the usual case: an index finds the rows
                found = form.table_index(instance, lang, column).get(value, [])
            else:
                found = [i for i in (chosen if chosen is not None else range(len(rows)))
                         if values_equal(rows[i].get(column, ""), value)]
            chosen = found if chosen is None else [i for i in chosen if i in set(found)]
        picked = [rows[i] for i in (chosen if chosen is not None else range(len(rows)))]
        return tuple(row.get(field, "") for row in picked) if field else ("",) * len(picked)

    # -- slots

    def _resolve(self, slot: Slot) -> tuple[Question, At]:
        """A slot (name,) or (repeat, i, [repeat, j, ...] name) -> the question and its entries."""
        bad = UserError(Message(MESSAGES, "bad_slot", {"form_id": self.form.id, "slot": slot}))
        if not isinstance(slot, tuple) or len(slot) % 2 == 0:
            raise bad
        name = slot[-1]
        q = self.form.by_name.get(name) if isinstance(name, str) else None
        if q is None or tuple(slot[0:-1:2]) != q.repeats:
            raise bad
        at = tuple(slot[1:-1:2])
        for depth, i in enumerate(at):
            if not isinstance(i, int) or isinstance(i, bool) or i < 0:
                raise bad
            repeat = q.repeats[depth]
            if i >= max(self._entry_count(repeat, at[:depth]),
                        len(self._entries(q.repeats[:depth + 1], at[:depth]))):
                raise bad
        return q, at

    def _slot(self, q: Question, at: At) -> Slot:
        return (*(x for pair in zip(q.repeats, at, strict=True) for x in pair), q.name)

    def _order(self, slot: Slot) -> tuple[int, ...]:
        """Where a slot sits in the form, whether or not it is relevant now."""
        by_name = self.form.by_name
        try:
            if len(slot) % 2 == 1 and all(isinstance(i, int) for i in slot[1:-1:2]):
                key: list[int] = []
                for name, i in zip(slot[0:-1:2], slot[1:-1:2], strict=True):
                    key += [by_name[name].row, i]
                return (*key, by_name[slot[-1]].row)
        except (KeyError, TypeError):
            pass
        raise UserError(Message(MESSAGES, "bad_slot", {"form_id": self.form.id, "slot": slot}))

    # -- checking one answer

    def _choices(self, q: Question, at: At) -> tuple[Option, ...]:
        key = (q.name, at)
        cached = self._choice_cache.get(key)
        if cached is not None:
            return cached
        lang = self.form_lang
        out = []
        check = q.compiled.get("choice_filter")
        for c in self.form.choices.get(q.list_name, []):
            if check is None or to_bool(check(_Env(self, q.repeats, at, choice=c.columns))):
                out.append(Option(c.name, c.label(lang)))
        if q.randomize:  # filtered first, then shuffled, as ODK's randomize(list[filter], seed)
            seed = to_number(q.compiled["seed"](self._env(q.repeats, at))) if "seed" in q.compiled \
                else float(visit_seed(self._visit, q.name + "".join(f"/{i}" for i in at)))
            out = shuffled(out, seed)
        result = tuple(out)
        self._choice_cache[key] = result
        return result

    def _required(self, q: Question, at: At) -> bool:
        if not q.required:
            return False
        if q.required == "true()":
            return True
        return to_bool(q.compiled["required"](self._env(q.repeats, at)))

    def _check(self, q: Question, at: At) -> tuple[list[str], bool]:
        """(errors of the stored value, whether a required answer is missing)."""
        raw = self._stored(q.name, at)
        parsed = _parse_answer(q.type, raw)
        lang = self._lang
        errors: list[str] = []
        if parsed.error:
            errors.append(_msg(parsed.error, lang))
        elif parsed.text:
            if q.is_select:
                allowed = {o.name for o in self._choices(q, at)}
                parts = parsed.text.split()
                if q.type == "select_one" and parsed.text in allowed:
                    parts = [parsed.text]  # a choice name with spaces (select_one only)
                elif q.type == "select_one" and len(parts) > 1:
                    errors.append(_msg("answer_too_many", lang))
                errors.extend(_msg("answer_not_choice", lang, choice=p) for p in parts if p not in allowed)
            if not errors and q.constraint:
                env = _Env(self, q.repeats, at, cur=self._typed(q, raw))
                if not to_bool(q.compiled["constraint"](env)):
                    errors.append(pick_label(q.constraint_messages, self.form_lang)
                                  or _msg("answer_constraint", lang))
        missing = not parsed.text and self._required(q, at)
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

    def _interpolate(self, text: str, q: Question, at: At) -> str:
        if "${" not in text:
            return text
        env = self._env(q.repeats, at)
        return LABEL_REF_RE.sub(lambda m: _display(env.ref(m[1])), text)

    def _make_item(self, q: Question, at: At) -> Item:
        label, hint, groups = self._texts(q)
        label = self._interpolate(label, q, at)
        hint = self._interpolate(hint, q, at)
        entry = self._slot(q, at)[:-1]
        repeat = (q.repeat, at[-1]) if q.repeat is not None and at else None
        if q.type == "begin_repeat":
            n = self._entry_count(q.name, at)
            return Item(self._slot(q, at), q, "repeat", label, hint, False, q.read_only, str(n),
                        (), False, "note", (), groups, repeat, counted=bool(q.repeat_count), entry=entry)
        if q.type == "note":
            return Item(self._slot(q, at), q, "note", label, hint, False, True, "",
                        (), False, "note", (), groups, repeat, entry=entry)
        value = self._stored(q.name, at)
        relevant = self._relevant(q.name, at)
        errors, missing = self._check(q, at) if relevant else ([], False)
        state = "error" if errors else ("answered" if value.strip() else "empty")
        choices = self._choices(q, at) if q.is_select else ()
        required = relevant and self._required(q, at)
        return Item(self._slot(q, at), q, q.type, label, hint, required, q.read_only or q.computed,
                    value, tuple(errors), missing, state, choices, groups, repeat, entry=entry)

    # -- public API

    def items(self) -> list[Item]:
        """The relevant questions (and notes, and repeat rows) in the order they are asked."""
        if self._items is not None:
            return self._items
        out: list[Item] = []
        self._add_items(self._layout.top, (), out)
        self._items = out
        return out

    def _add_items(self, questions: list[Question], at: At, out: list[Item]) -> None:
        for q in questions:
            if q.type in _NOT_ITEMS or not self._relevant(q.name, at):
                continue
            out.append(self._make_item(q, at))
            if q.type == "begin_repeat":
                for i in range(self._entry_count(q.name, at)):
                    self._add_items(self._layout.children[q.name], (*at, i), out)

    def item(self, slot: Slot) -> Item:
        q, at = self._resolve(slot)
        return self._make_item(q, at)

    def set(self, slot: Slot, raw: str) -> list[str]:
        q, at = self._resolve(slot)
        if q.read_only or not q.has_value or q.computed or q.is_meta:
            raise UserError(Message(MESSAGES, "read_only_slot", {"slot": slot}))
        raw = raw if isinstance(raw, str) else _as_text(raw)
        parsed = _parse_answer(q.type, raw)
        stored = raw if parsed.error else parsed.text  # what was typed is never dropped
        self._store(q, at, stored)
        self._stamp_end()
        self._changed()
        self._fire_triggers(q, at)
        return self.validate(slot)

    def _store(self, q: Question, at: At, text: str) -> None:
        if not at:
            self._answers[q.name] = text
        else:
            assert q.repeat is not None
            self._ensure_entries(q.repeat, at[:-1], at[-1] + 1)[at[-1]][q.name] = text

    def _fire_triggers(self, changed: Question, at: At) -> None:
        """The questions whose trigger is the answer just changed take their calculation's value
        (the volunteer may still change them afterwards)."""
        for q in self._layout.triggered.get(changed.name, []):
            compiled = q.compiled.get("calculation")
            if compiled is None:
                continue
            # a trigger is in the changed question's entries or in entries inside them
            targets = self._positions(q.repeats, at[:len(q.repeats)])
            for where in targets:
                value = _answer_text(q, compiled(_Env(self, q.repeats, where, self_name=q.name)))
                self._store(q, where, value)
            self._changed()

    def toggle(self, slot: Slot, choice: str) -> list[str]:
        q, at = self._resolve(slot)
        parts = _parse_answer(q.type, self._stored(q.name, at)).text.split()
        parts = [p for p in parts if p != choice] if choice in parts else [*parts, choice]
        return self.set(slot, " ".join(parts))

    def _repeat_row(self, repeat: str | Slot) -> tuple[Question, At]:
        """A repeat named (top-level) or given by its row's slot (any depth): the question and the
        entries around it."""
        slot = (repeat,) if isinstance(repeat, str) else repeat
        try:
            q, at = self._resolve(slot) if isinstance(slot, tuple) else (None, ())
        except UserError:
            q, at = None, ()
        if q is None or q.type != "begin_repeat" or q.repeat_count:
            raise UserError(Message(MESSAGES, "not_a_repeat", {"name": repeat}))
        return q, at

    def add_entry(self, repeat: str | Slot) -> int:
        """A new entry of the repeat `repeat` (its name, or its row's slot for a repeat inside a
        repeat's entry: ("people", 0, "benefits")); its index."""
        q, at = self._repeat_row(repeat)
        self._ensure_entries(q.name, at, 0)
        entries = self._entries((*q.repeats, q.name), at)
        entries.append(self._new_entry(q.name, (*at, len(entries))))
        self._changed()
        return len(entries) - 1

    def remove_entry(self, repeat: str | Slot, index: int) -> None:
        q, at = self._repeat_row(repeat)
        entries = self._entries((*q.repeats, q.name), at)
        if not isinstance(index, int) or not 0 <= index < len(entries):
            raise UserError(Message(MESSAGES, "entry_out_of_range", {"name": q.name, "index": index}))
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
        q, at = self._resolve(slot)
        if not q.has_value or not self._relevant(q.name, at):
            return []
        return self._check(q, at)[0]

    def broken_constraints(self) -> list[tuple[Question, Slot]]:
        """The answered, relevant questions whose answer breaks their constraint, in the order
        they are asked: only the questions with a constraint are looked at (a merge checks every
        visit of a stick; building every item of each checklist cost most of that)."""
        found = []
        for q in self.form.rows:
            if not q.constraint or not q.has_value or q.type in _NOT_ITEMS:
                continue
            for at in self._positions(q.repeats):
                if self._stored(q.name, at) and self._relevant(q.name, at) and self._check(q, at)[0]:
                    found.append((q, self._slot(q, at)))
        return sorted(found, key=lambda pair: self._order(pair[1]))

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
            for at in self._positions(q.repeats):
                if self._relevant(q.name, at):
                    out[self._slot(q, at)] = to_string(self._value(q.name, at))
        return out

    def register_updates(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for q in self._layout.top:
            if not q.save_to or not self._relevant(q.name, ()):
                continue
            if q.type == "calculate":
                value = to_string(self._value(q.name, ()))
            else:
                errors, _ = self._check(q, ())
                value = "" if errors else _parse_answer(q.type, self._stored(q.name, ())).text
            if value:
                out[q.save_to] = value
        return out

    def instance_name(self) -> str:
        compiled = self.form.instance_name_compiled
        if compiled is not None:
            name = to_string(compiled(self._env((), ()))).strip()
            if name:
                return name
        return f"{self.form.title(self.form_lang)} {self.today.isoformat()}"

    @property
    def answers(self) -> dict[str, Any]:
        return _copy_out(self._answers)


def _copy_out(answers: Mapping[str, Any]) -> dict[str, Any]:
    return {k: [_copy_out(e) for e in v] if isinstance(v, list) else v for k, v in answers.items()}


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
