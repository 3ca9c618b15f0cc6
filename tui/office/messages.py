"""Every string of the office's screens, in Chinese (first) and English.

Keys the volunteer's app already has (tui.messages: key_help, key_back, ...) are reused through
`t`, which looks here first and then there.
"""

from __future__ import annotations

from typing import Any

from doorstep.i18n import Lang, text

MESSAGES: dict[str, dict[str, str]] = {
    # errors
    "not_an_office": {
        "zh": "{path} 是设备主目录，不是办公室主目录",
        "en": "{path} is a device home, not an office home",
    },
    "busy_merging": {"zh": "正在合并数据包，请稍候", "en": "A merge is running: wait for it to finish"},
    "return_needs_comment": {
        "zh": "退回时请写明原因（志愿者会看到）",
        "en": "Say why the visit is returned (the volunteer will read it)",
    },
    "visit_not_found": {"zh": "找不到走访记录 {key}", "en": "Visit record {key} not found"},
    # navigation (the bar under the header)
    "nav_inbox": {"zh": "收件箱", "en": "Inbox"},
    "nav_problems": {"zh": "问题", "en": "Problems"},
    "nav_review": {"zh": "审核", "en": "Review"},
    "nav_register": {"zh": "登记册", "en": "Register"},
    "nav_summaries": {"zh": "汇总", "en": "Summaries"},
    # keys (footer and help)
    "okey_merge": {"zh": "合并全部", "en": "Merge all"},
    "okey_rescan": {"zh": "刷新", "en": "Rescan"},
    "okey_folder": {"zh": "文件夹", "en": "Folder"},
    "okey_details": {"zh": "详情", "en": "Details"},
    "okey_approve": {"zh": "通过", "en": "Approve"},
    "okey_issues": {"zh": "有问题", "en": "Has issues"},
    "okey_return": {"zh": "退回", "en": "Return"},
    "okey_received": {"zh": "重置为已接收", "en": "Reset"},
    "okey_state": {"zh": "按状态", "en": "By state"},
    "okey_edit": {"zh": "修改", "en": "Edit"},
    "okey_labels": {"zh": "打印标签", "en": "Print labels"},
    "okey_save": {"zh": "保存", "en": "Save"},
    "okey_write": {"zh": "写出", "en": "Write"},
    "okey_assign": {"zh": "派单", "en": "Assignment"},
    "okey_next_table": {"zh": "下一表", "en": "Next"},
    "okey_prev_table": {"zh": "上一表", "en": "Prev"},
    "okey_drill": {"zh": "明细", "en": "Drill down"},
    "okey_period": {"zh": "期间", "en": "Period"},
    "okey_year": {"zh": "本年/上年", "en": "Year"},
    "okey_export_md": {"zh": "导出Markdown", "en": "Export Markdown"},
    "okey_only_diff": {"zh": "只看不同", "en": "Only differences"},
    "okey_inbox": {"zh": "收件箱", "en": "Inbox"},
    "okey_problems": {"zh": "问题", "en": "Problems"},
    "okey_review": {"zh": "审核", "en": "Review"},
    "okey_register": {"zh": "登记册", "en": "Register"},
    "okey_summaries": {"zh": "汇总", "en": "Summaries"},
    # command palette
    "cmd_inbox": {"zh": "收件箱", "en": "Inbox"},
    "cmd_inbox_help": {"zh": "设备送来的数据包", "en": "The bundles devices sent"},
    "cmd_merge": {"zh": "合并收件箱中的全部数据包", "en": "Merge every bundle in the inbox"},
    "cmd_merge_help": {"zh": "逐个显示结果", "en": "With a result per bundle"},
    "cmd_problems": {"zh": "问题：冲突与缺失的数据包", "en": "Problems: conflicts and missing bundles"},
    "cmd_problems_help": {"zh": "需要主管查看的情况", "en": "What the supervisor should look at"},
    "cmd_review": {"zh": "审核走访", "en": "Review visits"},
    "cmd_review_help": {"zh": "通过、标记问题或退回走访", "en": "Approve, flag or return visits"},
    "cmd_register": {"zh": "登记册：搜索、修改、打印标签", "en": "Register: search, edit, print labels"},
    "cmd_register_help": {"zh": "优抚对象登记册", "en": "The register of beneficiaries"},
    "cmd_labels": {"zh": "打印二维码标签", "en": "Print QR labels"},
    "cmd_labels_help": {"zh": "写出A4标签页（HTML或SVG）", "en": "Write A4 label sheets (HTML or SVG)"},
    "cmd_summaries": {"zh": "汇总：年度数据", "en": "Summaries: the year's figures"},
    "cmd_summaries_help": {"zh": "表格、条形图与明细", "en": "Tables, bars and what lies behind"},
    # inbox
    "inbox_title": {"zh": "收件箱", "en": "Inbox"},
    "inbox_folder": {"zh": "文件夹", "en": "Folder"},
    "inbox_folder_hint": {
        "zh": "相对路径指办公室主目录下的文件夹；回车刷新",
        "en": "A relative path is inside the office folder; Enter rescans",
    },
    "inbox_missing": {"zh": "文件夹 {path} 不存在", "en": "Folder {path} does not exist"},
    "inbox_empty": {"zh": "文件夹中没有数据包（*.json）", "en": "No bundles (*.json) in the folder"},
    "inbox_count": {
        "zh": "{n} 个文件，{new} 个未合并",
        "en": "{n} files, {new} not merged yet",
    },
    "col_file": {"zh": "文件", "en": "File"},
    "col_sender": {"zh": "发送设备", "en": "Sender"},
    "col_seq": {"zh": "序号", "en": "No."},
    "col_created": {"zh": "封装时间", "en": "Sealed"},
    "col_visits": {"zh": "走访", "en": "Visits"},
    "col_result": {"zh": "状态/结果", "en": "Status / result"},
    "file_waiting": {"zh": "待合并", "en": "To merge"},
    "file_merged_before": {"zh": "已合并过", "en": "Merged before"},
    "file_refused": {"zh": "拒收：{reason}", "en": "Refused: {reason}"},
    "file_skipped": {"zh": "跳过：{reason}", "en": "Skipped: {reason}"},
    "result_new": {
        "zh": "新增{new} 重复{dup} 冲突{conflicts}",
        "en": "{new} new, {dup} dup, {conflicts} confl.",
    },
    "result_duplicate": {"zh": "重复（已有{n}次走访）", "en": "Duplicate ({n} held)"},
    "merge_checking": {"zh": "正在校验 {done}/{total}", "en": "Checking {done}/{total}"},
    "merge_writing": {"zh": "正在写入…", "en": "Writing…"},
    "merge_nothing": {"zh": "没有要合并的数据包", "en": "No bundles to merge"},
    "merge_done": {
        "zh": "合并完成：新增走访 {new} 次，冲突 {conflicts} 处，拒收 {refused} 个文件",
        "en": "Merged: {new} new visits, {conflicts} conflicts, {refused} files refused",
    },
    "merge_failed": {"zh": "合并失败：{error}", "en": "Merge failed: {error}"},
    "gaps_line": {"zh": "缺失：{items}", "en": "Missing: {items}"},
    "gap_item": {"zh": "{device} 第 {seqs} 号", "en": "{device} no. {seqs}"},
    # problems
    "problems_title": {"zh": "问题", "en": "Problems"},
    "conflicts_head": {
        "zh": "待处理 {n} 处，其中走访冲突 {visits} 处（回车查看）",
        "en": "{n} to look at, {visits} visits in two versions (Enter: open)",
    },
    "conflicts_none": {
        "zh": "没有冲突，也没有待处理的登记变更",
        "en": "No conflicts, no register changes to decide",
    },
    "okey_settle": {"zh": "处理", "en": "Settle"},
    "settle_title_visit": {"zh": "处理冲突：{name} 的走访", "en": "Settle: a visit of {name}"},
    "settle_title_field": {"zh": "处理冲突：{name} · {field}", "en": "Settle: {name} · {field}"},
    "settle_hint_visit": {
        "zh": "选定以哪个版本为准（↑↓ 选择），可写明原因，Ctrl+S 保存。★ 为最先发出的版本，裁定前计入统计",
        "en": "Choose the version that counts (↑↓), say why if you like, Ctrl+S saves. ★ the version "
              "sent first, counted until you settle",
    },
    "settle_hint_field": {
        "zh": "选定一个值（↑↓），或在下方填写正确的值；可写明原因，Ctrl+S 保存",
        "en": "Choose a value (↑↓) or type the right one below; say why if you like, Ctrl+S saves",
    },
    "settle_dismiss_hint": {
        "zh": "此项没有可选的值（住户或字段不在名册上）：Ctrl+S 标记为已处理",
        "en": "Nothing to choose here (household or field not on the register): Ctrl+S marks it done",
    },
    "settle_total": {"zh": "合计 {amount} 元", "en": "{amount} yuan in all"},
    "settle_version": {"zh": "版本 {n}", "en": "version {n}"},
    "settle_counted": {"zh": "★ ", "en": "★ "},
    "settle_office_value": {"zh": "办公室现值", "en": "the office's value"},
    "settle_value_placeholder": {"zh": "或填写正确的值", "en": "or type the right value"},
    "settle_reason_placeholder": {"zh": "原因（可不填）", "en": "why (optional)"},
    "settle_unknown_field": {"zh": "名册没有的字段", "en": "a field the register lacks"},
    "okey_import": {"zh": "导入名册", "en": "Import"},
    "import_prompt": {"zh": "导入名册文件（.csv 或 .xlsx）：",
                      "en": "Import a register file (.csv or .xlsx):"},
    "import_refused_title": {"zh": "名册文件未导入（未做任何修改）",
                             "en": "Not imported (nothing was changed)"},
    "import_done_title": {"zh": "名册已导入", "en": "Register imported"},
    "okey_reveal_id": {"zh": "显示完整身份证号", "en": "Whole ID number"},
    "okey_entered": {"zh": "录入数据", "en": "Enter figures"},
    "entered_title": {"zh": "录入其他工作数据（非走访统计）", "en": "Figures no visit records"},
    "entered_hint": {
        "zh": "如输送合格军人：写明由谁提供、出自哪份文件及其日期。Ctrl+S 保存（记入审计记录），Esc 返回。",
        "en": "Such as recruits sent: say who gave it, the document and its date. Ctrl+S saves (audited), "
        "Esc goes back.",
    },
    "entered_kind": {"zh": "项目", "en": "Figure"},
    "entered_year": {"zh": "年度", "en": "Year"},
    "entered_count": {"zh": "人数/枚数", "en": "Number"},
    "entered_amount": {"zh": "金额（元）", "en": "Yuan"},
    "entered_source": {"zh": "提供人", "en": "Given by"},
    "entered_document": {"zh": "文件或台账", "en": "Document"},
    "entered_date": {"zh": "文件日期", "en": "Its date"},
    "entered_list_head": {"zh": "{year} 年已录入：", "en": "Entered for {year}:"},
    "entered_list_none": {"zh": "{year} 年尚未录入任何数据。", "en": "Nothing entered for {year} yet."},
    "entered_value_people": {"zh": "{n}人", "en": "{n} people"},
    "entered_value_medals": {"zh": "{n}枚", "en": "{n} medals"},
    "entered_value_checks": {"zh": "{n}人次", "en": "{n} checks"},
    "entered_value_money": {"zh": "{amount}元，{n}人", "en": "{amount} yuan, {n} people"},
    "entered_saved_added": {"zh": "已录入 {year} 年{figure}：{value}（已记入审计记录）",
                            "en": "{figure} for {year} entered: {value} (kept in the audit trail)"},
    "entered_saved_changed": {"zh": "已更正 {year} 年{figure}：{value}（已记入审计记录）",
                              "en": "{figure} for {year} corrected: {value} (kept in the audit trail)"},
    "entered_saved_unchanged": {"zh": "{year} 年{figure}与已录入的相同，未作改动",
                                "en": "{figure} for {year} is as entered: nothing changed"},
    "explain_count_entered": {"zh": "录入数据 {n} 条（非走访统计）",
                              "en": "{n} entered figure(s), not from visits"},
    "okey_year_files": {"zh": "导出总结", "en": "Write files"},
    "year_files_prompt": {
        "zh": "把本页总结（md、html、xlsx）和同期走访数据（xlsx）写入文件夹：",
        "en": "Write this summary (md, html, xlsx) and the period's visits (xlsx) to folder:",
    },
    "year_files_written": {"zh": "已写入 {n} 个文件到 {folder}", "en": "{n} files written to {folder}"},
    "year_files_failed": {"zh": "写入失败：{error}", "en": "Could not write the files: {error}"},
    "settled_by_edit": {"zh": "在名册中修改", "en": "edited in the register"},
    "settle_done": {"zh": "已处理（{id}），已记入审计记录", "en": "Settled ({id}), kept in the audit trail"},
    "missing_head": {"zh": "缺失的数据包", "en": "Missing bundles"},
    "missing_none": {
        "zh": "各设备的数据包序号都连续，没有缺失",
        "en": "No bundle is missing from any device",
    },
    "missing_item": {
        "zh": "{device}：第 {seqs} 号未收到（之后的数据包会补带未确认的走访）",
        "en": "{device}: no. {seqs} not received (later bundles carry unacknowledged visits)",
    },
    "col_kind": {"zh": "类型", "en": "Kind"},
    "col_household": {"zh": "户", "en": "Household"},
    "col_what": {"zh": "内容", "en": "What"},
    "flag_visit": {"zh": "走访两版", "en": "Two versions"},
    "flag_register": {"zh": "登记变更不一致", "en": "Register: rival values"},
    "flag_register_unknown_field": {"zh": "未知登记字段", "en": "Unknown register field"},
    "flag_register_unknown_household": {"zh": "户不在登记册", "en": "Household not on register"},
    "flag_register_invalid": {"zh": "登记值无效", "en": "Invalid register value"},
    "flag_register_office_edited": {"zh": "办公室已改", "en": "Office changed it"},
    "flag_visit_unknown_household": {"zh": "名册外新户", "en": "New household"},
    "flag_visit_unknown_household_what": {
        "zh": "不在名册上（{n} 次走访）：请添加到名册，或与已有住户对应",
        "en": "not on the register ({n} visit(s)): add it, or match it with an entry",
    },
    "flag_visit_constraint": {"zh": "回答超出范围", "en": "Out of range"},
    "flag_visit_constraint_what": {"zh": "超出范围：{questions}", "en": "outside its range: {questions}"},
    "copies_item": {
        # one line at 80 columns: a wrapped line broke "第 1 号" in two
        "zh": "{device}：第 {seqs} 号收到两个不同的数据包（电脑被复制或恢复过，均已合并）",
        "en": "{device}: two bundles no. {seqs} (a copied or restored laptop; both merged)",
    },
    "flag_visit_what": {"zh": "走访 {visit}", "en": "visit {visit}"},
    "flag_field_what": {"zh": "{field}：{values}", "en": "{field}: {values}"},
    "conflict_title": {"zh": "冲突：{name} · {kind}", "en": "Conflict: {name} · {kind}"},
    "conflict_hint": {
        "zh": "同一次走访收到两个不同版本，两版都已保存；汇总暂不计入，直到处理（s）。≠ 标出不同的回答。",
        "en": "One visit arrived in two versions; both are kept and left out of the figures "
        "until settled (s). ≠ marks answers that differ.",
    },
    "col_question": {"zh": "题目", "en": "Question"},
    "col_version": {"zh": "版本 {n}", "en": "Version {n}"},
    "register_flag_title": {"zh": "登记册：{name} · {field}", "en": "Register: {name} · {field}"},
    "office_value": {"zh": "办公室现值：{value}", "en": "Office's value: {value}"},
    "proposed_value": {"zh": "走访 {visit} 提出：{value}", "en": "Visit {visit} proposes: {value}"},
    "chosen_value": {"zh": "已采用：{value}", "en": "Applied: {value}"},
    # review
    "review_title": {"zh": "审核", "en": "Review"},
    "state_received": {"zh": "已接收", "en": "Received"},
    "state_has_issues": {"zh": "有问题", "en": "Has issues"},
    "state_approved": {"zh": "已通过", "en": "Approved"},
    "state_returned": {"zh": "已退回", "en": "Returned"},
    "state_corrected_after_return": {"zh": "退回后更正", "en": "Corrected"},
    "revision_mark": {"zh": "更正{n}·", "en": "rev.{n} "},
    "all_states": {"zh": "全部状态", "en": "All states"},
    "review_search": {"zh": "按姓名、编号或走访人搜索", "en": "Search name, id or volunteer"},
    "review_count": {
        "zh": "显示 {shown} / 共 {total} 次走访 · 已接收 {received} · 有问题 {issues} · "
        "已通过 {approved} · 已退回 {returned}",
        "en": "{shown} of {total} visits · received {received} · issues {issues} · approved {approved} "
        "· returned {returned}",
    },
    "review_none": {
        "zh": "还没有收到走访。先在收件箱合并数据包。",
        "en": "No visits yet: merge bundles in the Inbox.",
    },
    "col_state": {"zh": "状态", "en": "State"},
    "col_date": {"zh": "日期", "en": "Date"},
    "col_name": {"zh": "姓名", "en": "Name"},
    "col_village": {"zh": "村", "en": "Village"},
    "col_form": {"zh": "走访类型", "en": "Kind"},
    "col_volunteer": {"zh": "走访人", "en": "Volunteer"},
    "return_prompt": {
        "zh": "退回给走访人，说明原因（随下一次派单送到设备）：",
        "en": "Return to the volunteer; say why (goes with the next assignment):",
    },
    "return_placeholder": {"zh": "例如：缺少签收确认，请补拍", "en": "e.g. the receipt is not confirmed"},
    "state_set": {"zh": "{name}：{state}", "en": "{name}: {state}"},
    "returned_note": {
        "zh": "已退回：下一次给 {device} 派单（按 w）时会带上",
        "en": "Returned: it goes with the next assignment for {device} (press w)",
    },
    "visit_title": {"zh": "走访：{name} · {kind}", "en": "Visit: {name} · {kind}"},
    "visit_state": {"zh": "审核状态：{state}", "en": "Review: {state}"},
    "visit_comment": {"zh": "退回原因：{comment}", "en": "Comment: {comment}"},
    "visit_followups": {"zh": "待跟进", "en": "Follow-ups"},
    "visit_no_followup": {"zh": "（无）", "en": "(none)"},
    "visit_answers": {"zh": "回答", "en": "Answers"},
    "visit_exported": {"zh": "已导出到 {path}", "en": "Exported to {path}"},
    "visit_export_prompt": {"zh": "导出为哪个文件？", "en": "Export to which file?"},
    # assignment bundles
    "assign_title": {"zh": "给设备派单（写出派单数据包）", "en": "Write an assignment bundle for a device"},
    "assign_hint": {
        "zh": "派单带去要走访的户、已收到走访的确认和退回的走访。"
        "村用顿号或逗号分隔，留空为全部户。Ctrl+S 写出。",
        "en": "It carries the households to visit, receipts for visits received and returned visits. "
        "Villages separated by commas; empty: every household. Ctrl+S writes it.",
    },
    "assign_device": {"zh": "设备", "en": "Device"},
    "assign_villages": {"zh": "村", "en": "Villages"},
    "assign_folder": {"zh": "写到", "en": "Folder"},
    "assign_returns": {
        "zh": "将退回给 {device} 的走访：{n} 次",
        "en": "Visits returned to {device}: {n}",
    },
    "assign_no_devices": {
        "zh": "还没有登记设备（doorstep device add）",
        "en": "No device is enrolled yet (doorstep device add)",
    },
    "assign_written": {
        "zh": "已写出派单 {path}（第 {sequence} 号，{households} 户）",
        "en": "Assignment written: {path} (no. {sequence}, {households} households)",
    },
    "assign_failed": {"zh": "派单未写出：{error}", "en": "Assignment not written: {error}"},
    "cmd_assign": {"zh": "派单：给设备写出派单数据包", "en": "Assignment: write a bundle for a device"},
    "cmd_assign_help": {
        "zh": "含退回的走访及其原因", "en": "With the visits returned and their comments",
    },
    # register
    "register_title": {"zh": "登记册", "en": "Register"},
    "register_search": {
        "zh": "输入姓名、编号、村或电话（可扫码）",
        "en": "Name, id, village or phone (scan works)",
    },
    "register_count": {"zh": "显示 {shown} / 共 {total} 户", "en": "{shown} of {total} households"},
    "register_empty": {
        "zh": "登记册为空。用 doorstep registry import 导入。",
        "en": "The register is empty: import one with doorstep registry import.",
    },
    "all_villages": {"zh": "全部村", "en": "All villages"},
    "col_id": {"zh": "编号", "en": "Id"},
    "col_category": {"zh": "类别", "en": "Category"},
    "col_phone": {"zh": "电话", "en": "Phone"},
    "edit_title": {"zh": "修改登记：{name}（{id}）", "en": "Edit entry: {name} ({id})"},
    "edit_hint": {
        "zh": "Tab 换栏，Ctrl+S 保存，Ctrl+R 显示完整身份证号，Esc 放弃。每处修改都记入审计记录。",
        "en": "Tab: next field, Ctrl+S: save, Ctrl+R: whole ID number, Esc: cancel. Every change is audited.",
    },
    "field_name": {"zh": "姓名", "en": "Name"},
    "field_category": {"zh": "类别", "en": "Category"},
    "field_village": {"zh": "村", "en": "Village"},
    "field_address": {"zh": "地址", "en": "Address"},
    "field_phone": {"zh": "电话", "en": "Phone"},
    "field_notes": {"zh": "备注", "en": "Notes"},
    "field_status": {"zh": "现状", "en": "Status"},
    "field_death_date": {"zh": "去世日期", "en": "Died on"},
    "field_entitled": {"zh": "享受待遇", "en": "Entitled"},
    "field_id_number": {"zh": "身份证号", "en": "ID number"},
    "field_sex": {"zh": "性别", "en": "Sex"},
    "field_birth_date": {"zh": "出生日期", "en": "Born on"},
    "field_disability_grade": {"zh": "残疾等级", "en": "Disability grade"},
    "field_contact": {"zh": "联系人", "en": "Contact person"},
    "field_members": {"zh": "家庭成员", "en": "Household members"},
    "field_priority": {"zh": "优抚类型", "en": "Priority"},
    "sex_male": {"zh": "男", "en": "male"},
    "sex_female": {"zh": "女", "en": "female"},
    "grade_value": {"zh": "{n}级", "en": "grade {n}"},
    "status_alive": {"zh": "健在", "en": "alive"},
    "status_deceased": {"zh": "已去世", "en": "deceased"},
    "status_moved": {"zh": "已迁居", "en": "moved"},
    "entitled_yes": {"zh": "是", "en": "yes"},
    "entitled_no": {"zh": "否（不再享受）", "en": "no (no longer entitled)"},
    "status_short_deceased": {"zh": "已故", "en": "deceased"},
    "status_short_moved": {"zh": "迁居", "en": "moved"},
    "entitled_short_no": {"zh": "停发", "en": "no benefit"},
    "col_person_status": {"zh": "现状", "en": "Status"},
    "edit_saved": {
        "zh": "已保存 {n} 处修改（版本 {version}）",
        "en": "{n} changes saved (version {version})",
    },
    "edit_nothing": {"zh": "没有修改", "en": "Nothing changed"},
    "edit_history": {"zh": "修改记录", "en": "Changes"},
    "history_line": {"zh": "{at} {who}：{field} {old} → {new}", "en": "{at} {who}: {field} {old} → {new}"},
    "labels_prompt": {
        "zh": "标签写到哪个文件（.html 或 .svg）？{scope}",
        "en": "Write the labels to which file (.html or .svg)? {scope}",
    },
    "labels_scope_all": {"zh": "全部 {n} 户", "en": "all {n} households"},
    "labels_scope_village": {"zh": "{village} {n} 户", "en": "{village}: {n} households"},
    "labels_written": {
        "zh": "已写出 {n} 张标签：{paths}",
        "en": "{n} labels written: {paths}",
    },
    "labels_failed": {"zh": "写标签失败：{error}", "en": "Labels not written: {error}"},
    # summaries
    "summaries_title": {"zh": "汇总", "en": "Summaries"},
    "period_from": {"zh": "起 年-月-日", "en": "From YYYY-MM-DD"},
    "period_to": {"zh": "止 年-月-日", "en": "To YYYY-MM-DD"},
    "table_pos": {"zh": "表 {n}/{count}：{title}", "en": "Table {n}/{count}: {title}"},
    "computing": {"zh": "正在计算…", "en": "Computing…"},
    "table_empty": {"zh": "（本表没有数据）", "en": "(nothing in this table)"},
    "col_bar": {"zh": "图示", "en": "Bar"},
    "no_figure": {"zh": "这一格不是统计数", "en": "This cell is not a figure"},
    "explain_title": {"zh": "明细：{label} = {value}", "en": "Behind: {label} = {value}"},
    "explain_counting": {"zh": "正在清点这个数字计入了哪些……", "en": "Finding what this figure counts..."},
    "explain_count_visits": {"zh": "计入的走访 {n} 次（回车打开）", "en": "{n} visits counted (Enter: open)"},
    "explain_count_register": {
        "zh": "计入的登记户 {n} 户（回车修改）",
        "en": "{n} register entries (Enter: edit)",
    },
    "explain_period": {
        "zh": "期间：{period} · {place} · 指标 {figure}",
        "en": "Period: {period} · {place} · figure {figure}",
    },
    "period_all": {"zh": "全部时间", "en": "all time"},
    "place_all": {"zh": "全部村", "en": "every village"},
    # help
    "help_title": {"zh": "帮助：办公室按键一览", "en": "Help: the office's keys"},
    "help_intro": {
        "zh": "F2–F6 在各界面间切换；Ctrl+P 打开命令面板；Ctrl+L 切换中英文；Ctrl+T 切换日光主题。",
        "en": "F2–F6 switch screens; Ctrl+P: command palette; Ctrl+L: 中文/English; Ctrl+T: daylight theme.",
    },
    "help_states": {
        "zh": "审核状态（同 ODK Central）：○ 已接收 · ! 有问题 · ✓ 已通过 · "
        "↩ 已退回（附原因，随下一次派单回到设备）。",
        "en": "Review states (as in ODK Central): ○ received · ! has issues · ✓ approved · ↩ returned "
        "(with a comment, back to the device with the next assignment).",
    },
    "help_everywhere": {"zh": "任何界面", "en": "Everywhere"},
    "help_palette": {"zh": "命令面板：主要操作", "en": "Command palette: the main actions"},
    "help_visit": {"zh": "走访详情", "en": "Visit"},
    "help_conflict": {"zh": "冲突", "en": "Conflict"},
    "help_edit": {"zh": "修改登记", "en": "Edit entry"},
    "help_explain": {"zh": "明细", "en": "Drill down"},
}


def t(key: str, lang: Lang, /, **params: Any) -> str:
    """An office string; a key only the volunteer's app has is taken from there."""
    if key in MESSAGES:
        return text(MESSAGES, key, lang, **params)
    from doorstep.tui.messages import MESSAGES as TUI_MESSAGES

    return text(TUI_MESSAGES, key, lang, **params)


def has(key: str) -> bool:
    from doorstep.tui.messages import MESSAGES as TUI_MESSAGES

    return key in MESSAGES or key in TUI_MESSAGES
