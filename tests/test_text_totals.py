"""Totals stated in running text over the parts listed after them (text_total)."""

from __future__ import annotations

from decimal import Decimal

from helpers import check_lines

# Seed 004's 专栏 1 (the 重点项目 box of a 政府工作报告, markdown bullets; the last item
# printed apart, with half-width commas and spaces around its figures).
PROJECTS = """### 专栏 1：2025 年全市重点项目建设安排

2025年，安排398个重点项目，总投资3461.7亿元，年度计划投资1363.1亿元。

- ▲创新驱动能力提升项目5个，总投资32.5亿元，年度计划投资8.5亿元。
- ▲基础设施建设项目90个，总投资837.8亿元，年度计划投资268.4亿元。
- ▲新型基础设施建设项目2个，总投资6.9亿元，年度计划投资2.2亿元。
- ▲产业转型发展项目269个，总投资2311.6亿元，年度计划投资982.9亿元。
- ▲绿色低碳转型项目8个，总投资71亿元，年度计划投资25.8亿元。

▲民生和社会事业改善项目 24 个, 总投资 201.9 亿元, 年度计划投资 75.4 亿元。

（二）坚持实施第一战略, 着力提升创新驱动效能。""".split("\n")

# A budget's 其他相关情况说明 (PDF-to-text: the sentence wraps onto the next line).
PROCUREMENT = """  三、政府采购预算情况
     2024年本部门政府采购预算1662.44万元，其中：政府采购货物预算93.98万元、政府采购工程预算815.87万元、政府采购服务预算
752.59万元。
     2024年本部门面向中小企业预留政府采购项目预算金额664.98万元，其中，预留给小型和微型企业的政府采购项目预算为465.49万
元。""".split("\n")


def _claims(report):
    return sorted((c.line, c.kind, c.stated, c.actual) for t in report.issue.tables if t.layout == "text"
                  for c in report.claims[t.id])


def _findings(report):
    return [f for f in report.findings if f.rule == "text_total"]


def test_listed_parts_add_up_to_the_total_line():
    report = check_lines(PROJECTS)
    assert _claims(report) == [(3, "count", 398, 398), (3, "sum", Decimal("1363.1"), Decimal("1363.2")),
                               (3, "sum", Decimal("3461.7"), Decimal("3461.7"))]
    # The parts, printed to 0.1 亿元, give 1363.2: said, as a warning, with the reason.
    [f] = _findings(report)
    assert (f.severity, f.line, f.stated, f.actual) == ("warning", 3, Decimal("1363.1"), Decimal("1363.2"))
    assert "取整" in f.message and "1363.2" in f.message


def test_a_changed_part_is_an_error_when_the_other_figures_add_up():
    lines = list(PROJECTS)
    lines[7] = lines[7].replace("269个", "369个")
    errors = [f for f in _findings(check_lines(lines)) if f.severity == "error"]
    assert [(f.line, f.stated, f.actual) for f in errors] == [(3, 398, 498)]
    assert "第 5–11 行" in errors[0].message


def test_a_lost_item_is_reported():
    # Nothing adds up any more: the list may be only some of the projects, so warnings.
    lines = [x for x in PROJECTS if "新型基础设施" not in x]
    assert {(f.severity, f.line, f.stated, f.actual) for f in _findings(check_lines(lines))} == {
        ("warning", 3, 398, 396), ("warning", 3, Decimal("3461.7"), Decimal("3454.8")),
        ("warning", 3, Decimal("1363.1"), Decimal("1361.0"))}


def test_a_list_cut_by_an_item_stating_other_figures_is_not_read():
    # Seed 002's 专栏1: the last item counts "15种" projects and the total is "1800亿元以上".
    lines = list(PROJECTS)
    lines.insert(12, "▲着力抓好工业技改项目建设。加快实施15种重点工业技改项目，计划完成年度投资263.9亿元。")
    report = check_lines(lines)
    assert not _claims(report) and not _findings(report)
    bound = [x.replace("总投资3461.7亿元", "总投资3461.7亿元以上") for x in PROJECTS]
    assert not _claims(check_lines(bound))


def test_parts_after_qizhong_add_up():
    report = check_lines(PROCUREMENT)
    assert _claims(report) == [(2, "sum", Decimal("1662.44"), Decimal("1662.44"))]
    assert not _findings(report)  # one part after 其中 is no breakdown (664.98 / 465.49)


def test_parts_after_qizhong_may_be_fewer_but_never_more_than_the_total():
    # Parts not named as kinds of the whole may be only some of it: fewer is no claim.
    plain = [x.replace("政府采购货物预算", "货物类").replace("政府采购工程预算", "工程类")
             .replace("政府采购服务预算", "服务类") for x in PROCUREMENT]
    fewer = [x.replace("1662.44", "1762.44") for x in plain]
    report = check_lines(fewer)
    assert not _claims(report) and not _findings(report)
    more = [x.replace("1662.44", "1562.44") for x in plain]
    [f] = _findings(check_lines(more))
    assert (f.severity, f.line, f.stated, f.actual) == ("warning", 2, Decimal("1562.44"), Decimal("1662.44"))


def test_parts_named_as_kinds_of_the_whole_are_all_of_it():
    # 政府采购货物预算, …工程预算, …服务预算: each the whole's name with its kind put in.
    fewer = [x.replace("1662.44", "1762.44") for x in PROCUREMENT]
    [f] = _findings(check_lines(fewer))
    assert (f.severity, f.line, f.stated, f.actual) == ("warning", 2, Decimal("1762.44"), Decimal("1662.44"))


# A budget's 部门机构设置: the units counted, then listed (the body itself marked 本部).
UNITS = """上海市普陀区人民政府万里街道办事处部门预算是包括万里街道本部以及下属 5 家预算单位的综合收支计划。
本部门中，行政单位 1 家，参公单位1家，事业单位 4 家，具体包括：
1. 上海市普陀区人民政府万里街道办事处（本部）。
2. 上海市普陀区万里街道社区事务受理服务中心。
3. 上海市普陀区万里街道社区党群服务中心。
4. 上海市普陀区万里街道城市运行管理中心。
5. 上海市普陀区万里街道经济发展服务中心。
6. 上海市普陀区万里街道综合行政执法队。
                           名词解释""".split("\n")


def test_a_count_of_units_against_the_numbered_list_of_them():
    # 下属 5 家: the six listed less the body itself (本部).
    assert _claims(check_lines(UNITS)) == [(1, "count", 5, 5)]
    wrong = [UNITS[0].replace("下属 5 家", "下属 6 家")] + UNITS[1:]
    [f] = _findings(check_lines(wrong))
    assert (f.line, f.stated, f.actual) == (1, 6, 5) and f.severity in ("error", "warning")


def test_a_count_of_subordinate_units_without_the_body_marked_is_left_alone():
    unmarked = [x.replace("（本部）", "") for x in UNITS]
    assert not _claims(check_lines(unmarked))
