"""`doorstep conflicts list|show|settle`: what a merge flagged, and the supervisor's decision.

`list` and `show` read a snapshot (no lock: they run while the office's screens are open);
`settle` takes the home's writer, like every command that changes the office.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from doorstep.cli.messages import t
from doorstep.i18n import Lang, UserError, text
from doorstep.i18n.shown import shown
from doorstep.storage.home import Home, resolve_home_dir
from doorstep.storage.messages import MESSAGES as STORAGE_MESSAGES
from doorstep.sync.messages import MESSAGES as SYNC_MESSAGES
from doorstep.sync.messages import msg


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser("conflicts", help="conflicts to settle / 待处理的冲突")
    actions = group.add_subparsers(dest="action", metavar="list|show|settle", required=True)
    listing = actions.add_parser("list", help="the open conflicts / 列出待处理的冲突")
    listing.add_argument("--json", action="store_true", help="as JSON / 以 JSON 输出")
    listing.add_argument("--settled", action="store_true",
                         help="the settled ones instead, with who, when and why / 列出已处理的冲突")
    listing.set_defaults(func=run_list)
    show = actions.add_parser("show", help="one conflict's candidates side by side / 查看一处冲突")
    show.add_argument("id")
    show.add_argument("--json", action="store_true", help="as JSON / 以 JSON 输出")
    show.set_defaults(func=run_show)
    settle = actions.add_parser(
        "settle", help="choose a candidate / 处理冲突",
        description="Choose candidate N (doorstep conflicts show ID lists them), type the right "
                    "value of a register field, or dismiss a flag with nothing to choose. / "
                    "选定第 N 项，或为登记字段填写正确的值，或将无可选项的提示标记为已处理。")
    settle.add_argument("id")
    way = settle.add_mutually_exclusive_group()
    way.add_argument("--choose", type=int, metavar="N", help="candidate N / 选第 N 项")
    way.add_argument("--value", metavar="TEXT", help="the right value (register field) / 正确的值")
    way.add_argument("--dismiss", action="store_true", help="nothing to choose: mark it done / 标记为已处理")
    settle.add_argument("--reason", default="", metavar="TEXT", help="why (kept in the audit) / 原因")
    settle.set_defaults(func=run_settle)


def _home(args: argparse.Namespace) -> Home:
    home = Home.open(resolve_home_dir(args.home))
    if home.kind != "office":
        raise UserError(msg("only_office", path=str(home.path)))
    return home


def safe(value: Any) -> str:
    """Text from outside as data: control characters (escape sequences, line breaks) never reach
    a terminal (i18n.shown, the one helper cli, tui and reports share)."""
    return shown(value)


def field_label(field: str, lang: Lang) -> str:
    key = f"field_{field}"
    return text(STORAGE_MESSAGES, key, lang) if key in STORAGE_MESSAGES else safe(field)


def value_text(field: str, value: Any, lang: Lang) -> str:
    if value is None or value == "":
        return "-"
    if field in ("status", "entitled") and f"{field}_{value}" in STORAGE_MESSAGES:
        return text(STORAGE_MESSAGES, f"{field}_{value}", lang)
    if field == "members" and isinstance(value, list):
        return "、".join(safe(f"{m.get('name', '')}（{m.get('relation', '')}）") if isinstance(m, dict)
                        else safe(m) for m in value) or "-"
    if isinstance(value, str):
        return safe(value)
    return safe(json.dumps(value, ensure_ascii=False))


def kind_label(kind: str, lang: Lang) -> str:
    key = f"conflict_kind_{kind}"
    return text(SYNC_MESSAGES, key, lang) if key in SYNC_MESSAGES else safe(kind)


def what_text(item: dict[str, Any], lang: Lang) -> str:
    if item["kind"] == "visit":
        return t("cf_visit_versions", lang, n=len(item["candidates"]))
    if "field" not in item:  # a household not on the register; answers out of their range
        if "questions" in item:
            return " / ".join(safe(q) for q in item["questions"])
        return t("cf_household_visits", lang, n=len(item.get("visits", [])))
    values = " / ".join(value_text(item["field"], c.get("value"), lang) for c in item["candidates"])
    return f"{field_label(item['field'], lang)}: {values}"


def _described(store: Any) -> list[dict[str, Any]]:
    from doorstep.sync.settle import describe, open_conflicts

    return [describe(store, flag) for flag in open_conflicts(store)]


def run_list(args: argparse.Namespace) -> int:
    from doorstep.sync.settle import settlements

    store = _home(args).reader()
    try:
        rows = settlements(store) if args.settled else _described(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps({"settled" if args.settled else "open": rows, "count": len(rows)},
                         ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    lang = args.lang
    if args.settled:
        for row in rows:
            print("  ".join([row["id"], safe(row["at"][:16].replace("T", " ")), safe(row["who"]),
                             kind_label(row["kind"], lang),
                             t("cf_chosen", lang, value=_chosen_text(row, lang)),
                             safe(row.get("why") or "-")]))
        print(t("cf_settled_count", lang, n=len(rows)))
        return 0
    for item in rows:
        print("  ".join([item["id"], kind_label(item["kind"], lang), safe(item["name"] or item["household"]),
                         safe(item["village"] or "-"), what_text(item, lang)]))
    print(t("cf_open_count", lang, n=len(rows)) if rows else t("cf_none", lang))
    return 0


def _chosen_text(row: dict[str, Any], lang: Lang) -> str:
    if row["kind"] == "visit":
        return safe(str(row.get("chosen") or "")[:12])
    if row.get("dismissed"):
        return t("cf_dismissed", lang)
    return value_text(row.get("field", ""), row.get("chosen"), lang)


def run_show(args: argparse.Namespace) -> int:
    from doorstep.sync.settle import describe, find_conflict

    store = _home(args).reader()
    try:
        item = describe(store, find_conflict(store, args.id))
    finally:
        store.close()
    if args.json:
        print(json.dumps(item, ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    lang = args.lang
    print(f"{item['id']}  {kind_label(item['kind'], lang)}  {safe(item['name'] or item['household'])}"
          f"  {safe(item['village'] or '-')}")
    if item["kind"] != "visit":
        print(t("cf_field_now", lang, field=field_label(item["field"], lang),
                value=value_text(item["field"], item.get("current"), lang)))
    differing = _differing_answers(item) if item["kind"] == "visit" else []
    for c in item["candidates"]:
        who = t("cf_office", lang) if c["office"] else t("cf_by", lang, device=safe(c["device"] or "-"),
                                                           volunteer=safe(c["volunteer"] or "-"),
                                                           when=safe(c["when"][:16].replace("T", " ")))
        if item["kind"] == "visit":
            counted = f"    {t('cf_counted', lang)}" if c.get("counted") else ""
            print(f"[{c['number']}] {who}{counted}")
            for name in differing:
                print(f"      {safe(name)} = {value_text('', c['answers'].get(name), lang)}")
        else:
            print(f"[{c['number']}] {value_text(item['field'], c['value'], lang)}    {who}")
    if not item["candidates"]:
        print(t("cf_dismiss_hint", lang, id=item["id"]))
    else:
        print(t("cf_settle_hint", lang, id=item["id"]))
    return 0


def _differing_answers(item: dict[str, Any]) -> list[str]:
    answers = [c["answers"] for c in item["candidates"]]
    names = sorted({k for a in answers for k in a})
    def spelled(a: dict[str, Any], name: str) -> str:
        return json.dumps(a.get(name), ensure_ascii=False, sort_keys=True)

    return [n for n in names if len({spelled(a, n) for a in answers}) > 1]


def run_settle(args: argparse.Namespace) -> int:
    from doorstep.sync.settle import open_conflicts, settle

    home = _home(args)
    with home.writer() as store:
        done = settle(store, args.id, choice=args.choose, value=args.value, reason=args.reason,
                      dismiss=args.dismiss)
        left = len(open_conflicts(store))
    print(t("cf_settled", args.lang, id=done.id, left=left), file=sys.stderr)
    return 0
