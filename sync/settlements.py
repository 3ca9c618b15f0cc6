"""The supervisor's decisions on conflicts, as the merge must respect them.

A settlement names what it settled (a visit key, or a household's register field), the
candidates the supervisor had before them and the one chosen. A merge later flags a conflict
only when something the supervisor never saw takes part: the same or older bundles, merged
again in any order, bring only candidates already settled, and the decision stands. A
genuinely new content, or a new value, opens a new flag.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from doorstep.storage.backend import StoreBackend
from doorstep.sync import canonical
from doorstep.sync.tables import SETTLEMENTS


def subject(flag: Mapping[str, Any]) -> tuple[str, ...]:
    """What a flag (or a settlement) is about: one visit key, or one register field.

    Every kind of register flag on one field has the same subject: settling a rival value also
    covers the "office edited" flag the settled value would otherwise raise.
    """
    if flag["kind"] == "visit":
        return ("visit", str(flag["key"]))
    if flag["kind"] == "visit_unknown_household":  # about the household (sync.merge)
        return ("visit_unknown_household", str(flag["household"]))
    if flag["kind"] == "visit_constraint":  # about one visit's content
        return ("visit_constraint", str(flag["key"]))
    return ("register", str(flag["household"]), str(flag["field"]))


def value_token(value: Any) -> str:
    return canonical.dumps(value).decode("utf-8")


def candidates_of(flag: Mapping[str, Any]) -> set[str]:
    """The candidates a flag puts before the supervisor: content hashes, or canonical values."""
    if flag["kind"] == "visit":
        return {str(h) for h in flag.get("hashes", [])}
    tokens = {value_token(v.get("value")) for v in flag.get("values", [])}
    if "office_value" in flag:
        tokens.add(value_token(flag["office_value"]))
    return tokens


class Settled:
    """Every settlement of an office, by subject: the candidates covered and the highest base."""

    def __init__(self, rows: Iterable[dict[str, Any]]) -> None:
        self.values: dict[tuple[str, ...], set[str]] = {}
        self.base: dict[tuple[str, ...], int] = {}
        for row in rows:
            self.add(row)

    def add(self, row: dict[str, Any]) -> None:
        key = subject(row)
        self.values.setdefault(key, set()).update(row.get("candidates", []))
        self.values[key].add(str(row.get("chosen_token", "")))
        self.base[key] = max(self.base.get(key, 0), int(row.get("base") or 0))

    def covers(self, flag: Mapping[str, Any]) -> bool:
        """Whether every candidate of `flag` was before the supervisor already."""
        known = self.values.get(subject(flag))
        return known is not None and candidates_of(flag) <= known

    def decided(self, household: str, field: str, base: int) -> bool:
        """Whether the supervisor settled the field over proposals from `base` or later ones."""
        key = ("register", household, field)
        return key in self.values and base <= self.base.get(key, 0)

    def holds(self, household: str, field: str, value: Any, base: int) -> bool:
        """Whether a proposal of `value` from `base` was among what the supervisor decided on:
        then the merge must not put it over the settled value."""
        key = ("register", household, field)
        known = self.values.get(key)
        return known is not None and base <= self.base.get(key, 0) and value_token(value) in known


def load_settled(store: StoreBackend) -> Settled:
    return Settled(dict(row) for row in store.table(SETTLEMENTS).all())
