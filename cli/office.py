"""`doorstep office migrate --to URL`: move a TinyDB office's store into PostgreSQL."""

from __future__ import annotations

import argparse

from doorstep.i18n import text
from doorstep.storage.home import Home, resolve_home_dir


def register(subparsers: argparse._SubParsersAction) -> None:
    office = subparsers.add_parser("office", help="the office's store / 办公室数据存储")
    actions = office.add_subparsers(dest="office_action", metavar="migrate", required=True)
    migrate = actions.add_parser("migrate", help="move the store into PostgreSQL / 迁移到 PostgreSQL 数据库")
    migrate.add_argument("--to", required=True, metavar="postgresql://...",
                         help="an empty PostgreSQL database / 一个空的 PostgreSQL 数据库")
    migrate.set_defaults(func=run_migrate)


def run_migrate(args: argparse.Namespace) -> int:
    from doorstep.storage.postgres.messages import MESSAGES
    from doorstep.storage.postgres.migrate import migrate_office
    from doorstep.storage.postgres.url import check_url

    check_url(args.to)  # a bad URL is refused before the home is unlocked
    home = Home.open(resolve_home_dir(args.home))
    done = migrate_office(home, args.to)
    print(text(MESSAGES, "pg_migrated", args.lang, home=str(home.path), where=done.where,
               register=done.counts["register"], visits=done.counts["visits"], audit=done.counts["audit"],
               tables=done.tables, rows=done.table_rows))
    return 0
