"""Small pieces the office screens share: the translated footer, the screen bar, text bars."""

from __future__ import annotations

from doorstep.i18n import Lang
from doorstep.tui.office.messages import has, t
from doorstep.tui.widgets.footer import I18nFooter
from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

# The main screens, in the order of their keys (F2..F6).
SCREENS = (("inbox", "f2"), ("problems", "f3"), ("review", "f4"), ("register", "f5"), ("summaries", "f6"))

_EIGHTHS = " ▏▎▍▌▋▊▉"


class OfficeFooter(I18nFooter):
    """The volunteer app's footer, also translating the office's own key descriptions."""

    def translate(self, key: str, lang: Lang) -> str | None:
        return t(key, lang) if has(key) else None


class ScreenBar(Static):
    """One line under the header: the five screens and their keys, the current one marked."""

    DEFAULT_CSS = """
    ScreenBar { height: 1; background: $panel; color: $text-muted; }
    """

    def __init__(self, current: str, **kw) -> None:  # noqa: ANN003
        super().__init__(**kw)
        self.current = current

    def on_mount(self) -> None:
        self.update(self.line())

    def line(self) -> Text:
        lang: Lang = getattr(self.app, "lang", "zh")
        out = Text(" ")
        for name, key in SCREENS:
            label = f" {key.upper()} {t('nav_' + name, lang)} "
            if name == self.current:
                out.append(label, style="bold reverse")
            else:
                out.append(label)
            out.append(" ")
        return out


def bar(value: float, largest: float, width: int) -> str:
    """`value` as a bar of at most `width` cells, in eighths of a cell, against `largest`."""
    if width <= 0 or largest <= 0 or value <= 0:
        return ""
    eighths = round(min(value / largest, 1.0) * width * 8)
    full, part = divmod(max(eighths, 1), 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def cells(text: str) -> int:
    return cell_len(text)
