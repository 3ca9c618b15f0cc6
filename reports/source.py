"""Reading what the reports need from a home, without ever taking its lock.

Reports open the home with `home.reader()` (a snapshot that never locks), so a summary can run
while a merge or the TUI writes to the same home.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from doorstep.i18n import Lang, Message, UserError
from doorstep.reports.figures import Summary, compute_summary
from doorstep.reports.inforce import UNSETTLED, visits_in_force
from doorstep.reports.messages import MESSAGES
from doorstep.reports.month_tally import COUNTED_TAG, LOOKBACK_TAG, counted_tally, lookback_tally
from doorstep.reports.period import Period
from doorstep.reports.period_read import visits_for
from doorstep.reports.relevance import relevant_answers_with
from doorstep.reports.summary_records import SUMMARY_TAG, summary_records
from doorstep.reports.tally_summary import months_to_count, summary_from_tallies, whole_months
from doorstep.reports.vocabulary import Vocabulary
from doorstep.storage.backend import StoreBackend
from doorstep.storage.entered import entered_figures
from doorstep.storage.home import Home, resolve_home_dir
from doorstep.storage.layout import period_of
from doorstep.storage.payments import payments
from doorstep.sync.merge import conflicts


@dataclass
class ReportData:
    entries: Sequence[Mapping[str, Any]]   # as stored, shared: read them, never change them
    visits: list[Mapping[str, Any]]     # in force: one record per visit
    home: Home
    payments: list[Mapping[str, Any]] = field(default_factory=list)   # storage.payments
    entered: list[Mapping[str, Any]] = field(default_factory=list)    # storage.entered


def unsettled_keys(store: StoreBackend) -> set[str]:
    """Keys ("<uuid>.<revision>") of visit records that sync/ flagged as conflicts (the same
    revision arrived with different contents) and the supervisor has not settled yet: the
    visits table holds the content sync's rule chose, which counts meanwhile (reports.inforce)."""
    return {str(flag["key"]) for flag in conflicts(store) if flag.get("kind") == "visit" and flag.get("key")}


def as_counted(store: StoreBackend, record: Mapping[str, Any]) -> Mapping[str, Any]:
    """One visit record, marked `UNSETTLED` (reports.inforce) while it or an earlier revision of
    its visit is flagged and not settled: for a screen that shows one visit."""
    if not record:
        return record
    uuid, last = str(record["uuid"]), int(record.get("revision", 1))
    flagged = unsettled_keys(store)
    if any(f"{uuid}.{n}" in flagged for n in range(1, last + 1)):
        return {**record, UNSETTLED: True}
    return record


def open_home(home_dir: str | None) -> Home:
    return Home.open(resolve_home_dir(home_dir))


def load_report_data(home: Home, period: Period | None = None, *, for_summary: bool = False) -> ReportData:
    """Everything a report reads. With `period`, the visits are those the period's figures need
    (reports.period_read): those in the period whole, others maybe cut to what is looked back at.
    `for_summary`: every record cut to what the summary reads (reports.summary_records)."""
    store = home.reader()
    try:
        unsettled = unsettled_keys(store)
        if for_summary:
            visits = visits_for(store, period or Period(), unsettled, cut=(summary_records, SUMMARY_TAG))
        elif period is None:
            visits = visits_in_force(store.visits(), unsettled)
        else:
            visits = visits_for(store, period, unsettled)
        entries = store.register_rows()
        paid = payments(store)
        by_hand = entered_figures(store)
    finally:
        store.close()
    return ReportData(entries=entries, visits=visits, home=home, payments=paid, entered=by_hand)


def vocabulary(lang: Lang, home: Home | None = None) -> Vocabulary:
    """The vocabulary of the built-in forms in `lang`, and of the home's own forms when given."""
    if home is not None:
        from doorstep.sync.forms import latest_by_id

        return Vocabulary(lang, latest_by_id(home), office=home.name)
    from doorstep.survey import builtin_forms

    return Vocabulary(lang, builtin_forms())


def check_village(entries: Sequence[Mapping[str, Any]], village: str | None) -> None:
    """A village typed by hand must be on the register: a typo would give a report of zeros."""
    if village is None:
        return
    known = sorted({str(e.get("village", "")) for e in entries} - {""})
    if village not in known:
        raise UserError(Message(MESSAGES, "unknown_village",
                                {"village": village, "known": "、".join(known) or "-"}))


def office_summary(home: Home, period: Period, village: str | None,
                   lang: Lang) -> tuple[Summary, Vocabulary]:
    """The summary of a home for the period and village, and the vocabulary to show it in.

    What the CLI and the TUI both call. A period of whole months (a year, a quarter, all time)
    is added up from the months' tallies (reports.tally_summary); its sources are counted from
    the records when asked for. Any other period, or months whose tallies cannot say (a visit
    corrected in another month), are counted from the records.
    """
    with collector_paused():
        tallied = _tallied_summary(home, period, village, lang) if whole_months(period) else None
        if tallied is not None:
            summary, vocab = tallied
            summary.with_every_source = lambda: summary_from_records(home, period, village, lang)[0]
            return summary, vocab
        return summary_from_records(home, period, village, lang)


def summary_from_records(home: Home, period: Period, village: str | None,
                         lang: Lang) -> tuple[Summary, Vocabulary]:
    """The summary counted from the visit records (reports.figures), every figure with its sources."""
    with collector_paused():
        data = load_report_data(home, period, for_summary=True)
        check_village(data.entries, village)
        vocab = vocabulary(lang, home)
        summary = compute_summary(data.entries, data.visits, period, village, vocab.choice_order(),
                                  relevant_answers_with(vocab.forms), payments=data.payments,
                                  entered=data.entered)
    return summary, vocab


def _tallied_summary(home: Home, period: Period, village: str | None,
                     lang: Lang) -> tuple[Summary, Vocabulary] | None:
    store = home.reader()
    try:
        lookback = {m: store.visit_facts(m, lookback_tally, LOOKBACK_TAG) for m in store.periods()}
        counted = {m: store.visit_facts(m, counted_tally, COUNTED_TAG)
                   for m in months_to_count(lookback, period)}
        if any(t["incomplete"] for t in (*lookback.values(), *counted.values())):
            return None
        entries = store.register_rows()
        check_village(entries, village)
        vocab = vocabulary(lang, home)
        summary = summary_from_tallies(
            entries, lookback, counted, period, village, vocab.choice_order(),
            relevant_answers_with(vocab.forms), payments(store), entered_figures(store),
            unsettled_keys(store), lambda uuids: {period_of(r) for r in store.latest_visits(uuids).values()},
            lambda month: store.visit_facts(month, summary_records, SUMMARY_TAG))
    finally:
        store.close()
    return summary, vocab


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a summary reads and counts: the hundreds of thousands
    of dicts it makes, none in a cycle, set the collector off again and again over the whole
    heap (a fifth of a summary's time at 100,000 visits); what it would free waits until after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            # What was made meanwhile goes to the oldest generation as it is (two list splices),
            # not through a young collection that would walk all of it once more (60-120 ms);
            # not where objects were frozen on purpose (tui.app): unfreeze would free theirs too.
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def custom_forms_summary(home: Home, period: Period, village: str | None, lang: Lang) -> list:
    """Visits of the office's own forms by form and village (reports.by_form), for the summary."""
    from doorstep.reports.by_form import visits_by_form_and_village
    from doorstep.survey import BUILTIN_IDS

    data = load_report_data(home, period)
    return visits_by_form_and_village(data.entries, data.visits, period, village,
                                      vocabulary(lang, home).forms, lang, skip=BUILTIN_IDS)
