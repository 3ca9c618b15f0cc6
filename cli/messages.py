"""Strings of the command line that are not owned by a domain package."""

from __future__ import annotations

from typing import Any

from i18n import Lang, text

MESSAGES = {
    "error_prefix": {"zh": "错误：", "en": "error: "},
    "interrupted": {"zh": "已中断。", "en": "interrupted."},
    "os_error": {"zh": "系统错误：{what}（{where}）", "en": "system error: {what} ({where})"},
}


def t(key: str, lang: Lang, **params: Any) -> str:
    return text(MESSAGES, key, lang, **params)
