"""The form model (XLSForm semantics) and its loader, which finds every problem at load time.

A form file is TOML (or JSON with the same shape): a `[form]` table, an array of `[[survey]]`
rows, one per XLSForm survey row (begin/end group and repeat are rows too), and
`[[choices.LIST]]` arrays. docs/forms.md documents the format with a complete example.

Loading never stops at the first problem: every row, column and expression is checked and all
problems are collected, each naming the file, the question, the column and (for expressions)
the position, so that a form author fixes everything in one round.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from doorstep.i18n import LANGS, Lang, Message, UserError
from doorstep.survey.evaluate import FUNCTIONS, Compiled, choice_name_target, compile_node, literal
from doorstep.survey.expr import Call, Column, Current, ExprError, Lookup, Node, Parent, Ref, Str, parse, walk
from doorstep.survey.messages import MESSAGES
from doorstep.survey.normalize import normalize_answer
from doorstep.survey.regex import pattern_problem

VALUE_TYPES = ("text", "integer", "decimal", "select_one", "select_multiple", "date", "time",
               "dateTime", "acknowledge", "household_id", "geopoint", "geotrace", "geoshape", "barcode")
# Filled by the engine from the home and the visit, never asked (XLSForm's metadata types).
META_TYPES = ("start", "end", "today", "deviceid", "username")
TYPES = (*VALUE_TYPES, *META_TYPES, "note", "calculate", "begin_group", "end_group", "begin_repeat",
         "end_repeat")
EXPRESSION_COLUMNS = ("relevant", "constraint", "calculation", "required", "choice_filter",
                      "repeat_count", "seed")
ROW_COLUMNS = {"type", "name", "label", "hint", "required", "required_message", "relevant",
               "constraint", "constraint_message", "calculation", "default", "read_only",
               "choice_filter", "save_to", "repeat_count", "appearance", "trigger", "summary",
               "randomize", "seed"}
FORM_COLUMNS = {"id", "title", "version", "default_language", "instance_name"}
# XLSForm names are XML names: letters of any script (姓名), `.` and `-` after the first character.
_NAME_RE = re.compile(r"[^\W\d][\w.\-]*\Z")
_SAVE_TO_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# A form language: zh, en, or any other code a form's labels are keyed by (fr, pt-BR, ...).
_LANGUAGE_RE = re.compile(r"[A-Za-z][A-Za-z0-9_\-]{0,34}\Z")
LABEL_REF_RE = re.compile(r"\$\{\s*([^}\s]*)\s*\}")
_FORM_ID_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
# The largest counted repeat the engine will lay out: a typo like 1000000 must not hang the TUI.
MAX_REPEAT_COUNT = 200
# Repeats inside repeats (a household's members, each member's benefits): real forms nest two or
# three deep; deeper is a mistake, and each level multiplies what a screen lays out.
MAX_REPEAT_DEPTH = 4
# Tables that travel with a form for instance() and pulldata() (its CSVs): as large as a town's
# list of villages or a price list gets, not a database.
MAX_INSTANCE_ROWS = 20_000
MAX_INSTANCE_CELLS = 400_000
_INSTANCE_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*\Z")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a form file."""

    file: str
    question: str
    column: str
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    pos: int | None = None

    def render(self, lang: Lang) -> str:
        # The file name goes in as a parameter so that templates are always formatted ({{ }}).
        what = Message(MESSAGES, self.key, {**self.params, "file": self.file}).render(lang)
        where_key = "problem_where_pos" if self.pos is not None else "problem_where"
        where = Message(MESSAGES, where_key, {"file": self.file, "question": self.question,
                                              "column": self.column,
                                              "pos": None if self.pos is None else self.pos + 1}
                        ).render(lang)
        return Message(MESSAGES, "problem_line", {"where": where, "what": what}).render(lang)


