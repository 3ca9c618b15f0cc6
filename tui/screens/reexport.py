"""Re-export for a lost stick: every bundle the office has not acknowledged, written again to a
folder, byte for byte the same file (sync.outbox.reexport_unacknowledged).

It reads the app's store and writes only into the folder chosen, never into the home, so the
command line (`doorstep bundle export --again`) can do the same while the app is open.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from doorstep.i18n import UserError
from doorstep.tui.screens.prompt import PathPrompt


def export_again(screen: Any) -> None:
    """Ask for the folder (the last export's by default), then write the bundles there."""
    from doorstep.sync.outbox import reexport_unacknowledged

    session = screen.session

    def chosen(folder: str | None) -> None:
        if not folder:
            return
        try:
            done = reexport_unacknowledged(session.home, Path(folder).expanduser(), store=session.store)
        except UserError as exc:
            screen.app.notify(exc.render(screen.lang), severity="error", timeout=8)
            return
        except OSError as exc:
            screen.notify_export_failed(exc, exc.filename or folder)
            return
        session.home.save_settings(export_dir=folder)
        if not done.bundles:
            screen.app.notify(screen.tr("export_again_none"), timeout=6)
        else:
            screen.app.notify(screen.tr("export_again_done", n=len(done.bundles), folder=folder), timeout=8)
        if done.unsent:
            screen.app.notify(screen.tr("export_again_unsent", n=done.unsent), timeout=8)

    last = session.home.settings.get("export_dir") or str(Path.home())
    screen.app.push_screen(PathPrompt(screen.tr("export_again_prompt"), last), chosen)
