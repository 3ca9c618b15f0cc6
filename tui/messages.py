"""Every string of the volunteer's app, in Chinese (first) and English."""

from __future__ import annotations

from typing import Any

from doorstep.i18n import Lang, text

MESSAGES: dict[str, dict[str, str]] = {
    # keys shown in the footer and the help screen
    "key_help": {"zh": "帮助", "en": "Help"},
    "key_scan": {"zh": "输入编号", "en": "Enter id"},
    "key_theme": {"zh": "切换日光主题", "en": "Daylight theme"},
    "key_language": {"zh": "中文/English", "en": "中文/English"},
    "key_quit": {"zh": "退出", "en": "Quit"},
    "key_open": {"zh": "打开", "en": "Open"},
    "key_search": {"zh": "搜索", "en": "Search"},
    "key_village": {"zh": "村", "en": "Village"},
    "key_status": {"zh": "状态", "en": "Status"},
    "key_drafts": {"zh": "草稿", "en": "Drafts"},
    "key_outbox": {"zh": "待发送", "en": "Outbox"},
    "key_back": {"zh": "返回", "en": "Back"},
    "key_close": {"zh": "关闭", "en": "Close"},
    "key_start_visit": {"zh": "开始列表中该键所示的走访", "en": "Start the visit that key shows in the list"},
    "key_next": {"zh": "下一题", "en": "Next"},
    "key_prev": {"zh": "上一题", "en": "Prev"},
    "key_jump": {"zh": "题目", "en": "Jump"},
    "key_form_language": {"zh": "表单语言", "en": "Form language"},
    "form_language_title": {"zh": "用哪种语言读这份表单（界面语言不变）",
                            "en": "Read this form in (the screens keep their language)"},
    "form_language_follow": {"zh": "跟随界面语言", "en": "As the screens"},
    "form_language_set": {"zh": "表单语言：{name}", "en": "Form language: {name}"},
    "key_review": {"zh": "复核", "en": "Review"},
    "key_leave": {"zh": "离开", "en": "Leave"},
    "key_add_entry": {"zh": "添加一项", "en": "Add entry"},
    "key_remove_entry": {"zh": "删除此项", "en": "Remove entry"},
    "key_finalize": {"zh": "提交", "en": "Finalize"},
    "key_edit": {"zh": "修改", "en": "Edit"},
    "key_export_md": {"zh": "导出Markdown", "en": "Export .md"},
    "key_export_html": {"zh": "导出网页", "en": "Export .html"},
    "key_export": {"zh": "导出数据包", "en": "Export bundle"},
    "key_discard": {"zh": "删除草稿", "en": "Discard"},
    "key_resume": {"zh": "继续", "en": "Resume"},
    "key_create": {"zh": "创建", "en": "Create"},
    "key_cancel": {"zh": "取消", "en": "Cancel"},
    "key_confirm": {"zh": "确认", "en": "Confirm"},
    "key_clear": {"zh": "清除答案", "en": "Clear answer"},
    "key_correct": {"zh": "更正", "en": "Correct"},
    "palette": {"zh": "命令", "en": "Commands"},
    "palette_placeholder": {"zh": "搜索命令…", "en": "Search for commands…"},
    # command palette
    "cmd_scan": {"zh": "输入或扫描编号", "en": "Enter or scan an id"},
    "cmd_scan_help": {"zh": "按编号打开一户", "en": "Open a household by its identifier"},
    "cmd_assignments": {"zh": "走访任务", "en": "Assignments"},
    "cmd_assignments_help": {"zh": "本机要走访的户", "en": "The households to visit"},
    "cmd_drafts": {"zh": "草稿", "en": "Drafts"},
    "cmd_drafts_help": {"zh": "继续未完成的走访", "en": "Resume an unfinished visit"},
    "cmd_outbox": {"zh": "待发送", "en": "Outbox"},
    "cmd_outbox_help": {"zh": "已提交、尚未送达服务站的走访", "en": "Finalized visits not yet sent"},
    "cmd_theme": {"zh": "切换主题（日光高对比）", "en": "Switch theme (daylight)"},
    "cmd_theme_help": {"zh": "默认主题与日光高对比主题之间切换", "en": "Default or high-contrast daylight"},
    "cmd_language": {"zh": "切换语言 English", "en": "Switch language 中文"},
    "cmd_language_help": {"zh": "中文与英文之间切换", "en": "Chinese or English"},
    "cmd_help": {"zh": "帮助：全部按键", "en": "Help: every key"},
    "cmd_help_help": {"zh": "列出每个界面的按键", "en": "List the keys of every screen"},
    "cmd_quit": {"zh": "退出", "en": "Quit"},
    "cmd_quit_help": {"zh": "退出（草稿已保存）", "en": "Quit (drafts are saved)"},
    "cmd_start": {"zh": "开始走访：{kind}", "en": "Start visit: {kind}"},
    "cmd_start_help": {"zh": "为{name}开始新的走访", "en": "Start a new visit for {name}"},
    # identifiers
    # short lines, broken between phrases: a toast is about 40 cells wide at 80 columns
    "id_typo": {
        "zh": "编号 {id} 的校验位不符：\n多半输错或看错了一位，\n请对照门牌再输一次。",
        "en": "Identifier {id}:\nthe check character does not match.\nProbably one character is wrong:\n"
        "compare with the door label.",
    },
    "id_malformed": {
        "zh": "“{id}”不是户编号：\n编号为{length}位数字和字母。",
        "en": "“{id}” is not a household identifier:\nidentifiers are {length} digits and letters.",
    },
    "id_letters": {
        "zh": "“{id}”不是户编号：\n编号里不用字母 {detail}\n（不用 I、L、O、U、Z）。\n请对照门牌再输一次。",
        "en": "“{id}” is not a household identifier:\nidentifiers never use {detail}\n"
        "(no I, L, O, U or Z).\nCompare with the door label.",
    },
    "id_length": {
        "zh": "“{id}”有 {detail} 位：\n户编号为{length}位数字和字母。",
        "en": "“{id}” has {detail} characters:\nidentifiers have {length}.",
    },
    "id_unknown": {
        "zh": "编号 {id} 不在本机的任务中。\n新分到的户：按 i 读取办公室的U盘；\n"
        "否则请办公室核对这户的编号。",
        "en": "Identifier {id} is not on this laptop.\nNewly assigned? Press i on the list\n"
        "to read the office's stick; else ask\nthe office to check this household.",
    },
    "scan_title": {"zh": "输入或扫描户编号", "en": "Enter or scan a household identifier"},
    "scan_hint": {
        "zh": "扫码枪在任何界面扫描都会直接打开该户。手动输入后按回车。",
        "en": "A scanner opens the household from any screen. Typed: press Enter.",
    },
    "scan_placeholder": {"zh": "例如 7K3M9QX4", "en": "e.g. 7K3M9QX4"},
    # assignments
    "assignments_title": {"zh": "走访任务", "en": "Assignments"},
    "search_placeholder": {"zh": "按姓名或编号搜索", "en": "Search by name or id"},
    "all_villages": {"zh": "全部村", "en": "All villages"},
    "all_statuses": {"zh": "全部状态", "en": "All statuses"},
    "status_not_visited": {"zh": "未走访", "en": "Not visited"},
    "status_draft": {"zh": "草稿", "en": "Draft"},
    "status_finalized": {"zh": "已完成", "en": "Finalized"},
    "col_revision": {"zh": "版本", "en": "Rev."},
    "col_id": {"zh": "编号", "en": "Id"},
    "col_name": {"zh": "姓名", "en": "Name"},
    "col_village": {"zh": "村", "en": "Village"},
    "col_category": {"zh": "类别", "en": "Category"},
    "col_last_visit": {"zh": "上次走访", "en": "Last visit"},
    "col_status": {"zh": "状态", "en": "Status"},
    "col_kind": {"zh": "走访类型", "en": "Kind"},
    "col_started": {"zh": "开始", "en": "Started"},
    "col_ended": {"zh": "完成", "en": "Finalized"},
    "col_progress": {"zh": "进度", "en": "Progress"},
    "count_shown": {
        "zh": "显示 {shown} / 共 {total} 户",
        "en": "{shown} of {total} {total:household|households}",
    },
    "no_households": {
        "zh": "还没有要走访的户：把镇办公室给的U盘插上，按 i 读取任务。本机尚未登记的，按 k。",
        "en": "No households to visit yet: plug in the office's USB stick and press i to read "
        "the assignment. Laptop not enrolled yet: press k.",
    },
    # enrolment and the office's stick
    "key_enrol": {"zh": "本机登记", "en": "Enrolment"},
    "cmd_enrol_help": {
        "zh": "本机指纹、交给办公室的公钥、读取办公室的U盘",
        "en": "This laptop's fingerprint, its key for the office, the office's stick",
    },
    "key_read_stick": {"zh": "读取U盘", "en": "Read stick"},
    "key_write_key": {"zh": "公钥写入U盘", "en": "Key to stick"},
    "enrol_title": {"zh": "本机登记", "en": "This laptop's enrolment"},
    "enrol_device": {
        "zh": "设备：{name} · 走访人：{volunteer}",
        "en": "Laptop: {name} · volunteer: {volunteer}",
    },
    "enrol_fingerprint": {"zh": "本机指纹：{fingerprint}", "en": "This laptop's fingerprint: {fingerprint}"},
    "enrol_step_key": {
        "zh": "第一步：按 w 把本机公钥（{file}）写到U盘，交给镇办公室；办公室核对上面的指纹后登记本机。",
        "en": "Step 1: press w to write this laptop's key ({file}) to a USB stick and take it to the "
        "office; the office checks the fingerprint above and enrols the laptop.",
    },
    "enrol_step_office": {
        "zh": "第二步：办公室把它的公钥和第一批任务放在U盘上交回；插上U盘，按 i 读取。",
        "en": "Step 2: the office gives the stick back with its key and the first assignment; plug it "
        "in and press i to read it.",
    },
    "enrol_office_trusted": {
        "zh": "已信任办公室：{name}（指纹 {fingerprint}）",
        "en": "Trusted office: {name} (fingerprint {fingerprint})",
    },
    "enrol_assigned": {"zh": "当前任务：{n} 户。", "en": "Current assignment: {n} {n:household|households}."},
    "enrol_no_assignment": {"zh": "还没有收到任务。", "en": "No assignment received yet."},
    "enrol_key_prompt": {
        "zh": "把本机公钥写到哪个文件夹（U盘）？",
        "en": "Write this laptop's key to which folder (the stick)?",
    },
    "enrol_key_written": {
        "zh": "本机公钥已写入 {path}。交给镇办公室。",
        "en": "This laptop's key is in {path}. Take it to the office.",
    },
    "enrol_keys_created": {
        "zh": "本机原来没有密钥，现已建立。按 k 查看登记步骤。",
        "en": "This laptop had no keys; they are made now. Press k for the enrolment steps.",
    },
    "stick_prompt": {
        "zh": "办公室的U盘在哪个文件夹？（也可以是一个文件）",
        "en": "Which folder is the office's stick? (a single file works too)",
    },
    "working_stick": {"zh": "正在写入U盘，请勿拔出……", "en": "Writing to the stick, do not unplug it…"},
    "working_stick_read": {"zh": "正在读取U盘……", "en": "Reading the stick…"},
    "stick_missing": {
        "zh": "找不到 {path}：U盘插好了吗？",
        "en": "{path} is not there: is the stick plugged in?",
    },
    "stick_no_office_key": {
        "zh": "U盘上有数据包，但本机还没有信任办公室："
        "请办公室把公钥（doorstep keys show --export）也放到U盘上。",
        "en": "The stick holds bundles, but this laptop trusts no office yet: ask the office to put "
        "its key (doorstep keys show --export) on the stick too.",
    },
    "stick_office_trusted": {"zh": "已信任办公室 {name}", "en": "Now trusting the office {name}"},
    "stick_imported": {
        "zh": "已接收 {n} 份任务，共 {households} 户",
        "en": "{n} {n:assignment|assignments} received: {households} {households:household|households}",
    },
    "stick_nothing": {
        "zh": "{path} 中没有给本机的新内容",
        "en": "Nothing new for this laptop in {path}",
    },
    "stick_failed": {"zh": "读写 {path} 时出错", "en": "Something went wrong with {path}"},
    "os_no_such_path": {
        "zh": "{path} 不存在（U盘插好了吗？）",
        "en": "{path} does not exist (is the stick in?)",
    },
    "os_not_a_folder": {"zh": "{path} 不是文件夹", "en": "{path} is not a folder"},
    "os_is_a_folder": {"zh": "{path} 是文件夹，不是文件", "en": "{path} is a folder, not a file"},
    "os_no_permission": {"zh": "没有权限写入 {path}", "en": "No permission to write to {path}"},
    "os_disk_full": {"zh": "{path} 已满", "en": "{path} is full"},
    "os_read_only": {
        "zh": "{path} 是只读的（U盘写保护？）",
        "en": "{path} is read-only (stick write-protected?)",
    },
    "os_exists": {"zh": "{path} 已存在", "en": "{path} already exists"},
    "os_other": {"zh": "无法读写 {path}", "en": "Could not read or write {path}"},
    # household
    "priority_key": {"zh": "重点优抚对象", "en": "Key beneficiary"},
    "priority_general": {"zh": "一般优抚对象", "en": "General beneficiary"},
    "priority_other": {"zh": "其他走访对象", "en": "Also visited"},
    # Categories where a column is narrow (the assignment list at 80 columns: 19 cells);
    # the household screen gives the full name.
    "category_short.disabled_serviceman": {"zh": "残疾军人", "en": "Disabled serviceman"},
    "category_short.old_demobilized": {"zh": "老复员军人", "en": "Old demobilised"},
    "category_short.illness_discharged": {"zh": "带病回乡退伍军人", "en": "Discharged ill"},
    "category_short.martyr_survivor": {"zh": "烈士遗属", "en": "Martyr's survivor"},
    "category_short.duty_death_survivor": {"zh": "因公牺牲军人遗属", "en": "Survivor (on duty)"},
    "category_short.illness_death_survivor": {"zh": "病故军人遗属", "en": "Survivor (illness)"},
    "category_short.combat_nuclear_veteran": {"zh": "参战参试人员", "en": "Combat/nuclear vet"},
    "category_short.martyr_child_elderly": {"zh": "老年烈士子女", "en": "Martyr's child 60+"},
    "category_short.elderly_retired_soldier": {"zh": "老年退役士兵", "en": "Retired soldier 60+"},
    "category_short.serving_soldier_family": {"zh": "现役军人家属", "en": "Soldier's family"},
    "category_short.merit_family": {"zh": "立功受奖人员家庭", "en": "Merit winner family"},
    "category_short.old_revolutionary": {"zh": "老革命", "en": "Old revolutionary"},
    "label_address": {"zh": "地址", "en": "Address"},
    "label_phone": {"zh": "电话", "en": "Phone"},
    "label_members": {"zh": "家庭成员", "en": "Members"},
    "label_notes": {"zh": "备注", "en": "Notes"},
    "entry_deceased": {"zh": "登记册：已去世", "en": "Register: deceased"},
    "entry_deceased_on": {"zh": "登记册：已于 {date} 去世", "en": "Register: died on {date}"},
    "entry_moved": {"zh": "登记册：已迁居（请核对新住址）", "en": "Register: moved (check the new address)"},
    "entry_not_entitled": {"zh": "不再享受优抚待遇", "en": "No longer entitled"},
    "section_start": {"zh": "开始走访（按行首的键）", "en": "Start a visit (the key at the left)"},
    "section_drafts": {"zh": "未完成的草稿", "en": "Open drafts"},
    "section_followups": {"zh": "待跟进事项", "en": "Follow-ups"},
    "section_visits": {"zh": "以往走访", "en": "Past visits"},
    "none": {"zh": "（无）", "en": "(none)"},
    "draft_item": {
        "zh": "{kind} · {started} 开始 · 必答已答 {progress}",
        "en": "{kind} · started {started} · required {progress}",
    },
    "draft_open_title": {
        "zh": "这户已有一份未完成的{kind}草稿（{started} 开始，必答已答 {progress}）。",
        "en": "This household has an open {kind} draft (started {started}, required {progress}).",
    },
    "draft_open_resume": {"zh": "继续这份草稿", "en": "Resume that draft"},
    "draft_open_new": {"zh": "另开一次新的走访", "en": "Start another, new visit"},
    "draft_dropped": {"zh": "没有回答，未保存草稿", "en": "Nothing answered: no draft kept"},
    "visit_item": {"zh": "{date} · {kind} · {volunteer}", "en": "{date} · {kind} · {volunteer}"},
    "revision_mark": {"zh": "（第{n}版）", "en": " (rev. {n})"},
    "correction_title": {"zh": "更正第{n}版", "en": "Correction, rev. {n}"},
    "correction_started": {
        "zh": "更正：答案已带入，改好后复核（F4）并提交（F10）；原记录保留。",
        "en": "Correcting: the answers are filled in; change them, review (F4) and finalize (F10). "
        "The original is kept.",
    },
    "correction_resumed": {"zh": "继续未完成的更正", "en": "Resuming the correction under way"},
    "correct_which": {
        "zh": "先用方向键选中一条以往走访，再按 c 更正",
        "en": "Highlight a past visit with the arrows, then press c to correct it",
    },
    "followup_item": {"zh": "{date} {kind}：{note}", "en": "{date} {kind}: {note}"},
    "followup_no_note": {"zh": "需要跟进（未写明）", "en": "follow-up needed (no note)"},
    "household_missing": {"zh": "编号 {id} 不在登记册中", "en": "{id} is not on the register"},
    # visit kinds (the form ids of the four built-in checklists)
    "kind_home_care": {"zh": "居家养老服务", "en": "Home elderly care"},
    "kind_house_inspection": {"zh": "危房排查", "en": "House inspection"},
    "kind_condolence": {"zh": "走访慰问", "en": "Condolence visit"},
    "kind_verification": {"zh": "优抚对象核查", "en": "Register verification"},
    # checklist
    "required_mark": {"zh": "必答", "en": "required"},
    "saved": {"zh": "✓ 已保存", "en": "✓ saved"},
    "saving": {"zh": "… 保存中", "en": "… saving"},
    "not_saved": {"zh": "未保存", "en": "not saved"},
    "progress": {
        "zh": "第 {pos}/{count} 题 · 必答已答 {done}/{required}",
        "en": "Question {pos}/{count} · required {done}/{required}",
    },
    "entry_of": {"zh": "第 {n} 项", "en": "entry {n}"},
    "answer_placeholder": {"zh": "在此输入答案", "en": "Type the answer here"},
    "text_placeholder": {
        "zh": "在此输入（自动换行；Ctrl+J 另起一行，回车进入下一题）",
        "en": "Type here (lines wrap; ctrl+j starts a new line, Enter goes on)",
    },
    "date_placeholder": {"zh": "年-月-日，如 2026-08-01", "en": "YYYY-MM-DD, e.g. 2026-08-01"},
    "number_placeholder": {"zh": "数字", "en": "a number"},
    "time_placeholder": {"zh": "时:分，如 14:30", "en": "HH:MM, e.g. 14:30"},
    "datetime_placeholder": {"zh": "日期 时:分，如 2026-08-01 14:30",
                             "en": "date HH:MM, e.g. 2026-08-01 14:30"},
    "ack_choice": {"zh": "已确认", "en": "Confirmed"},
    "note_continue": {"zh": "按回车继续", "en": "Press Enter to continue"},
    "calculated": {"zh": "自动计算：{value}", "en": "Calculated: {value}"},
    "first_question": {"zh": "已是第一题", "en": "This is the first question"},
    "last_question": {
        "zh": "已是最后一题：按 F4 复核并提交",
        "en": "Last question: press F4 to review and finalize",
    },
    "required_skipped": {
        "zh": "必答题未回答，复核时需补上",
        "en": "Required question left empty: fill it in before finalizing",
    },
    "fix_first": {"zh": "请先改正此答案", "en": "Fix this answer first"},
    "jump_title": {
        "zh": "全部题目（回车跳转）  ✓ 已答  ✗ 有误  ! 必答未答  · 未答",
        "en": "All questions (Enter: go)  ✓ answered  ✗ wrong  ! required  · empty",
    },
    "state_answered": {"zh": "已答", "en": "answered"},
    "state_missing": {"zh": "未答（必答）", "en": "missing (required)"},
    "state_empty": {"zh": "未答", "en": "empty"},
    "state_error": {"zh": "有误", "en": "error"},
    "entries_so_far": {"zh": "（已有 {n} 项）", "en": "({n} so far)"},
    "repeat_add": {"zh": "添加一项", "en": "Add an entry"},
    "repeat_edit": {"zh": "查看或修改已有的 {n} 项", "en": "See or change the {n} {n:entry|entries}"},
    "repeat_continue": {"zh": "继续下一题", "en": "Go on to the next question"},
    "entry_added": {"zh": "已添加第 {n} 项", "en": "Entry {n} added"},
    "entry_removed": {
        "zh": "已删除第 {n} 项。按 Ctrl+Z 撤销",
        "en": "Entry {n} removed. Ctrl+Z undoes it",
    },
    "entry_restored": {"zh": "已恢复第 {n} 项", "en": "Entry {n} restored"},
    "nothing_to_undo": {"zh": "没有可撤销的删除", "en": "Nothing to undo"},
    "key_undo": {"zh": "撤销删除", "en": "Undo"},
    "not_in_repeat": {"zh": "当前题目不在可重复的组中", "en": "This question is not in a repeat"},
    "form_unknown": {
        "zh": "本机没有这份草稿所用的问卷（{form}）",
        "en": "This laptop does not have the form of this draft ({form})",
    },
    "draft_kept": {"zh": "草稿已保存，可在“草稿”中继续", "en": "Draft kept: resume it from Drafts"},
    "add_entry_prompt": {"zh": "按 F6 添加一项", "en": "Press F6 to add an entry"},
    # review and summary
    "review_title": {"zh": "复核：{kind} · {name}", "en": "Review: {kind} · {name}"},
    "review_ok": {
        "zh": "全部必答题已答，可以提交（F10）",
        "en": "Every required answer is given: F10 finalizes",
    },
    "review_problems": {
        "zh": "还有 {n} 处需要补全或改正（红色）",
        "en": "{n} {n:answer|answers} to fill in or fix (in red)",
    },
    "finalize_refused": {
        "zh": "无法提交：还有 {n} 处问题",
        "en": "Cannot finalize: {n} {n:problem|problems} left",
    },
    "finalize_confirm": {
        "zh": "提交后不能再修改（只能另做更正）。确认提交？",
        "en": "A finalized visit cannot be edited (only corrected). Finalize?",
    },
    "finalized": {"zh": "走访已提交，进入待发送", "en": "Visit finalized: it is in the outbox"},
    "summary_title": {"zh": "走访记录", "en": "Visit summary"},
    "exported_to": {"zh": "已导出到 {path}", "en": "Exported to {path}"},
    "export_exists": {"zh": "文件已存在，未覆盖：{path}", "en": "File exists, not overwritten: {path}"},
    "export_failed": {"zh": "导出失败：{error}", "en": "Export failed: {error}"},
    # drafts and outbox
    "drafts_title": {"zh": "草稿", "en": "Drafts"},
    "drafts_empty": {"zh": "没有未完成的走访", "en": "No unfinished visits"},
    "discard_confirm": {
        "zh": "删除这份草稿？其中的回答会丢失。",
        "en": "Discard this draft? Its answers will be lost.",
    },
    "draft_discarded": {"zh": "草稿已删除", "en": "Draft discarded"},
    "outbox_title": {"zh": "待发送：{n} 次走访", "en": "Outbox: {n} {n:visit|visits}"},
    "outbox_empty": {"zh": "没有待发送的走访", "en": "Nothing waiting to be sent"},
    "export_nothing": {"zh": "没有新的走访需要导出", "en": "No new visits to export"},
    "key_export_again": {"zh": "重新导出", "en": "Export again"},
    # returned visits (tui/screens/returns.py)
    "key_returns": {"zh": "退回", "en": "Returned"},
    "key_correct_return": {"zh": "更正", "en": "Correct"},
    "returns_title": {"zh": "退回的走访：{n} 条", "en": "Returned visits: {n}"},
    "returns_count": {
        "zh": "办公室退回 {n} 条走访，请按意见更正（回车开始更正）",
        "en": "Returned by the office: {n}; Enter starts the correction",
    },
    "returns_none": {"zh": "没有退回的走访", "en": "No returned visits"},
    "returns_waiting": {"zh": "退回 {n} 条（r 查看）", "en": "{n} returned (r: see)"},
    "col_visit_day": {"zh": "走访日期", "en": "Visited"},
    "col_return_state": {"zh": "进度", "en": "Progress"},
    "col_return_comment": {"zh": "办公室意见", "en": "The office says"},
    "return_to_correct": {"zh": "待更正", "en": "To do"},
    "return_correcting": {"zh": "更正中", "en": "Started"},
    "return_corrected": {"zh": "待导出", "en": "To send"},
    "return_note": {"zh": "↩ 办公室退回：{comment}", "en": "↩ Returned by the office: {comment}"},
    "household_returned": {"zh": "↩ 办公室退回了这户的走访：{comment}（c 更正）",
                           "en": "↩ The office returned a visit here: {comment} (c: correct)"},
    "export_nothing_new": {
        "zh": "没有新的走访需要导出：待发送的走访都已导出，等待办公室确认。U盘丢失请按 a 重新导出",
        "en": "No new visits to export: all went out and await the office. Stick lost? a exports again",
    },
    "export_again_prompt": {
        "zh": "重新导出办公室尚未确认的数据包到文件夹（与原文件相同）：",
        "en": "Write the bundles the office has not acknowledged again (the same files) to folder:",
    },
    "export_again_done": {"zh": "已重新导出 {n} 个数据包到 {folder}",
                          "en": "{n} {n:bundle|bundles} written again to {folder}"},
    "export_again_none": {
        "zh": "没有等待办公室确认的数据包",
        "en": "No bundle is waiting for the office's acknowledgement",
    },
    "export_again_unsent": {
        "zh": "另有 {n} 条走访尚未导出过：请按 e 导出",
        "en": "{n} {n:visit has|visits have} not gone out yet: press e to export {n:it|them}",
    },
    # one fact a line: a long path or receipt wraps on its own, not in the middle of a sentence
    "export_done": {
        "zh": "已写出数据包（{n} 次走访）：\n{path}",
        "en": "Bundle written ({n} {n:visit|visits}):\n{path}",
    },
    "export_receipt": {
        "zh": "数据包序号：{sequence}\n回执：\n{receipt}",
        "en": "Bundle number: {sequence}\nReceipt:\n{receipt}",
    },
    "export_dir_prompt": {
        "zh": "导出到哪个文件夹（如U盘）？",
        "en": "Export to which folder (e.g. a USB stick)?",
    },
    # setup
    "setup_title": {"zh": "首次使用：建立本机的工作目录", "en": "First start: set up this laptop"},
    "setup_where": {"zh": "位置：{path}", "en": "Location: {path}"},
    "setup_lang": {"zh": "语言", "en": "Language"},
    "setup_device": {"zh": "设备名称（如 村服务站-01）", "en": "Device name (e.g. laptop-01)"},
    "setup_volunteer": {"zh": "走访人姓名", "en": "Volunteer's name"},
    "setup_missing": {
        "zh": "请填写设备名称和走访人姓名",
        "en": "Fill in the device name and the volunteer's name",
    },
    "setup_done": {
        "zh": "已建立本机及其密钥。下一步：登记本机。",
        "en": "This laptop and its keys are set up. Next: enrol it with the office.",
    },
    # help
    "help_title": {"zh": "帮助：按键一览", "en": "Help: every key"},
    "help_scanner": {
        "zh": "扫码枪：在任何界面扫描户上的二维码，即打开该户（正在答的题目不受影响，草稿已保存）。",
        "en": "Scanner: scan a household's QR code on any screen to open it (answers so far stay saved).",
    },
    "help_everywhere": {"zh": "任何界面", "en": "Everywhere"},
    "help_palette": {"zh": "命令面板：主要操作", "en": "Command palette: the main actions"},
    "help_screen_assignments": {"zh": "走访任务", "en": "Assignments"},
    "help_screen_household": {"zh": "户信息", "en": "Household"},
    "help_screen_checklist": {"zh": "答题", "en": "Checklist"},
    "help_screen_review": {"zh": "复核与提交", "en": "Review and finalize"},
    "help_screen_summary": {"zh": "走访记录", "en": "Visit summary"},
    "help_screen_drafts": {"zh": "草稿", "en": "Drafts"},
    "help_screen_outbox": {"zh": "待发送", "en": "Outbox"},
    "help_choices": {
        "zh": "单选/多选：数字键选第几项，方向键移动，空格勾选（多选），回车下一题。",
        "en": "Choices: a number key picks that choice, arrows move, Space ticks (multiple), Enter: next.",
    },
    "status_since_assignment": {
        "zh": "状态自收到任务（{date}）起计",
        "en": "status: visits since the assignment of {date}",
    },
    "status_since_year": {"zh": "状态按 {year} 年计", "en": "status: visits in {year}"},
    "help_status_assignment": {
        "zh": "状态“已完成”：自本机收到当前任务（{date}）以来已提交走访的户。",
        "en": "Status “Finalized”: a visit was finalized since this laptop received the current "
        "assignment ({date}).",
    },
    "help_status_year": {
        "zh": "状态“已完成”：今年（{year}年）已提交走访的户（本机没有经同步收到的任务）。",
        "en": "Status “Finalized”: a visit was finalized this year ({year}); no assignment "
        "came through sync.",
    },
    "yes": {"zh": "是", "en": "Yes"},
    "no": {"zh": "否", "en": "No"},
    # the unlock screen and the idle lock (tui/screens/unlock.py)
    "unlock_title": {"zh": "解锁", "en": "Unlock"},
    "unlock_prompt": {"zh": "请输入 PIN：", "en": "Enter the PIN:"},
    "unlock_locked_idle": {"zh": "闲置 {minutes} 分钟，已自动锁定。草稿已保存。",
                           "en": "Locked after {minutes} idle {minutes:minute|minutes}. The draft is saved."},
    "unlock_set_title": {"zh": "设置 PIN", "en": "Set a PIN"},
    "unlock_set_hint": {
        "zh": "本机的走访数据将加密保存，每次打开都要输入这个 PIN。至少 6 位数字，不能全是同一个数字，"
              "也不能是 123456 这样的连续数字。忘记时请办公室帮助恢复。",
        "en": "This laptop's visits are kept encrypted; the app asks for this PIN each time it opens. "
              "At least 6 digits, not one digit repeated, not a run like 123456. If it is forgotten, "
              "the office can set a new one.",
    },
    "unlock_set_again": {"zh": "再输入一次：", "en": "Again:"},
    "unlock_differ": {"zh": "两次输入的 PIN 不一致，请重新输入。",
                      "en": "The two PINs differ; type them again."},
    "unlock_wrong": {"zh": "PIN 不对（第 {n} 次），未作任何改动。",
                     "en": "Wrong PIN (try {n}); nothing was changed."},
    "unlock_wait": {"zh": "PIN 不对（第 {n} 次）。请等 {seconds} 秒再试。",
                    "en": "Wrong PIN (try {n}). Wait {seconds} s before the next try."},
    "unlock_demo_pin": {"zh": "演示数据的 PIN 是 {pin}。", "en": "The demo's PIN is {pin}."},
    "unlock_empty": {"zh": "请先输入 PIN。", "en": "Type the PIN first."},
    "unlock_working": {"zh": "正在解锁……", "en": "Unlocking..."},
    "key_unlock": {"zh": "解锁", "en": "Unlock"},
}


def t(key: str, lang: Lang, /, **params: Any) -> str:
    return text(MESSAGES, key, lang, **params)
