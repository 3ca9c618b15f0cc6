"""Strings of the sync layer (keys, bundles, merge), Chinese first."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from doorstep.i18n import Lang, Message, text
from doorstep.i18n.shown import shown

MESSAGES: dict[str, dict[str, str]] = {
    # identities and keys
    "keys_exist": {
        "zh": "{path} 已有密钥，不会覆盖（丢失密钥将使所有数据包无法读取）。",
        "en": "{path} already holds keys; they are never overwritten "
        "(losing them makes every bundle unreadable).",
    },
    "no_keys": {
        "zh": "{path} 没有密钥：请先运行 doorstep init。",
        "en": "{path} holds no keys: run doorstep init first.",
    },
    # a laptop home made before first start created keys: the app completes it, init refuses it
    "no_keys_device": {
        "zh": "{path} 还没有密钥：用 doorstep --home {path} 打开应用，它会生成密钥，"
        "并把要交给镇办公室的公钥文件写到U盘（按 k 查看本机登记）。",
        "en": "{path} has no keys yet: open the app with doorstep --home {path}; it makes them "
        "and writes the key file to take to the office onto a stick (k shows the enrolment).",
    },
    "no_keys_office": {
        "zh": "{path} 没有密钥：请用 doorstep --home {path} keys restore 备份文件 从备份恢复。",
        "en": "{path} holds no keys: restore them from the backup with "
        "doorstep --home {path} keys restore BACKUP_FILE.",
    },
    "key_file_unreadable": {
        "zh": "无法读取公钥文件 {path}：{reason}",
        "en": "cannot read the public-key file {path}: {reason}",
    },
    "key_file_not_key": {
        "zh": "{path} 不是 doorstep 公钥文件（公钥文件由 doorstep keys show --export 导出）",
        "en": "{path} is not a doorstep public-key file (export one with doorstep keys show --export)",
    },
    # A key that is not an office's is a device's, and the other way round: the role is implied.
    "key_file_not_office": {
        "zh": "{path} 不是办公室的公钥（它属于设备“{name}”）。",
        "en": "{path} is not an office's public key (it belongs to the device \"{name}\").",
    },
    "key_file_not_device": {
        "zh": "{path} 不是设备的公钥（它属于办公室“{name}”）。",
        "en": "{path} is not a device's public key (it belongs to the office \"{name}\").",
    },
    "key_damaged": {
        "zh": "密钥文件 {path} 已损坏：{reason}",
        "en": "the key file {path} is damaged: {reason}",
    },
    "only_office": {
        "zh": "此操作只能在办公室进行（{path} 是设备）。",
        "en": "this can only be done at the office ({path} is a device).",
    },
    "only_device": {
        "zh": "此操作只能在设备上进行（{path} 是办公室）。",
        "en": "this can only be done on a device ({path} is the office).",
    },
    "office_key_on_office": {
        "zh": "{path} 是办公室，不能信任另一个办公室的公钥（--office-key 只用于设备）。",
        "en": "{path} is an office; it cannot trust another office's key (--office-key is for devices).",
    },
    "no_office_key": {
        "zh": "设备 {path} 尚未信任任何办公室：请在办公室运行 doorstep keys show --export 文件，"
        "再在本设备运行 doorstep keys trust-office 文件。",
        "en": "the device {path} trusts no office yet: export the office's key at the office with "
        "doorstep keys show --export FILE, then run doorstep keys trust-office FILE on this device.",
    },
    "office_key_differs": {
        "zh": "本设备已信任办公室“{name}”（指纹 {fingerprint}），与该文件的公钥（指纹 {new}）不同；"
        "确需更换请加 --replace。",
        "en": "this device already trusts the office \"{name}\" (fingerprint {fingerprint}), a different "
        "key from this file's (fingerprint {new}); add --replace to replace it.",
    },
    "device_name_taken": {
        "zh": "设备名“{name}”已被另一把密钥使用（指纹 {fingerprint}）。",
        "en": "the device name \"{name}\" is already used by another key (fingerprint {fingerprint}).",
    },
    "device_is_office": {
        "zh": "不能把办公室自己的密钥登记为设备。",
        "en": "the office's own key cannot be registered as a device.",
    },
    "unknown_device": {
        "zh": "没有名为“{name}”的已登记设备；已登记：{known}",
        "en": "no registered device is named \"{name}\"; registered: {known}",
    },
    "idle_lock_range": {"zh": "分钟数应在 0 到 1440 之间。", "en": "the minutes must be from 0 to 1440."},
    "passphrase_mismatch": {
        "zh": "两次输入的口令不一致。",
        "en": "the two passphrases differ.",
    },
    "passphrase_missing": {
        "zh": "需要备份口令：请在终端中输入，或设置环境变量 DOORSTEP_BACKUP_PASSPHRASE。",
        "en": "a backup passphrase is needed: type it in a terminal, or set DOORSTEP_BACKUP_PASSPHRASE.",
    },
    "backup_wrong_passphrase": {
        "zh": "无法打开备份 {path}：口令错误或文件已损坏。",
        "en": "cannot open the backup {path}: wrong passphrase or a damaged file.",
    },
    "backup_not_backup": {
        "zh": "{path} 不是 doorstep 密钥备份。",
        "en": "{path} is not a doorstep key backup.",
    },
    "backup_warning": {
        "zh": "警告：这份备份是办公室密钥的唯一副本。密钥丢失后，所有已发出和将收到的数据包都无法再读取，"
        "也无法验证。请把备份文件和口令分开保存在安全的地方（例如保险柜里的U盘和纸上的口令）。",
        "en": "Warning: this backup is the only copy of the office's keys outside this computer. If the "
        "keys are lost, every bundle sent or to be received can no longer be read or verified. Keep the "
        "backup file and its passphrase apart, somewhere safe (a USB stick in a safe, the passphrase on "
        "paper).",
    },
    "backup_warning_device": {
        "zh": "警告：这份备份含有本设备的私钥。请把备份文件和口令分开保存在安全的地方。"
        "（设备密钥丢失时，也可以重新初始化设备并在办公室重新登记。）",
        "en": "Warning: this backup holds this device's private keys. Keep the backup file and its "
        "passphrase apart, somewhere safe. (A device whose keys are lost can also be set up again and "
        "enrolled again at the office.)",
    },
    "backup_written": {"zh": "密钥备份已写入 {path}", "en": "key backup written to {path}"},
    "restore_done": {"zh": "密钥已从备份恢复到 {path}", "en": "keys restored from the backup into {path}"},
    "role_office": {"zh": "办公室", "en": "office"},
    "role_device": {"zh": "设备", "en": "device"},
    "show_identity": {"zh": "{role}“{name}”的密钥指纹：", "en": "key fingerprint of the {role} \"{name}\":"},
    "show_office_key": {
        "zh": "本设备信任的办公室“{name}”：",
        "en": "office \"{name}\" trusted by this device:",
    },
    "exported_key": {
        "zh": "公钥已写入 {path}（可公开，不含私钥）",
        "en": "public key written to {path} (public, no private key in it)",
    },
    "device_added": {
        "zh": "设备“{name}”已登记，指纹 {fingerprint}。请与设备屏幕上的指纹核对。",
        "en": "device \"{name}\" registered, fingerprint {fingerprint}. "
        "Compare it with the one on the device's screen.",
    },
    "device_already": {
        "zh": "设备“{name}”已登记（同一把密钥），未作更改。",
        "en": "device \"{name}\" is already registered with this key; nothing changed.",
    },
    "trust_done": {
        "zh": "本设备现在信任办公室“{name}”，指纹 {fingerprint}。请与办公室屏幕上的指纹核对。",
        "en": "this device now trusts the office \"{name}\", fingerprint {fingerprint}. "
        "Compare it with the one on the office's screen.",
    },
    "trust_already": {
        "zh": "本设备已信任办公室“{name}”（同一把密钥），未作更改。",
        "en": "this device already trusts the office \"{name}\" with this key; nothing changed.",
    },
    "trust_replaced": {
        "zh": "原来信任的办公室“{name}”（指纹 {fingerprint}）的公钥已保存在 {path}。",
        "en": "the key of the office trusted before, \"{name}\" (fingerprint {fingerprint}), "
        "is kept in {path}.",
    },
    "show_no_office": {
        "zh": "本设备尚未信任任何办公室：运行 doorstep keys trust-office 文件。",
        "en": "this device trusts no office yet: run doorstep keys trust-office FILE.",
    },
    "no_devices": {"zh": "尚未登记任何设备。", "en": "no device registered yet."},
    "devices_header": {"zh": "设备\t指纹\t登记时间", "en": "device\tfingerprint\tregistered"},
}


MESSAGES.update({
    "assign_form": {"zh": "随派单发送表单：{title}（版本 {version}）",
                    "en": "form shipped: {title} (version {version})"},
    "form_builtin_id": {"zh": "表单 id“{form_id}”是内置表单的 id：请在 settings 中换一个 form_id",
                        "en": "form id '{form_id}' is a built-in form's: choose another form_id in settings"},
    "form_version_taken": {"zh": "表单 {form_id} 的版本 {version} 已有不同的内容：请在 settings 中改 version",
                           "en": "form {form_id} version {version} is already known with other content: "
                                 "change the version in settings"},
    "form_unknown_id": {"zh": "没有表单“{form_id}”（已有：{known}）；或给出表单文件、XLSForm 工作簿的路径",
                        "en": "there is no form '{form_id}' (known: {known}); or give the path of a"
                              " form file "
                              "or an XLSForm workbook"},
})


def msg(key: str, **params: Any) -> Message:
    return Message(MESSAGES, key, params)


def t(key: str, lang: Lang, /, **params: Any) -> str:
    return text(MESSAGES, key, lang, **params)


@dataclass(frozen=True)
class CountsText:
    """A bundle header's counts in words of either language ("户 8，表单 6"), for a message."""

    counts: Mapping[str, int]

    def render(self, lang: Lang) -> str:
        comma = "，" if lang == "zh" else ", "
        parts = [f"{t('count_' + k, lang) if 'count_' + k in MESSAGES else shown(k)} {n}"
                 for k, n in sorted(self.counts.items())]
        return comma.join(parts) or "-"


