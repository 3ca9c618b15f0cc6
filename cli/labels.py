"""`doorstep registry labels --out FILE.html|FILE.svg [--village V]`: QR labels to print.

The `registry` command group belongs to cli/registry.py; it calls `add_labels_parser` with its
subparsers to add this command. Reading only: the home's lock is never taken.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from doorstep.cli.output import write_files


def add_labels_parser(registry_subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = registry_subparsers.add_parser(
        "labels", help="print QR labels of households on A4 sheets / 打印住户二维码标签",
        description="A4 sheets of 3 x 8 labels (70 x 37 mm): name, village, identifier and its QR "
                    "code. / A4 标签纸（每页 24 张）：姓名、村、编号及二维码。")
    p.add_argument("--out", type=Path, required=True, metavar="FILE",
                   help="FILE.html (every page) or FILE.svg (one file per page) / 输出文件")
    p.add_argument("--village", help="only this village / 只打印该村")
    p.set_defaults(func=run_labels)
    return p


def run_labels(args: argparse.Namespace) -> int:
    # Imported here: the QR and SVG code costs every other command a few tens of milliseconds.
    from doorstep.reports.labels import labels_for, render_labels
    from doorstep.reports.source import check_village, open_home

    store = open_home(args.home).reader()
    try:
        entries = store.entries()
    finally:
        store.close()
    check_village(entries, args.village)
    files = render_labels(labels_for(entries, args.village), args.out, args.lang)
    write_files(files, args.lang)
    return 0
