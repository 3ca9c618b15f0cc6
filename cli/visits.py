"""`doorstep visits export`: visit data for other tools (csv, xlsx, json), as ODK Central does.

Reading only: the home is opened with a reader snapshot and its lock is never taken.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from doorstep.cli.output import write_files
from doorstep.i18n import Message, UserError
from doorstep.reports.export import build_exports, csv_files, json_text, xlsx_bytes
from doorstep.reports.messages import MESSAGES, t
from doorstep.reports.period import parse_period
from doorstep.reports.source import load_report_data, open_home, vocabulary


def register(subparsers: argparse._SubParsersAction) -> None:
    visits = subparsers.add_parser("visits", help="visit data / 走访数据")
    actions = visits.add_subparsers(dest="action", metavar="export", required=True)
    p = actions.add_parser(
        "export", help="export visits: one row per visit, one column per question / 导出走访数据",
        description="One row per visit and one column per question; repeat entries in tables of "
                    "their own, linked by the visit's uuid. Row 1: question names; row 2: labels. / "
                    "每次走访一行、每个问题一列；重复项单独成表，以走访编号关联。第一行为问题名，第二行为问题标签。")
    p.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv", help="format / 格式")
    p.add_argument("--form", metavar="ID", help="only this form (e.g. home_care) / 只导出该表单")
    p.add_argument("--from", dest="start", metavar="DATE", help="first day, YYYY-MM-DD / 起始日期")
    p.add_argument("--to", dest="end", metavar="DATE", help="last day, YYYY-MM-DD / 结束日期")
    p.add_argument("--out", type=Path, metavar="FILE",
                   help="file to write (csv: repeats go to FILE-<repeat>.csv; json may go to standard "
                        "output) / 输出文件")
    p.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    period = parse_period(args.start, args.end)
    if args.format in ("csv", "xlsx") and args.out is None:
        raise UserError(Message(MESSAGES, "needs_out", {"format": args.format}))
    home = open_home(args.home)
    vocab = vocabulary(args.lang, home)
    if args.form is not None and args.form not in vocab.forms:
        raise UserError(Message(MESSAGES, "unknown_form",
                                {"form": args.form, "known": ", ".join(vocab.forms)}))
    data = load_report_data(home)
    if args.format == "json":
        content = json_text(data.entries, data.visits, period, args.form, vocab.forms)
        if args.out is None:
            sys.stdout.write(content)
            return 0
        files = [(args.out, content.encode("utf-8"))]
    else:
        exports = build_exports(data.entries, data.visits, vocab.forms, period, args.form, args.lang)
        if args.format == "xlsx":
            files = [(args.out, xlsx_bytes(exports))]
        else:
            files = csv_files(exports, args.out, one_form=args.form is not None)
        if not any(export.main.rows for export in exports):
            print(t("x.nothing", args.lang), file=sys.stderr)
    write_files(files, args.lang)
    return 0