# Why a bundle was refused: one line each, after the file's name.
MESSAGES.update({
    "why_unreadable": {"zh": "无法读取（{what}）", "en": "cannot be read ({what})"},
    "why_not_a_file": {"zh": "不是文件", "en": "not a file"},
    "why_too_large": {
        "zh": "文件太大（{size} 字节，上限 {limit}），未读取",
        "en": "too large ({size} bytes, the limit is {limit}); not read",
    },
    "why_not_a_bundle": {"zh": "不是 doorstep 数据包", "en": "not a doorstep bundle"},
    "why_wrong_version": {
        "zh": "数据包格式版本 {found} 不受支持（本程序读取版本 {supported}）",
        "en": "bundle format version {found} is not supported (this doorstep reads version {supported})",
    },
    "why_bad_envelope": {
        "zh": "文件结构已损坏或被截断",
        "en": "the file's structure is damaged or truncated",
    },
    "why_unknown_sender": {
        "zh": "发送方密钥 {keyid}… 未登记（请先用 doorstep device add 登记该设备）",
        "en": "the sender's key {keyid}… is not registered (register the device with doorstep device add)",
    },
    "why_from_myself": {"zh": "这是本机自己发出的数据包", "en": "this bundle was sent by this very home"},
    "why_bad_signature": {
        "zh": "签名无效：文件被改动或已损坏",
        "en": "the signature does not verify: the file was changed or damaged",
    },
    "why_bad_json": {"zh": "签名正确但内容格式错误（{what}）", "en": "signed, but malformed ({what})"},
    "why_bad_field": {"zh": "字段 {field} 缺失或格式错误", "en": "the field {field} is missing or malformed"},
    "why_not_for_me": {
        "zh": "这个数据包是发给另一个办公室或设备的",
        "en": "this bundle is meant for another office or device",
    },
    "why_cannot_decrypt": {
        "zh": "无法解密（密钥不符或内容被改动）",
        "en": "cannot be decrypted (wrong key or changed content)",
    },
    "why_bad_compression": {
        "zh": "解密后的内容已损坏或过大",
        "en": "the decrypted content is damaged or too large",
    },
    "why_hash_mismatch": {"zh": "内容与其哈希值不符", "en": "the content does not match its hash"},
    "why_wrong_kind": {
        "zh": "这里需要“{expected}”数据包，而它是“{found}”",
        "en": "a \"{expected}\" bundle is needed here, this one is \"{found}\"",
    },
    "why_schema": {
        "zh": "内容不符合格式：{where}：{what}",
        "en": "content breaks the schema: {where}: {what}",
    },
    "why_replay": {
        "zh": "重放：{device} 的第 {sequence} 号数据包已以不同内容收到过",
        "en": "replay: bundle {sequence} of {device} was already received with different content",
    },
    "why_old_assignment": {
        "zh": "重放：第 {sequence} 号派单比已导入的第 {latest} 号旧",
        "en": "replay: assignment bundle {sequence} is older than bundle {latest} already imported",
    },
    "why_assignment_elsewhere": {
        "zh": "这个派单是给另一台设备的",
        "en": "this assignment is for another device",
    },
})

