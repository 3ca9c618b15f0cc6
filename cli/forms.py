"""`doorstep forms list | show ID | check FILE | import FILE.xlsx`: checklists and form files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from doorstep.i18n import Lang
from doorstep.i18n.shown import shown
from doorstep.survey import Form, builtin_forms, get_form
from doorstep.survey.form import EXPRESSION_COLUMNS, Question, check_form
from doorstep.survey.messages import t


def register(subparsers: argparse._SubParsersAction) -> None:
    forms = subparsers.add_parser("forms", help="checklists / 表单")
    sub = forms.add_subparsers(dest="forms_command", metavar="ACTION", required=True)

    p = sub.add_parser("list", help="list the forms: built-in and the home's own / 列出表单")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", help="show a form's questions and logic / 显示表单")
    p.add_argument("form_id", metavar="ID")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("check", help="check a form file / 检查表单文件")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("import", help="turn an XLSForm (.xlsx, .xls) into a form file / 导入 XLSForm")
    p.add_argument("file", metavar="FILE.xlsx")
    p.add_argument("--out", metavar="FORM.toml", help="where to write the form (default: beside FILE)")
    p.set_defaults(func=cmd_import)


def _home_forms(args: argparse.Namespace) -> dict[str, Form]:
    """The built-ins, and the own forms of the home when there is one (an office's, or what the
    assignments brought a laptop)."""
    from doorstep.storage.home import Home, resolve_home_dir
    from doorstep.sync.forms import latest_by_id

    path = resolve_home_dir(getattr(args, "home", None))
    if not Home.exists(path):
        return dict(builtin_forms())
    return latest_by_id(Home.open(path))


def cmd_list(args: argparse.Namespace) -> int:
    forms = _home_forms(args)
    if args.json:
        rows = [{"id": f.id, "version": f.version, "title": dict(f.titles),
                 "questions": f.question_count()} for f in forms.values()]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print(t("cli_list_header", args.lang))
    for f in forms.values():
        # a form's title and version are its author's text: shown as data
        print("\t".join(shown(c) for c in (f.id, f.version, str(f.question_count()), f.title(args.lang))))
    return 0


def _show_question(form: Form, q: Question, lang: Lang, depth: int) -> list[str]:
    pad = "  " * depth
    kind = q.type.replace("_", " ") if q.type.startswith("begin_") else q.type
    if q.list_name:
        kind += f" {q.list_name}"
    lines = [f"{pad}{q.name} [{kind}] {q.label(lang)}"]
    detail = pad + "    "
    if q.required == "true()":
        lines.append(f"{detail}{t('cli_required', lang)}")
    elif q.required:
        lines.append(f"{detail}{t('cli_required_if', lang)}: {q.required}")
    names = {"relevant": "cli_relevant", "constraint": "cli_constraint", "calculation": "cli_calculation",
             "choice_filter": "cli_choice_filter", "repeat_count": "cli_repeat_count"}
    for column in EXPRESSION_COLUMNS:
        if column in names and getattr(q, column):
            lines.append(f"{detail}{t(names[column], lang)}: {getattr(q, column)}")
    if q.default:
        lines.append(f"{detail}{t('cli_default', lang)}: {q.default}")
    if q.read_only:
        lines.append(f"{detail}{t('cli_read_only', lang)}")
    if q.save_to:
        lines.append(f"{detail}{t('cli_save_to', lang)}: {q.save_to}")
    if q.is_select:
        choices = ", ".join(f"{c.name}={c.label(lang)}" for c in form.choices.get(q.list_name, []))
        lines.append(f"{detail}{t('cli_choices', lang)}: {choices}")
    return lines


def cmd_show(args: argparse.Namespace) -> int:
    forms = _home_forms(args)
    form = forms[args.form_id] if args.form_id in forms else get_form(args.form_id)
    lang = args.lang
    out = [t("cli_show_title", lang, title=form.title(lang), form_id=form.id, version=form.version)]
    if form.instance_name:
        out.append(t("cli_show_instance_name", lang, expr=form.instance_name))
    depth = 0
    for q in form.rows:
        if q.type.startswith("end_"):
            depth -= 1
            continue
        out.extend(_show_question(form, q, lang, depth))
        if q.type.startswith("begin_"):
            depth += 1
    print("\n".join(shown(line) for line in out))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from doorstep.survey.xlsform_read import SUFFIXES

    lang = args.lang
    file = shown(args.file)
    if Path(args.file).suffix.lower() in SUFFIXES:  # a workbook: check it as `forms import` would
        from doorstep.survey.xlsform import import_xlsform

        result = import_xlsform(Path(args.file))
        for found in result.problems:
            print(found.render(lang), file=sys.stderr)
        if result.problems or result.form is None:
            print(t("cli_check_bad", lang, file=file, count=len(result.problems)), file=sys.stderr)
            return 1
        print(shown(t("cli_check_ok", lang, file=file, form_id=result.form.id,
                      version=result.form.version, count=result.form.question_count())))
        return 0
    form, problems = check_form(Path(args.file))
    if problems or form is None:
        for p in problems:
            print(shown(p.render(lang)), file=sys.stderr)
        print(t("cli_check_bad", lang, file=file, count=len(problems)), file=sys.stderr)
        return 1
    print(shown(t("cli_check_ok", lang, file=file, form_id=form.id, version=form.version,
                  count=form.question_count())))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from doorstep.i18n.shown import shown
    from doorstep.storage.atomic import write_atomic
    from doorstep.survey.xlsform import import_xlsform

    source = Path(args.file)
    result = import_xlsform(source)
    lang = args.lang
    for notice in result.notices:
        print(t("xlsform_notice", lang, what=notice.render(lang)), file=sys.stderr)
    if result.problems or result.form is None:
        for p in result.problems:
            print(p.render(lang), file=sys.stderr)
        print(shown(t("cli_import_bad", lang, file=source.name, count=len(result.problems))), file=sys.stderr)
        return 1
    out = Path(args.out) if args.out else source.with_suffix(".toml")
    write_atomic(out, result.toml(source.name).encode("utf-8"))
    print(shown(t("cli_import_ok", lang, file=source.name, out=str(out), form_id=result.form.id,
                  version=result.form.version, count=result.form.question_count())))
    return 0
