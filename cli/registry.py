"""`doorstep registry import|export|show|labels`: the register of households (优抚对象)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from doorstep.cli.labels import add_labels_parser
from doorstep.i18n import Lang, Message, UserError, text
from doorstep.i18n.shown import shown
from doorstep.storage import idnumber, qrid
from doorstep.storage.atomic import write_atomic
from doorstep.storage.home import Home, resolve_home_dir
from doorstep.storage.messages import MESSAGES
from doorstep.storage.register_match import NameMatch
from doorstep.storage.registry_io import category_label, export_register, import_register

SHOWN_FIELDS = ("id", "name", "sex", "birth_date", "id_number", "category", "priority", "disability_grade",
                "status", "death_date", "entitled", "village", "address", "phone", "contact", "members",
                "notes", "version", "updated")


def register(subparsers: argparse._SubParsersAction) -> None:
    registry = subparsers.add_parser("registry", help="the register / 优抚对象登记册")
    actions = registry.add_subparsers(dest="action", metavar="import|export|show|labels", required=True)
    imp = actions.add_parser("import", help="import a .csv or .xlsx file / 导入")
    imp.add_argument("file", type=Path)
    same = imp.add_mutually_exclusive_group()
    same.add_argument("--same-person", dest="same_person", action="store_const", const=True, default=None,
                      help="rows matched by name and village only are those people: update them / "
                           "只按姓名和村对上的行视为同一人（更新）")
    same.add_argument("--new-person", dest="same_person", action="store_const", const=False,
                      help="rows matched by name and village only are other people: add them / "
                           "只按姓名和村对上的行视为另一个人（新增）")
    imp.set_defaults(func=run_import)
    exp = actions.add_parser("export", help="export the register / 导出")
    exp.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
    exp.add_argument("--out", type=Path, help="file to write (default: standard output)")
    exp.add_argument("--full-id", action="store_true",
                     help="write ID numbers in full (they are masked otherwise) / "
                          "身份证号完整导出（默认遮盖）")
    exp.set_defaults(func=run_export)
    show = actions.add_parser("show", help="show one household / 查看一户")
    show.add_argument("id")
    show.add_argument("--full-id", action="store_true", help="show the ID number in full / 显示完整身份证号")
    show.set_defaults(func=run_show)
    add_labels_parser(actions)


class _ShownRefusal(UserError):
    """A refused import whose sentences quote the sheet (names, villages, headers): every line
    shown as data, whichever part of the import wrote it."""

    def __init__(self, refused: UserError) -> None:
        self.refused = refused
        super().__init__(*refused.messages)

    def render(self, lang: Lang) -> str:
        return shown(self.refused.render(lang), newlines=True)


def _home(args: argparse.Namespace) -> Home:
    return Home.open(resolve_home_dir(args.home))


def run_import(args: argparse.Namespace) -> int:
    home = _home(args)
    lang = args.lang

    def ask(question: NameMatch) -> bool:
        print(shown(question.render(lang)), file=sys.stderr)
        while True:
            print(text(MESSAGES, "name_match_ask", lang), end="", file=sys.stderr, flush=True)
            line = sys.stdin.readline()
            if not line:   # the input ended before an answer: nothing is written
                raise KeyboardInterrupt
            answer = line.strip().lower()
            if answer in ("y", "yes", "是"):
                return True
            if answer in ("n", "no", "否"):
                return False

    def same(_question: NameMatch) -> bool:
        return bool(args.same_person)

    decide = same if args.same_person is not None else ask if sys.stdin.isatty() else None
    try:
        with home.writer() as store:
            report = import_register(store, args.file, decide)
    except UserError as refused:
        raise _ShownRefusal(refused) from None
    if report.extra_columns:
        columns = "、".join(f"“{c}”" for c in report.extra_columns) if lang == "zh" \
            else ", ".join(f"'{c}'" for c in report.extra_columns)
        print(shown(text(MESSAGES, "import_extra_columns", lang, columns=columns)), file=sys.stderr)
    result = report.result
    print(text(MESSAGES, "import_done", lang, file=shown(str(args.file)), added=len(result.added),
               changed=len(result.changed), unchanged=len(result.unchanged)))
    return 0


def run_export(args: argparse.Namespace) -> int:
    if args.format == "xlsx" and args.out is None:
        raise UserError(Message(MESSAGES, "export_needs_out", {}))
    store = _home(args).reader()
    data = export_register(store, args.format, args.lang, full_ids=args.full_id)
    if args.out is None:
        sys.stdout.write(data.decode("utf-8").lstrip("\ufeff"))
        return 0
    write_atomic(args.out, data)
    print(text(MESSAGES, "export_done", args.lang, count=store.register_count(), file=shown(str(args.out))),
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
        value: Any = entry.get(name, "")
        if name == "category":
            value = category_label(value, lang)
        elif name == "priority":
            value = text(MESSAGES, f"priority_{value}", lang) if value else ""
        elif name == "id_number":
            value = value if args.full_id else idnumber.mask(value)
        elif name in ("status", "entitled", "sex"):
            value = text(MESSAGES, f"{name}_{value}", lang) if value else ""
        elif name == "members":
            value = "; ".join(f"{m['name']}({m['relation']})" if m["relation"] else m["name"]
                              for m in value)
        print(shown(f"{text(MESSAGES, f'field_{name}', lang)}: {value}"))
    return 0
