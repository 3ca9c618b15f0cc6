"""XLSForm in: a workbook (survey, choices, settings, external_choices) becomes a doorstep form.

The workbook is read by pyxform (survey.xlsform_read); types are resolved with pyxform's own
table of XLSForm types and their aliases (`gps` is a geopoint, `get today` is today), so a form
means here what it means in ODK. What a terminal cannot capture is mapped to something useful and
the author is told (a *notice*): photos, audio, video, files and signatures become a note that the
attachment is made at the office; geopoint, geotrace and geoshape are typed as coordinates; time
and dateTime are typed and checked (survey.moments); metadata (start, end, today, deviceid,
username) is filled from the home and the visit. What doorstep cannot run is refused with the
reason (a *problem*), every problem at once, each with its sheet, row and column.

The result goes through the same loader as any form file (survey.form), whose problems are
reported at the workbook's row and column too: a form that imports is a form that loads.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from doorstep.i18n import Lang, Message, UserError
from doorstep.i18n.shown import shown
from doorstep.survey.form import Form, Problem, check_form_data
from doorstep.survey.messages import MESSAGES
from doorstep.survey.toml_write import dump_form
from doorstep.survey.xlsform_read import ReadProblem, Workbook, read_workbook

# Survey columns and what they are called in a doorstep form (pyxform's aliases included).
_SURVEY_COLUMNS = {
    "type": "type", "command": "type", "name": "name", "tag": "name", "value": "name",
    "label": "label", "caption": "label", "hint": "hint",
    "required": "required", "required_message": "required_message", "requiredmsg": "required_message",
    "jr:requiredmsg": "required_message",
    "relevant": "relevant", "relevance": "relevant", "constraint": "constraint",
    "constraint_message": "constraint_message", "constraining_message": "constraint_message",
    "jr:constraintmsg": "constraint_message",
    "calculation": "calculation", "calculate": "calculation", "default": "default",
    "read_only": "read_only", "readonly": "read_only", "choice_filter": "choice_filter",
    "repeat_count": "repeat_count", "count": "repeat_count", "jr:count": "repeat_count",
    "appearance": "appearance", "parameters": "parameters", "trigger": "trigger", "summary": "summary",
}
_TRANSLATED = {"label", "hint", "required_message", "constraint_message"}
_CHOICE_COLUMNS = {"list_name": "list_name", "list name": "list_name", "name": "name", "value": "name",
                   "label": "label", "caption": "label"}
_MEDIA_COLUMNS = {"image", "big-image", "audio", "video", "media", "guidance_hint", "autoplay"}
_SETTINGS = {"form_title": "title", "set_form_title": "title", "title": "title", "form_id": "id",
             "set_form_id": "id", "id_string": "id", "version": "version",
             "default_language": "default_language", "instance_name": "instance_name",
             "allow_choice_duplicates": "allow_choice_duplicates"}
_YES = {"yes", "true", "true()", "1"}
_NO = {"no", "false", "false()", "0", ""}
_KNOWN_LANGUAGES = {
    "english": "en", "chinese": "zh", "中文": "zh", "汉语": "zh", "简体中文": "zh", "french": "fr",
    "français": "fr", "francais": "fr", "spanish": "es", "español": "es", "espanol": "es",
    "portuguese": "pt", "português": "pt", "arabic": "ar", "russian": "ru", "swahili": "sw",
    "hindi": "hi", "bengali": "bn", "indonesian": "id", "vietnamese": "vi", "thai": "th",
}
_LANG_CODE = re.compile(r"\(\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)\s*\)\s*\Z")
_BEGIN_END = {"group": "group", "lgroup": "repeat", "repeat": "repeat", "looped group": "repeat"}
_SELECTS = {
    "select_one": "select_one", "select one": "select_one", "select1": "select_one",
    "select one from": "select_one", "add select one prompt using": "select_one",
    "select one using": "select_one", "select_one_external": "select_one_external",
    "select one external": "select_one_external",
    "select_multiple": "select_multiple", "select all that apply": "select_multiple",
    "select all that apply from": "select_multiple", "select multiple from": "select_multiple",
    "select multiple using": "select_multiple", "add select multiple prompt using": "select_multiple",
    "select_one_from_file": "from_file_one", "select one from file": "from_file_one",
    "select_multiple_from_file": "from_file_multiple", "select multiple from file": "from_file_multiple",
    "rank": "rank",
}
_GEO_HINTS = {
    "geopoint": {"zh": "纬度 经度（十进制度数），如 28.2282 112.9388",
                 "en": "latitude longitude in decimal degrees, like 28.2282 112.9388"},
    "geotrace": {"zh": "各点的纬度 经度，以 ; 分隔，如 28.22 112.93; 28.23 112.94",
                 "en": "each point's latitude longitude, separated by ;, like 28.22 112.93; 28.23 112.94"},
    "geoshape": {"zh": "至少三个点的纬度 经度，以 ; 分隔（自动闭合）",
                 "en": "at least three points' latitude longitude, separated by ; (closed for you)"},
}
_PRELOAD_META = {"start": "start", "end": "end", "today": "today", "deviceid": "deviceid",
                 "username": "username"}


@dataclass(frozen=True)
class ImportProblem:
    """Something in a workbook: where (sheet, row, column) and what (a survey.messages key)."""

    file: str
    sheet: str
    row: int | None
    column: str
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    pos: int | None = None

    def render(self, lang: Lang) -> str:
        what = Message(MESSAGES, self.key, {**self.params, "file": self.file}).render(lang)
        if self.pos is not None:
            what = Message(MESSAGES, "expr_at", {"what": what, "pos": self.pos + 1}).render(lang)
        key = "xlsform_where_row" if self.row is not None else "xlsform_where"
        where = Message(MESSAGES, key, {"file": self.file, "sheet": self.sheet, "row": self.row,
                                        "column": self.column or "-"}).render(lang)
        return shown(Message(MESSAGES, "problem_line", {"where": where, "what": what}).render(lang))


class _ImportMessage(Message):
    def __init__(self, problem: ImportProblem) -> None:
        super().__init__(MESSAGES, problem.key, problem.params)
        object.__setattr__(self, "problem", problem)

    def render(self, lang: Lang) -> str:
        return self.problem.render(lang)  # type: ignore[attr-defined]


class XLSFormError(UserError):
    """A workbook that did not import; `.problems` lists every problem."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        super().__init__(*(_ImportMessage(p) for p in problems))


