"""The records of the visit index (`visits.idx`, storage.layout): which month holds each visit key.

A commit that adds visits appends one record: its keys, in the order they were stored, as runs
of one month each, `["2026-11", "<key> <key> ...", "2026-12", "<key> ..."]` (a flat list: month,
then that month's keys joined by a space). An office reads the whole index when a merge first
asks for a key, and at 100,000 visits the index is 100,000 keys: as a JSON object of key ->
month (what doorstep wrote before) that is 200,000 strings for json to parse, 6.8 MB sealed; as
runs, json parses a few long strings, `str.split` cuts them in C and each month is written once
(5.2 MB). The keys of later revisions are picked out as the runs are read, by counting in C.

The index of older homes holds `{key: month}` records: they are read as they are (the journal is
append-only, nothing is rewritten), beside the runs that later commits append. A commit whose
keys hold a space, which no key doorstep makes does (`<uuid>.<revision>`, the uuid checked by
sync.content), is written as such an object too, so that any key reads back as it was.

An older doorstep that finds a record of runs stops at it (dict.update of a list of strings raises)
instead of reading a month for a key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import groupby
from operator import itemgetter
from typing import Any

SEPARATOR = " "
FIRST = ".1"  # the end of a first revision's key (storage.visits.record_key)


def index_record(index: Mapping[str, str]) -> Any:
    """The journal record of `index` (key -> month, in the order the keys were stored)."""
    if any(SEPARATOR in key for key in index):
        return dict(index)
    record: list[str] = []
    for month, run in groupby(index.items(), key=itemgetter(1)):
        record += [month, SEPARATOR.join(key for key, _ in run)]
    return record


def read_index(records: Iterable[Any]) -> tuple[dict[str, str], list[str]]:
    """key -> month over the index's records (a key stored again moves to its latest month and
    keeps its first place, as dict.update does), and the keys of later revisions among them (those
    not ending in ".1", each as often as it was stored), for uuid -> latest revision."""
    periods: dict[str, str] = {}
    later: list[str] = []
    for record in records:
        if isinstance(record, dict):  # written before the runs, or a key with a space
            periods.update(record)
            later += [key for key in record if not key.endswith(FIRST)]
            continue
        for at in range(0, len(record), 2):
            month, joined = record[at], record[at + 1]
            keys = joined.split(SEPARATOR)
            periods.update(dict.fromkeys(keys, month))
            # A key ends in ".1" exactly when ".1" is followed by the separator or the end: the
            # count tells in C whether this run holds any later revision (most hold none).
            firsts = joined.count(FIRST + SEPARATOR) + joined.endswith(FIRST)
            if firsts != len(keys):
                later += [key for key in keys if not key.endswith(FIRST)]
    return periods, later
