# ruff: noqa: E501  (the expected text is written as a reader reads it, one line per paragraph)
"""The narrative 工作总结 of tests/reports/town_data.py, line by line against a text written by hand
(every number checked in tests/reports/test_town_figures.py), in Chinese and in English."""

from __future__ import annotations

from datetime import date

import pytest
from doorstep.reports.figures import compute_summary
from doorstep.reports.narrative import build_narrative, plain
from doorstep.reports.period import Period
from doorstep.reports.source import vocabulary
from doorstep.reports.vocabulary import Vocabulary
from town_data import REGISTER, VISITS

EXPECTED_ZH = """\
东风镇退役军人服务站优抚对象走访服务工作总结
统计期间：2026年1月1日至2026年12月31日　生成日期：2027年1月5日
一、基本情况
东风镇退役军人服务站现有在册优抚对象4人，其中重点优抚对象3人、一般优抚对象1人。
另有现役军人家属等其他走访对象1人，不计入优抚对象。
按类别分：残疾军人1人、三属2人（烈士遗属1人、因公牺牲军人遗属1人）、老年退役士兵1人。
优抚对象中60周岁以上2人（另有1人未登记出生日期）。
二、走访服务开展情况
2026年1月1日至2026年12月31日，共开展上门走访11次，走访5户。其中危房排查2次、走访慰问3次、福利送达3次、修缮/翻建验收3次。
在册重点优抚对象3人，期内已全部走访。
（一）居家养老服务
本期没有居家养老服务记录。
（二）危房摸底排查
共排查优抚对象房屋2户，其中C 级（局部危险）1户、D 级（整体危险）1户。建议修缮1户、翻建1户，估算费用6.90万元，申请补助资金3.80万元。
经验收，完成房屋修缮1户、翻建1户，拨付补助资金3.80万元。
其中1户超出年度补助资金额度。
（三）走访慰问
开展走访慰问：八一建军节1次（1户）、春节2次（2户）。
共发放慰问金及各类资金、物品合计1,800.50元，惠及2户。其中慰问金800.50元（2户）、优抚金1,000.00元（1户）、慰问品2份（1户）。
（四）福利送达
上门送达各项福利，惠及3户：纪念章1份（1户）、免费体检1份（1户）、取暖费400.00元（2户）、义务兵家庭优待金2,400.00元（1户）；资金合计2,800.00元。
（五）优抚对象核查
本期没有优抚对象核查记录。
（六）优抚金及生活费发放
本期没有导入优抚金及生活费发放表。
（七）其他工作
本期没有录入其他工作数据（输送合格军人、发放纪念章、免费体检、医疗保险补贴、门诊补助、取暖费）。
三、需跟进事项
走访中提出需跟进的事项1件，均已处理。
四、下一步工作计划
1. 在年度补助资金额度内，推进1户C、D级危房的修缮、翻建并组织验收。
2. 继续为重点优抚对象提供居家养老服务，关注独居、行动不便的老人。
"""

EXPECTED_EN = """\
Work summary of visits to beneficiaries: 东风镇退役军人服务站
Period: 1 January 2026 to 31 December 2026. Written on 5 January 2027.
1. The register
On the register of 东风镇退役军人服务站: 4 beneficiaries, 3 key and 1 general.
Also visited, not counted among the beneficiaries (families of serving soldiers and the like): 1.
By category: Disabled serviceman 1, survivors (三属) 2 (Martyr's survivor 1, Survivor of one who died on duty 1), Elderly retired soldier 1.
Of the beneficiaries, 2 are aged 60 and over (1 without a date of birth on the register).
2. Visits made
In the period (1 January 2026 to 31 December 2026) volunteers and staff made 11 visits to 5 households: Dilapidated-house inspection 2, Condolence visit 3, Benefits delivered at the door 3, House repair or rebuild: acceptance 3.
Key beneficiaries on the register: 3; every one was visited in the period.
Home elderly care
No home-care visit was recorded in the period.
Dilapidated-house survey
2 houses were inspected: C (locally dangerous) 1, D (dangerous as a whole) 1. Repair was recommended for 1 and rebuilding for 1; the estimated cost is 69,000.00 yuan and the subsidy requested 38,000.00 yuan.
Accepted as finished: repaired 1, rebuilt 1; subsidy paid: 38,000.50 yuan.
Of these, outside the year's subsidy quota: 1.
Condolence visits
Condolence visits: Army Day (1 August) 1 (households: 1), Spring Festival 2 (households: 2).
1,800.50 yuan in money and gifts was handed over to 2 households: Condolence money 800.50 yuan (households: 2), Benefit payment 1,000.00 yuan (households: 1), Gift: 2 items (households: 1).
Benefits delivered at the door
Benefits were delivered to 3 households: Commemorative medal: 1 items (households: 1), Free health check: 1 items (households: 1), Heating allowance 400.00 yuan (households: 2), Conscript family allowance 2,400.00 yuan (households: 1); 2,800.00 yuan in all.
Register verification
No register verification was recorded in the period.
Pensions and living allowances
No payment sheet of pensions or living allowances was imported for the period.
Other work
No figure of other work was entered for the period (Qualified recruits sent, Commemorative medals handed out, Free health checks, Medical insurance subsidy, Outpatient subsidy, Heating allowance).
3. Follow-ups
Follow-ups raised: 1; every one has been settled.
4. Plan for the next period
1. Within the year's subsidy quota, see the houses graded C or D that wait (1) repaired or rebuilt, and accept the work.
2. Keep up home care for key beneficiaries, above all those living alone or with poor mobility.
"""


def _lines(lang: str, register=REGISTER, visits=VISITS) -> list[str]:  # noqa: ANN001
    forms = vocabulary(lang).forms
    vocab = Vocabulary(lang, forms, office="东风镇退役军人服务站")
    summary = compute_summary(register, visits, Period(date(2026, 1, 1), date(2026, 12, 31)), None,
                              vocab.choice_order())
    story = build_narrative(summary, vocab, date(2027, 1, 5))
    out = [story.title, story.subtitle]
    for section in story.sections:
        out.append(section.heading)
        out.extend(plain(p) for p in section.paragraphs)
    return out


@pytest.mark.parametrize(("lang", "expected"), [("zh", EXPECTED_ZH), ("en", EXPECTED_EN)])
def test_the_narrative_line_by_line(lang: str, expected: str) -> None:
    got = _lines(lang)
    want = expected.splitlines()
    for number, (line, wanted) in enumerate(zip(got, want, strict=False), start=1):
        assert line == wanted, f"line {number}"
    assert len(got) == len(want)


def test_no_data_is_said_plainly_not_as_zero() -> None:
    lines = _lines("zh", REGISTER, [])
    assert "2026年1月1日至2026年12月31日没有上门走访记录。" in lines
    for said in ("本期没有居家养老服务记录。", "本期没有危房排查记录。", "本期没有房屋修缮、翻建验收记录。",
                 "期内未发放慰问金或物品。", "本期没有福利送达记录。", "本期没有优抚对象核查记录。",
                 "本期走访没有提出需跟进的事项。"):
        assert said in lines
    assert not any("0次" in line or "0户" in line for line in lines)