MESSAGES.update({
    "export_bad_visit": {
        "zh": "无法导出：走访记录 {where} 不符合格式（{what}）",
        "en": "cannot export: the visit {where} breaks the bundle schema ({what})",
    },
    "no_households": {
        "zh": "在村 {villages} 中没有找到任何登记户；名册中的村：{known}",
        "en": "no household on the register in the village(s) {villages}; villages on the register: {known}",
    },
})

# The command line's words for keys, bundles and merges.
MESSAGES.update({
    "passphrase_prompt": {"zh": "备份口令：", "en": "backup passphrase: "},
    "passphrase_again": {"zh": "再输入一次：", "en": "again: "},
    "export_nothing": {"zh": "没有待发送的走访记录，未写入文件。", "en": "nothing to send: no file written."},
    "export_nothing_new": {
        "zh": "没有新的走访记录（全部已在第 {sequence} 号数据包中发出，等待办公室确认），未写入文件。"
        "如U盘丢失，请加 --again 重新导出（应用打开时也可以）。",
        "en": "nothing new: every visit went out already (last bundle {sequence}, awaiting the office's "
        "acknowledgement); no file written. If the stick was lost, use --again (also while the app is open).",
    },
    "export_again_written": {
        "zh": "已重新写入第 {sequence} 号数据包（走访 {count} 条，与原文件相同）：{path}",
        "en": "bundle {sequence} written again ({count} visits, the same file as before): {path}",
    },
    "export_again_none": {
        "zh": "没有等待办公室确认的数据包，无需重新导出。",
        "en": "no bundle is waiting for the office's acknowledgement: nothing to write again.",
    },
    "export_again_unsent": {
        "zh": "另有 {n} 条走访还没有导出过：请在“待发送”界面按 e 导出"
              "（或关闭应用后运行 doorstep bundle export）。",
        "en": "{n} visits have not gone out in any bundle yet: export them from the outbox (e), "
              "or close the app and run doorstep bundle export.",
    },
    "export_again_unrecoverable": {
        "zh": "有 {n} 个数据包的走访已不在本机，无法重新生成。",
        "en": "{n} bundles cannot be made again: their visits are no longer on this laptop.",
    },
    "export_written": {
        "zh": "已写入数据包 {path}\n编号 {id}，序号 {sequence}，走访 {count} 条，哈希 {hash}",
        "en": "bundle written: {path}\nid {id}, sequence {sequence}, {count} visit(s), hash {hash}",
    },
    "import_none_here": {
        "zh": "{folder} 中没有发给本设备的新派单，未作更改。",
        "en": "no new assignment for this device in {folder}; nothing changed.",
    },
    "kind_visits": {"zh": "走访", "en": "visits"},
    "kind_assignment": {"zh": "派单", "en": "assignment"},
    "count_visits": {"zh": "走访", "en": "visits"},
    "count_corrections": {"zh": "更正", "en": "corrections"},
    "count_households": {"zh": "户", "en": "households"},
    "count_forms": {"zh": "表单", "en": "forms"},
    "count_acknowledgements": {"zh": "确认", "en": "acknowledgements"},
    "count_returned": {"zh": "退回", "en": "returned"},
    "error_line": {"zh": "错误：{reason}", "en": "error: {reason}"},
    "import_already": {
        "zh": "派单 {id}（序号 {sequence}）已导入过，未作更改。",
        "en": "assignment {id} (sequence {sequence}) was imported already; nothing changed.",
    },
    "import_done": {
        "zh": "已导入派单（序号 {sequence}）：{households} 户（新增 {added}，更新 {changed}），"
        "确认 {acknowledged} 条走访，表单 {forms} 个，退回 {returned} 条。",
        "en": "assignment imported (sequence {sequence}): {households} household(s) ({added} new, "
        "{changed} changed), {acknowledged} visit(s) acknowledged, {forms} form(s), {returned} returned.",
    },
    "assign_done": {
        "zh": "已为设备“{device}”写入派单 {path}：{households} 户，确认 {acks} 条走访，"
        "表单 {forms} 个（序号 {sequence}）。",
        "en": "assignment for \"{device}\" written to {path}: {households} household(s), "
        "{acks} acknowledgement(s), {forms} form(s) (sequence {sequence}).",
    },
    "merge_line_new": {
        "zh": "新  {file}：{device} 第 {sequence} 号，新走访 {new}，重复 {duplicates}，"
        "冲突 {conflicts}，登记变更 {changes}",
        "en": "new        {file}: {device} #{sequence}, {new} new, {duplicates} duplicate, "
        "{conflicts} conflict(s), {changes} register change(s)",
    },
    "merge_line_duplicate": {
        "zh": "重复  {file}：{device} 第 {sequence} 号，已合并过，未作更改",
        "en": "duplicate  {file}: {device} #{sequence}, merged before; nothing changed",
    },
    "merge_line_refused": {"zh": "拒收  {reason}", "en": "refused    {reason}"},
    "merge_line_skipped": {
        "zh": "跳过  {file}：{reason}（不在此合并）",
        "en": "skipped    {file}: {reason} (not for merging here)",
    },
    "merge_skipped": {
        "zh": "另有 {skipped} 个文件不在此合并（本办公室发出的派单等），已跳过。",
        "en": "{skipped} other file(s) not for merging here (this office's own assignments and the like) "
        "were passed over.",
    },
    "merge_gap": {
        "zh": "{device}：第 {sequences} 号数据包未收到（共 {count} 个）",
        "en": "{device}: bundle(s) {sequences} not received ({count} in all)",
    },
    "merge_summary": {
        "zh": "共 {total} 个文件：新 {new}，重复 {duplicates}，拒收 {refused}；"
        "新走访 {visits} 条，冲突 {conflicts} 条。",
        "en": "{total} file(s): {new} new, {duplicates} duplicate, {refused} refused; "
        "{visits} new visit(s), {conflicts} conflict(s).",
    },
    "merge_progress": {"zh": "合并数据包", "en": "merging bundles"},
    "merge_no_files": {"zh": "在 {paths} 中没有找到数据包。", "en": "no bundle found in {paths}."},
    "verify_ok": {
        "zh": "有效：{kind}数据包，来自“{sender}”，序号 {sequence}，编号 {id}，{counts}",
        "en": "valid: {kind} bundle from \"{sender}\", sequence {sequence}, id {id}, {counts}",
    },
    "verify_sent": {
        "zh": "（本机发出的数据包：签名和头部正确；内容只能由接收方解密）",
        "en": "(sent by this home: signature and header are right; only the recipient can decrypt it)",
    },
})

