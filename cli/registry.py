"""`doorstep registry import|export|show|labels`: the register of households (优抚对象)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from doorstep.cli.labels import add_labels_parser
from doorstep.i18n import Message, UserError, text
from doorstep.storage import qrid
from doorstep.storage.atomic import write_atomic
from doorstep.storage.home import Home, resolve_home_dir
from doorstep.storage.messages import MESSAGES
from doorstep.storage.registry_io import category_label, export_register, import_register

SHOWN_FIELDS = ("id", "name", "category", "priority", "status", "death_date", "entitled", "village",
                "address", "phone", "members", "notes", "version", "updated")


def register(subparsers: argparse._SubParsersAction) -> None:
    registry = subparsers.add_parser("registry", help="the register / 优抚对象登记册")
    actions = registry.add_subparsers(dest="action", metavar="import|export|show|labels", required=True)
    imp = actions.add_parser("import", help="import a .csv or .xlsx file / 导入")
    imp.add_argument("file", type=Path)
    imp.set_defaults(func=run_import)
    exp = actions.add_parser("export", help="export the register / 导出")
    exp.add_argument("--format", choices=["csv", "json"], default="csv")
    exp.add_argument("--out", type=Path, help="file to write (default: standard output)")
    exp.set_defaults(func=run_export)
    show = actions.add_parser("show", help="show one household / 查看一户")
    show.add_argument("id")
    show.set_defaults(func=run_show)
    add_labels_parser(actions)


def _home(args: argparse.Namespace) -> Home:
    return Home.open(resolve_home_dir(args.home))


def run_import(args: argparse.Namespace) -> int:
    home = _home(args)
    with home.writer() as store:
        result = import_register(store, args.file)
    print(text(MESSAGES, "import_done", args.lang, file=str(args.file), added=len(result.added),
               changed=len(result.changed), unchanged=len(result.unchanged)))
    return 0


def run_export(args: argparse.Namespace) -> int:
    store = _home(args).reader()
    content = export_register(store, args.format)
    if args.out is None:
        sys.stdout.write(content)
        return 0
    # A BOM in a CSV file is what makes Excel read it as UTF-8 rather than as GBK.
    data = ("\ufeff" + content if args.format == "csv" else content).encode("utf-8")
    write_atomic(args.out, data)
    print(text(MESSAGES, "export_done", args.lang, count=store.register_count(), file=str(args.out)),
          file=sys.stderr)
    return 0


def run_show(args: argparse.Namespace) -> int:
    household_id = qrid.parse(args.id)
    store = _home(args).reader()
    entry = store.get_entry(household_id)
    if entry is None:
        raise UserError(Message(MESSAGES, "entry_not_found", {"id": household_id}))
    lang = args.lang
    for name in SHOWN_FIELDS:
        value = entry.get(name, "")
        if name == "category":
            value = category_label(value, lang)
        elif name == "priority":
            value = text(MESSAGES, f"priority_{value}", lang) if value else ""
        elif name in ("status", "entitled"):
            value = text(MESSAGES, f"{name}_{value}", lang) if value else ""
        elif name == "members":
            value = "; ".join(f"{m['name']}({m['relation']})" if m["relation"] else m["name"]
                              for m in value)
        print(f"{text(MESSAGES, f'field_{name}', lang)}: {value}")
    return 0
