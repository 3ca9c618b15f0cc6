"""The app's two themes: the default, and a high-contrast one readable in daylight.

The daylight theme is light with black text and saturated accents, because a dark theme washes
out on a laptop screen in the sun. The choice is saved in the home's settings ("theme").
"""

from __future__ import annotations

from textual.theme import Theme

DEFAULT_THEME = "doorstep"
DAYLIGHT_THEME = "doorstep-daylight"

THEMES: tuple[Theme, ...] = (
    Theme(
        name=DEFAULT_THEME,
        primary="#3B82C4",
        secondary="#2F6690",
        accent="#F0A202",
        warning="#F0A202",
        error="#E5484D",
        success="#46A758",
        foreground="#E6E6E6",
        background="#1B1F24",
        surface="#23282F",
        panel="#2C333B",
        dark=True,
    ),
    Theme(
        name=DAYLIGHT_THEME,
        primary="#003A8C",
        secondary="#00254D",
        accent="#8A3B00",
        warning="#8A3B00",
        error="#B00020",
        success="#005C1F",
        foreground="#000000",
        background="#FFFFFF",
        surface="#FFFFFF",
        panel="#E8E8E8",
        dark=False,
        luminosity_spread=0.08,
        text_alpha=1.0,
    ),
)

THEME_NAMES = tuple(t.name for t in THEMES)

# How the choice is written in the home's settings ("theme") and given as --theme.
SETTING_TO_THEME = {"default": DEFAULT_THEME, "daylight": DAYLIGHT_THEME}
THEME_TO_SETTING = {v: k for k, v in SETTING_TO_THEME.items()}


def theme_from_setting(value: str | None) -> str | None:
    """The theme named by a setting or option ("default", "daylight", or a theme's own name)."""
    if not value:
        return None
    if value in THEME_NAMES:
        return value
    return SETTING_TO_THEME.get(value.strip().lower())


def other_theme(name: str) -> str:
    """The theme the toggle switches to."""
    return DAYLIGHT_THEME if name != DAYLIGHT_THEME else DEFAULT_THEME