# settling conflicts (sync.settle)
MESSAGES.update({
    "conflict_not_found": {
        "zh": "没有编号为 {id} 的待处理冲突（doorstep conflicts list 列出所有待处理的冲突）。",
        "en": "no open conflict {id} (doorstep conflicts list shows the open ones).",
    },
    "settle_one_choice": {
        "zh": "请给出一种处理方式：--choose 序号、--value 值，或 --dismiss。",
        "en": "give one way to settle it: --choose N, --value TEXT or --dismiss.",
    },
    "settle_dismiss_only": {
        "zh": "冲突 {id} 没有可选的值（住户或字段不在名册上），只能用 --dismiss 标记为已处理。",
        "en": "conflict {id} has nothing to choose (the household or field is not on the register): "
              "only --dismiss settles it.",
    },
    "settle_cannot_dismiss": {
        "zh": "冲突 {id} 需要选定一个值，不能直接忽略。",
        "en": "conflict {id} needs a choice; it cannot be dismissed.",
    },
    "settle_visit_needs_choice": {
        "zh": "冲突 {id} 是同一次走访的 {n} 个版本：请用 --choose 选定其中一个。",
        "en": "conflict {id} is {n} versions of one visit: choose one with --choose.",
    },
    "settle_bad_choice": {
        "zh": "冲突 {id} 没有第 {choice} 项（共 {n} 项）。",
        "en": "conflict {id} has no candidate {choice} (it has {n}).",
    },
    "settle_bad_text": {
        "zh": "填写的值含有控制字符，未保存。",
        "en": "the value typed holds control characters; nothing was saved.",
    },
    "settle_bad_phone": {
        "zh": "“{value}”不是有效的电话号码（手机 11 位，座机带区号）。",
        "en": "'{value}' is not a valid phone number (11-digit mobile, or a landline with its area code).",
    },
    "settle_no_household": {
        "zh": "名册上没有住户 {household}。",
        "en": "household {household} is not on the register.",
    },
})

