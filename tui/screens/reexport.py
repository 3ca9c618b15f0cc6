"""Re-export for a lost stick: every bundle the office has not acknowledged, written again to a
folder, byte for byte the same file (sync.outbox.reexport_unacknowledged).

It reads the app's store and writes only into the folder chosen, never into the home, so the
command line (`doorstep bundle export --again`) can do the same while the app is open.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from doorstep.tui.screens.prompt import PathPrompt
from doorstep.tui.screens.working import Working


def export_again(screen: Any) -> None:
    """Ask for the folder (the last export's by default), then write the bundles there."""
    from doorstep.sync.outbox import reexport_unacknowledged

    session = screen.session

    def chosen(folder: str | None) -> None:
        if not folder:
            return
        where = Path(folder).expanduser()

        def finished(outcome: tuple[str, Any] | None) -> None:
            done: Any  # what was written again, or the error that stopped it
            state, done = outcome or ("failed", None)
            if state == "failed":
                screen.notify_failure(done, where)  # the folder is not remembered
                return
            session.home.save_settings(export_dir=folder)
            if not done.bundles:
                screen.app.notify(screen.tr("export_again_none"), timeout=6)
            else:
                screen.app.notify(
                    screen.tr("export_again_done", n=len(done.bundles), folder=folder), timeout=8
                )
            if done.unsent:
                screen.app.notify(screen.tr("export_again_unsent", n=done.unsent), timeout=8)

        # writing to the stick in a thread, as the export does (tui.screens.working)
        work = lambda: reexport_unacknowledged(session.home, where, store=session.store)  # noqa: E731
        screen.app.push_screen(Working("working_stick", work), finished)

    last = session.home.settings.get("export_dir") or str(Path.home())
    screen.app.push_screen(PathPrompt(screen.tr("export_again_prompt"), last), chosen)
