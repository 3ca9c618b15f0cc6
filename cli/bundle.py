"""`doorstep bundle export|import|merge|verify` and `doorstep assign`: moving visits and
assignments between laptops and the office."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from doorstep.i18n import Lang, UserError
from doorstep.i18n.shown import shown
from doorstep.storage.home import Home, resolve_home_dir
from doorstep.sync.gaps import runs_text
from doorstep.sync.messages import CountsText, msg, t
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn


def register(subparsers: argparse._SubParsersAction) -> None:
    bundle = subparsers.add_parser("bundle", help="signed, encrypted bundles / 数据包")
    actions = bundle.add_subparsers(dest="action", metavar="export|import|merge|verify", required=True)
    exp = actions.add_parser("export", help="device: write the outbox / 设备：导出待发送走访")
    exp.add_argument("--out", type=Path, required=True, metavar="DIR")
    exp.add_argument("--again", action="store_true",
                     help="write again, byte for byte, every bundle the office has not acknowledged "
                          "(a lost stick); reads the home only, so it runs while the app is open / "
                          "重新导出办公室尚未确认的数据包（U盘丢失时），内容与原文件完全相同，应用打开时也可运行")
    exp.add_argument("--no-qr", action="store_true")
    exp.add_argument("--json", action="store_true")
    exp.set_defaults(func=run_export)
    imp = actions.add_parser("import", help="device: apply an assignment / 设备：导入派单")
    imp.add_argument("file", type=Path, metavar="FILE|DIR",
                     help="an assignment bundle, or a folder (a stick): this device's new assignments "
                     "in it / 派单文件，或文件夹（U盘）：导入其中发给本设备的新派单")
    imp.set_defaults(func=run_import)
    merge = actions.add_parser("merge", help="office: merge visit bundles / 办公室：合并数据包")
    merge.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    merge.add_argument("--json", action="store_true")
    merge.set_defaults(func=run_merge)
    verify = actions.add_parser("verify", help="check a bundle without merging / 校验数据包")
    verify.add_argument("file", type=Path)
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(func=run_verify)

    assign = subparsers.add_parser("assign", help="office: write an assignment bundle / 办公室：派单")
    assign.add_argument("--device", required=True, metavar="NAME")
    assign.add_argument("--village", action="append", default=[], metavar="V")
    assign.add_argument("--out", type=Path, required=True, metavar="DIR")
    assign.add_argument("--form", action="append", default=[], metavar="FORM",
                        help="ship this form (a form file, an XLSForm .xlsx/.xls, or the id of one the "
                             "office has); it becomes the office's current version / 随派单发送此表单")
    assign.set_defaults(func=run_assign)


def _home(args: argparse.Namespace) -> Home:
    return Home.open(resolve_home_dir(args.home))


def run_export(args: argparse.Namespace) -> int:
    from doorstep.sync.outbox import export_visits

    if args.again:
        return _export_again(args)
    result = export_visits(_home(args), args.out)
    if args.json:
        print(json.dumps({
            "written": result.written, "path": str(result.path) if result.path else None,
            "id": result.id or None, "sequence": result.sequence or None, "count": result.count,
            "content_hash": result.content_hash or None, "last_sequence": result.last_sequence,
            "pending": result.pending,
        }, ensure_ascii=False, indent=2))
        return 0
    if not result.written:
        key = "export_nothing_new" if result.pending else "export_nothing"
        print(t(key, args.lang, sequence=result.last_sequence))
        return 0
    print(t("export_written", args.lang, path=str(result.path), id=result.id, sequence=result.sequence,
            count=result.count, hash=result.content_hash[:12]))
    if not args.no_qr:
        print(result.receipt_qr())
    return 0


def _export_again(args: argparse.Namespace) -> int:
    from doorstep.sync.outbox import reexport_unacknowledged

    done = reexport_unacknowledged(_home(args), args.out)
    if args.json:
        print(json.dumps({
            "bundles": [{"path": str(r.path), "id": r.id, "sequence": r.sequence, "count": r.count,
                         "content_hash": r.content_hash, "pending": r.pending} for r in done.bundles],
            "unsent": done.unsent, "unrecoverable": done.unrecoverable,
        }, ensure_ascii=False, indent=2))
        return 0
    for r in done.bundles:
        print(t("export_again_written", args.lang, path=str(r.path), sequence=r.sequence, count=r.count))
    if not done.bundles:
        print(t("export_again_none", args.lang))
    if done.unsent:
        print(t("export_again_unsent", args.lang, n=done.unsent))
    if done.unrecoverable:
        print(t("export_again_unrecoverable", args.lang, n=done.unrecoverable), file=sys.stderr)
    return 0


# Why a file found in a folder is none of this device's business: passed over without a word.
NOT_MINE = frozenset({"not_for_me", "from_myself", "wrong_kind", "assignment_elsewhere", "old_assignment"})


def run_import(args: argparse.Namespace) -> int:
    from doorstep.sync.assignment import import_assignment
    from doorstep.sync.envelope import BundleRefused
    from doorstep.sync.merge import folder_files

    home = _home(args)
    if not args.file.is_dir():
        _print_import(import_assignment(home, args.file), args.lang)
        return 0
    # A shared stick: every bundle on it, this device's assignments among them, in sequence order
    # (the file names carry it); the others are passed over, a damaged one is reported.
    imported = failed = 0
    for path in folder_files(args.file):
        if _kind_in_clear(path) == "visits":  # the devices' own bundles, waiting for the office
            continue
        try:
            result = import_assignment(home, path)
        except BundleRefused as exc:
            if exc.reason not in NOT_MINE:
                failed += 1
                print(t("error_line", args.lang, reason=exc.render(args.lang)), file=sys.stderr)
            continue
        if not result.already:
            imported += 1
            _print_import(result, args.lang)
    if not imported and not failed:
        print(t("import_none_here", args.lang, folder=str(args.file)))
    return 1 if failed else 0


def _kind_in_clear(path: Path) -> str | None:
    """The kind a bundle's clear header names, unverified: only to pass over files, never to trust."""
    from doorstep.sync import canonical
    from doorstep.sync.envelope import read_limited, split_envelope

    try:
        _, _, signed = split_envelope(read_limited(path), path)
        kind = canonical.loads(signed)["header"]["kind"]
    except Exception:  # noqa: BLE001 - anything unreadable is left to the import to report
        return None
    return kind if isinstance(kind, str) else None


