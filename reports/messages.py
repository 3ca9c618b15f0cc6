"""Every string reports/ shows, in Chinese first and English second."""

from __future__ import annotations

from typing import Any

from doorstep.i18n import Lang, text

MESSAGES: dict[str, dict[str, str]] = {
    # Errors a user can cause.
    "bad_date": {"zh": "{option} 的日期“{value}”无效：请写成 年-月-日，例如 2026-08-01",
                 "en": "{option}: '{value}' is not a date; write it as YYYY-MM-DD, e.g. 2026-08-01"},
    "period_reversed": {"zh": "起始日期 {start} 晚于结束日期 {end}",
                        "en": "the start date {start} is after the end date {end}"},
    "unknown_figure": {"zh": "没有名为“{figure}”的数字；用 --format json 可列出全部数字的名称",
                       "en": "no figure is called '{figure}'; --format json lists every figure's id"},
    "unknown_figure_near": {"zh": "没有名为“{figure}”的数字；是不是：{near}？",
                            "en": "no figure is called '{figure}'; did you mean: {near}?"},
    "unknown_village": {"zh": "名册中没有村“{village}”；现有：{known}",
                        "en": "no village '{village}' on the register; there are: {known}"},
    "unknown_form": {"zh": "没有编号为“{form}”的表单；现有：{known}",
                     "en": "no form with the id '{form}'; there are: {known}"},
    "needs_out": {"zh": "{format} 格式需要用 --out 指定输出文件",
                  "en": "the {format} format needs an output file: --out FILE"},
    "label_format": {"zh": "标签文件须以 .html 或 .svg 结尾：{path}",
                     "en": "the labels file must end in .html or .svg: {path}"},
    "no_labels": {"zh": "没有可打印的标签（名册为空，或该村没有住户）",
                  "en": "no labels to print (the register is empty, or the village has no household)"},
    "no_visit": {"zh": "没有编号为“{visit}”的走访记录", "en": "no visit with the id '{visit}'"},
    "written": {"zh": "已写入 {path}", "en": "written to {path}"},
    "written_many": {"zh": "已写入 {count} 个文件：{paths}",
                     "en": "{count} files written: {paths}"},

    # Labels of the figures ("fig." + family); parameters are already in the chosen language.
    "fig.register.total": {"zh": "在册优抚对象（人）", "en": "Beneficiaries on the register"},
    "fig.register.priority": {"zh": "{priority}（人）", "en": "{priority}"},
    "fig.register.deaths": {"zh": "本期去世（人）", "en": "Deaths in the period"},
    "fig.register.category": {"zh": "{category}（人）", "en": "{category}"},
    "fig.register.group.survivors": {"zh": "三属（人）", "en": "Survivors (三属)"},
    "fig.visits.total": {"zh": "走访（次）", "en": "Visits"},
    "fig.visits.by_kind": {"zh": "{kind}（次）", "en": "Visits: {kind}"},
    "fig.visits.by_village": {"zh": "{village}走访（次）", "en": "Visits in {village}"},
    "fig.visits.by_kind_village": {"zh": "{village}·{kind}（次）",
                                   "en": "{kind} in {village}"},
    "fig.households.by_village": {"zh": "{village}走访户数",
                                  "en": "Households reached in {village}"},
    "fig.households.reached": {"zh": "走访户数", "en": "Households reached"},
    "fig.coverage.key.total": {"zh": "重点优抚对象（人）", "en": "Key beneficiaries"},
    "fig.coverage.key.visited": {"zh": "已走访的重点优抚对象（人）",
                                 "en": "Key beneficiaries visited"},
    "fig.coverage.key.not_visited": {"zh": "未走访的重点优抚对象（人）",
                                     "en": "Key beneficiaries not visited"},
    "fig.coverage.key.share": {"zh": "重点优抚对象走访覆盖率",
                               "en": "Coverage of key beneficiaries"},
    "fig.home_care.services": {"zh": "{service}（次）", "en": "Service: {service} (visits)"},
    "fig.home_care.households": {"zh": "居家养老服务户数", "en": "Households given home care"},
    "fig.home_care.minutes": {"zh": "服务时长（分钟）", "en": "Time spent (minutes)"},
    "fig.houses.inspected": {"zh": "排查房屋（户）", "en": "Houses inspected"},
    "fig.houses.grade": {"zh": "{grade}（户）", "en": "Grade {grade}"},
    "fig.houses.action": {"zh": "建议{action}（户）", "en": "Recommended: {action}"},
    "fig.houses.estimated_cost": {"zh": "估算费用（元）", "en": "Estimated cost (yuan)"},
    "fig.houses.subsidy_requested": {"zh": "申请补助资金（元）", "en": "Subsidy requested (yuan)"},
    "fig.money.kind_total": {"zh": "{item_kind}（元）", "en": "{item_kind} (yuan)"},
    "fig.money.kind_households": {"zh": "{item_kind}（户）",
                                  "en": "{item_kind}: households"},
    "fig.money.kind_items": {"zh": "{item_kind}（份）", "en": "{item_kind}: items"},
    "fig.money.total": {"zh": "发放合计（元）", "en": "Handed over in all (yuan)"},
    "fig.money.households": {"zh": "受惠户数", "en": "Households that received"},
    "fig.followups.raised": {"zh": "提出跟进事项（件）", "en": "Follow-ups raised"},
    "fig.followups.open": {"zh": "尚未处理的跟进事项（件）", "en": "Follow-ups still open"},
    "fig.verification.status": {"zh": "核查结果：{status}（人次）",
                                "en": "Verification: {status}"},

    # Names used inside labels.
    "priority.key": {"zh": "重点优抚对象", "en": "Key beneficiaries"},
    "priority.general": {"zh": "一般优抚对象", "en": "General beneficiaries"},
    "priority.other": {"zh": "其他走访对象", "en": "Others visited"},
    "priority_short.key": {"zh": "重点", "en": "key"},
    "priority_short.general": {"zh": "一般", "en": "general"},
    "priority_short.other": {"zh": "其他", "en": "other"},
    "off_register": {"zh": "（不在名册）", "en": "(not on the register)"},
    "all_villages": {"zh": "全镇", "en": "the town"},
    "unanswered": {"zh": "（未答）", "en": "(no answer)"},
    "not_applicable": {"zh": "—", "en": "—"},

    # Tables: titles and column headers.
    "table.register_priority": {"zh": "在册优抚对象", "en": "Beneficiaries on the register"},
    "table.register_category": {"zh": "在册优抚对象（按类别）", "en": "Register by category"},
    "table.visits": {"zh": "走访情况（按村、按类型）", "en": "Visits by village and kind"},
    "table.coverage": {"zh": "重点优抚对象走访覆盖", "en": "Coverage of key beneficiaries"},
    "table.not_visited": {"zh": "未走访的重点优抚对象", "en": "Key beneficiaries not visited"},
    "table.home_care": {"zh": "居家养老服务", "en": "Home elderly care"},
    "table.houses": {"zh": "危房排查", "en": "Dilapidated-house survey"},
    "table.money": {"zh": "慰问金及物品发放", "en": "Money and gifts handed over"},
    "table.followups": {"zh": "跟进事项", "en": "Follow-ups"},
    "table.open_followups": {"zh": "尚未处理的跟进事项", "en": "Follow-ups still open"},
    "table.verification": {"zh": "优抚对象核查", "en": "Register verification"},
    "table.figures": {"zh": "全部指标", "en": "Every figure"},
    "col.item": {"zh": "项目", "en": "Item"},
    "col.value": {"zh": "数值", "en": "Value"},
    "col.count": {"zh": "人数", "en": "People"},
    "col.priority": {"zh": "重点/一般", "en": "Key/general"},
    "col.category": {"zh": "类别", "en": "Category"},
    "col.village": {"zh": "村", "en": "Village"},
    "col.total": {"zh": "合计", "en": "Total"},
    "col.households": {"zh": "户数", "en": "Households"},
    "col.kind": {"zh": "种类", "en": "Kind"},
    "col.amount": {"zh": "金额（元）", "en": "Amount (yuan)"},
    "col.items": {"zh": "份数", "en": "Items"},
    "col.id": {"zh": "编号", "en": "ID"},
    "col.name": {"zh": "姓名", "en": "Name"},
    "col.date": {"zh": "日期", "en": "Date"},
    "col.form": {"zh": "走访类型", "en": "Kind of visit"},
    "col.volunteer": {"zh": "走访人", "en": "Volunteer"},
    "col.note": {"zh": "跟进内容", "en": "What to follow up"},
    "col.figure": {"zh": "指标代码（--explain 用）", "en": "Figure code (for --explain)"},
    "col.label": {"zh": "名称", "en": "Label"},
    "col.unit": {"zh": "单位", "en": "Unit"},
    "col.sources": {"zh": "依据条数", "en": "Sources"},
    "col.uuid": {"zh": "走访编号", "en": "Visit id"},
    "total_row": {"zh": "合计", "en": "Total"},

    # Units and the period.
    "unit.count": {"zh": "个数", "en": "number"},
    "unit.yuan": {"zh": "元", "en": "yuan"},
    "unit.minutes": {"zh": "分钟", "en": "minutes"},
    "unit.share": {"zh": "百分比", "en": "per cent"},
    "period.both": {"zh": "{start}至{end}", "en": "{start} to {end}"},
    "period.from": {"zh": "{start}以来", "en": "since {start}"},
    "period.to": {"zh": "截至{end}", "en": "up to {end}"},
    "period.all": {"zh": "全部记录", "en": "all records"},
    "date": {"zh": "{y}年{m}月{d}日", "en": "{d} {month} {y}"},

    # --explain
    "explain.head": {"zh": "{figure}：{label} = {value}（{period}，{place}）",
                     "en": "{figure}: {label} = {value} ({period}, {place})"},
    "explain.visits": {"zh": "依据：以下 {count} 次走访",
                       "en": "counted from these {count} visits"},
    "explain.register": {"zh": "依据：以下 {count} 条名册记录",
                         "en": "counted from these {count} register entries"},
    "explain.none": {"zh": "（没有记录）", "en": "(none)"},

    # The narrative report (工作总结).
    "nar.title": {"zh": "{place}优抚对象走访服务工作总结",
                  "en": "Work summary of visits to beneficiaries: {place}"},
    "nar.subtitle": {"zh": "统计期间：{period}　生成日期：{today}",
                     "en": "Period: {period}. Written on {today}."},
    "nar.h.basics": {"zh": "一、基本情况", "en": "1. The register"},
    "nar.h.work": {"zh": "二、走访服务开展情况", "en": "2. Visits made"},
    "nar.h.followups": {"zh": "三、需跟进事项", "en": "3. Follow-ups"},
    "nar.h.plan": {"zh": "四、下一步工作计划", "en": "4. Plan for the next period"},
    "nar.h.tables": {"zh": "附表", "en": "Tables"},
    "nar.deaths": {"zh": "{period}内有{n}名优抚对象去世，已从在册人数中减去。",
                   "en": "{n} beneficiaries died in {period}; they are no longer counted on the register."},
    "nar.register": {
        "zh": "{place}现有在册优抚对象{total}人，其中重点优抚对象{key}人、一般优抚对象{general}人，"
              "另有其他走访对象{other}人。",
        "en": ("On the register of {place}: {total} beneficiaries, of whom {key} key and {general} "
              "general beneficiaries, and {other} others whom the office visits.")},
    "nar.categories": {"zh": "按类别分：{list}。", "en": "By category: {list}."},
    "nar.item_people": {"zh": "{label}{n}人", "en": "{label} {n}"},
    "nar.visits": {
        "zh": "{period}，共开展上门走访{total}次，走访{households}户。其中{list}。",
        "en": "In the period ({period}) volunteers and staff made {total} visits to {households} "
              "households: {list}."},
    "nar.item_times": {"zh": "{label}{n}次", "en": "{label} {n}"},
    "nar.coverage": {
        "zh": "在册重点优抚对象{total}人，期内已走访{visited}人，覆盖率{share}；尚有{missing}人未走访"
              "（名单见附表）。",
        "en": ("Key beneficiaries on the register: {total}; visited at least once: {visited} ({share}); "
              "not visited: {missing} (listed in the tables).")},
    "nar.coverage_none": {"zh": "名册中暂无重点优抚对象。",
                          "en": "There is no key beneficiary on the register."},
    "nar.h.care": {"zh": "（一）居家养老服务", "en": "Home elderly care"},
    "nar.care": {
        "zh": "为{households}户优抚对象上门提供居家养老服务{visits}次，累计服务{minutes}分钟"
              "（约{hours}小时）。",
        "en": "Home care was given in {visits} visits to {households} households, {minutes} minutes "
              "in all (about {hours} hours)."},
    "nar.care_services": {"zh": "服务内容：{list}。", "en": "Services: {list}."},
    "nar.h.houses": {"zh": "（二）危房摸底排查", "en": "Dilapidated-house survey"},
    "nar.houses": {
        "zh": "共排查优抚对象房屋{inspected}户，其中{grades}。建议修缮{repair}户、翻建{rebuild}户，"
              "估算费用{cost}元，申请补助资金{subsidy}元。",
        "en": "{inspected} houses were inspected: {grades}. Repair was recommended for {repair} and "
              "rebuilding for {rebuild}; the estimated cost is {cost} yuan and the subsidy requested "
              "{subsidy} yuan."},
    "nar.item_houses": {"zh": "{label}{n}户", "en": "{label} {n}"},
    "nar.h.money": {"zh": "（三）走访慰问", "en": "Condolence visits"},
    "nar.money": {
        "zh": "共发放慰问金及各类资金、物品合计{total}元，惠及{households}户。其中{list}。",
        "en": "{total} yuan in money and gifts was handed over to {households} households: {list}."},
    "nar.item_money": {"zh": "{label}{amount}元（{n}户）",
                       "en": "{label} {amount} yuan (households: {n})"},
    "nar.item_gifts": {"zh": "{label}{items}份（{n}户）",
                       "en": "{label}: {items} items (households: {n})"},
    "nar.money_none": {"zh": "期内未发放慰问金或物品。",
                       "en": "No money or gifts were handed over in the period."},
    "nar.h.verification": {"zh": "（四）优抚对象核查", "en": "Register verification"},
    "nar.verification": {"zh": "共核查优抚对象{total}人次，其中{list}。",
                         "en": "{total} verification visits were made: {list}."},
    "nar.item_checks": {"zh": "{label}{n}人次", "en": "{label} {n}"},
    "nar.followups": {
        "zh": "走访中提出需跟进的事项{raised}件，其中尚未处理{open}件（见附表），需逐件落实。",
        "en": "Follow-ups raised: {raised}; still open: {open} (listed in the tables)."},
    "nar.plan.coverage": {"zh": "对尚未走访的{missing}名重点优抚对象逐户上门走访，做到应访尽访。",
                          "en": "Visit the key beneficiaries not yet visited ({missing})."},
    "nar.plan.followups": {"zh": "逐件落实{open}件尚未处理的跟进事项，并在下次走访时回访核实。",
                           "en": "Settle the open follow-ups ({open}) and check each at the next visit."},
    "nar.plan.houses": {"zh": "在年度补助资金额度内，推进{repair}户房屋修缮、{rebuild}户房屋翻建。",
                        "en": ("Within the year's subsidy quota, see houses repaired ({repair}) and rebuilt "
                              "({rebuild}).")},
    "nar.plan.care": {"zh": "继续为重点优抚对象提供居家养老服务，关注独居、行动不便的老人。",
                      "en": "Keep up home care for key beneficiaries, above all those living alone or "
                            "with poor mobility."},
    "nar.list_sep": {"zh": "、", "en": ", "},
    "acknowledged": {"zh": "已确认", "en": "confirmed"},
    "answer_sep": {"zh": "；", "en": "; "},
    "nar.none": {"zh": "无", "en": "none"},

    # One visit's summary.
    "vs.title": {"zh": "走访记录：{kind}", "en": "Visit: {kind}"},
    "vs.household": {"zh": "住户", "en": "Household"},
    "vs.village": {"zh": "村", "en": "Village"},
    "vs.category": {"zh": "类别", "en": "Category"},
    "vs.volunteer": {"zh": "走访人", "en": "Volunteer"},
    "vs.device": {"zh": "设备", "en": "Device"},
    "vs.when": {"zh": "时间", "en": "When"},
    "vs.kind": {"zh": "走访类型", "en": "Kind of visit"},
    "vs.form": {"zh": "表单", "en": "Form"},
    "vs.visit_id": {"zh": "走访编号", "en": "Visit id"},
    "vs.revision": {"zh": "修订版本", "en": "Revision"},
    "vs.corrected_at": {"zh": "更正时间", "en": "Corrected"},
    "vs.answers": {"zh": "走访内容", "en": "Answers"},
    "vs.followups": {"zh": "需跟进事项", "en": "Follow-ups"},
    "vs.no_followup": {"zh": "无需跟进。", "en": "No follow-up needed."},
    "vs.qr": {"zh": "住户二维码", "en": "Household QR code"},
    "vs.entry": {"zh": "第{n}项", "en": "Entry {n}"},
    "vs.question": {"zh": "问题", "en": "Question"},
    "vs.answer": {"zh": "回答", "en": "Answer"},
    "vs.name_id": {"zh": "{name}（{id}）", "en": "{name} ({id})"},
    "vs.total": {"zh": "款物合计（元）", "en": "Handed over in all (yuan)"},
    "vs.time_range": {"zh": "{start} 至 {end}", "en": "{start} to {end}"},

    # Exports.
    "x.meta.uuid": {"zh": "走访编号", "en": "Visit id"},
    "x.meta.revision": {"zh": "修订版本", "en": "Revision"},
    "x.meta.household": {"zh": "住户编号", "en": "Household id"},
    "x.meta.name": {"zh": "姓名", "en": "Name"},
    "x.meta.village": {"zh": "村", "en": "Village"},
    "x.meta.form_id": {"zh": "表单", "en": "Form"},
    "x.meta.form_version": {"zh": "表单版本", "en": "Form version"},
    "x.meta.volunteer": {"zh": "走访人", "en": "Volunteer"},
    "x.meta.device": {"zh": "设备", "en": "Device"},
    "x.meta.started": {"zh": "开始时间", "en": "Started"},
    "x.meta.ended": {"zh": "结束时间", "en": "Ended"},
    "x.meta.entry_index": {"zh": "条目序号", "en": "Entry index"},
    "x.nothing": {"zh": "没有符合条件的走访记录", "en": "no visit matches"},

    # QR labels.
    "lb.title": {"zh": "住户二维码标签", "en": "Household QR labels"},
    "lb.page": {"zh": "第{n}页，共{total}页", "en": "page {n} of {total}"},
}

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")


def t(key: str, lang: Lang, **params: Any) -> str:
    return text(MESSAGES, key, lang, **params)

# Visits of the office's own forms (reports/by_form.py), shown after the summary.
MESSAGES.update({
    "by_form_title": {"zh": "本站自定表单的走访（按表单和村）",
                      "en": "Visits of the office's own forms, by form and village"},
    "by_form_form": {"zh": "表单", "en": "Form"},
    "by_form_village": {"zh": "村", "en": "Village"},
    "by_form_visits": {"zh": "走访次数", "en": "Visits"},
    "by_form_households": {"zh": "户数", "en": "Households"},
    "by_form_no_village": {"zh": "（不在名册上）", "en": "(not on the register)"},
})
