"""What the PostgreSQL store says to people, in both languages. `{where}` is a database URL with
its password hidden (url.redact)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "pg_bad_url": {
        "zh": "数据库地址“{where}”无效：应以 postgresql:// 开头，例如 postgresql://用户@主机/数据库。",
        "en": "'{where}' is not a database URL: it must start with postgresql://, "
              "e.g. postgresql://user@host/dbname."},
    "pg_no_driver": {
        "zh": "未安装 PostgreSQL 驱动（psycopg）：请安装 doorstep 的依赖后重试。",
        "en": "the PostgreSQL driver (psycopg) is not installed: install doorstep's dependencies."},
    "pg_connect_failed": {
        "zh": "无法连接数据库 {where}：{reason}",
        "en": "cannot connect to the database {where}: {reason}"},
    "pg_lost": {
        "zh": "与数据库 {where} 的连接中断：{reason}。本次操作未保存任何内容，请稍后重试。",
        "en": "the connection to the database {where} was lost: {reason}. Nothing of this operation "
              "was saved; try again."},
    "pg_newer_schema": {
        "zh": "数据库 {where} 由更新版本的 doorstep 创建（结构版本 {found}，本程序支持到 {known}）："
              "请升级 doorstep。",
        "en": "the database {where} was made by a newer doorstep (schema {found}, this one knows up to "
              "{known}): upgrade doorstep."},
    "pg_not_doorstep": {
        "zh": "数据库 {where} 中没有 doorstep 的数据。",
        "en": "the database {where} holds no doorstep store."},
    "pg_other_office": {
        "zh": "数据库 {where} 属于另一个办公室，不能用这个数据目录打开。",
        "en": "the database {where} belongs to another office: this home cannot open it."},
    "pg_not_empty": {
        "zh": "数据库 {where} 不是空的（已有表：{tables}）：请使用一个新建的空数据库。",
        "en": "the database {where} is not empty (it has tables: {tables}): use a new, empty database."},
    "pg_office_only": {
        "zh": "PostgreSQL 只用于办公室；笔记本电脑始终使用本地文件存储。",
        "en": "PostgreSQL is for an office only: a laptop always keeps its store in local files."},
    "pg_no_drafts": {
        "zh": "办公室的数据库不保存未完成的走访和任务分配：请在笔记本电脑上记录走访。",
        "en": "an office's database keeps no draft visits or assignments: record visits on a laptop."},
    "pg_migrate_not_tinydb": {
        "zh": "{home} 已经使用数据库 {where}，无需迁移。",
        "en": "{home} already uses the database {where}: nothing to move."},
    "pg_migrate_count": {
        "zh": "迁移核对失败：{what} 原有 {before} 条，数据库中为 {after} 条。数据库未做任何更改。",
        "en": "the move did not check out: {what} had {before} rows, the database {after}. "
              "The database was left unchanged."},
    "pg_migrated": {
        "zh": "已将 {home} 迁移到数据库 {where}：登记 {register} 户，走访 {visits} 条，审计 {audit} 条，"
              "同步表 {tables} 个（{rows} 行），均已核对。原文件保留在 {home} 中作为备份。",
        "en": "moved {home} to the database {where}: {register} households, {visits} visits, {audit} audit "
              "rows, {tables} sync tables ({rows} rows), every count checked. The files stay in {home} "
              "as the backup."},
}