# what a conflict is about, for people (doorstep conflicts, the office's problems screen)
MESSAGES.update({
    "conflict_kind_visit": {"zh": "同一走访两个版本", "en": "one visit, two versions"},
    "conflict_kind_register": {"zh": "登记变更不一致", "en": "rival register values"},
    "conflict_kind_register_office_edited": {"zh": "办公室已改过", "en": "the office changed it"},
    "conflict_kind_register_invalid": {"zh": "登记值无效", "en": "a value the register refuses"},
    "conflict_kind_register_unknown_household": {"zh": "住户不在名册上",
                                                 "en": "household not on the register"},
    "conflict_kind_register_unknown_field": {"zh": "名册没有该字段", "en": "a field the register lacks"},
    "conflict_office_value": {"zh": "办公室现值", "en": "the office's value"},
})

# A bundle speaks only for its signer (sync/binding.py); the office explains a copied laptop.
MESSAGES.update({
    "why_not_signers_visit": {
        "zh": "第 {n} 条走访（户 {household}，{started}）写的是在设备“{claimed}”上记录的，"
        "而数据包由“{signer}”签名：一台设备只能发送自己的走访",
        "en": "visit {n} (household {household}, {started}) says it was recorded on \"{claimed}\", "
        "but the bundle is signed by \"{signer}\": a laptop may only send its own visits",
    },
    "why_not_signers_home": {
        "zh": "第 {n} 条走访（户 {household}，{started}）带着另一台设备的编号，"
        "而数据包由“{signer}”签名：一台设备只能发送自己的走访",
        "en": "visit {n} (household {household}, {started}) carries another laptop's id, "
        "but the bundle is signed by \"{signer}\": a laptop may only send its own visits",
    },
    "why_others_visit": {
        "zh": "第 {n} 条走访（户 {household}，{started}）是在设备“{owner}”上做的，“{signer}”不能发送它",
        "en": "visit {n} (household {household}, {started}) was made on \"{owner}\"; "
        "\"{signer}\" may not send it",
    },
    "why_others_correction": {
        "zh": "第 {n} 条是更正（户 {household}，{started}），但原走访是在设备“{owner}”上做的："
        "只有做这次走访的设备才能更正它",
        "en": "item {n} (household {household}, {started}) corrects a visit made on \"{owner}\": "
        "only the laptop that made a visit may correct it",
    },
    "device_home_taken": {
        "zh": "这个公钥文件（“{name}”）所属的笔记本电脑已用另一把密钥登记为“{other}”。"
        "同一台电脑不能有两把密钥；如果它的密钥重新生成过，请在该电脑上重新运行 doorstep init device。",
        "en": "the laptop this key file (\"{name}\") comes from is already enrolled under another key, "
        "as \"{other}\". One laptop cannot have two keys; if its keys were made anew, set it up again "
        "with doorstep init device.",
    },
    "merge_copies": {
        "zh": "注意：{device} 送来了两个不同的第 {sequences} 号数据包。这说明这台笔记本电脑被复制到了另一台"
        "电脑上，或者从备份中恢复过，而两份副本都在记录走访。两份都已合并，没有丢失任何走访；"
        "两份副本对同一次走访记得不一样的地方，列在“问题”里请您决定。今后请只用其中一份；"
        "另一台电脑如要继续使用，请用 doorstep init device 建成一台新设备再登记。",
        "en": "Note: {device} sent two different bundles numbered {sequences}. This means the laptop was "
        "copied to another computer or restored from a backup, and both copies are recording visits. "
        "Both were merged and no visit is lost; where the two copies recorded one visit differently, "
        "it is listed under Problems for you to decide. From now on use one copy only; to keep using "
        "the other computer, set it up as a new laptop with doorstep init device and enrol it.",
    },
})