class FormError(UserError):
    """A form file with problems; `.problems` lists all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(*problems)


def pick_label(labels: Mapping[str, str], lang: str, default: str = "") -> str:
    """The text in `lang`, else in the other language, else `default`."""
    if lang in labels and labels[lang]:
        return labels[lang]
    for other in LANGS:
        if labels.get(other):
            return labels[other]
    return next((v for v in labels.values() if v), default)


@dataclass(frozen=True)
class Choice:
    name: str
    labels: Mapping[str, str]
    columns: Mapping[str, str]  # every column of the choice row, for choice_filter

    def label(self, lang: str) -> str:
        return pick_label(self.labels, lang, self.name)


@dataclass(eq=False)
class Question:
    """One survey row. For groups and repeats `type` is begin_group/begin_repeat."""

    name: str
    type: str
    row: int
    list_name: str = ""
    labels: Mapping[str, str] = field(default_factory=dict)
    hints: Mapping[str, str] = field(default_factory=dict)
    required: str = ""  # an expression, "" when never required
    required_messages: Mapping[str, str] = field(default_factory=dict)
    relevant: str = ""
    constraint: str = ""
    constraint_messages: Mapping[str, str] = field(default_factory=dict)
    calculation: str = ""
    default: str = ""
    read_only: bool = False
    choice_filter: str = ""
    save_to: str = ""
    repeat_count: str = ""
    appearance: str = ""
    summary: str = ""  # "sum": the office's summary adds this number up over the visits
    trigger: tuple[str, ...] = ()  # names whose change sets this answer to its calculation
    randomize: bool = False  # the choices in ODK's shuffled order (survey.shuffle)
    seed: str = ""  # an expression: the order's seed; "" = fixed per visit
    parents: tuple[str, ...] = ()  # names of the enclosing groups/repeats, outermost first
    repeat: str | None = None  # the innermost enclosing repeat's name
    repeats: tuple[str, ...] = ()  # every enclosing repeat, outermost first (nested repeats)
    compiled: dict[str, Compiled] = field(default_factory=dict)

    def label(self, lang: str) -> str:
        return pick_label(self.labels, lang, self.name)

    def hint(self, lang: str) -> str:
        return pick_label(self.hints, lang)

    @property
    def has_value(self) -> bool:
        return self.type in VALUE_TYPES or self.type in META_TYPES or self.type == "calculate"

    @property
    def dynamic_default(self) -> bool:
        """A default computed when the visit (or the repeat entry) starts, as XLSForm decides it:
        one that refers to an answer or calls a function."""
        return "${" in self.default or "(" in self.default

    @property
    def computed(self) -> bool:
        """A question whose value its calculation gives (a calculate, or any question with one);
        with a trigger, the calculation only sets the answer when the trigger changes."""
        return bool(self.calculation) and not self.trigger

    @property
    def is_meta(self) -> bool:
        return self.type in META_TYPES

    @property
    def is_select(self) -> bool:
        return self.type in ("select_one", "select_multiple")


@dataclass(eq=False)
class Form:
    id: str
    version: str
    titles: Mapping[str, str]
    default_language: str
    instance_name: str
    rows: list[Question]  # every row in file order, begin/end markers included
    choices: Mapping[str, list[Choice]]
    path: str = ""
    by_name: dict[str, Question] = field(default_factory=dict)
    instance_name_compiled: Compiled | None = None
    # Tables for instance('name') and pulldata('name', ...): {name: [{column: text}]}, the CSVs
    # that travel with the form. Choice lists can be looked up too (Form.table).
    instances: Mapping[str, list[Mapping[str, str]]] = field(default_factory=dict)
    _tables: dict[tuple[str, str], list[Mapping[str, str]]] = field(default_factory=dict, repr=False)
    _indexes: dict[tuple[str, str, str], dict[str, list[int]]] = field(default_factory=dict, repr=False)

    def title(self, lang: str) -> str:
        return pick_label(self.titles, lang, self.id)

    @property
    def questions(self) -> list[Question]:
        """The rows that hold or show something (no end markers), in order."""
        return [q for q in self.rows if not q.type.startswith("end_")]

    def languages(self) -> list[str]:
        """The languages the form's labels are written in (zh and en first), for a language menu."""
        found: set[str] = set()
        for q in self.rows:
            found.update(k for k, v in q.labels.items() if v)
        return sorted(found, key=lambda k: (k not in ("zh", "en"), k != "zh", k))

    def question_count(self) -> int:
        """Questions a volunteer answers (no notes, calculations, groups)."""
        return sum(1 for q in self.rows if q.type in VALUE_TYPES)

    def choice_list(self, question: Question) -> list[Choice]:
        return list(self.choices.get(question.list_name, []))

    def _choice_table(self, name: str) -> list[Choice] | None:
        # select_one_from_file towns.csv keeps its rows as the list file_towns; ODK names it towns
        return self.choices.get(name, self.choices.get("file_" + re.sub(r"[^A-Za-z0-9_]", "_", name)))

    def table(self, name: str, lang: str) -> list[Mapping[str, str]] | None:
        """The rows of the table `name` for lookups: a CSV that travels with the form, else a
        choice list (name, label in `lang`, its other columns); None when there is none."""
        if name in self.instances:
            return self.instances[name]
        key = (name, lang)
        rows = self._tables.get(key)
        if rows is None:
            choices = self._choice_table(name)
            if choices is None:
                return None
            rows = self._tables[key] = [{**c.columns, "name": c.name, "label": c.label(lang)}
                                        for c in choices]
        return rows

    def table_index(self, name: str, lang: str, column: str) -> dict[str, list[int]]:
        """{text: the rows whose `column` is that text}: a lookup finds its rows without a scan."""
        key = (name, lang, column)
        index = self._indexes.get(key)
        if index is None:
            index = self._indexes[key] = {}
            for i, row in enumerate(self.table(name, lang) or []):
                index.setdefault(row.get(column, ""), []).append(i)
        return index

    def table_columns(self, name: str) -> set[str] | None:
        if name in self.instances:
            return {k for row in self.instances[name] for k in row}
        choices = self._choice_table(name)
        if choices is None:
            return None
        return {"name", "label"} | {k for c in choices for k in c.columns}


