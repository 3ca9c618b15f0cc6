"""Strings of the demo generators and the `doorstep demo` command, Chinese first."""

from __future__ import annotations

from typing import Any

from doorstep.i18n import Lang, text

MESSAGES: dict[str, dict[str, str]] = {
    "demo_pin": {
        "zh": "演示数据已加密，PIN 是 {pin}（解锁界面会要求输入）。",
        "en": "the demo's data is encrypted; its PIN is {pin} (the unlock screen asks for it).",
    },
    "demo_pin_env": {
        "zh": "演示数据已加密，用环境变量 DOORSTEP_PASSPHRASE 的值解锁。",
        "en": "the demo's data is encrypted under the value of DOORSTEP_PASSPHRASE.",
    },
    "demo_created": {
        "zh": "演示主目录已创建：{path}（{households} 户，{villages} 个村，{visits} 次已定稿走访，1 份草稿）",
        "en": "demo home created: {path} ({households} households, {villages} villages, "
        "{visits} finalized visits, 1 draft)",
    },
    "demo_office": {
        "zh": "演示办公室主目录（可试用合并、汇总等办公室功能）：{path}",
        "en": "the demo's office home (to try merging, summaries and the other office work): {path}",
    },
    "demo_exists": {
        "zh": "演示主目录已存在，保持原样：{path}",
        "en": "the demo home already exists and is left as it is: {path}",
    },
    "home_exists_not_demo": {
        "zh": "{path} 已是一个 doorstep 主目录（不是演示数据），保持原样。",
        "en": "{path} is already a doorstep home (not a demo); it is left as it is.",
    },
    "folder_not_empty": {
        "zh": "{path} 不是空文件夹，也不是 doorstep 主目录：演示数据不会写到这里。请换一个文件夹。",
        "en": "{path} is neither an empty folder nor a doorstep home: no demo is written there. "
        "Choose another folder.",
    },
    "out_not_empty": {
        "zh": "{path} 已存在且不为空：为避免覆盖数据，请指定一个新的或空的文件夹。",
        "en": "{path} exists and is not empty: to overwrite nothing, give a new or empty folder.",
    },
    "bad_count": {
        "zh": "{option} 必须是 {low} 到 {high} 之间的整数（现在是 {value}）。",
        "en": "{option} must be a whole number from {low} to {high} (it is {value}).",
    },
    "too_few_households": {
        "zh": "--households（{households}）不能少于 --devices（{devices}）：每台设备至少分配一户。",
        "en": "--households ({households}) cannot be fewer than --devices ({devices}): "
        "each device is assigned at least one household.",
    },
    "bad_date": {
        "zh": "--today 应为 YYYY-MM-DD 格式的日期（现在是 {value}）。",
        "en": "--today must be a date written YYYY-MM-DD (it is {value}).",
    },
    "generated": {
        "zh": "已生成：办公室 {office}（登记 {households} 户），{devices} 台设备，"
        "{visits} 次已定稿、未导出的走访。",
        "en": "generated: the office {office} ({households} households on the register), "
        "{devices} devices, {visits} finalized visits not yet exported.",
    },
    "generated_device": {
        "zh": "  {path}：分配 {households} 户，{visits} 次走访",
        "en": "  {path}: {households} households assigned, {visits} visits",
    },
    "generate_progress": {
        "zh": "正在生成{what}……",
        "en": "generating {what} ...",
    },
    "step_register": {"zh": "登记册", "en": "the register"},
    "step_keys": {"zh": "密钥并登记设备", "en": "keys and enrolling the devices"},
    "step_device": {"zh": "“{name}”的派单和走访", "en": "the assignment and visits of {name}"},
    "engine_refused": {
        "zh": "内部错误：生成的“{form}”答案未通过检查表引擎的校验：{errors}",
        "en": "internal error: generated answers of \"{form}\" were refused by the checklist engine: "
        "{errors}",
    },
    # Names of the demo's own people (office, devices), shown in the app.
    "office_name": {"zh": "河口镇退役军人服务站", "en": "Hekou Town Veterans Service Station"},
}


def t(key: str, lang: Lang, /, **params: Any) -> str:
    return text(MESSAGES, key, lang, **params)
