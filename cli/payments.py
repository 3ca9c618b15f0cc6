"""`doorstep payments import FILE`: 优抚金 and 生活费 the office paid by transfer (storage.payments)."""

from __future__ import annotations

import argparse
from pathlib import Path

from doorstep.i18n import text
from doorstep.storage.home import Home, resolve_home_dir
from doorstep.storage.messages import MESSAGES
from doorstep.storage.payments import import_payments


def register(subparsers: argparse._SubParsersAction) -> None:
    payments = subparsers.add_parser("payments",
                                     help="pensions and living allowances paid / 优抚金及生活费发放")
    actions = payments.add_subparsers(dest="action", metavar="import", required=True)
    imp = actions.add_parser(
        "import", help="import a payment sheet (.csv or .xlsx) / 导入发放表",
        description="Columns: 身份证号 or 编号, 项目 (优抚金/生活费), 金额, 发放日期. All or nothing. / "
                    "列：身份证号或编号、项目（优抚金/生活费）、金额、发放日期。全部无误才导入。")
    imp.add_argument("file", type=Path)
    imp.set_defaults(func=run_import)


def run_import(args: argparse.Namespace) -> int:
    home = Home.open(resolve_home_dir(args.home))
    with home.writer() as store:
        added, changed, unchanged = import_payments(store, args.file)
    print(text(MESSAGES, "payments_done", args.lang, file=str(args.file), added=added, changed=changed,
               unchanged=unchanged))
    return 0