# --- loading ---------------------------------------------------------------------------------


def read_form_data(path: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    file = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(file, "-", "-", "form_unreadable", {"why": exc.strerror or str(exc)})]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [Problem(file, "-", "-", "form_not_utf8", {"offset": exc.start})]
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        return None, [Problem(file, "-", "-", "form_syntax", {"why": str(exc)})]
    if not isinstance(data, dict):
        return None, [Problem(file, "-", "-", "form_not_table", {})]
    return data, []


def load_form(path: str | Path) -> Form:
    """Load and check a form file; FormError listing every problem if it has any."""
    form, problems = check_form(Path(path))
    if problems or form is None:
        raise FormError(problems)
    return form


def check_form_file(path: str | Path) -> list[Problem]:
    """Every problem of a form file (empty when it is good)."""
    return check_form(Path(path))[1]


def check_form(path: Path) -> tuple[Form | None, list[Problem]]:
    data, problems = read_form_data(path)
    if data is None:
        return None, problems
    return check_form_data(data, str(path))


def check_form_data(data: Mapping[str, Any], file: str) -> tuple[Form | None, list[Problem]]:
    """Check form data already parsed (a form shipped in an assignment, an imported XLSForm)."""
    builder = _Builder(file, data)
    form = builder.build()
    return form, builder.problems