# The merge checks content before it writes (sync/form_fit.py): refusals, one line each.
_VISIT = {"zh": "第 {n} 条走访（户 {household}，{started}）",
          "en": "visit {n} (household {household}, {started})"}
MESSAGES.update({
    "why_counts": {
        "zh": "头部写的数量（走访 {hv}，更正 {hc}）与内容（走访 {cv}，更正 {cc}）不符",
        "en": "the header's counts ({hv} visit(s), {hc} correction(s)) differ from the content "
        "({cv} visit(s), {cc} correction(s))",
    },
    "why_unknown_form": {
        "zh": _VISIT["zh"] + "用的表单（{form} 第 {version} 版）本办公室不认识：既不是内置表单，也没有发出过",
        "en": _VISIT["en"] + " uses a form this office does not know ({form}, version {version}): "
        "neither built in nor ever sent by it",
    },
    "why_fit_unknown_question": {
        "zh": _VISIT["zh"] + "回答了表单里没有的问题“{name}”",
        "en": _VISIT["en"] + " answers a question its form does not have (\"{name}\")",
    },
    "why_fit_not_text": {
        "zh": _VISIT["zh"] + "对“{qzh}”的回答不是文字（清单只记文字）",
        "en": _VISIT["en"] + " holds a value that is not text for \"{qen}\" (the checklist stores text)",
    },
    "why_fit_wrong_type": {
        "zh": _VISIT["zh"] + "对“{qzh}”的回答“{value}”不符合该题的类型",
        "en": _VISIT["en"] + " answers \"{qen}\" with \"{value}\", which is not of the question's type",
    },
    "why_fit_not_choice": {
        "zh": _VISIT["zh"] + "对“{qzh}”的回答“{value}”不是该题的选项",
        "en": _VISIT["en"] + " answers \"{qen}\" with \"{value}\", which is not one of its choices",
    },
    "why_fit_not_rows": {
        "zh": _VISIT["zh"] + "中“{qzh}”应是若干行回答，却不是",
        "en": _VISIT["en"] + ": \"{qen}\" should be rows of answers and is not",
    },
    "conflict_kind_visit_unknown_household": {"zh": "不在名册上的住户",
                                              "en": "a household not on the register"},
    "conflict_kind_visit_constraint": {"zh": "超出范围的回答", "en": "answers outside their range"},
})

