"""Import a register file from the register screen: the same check as `doorstep registry import`,
all or nothing. A file with problems, or with rows that only name and village match, changes
nothing and its whole report opens in a dialog; a good file is written in one atomic step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from doorstep.i18n import UserError, text
from doorstep.tui.screens.prompt import PathPrompt


def import_register_file(screen: Any) -> None:
    from doorstep.storage.messages import MESSAGES as STORAGE
    from doorstep.storage.registry_io import import_register
    from doorstep.tui.office.screens.dialogs import InfoDialog

    session = screen.session

    def chosen(path: str | None) -> None:
        if not path:
            return
        file = Path(path).expanduser()
        lang = screen.lang
        try:
            report = import_register(session.store, file)
        except UserError as exc:
            screen.app.push_screen(InfoDialog(screen.tr("import_refused_title"), exc.render(lang)))
            return
        except OSError as exc:
            screen.app.notify(f"{exc.strerror or exc} ({exc.filename or file})", severity="error", timeout=8)
            return
        session.changed()
        session.home.save_settings(register_file=str(file))
        result = report.result
        lines = [text(STORAGE, "import_done", lang, file=str(file), added=len(result.added),
                      changed=len(result.changed), unchanged=len(result.unchanged))]
        if report.extra_columns:
            columns = "、".join(report.extra_columns)
            lines.append(text(STORAGE, "import_extra_columns", lang, columns=columns))
        screen.app.push_screen(InfoDialog(screen.tr("import_done_title"), "\n".join(lines)))
        screen.reload()

    last = (session.home.settings or {}).get("register_file") or str(Path.home())
    screen.app.push_screen(PathPrompt(screen.tr("import_prompt"), last), chosen)
