"""Strings of the command line that are not owned by a domain package."""

from __future__ import annotations

from typing import Any

from doorstep.i18n import Lang, text

MESSAGES = {
    "error_prefix": {"zh": "错误：", "en": "error: "},
    "usage_error": {"zh": "命令写得不对（{command} --help 查看用法）：{detail}",
                    "en": "the command is not right ({command} --help shows how): {detail}"},
    "interrupted": {"zh": "已中断。", "en": "interrupted."},
    "os_error": {"zh": "系统错误：{what}（{where}）", "en": "system error: {what} ({where})"},
    # The usual causes, said in the user's language rather than the C library's English.
    "errno_ENOSPC": {"zh": "磁盘已满，请腾出空间后重试",
                     "en": "the disk is full; free some space and try again"},
    "errno_EDQUOT": {"zh": "磁盘配额已用完", "en": "disk quota exceeded"},
    "errno_EACCES": {"zh": "没有权限", "en": "permission denied"},
    "errno_EPERM": {"zh": "不允许此操作", "en": "operation not permitted"},
    "errno_EROFS": {"zh": "只读的磁盘或文件夹", "en": "read-only disk or folder"},
    "errno_ENOENT": {"zh": "文件或文件夹不存在", "en": "no such file or folder"},
    "errno_EISDIR": {"zh": "这是文件夹，不是文件", "en": "this is a folder, not a file"},
    "errno_ENOTDIR": {"zh": "路径中有一段不是文件夹", "en": "part of the path is not a folder"},
    "errno_EIO": {"zh": "磁盘读写错误", "en": "input/output error on the disk"},
    # doorstep conflicts
    "cf_visit_versions": {"zh": "{n} 个版本", "en": "{n} versions"},
    "cf_household_visits": {"zh": "{n} 次走访，请添加到名册或与已有住户对应",
                            "en": "{n} visit(s): add it to the register, or match it with an entry"},
    "cf_open_count": {"zh": "待处理 {n} 处。", "en": "{n} open."},
    "cf_none": {"zh": "没有待处理的冲突。", "en": "No open conflicts."},
    "cf_settled_count": {"zh": "已处理 {n} 处。", "en": "{n} settled."},
    "cf_chosen": {"zh": "选定：{value}", "en": "chosen: {value}"},
    "cf_dismissed": {"zh": "（已标记处理，无可选项）", "en": "(dismissed, nothing to choose)"},
    "cf_field_now": {"zh": "{field}，名册现值：{value}", "en": "{field}, on the register now: {value}"},
    "cf_counted": {"zh": "← 最先发出的版本，裁定前计入统计",
                   "en": "<- sent first: the figures count it until settled"},
    "cf_office": {"zh": "办公室现值", "en": "the office's value"},
    "cf_by": {"zh": "{device} · {volunteer} · {when}", "en": "{device} · {volunteer} · {when}"},
    "cf_settle_hint": {"zh": "处理：doorstep conflicts settle {id} --choose 序号 [--reason 原因]",
                       "en": "settle: doorstep conflicts settle {id} --choose N [--reason TEXT]"},
    "cf_dismiss_hint": {"zh": "没有可选项：doorstep conflicts settle {id} --dismiss [--reason 原因]",
                        "en": "nothing to choose: doorstep conflicts settle {id} --dismiss [--reason TEXT]"},
    "cf_settled": {"zh": "已处理 {id}；还有 {left} 处待处理。", "en": "settled {id}; {left} still open."},
    # PIN / passphrase prompts (typed without echo)
    "secret_prompt": {"zh": "{home} 的 PIN 或口令：", "en": "PIN or passphrase of {home}: "},
    "secret_new_prompt": {"zh": "为 {home} 设置 PIN（至少 6 位数字）或口令：",
                          "en": "set a PIN (6 digits or more) or a passphrase for {home}: "},
    "secret_again": {"zh": "再输入一次：", "en": "again: "},
    "new_pin_prompt": {"zh": "{home} 的新 PIN（至少 6 位数字）或口令：",
                       "en": "new PIN (6 digits or more) or passphrase for {home}: "},
    "recovered": {"zh": "已为 {home} 设置新的 PIN；数据未作改动。",
                  "en": "a new PIN is set for {home}; its data is unchanged."},
    "idle_lock_set": {"zh": "应用闲置 {minutes} 分钟后自动锁定。",
                      "en": "the app locks itself after {minutes} idle minutes."},
    "idle_lock_off": {"zh": "应用不再自动锁定。", "en": "the app no longer locks itself."},
    "pin_changed": {"zh": "已更换 {home} 的 PIN 或口令。",
                    "en": "the PIN or passphrase of {home} is changed."},
}


def os_error_text(exc: OSError, lang: Lang) -> str:
    """One line for an OSError: what happened, in the user's language where we know it, and where."""
    import errno

    name = errno.errorcode.get(exc.errno or -1, "")
    what = t(f"errno_{name}", lang) if f"errno_{name}" in MESSAGES else (exc.strerror or str(exc))
    return t("os_error", lang, what=what, where=exc.filename or "-")


def t(key: str, lang: Lang, /, **params: Any) -> str:
    return text(MESSAGES, key, lang, **params)
