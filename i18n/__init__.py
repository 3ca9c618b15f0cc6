"""Bilingual text (zh-CN first, English second) and the user-facing error type.

Each package keeps its own catalog, a dict of key -> {"zh": ..., "en": ...}, so that no
module owns every string and no global registry is needed. `text()` renders one entry.
English nouns that follow a number say which form goes with 1: "{n} {n:visit|visits}" gives
"1 visit" and "2 visits" (Chinese needs no such thing).
"""

from __future__ import annotations

import locale
import os
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
Catalog = Mapping[str, Mapping[str, str]]


def normalize_lang(value: str | None) -> Lang | None:
    """Map 'zh', 'zh_CN.UTF-8', 'zh-Hans', 'en_US', ... to a supported language."""
    if not value:
        return None
    v = value.strip().lower().replace("-", "_")
    if v.startswith("zh"):
        return "zh"
    if v.startswith("en"):
        return "en"
    return None


def detect_lang(explicit: str | None = None, setting: str | None = None) -> Lang:
    """Choose a language: an explicit choice, then the home's setting, then the locale.

    Chinese is the default because the people who use doorstep read Chinese first.
    """
    for candidate in (explicit, setting):
        lang = normalize_lang(candidate)
        if lang:
            return lang
    # The first locale variable that is set decides, as in POSIX; "C"/"POSIX" (a server's or a
    # bare terminal's default) says nothing about the reader, so Chinese stays the default.
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return normalize_lang(value) or "zh"
    if os.name == "nt":  # Windows has no LANG: ask the system
        try:
            return normalize_lang(locale.getlocale()[0]) or "zh"
        except ValueError:
            pass
    return "zh"


class _Plurals(string.Formatter):
    """str.format, plus the field spec "one|other": the word for a count of 1, or for any other."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            one, _, other = format_spec.partition("|")
            return one if str(value).strip() == "1" else other
        return super().format_field(value, format_spec)


_PLURALS = _Plurals()


def text(catalog: Catalog, key: str, lang: Lang, /, **params: Any) -> str:
    """Render `key` from `catalog` in `lang`, falling back to the other language."""
    entry = catalog[key]
    template = entry.get(lang) or entry.get("en") or entry["zh"]
    if not params:
        return template
    return _PLURALS.format(template, **params) if "|" in template else template.format(**params)


@dataclass(frozen=True)
class Message:
    """A sentence not yet rendered: its catalog, key and parameters."""

    catalog: Catalog = field(repr=False)
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: Lang) -> str:
        return text(self.catalog, self.key, lang, **self.params)


class Renderable(Protocol):
    """Anything that renders itself in either language: a Message, or a richer problem report
    (a form's problem, a register row's) that builds its sentence from several parts."""

    def render(self, lang: Lang) -> str: ...


class UserError(Exception):
    """An error caused by the user's input or data, shown without a traceback.

    It carries one or more messages, rendered in the user's language by whoever shows it.
    """

    def __init__(self, *messages: Renderable) -> None:
        self.messages = list(messages)
        super().__init__(self.render("en"))

    def render(self, lang: Lang) -> str:
        return "\n".join(m.render(lang) for m in self.messages)
