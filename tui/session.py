"""What the screens need from storage/, in one place: the open home, its store, the language.

The session holds the home's writer (its lock) for as long as the app runs, as docs/storage.md
allows, so that no second doorstep writes to the same home meanwhile. Screens read and write
through the store it holds; nothing here is global.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from doorstep.i18n import Lang, UserError
from doorstep.storage import qrid
from doorstep.storage.records import Draft, RegisterEntry, VisitRecord
from doorstep.sync.tables import IMPORTS
from doorstep.tui.home_session import HomeSession

if TYPE_CHECKING:  # the survey engine is imported when a checklist is first needed
    from doorstep.survey import Progress

Status = Literal["not_visited", "draft", "finalized"]
LookupProblem = Literal["typo", "malformed", "letters", "length", "unknown"]


@dataclass(frozen=True)
class Lookup:
    """The result of looking up a typed or scanned identifier."""

    text: str
    entry: RegisterEntry | None = None
    problem: LookupProblem | None = None
    detail: str = ""  # the characters not used in identifiers, or how many characters there are

    def message(self, lang: Lang) -> str:
        """What is wrong, and what to do next, in a few short lines (a toast is narrow)."""
        from doorstep.tui.messages import t

        key = f"id_{self.problem or 'unknown'}"
        return t(key, lang, id=self.text, detail=self.detail, length=qrid.ID_LENGTH)


@dataclass(frozen=True)
class StatusPeriod:
    """Which visits count for a household's status: those that ended at `since` or later.

    `kind` is "assignment" (since the assignment now on this laptop was received) or "year"
    (since 1 January, when no assignment came through sync)."""

    kind: Literal["assignment", "year"]
    since: datetime

    def covers(self, when: str) -> bool:
        try:
            moment = datetime.fromisoformat(when)
        except ValueError:
            return False
        if moment.tzinfo is None:  # never written by storage; read as the laptop's local time
            moment = moment.astimezone()
        return moment >= self.since


@dataclass(frozen=True)
class AssignmentRow:
    entry: RegisterEntry
    last_visit: str  # YYYY-MM-DD or ""
    status: Status


def is_empty_draft(draft: Draft) -> bool:
    """True for a first revision without one answer given (what the form fills in by itself,
    calculations and metadata, does not count)."""
    if int(draft.get("revision") or 1) > 1:
        return False
    from doorstep.tui.forms import form_for

    form = form_for(draft.get("form_id", ""), draft.get("form_version"))
    from doorstep.survey.form import META_TYPES

    # answers the form fills in by itself: calculations and metadata (device, start time, ...)
    automatic = ("calculate", *META_TYPES)
    calculated = {q.name for q in form.questions if q.type in automatic} if form is not None else set()
    return not any(
        value not in ("", None, [], {})
        for name, value in (draft.get("answers") or {}).items()
        if name not in calculated
    )


def malformed(text: str) -> Lookup:
    """Say precisely why `text` is no identifier: letters not used in them (I, L, O are read as
    digits; U and Z are never used), else the length."""
    code = qrid.normalize(text)
    unused = "".join(sorted({ch for ch in code if ch not in qrid.VALUE}))
    if unused:
        return Lookup(text.strip(), problem="letters", detail=unused)
    if len(code) != qrid.ID_LENGTH:
        return Lookup(text.strip(), problem="length", detail=str(len(code)))
    return Lookup(text.strip(), problem="malformed")


@dataclass
class Session(HomeSession):
    """An open device home: its store, language and clock. Close it to release the lock."""

    # -- the register ---------------------------------------------------------------------

    def lookup(self, text: str) -> Lookup:
        """Find a household by an identifier as typed or scanned (normalised first)."""
        try:
            hid = qrid.parse(text)
        except UserError as exc:
            reason = getattr(exc, "reason", "malformed")
            if reason == "typo" and len(qrid.normalize(text)) == qrid.ID_LENGTH:
                return Lookup(text.strip(), problem="typo")
            return malformed(text)
        entry = self.store.get_entry(hid)
        if entry is None:
            return Lookup(hid, problem="unknown")
        return Lookup(hid, entry=entry)

    def entry(self, household_id: str) -> RegisterEntry | None:
        return self.store.get_entry(household_id)

    def status_period(self) -> StatusPeriod:
        """Since when a finalized visit makes a household "finalized" on the assignments.

        Since the current assignment was received, when it came through sync (sync's log of
        imported assignment bundles says when; the latest one is the assignment now in force),
        else since 1 January of this year. Storage keeps when an assignment was set but offers
        no way to read it, and one set by hand is no work cycle anyway."""
        if self.store.assignment():
            imported = [row.get("imported") or "" for row in self.store.table(IMPORTS).all()]
            latest = max(imported, default="")
            if latest:
                try:
                    return StatusPeriod("assignment", datetime.fromisoformat(latest))
                except ValueError:
                    pass
        now = self.now()
        return StatusPeriod("year", now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0))

    def assignment_rows(self) -> list[AssignmentRow]:
        """The households to visit (the assignment, or the whole register when there is none).

        The last visit shown is the last ever; the status counts only the visits of the
        current period (status_period)."""
        ids = list(self.store.assignment())
        entries = [e for e in (self.store.get_entry(i) for i in ids) if e] if ids else self.store.entries()
        period = self.status_period()
        # The visits' moments by household (storage.marks), not the visits: a laptop keeps them.
        marks = self.store.visit_marks([e["id"] for e in entries])
        drafted = {d.get("household") for d in self.store.drafts()}
        rows = []
        for e in entries:
            moments = marks.get(e["id"], [])
            last = max((m[:10] for m in moments), default="")
            status: Status = (
                "draft"
                if e["id"] in drafted
                else "finalized"
                if any(period.covers(m) for m in moments)
                else "not_visited"
            )
            rows.append(AssignmentRow(e, last, status))
        return rows

    # -- visits ---------------------------------------------------------------------------

    def visits_of(self, household_id: str) -> list[VisitRecord]:
        visits = self.store.visits(household=household_id, latest_only=True)
        return sorted(visits, key=lambda r: r.get("ended") or r.get("started") or "", reverse=True)

    def drafts(self, household_id: str | None = None) -> list[Draft]:
        drafts = [
            d for d in self.store.drafts() if household_id is None or d.get("household") == household_id
        ]
        return sorted(drafts, key=lambda d: d.get("updated") or d.get("started") or "", reverse=True)

    def draft_progress(self, draft: Draft) -> Progress | None:
        """The draft's progress as the checklist shows it (required questions answered out of
        those now required): the one number the household, the drafts list and the checklist
        all show. None if the draft's form is not on this laptop."""
        from doorstep.survey import Checklist
        from doorstep.tui.forms import form_for

        form = form_for(draft.get("form_id", ""), draft.get("form_version"))
        if form is None:
            return None
        checklist = Checklist(
            form, answers=draft.get("answers") or {}, lang=self.lang, today=self.now().date()
        )
        return checklist.progress()

    def progress_text(self, draft: Draft) -> str:
        progress = self.draft_progress(draft)
        return f"{progress.answered}/{progress.required}" if progress is not None else "-"

    def drop_if_empty(self, visit_id: str) -> bool:
        """Discard the draft if the volunteer gave no answer in it (a visit opened by mistake,
        or left before the first question): it holds nothing to lose, and would otherwise show
        the household as visited in part. A correction is never empty: it keeps its answers."""
        draft = self.store.get_draft(visit_id)
        if draft is None or not is_empty_draft(draft):
            return False
        self.store.discard_draft(visit_id)
        return True

    def drop_empty_drafts(self) -> int:
        """Discard every empty draft (left by a laptop switched off before the first answer)."""
        return sum(1 for d in self.store.drafts() if self.drop_if_empty(d["uuid"]))

    def outbox(self) -> list[VisitRecord]:
        return sorted(self.store.outbox(), key=lambda r: r.get("ended") or "", reverse=True)

    def now_iso(self) -> str:
        return self.now().isoformat(timespec="seconds")
