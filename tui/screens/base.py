"""What every screen of the app shares: the header, the translated footer, the session, and what
the screens ask of their app (VolunteerApp: tui.app.DoorstepApp is the one). Screens know only
VolunteerApp, never tui.app, so that the app imports its screens and no import goes back."""

from __future__ import annotations

import errno
import inspect
from typing import Any

from doorstep.i18n import Lang, UserError
from doorstep.storage.home import Home
from doorstep.tui.base_app import DoorstepBaseApp
from doorstep.tui.messages import t
from doorstep.tui.session import Session
from textual.screen import ModalScreen, Screen


class VolunteerApp(DoorstepBaseApp[Session]):
    """What the volunteer's screens ask of their app, beyond what every doorstep app does."""

    def open_home(self, home: Home) -> None:
        """Take the home's lock, apply its settings, and show the assignments."""
        raise NotImplementedError

    def open_household(self, household_id: str) -> None:
        """Show a household of the register (or say that it is not there)."""
        raise NotImplementedError


OS_ERRORS = {
    errno.ENOENT: "os_no_such_path",
    errno.ENOTDIR: "os_not_a_folder",
    errno.EISDIR: "os_is_a_folder",
    errno.EACCES: "os_no_permission",
    errno.EPERM: "os_no_permission",
    errno.ENOSPC: "os_disk_full",
    errno.EROFS: "os_read_only",
    errno.EEXIST: "os_exists",
}


def os_error_text(exc: OSError, where: object, lang: Lang) -> str:
    """What went wrong writing or reading `where`, in `lang` (the OS says it in English only)."""
    key = OS_ERRORS.get(exc.errno or -1, "os_other")
    return t(key, lang, path=str(where))


class Shared:
    """What the screens of both apps share, whatever their app and session."""

    app: Any  # a DoorstepBaseApp; Textual types a screen's app as App[object]

    @property
    def lang(self) -> Lang:
        lang: Lang = self.app.lang
        return lang

    def tr(self, key: str, **params: Any) -> str:
        return t(key, self.app.lang, **params)

    def notify_export_failed(self, exc: OSError, where: object) -> None:
        """Say that writing an export to `where` failed, and why, in the app's language."""
        self.app.notify(
            self.tr("export_failed", error=os_error_text(exc, where, self.lang)),
            severity="error",
            timeout=8,
        )

    def notify_failure(self, exc: BaseException | None, where: object) -> None:
        """A stick or file operation failed: the user's error as such, the OS's in our words."""
        if isinstance(exc, UserError):
            self.app.notify(exc.render(self.lang), severity="error", timeout=10)
        elif isinstance(exc, OSError):
            self.notify_export_failed(exc, exc.filename or where)
        else:
            self.app.notify(self.tr("stick_failed", path=str(where)), severity="error", timeout=10)


async def _rebuild(screen: Screen[Any]) -> None:
    """Compose `screen` again (in the new language) and fill it as when it was first shown."""
    await screen.recompose()
    mounted = getattr(screen, "on_mount", None)
    if mounted is not None:
        result = mounted()
        if inspect.isawaitable(result):
            await result


class _Volunteer(Shared):
    """The volunteer's app and session, as its screens see them."""

    @property
    def session(self) -> Session:
        session = self.app.session
        assert session is not None, "no home is open"
        return session


class LanguageScreen(Screen[Any]):
    """A full screen that `language_changed` rebuilds in the new language."""

    async def language_changed(self) -> None:
        await _rebuild(self)


class LanguageModal(ModalScreen[Any]):
    """A dialog that `language_changed` rebuilds in the new language; Escape closes it."""

    async def language_changed(self) -> None:
        await _rebuild(self)


class BaseScreen(_Volunteer, LanguageScreen):
    """A full screen of the volunteer's app."""


class BaseModal(_Volunteer, LanguageModal):
    """A dialog of the volunteer's app."""