@dataclass
class ImportResult:
    data: dict[str, Any] | None
    form: Form | None
    problems: list[ImportProblem]
    notices: list[ImportProblem]

    def toml(self, source: str) -> str:
        assert self.data is not None
        header = (f"Imported from {readable_name(source)} by `doorstep forms import`.\n"
                  "Change the workbook and import it again rather than editing this file.")
        return dump_form(self.data, header)


def readable_name(name: str) -> str:
    """A file's name as text: the bytes of a name in another encoding (a GBK name on a stick read
    as UTF-8) arrive as lone surrogates, which no UTF-8 file (the form, its title) can hold."""
    return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in name)


def language_code(name: str) -> str:
    """'English (en)' -> 'en', 'Français (fr)' -> 'fr', '中文' -> 'zh', 'Kiswahili' -> 'kiswahili'."""
    name = name.strip()
    m = _LANG_CODE.search(name)
    if m:
        code = m[1].replace("_", "-")
        return "zh" if code.lower().startswith("zh") else code
    low = name.lower()
    if low in _KNOWN_LANGUAGES:
        return _KNOWN_LANGUAGES[low]
    slug = re.sub(r"[^a-z0-9]+", "-", low).strip("-")[:30]
    return slug if slug and slug[0].isalpha() else "lang-" + hashlib.sha256(name.encode()).hexdigest()[:6]


def form_id_from(text: str) -> str:
    """A form id as doorstep wants it: lower case letters, digits and _; starts with a letter."""
    slug = re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")
    if not slug:
        return ""
    return slug if slug[0].isalpha() else "form_" + slug


_SINGLE_COLON_BASES = {"label", "hint", "constraint_message", "constraint message", "required_message",
                       "required message", "media", "image", "audio", "video", "big-image", "guidance_hint",
                       "form_title", "caption"}


def _split_header(header: str) -> tuple[str, str | None]:
    """'Label::English (en)' -> ('label', 'English (en)'); 'constraint message' -> ('constraint_message').

    Old workbooks write one colon ('label:English'); as pyxform still reads them, a single colon
    splits a column that has translations (never 'jr:count')."""
    base, sep, lang = header.partition("::")
    if not sep and ":" in header:
        first, _, rest = header.partition(":")
        if " ".join(first.strip().lower().split()) in _SINGLE_COLON_BASES:
            base, sep, lang = first, ":", rest
    base = " ".join(base.strip().lower().split())
    if base not in _SURVEY_COLUMNS and base not in _CHOICE_COLUMNS:
        base = base.replace(" ", "_")
    return base, (lang.strip() or None) if sep else None


def _parameters(text: str) -> dict[str, str]:
    out = {}
    for part in re.split(r"[\s;,]+", text.strip()):
        key, sep, value = part.partition("=")
        if sep and key:
            out[key.strip().lower()] = value.strip()
    return out


