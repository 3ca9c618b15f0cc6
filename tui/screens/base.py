"""What every screen of the app shares: the header, the translated footer, the session."""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any

from doorstep.i18n import Lang
from doorstep.tui.messages import t
from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from doorstep.tui.app import DoorstepApp
    from doorstep.tui.session import Session


class _Common:
    app: DoorstepApp

    @property
    def lang(self) -> Lang:
        return self.app.lang

    @property
    def session(self) -> Session:
        session = self.app.session
        assert session is not None, "no home is open"
        return session

    def tr(self, key: str, **params: Any) -> str:
        return t(key, self.app.lang, **params)

    def notify_export_failed(self, exc: OSError, where: object) -> None:
        """Say that writing an export to `where` failed, and why (the OS's words)."""
        self.app.notify(
            self.tr("export_failed", error=f"{exc.strerror or exc} ({where})"),
            severity="error",
            timeout=8,
        )


async def _rebuild(screen: Screen[Any]) -> None:
    """Compose `screen` again (in the new language) and fill it as when it was first shown."""
    await screen.recompose()
    mounted = getattr(screen, "on_mount", None)
    if mounted is not None:
        result = mounted()
        if inspect.isawaitable(result):
            await result


class BaseScreen(_Common, Screen[None]):
    """A full screen of the app. `language_changed` rebuilds it in the new language."""

    async def language_changed(self) -> None:
        await _rebuild(self)


class BaseModal(_Common, ModalScreen[Any]):
    """A dialog over the current screen; Escape closes it."""

    async def language_changed(self) -> None:
        await _rebuild(self)
