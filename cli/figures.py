"""`doorstep figures enter|list|remove`: figures no visit records, entered with their source.

storage.entered keeps them (one per kind and year, audited); the summary shows them marked as
entered, beside where they come from.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from doorstep.i18n import Lang, text
from doorstep.i18n.shown import shown
from doorstep.storage import entered as hand
from doorstep.storage.home import Home, resolve_home_dir
from doorstep.storage.messages import MESSAGES

KIND_HELP = ", ".join(f"{k.code} ({k.zh})" for k in hand.KINDS)


def register(subparsers: argparse._SubParsersAction) -> None:
    figures = subparsers.add_parser(
        "figures", help="figures no visit records, with their source / 录入其他工作数据（注明来源）",
        description="Figures of the year-end summary that no visit records (recruits sent, medals, "
                    "health checks, subsidies paid elsewhere), entered by hand with their source. / "
                    "走访记录之外的年度数据（输送合格军人、纪念章、体检、补贴等），手工录入并注明来源。")
    actions = figures.add_subparsers(dest="action", metavar="enter|list|remove", required=True)
    enter = actions.add_parser(
        "enter", help="enter or correct one figure of a year / 录入或更正一项年度数据",
        description=f"KIND: {KIND_HELP}. Entering a kind again for the same year replaces it; every "
                    "change is kept in the audit trail. / 同一年度再次录入即更正，均记入审计记录。")
    enter.add_argument("kind", metavar="KIND", help="what the figure is (code or Chinese name) / 项目")
    enter.add_argument("--year", required=True, help="the year it reports / 年度")
    enter.add_argument("--count", required=True,
                       help="people, medals or checks (whole number) / 人数、枚数或人次")
    enter.add_argument("--amount", default="", help="yuan, for subsidies / 金额（元，补贴类）")
    enter.add_argument("--by", dest="source", required=True,
                       help="who gave the figure (body, name) / 数据提供单位及人员")
    enter.add_argument("--document", required=True,
                       help="the document or ledger it comes from / 出自哪份文件或台账")
    enter.add_argument("--date", required=True, help="the document's date, YYYY-MM-DD / 文件日期")
    enter.set_defaults(func=run_enter)
    listing = actions.add_parser("list", help="the figures entered / 已录入的数据")
    listing.add_argument("--year", help="only this year / 只列该年度")
    listing.add_argument("--json", action="store_true", help="as JSON / 以 JSON 输出")
    listing.set_defaults(func=run_list)
    remove = actions.add_parser("remove", help="remove one figure (audited) / 删除一项（记入审计）")
    remove.add_argument("kind", metavar="KIND")
    remove.add_argument("--year", required=True)
    remove.set_defaults(func=run_remove)


def value_text(record: Mapping[str, Any], lang: Lang) -> str:
    """"3人", "120枚", "12,000.00元，40人": a figure with its unit, as a person reads it."""
    kind = hand.BY_CODE[record["kind"]]
    n = f"{record['count']:,}"
    if kind.money:
        return text(MESSAGES, "entered_money", lang, amount=f"{Decimal(record['amount']):,.2f}", n=n)
    return text(MESSAGES, f"entered_{kind.counts}", lang, n=n)


def _names(kind: hand.EnteredKind) -> dict[str, str]:
    return {"figure": kind.zh, "figure_en": kind.en}


def run_enter(args: argparse.Namespace) -> int:
    record = hand.check_entry(args.kind, args.year, args.count, args.amount, args.source, args.document,
                              args.date)
    home = Home.open(resolve_home_dir(args.home))
    with home.writer() as store:
        outcome = hand.enter(store, record)
    kind = hand.BY_CODE[record["kind"]]
    print(text(MESSAGES, f"entered_{outcome}", args.lang, year=record["year"], **_names(kind),
               value=value_text(record, args.lang), source=shown(hand.describe(record, args.lang))))
    return 0


def run_list(args: argparse.Namespace) -> int:
    home = Home.open(resolve_home_dir(args.home))
    store = home.reader()
    try:
        rows = hand.entered_figures(store)
    finally:
        store.close()
    if args.year:
        rows = [r for r in rows if str(r["year"]) == hand.fold_number(args.year)]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(text(MESSAGES, "entered_none", args.lang))
        return 0
    for r in rows:
        kind = hand.BY_CODE[r["kind"]]
        entered = f"{r.get('entered_by', '')} {str(r.get('entered_at', ''))[:16].replace('T', ' ')}"
        cells = (str(r["year"]), kind.label(args.lang), value_text(r, args.lang), hand.describe(r, args.lang),
                 entered)
        print("\t".join(shown(c) for c in cells))   # each cell as data; the tabs between them stay
    return 0


def run_remove(args: argparse.Namespace) -> int:
    home = Home.open(resolve_home_dir(args.home))
    with home.writer() as store:
        hand.remove(store, args.kind, args.year)
    kind = hand.find_kind(args.kind)
    assert kind is not None   # remove() refused an unknown kind
    print(text(MESSAGES, "entered_removed", args.lang, year=hand.fold_number(args.year), **_names(kind)))
    return 0