def _print_import(result, lang: Lang) -> None:  # noqa: ANN001 - a sync.assignment.ImportResult
    if result.already:
        print(t("import_already", lang, id=result.id, sequence=result.sequence))
        return
    print(t("import_done", lang, sequence=result.sequence, households=result.households,
            added=result.added, changed=result.changed, acknowledged=result.acknowledged,
            forms=result.forms, returned=result.returned))


def _line(outcome, lang: Lang) -> str:  # noqa: ANN001 - a sync.merge.BundleOutcome
    """One line per file. File and device names come from outside: shown as data (i18n.shown)."""
    name = shown(Path(outcome.path).name)
    device = shown(outcome.device or "")
    if outcome.status == "refused":
        return t("merge_line_refused", lang, reason=shown(outcome.error.render(lang)))
    if outcome.status == "skipped":
        return t("merge_line_skipped", lang, file=name, reason=shown(outcome.reason(lang) or ""))
    if outcome.status == "duplicate":
        return t("merge_line_duplicate", lang, file=name, device=device, sequence=outcome.sequence)
    line = t("merge_line_new", lang, file=name, device=device, sequence=outcome.sequence,
             new=outcome.new, duplicates=outcome.duplicates, conflicts=outcome.conflicts,
             changes=outcome.register_changes)
    if outcome.copies:  # a copied or restored laptop: what happened and what to do, in plain words
        comma = "、" if lang == "zh" else ", "
        line += "\n" + t("merge_copies", lang, device=device,
                         sequences=comma.join(str(n) for n in outcome.copies))
    return line


def run_merge(args: argparse.Namespace) -> int:
    from doorstep.sync.merge import collect_files, found_in_folders, merge_paths

    home = _home(args)
    files = collect_files(args.paths)
    scanned = found_in_folders(args.paths)
    if not files:
        raise UserError(msg("merge_no_files", paths=", ".join(str(p) for p in args.paths)))
    err = Console(stderr=True)
    out = Console(highlight=False, soft_wrap=True)
    progress = Progress(TextColumn(t("merge_progress", args.lang)), BarColumn(), MofNCompleteColumn(),
                        console=err, transient=True, disable=not err.is_terminal)

    def on_bundle(outcome) -> None:  # noqa: ANN001 - a sync.merge.BundleOutcome
        if not args.json:
            out.print(_line(outcome, args.lang), markup=False)

    with progress:
        task = progress.add_task("merge", total=len(files))
        report = merge_paths(home, [], files=files, scanned=scanned, on_bundle=on_bundle,
                             on_checked=lambda _path: progress.advance(task))
    if args.json:
        print(json.dumps(report.to_json(args.lang), ensure_ascii=False, indent=2))
    else:
        for device, missing in sorted(report.gaps.items()):
            print(t("merge_gap", args.lang, device=shown(device), sequences=runs_text(missing, args.lang),
                    count=len(set(missing))))
        counts = {s: sum(1 for b in report.bundles if b.status == s) for s in ("new", "duplicate", "refused")}
        print(t("merge_summary", args.lang, total=len(report.bundles) - report.skipped, new=counts["new"],
                duplicates=counts["duplicate"], refused=counts["refused"],
                visits=sum(b.new for b in report.bundles),
                conflicts=sum(b.conflicts for b in report.bundles)))
        if report.skipped:
            print(t("merge_skipped", args.lang, skipped=report.skipped))
    return 1 if report.refused else 0


def run_verify(args: argparse.Namespace) -> int:
    from doorstep.sync.verify import verify_file

    result = verify_file(_home(args), args.file)
    header = result.header
    if args.json:
        print(json.dumps({"valid": True, "sender": result.sender, "decrypted": result.decrypted,
                          "header": header}, ensure_ascii=False, indent=2))
        return 0
    counts = CountsText(header["counts"]).render(args.lang)
    print(t("verify_ok", args.lang, kind=_word("kind", header["kind"], args.lang),
            sender=shown(result.sender), sequence=header["sequence"], id=header["id"], counts=counts))
    if not result.decrypted:
        print(t("verify_sent", args.lang))
    return 0


def _word(group: str, name: str, lang: Lang) -> str:
    """A bundle kind or count name in the user's language (the name itself if sync has no word)."""
    from doorstep.sync.messages import MESSAGES

    key = f"{group}_{name}"
    return t(key, lang) if key in MESSAGES else shown(name)  # a bundle's own word: data


def run_assign(args: argparse.Namespace) -> int:
    from doorstep.sync.assignment import write_assignment

    home = _home(args)
    if args.form:
        from doorstep.sync.forms import ship_form

        for given in args.form:
            form = ship_form(home, given)
            print(t("assign_form", args.lang, title=form.title(args.lang), version=form.version))
    result = write_assignment(home, args.device, args.village, args.out)
    print(t("assign_done", args.lang, device=result.device, path=str(result.path),
            households=result.households, acks=result.acknowledgements, forms=result.forms,
            sequence=result.sequence))
    return 0