# What is wrong where a bundle's content breaks the schema (sync/content.py), after "{where}: ".
MESSAGES.update({
    "schema_text": {"zh": "应为文字", "en": "text expected"},
    "schema_text_long": {"zh": "文字太长", "en": "text too long"},
    "schema_printable": {
        "zh": "应为可显示的文字（不含控制字符或终端转义序列）",
        "en": "printable text expected (no control characters or terminal escape sequences)",
    },
    "schema_int": {"zh": "应为不小于 {low} 的整数", "en": "an integer >= {low} expected"},
    "schema_int_range": {
        "zh": "应为 {low} 到 {high} 之间的整数",
        "en": "an integer from {low} to {high} expected",
    },
    "schema_uuid": {"zh": "应为 UUID", "en": "a UUID expected"},
    "schema_time": {"zh": "应为真实存在的时间，如 2026-08-01T09:30:00+08:00",
                    "en": "a real time like 2026-08-01T09:30:00+08:00 expected"},
    "schema_object": {"zh": "应为对象（若干“名称: 值”）", "en": "an object expected"},
    "schema_list": {"zh": "应为列表", "en": "a list expected"},
    "schema_missing": {"zh": "缺少 {names}", "en": "missing {names}"},
    "schema_unexpected": {"zh": "多出了 {names}", "en": "unexpected {names}"},
    "schema_deep": {"zh": "嵌套太深", "en": "nested too deeply"},
    "schema_float": {"zh": "出现了浮点数（金额应以文字传送）",
                     "en": "a floating-point number (amounts travel as text)"},
    "schema_earlier": {"zh": "应是更早的修订号", "en": "must be an earlier revision"},
    "schema_supersedes": {"zh": "更正必须写明它替换的修订号",
                          "en": "a correction must name the revision it replaces"},
    "schema_qrid": {"zh": "应为住户的二维码编号", "en": "a household's QR id expected"},
    "schema_corrected_only": {"zh": "只有更正才有这一项", "en": "only a correction has one"},
    "schema_sha": {"zh": "应为 SHA-256 哈希值", "en": "a SHA-256 expected"},
    "schema_hash": {"zh": "与走访内容不符", "en": "does not match the visit's content"},
    "schema_sorted": {
        "zh": "没有按编号排序，或同一编号出现了两次",
        "en": "not sorted by key, or a key twice",
    },
    "schema_field_name": {"zh": "登记变更中有一个不是名册字段名的名称",
                          "en": "a name that is not a register field's name"},
    "schema_keyid": {"zh": "应为密钥编号", "en": "a key id expected"},
    "schema_household_twice": {"zh": "同一住户出现了两次", "en": "a household twice"},
    "schema_entries_sorted": {
        "zh": "没有按编号排序，或同一编号出现了两次",
        "en": "not sorted by id, or an id twice",
    },
    "schema_household_entry": {
        "zh": "有住户没有对应的名册条目",
        "en": "a household without its register entry",
    },
    "schema_visit_key": {"zh": "应为走访编号", "en": "a visit key expected"},
    "schema_status": {"zh": "应为 alive（健在）、deceased（已故）或 moved（迁出）",
                      "en": "alive, deceased or moved expected"},
    "schema_entitled": {"zh": "应为 yes 或 no", "en": "yes or no expected"},
    "schema_date": {"zh": "应为 YYYY-MM-DD 格式的日期", "en": "a date YYYY-MM-DD expected"},
})