def load_form_text(text: str, file: str) -> Form:
    """A form from its TOML source text (as forms travel in assignments); FormError if bad."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FormError([Problem(file, "-", "-", "form_syntax", {"why": str(exc)})]) from None
    form, problems = check_form_data(data, file)
    if problems or form is None:
        raise FormError(problems)
    return form


def _normalise_type(raw: str) -> tuple[str, str]:
    """'select_one yes_no' -> ('select_one', 'yes_no'); 'begin group' -> ('begin_group', '')."""
    parts = raw.split()
    if len(parts) >= 2 and parts[0] in ("begin", "end") and parts[1] in ("group", "repeat"):
        return f"{parts[0]}_{parts[1]}", " ".join(parts[2:])
    if not parts:
        return "", ""
    return parts[0], " ".join(parts[1:])


class _Builder:
    """Builds a Form from parsed file data, collecting problems instead of stopping."""

    def __init__(self, file: str, data: Mapping[str, Any]) -> None:
        self.file = file
        self.data = data
        self.problems: list[Problem] = []

    def problem(self, question: str, column: str, key: str, pos: int | None = None, /,
                **params: Any) -> None:
        self.problems.append(Problem(self.file, question, column, key, params, pos))

    # -- pieces

    def labels(self, value: Any, question: str, column: str) -> dict[str, str]:
        if value is None:
            return {}
        if isinstance(value, str):
            return {lang: value for lang in LANGS}
        if isinstance(value, Mapping) and all(isinstance(v, str) for v in value.values()):
            return {str(k): v for k, v in value.items()}
        self.problem(question, column, "form_bad_label")
        return {}

    def text(self, value: Any, question: str, column: str) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true()" if value else "false()"
        if isinstance(value, int | float):
            return str(value)
        if isinstance(value, str):
            # Not stripped: positions reported in an expression must match the file.
            return value if value.strip() else ""
        self.problem(question, column, "form_not_text")
        return ""

    def required(self, value: Any, question: str) -> str:
        if value is None or value is False:
            return ""
        if value is True:
            return "true()"
        if isinstance(value, str):
            low = value.strip().lower()
            if low in ("", "no", "false", "false()"):
                return ""
            if low in ("yes", "true", "true()"):
                return "true()"
            return value.strip()
        self.problem(question, "required", "form_not_text")
        return ""

    # -- the form

    def build(self) -> Form | None:
        meta = self.data.get("form")
        if not isinstance(meta, Mapping):
            self.problem("-", "form", "form_missing_table", table="form")
            meta = {}
        for key in self.data:
            if key not in ("form", "survey", "choices", "instances"):
                self.problem("-", key, "form_unknown_table", table=key)
        for key in meta:
            if key not in FORM_COLUMNS:
                self.problem("-", f"form.{key}", "form_unknown_column", column=key)
        form_id = meta.get("id")
        if not isinstance(form_id, str) or not _FORM_ID_RE.match(form_id):
            self.problem("-", "form.id", "form_bad_id", value=form_id)
            form_id = str(form_id or "")
        version = meta.get("version")
        if not isinstance(version, str | int) or str(version).strip() == "":
            self.problem("-", "form.version", "form_missing_meta", column="version")
        titles = self.labels(meta.get("title"), "-", "form.title")
        if not titles:
            self.problem("-", "form.title", "form_missing_meta", column="title")
        default_language = meta.get("default_language", "zh")
        if not isinstance(default_language, str) or not _LANGUAGE_RE.match(default_language):
            self.problem("-", "form.default_language", "form_bad_language", value=default_language)
            default_language = "zh"
        instance_name = self.text(meta.get("instance_name"), "-", "form.instance_name")

        choices = self.build_choices(self.data.get("choices", {}))
        instances = self.build_instances(self.data.get("instances", {}))
        rows = self.build_rows(self.data.get("survey"))
        form = Form(id=form_id, version=str(version or ""), titles=titles,
                    default_language=default_language, instance_name=instance_name,
                    rows=rows, choices=choices, path=self.file, instances=instances)
        form.by_name = {q.name: q for q in rows if not q.type.startswith("end_") and q.name}
        self.check_rows(form)
        self.check_expressions(form)
        self.check_cycles(form)
        return form

    def build_choices(self, raw: Any) -> dict[str, list[Choice]]:
        out: dict[str, list[Choice]] = {}
        if not isinstance(raw, Mapping):
            self.problem("-", "choices", "form_bad_choices", list="-")
            return out
        for list_name, rows in raw.items():
            where = f"choices.{list_name}"
            if not isinstance(rows, list) or not rows:
                self.problem("-", where, "form_bad_choices", list=list_name)
                continue
            seen: set[str] = set()
            items: list[Choice] = []
            for row in rows:
                if not isinstance(row, Mapping) or not isinstance(row.get("name"), str | int):
                    self.problem("-", where, "form_choice_without_name", list=list_name)
                    continue
                name = str(row["name"]).strip()
                if not name or any(c in name for c in "\n\r\t"):
                    self.problem("-", where, "form_bad_choice_name", list=list_name, name=name)
                    continue
                if name in seen:
                    self.problem("-", where, "form_duplicate_choice", list=list_name, name=name)
                    continue
                seen.add(name)
                labels = self.labels(row.get("label"), name, where)
                if not labels:
                    self.problem(name, where, "form_missing_label")
                columns = {str(k): str(v) for k, v in row.items() if k != "label"}
                items.append(Choice(name, labels, columns))
            out[str(list_name)] = items
        return out

    def build_instances(self, raw: Any) -> dict[str, list[Mapping[str, str]]]:
        """[instances] name = [{column = "text", ...}, ...]: every row a table of texts."""
        out: dict[str, list[Mapping[str, str]]] = {}
        if not isinstance(raw, Mapping):
            self.problem("-", "instances", "form_bad_instance", name="-")
            return out
        cells = 0
        for name, rows in raw.items():
            where = f"instances.{name}"
            if not isinstance(name, str) or not _INSTANCE_NAME_RE.match(name) or name == "register":
                self.problem("-", where, "form_bad_instance_name", name=name)
                continue
            if not isinstance(rows, list) or not rows or not all(isinstance(r, Mapping) for r in rows):
                self.problem("-", where, "form_bad_instance", name=name)
                continue
            cells += sum(len(r) for r in rows)
            if len(rows) > MAX_INSTANCE_ROWS or cells > MAX_INSTANCE_CELLS:
                self.problem("-", where, "form_instance_too_big", name=name, rows=MAX_INSTANCE_ROWS,
                             cells=MAX_INSTANCE_CELLS)
                continue
            bad = next((k for r in rows for k, v in r.items()
                        if not isinstance(v, str) or not _INSTANCE_NAME_RE.match(str(k))), None)
            if bad is not None:
                self.problem("-", where, "form_bad_instance_column", name=name, column=bad)
                continue
            out[name] = [dict(r) for r in rows]
        return out

    def build_rows(self, raw: Any) -> list[Question]:
        if not isinstance(raw, list) or not raw:
            self.problem("-", "survey", "form_missing_table", table="survey")
            return []
        rows: list[Question] = []
        stack: list[Question] = []
        for index, row in enumerate(raw, start=1):
            if not isinstance(row, Mapping):
                self.problem(f"#{index}", "survey", "form_row_not_table")
                continue
            name_value = row.get("name")
            name = name_value.strip() if isinstance(name_value, str) else ""
            label_for = name or f"#{index}"
            for key in row:
                if key not in ROW_COLUMNS:
                    self.problem(label_for, str(key), "form_unknown_column", column=key)
            type_raw = row.get("type")
            qtype, list_name = _normalise_type(type_raw if isinstance(type_raw, str) else "")
            if qtype not in TYPES:
                self.problem(label_for, "type", "form_unknown_type", value=type_raw)
                continue
            if qtype.startswith("end_"):
                kind = qtype[4:]
                if not stack:
                    self.problem(label_for, "type", "form_end_without_begin", kind=kind)
                    continue
                opened = stack[-1]
                if opened.type != f"begin_{kind}":
                    self.problem(label_for, "type", "form_end_mismatch", kind=kind, opened=opened.name)
                    continue
                stack.pop()
                rows.append(Question(name=opened.name, type=qtype, row=index,
                                     parents=tuple(q.name for q in stack)))
                continue
            if not name:
                self.problem(label_for, "name", "form_missing_name")
                continue
            if not _NAME_RE.match(name):
                self.problem(label_for, "name", "form_bad_name", value=name)
                continue
            repeats = tuple(q.name for q in stack if q.type == "begin_repeat")
            repeat = repeats[-1] if repeats else None
            q = Question(
                name=name, type=qtype, row=index, list_name=list_name,
                labels=self.labels(row.get("label"), name, "label"),
                hints=self.labels(row.get("hint"), name, "hint"),
                required=self.required(row.get("required"), name),
                required_messages=self.labels(row.get("required_message"), name, "required_message"),
                relevant=self.text(row.get("relevant"), name, "relevant"),
                constraint=self.text(row.get("constraint"), name, "constraint"),
                constraint_messages=self.labels(row.get("constraint_message"), name, "constraint_message"),
                calculation=self.text(row.get("calculation"), name, "calculation"),
                default=self.text(row.get("default"), name, "default"),
                read_only=self.read_only(row.get("read_only"), name),
                choice_filter=self.text(row.get("choice_filter"), name, "choice_filter"),
                save_to=self.text(row.get("save_to"), name, "save_to"),
                repeat_count=self.text(row.get("repeat_count"), name, "repeat_count"),
                appearance=self.text(row.get("appearance"), name, "appearance"),
                summary=self.text(row.get("summary"), name, "summary").strip().lower(),
                trigger=tuple(m[1] for m in LABEL_REF_RE.finditer(self.text(row.get("trigger"), name,
                                                                            "trigger"))),
                randomize=self.read_only(row.get("randomize"), name, "randomize"),
                seed=self.text(row.get("seed"), name, "seed"),
                parents=tuple(q.name for q in stack),
                repeat=repeat,
                repeats=repeats,
            )
            rows.append(q)
            if qtype in ("begin_group", "begin_repeat"):
                stack.append(q)
        for opened in stack:
            self.problem(opened.name, "type", "form_unclosed", kind=opened.type[6:])
        return rows

    def read_only(self, value: Any, question: str, column: str = "read_only") -> bool:
        """A yes/no column (read_only, randomize)."""
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("yes", "true", "no", "false", ""):
            return value.strip().lower() in ("yes", "true")
        self.problem(question, column, "form_bad_bool")
        return False

    # -- checks across rows

    def check_rows(self, form: Form) -> None:
        seen: set[str] = set()
        for q in form.rows:
            if q.type.startswith("end_"):
                continue
            if q.name in seen:
                self.problem(q.name, "name", "form_duplicate_name")
            seen.add(q.name)
            if q.type == "select_multiple" and any(" " in c.name for c in form.choices.get(q.list_name, [])):
                # a select_multiple answer is its choice names joined by spaces
                self.problem(q.name, "type", "form_spaced_choice_multiple", list=q.list_name)
            if q.is_select:
                if not q.list_name:
                    self.problem(q.name, "type", "form_select_without_list")
                elif q.list_name not in form.choices:
                    self.problem(q.name, "type", "form_unknown_list", list=q.list_name)
            elif q.list_name:
                self.problem(q.name, "type", "form_unexpected_list", list=q.list_name)
            if q.type == "calculate" and not q.calculation:
                self.problem(q.name, "calculation", "form_calculate_without_calculation")
            if q.type != "calculate" and q.calculation and q.type not in VALUE_TYPES:
                self.problem(q.name, "calculation", "form_calculation_not_calculate")
            if q.type not in ("note", "calculate", "begin_group", "begin_repeat") and not q.is_meta \
                    and not q.labels:
                self.problem(q.name, "label", "form_missing_label")
            if q.type == "note" and not q.labels:
                self.problem(q.name, "label", "form_missing_label")
            if q.summary and (q.summary != "sum" or q.type not in ("integer", "decimal", "calculate")):
                self.problem(q.name, "summary", "form_bad_summary", value=q.summary)
            if q.repeat_count and q.type != "begin_repeat":
                self.problem(q.name, "repeat_count", "form_repeat_count_outside_repeat")
            if q.type == "begin_repeat" and len(q.repeats) >= MAX_REPEAT_DEPTH:
                self.problem(q.name, "type", "form_nested_repeat", depth=MAX_REPEAT_DEPTH)
            if q.randomize and not q.is_select:
                self.problem(q.name, "randomize", "form_randomize_without_select")
            if q.seed and not q.randomize:
                self.problem(q.name, "seed", "form_seed_without_randomize")
            if q.choice_filter and not q.is_select:
                self.problem(q.name, "choice_filter", "form_choice_filter_without_select")
            if q.save_to:
                if not _SAVE_TO_RE.match(q.save_to):
                    self.problem(q.name, "save_to", "form_bad_name", value=q.save_to)
                if q.repeat is not None or not q.has_value:
                    self.problem(q.name, "save_to", "form_save_to_not_allowed")
            if q.default and q.has_value and q.dynamic_default:
                pass  # an expression, checked with the other expressions
            elif q.default and q.has_value:
                parsed = normalize_answer(q.type, q.default)
                if parsed.error:
                    self.problem(q.name, "default", parsed.error)
                elif q.is_select and q.list_name in form.choices:
                    names = {c.name for c in form.choices[q.list_name]}
                    for part in parsed.text.split():
                        if part not in names:
                            self.problem(q.name, "default", "answer_not_choice_named", choice=part)

    def check_expressions(self, form: Form) -> None:
        if form.instance_name:
            node = self.parse_checked(form, None, "instance_name", form.instance_name, "-")
            if node is not None:
                form.instance_name_compiled = compile_node(node)
        for q in form.rows:
            if q.type.startswith("end_"):
                continue
            self.check_label_refs(form, q)
            self.check_trigger(form, q)
            for column in EXPRESSION_COLUMNS:
                text = getattr(q, column)
                if not text:
                    continue
                node = self.parse_checked(form, q, column, text, q.name)
                if node is not None:
                    q.compiled[column] = compile_node(node)
            if q.default and q.has_value and q.dynamic_default:
                node = self.parse_checked(form, q, "default", q.default, q.name)
                if node is not None:
                    q.compiled["default"] = compile_node(node)

    def check_trigger(self, form: Form, q: Question) -> None:
        for name in q.trigger:
            target = form.by_name.get(name)
            if target is None or not target.has_value:
                self.problem(q.name, "trigger", "expr_unknown_ref", name=name)
            elif target.repeats != q.repeats[:len(target.repeats)]:
                self.problem(q.name, "trigger", "form_trigger_elsewhere", name=name)
        if q.trigger and not q.calculation:
            self.problem(q.name, "trigger", "form_trigger_without_calculation")

    def check_label_refs(self, form: Form, q: Question) -> None:
        """Labels and hints may show answers, as in XLSForm: "合计 ${total} 元"."""
        for column, texts in (("label", q.labels), ("hint", q.hints)):
            seen: set[str] = set()
            for lang, text in texts.items():
                if text in seen:  # one text for every language: report it once
                    continue
                seen.add(text)
                for m in LABEL_REF_RE.finditer(text):
                    if m[1] not in form.by_name or form.by_name[m[1]].type == "begin_group":
                        self.problem(q.name, f"{column}.{lang}", "expr_unknown_ref", m.start(), name=m[1])

    def parse_checked(self, form: Form, q: Question | None, column: str, text: str,
                      where: str) -> Node | None:
        try:
            node = parse(text)
        except ExprError as exc:
            self.problem(where, column, exc.key, exc.pos, **exc.params)
            return None
        ok = True
        for n in walk(node):
            if isinstance(n, Ref):
                target = form.by_name.get(n.name)
                if target is None:
                    self.problem(where, column, "expr_unknown_ref", n.pos, name=n.name)
                    ok = False
                elif target.type == "begin_group":
                    self.problem(where, column, "expr_ref_to_group", n.pos, name=n.name)
                    ok = False
            elif isinstance(n, Parent) and not _inside_position(node, n):
                self.problem(where, column, "expr_parent_outside_position", n.pos)
                ok = False
            elif isinstance(n, Current):
                if column != "constraint":
                    self.problem(where, column, "expr_dot_outside_constraint", n.pos)
                    ok = False
            elif isinstance(n, Column):
                if column != "choice_filter" or q is None:
                    self.problem(where, column, "expr_bare_name", n.pos, name=n.name)
                    ok = False
                else:
                    known = {k for c in form.choices.get(q.list_name, []) for k in c.columns}
                    if n.name not in known:
                        self.problem(where, column, "expr_unknown_column", n.pos, name=n.name,
                                     list=q.list_name)
                        ok = False
            elif isinstance(n, Call):
                ok = self.check_call(form, n, column, where) and ok
            elif isinstance(n, Lookup):
                ok = self.check_table(form, n.instance, [c for c, _ in n.conditions] + [n.field],
                                      column, where, n.pos) and ok
        return node if ok else None

    def check_table(self, form: Form, name: str, columns: list[str], column: str, where: str,
                    pos: int) -> bool:
        known = form.table_columns(name)
        if known is None:
            self.problem(where, column, "expr_unknown_instance", pos, name=name)
            return False
        for wanted in columns:
            if wanted and wanted not in known:
                self.problem(where, column, "expr_unknown_instance_column", pos, name=name, column=wanted)
                return False
        return True

    def check_call(self, form: Form, n: Call, column: str, where: str) -> bool:
        spec = FUNCTIONS.get(n.name)
        if spec is None:
            self.problem(where, column, "expr_unknown_function", n.pos, name=n.name)
            return False
        _, least, most = spec
        if len(n.args) < least or (most is not None and len(n.args) > most):
            expected = str(least) if least == most else (f"{least}+" if most is None else f"{least}-{most}")
            self.problem(where, column, "expr_arity", n.pos, name=n.name, expected=expected,
                         got=len(n.args))
            return False
        if n.name == "jr:choice-name":
            target = choice_name_target(n.args[1])
            question = form.by_name.get(target or "")
            if question is None or not question.is_select:
                self.problem(where, column, "expr_choice_name_target", n.args[1].pos)
                return False
        if n.name == "pulldata":
            names = [literal(a) for a in n.args[:3]]
            if any(x is None for x in names):
                self.problem(where, column, "expr_pulldata_literal", n.pos)
                return False
            table, wanted, key = (str(x) for x in names)
            return self.check_table(form, table, [wanted, key], column, where, n.pos)
        if n.name == "position" and n.args and not isinstance(n.args[0], Parent):
            self.problem(where, column, "expr_position_argument", n.pos)
            return False
        if n.name == "regex" and isinstance(n.args[1], Str):
            why = pattern_problem(n.args[1].value)
            if why is not None:
                self.problem(where, column, why, n.args[1].pos, pattern=n.args[1].value)
                return False
        return True

    def check_cycles(self, form: Form) -> None:
        """Values depend on calculations and relevance (an irrelevant answer counts as "")."""
        deps: dict[str, set[str]] = {}
        for q in form.rows:
            if q.type.startswith("end_") or not q.name:
                continue
            names: set[str] = set(q.parents[-1:])  # the enclosing group's relevance
            for column in ("calculation", "relevant", "repeat_count"):
                text = getattr(q, column)
                if text:
                    try:
                        names.update(n.name for n in walk(parse(text)) if isinstance(n, Ref))
                    except ExprError:
                        pass  # already reported
            deps[q.name] = {d for d in names if d in form.by_name}
        reported: set[frozenset[str]] = set()
        for cycle in _cycles(deps):
            key = frozenset(cycle)
            if key in reported:
                continue
            reported.add(key)
            first = form.by_name[cycle[0]]
            column = "calculation" if first.calculation else "relevant"
            self.problem(first.name, column, "form_cycle", path=" -> ".join([*cycle, cycle[0]]))


def _inside_position(tree: Node, parent: Parent) -> bool:
    return any(isinstance(n, Call) and n.name == "position" and parent in n.args for n in walk(tree))


def _cycles(deps: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """One cycle per strongly connected knot (iterative DFS, so deep forms cannot overflow)."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(deps, white)
    found: list[list[str]] = []
    for start in deps:
        if colour[start] != white:
            continue
        path: list[str] = []
        stack: list[tuple[str, Any]] = [(start, iter(sorted(deps[start])))]
        colour[start] = grey
        path.append(start)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                colour[node] = black
            elif colour.get(child, black) == grey:
                found.append(path[path.index(child):])
            elif colour.get(child, black) == white:
                colour[child] = grey
                path.append(child)
                stack.append((child, iter(sorted(deps[child]))))
    return found
