"""Shared helpers for the survey tests: evaluate an expression against plain answers."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from doorstep.survey.evaluate import compile_text

TODAY = date(2026, 8, 1)
NOW = datetime(2026, 8, 1, 9, 30, tzinfo=UTC)


class FakeEnv:
    """An environment with fixed answers: strings, numbers, dates or tuples (node-sets)."""

    def __init__(self, values=None, current="", columns=None, labels=None, once=""):
        self.values = values or {}
        self.cur = current
        self.columns = columns or {}
        self.labels = labels or {}
        self.once = once
        self.today = TODAY
        self.now = NOW

    def ref(self, name):
        return self.values[name]

    def current(self):
        return self.cur

    def column(self, name):
        return self.columns.get(name, "")

    def choice_label(self, question, value):
        return " ".join(self.labels.get(question, {}).get(v, v) for v in value.split())

    def once_value(self):
        return self.once


@pytest.fixture
def ev():
    def evaluate(text, **kwargs):
        return compile_text(text)(FakeEnv(**kwargs))
    return evaluate