class _Converter:
    def __init__(self, file: str, book: Workbook, stem: str, folder: Path | None = None) -> None:
        self.file = file
        self.folder = folder or Path(".")
        self.current_cols: dict[str, str] = {}
        self.book = book
        self.stem = stem
        self.problems: list[ImportProblem] = []
        self.notices: list[ImportProblem] = []
        self.survey_rows: list[dict[str, Any]] = []
        self.row_of: list[int] = []  # spreadsheet row of each doorstep survey row
        self.row_of_name: dict[str, int] = {}
        self.choice_row: dict[tuple[str, str], int] = {}
        self.list_row: dict[str, int] = {}
        self.choices: dict[str, list[dict[str, Any]]] = {}
        self.external: dict[str, list[dict[str, Any]]] = {}
        self.instances: dict[str, list[dict[str, str]]] = {}  # tables for pulldata() and instance()
        self.allow_duplicates = False
        self.languages: set[str] = set()
        self._noticed: set[tuple[str, str]] = set()
        # What was refused and reported here, so that the loader does not report it again.
        self.dropped: set[str] = set()
        self.choices_refused: set[str] = set()
        self.dropped_begin = False
        self.spaced: list[tuple[str, int, str, str]] = []  # choice names with spaces
        self.groups: list[str] = []  # the groups and repeats open at the row being read
        self.group_of: dict[str, str] = {}  # name -> the group it sits in ("" at the top)

    def problem(self, sheet: str, row: int | None, column: str, key: str, /, **params: Any) -> None:
        self.problems.append(ImportProblem(self.file, sheet, row, column, key, params))

    def notice(self, sheet: str, row: int | None, column: str, key: str, /, once: str = "",
               **params: Any) -> None:
        if once:
            if (key, once) in self._noticed:
                return
            self._noticed.add((key, once))
        self.notices.append(ImportProblem(self.file, sheet, row, column, key, params))

    # -- settings

    def settings(self) -> dict[str, Any]:
        sheet = self.book.sheets.get("settings")
        raw: dict[str, str] = {}
        titles: dict[str, str] = {}
        row_number = 2
        if sheet is not None:
            filled = [(n, r) for n, r in sheet.rows if r]
            if filled:
                row_number, first = filled[0]
                for header, value in first.items():
                    base, lang = _split_header(header)
                    if _SETTINGS.get(base) == "title":
                        titles[self.lang_key(lang)] = value.strip()
                    elif base in _SETTINGS and lang is None:
                        raw[_SETTINGS[base]] = value.strip()
                    else:
                        self.notice("settings", row_number, header, "xlsform_setting_ignored",
                                    column=header)
        self.allow_duplicates = raw.get("allow_choice_duplicates", "").lower() in _YES
        given_id = raw.get("id", "")
        # An id in another script (高温探访) keeps apart from other such forms by a digest of it.
        source = given_id or self.stem or "form"
        form_id = form_id_from(given_id) or form_id_from(self.stem) or \
            "form_" + hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        if given_id and form_id != given_id:
            self.notice("settings", row_number, "form_id", "xlsform_id_normalised", given=given_id,
                        value=form_id)
        elif not given_id:
            self.notice("settings", None, "form_id", "xlsform_id_derived", value=form_id)
        title = self.label_value(titles) if titles else ""
        meta: dict[str, Any] = {"id": form_id,
                                "title": title or given_id or readable_name(self.stem) or form_id}
        if raw.get("version"):
            meta["version"] = raw["version"]
        if raw.get("instance_name"):
            meta["instance_name"] = raw["instance_name"]
        if raw.get("default_language"):
            meta["default_language"] = language_code(raw["default_language"])
        return meta

    # -- choices

    def read_choices(self, sheet_name: str, into: dict[str, list[dict[str, Any]]]) -> None:
        sheet = self.book.sheets.get(sheet_name)
        if sheet is None:
            return
        for number, row in sheet.rows:
            if not row:
                continue
            out: dict[str, Any] = {}
            labels: dict[str, str] = {}
            list_name = name = ""
            for header, value in row.items():
                base, lang = _split_header(header)
                base = _CHOICE_COLUMNS.get(base, base)
                if base == "list_name":
                    list_name = value.strip()
                elif base == "name":
                    name = value.strip()
                elif base == "label":
                    labels[self.lang_key(lang)] = value
                elif base in _MEDIA_COLUMNS or base.startswith("media"):
                    self.notice(sheet_name, number, header, "xlsform_media_ignored", once=header,
                                column=header)
                elif lang is None and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", base):
                    # as written: a choice_filter names the column (XPath is case-sensitive)
                    out[header.strip()] = value
            if not list_name:
                self.problem(sheet_name, number, "list_name", "xlsform_choice_without_list")
                continue
            if not name:
                self.problem(sheet_name, number, "name", "xlsform_choice_without_name", list=list_name)
                continue
            if any(c in name for c in "\n\r\t"):
                self.problem(sheet_name, number, "name", "xlsform_choice_name_space", list=list_name,
                             name=name)
                self.choices_refused.add(list_name)
                continue
            if " " in name:
                self.spaced.append((sheet_name, number, list_name, name))
            if (list_name, name) in self.choice_row:
                if self.allow_duplicates:
                    self.notice(sheet_name, number, "name", "xlsform_duplicate_choice_merged",
                                list=list_name, name=name)
                else:
                    self.problem(sheet_name, number, "name", "xlsform_duplicate_choice", list=list_name,
                                 name=name, first=self.choice_row[(list_name, name)])
                continue
            self.choice_row[(list_name, name)] = number
            self.list_row.setdefault(list_name, number)
            if not labels:
                labels = {"*": name}
                self.notice(sheet_name, number, "label", "xlsform_choice_label_from_name", once=list_name,
                            list=list_name)
            into.setdefault(list_name, []).append({"name": name, "label": self.label_value(labels), **out})

    def lang_key(self, lang: str | None) -> str:
        if lang is None:
            return "*"
        code = language_code(lang)
        self.languages.add(code)
        return code

    @staticmethod
    def label_value(texts: Mapping[str, str]) -> Any:
        """A column's texts by language; the column without a language is the default for all."""
        plain = texts.get("*")
        named = {k: v for k, v in texts.items() if k != "*" and v.strip()}
        if not named:
            return plain if plain is not None else ""
        if plain is not None and plain.strip():
            for lang in ("zh", "en"):
                named.setdefault(lang, plain)
        return named

    # -- survey

    def survey(self) -> None:
        sheet = self.book.sheets.get("survey")
        if sheet is None:
            self.problem("survey", None, "-", "xlsform_no_survey",
                         sheets=", ".join(self.book.sheet_names) or "-")
            return
        opened: list[str] = []
        for number, row in sheet.rows:
            if not row:
                continue
            self.survey_row(number, row, opened)

    def survey_row(self, number: int, row: dict[str, str], opened: list[str]) -> None:
        cols: dict[str, str] = {}
        texts: dict[str, dict[str, str]] = {}
        for header, value in row.items():
            base, lang = _split_header(header)
            target = _SURVEY_COLUMNS.get(base)
            if target in _TRANSLATED:
                texts.setdefault(target, {})[self.lang_key(lang)] = value
            elif target is not None and lang is None:
                cols[target] = value.strip()
            elif base in _MEDIA_COLUMNS or base.startswith("media"):
                self.notice("survey", number, header, "xlsform_media_ignored", once=header, column=header)
            else:
                self.notice("survey", number, header, "xlsform_column_ignored", once=header, column=header)
        self.current_cols = cols
        raw_type = cols.get("type", "")
        if " ".join(raw_type.lower().split()) in ("csv-external", "csv external"):
            # ODK's secondary instance from NAME.csv: a table of the form, not a question
            if not self.table(number, "name", cols.get("name", ""), "instance()"):
                self.dropped.add(cols.get("name", ""))
            return
        params = _parameters(cols.get("parameters", ""))
        ignored = sorted(set(params) - {"start", "end", "step", "value", "label", "randomize", "seed"})
        if ignored:
            self.notice("survey", number, "parameters", "xlsform_parameters_ignored", once=",".join(ignored),
                        names=", ".join(ignored))
        if not raw_type:
            if cols.get("name") or texts:
                self.problem("survey", number, "type", "xlsform_missing_type")
            return
        out: dict[str, Any] = {}
        for column, values in texts.items():
            value = self.label_value(values)
            if value:
                out[column] = value
        name = cols.get("name", "")
        before = len(self.problems)
        kind = self.resolve_type(number, raw_type, name, cols, out)
        if kind is None:
            self.dropped.add(name)
            return
        if kind.startswith("end "):  # a name on an end row is allowed and not needed: rows pair in order
            self.emit(number, {"type": kind})
            return
        for column in ("name", "relevant", "constraint", "calculation", "default", "choice_filter",
                       "repeat_count", "appearance", "trigger", "summary"):
            if cols.get(column):
                out.setdefault(column, cols[column])
        if cols.get("required"):
            out["required"] = cols["required"]
        if cols.get("read_only"):
            flag = cols["read_only"].lower()
            if flag in _YES:
                out["read_only"] = True
            elif flag not in _NO:
                self.problem("survey", number, "read_only", "xlsform_read_only_expression",
                             value=cols["read_only"])
                return
        if "name" not in out:
            self.problem("survey", number, "name", "xlsform_missing_name")
            return
        self.randomize(number, params, out)
        if len(self.problems) > before:
            self.dropped.add(name)
            return
        self.emit(number, out)

    def randomize(self, number: int, params: Mapping[str, str], out: dict[str, Any]) -> None:
        """parameters randomize=true [seed=${s} | seed=42] on a select: ODK's shuffled order."""
        if "randomize" not in params and "seed" not in params:
            return
        kind = str(out.get("type", ""))
        if not kind.startswith(("select_one ", "select_multiple ")):
            self.notice("survey", number, "parameters", "xlsform_parameters_ignored", once="randomize",
                        names="randomize, seed")
            return
        flag = params.get("randomize", "false").lower()
        if flag not in _YES | _NO:
            self.problem("survey", number, "parameters", "xlsform_range_parameter", key="randomize",
                         value=params["randomize"])
            return
        seed = params.get("seed", "")
        if seed and not (re.fullmatch(r"\$\{[^}]+\}", seed) or re.fullmatch(r"[+-]?[0-9]+(\.[0-9]*)?", seed)):
            # as pyxform: a number or a reference to a question (whose value may be computed)
            self.problem("survey", number, "parameters", "xlsform_seed", value=seed)
            return
        if flag in _YES:
            out["randomize"] = True
            if seed:
                out["seed"] = seed

    def emit(self, number: int, out: dict[str, Any]) -> None:
        kind = str(out.get("type", ""))
        if kind.startswith("end "):
            if self.groups:
                self.groups.pop()
        name = out.get("name")
        if isinstance(name, str) and name in self.row_of_name:
            group = self.groups[-1] if self.groups else ""
            scoped = f"{group}_{name}" if group else ""
            if group and group != self.group_of.get(name, "") and scoped not in self.row_of_name:
                # XLSForm scopes names by group; doorstep's are per form. Unreferenced (pyxform
                # refuses a ${name} that two groups share), so the group's name tells them apart.
                self.notice("survey", number, "name", "xlsform_name_scoped", name=name, value=scoped,
                            first=self.row_of_name[name])
                out["name"] = name = scoped
            else:
                self.problem("survey", number, "name", "xlsform_duplicate_name", name=name,
                             first=self.row_of_name[name])
                if kind.startswith("begin "):
                    self.groups.append(name)
                return
        self.survey_rows.append(out)
        self.row_of.append(number)
        if isinstance(name, str):
            self.row_of_name.setdefault(name, number)
            self.group_of.setdefault(name, self.groups[-1] if self.groups else "")
        if kind.startswith("begin ") and isinstance(name, str):
            self.groups.append(name)

    def resolve_type(self, number: int, raw: str, name: str, cols: dict[str, str],
                     out: dict[str, Any]) -> str | None:
        """The doorstep type for an XLSForm type; fills `out` with what the mapping adds."""
        words = " ".join(raw.split())
        low = words.lower()
        for verb in ("begin", "end"):
            for prefix in (f"{verb} ", f"{verb}_"):
                if low.startswith(prefix) and low[len(prefix):] in _BEGIN_END:
                    out["type"] = f"{verb} {_BEGIN_END[low[len(prefix):]]}"
                    return out["type"]
        if low == "osm" or low.startswith("osm "):
            self.problem("survey", number, "type", "xlsform_external_instance", type="osm")
            return None
        if low in ("begin loop", "begin_loop"):
            self.problem("survey", number, "type", "xlsform_loop")
            self.dropped_begin = True
            return None
        for alias in sorted(_SELECTS, key=len, reverse=True):
            if low == alias or low.startswith(alias + " "):
                return self.select_type(number, _SELECTS[alias], words[len(alias):].split(), name, out)
        if low == "household_id":  # doorstep's own: a household's QR identifier, checked
            out["type"] = low
            return low
        if low in ("note", "calculate"):
            if low == "calculate" and not cols.get("calculation"):
                out["calculation"] = "''"
            out["type"] = low
            return low
        from pyxform.question_type_dictionary import QUESTION_TYPE_DICT

        spec = QUESTION_TYPE_DICT.get(words) or QUESTION_TYPE_DICT.get(low)
        if spec is None:
            self.problem("survey", number, "type", "xlsform_unknown_type", value=words)
            return None
        return self.typed(number, low, spec, cols, out)

    def select_type(self, number: int, kind: str, rest: list[str], name: str,
                    out: dict[str, Any]) -> str | None:
        if kind.startswith("from_file"):
            return self.from_file(number, kind, rest, out)
        rank = kind == "rank"  # ODK stores every choice's name in rank order: a select_multiple
        kind = "select_multiple" if rank else kind
        other = False
        for suffix in (["or_other"], ["or", "other"], ["or", "specify", "other"]):
            if len(rest) > len(suffix) and [w.lower() for w in rest[-len(suffix):]] == suffix:
                other, rest = True, rest[:-len(suffix)]
                break
        if len(rest) != 1:
            self.problem("survey", number, "type", "xlsform_select_list", value=" ".join(rest) or "-")
            return None
        list_name = rest[0]
        if kind == "select_one_external":
            kind = "select_one"
            if list_name in self.external:
                # ODK keeps external choices apart from the choices sheet's list of the same name
                if list_name in self.choices and self.choices[list_name] is not self.external[list_name]:
                    list_name = f"{list_name}_external"
                    self.choices.setdefault(list_name, self.external[list_name[:-len('_external')]])
                else:
                    self.choices.setdefault(list_name, self.external[list_name])
        out["type"] = f"{kind} {list_name}"
        if rank:
            given = self.current_cols.get("constraint", "")
            check = f"count-selected(.) = {len(self.choices.get(list_name, [])) or 1}"
            self.current_cols["constraint"] = f"({check}) and ({given})" if given else check
            if "hint" not in out:
                out["hint"] = {"zh": "按顺序选出全部选项：先选排第一的",
                               "en": "choose every option, first the one ranked first"}
            self.notice("survey", number, "type", "xlsform_rank_as_order")
        if other:
            self.pending_other.append((number, name, list_name))
        return out["type"]

    pending_other: list[tuple[int, str, str]]

    def from_file(self, number: int, kind: str, rest: list[str], out: dict[str, Any]) -> str | None:
        """select_one_from_file towns.csv: the CSV beside the workbook becomes a choice list."""
        from doorstep.survey.xlsform_csv import CsvProblem, read_choice_csv

        attachment = " ".join(rest)
        if not attachment.lower().endswith(".csv") or "/" in attachment or "\\" in attachment:
            self.problem("survey", number, "type", "xlsform_from_file", attachment=attachment or "-")
            return None
        params = _parameters(self.current_cols.get("parameters", ""))
        list_name = "file_" + re.sub(r"[^A-Za-z0-9_]", "_", attachment[:-4])
        if list_name not in self.choices:
            try:
                rows = read_choice_csv(self.folder / attachment, params.get("value", "name"),
                                       params.get("label", "label"))
            except CsvProblem as exc:
                self.problem("survey", number, "type", exc.key, **exc.params)
                return None
            self.choices[list_name] = rows
            self.notice("survey", number, "type", "xlsform_csv_read", attachment=attachment, count=len(rows))
        out["type"] = ("select_one " if kind == "from_file_one" else "select_multiple ") + list_name
        return out["type"]

    def typed(self, number: int, low: str, spec: Mapping[str, Any], cols: dict[str, str],
              out: dict[str, Any]) -> str | None:
        bind = spec.get("bind", {}) or {}
        control = spec.get("control", {}) or {}
        preload, params = bind.get("jr:preload"), bind.get("jr:preloadParams", "")
        bind_type, tag = bind.get("type", ""), control.get("tag", "")
        if preload:
            if params in _PRELOAD_META:
                out["type"] = _PRELOAD_META[params]
            else:  # phone number, SIM serial, e-mail: a laptop has none
                out["type"] = "calculate"
                out["calculation"] = "''"
                self.notice("survey", number, "type", "xlsform_meta_empty", type=low)
            return out["type"]
        if not spec:
            self.problem("survey", number, "type", "xlsform_external_instance", type=low)
            return None
        if low == "audit" or (tag == "action" and bind_type == "binary"):
            self.notice("survey", number, "type", "xlsform_audit_dropped", type=low)
            return None
        if tag == "action":  # start-geopoint, background-geopoint
            out["type"] = "calculate"
            out["calculation"] = "''"
            self.notice("survey", number, "type", "xlsform_meta_empty", type=low)
            return out["type"]
        if bind_type == "binary":
            out["type"] = "note"
            self.attachment_note(out)
            self.notice("survey", number, "type", "xlsform_attachment", type=low)
            out.pop("required", None)
            cols.pop("required", None)
            return "note"
        if tag == "odk:rank":
            self.problem("survey", number, "type", "xlsform_select_list", value=low)
            return None
        if tag == "trigger":
            out["type"] = "acknowledge"
            return "acknowledge"
        constraint = bind.get("constraint", "")
        if tag == "range":
            return self.range_type(number, cols, out, bind_type)
        mapped = {"int": "integer", "decimal": "decimal", "date": "date", "geopoint": "geopoint",
                  "geotrace": "geotrace", "geoshape": "geoshape", "barcode": "barcode",
                  "string": "text"}.get(bind_type)
        if bind_type in ("time", "dateTime"):
            mapped = bind_type
            if "hint" not in out:
                out["hint"] = {"zh": "时:分，如 14:30", "en": "hours:minutes, like 14:30"} \
                    if bind_type == "time" else {"zh": "日期 时间，如 2026-08-01 14:30",
                                                 "en": "date and time, like 2026-08-01 14:30"}
        if mapped is None:
            self.problem("survey", number, "type", "xlsform_unknown_type", value=low)
            return None
        if not control:  # hidden: a value the form sets, never asked
            out["type"] = "calculate"
            if not cols.get("calculation"):
                out["calculation"] = "''"
            return "calculate"
        if mapped in ("geopoint", "geotrace", "geoshape"):
            self.notice("survey", number, "type", "xlsform_geo", once="geo", type=low)
            if "hint" not in out:  # the volunteer must know what to type before an error says it
                out["hint"] = _GEO_HINTS[mapped]
        if mapped == "barcode":
            self.notice("survey", number, "type", "xlsform_barcode", once="barcode")
        if spec.get("hint") and "hint" not in out:
            out["hint"] = spec["hint"]
        if constraint:
            given = cols.get("constraint", "")
            cols["constraint"] = f"({constraint}) and ({given})" if given else constraint
        out["type"] = mapped
        return mapped

    def range_type(self, number: int, cols: dict[str, str], out: dict[str, Any],
                   bind_type: str) -> str | None:
        params = _parameters(cols.get("parameters", ""))
        cols.pop("parameters", None)
        values = {}
        for key, fallback in (("start", "1"), ("end", "10"), ("step", "1")):
            text = params.get(key, fallback)
            try:
                values[key] = float(text)
            except ValueError:
                values[key] = math.nan
            if not math.isfinite(values[key]):   # nan, inf and 1e400 are no bound a volunteer can type
                self.problem("survey", number, "parameters", "xlsform_range_parameter", key=key, value=text)
                return None
        whole = all(v == int(v) for v in values.values())
        low, high = sorted((values["start"], values["end"]))
        step = abs(values["step"]) or 1.0

        def num(x: float) -> str:
            return str(int(x)) if x == int(x) else repr(x)

        check = f". >= {num(low)} and . <= {num(high)}"
        if whole:
            check += f" and ((. - {num(values['start'])}) mod {num(step)}) = 0"
        given = cols.get("constraint", "")
        cols["constraint"] = f"({check}) and ({given})" if given else check
        out["type"] = "integer" if whole else "decimal"
        if "hint" not in out:
            out["hint"] = {"zh": f"{num(low)} 至 {num(high)}，步长 {num(step)}",
                           "en": f"{num(low)} to {num(high)}, in steps of {num(step)}"}
        self.notice("survey", number, "type", "xlsform_range", low=num(low), high=num(high))
        return out["type"]

    @staticmethod
    def attachment_note(out: dict[str, Any]) -> None:
        label = out.get("label") or out.get("hint") or ""
        suffix = {"zh": "（附件在服务站采集，本机不采集）", "en": " (the attachment is made at the office, "
                                                                 "not on this laptop)"}
        if isinstance(label, str):
            out["label"] = {"zh": label + suffix["zh"], "en": label + suffix["en"]}
        else:
            out["label"] = {k: v + suffix.get(k, suffix["en"]) for k, v in label.items()}

    def add_or_other(self) -> None:
        for number, name, list_name in self.pending_other:
            items = self.choices.setdefault(list_name, [])
            if not any(c["name"] == "other" for c in items):
                items.append({"name": "other", "label": {"zh": "其他", "en": "Other"}})
                self.list_row.setdefault(list_name, number)
            at = next((i for i, n in enumerate(self.row_of) if n == number), None)
            if at is None or not name:
                continue
            follow: dict[str, Any] = {"type": "text", "name": f"{name}_other",
                      "label": {"zh": "请说明其他", "en": "Specify other."},
                      "relevant": f"selected(${{{name}}}, 'other')"}
            self.survey_rows.insert(at + 1, follow)
            self.row_of.insert(at + 1, number)
            self.row_of_name.setdefault(follow["name"], number)

    def rewrite_paths(self) -> None:
        names = {str(r["name"]) for r in self.survey_rows if isinstance(r.get("name"), str)}
        for row, number in zip(self.survey_rows, self.row_of, strict=True):
            for column in _EXPRESSIONS:
                text = row.get(column)
                if not isinstance(text, str) or not text:
                    continue
                if not self.lookups(number, column, text):
                    row.pop(column)  # reported here; the loader must not report it again
                    if column == "calculation" and row.get("type") == "calculate":
                        row[column] = "''"
                    continue
                new, changed = _rewrite_paths(text, names)
                if changed:
                    row[column] = new
                    self.notice("survey", number, column, "xlsform_paths", once="paths")

    def lookups(self, number: int, column: str, text: str) -> bool:
        """The tables an expression looks up with pulldata() or instance(), read; False when one
        cannot be (reported)."""
        ok = True
        for m in _LOOKUP.finditer(text):
            function, name = m[1] + "()", m[2] if m[2] is not None else m[3]
            if name is None:
                self.problem("survey", number, column, "xlsform_lookup_name", function=function)
                ok = False
            elif not (name == "register" and m[1] == "instance"):
                ok = self.table(number, column, name, function) and ok
        return ok

    def table(self, number: int, column: str, name: str, function: str) -> bool:
        """The table `name` for lookups: a choice list of the workbook, else NAME.csv beside it,
        read into the form once."""
        from doorstep.survey.xlsform_csv import CsvProblem, read_table_csv

        if name in self.choices or name in self.instances or \
                "file_" + re.sub(r"[^A-Za-z0-9_]", "_", name) in self.choices:
            return True
        if not _TABLE_NAME.match(name):  # never a path: ../x or a/b would leave the folder
            self.problem("survey", number, column, "form_bad_instance_name", name=name)
            return False
        try:
            rows = read_table_csv(self.folder / f"{name}.csv")
        except CsvProblem as exc:
            self.problem("survey", number, column, exc.key, **exc.params)
            return False
        self.instances[name] = rows
        self.notice("survey", number, column, "xlsform_table_read", attachment=f"{name}.csv",
                    count=len(rows), function=function)
        return True

    def convert(self) -> dict[str, Any]:
        self.pending_other = []
        meta = self.settings()
        self.read_choices("external_choices", self.external)
        self.read_choices("choices", self.choices)
        self.survey()
        self.add_or_other()
        multiple = {str(r.get("type", "")).split(" ", 1)[-1] for r in self.survey_rows
                    if str(r.get("type", "")).startswith("select_multiple ")}
        for sheet_name, number, list_name, name in self.spaced:
            if list_name in multiple:
                self.problem(sheet_name, number, "name", "xlsform_choice_name_space", list=list_name,
                             name=name)
                self.choices_refused.add(list_name)
        for row in self.survey_rows:  # columns pyxform's aliases moved back into `cols`
            row.pop("parameters", None)
        self.rewrite_paths()
        if meta.get("default_language") and meta["default_language"] not in self.languages | {"zh", "en"}:
            meta.pop("default_language")
        out = {"form": meta, "survey": self.survey_rows, "choices": self.choices}
        if self.instances:
            out["instances"] = self.instances
        return out


