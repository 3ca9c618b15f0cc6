"""The year's files from the office screens: the summary shown (its period and village) as md,
html and xlsx, and the visits export of the same period as xlsx, written to a folder the
supervisor picks. The same renderers as `doorstep summary` and `doorstep visits export`; each
file is written atomically, so a full stick leaves no half file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from doorstep.i18n import Lang, UserError
from doorstep.tui.screens.prompt import PathPrompt


def year_files(summary: Any, vocab: Any, home: Any, lang: Lang) -> list[tuple[str, bytes]]:
    """(file name, content) of every file, for the summary's period and village."""
    from doorstep.reports.export import build_exports, xlsx_bytes
    from doorstep.reports.render import render_summary
    from doorstep.reports.source import load_report_data

    period = summary.period
    span = "-".join(d.isoformat() if d else "" for d in (period.start, period.end)).strip("-") or "all"
    stem = f"summary-{span}"
    out = []
    for fmt in ("md", "html", "xlsx"):
        content = render_summary(summary, vocab, fmt)
        out.append((f"{stem}.{fmt}", content if isinstance(content, bytes) else content.encode("utf-8")))
    data = load_report_data(home)
    exports = build_exports(data.entries, data.visits, vocab.forms, period, None, lang)
    out.append((f"visits-{span}.xlsx", xlsx_bytes(exports)))
    return out


def export_year(screen: Any) -> None:
    """Ask for the folder (the last one by default), then write the files there."""
    from doorstep.storage.atomic import write_atomic

    if screen.summary is None:
        screen.app.notify(screen.tr("computing"))
        return
    session = screen.session

    def chosen(folder: str | None) -> None:
        if not folder:
            return
        target = Path(folder).expanduser()
        try:
            files = year_files(screen.summary, screen.vocab, session.home, screen.lang)
            target.mkdir(parents=True, exist_ok=True)
            for name, content in files:
                write_atomic(target / name, content)
        except UserError as exc:
            screen.complain(exc)
            return
        except OSError as exc:
            error = f"{exc.strerror or exc} ({exc.filename or target})"
            screen.app.notify(screen.tr("year_files_failed", error=error), severity="error", timeout=8)
            return
        session.home.save_settings(report_dir=str(target))
        screen.app.notify(screen.tr("year_files_written", n=len(files), folder=str(target)), timeout=8)

    last = (session.home.settings or {}).get("report_dir") or str(session.home.path / "reports")
    screen.app.push_screen(PathPrompt(screen.tr("year_files_prompt"), last), chosen)
