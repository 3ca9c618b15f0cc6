"""`doorstep init office|device`: create a home (and its keys)."""

from __future__ import annotations

import argparse
from pathlib import Path

from doorstep.i18n import Message, UserError, text
from doorstep.storage.home import Home, resolve_home_dir
from doorstep.storage.messages import MESSAGES


def register(subparsers: argparse._SubParsersAction) -> None:
    init = subparsers.add_parser("init", help="create a home / 创建数据目录")
    kinds = init.add_subparsers(dest="kind", metavar="office|device", required=True)
    office = kinds.add_parser("office", help="the town office / 镇办公室")
    office.add_argument("--name", required=True, help="name of this office / 办公室名称")
    office.add_argument("--database", metavar="postgresql://...",
                        help="keep the store in this empty PostgreSQL database / 使用 PostgreSQL 数据库")
    office.set_defaults(func=run_init)
    device = kinds.add_parser("device", help="a volunteer's laptop / 志愿者的笔记本电脑")
    device.add_argument("--name", required=True, help="name of this laptop / 设备名称")
    device.add_argument("--volunteer", required=True, help="who uses it / 使用者")
    device.add_argument("--office-key", type=Path, help="the office's public key file / 办公室公钥文件")
    # Accepted only to be refused in words: a laptop's store is always its own files.
    device.add_argument("--database", help=argparse.SUPPRESS)
    device.set_defaults(func=run_init)


def run_init(args: argparse.Namespace) -> int:
    from doorstep.sync.identity import create_identity, read_office_key_file

    database = getattr(args, "database", None)
    if database is not None:
        from doorstep.storage.postgres.url import check_url, office_only

        if args.kind != "office":
            raise office_only()
        check_url(database)  # a bad URL is refused before a PIN is asked for
    office_key = getattr(args, "office_key", None)
    if office_key is not None:
        read_office_key_file(office_key)  # a bad key file is refused before anything is created
    from doorstep.cli.secrets import new_secret

    path = resolve_home_dir(args.home)
    if Home.exists(path):  # said before a PIN is asked for nothing
        raise UserError(Message(MESSAGES, "home_exists", {"home": str(path)}))
    secret = new_secret(args.lang, path, args.kind)
    home = Home.create(path, args.kind, name=args.name, volunteer=getattr(args, "volunteer", None),
                       lang=args.lang, secret=secret, database=database)
    create_identity(home, office_key=office_key)
    kind = text(MESSAGES, f"kind_{home.kind}", args.lang)
    print(text(MESSAGES, "home_created", args.lang, kind=kind, name=home.name, home=str(home.path)))
    if home.kind == "device" and office_key is None:
        from doorstep.sync.messages import t

        print(t("show_no_office", args.lang))
    return 0