_EXPRESSIONS = ("relevant", "constraint", "calculation", "required", "choice_filter", "repeat_count",
                "default")
# /data/group/name: an absolute XPath to a question, as older forms write references.
_ABSOLUTE_PATH = re.compile(r"(?<![\w)\]'\"$.])/[^\W\d][\w.-]*(?:/[^\W\d][\w.-]*)+")
# pulldata('towns', ...) and instance('towns'): the table each looks up, by its quoted name.
_LOOKUP = re.compile(r"\b(pulldata|instance)\s*\(\s*(?:'([^']*)'|\"([^\"]*)\")?")
_TABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*\Z")


def _rewrite_paths(text: str, names: set[str]) -> tuple[str, bool]:
    """'/data/g/age > 18' -> '${age} > 18' where the last step names a question; outside quotes."""
    out: list[str] = []
    changed = False
    for part in re.split(r"('[^']*'|\"[^\"]*\")", text):
        if part[:1] in ("'", '"'):
            out.append(part)
            continue

        def swap(m: re.Match[str]) -> str:
            nonlocal changed
            last = m.group().rsplit("/", 1)[-1]
            if last in names:
                changed = True
                return "${" + last + "}"
            return m.group()

        out.append(_ABSOLUTE_PATH.sub(swap, part))
    return "".join(out), changed