# Why signed JSON is not canonical (sync/canonical.py), inside why_bad_json.
MESSAGES.update({
    "json_float": {"zh": "出现了浮点数 {number}，这里只允许整数",
                   "en": "a floating-point number ({number}) where only integers are allowed"},
    "json_constant": {"zh": "{constant} 不是 JSON", "en": "{constant} is not JSON"},
    "json_long_int": {"zh": "一个 {digits} 位的整数", "en": "an integer of {digits} digits"},
    "json_surrogate": {"zh": "不是有效的 Unicode 文字", "en": "text that is not valid Unicode"},
    "json_not_utf8": {"zh": "不是 UTF-8 文字", "en": "not UTF-8 text"},
    "json_malformed": {"zh": "第 {pos} 字节处 JSON 格式错误", "en": "malformed JSON at byte {pos}"},
    "json_deep": {"zh": "JSON 嵌套太深", "en": "JSON nested too deeply"},
    "json_not_canonical": {"zh": "JSON 不是规范写法", "en": "JSON not in canonical form"},
})

# An assignment the device checks before it imports anything (sync/assignment.py).
MESSAGES.update({
    "why_assignment_counts": {
        "zh": "头部写的数量（{told}）与内容（{counted}）不符",
        "en": "the header's counts ({told}) differ from the content ({counted})",
    },
    "why_bad_entry": {
        "zh": "第 {n} 个名册条目（户 {household}）名册不能接受：{why}",
        "en": "register entry {n} (household {household}) is one the register does not take: {why}",
    },
    "entry_not_qr_id": {
        "zh": "它的编号不是住户的二维码编号",
        "en": "its id is not a household's QR id",
    },
})
