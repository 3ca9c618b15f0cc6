"""`doorstep summary`: the office's figures for a period, in every format, each traceable.

Reading only: the home is opened with a reader snapshot and its lock is never taken.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from doorstep.i18n import Lang, Message, UserError
from doorstep.reports.explain import explain_document, explain_text
from doorstep.reports.figures import Summary
from doorstep.reports.messages import MESSAGES, t
from doorstep.reports.period import parse_period
from doorstep.reports.render import FORMATS, render_summary
from doorstep.reports.source import office_summary, open_home
from doorstep.reports.vocabulary import Vocabulary
from doorstep.storage.atomic import write_atomic
from rich.console import Console


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "summary", help="the office's figures for a period / 工作总结数据",
        description="Figures for a period: the register, visits, home care, houses, money, "
                    "follow-ups. / 统计期内的各项数据。")
    p.add_argument("--from", dest="start", metavar="DATE", help="first day, YYYY-MM-DD / 起始日期")
    p.add_argument("--to", dest="end", metavar="DATE", help="last day, YYYY-MM-DD / 结束日期")
    p.add_argument("--village", help="only this village / 只统计该村")
    p.add_argument("--format", choices=FORMATS, default="table", help="output format / 输出格式")
    p.add_argument("--out", type=Path, help="file to write (default: standard output) / 输出文件")
    p.add_argument("--explain", metavar="FIGURE",
                   help="list the visits or register entries behind one figure / 列出某项数字的依据")
    p.set_defaults(func=run)


def _by_form(args: argparse.Namespace) -> list:
    from doorstep.reports.source import custom_forms_summary

    return custom_forms_summary(open_home(args.home), parse_period(args.start, args.end), args.village,
                                args.lang)


def _print_by_form(rows: list, lang: Lang, console: Console) -> None:
    from rich.table import Table

    table = Table(title=t("by_form_title", lang))
    for key in ("by_form_form", "by_form_village", "by_form_visits", "by_form_households"):
        table.add_column(t(key, lang), justify="right" if key.endswith(("visits", "households")) else "left")
    table.add_column(t("by_form_sums", lang))
    for row in rows:
        sums = "; ".join(f"{label} {total}" for label, total in row.sums)
        table.add_row(row.title, row.village or t("by_form_no_village", lang), str(row.visits),
                      str(row.households), sums)
    console.print(table)


def build_summary(args: argparse.Namespace) -> tuple[Summary, Vocabulary]:
    period = parse_period(args.start, args.end)     # bad dates fail before the home is opened
    return office_summary(open_home(args.home), period, args.village, args.lang)


def _write(out: Path | None, content: str | bytes, lang: Lang) -> None:
    if out is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
        return
    write_atomic(out, content.encode("utf-8") if isinstance(content, str) else content)
    print(t("written", lang, path=str(out)), file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    if args.format == "xlsx" and args.out is None:
        raise UserError(Message(MESSAGES, "needs_out", {"format": "xlsx"}))
    summary, vocab = build_summary(args)
    if args.explain:
        if args.format == "json":
            document = explain_document(summary, args.explain, vocab)
            _write(args.out, json.dumps(document, ensure_ascii=False, indent=2) + "\n", args.lang)
        else:
            _write(args.out, explain_text(summary, args.explain, vocab), args.lang)
        return 0
    if args.format == "table" and args.out is None:
        from doorstep.reports.render.as_text import print_summary

        console = Console()
        print_summary(summary, vocab, console)
        rows = _by_form(args)
        if rows:
            _print_by_form(rows, args.lang, console)
        return 0
    content = render_summary(summary, vocab, args.format)
    if args.format == "json":
        document = json.loads(content)
        document["by_form"] = [{"form_id": r.form_id, "title": r.title, "village": r.village,
                                "visits": r.visits, "households": r.households, "uuids": list(r.uuids),
                                "sums": {label: str(total) for label, total in r.sums}}
                               for r in _by_form(args)]
        content = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    _write(args.out, content, args.lang)
    return 0
