"""`doorstep keys show|backup|restore` and `doorstep device add|list`: identities and enrolment."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from doorstep.i18n import Lang, UserError
from doorstep.i18n.shown import shown
from doorstep.storage.home import Home, resolve_home_dir
from doorstep.sync.messages import msg, t

# Not DOORSTEP_PASSPHRASE, which unlocks the home: a backup's passphrase is another secret.
PASSPHRASE_ENV = "DOORSTEP_BACKUP_PASSPHRASE"


def register(subparsers: argparse._SubParsersAction) -> None:
    keys = subparsers.add_parser("keys", help="this home's keys / 本机密钥")
    actions = keys.add_subparsers(dest="action", metavar="show|backup|restore|trust-office", required=True)
    show = actions.add_parser("show", help="fingerprint as text and QR / 显示指纹")
    show.add_argument("--export", type=Path, metavar="FILE", help="write the public key to FILE / 导出公钥")
    show.add_argument("--no-qr", action="store_true", help="no QR code / 不显示二维码")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=run_show)
    backup = actions.add_parser("backup", help="passphrase-protected copy / 口令保护的备份")
    backup.add_argument("--out", type=Path, required=True, metavar="FILE")
    backup.set_defaults(func=run_backup)
    restore = actions.add_parser("restore", help="restore keys from a backup / 从备份恢复")
    restore.add_argument("file", type=Path)
    restore.set_defaults(func=run_restore)
    trust = actions.add_parser("trust-office",
                               help="device: trust the office's public key / 设备：信任办公室公钥")
    trust.add_argument("file", type=Path,
                       help="from `doorstep keys show --export` at the office / 办公室导出的公钥")
    trust.add_argument("--replace", action="store_true",
                       help="replace a different office key trusted before / 更换已信任的办公室公钥")
    trust.add_argument("--no-qr", action="store_true", help="no QR code / 不显示二维码")
    trust.set_defaults(func=run_trust_office)

    device = subparsers.add_parser("device", help="enrolled devices (office) / 已登记设备")
    dev_actions = device.add_subparsers(dest="action", metavar="add|list|recover", required=True)
    add = dev_actions.add_parser("add", help="register a device's public key / 登记设备")
    add.add_argument("file", type=Path)
    add.add_argument("--no-qr", action="store_true")
    add.set_defaults(func=run_device_add)
    lst = dev_actions.add_parser("list", help="list devices / 列出设备")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=run_device_list)
    recover = dev_actions.add_parser(
        "recover", help="office: set a new PIN on a laptop whose PIN is forgotten / "
                        "办公室：为忘记 PIN 的设备设置新 PIN")
    recover.add_argument("laptop_home", type=Path,
                         help="the laptop's home folder (its disk, or a copy) / 设备的数据目录")
    recover.set_defaults(func=run_device_recover)

    pin = subparsers.add_parser("pin", help="this home's PIN and idle lock / PIN 与闲置锁定")
    pin_actions = pin.add_subparsers(dest="action", metavar="change|idle-lock", required=True)
    change = pin_actions.add_parser("change", help="a new PIN or passphrase / 更换 PIN 或口令")
    change.set_defaults(func=run_pin_change)
    idle = pin_actions.add_parser("idle-lock", help="minutes before the app locks itself (0: never) / "
                                  "闲置多少分钟后自动锁定（0：不锁定）")
    idle.add_argument("minutes", type=int)
    idle.set_defaults(func=run_idle_lock)


def _home(args: argparse.Namespace) -> Home:
    return Home.open(resolve_home_dir(args.home))


def _role(role: str, lang: Lang) -> str:
    return t(f"role_{role}", lang)


def run_show(args: argparse.Namespace) -> int:
    from doorstep.sync.identity import (
        export_public_key,
        has_office_key,
        load_office_key,
        load_public_identity,
        qr_text,
    )

    home = _home(args)
    me = load_public_identity(home)
    office = load_office_key(home) if me.role == "device" and has_office_key(home) else None
    if args.export:
        export_public_key(home, args.export)
    if args.json:
        out: dict[str, Any] = {"role": me.role, "name": me.name, "fingerprint": me.fingerprint,
                               "key_id": me.key_id}
        if me.role == "device":  # null: no office trusted yet (`doorstep keys trust-office`)
            out["office"] = office and {"name": office.name, "fingerprint": office.fingerprint,
                                        "key_id": office.key_id}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        # Names come from key files: shown as data (i18n.shown), never as escape sequences.
        print(t("show_identity", args.lang, role=_role(me.role, args.lang), name=shown(me.name)))
        print("  " + me.fingerprint)
        if not args.no_qr:
            print(qr_text(me.fingerprint))
        if office:
            print(t("show_office_key", args.lang, name=shown(office.name)))
            print("  " + office.fingerprint)
        elif me.role == "device":
            print(t("show_no_office", args.lang))
    if args.export:
        print(t("exported_key", args.lang, path=str(args.export)), file=sys.stderr)
    return 0


def read_passphrase(lang: Lang, *, confirm: bool) -> str:
    """From DOORSTEP_BACKUP_PASSPHRASE (for scripts), else typed (twice) at a terminal."""
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        raise UserError(msg("passphrase_missing"))
    first = getpass.getpass(t("passphrase_prompt", lang))
    if confirm and getpass.getpass(t("passphrase_again", lang)) != first:
        raise UserError(msg("passphrase_mismatch"))
    return first


def run_backup(args: argparse.Namespace) -> int:
    from doorstep.storage.secret_rules import check_passphrase
    from doorstep.sync.backup import write_backup

    home = _home(args)
    warning = "backup_warning" if home.kind == "office" else "backup_warning_device"
    print(t(warning, args.lang), file=sys.stderr)
    passphrase = read_passphrase(args.lang, confirm=True)
    check_passphrase(passphrase)
    write_backup(home, args.out, passphrase)
    print(t("backup_written", args.lang, path=str(args.out)))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from doorstep.sync.backup import restore_backup

    home = _home(args)
    restore_backup(home, args.file, read_passphrase(args.lang, confirm=False))
    print(t("restore_done", args.lang, path=str(home.path)))
    return 0


def run_trust_office(args: argparse.Namespace) -> int:
    from doorstep.sync.identity import qr_text
    from doorstep.sync.trust import trust_office

    result = trust_office(_home(args), args.file, replace=args.replace)
    office = result.office
    if not result.changed:
        print(t("trust_already", args.lang, name=shown(office.name)))
        return 0
    print(t("trust_done", args.lang, name=shown(office.name), fingerprint=office.fingerprint))
    if not args.no_qr:
        print(qr_text(office.fingerprint))
    if result.kept is not None:
        old = result.replaced
        print(t("trust_replaced", args.lang, name=shown(old.name) if old else "?",
                fingerprint=old.fingerprint if old else "?", path=str(result.kept)))
    return 0


def run_device_add(args: argparse.Namespace) -> int:
    from doorstep.sync.devices import add_device
    from doorstep.sync.identity import qr_text

    device, added = add_device(_home(args), args.file)
    key = "device_added" if added else "device_already"
    print(t(key, args.lang, name=shown(device.name), fingerprint=device.fingerprint))
    if added and not args.no_qr:
        print(qr_text(device.fingerprint))
    return 0


def run_device_list(args: argparse.Namespace) -> int:
    from doorstep.sync.devices import device_rows

    store = _home(args).reader()
    try:
        rows = device_rows(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps([{k: r[k] for k in ("name", "fingerprint", "key_id", "registered")} for r in rows],
                         ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(t("no_devices", args.lang))
        return 0
    print(t("devices_header", args.lang))
    for r in rows:
        print(f"{shown(r['name'])}\t{r['fingerprint']}\t{r['registered']}")
    return 0


def run_device_recover(args: argparse.Namespace) -> int:
    """The office unwraps the laptop's data key with its own private key and sets a new PIN:
    the new one from DOORSTEP_NEW_PASSPHRASE (scripts), else typed twice."""
    from doorstep.cli.messages import t as cli_t
    from doorstep.cli.secrets import NEW_PASSPHRASE_ENV, new_secret
    from doorstep.sync.recovery import recover_laptop

    office = _home(args)
    laptop = Path(args.laptop_home)
    recover_laptop(office, laptop, lambda: new_secret(args.lang, laptop, "device", env=NEW_PASSPHRASE_ENV,
                                                      prompt="new_pin_prompt"))
    print(cli_t("recovered", args.lang, home=str(laptop)))
    return 0


def run_pin_change(args: argparse.Namespace) -> int:
    """A new PIN or passphrase (DOORSTEP_NEW_PASSPHRASE, else typed twice) for the home, unlocked
    with its current one."""
    from doorstep.cli.messages import t as cli_t
    from doorstep.cli.secrets import NEW_PASSPHRASE_ENV, new_secret

    home = _home(args)
    home.change_secret(new_secret(args.lang, home.path, home.kind, env=NEW_PASSPHRASE_ENV,
                                  prompt="new_pin_prompt"))
    print(cli_t("pin_changed", args.lang, home=str(home.path)))
    return 0


def run_idle_lock(args: argparse.Namespace) -> int:
    from doorstep.cli.messages import t as cli_t

    if not 0 <= args.minutes <= 24 * 60:
        raise UserError(msg("idle_lock_range"))
    home = _home(args)
    home.save_settings(idle_lock_minutes=args.minutes)
    key = "idle_lock_off" if args.minutes == 0 else "idle_lock_set"
    print(cli_t(key, args.lang, minutes=args.minutes))
    return 0
