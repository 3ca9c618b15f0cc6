"""The summary's figures laid out as tables, in the chosen language.

Every renderer (terminal, Markdown, HTML, xlsx) and the TUI draw the same tables, so a figure
sits in the same row and column everywhere. A cell holds text, and the figure it shows if any.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from doorstep.reports import fields as f
from doorstep.reports.figures import Figure, Summary
from doorstep.reports.messages import t
from doorstep.reports.period import visit_day
from doorstep.reports.vocabulary import Vocabulary
from doorstep.storage import entered as hand
from doorstep.storage.categories import BY_CODE, SURVIVORS


@dataclass(frozen=True)
class Cell:
    text: str
    figure: Figure | None = None


@dataclass(frozen=True)
class Table:
    id: str            # stable, ASCII: the xlsx sheet's key and the HTML anchor
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


class _Layout:
    def __init__(self, summary: Summary, vocab: Vocabulary) -> None:
        self.summary = summary
        self.vocab = vocab
        self.lang = vocab.lang

    def t(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    def fig(self, figure_id: str) -> Cell:
        figure = self.summary.figure(figure_id)
        return Cell(self.vocab.format_value(figure), figure)

    def labelled(self, figure_id: str) -> tuple[Cell, Cell]:
        figure = self.summary.figure(figure_id)
        return Cell(self.vocab.figure_label(figure)), self.fig(figure_id)

    def two_columns(self, table_id: str, figure_ids: list[str]) -> Table:
        return Table(table_id, self.t(f"table.{table_id}"), (self.t("col.item"), self.t("col.value")),
                     tuple(self.labelled(i) for i in figure_ids))

    def entry_cells(self, household: str) -> tuple[Cell, Cell, Cell]:
        entry: Mapping[str, Any] = self.summary.entries.get(household) or {}
        return (Cell(household), Cell(str(entry.get("name", ""))),
                Cell(self.vocab.village(str(entry.get("village", "")))))


def build_tables(summary: Summary, vocab: Vocabulary) -> list[Table]:
    lay = _Layout(summary, vocab)
    s = summary
    tables: list[Table] = []

    rows = [(Cell(t(f"priority.{p}", lay.lang)), lay.fig(f"register.priority.{p}"))
            for p in ("key", "general", "other")]
    rows.append((Cell(lay.t("total_row")), lay.fig("register.total")))
    rows.append(lay.labelled("register.beneficiaries"))
    rows.append(lay.labelled("register.age.60_plus"))
    rows.append((Cell(t("fig.register.deaths", lay.lang)), lay.fig("register.deaths")))
    tables.append(Table("register_priority", lay.t("table.register_priority"),
                        (lay.t("col.item"), lay.t("col.count")), tuple(rows)))

    cat_rows = []
    for code in s.categories:
        if code in SURVIVORS:
            if code == SURVIVORS[0]:   # 三属 first, then its three categories, indented
                cat_rows.append((Cell(t("fig.register.group.survivors", lay.lang)),
                                 Cell(t("priority_short.key", lay.lang)),
                                 lay.fig("register.group.survivors")))
            label = "\u3000" + vocab.category(code) if lay.lang == "zh" else "  " + vocab.category(code)
        else:
            label = vocab.category(code)
        figure = s.figure(f"register.category.{code}")
        category = BY_CODE.get(code)
        priority = t(f"priority_short.{category.priority}", lay.lang) if category else ""
        cat_rows.append((Cell(label), Cell(priority), lay.fig(figure.id)))
    tables.append(Table("register_category", lay.t("table.register_category"),
                        (lay.t("col.category"), lay.t("col.priority"), lay.t("col.count")), tuple(cat_rows)))

    header = (lay.t("col.village"), *(vocab.form_title(k) for k in s.kinds), lay.t("col.total"),
              lay.t("col.households"))
    visit_rows = [
        (Cell(vocab.village(v)), *(lay.fig(f"visits.by_kind_village.{k}.{v}") for k in s.kinds),
         lay.fig(f"visits.by_village.{v}"), lay.fig(f"households.by_village.{v}"))
        for v in s.villages
    ]
    visit_rows.append((Cell(lay.t("total_row")), *(lay.fig(f"visits.by_kind.{k}") for k in s.kinds),
                       lay.fig("visits.total"), lay.fig("households.reached")))
    tables.append(Table("visits", lay.t("table.visits"), header, tuple(visit_rows)))

    tables.append(lay.two_columns("coverage", ["coverage.key.total", "coverage.key.visited",
                                               "coverage.key.not_visited", "coverage.key.share"]))
    tables.append(Table("not_visited", lay.t("table.not_visited"),
                        (lay.t("col.id"), lay.t("col.name"), lay.t("col.village"), lay.t("col.category")),
                        tuple((*lay.entry_cells(h),
                               Cell(vocab.category(str(s.entries[h].get("category", "")))))
                              for h in s.not_visited)))

    tables.append(lay.two_columns("home_care", [
        f"visits.by_kind.{f.HOME_CARE}", "home_care.households",
        *(f"home_care.services.{x}" for x in s.services), "home_care.minutes"]))
    tables.append(lay.two_columns("houses", [
        "houses.inspected", *(f"houses.grade.{g}" for g in s.grades),
        f"houses.action.{f.REPAIR}", f"houses.action.{f.REBUILD}",
        "houses.estimated_cost", "houses.subsidy_requested",
        *(f"houses.done.{w}" for w in s.works), "houses.subsidy_paid", "houses.outside_quota",
        "houses.waiting"]))

    money_rows = [(Cell(vocab.param("item_kind", k)), lay.fig(f"money.kind_total.{k}"),
                   lay.fig(f"money.kind_households.{k}"), lay.fig(f"money.kind_items.{k}"))
                  for k in s.money_kinds]
    money_rows.append((Cell(lay.t("total_row")), lay.fig("money.total"), lay.fig("money.households"),
                       Cell("")))
    tables.append(Table("money", lay.t("table.money"),
                        (lay.t("col.kind"), lay.t("col.amount"), lay.t("col.households"), lay.t("col.items")),
                        tuple(money_rows)))

    tables.append(Table("occasions", lay.t("table.occasions"),
                        (lay.t("col.occasion"), lay.t("col.visits"), lay.t("col.households"),
                         lay.t("col.amount")),
                        tuple((Cell(vocab.param("occasion", o)), lay.fig(f"condolence.visits.{o}"),
                               lay.fig(f"condolence.households.{o}"), lay.fig(f"condolence.amount.{o}"))
                              for o in s.occasions)))
    benefit_rows = [(Cell(vocab.param("benefit", b)), lay.fig(f"benefits.total.{b}"),
                     lay.fig(f"benefits.households.{b}"), lay.fig(f"benefits.items.{b}")) for b in s.benefits]
    benefit_rows.append((Cell(lay.t("total_row")), lay.fig("benefits.amount"),
                         lay.fig("benefits.households_all"), Cell("")))
    tables.append(Table("benefits", lay.t("table.benefits"),
                        (lay.t("col.kind"), lay.t("col.amount"), lay.t("col.households"), lay.t("col.items")),
                        tuple(benefit_rows)))

    tables.append(lay.two_columns("payments", [f"payments.{x}.{k}" for k in ("pension", "living_allowance")
                                               for x in ("total", "people")]))
    tables.append(_entered_table(lay))
    tables.append(lay.two_columns("followups", ["followups.raised", "followups.open"]))
    open_rows = []
    for uuid in s.open_followups:
        visit = s.visits[uuid]
        day = visit_day(visit)
        note = str((visit.get("answers") or {}).get(f.FOLLOWUP_NOTE, ""))
        open_rows.append((Cell(day.isoformat() if day else ""),
                          *lay.entry_cells(str(visit.get("household", ""))),
                          Cell(vocab.form_title(str(visit.get("form_id", "")))), Cell(note)))
    tables.append(Table("open_followups", lay.t("table.open_followups"),
                        (lay.t("col.date"), lay.t("col.id"), lay.t("col.name"), lay.t("col.village"),
                         lay.t("col.form"), lay.t("col.note")), tuple(open_rows)))

    tables.append(lay.two_columns("verification", [
        f"visits.by_kind.{f.VERIFICATION}", *(f"verification.status.{x}" for x in s.statuses)]))
    if s.unsettled:  # only while there are some: a table of none would be noise in every report
        unsettled_rows = []
        for uuid in s.unsettled:
            visit = s.visits[uuid]
            day = visit_day(visit)
            unsettled_rows.append((Cell(day.isoformat() if day else ""),
                                   *lay.entry_cells(str(visit.get("household", ""))),
                                   Cell(vocab.form_title(str(visit.get("form_id", "")))),
                                   Cell(str(visit.get("volunteer", "")))))
        tables.append(Table("unsettled", lay.t("table.unsettled"),
                            (lay.t("col.date"), lay.t("col.id"), lay.t("col.name"), lay.t("col.village"),
                             lay.t("col.form"), lay.t("col.volunteer")), tuple(unsettled_rows)))
    return tables


def _entered_table(lay: _Layout) -> Table:
    """The figures the supervisor entered, each beside where it comes from: marked as entered."""
    s, rows = lay.summary, []
    for kind in hand.KINDS:
        ids = [f"entered.count.{kind.code}"] + ([f"entered.amount.{kind.code}"] if kind.money else [])
        for figure_id in ids:
            figure = s.figure(figure_id)
            if s.village is not None:
                source = lay.t("entered.town_only")
            elif figure.sources:
                source = "；".join(f"{s.entered[i]['year']}: {hand.describe(s.entered[i], lay.lang)}"
                                  for i in figure.sources)
            else:
                source = lay.t("entered.none")
            rows.append((*lay.labelled(figure_id), Cell(source)))
    header = (lay.t("col.item"), lay.t("col.value"), lay.t("col.source"))
    return Table("entered", lay.t("table.entered"), header, tuple(rows))
