"""User-facing strings of storage/ (zh first, en second)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # homes and the lock
    "home_missing": {
        "zh": "{home} 不是 doorstep 的数据目录。请先运行 `doorstep init office|device` 或 `doorstep demo`。",
        "en": "{home} is not a doorstep home. Run `doorstep init office|device` or `doorstep demo` first.",
    },
    "home_exists": {"zh": "{home} 已经是 doorstep 的数据目录，未作改动。",
                    "en": "{home} is already a doorstep home; nothing was changed."},
    "home_not_folder": {"zh": "{home} 不是文件夹。", "en": "{home} is not a folder."},
    "home_bad_kind": {"zh": "未知的类型“{kind}”：应为 office 或 device。",
                      "en": "unknown kind '{kind}': expected office or device."},
    "home_no_name": {"zh": "名称不能为空。", "en": "the name must not be empty."},
    "home_name_not_printable": {
        "zh": "名称只能是可显示的文字，不能含控制字符或终端转义序列。",
        "en": "a name must be printable text, without control characters or terminal escape sequences.",
    },
    "home_locked": {
        "zh": "另一个 doorstep 正在写入这个数据目录（进程 {pid}）：{home}。请先关闭它；只读命令仍可使用。",
        "en": "another doorstep is writing to this home (pid {pid}): {home}. Close it first; "
              "reading commands still work.",
    },
    "home_created": {"zh": "已创建{kind}数据目录“{name}”：{home}",
                     "en": "created {kind} home '{name}' in {home}"},
    "kind_office": {"zh": "办公室", "en": "office"},
    "kind_device": {"zh": "设备", "en": "device"},
    # unlocking (PIN / passphrase)
    "home_needs_secret": {
        "zh": "{home} 已加密，需要 PIN 或口令：请在终端中运行并输入，"
              "或设置环境变量 DOORSTEP_PASSPHRASE。",
        "en": "{home} is encrypted and needs its PIN or passphrase: run it at a terminal and type it, "
              "or set DOORSTEP_PASSPHRASE.",
    },
    "home_new_secret_needed": {
        "zh": "需要为 {home} 设置 PIN 或口令：请在终端中运行并输入，"
              "或设置环境变量 DOORSTEP_PASSPHRASE。",
        "en": "a PIN or passphrase must be set for {home}: run it at a terminal and type it, or set "
              "DOORSTEP_PASSPHRASE.",
    },
    "wrong_secret": {"zh": "PIN 或口令不对，未作任何改动：{home}",
                     "en": "wrong PIN or passphrase; nothing was changed: {home}"},
    "keyring_damaged": {
        "zh": "密钥文件 {file} 已损坏，无法读取（{reason}）。未作任何改动。",
        "en": "key file {file} is damaged and cannot be read ({reason}). Nothing was changed.",
    },
    "no_recovery_wrap": {
        "zh": "{home} 中没有可由办公室恢复的密钥（这台设备还没有信任办公室的公钥）。",
        "en": "{home} holds no key the office can recover (this laptop never trusted an office's key).",
    },
    "recovery_other_office": {
        "zh": "{home} 的恢复密钥属于另一个办公室，这个办公室的密钥打不开它。",
        "en": "the recovery key of {home} belongs to another office; this office's keys do not open it.",
    },
    # PIN and passphrase rules
    "pin_too_short": {"zh": "PIN 至少需要 {n} 位数字。", "en": "a PIN needs at least {n} digits."},
    "pin_all_same": {"zh": "PIN 不能全是同一个数字。", "en": "a PIN must not be one digit repeated."},
    "pin_run": {"zh": "PIN 不能是 123456 或 654321 这样的连续数字。",
                "en": "a PIN must not be a run like 123456 or 654321."},
    "pin_not_digits": {"zh": "PIN 只能由数字组成。", "en": "a PIN is digits only."},
    "passphrase_short": {"zh": "口令至少需要 {n} 个字符。",
                         "en": "a passphrase needs at least {n} characters."},
    "passphrase_weak_repeat": {
        "zh": "口令太容易猜到（重复的字符）：请用几个不相关的词或更长的句子。",
        "en": "this passphrase is too easy to guess (repeated characters): "
              "use several unrelated words or a longer sentence.",
    },
    "passphrase_weak_sequence": {
        "zh": "口令太容易猜到（连续的字符或数字）：请用几个不相关的词或更长的句子。",
        "en": "this passphrase is too easy to guess (a sequence of characters or digits): "
              "use several unrelated words or a longer sentence.",
    },
    "passphrase_weak_common": {
        "zh": "口令太容易猜到（常见的口令或单词）：请用几个不相关的词或更长的句子。",
        "en": "this passphrase is too easy to guess (a common password or word): "
              "use several unrelated words or a longer sentence.",
    },
    "passphrase_weak_short": {
        "zh": "口令太容易猜到（太短或太简单）：请用几个不相关的词或更长的句子。",
        "en": "this passphrase is too easy to guess (too short or too simple): "
              "use several unrelated words or a longer sentence.",
    },
    "secrets_differ": {"zh": "两次输入不一致，未作任何改动。",
                       "en": "the two entries differ; nothing was changed."},
    # the store file
    "store_missing": {"zh": "找不到数据文件 {file}。", "en": "data file {file} is missing."},
    "store_damaged_with_backup": {
        "zh": "数据文件 {file} 已损坏，无法读取（{reason}）。未作任何改动。上一个完好的版本保存在 {backup}："
              "请先复制损坏的文件留存，再用备份替换它。",
        "en": "data file {file} is damaged and cannot be read ({reason}). Nothing was changed. The "
              "previous good version is kept in {backup}: copy the damaged file aside, then put the "
              "backup in its place.",
    },
    "journal_damaged": {
        "zh": "数据文件 {file} 第 {line} 行已损坏，无法读取（{reason}）。未作任何改动。",
        "en": "data file {file} is damaged at line {line} and cannot be read ({reason}). Nothing "
              "was changed.",
    },
    "store_damaged": {
        "zh": "数据文件 {file} 已损坏，无法读取（{reason}），且没有备份 {backup}。未作任何改动。",
        "en": "data file {file} is damaged and cannot be read ({reason}), and there is no backup "
              "{backup}. Nothing was changed.",
    },
    "store_too_new": {
        "zh": "数据文件 {file} 由更新版本的 doorstep 写入（格式 {found}，本程序支持到 {supported}）。"
              "请升级 doorstep；文件未作改动。",
        "en": "data file {file} was written by a newer doorstep (format {found}; this one supports up "
              "to {supported}). Upgrade doorstep; the file was not changed.",
    },
    "store_read_only": {"zh": "只读打开，不能写入 {file}。", "en": "opened read-only: cannot write {file}."},
    # register entries
    "entry_no_name": {"zh": "姓名不能为空。", "en": "the name must not be empty."},
    "entry_bad_category": {"zh": "未知的类别“{value}”。可用的类别：{accepted_zh}。",
                           "en": "unknown category '{value}'. The categories are: {accepted_en}."},
    "entry_bad_priority": {"zh": "未知的优先级“{value}”：应为 key、general 或 other。",
                           "en": "unknown priority '{value}': expected key, general or other."},
    "entry_bad_version": {"zh": "登记版本“{value}”无效：应为不小于 1 的整数。",
                          "en": "bad register version '{value}': expected an integer of at least 1."},
    "entry_bad_members": {"zh": "家庭成员必须有姓名。", "en": "every household member needs a name."},
    "entry_bad_status": {"zh": "未知的现状“{value}”：应为 alive（健在）、deceased（已去世）"
                                "或 moved（已迁居）。",
                         "en": "unknown status '{value}': expected alive, deceased or moved."},
    "entry_bad_entitled": {"zh": "“是否仍享受待遇”应为 yes（是）或 no（否），而不是“{value}”。",
                           "en": "entitled must be yes or no, not '{value}'."},
    "entry_bad_death_date": {"zh": "去世日期“{value}”无效：应写成 2026-08-01 这样的日期。",
                             "en": "bad date of death '{value}': write a date like 2026-08-01."},
    "entry_future_death_date": {"zh": "去世日期 {value} 晚于今天。",
                                "en": "the date of death {value} is in the future."},
    "entry_bad_id_number": {"zh": "身份证号“{value}”无效。", "en": "'{value}' is not a valid ID number."},
    "entry_bad_sex": {"zh": "性别“{value}”无效：应为 male（男）或 female（女）。",
                      "en": "bad sex '{value}': expected male or female."},
    "entry_bad_birth_date": {"zh": "出生日期“{value}”无效：应写成 1950-08-01 这样的日期。",
                             "en": "bad date of birth '{value}': write a date like 1950-08-01."},
    "entry_bad_disability_grade": {"zh": "残疾等级“{value}”无效：应为 1 到 10 级。",
                                   "en": "bad disability grade '{value}': expected 1 to 10."},
    "entry_not_found": {"zh": "本机登记册中没有编号 {id}。", "en": "{id} is not on this laptop's register."},
    "entry_duplicate_id": {"zh": "编号 {id} 重复。", "en": "id {id} appears twice."},
    # visits
    "draft_not_found": {"zh": "没有未完成的走访 {id}。", "en": "no draft visit {id}."},
    "visit_not_found": {"zh": "没有走访记录 {id}。", "en": "no visit {id}."},
    "visit_exists": {"zh": "走访 {id} 已存在或正在编辑。",
                     "en": "visit {id} already exists or is being edited."},
    "bad_slot": {"zh": "答案位置无效：{slot}", "en": "bad answer slot: {slot}"},
    # fields of a register entry, as `doorstep registry show` labels them
    "field_id": {"zh": "编号", "en": "id"},
    "field_name": {"zh": "姓名", "en": "name"},
    "field_category": {"zh": "类别", "en": "category"},
    "field_priority": {"zh": "级别", "en": "priority"},
    "field_village": {"zh": "村", "en": "village"},
    "field_address": {"zh": "地址", "en": "address"},
    "field_phone": {"zh": "电话", "en": "phone"},
    "field_members": {"zh": "家庭成员", "en": "members"},
    "field_notes": {"zh": "备注", "en": "notes"},
    "field_status": {"zh": "现状", "en": "status"},
    "field_death_date": {"zh": "去世日期", "en": "date of death"},
    "field_entitled": {"zh": "是否仍享受待遇", "en": "entitled"},
    "status_alive": {"zh": "健在", "en": "alive"},
    "status_deceased": {"zh": "已去世", "en": "deceased"},
    "status_moved": {"zh": "已迁居", "en": "moved"},
    "entitled_yes": {"zh": "是", "en": "yes"},
    "entitled_no": {"zh": "否", "en": "no"},
    "field_version": {"zh": "版本", "en": "version"},
    "field_updated": {"zh": "更新时间", "en": "updated"},
    "field_id_number": {"zh": "身份证号", "en": "ID number"},
    "field_sex": {"zh": "性别", "en": "sex"},
    "field_birth_date": {"zh": "出生日期", "en": "date of birth"},
    "field_disability_grade": {"zh": "残疾等级", "en": "disability grade"},
    "field_contact": {"zh": "联系人", "en": "contact person"},
    "sex_male": {"zh": "男", "en": "male"},
    "sex_female": {"zh": "女", "en": "female"},
    "empty_value": {"zh": "（空）", "en": "(empty)"},
    "list_sep": {"zh": "；", "en": "; "},
    "difference": {"zh": "{field}：{old} → {new}", "en": "{field}: {old} -> {new}"},
    "priority_key": {"zh": "重点", "en": "key"},
    "priority_general": {"zh": "一般", "en": "general"},
    "priority_other": {"zh": "其他", "en": "other"},
    # QR ids
    "qrid_typo": {"zh": "编号 {id} 的校验字符不符：可能输错了一个字符或颠倒了两个字符。",
                  "en": "the check character of {id} does not match: a typo or two swapped characters?"},
    "qrid_malformed": {"zh": "“{id}”不是有效的编号（只含数字和大写字母，不含 I、L、O、U、Z）。",
                       "en": "'{id}' is not a valid id (digits and capital letters only, no I, L, O, U, Z)."},
    # register import / export
    "import_errors": {"zh": "{file} 有 {count} 处错误，未导入任何数据：",
                      "en": "{file} has {count} error(s); nothing was imported:"},
    "import_row_error": {"zh": "第 {row} 行，“{column}”列：{reason}",
                         "en": "row {row}, column '{column}': {reason}"},
    "import_unreadable": {"zh": "无法读取 {file}：{reason}", "en": "cannot read {file}: {reason}"},
    "import_encoding": {
        "zh": "无法读取 {file}：第 {offset} 字节起既不是 UTF-8 也不是 GB18030 编码。"
        "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或“CSV（逗号分隔）”",
        "en": "cannot read {file}: from byte {offset} on it is neither UTF-8 nor GB18030. In Excel, "
        "save it as \"CSV UTF-8 (Comma delimited)\" or \"CSV (Comma delimited)\"",
    },
    "import_nul": {
        "zh": "无法读取 {file}：第 {row} 行含有 NUL 字节，它不是 UTF-8 或 GB18030 编码的文本"
              "（也许是 UTF-16 的“Unicode 文本”）。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”",
        "en": "cannot read {file}: row {row} holds a NUL byte, so it is not UTF-8 or GB18030 text (a "
              "UTF-16 \"Unicode text\" file?). In Excel, save it as \"CSV UTF-8 (Comma delimited)\""},
    "import_csv_syntax": {
        "zh": "无法读取 {file}：从第 {row} 行起不是有效的 CSV"
              "（一格的引号没有闭合，或一格超过 {limit} 个字符）。未导入任何数据。",
        "en": "cannot read {file}: from row {row} on it is not valid CSV (a cell's quote is not closed, or a "
              "cell is longer than {limit} characters). Nothing was imported."},
    "import_not_xlsx": {
        "zh": "无法读取 {file}：它不是有效的 .xlsx 工作簿（已损坏，或是改了扩展名的其他文件）。",
        "en": "cannot read {file}: it is not a valid .xlsx workbook (damaged, or another kind of file "
              "renamed)."},
    "import_too_big": {"zh": "{file} 太大（{size} MB，上限 {limit} MB）。",
                       "en": "{file} is too big ({size} MB, the limit is {limit} MB)."},
    "import_sheet_too_big": {
        "zh": "{file} 的表格太大（到第 {row} 行已超过 {rows} 行或 {cells} 个单元格）："
              "请删去多余的行和列后再导入。",
        "en": "{file}: the sheet is too big (by row {row} it has more than {rows} rows or {cells} cells): "
              "delete the rows and columns it does not need and import it again."},
    "import_bad_type": {"zh": "{file}：只能导入 .csv 或 .xlsx 文件。",
                        "en": "{file}: only .csv and .xlsx files can be imported."},
    "import_no_header": {"zh": "{file} 缺少必需的列：{columns}（可用中文或英文列名）。",
                         "en": "{file} lacks the required column(s): {columns} "
                               "(Chinese or English headers)."},
    "import_empty": {"zh": "{file} 中没有数据行。", "en": "{file} has no data rows."},
    "import_done": {"zh": "已导入 {file}：新增 {added}，更新 {changed}，未变 {unchanged}。",
                    "en": "imported {file}: {added} added, {changed} changed, {unchanged} unchanged."},
    "export_needs_out": {"zh": "xlsx 格式需要用 --out 指定输出文件。",
                         "en": "the xlsx format needs an output file (--out)."},
    "register_sheet": {"zh": "优抚对象名册", "en": "Register"},
    "export_done": {"zh": "已导出 {count} 户到 {file}。", "en": "exported {count} households to {file}."},
    "import_duplicate_header": {
        "zh": "{file} 的表头“{column}”出现了两次（{first} 列和 {second} 列）："
              "请删去或改名其中一列。未导入任何数据。",
        "en": "{file}: the header '{column}' appears twice (columns {first} and {second}): remove or "
              "rename one. Nothing was imported."},
    "import_duplicate_field": {
        "zh": "{file} 的“{first}”和“{second}”两列都是{field}：请只保留一列。未导入任何数据。",
        "en": "{file}: the columns '{first}' and '{second}' both hold the {field_en}: keep one. "
              "Nothing was imported."},
    "import_extra_columns": {
        "zh": "注意：{columns}不是名册的字段，其内容已记入各户的备注（写成“列名：内容”）。",
        "en": "note: {columns} are not fields of the register; their cells were kept in each "
              "household's notes (as 'column: value')."},
    "import_questions": {
        "zh": "{file} 中有 {count} 行只按姓名和村与名册中的人对上，但其他内容不同。"
              "是同一个人，还是同名的另一个人？未导入任何数据：",
        "en": "{file}: {count} row(s) match someone on the register by name and village only, but "
              "differ otherwise. The same person, or a namesake? Nothing was imported:"},
    "name_match": {"zh": "第 {row} 行 {name}（{village}）与名册中的编号 {id} 对比：{changes}",
                   "en": "row {row}, {name} ({village}) against {id} on the register: {changes}"},
    "import_questions_hint": {
        "zh": "请在表中填上编号或身份证号；或者重新导入并加上 --same-person（都是同一人，更新名册）"
              "或 --new-person（都是另一个人，新增）；在终端中导入时会逐行询问。",
        "en": "Put the id or the ID number in the sheet; or import again with --same-person (the "
              "same people: update them) or --new-person (other people: add them); in a terminal the "
              "import asks row by row."},
    "name_match_ask": {"zh": "是同一个人吗？[y 是同一人，更新 / n 另一个人，新增] ",
                       "en": "The same person? [y: same, update / n: another person, add] "},
    "reason_id_number_length": {"zh": "身份证号“{value}”应为 18 位", "en": "the ID number '{value}' "
                                "must have 18 characters"},
    "reason_id_number_format": {"zh": "身份证号“{value}”只能含数字，末位可为 X",
                                "en": "the ID number '{value}' may hold digits only, and X last"},
    "reason_id_number_checksum": {"zh": "身份证号“{value}”的校验位不符（输错了？）",
                                  "en": "the check character of the ID number '{value}' does not "
                                        "match (typo?)"},
    "reason_id_number_component": {"zh": "身份证号“{value}”中的出生日期或地区代码无效",
                                   "en": "the ID number '{value}' holds an impossible birth date or region"},
    "reason_id_number_duplicate": {"zh": "身份证号 {value} 与第 {other} 行重复",
                                   "en": "the ID number {value} repeats row {other}"},
    "reason_id_number_taken": {"zh": "身份证号 {value} 已属于名册中的编号 {other}",
                               "en": "the ID number {value} already belongs to {other} on the register"},
    "reason_id_number_masked": {
        "zh": "身份证号“{value}”被遮盖，与名册中此人的号码不符：请填写完整号码",
        "en": "the ID number '{value}' is masked and is not this person's on the register: write it in full"},
    "reason_sex": {"zh": "性别“{value}”应为 男 或 女", "en": "sex '{value}' must be 男/女 (male/female)"},
    "reason_sex_conflict": {"zh": "性别“{value}”与身份证号不符",
                            "en": "sex '{value}' contradicts the ID number"},
    "reason_birth_date": {"zh": "出生日期“{value}”无效（写成 1950-08-01）",
                          "en": "bad date of birth '{value}' (write 1950-08-01)"},
    "reason_birth_conflict": {"zh": "出生日期“{value}”与身份证号（{born}）不符",
                              "en": "date of birth '{value}' contradicts the ID number ({born})"},
    "reason_grade": {"zh": "残疾等级“{value}”应为 1 到 10 级",
                     "en": "disability grade '{value}' must be 1 to 10"},
    "reason_grade_not_disabled": {"zh": "只有残疾军人有残疾等级（填了“{value}”）",
                                  "en": "only a disabled serviceman has a disability grade "
                                        "('{value}' given)"},
    "reason_payment_unknown_id": {"zh": "名册中没有编号“{value}”", "en": "'{value}' is not on the register"},
    "reason_payment_unknown_number": {"zh": "名册中没有身份证号为 {value} 的人",
                                      "en": "nobody on the register has the ID number {value}"},
    "reason_payment_kind": {"zh": "项目“{value}”应为 优抚金 或 生活费",
                            "en": "the item '{value}' must be 优抚金 (pension) or 生活费 (living allowance)"},
    "reason_payment_amount": {"zh": "金额“{value}”应为大于 0 的数，最多两位小数",
                              "en": "the amount '{value}' must be above 0, with at most two decimals"},
    "reason_payment_date": {"zh": "发放日期“{value}”无效（写成 2026-03-01）",
                            "en": "bad date '{value}' (write 2026-03-01)"},
    "reason_payment_twice": {"zh": "与第 {other} 行是同一人同一天的同一项目",
                             "en": "the same person, item and day as row {other}"},
    "payments_done": {"zh": "已导入 {file}：新增 {added}，更新 {changed}，未变 {unchanged}。",
                      "en": "imported {file}: {added} added, {changed} changed, {unchanged} unchanged."},
    "reason_required": {"zh": "不能为空", "en": "must not be empty"},
    "reason_category": {"zh": "未知的类别“{value}”（可用的类别：{accepted_zh}）",
                        "en": "unknown category '{value}' (the categories are: {accepted_en})"},
    "reason_category_group": {
        "zh": "“{value}”是一组类别，不是一个类别：请写明是{choices_zh}中的哪一种",
        "en": "'{value}' is a group, not one category: write which of {choices_en} it is"},
    "reason_id_typo": {"zh": "编号“{value}”的校验字符不符（输错了？）",
                       "en": "check character of '{value}' does not match (typo?)"},
    "reason_id_malformed": {"zh": "“{value}”不是有效的编号", "en": "'{value}' is not a valid id"},
    "reason_id_duplicate": {"zh": "编号 {value} 与第 {other} 行重复", "en": "id {value} repeats row {other}"},
    "reason_phone": {
        "zh": "电话号码“{value}”无效：应为 11 位手机号，或带区号的固定电话（如 0731-84123456）",
        "en": "'{value}' is not a phone number: give an 11-digit mobile number, or a landline with "
        "its area code (like 0731-84123456)",
    },
    "reason_members": {"zh": "无法理解“{value}”（写成 姓名(关系)，用；分隔）",
                       "en": "cannot read '{value}' (write name(relation), separated by ;)"},
    "reason_status": {"zh": "未知的现状“{value}”（应为 健在、已去世、已迁居 或 alive、deceased、moved）",
                      "en": "unknown status '{value}' (expected alive, deceased or moved)"},
    "reason_entitled": {"zh": "“{value}”应为 是/否 或 yes/no", "en": "'{value}' must be yes or no"},
    "reason_death_date": {"zh": "去世日期“{value}”无效（写成 2026-08-01）",
                          "en": "bad date of death '{value}' (write 2026-08-01)"},
    "reason_death_future": {"zh": "去世日期 {value} 晚于今天",
                            "en": "the date of death {value} is in the future"},
    "reason_death_not_deceased": {"zh": "填了去世日期 {value}，但现状不是“已去世”",
                                  "en": "a date of death {value} is given but the status is not deceased"},
    "reason_priority": {"zh": "未知的优先级“{value}”", "en": "unknown priority '{value}'"},
}
MESSAGES.update({
    # figures the supervisor enters (storage.entered)
    "edit_person_field": {"zh": "{field}：{reason}。", "en": "{field}: {reason}."},
    "entered_bad_kind": {"zh": "未知的录入项目“{value}”：可录入的有 {known}。",
                         "en": "unknown figure '{value}': the figures that can be entered are {known_en}."},
    "entered_bad_year": {"zh": "{figure}：年份“{value}”无效（应为 1950 到 {last} 之间的年份）。",
                         "en": "{figure_en}: the year '{value}' is not valid (a year from 1950 to {last})."},
    "entered_bad_count": {"zh": "{figure}：数量“{value}”不是整数（可写 12 或 １２）。",
                          "en": "{figure_en}: the number '{value}' is not a whole number (write 12)."},
    "entered_bad_amount": {"zh": "{figure}：金额“{value}”无效（元，最多两位小数，如 12000 或 12000.50）。",
                           "en": "{figure_en}: the amount '{value}' is not valid (yuan, at most two "
                                 "decimals, e.g. 12000 or 12000.50)."},
    "entered_no_amount": {"zh": "{figure}：此项只录数量，不录金额（收到“{value}”）。",
                          "en": "{figure_en}: this figure is a number only, without an amount "
                                "(got '{value}')."},
    "entered_no_source": {"zh": "{figure}：请写明数据由谁提供（单位、姓名）。",
                          "en": "{figure_en}: say who gave the figure (body, name)."},
    "entered_no_document": {"zh": "{figure}：请写明数据出自哪份文件或台账。",
                            "en": "{figure_en}: say which document or ledger the figure comes from."},
    "entered_bad_text": {"zh": "{figure}：来源只能是可显示的文字，最长 {max} 字。",
                         "en": "{figure_en}: the source must be printable text, at most {max} characters."},
    "entered_bad_date": {"zh": "{figure}：文件日期“{value}”无效（写成 2025-12-01，不能晚于今天）。",
                         "en": "{figure_en}: the document's date '{value}' is not valid (write 2025-12-01, "
                               "not after today)."},
    "entered_not_found": {"zh": "{year} 年没有录入“{figure}”。",
                          "en": "no '{figure_en}' was entered for {year}."},
    "entered_source": {"zh": "{source}，{date}，《{document}》", "en": "{source}, {date}, \"{document}\""},
    "entered_added": {"zh": "已录入 {year} 年“{figure}”：{value}（来源：{source}）。已记入审计记录。",
                      "en": "entered {figure_en} for {year}: {value} (source: {source}). Kept in the audit "
                            "trail."},
    "entered_changed": {"zh": "已更正 {year} 年“{figure}”：{value}（来源：{source}）。已记入审计记录。",
                        "en": "corrected {figure_en} for {year}: {value} (source: {source}). Kept in the "
                              "audit trail."},
    "entered_unchanged": {"zh": "{year} 年“{figure}”与已录入的相同，未作改动。",
                          "en": "{figure_en} for {year} is the same as entered; nothing changed."},
    "entered_removed": {"zh": "已删除 {year} 年“{figure}”。已记入审计记录。",
                        "en": "removed {figure_en} for {year}. Kept in the audit trail."},
    "entered_none": {"zh": "还没有录入任何数据。", "en": "no figure has been entered yet."},
    "entered_people": {"zh": "{n}人", "en": "{n} people"},
    "entered_medals": {"zh": "{n}枚", "en": "{n} medals"},
    "entered_checks": {"zh": "{n}人次", "en": "{n} checks"},
    "entered_money": {"zh": "{amount}元，{n}人", "en": "{amount} yuan, {n} people"},
})