def _derived_version(data: Mapping[str, Any]) -> str:
    """A version from the form's content: the same workbook gives the same version, a change another."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def import_xlsform(path: str | Path) -> ImportResult:
    """Read and convert one workbook. Never raises for anything the workbook holds."""
    path = Path(path)
    file = readable_name(path.name)
    try:
        book = read_workbook(path)
    except ReadProblem as exc:
        return ImportResult(None, None, [ImportProblem(file, exc.sheet, exc.row, exc.column, exc.key,
                                                       exc.params)], [])
    conv = _Converter(file, book, path.stem, path.parent)
    data = conv.convert()
    # The form's own columns were converted in place; wipe what the loader does not know.
    for row in data["survey"]:
        for key in [k for k in row if k not in _LOADER_COLUMNS]:
            row.pop(key)
    if "version" not in data["form"]:
        data["form"]["version"] = _derived_version(data)
        conv.notice("settings", None, "version", "xlsform_version_derived", value=data["form"]["version"])
    form, problems = check_form_data(data, file)
    mapped = [_where(conv, p) for p in problems if not _follows_from_refused(conv, p)]
    found = [*conv.problems, *mapped]
    if found:
        found.sort(key=lambda p: (_SHEET_ORDER.get(p.sheet, 9), p.row or 0))
        return ImportResult(None, None, found, conv.notices)
    return ImportResult(data, form, [], conv.notices)


_SHEET_ORDER = {"-": 0, "settings": 1, "choices": 2, "external_choices": 2, "survey": 3}


def _follows_from_refused(conv: _Converter, p: Problem) -> bool:
    """A loader problem caused by a row the converter already refused (and reported)."""
    if p.key in ("form_duplicate_name", "form_spaced_choice_multiple"):
        return True
    if p.key in ("expr_unknown_ref", "form_unknown_list") and (
            p.params.get("name") in conv.dropped or p.params.get("list") in conv.choices_refused):
        return True
    if p.key == "form_end_without_begin" or p.key == "form_end_mismatch":
        return bool(conv.dropped_begin)
    return False


_LOADER_COLUMNS = {"type", "name", "label", "hint", "required", "required_message", "relevant", "constraint",
                   "constraint_message", "calculation", "default", "read_only", "choice_filter",
                   "repeat_count", "appearance", "trigger", "summary", "randomize", "seed"}
_FORM_TO_SETTINGS = {"form.id": "form_id", "form.title": "form_title", "form.version": "version",
                     "form.default_language": "default_language", "form.instance_name": "instance_name"}


def _where(conv: _Converter, p: Problem) -> ImportProblem:
    """A loader problem (question, column) at the workbook's sheet, row and column."""
    column = p.column.split(".")[0] if not p.column.startswith(("form.", "choices.")) else p.column
    if p.column.startswith("form."):
        return ImportProblem(conv.file, "settings", None, _FORM_TO_SETTINGS.get(p.column, p.column), p.key,
                             p.params, p.pos)
    if p.column.startswith("choices."):
        list_name = p.column[len("choices."):]
        name = str(p.params.get("name", p.question))
        row = conv.choice_row.get((list_name, name), conv.list_row.get(list_name))
        return ImportProblem(conv.file, "choices", row, "name", p.key, p.params, p.pos)
    row = None
    if p.question.startswith("#") and p.question[1:].isdigit():
        index = int(p.question[1:]) - 1
        row = conv.row_of[index] if 0 <= index < len(conv.row_of) else None
    else:
        row = conv.row_of_name.get(p.question)
    return ImportProblem(conv.file, "survey", row, column, p.key, {**p.params, "question": p.question}, p.pos)
