"""Documents of kinds and publishers the product was not built on (written for a red-team
pass: every figure consistent in the clean text, computed, not typed): each must check
clean, and a changed figure must be reported where it is printed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from helpers import check_lines

FIXTURES = Path(__file__).parent / "fixtures"


def _lines(name: str) -> list[str]:
    return (FIXTURES / name).read_text(encoding="utf-8").split("\n")


def _line_of(lines: list[str], text: str) -> int:
    return next(n for n, x in enumerate(lines, 1) if text in x)


def _alarms(report) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in report.findings if f.severity in ("error", "warning")]


@pytest.mark.parametrize("name", [
    "award_list_categories_across_districts_tab.txt", "award_list_running_header_once_pdf.txt",
    "name_lists_size_below_title.txt", "budget_summary_subtotals_tab.txt", "final_account_unnumbered_parts_pdf.txt",
    "budget_two_years_text_tab.txt", "subsidy_households_markdown.md", "fund_allocation_total_column_tab.txt",
    "budget_adjustment_markdown.md"])
def test_a_clean_document_checks_clean(name):
    assert _alarms(check_lines(_lines(name), name)) == []


def test_a_category_named_in_the_text_is_the_sum_of_its_groups_in_every_district():
    # "其中，国家级专精特新“小巨人”企业11家，奖励550万元": 4 + 5 + 2 firms under three districts
    lines = _lines("award_list_categories_across_districts_tab.txt")
    report = check_lines(lines, "a.txt")
    text = _line_of(lines, "其中，国家级专精特新")
    got = {(c.stated, c.ok) for cs in report.claims.values() for c in cs if c.line == text and c.kind == "cross_reference"}
    assert (11, True) in got and (550, True) in got
    # each part of the breakdown is a clause of its own: 省级智能工厂11家，奖励330万元, …
    assert {(330, True), (12, True), (120, True)} <= got
    lines[text - 1] = lines[text - 1].replace("企业11家，奖励550万元", "企业12家，奖励550万元")
    assert ("cross_reference", text) in _alarms(check_lines(lines, "a.txt"))


def test_a_running_header_printed_once_is_not_a_row():
    lines = _lines("award_list_running_header_once_pdf.txt")
    report = check_lines(lines, "a.txt")
    rows = [r for t in report.issue.tables for r in t.rows]
    assert not any("公报" in c for r in rows for c in r.cells)


def test_a_name_list_whose_size_is_under_its_title_and_whose_units_state_theirs():
    lines = _lines("name_lists_size_below_title.txt")
    report = check_lines(lines, "n.txt")
    lists = [t for t in report.issue.tables if t.layout == "list"]
    assert len(lists) == 2
    people = lists[1]
    assert [r.cells[0] for r in people.rows if r.kind == "group"][0] == "县教育局（6名）"
    assert sum(1 for r in people.rows if r.kind == "data") == 27
    unit = _line_of(lines, "县公安局（5名）")
    lines = [x for k, x in enumerate(lines, 1) if k != unit + 1]  # a name of 县公安局 lost
    assert ("count", unit) in _alarms(check_lines(lines, "n.txt"))


def test_a_grand_total_over_a_subtotal_and_the_balance_brought_forward():
    # 本年收入合计 + 上年结转结余 = 收入总计, on both halves of the 收支总表
    lines = _lines("budget_summary_subtotals_tab.txt")
    report = check_lines(lines, "b.txt")
    grand = _line_of(lines, "收入总计\t")
    at_grand = [c for cs in report.claims.values() for c in cs if c.line == grand]
    assert len(at_grand) == 2 and all(c.ok for c in at_grand)
    row = _line_of(lines, "四、事业收入")
    lines[row - 1] = lines[row - 1].replace("439.27", "539.27")
    assert ("subtotal", _line_of(lines, "本年收入合计\t")) in _alarms(check_lines(lines, "b.txt"))


def test_items_printed_without_numbers_under_a_numbered_row_are_its_parts():
    # "一、税收收入" over 增值税, 企业所得税, …; "一般公共预算收入合计" over 一、 and 二、
    lines = _lines("final_account_unnumbered_parts_pdf.txt")
    report = check_lines(lines, "f.txt")
    head = _line_of(lines, "二、非税收入")
    assert any(c.line == head and c.kind == "subtotal" and c.ok for cs in report.claims.values() for c in cs)
    row = head + 1
    parts = lines[row - 1].split()
    lines[row - 1] = lines[row - 1].replace(parts[2], str(int(parts[2].replace(",", "")) + 1000), 1)
    assert ("subtotal", head) in _alarms(check_lines(lines, "f.txt"))


def test_the_text_may_restate_the_other_years_column_of_a_row():
    # "2024年…教育支出4103.13万元": the row 205 教育支出 prints 3797.06 (2023) and 4103.13 (2024)
    lines = _lines("budget_two_years_text_tab.txt")
    text = _line_of(lines, "教育支出4103.13万元")
    lines[text - 1] = lines[text - 1].replace("教育支出4103.13万元", "教育支出4113.13万元")
    assert ("restated", text) in _alarms(check_lines(lines, "b.txt"))


@pytest.mark.parametrize("name, said, wrong", [
    # "现下达…奖励资金610万元，用于奖励28家企业" over the notice's only list
    ("award_list_running_header_once_pdf.txt", "610万元", "620万元"),
    # "…补贴资金2741.690534万元，…涉及农户54002户" over a list in 元 ("单位：户、亩、元") whose
    # 农户数 column adds up to the households: its rows are villages
    ("subsidy_households_markdown.md", "2741.690534万元", "2741.790534万元"),
    # "现下达…补助资金5269万元(其中:中央资金…)" over a list whose 合计 column adds up to it
    ("fund_allocation_total_column_tab.txt", "5269万元", "5319万元"),
    # full-width digits, the 单位 line inside the tab region, the 合计 column last
    ("fund_allocation_fullwidth_digits_tab.txt", "１０４８１．３万元", "１０４８２．３万元"),
])
def test_the_notice_over_its_only_list_is_checked_against_it(name, said, wrong):
    lines = _lines(name)
    report = check_lines(lines, name)
    text = _line_of(lines, said)
    assert [c.ok for cs in report.claims.values() for c in cs if c.line == text and c.kind == "cross_reference"]
    assert all(c.ok for cs in report.claims.values() for c in cs if c.line == text)
    lines[text - 1] = lines[text - 1].replace(said, wrong)
    assert ("cross_reference", text) in _alarms(check_lines(lines, name))


def test_a_region_table_whose_total_row_is_the_whole_city_at_the_top():
    # "表1 …各县（市、区）地区生产总值": 全市 first, the counties under it, % columns never added;
    # "表2 …主要指标" under it is a table of its own
    lines = _lines("indicators_other_city_tab.txt")
    report = check_lines(lines, "s.txt")
    assert len(report.issue.tables) == 2
    total = _line_of(lines, "全市\t")
    claims = [c for cs in report.claims.values() for c in cs if c.line == total]
    assert [(c.kind, c.ok) for c in claims] == [("column_total", True)] and claims[0].stated == Decimal("2662.90")
    row = _line_of(lines, "河东区\t")
    lines[row - 1] = lines[row - 1].replace("585.22", "595.22")
    assert ("column_total", total) in _alarms(check_lines(lines, "s.txt"))


def test_a_column_named_in_the_text_is_the_total_rows_figure_in_it():
    # "年初预算28041.49万元，调整减少1482.29万元，调整后预算为26559.20万元" over a table in
    # 万元 whose one 合计 row prints 年初预算 / 调整数 / 调整后预算
    lines = _lines("budget_adjustment_markdown.md")
    text = _line_of(lines, "调整后预算为26559.20万元")
    report = check_lines(lines, "b.md")
    assert any(c.line == text and c.stated == Decimal("26559.20") and c.ok for cs in report.claims.values() for c in cs)
    lines[text - 1] = lines[text - 1].replace("调整后预算为26559.20万元", "调整后预算为26659.20万元")
    assert ("restated", text) in _alarms(check_lines(lines, "b.md"))


@pytest.mark.parametrize("name", [
    "subsidy_by_region_rate_column_tab.txt", "award_list_three_levels_tab.txt", "project_list_total_top_subtotals_pdf.txt",
    "project_list_continued_table_pdf.txt", "sangong_change_breakdown_markdown.md"])
def test_a_clean_document_of_the_second_pass_checks_clean(name):
    assert _alarms(check_lines(_lines(name), name)) == []


def test_a_rate_column_is_never_added_up():
    # "补贴标准（元/亩）" beside 补贴面积 and 补贴资金, under a 全市 row
    lines = _lines("subsidy_by_region_rate_column_tab.txt")
    report = check_lines(lines, "s.txt")
    table = report.issue.tables[0]
    rate = next(i for i, c in enumerate(table.columns) if "元/亩" in c)
    assert not [c for cs in report.claims.values() for c in cs if c.column == rate]


def test_three_levels_numbered_with_figures_at_each():
    # "2.产值首次突破10亿元：2家，100万元": 10亿元 is the category's name, not its sum
    lines = _lines("award_list_three_levels_tab.txt")
    report = check_lines(lines, "a.txt")
    table = report.issue.tables[0]
    levels = {r.cells[0][:2]: r.level for r in table.rows if r.kind == "group"}
    assert levels["一、"] == 1 and levels["（一"] == 2 and levels["1."] == 3
    header = _line_of(lines, "2.产值首次突破10亿元")
    assert sorted((c.kind, c.stated) for cs in report.claims.values() for c in cs if c.line == header) == [
        ("count", 2), ("sum", 100)]
    row = _line_of(lines, "永安建材股份有限公司")
    lines[row - 1] = lines[row - 1].replace("\t15", "\t25")
    assert ("sum", _line_of(lines, "2.供应链服务")) in _alarms(check_lines(lines, "a.txt"))


def test_a_total_printed_first_over_sections_closed_by_their_subtotals():
    lines = _lines("project_list_total_top_subtotals_pdf.txt")
    report = check_lines(lines, "p.txt")
    total = _line_of(lines, "合计   ")
    assert [c.ok for cs in report.claims.values() for c in cs if c.line == total] == [True, True]
    row = _line_of(lines, "中型灌区节水改造")
    lines[row - 1] = lines[row - 1].replace("1,019.0", "1,029.0")
    alarms = _alarms(check_lines(lines, "p.txt"))
    assert alarms and all(rule == "column_total" for rule, _line in alarms)


def test_a_table_continued_on_the_next_page_under_its_title_marked_续表():
    lines = _lines("project_list_continued_table_pdf.txt")
    report = check_lines(lines, "p.txt")
    cells = [c for t in report.issue.tables for r in t.rows for c in r.cells]
    assert not any("续表" in c or "单位：" in c for c in cells)


def test_county_rows_printed_above_their_towns_are_blocks_the_total_covers():
    # "| **全市** | 5,322 | …", then "| 安平县 | 2,075 | …" over its towns (indented, the
    # indentation lost): 全市 is the counties' sum, each county its towns'
    lines = _lines("region_table_county_blocks_markdown.md")
    report = check_lines(lines, "r.md")
    assert _alarms(report) == []
    county = _line_of(lines, "| 饶阳县 |")
    assert any(c.line == county and c.ok for cs in report.claims.values() for c in cs)
    town = _line_of(lines, "大尹村镇")
    lines[town - 1] = lines[town - 1].replace("55.67", "56.67")
    assert ("column_total", county) in _alarms(check_lines(lines, "r.md"))


SIDE_BY_SIDE = ["award_list_side_by_side.md", "award_list_side_by_side_tab.txt", "award_list_side_by_side_pdf.txt"]


@pytest.mark.parametrize("name", SIDE_BY_SIDE)
def test_a_list_printed_in_two_halves_side_by_side_is_read_as_one_list(name):
    # "序号 | 企业名称 | 奖励金额 | 序号 | 企业名称 | 奖励金额": 1-12 down the left, 13-23 down the right
    lines = _lines(name)
    report = check_lines(lines, name)
    assert _alarms(report) == []
    table = report.issue.tables[0]
    assert table.columns[0] == "序号" and len(table.columns) == 3
    data = [r for r in table.rows if r.kind == "data"]
    assert [r.cells[0] for r in data] == [str(n) for n in range(1, 24)]
    # a right-half row keeps the line that prints it
    assert next(r for r in data if r.cells[0] == "13").first_line == _line_of(lines, "| 13 |" if name.endswith(".md")
                                                                              else "通达服饰有限责任公司")
    ok = {(c.kind, c.stated, c.actual) for c in report.claims[table.id]}
    assert ("column_total", Decimal(690), Decimal(690)) in ok


def _without_right_half(line: str, name: str) -> str:
    if name.endswith(".md"):
        return "|".join(line.split("|")[:4]) + "|  |  |  |"
    if name.endswith("_tab.txt"):
        return "\t".join(line.split("\t")[:3])
    return line[: line.index("18")].rstrip()


@pytest.mark.parametrize("name", SIDE_BY_SIDE)
def test_a_row_dropped_from_the_right_half_or_a_changed_amount_is_reported(name):
    lines = _lines(name)
    at = _line_of(lines, "泰和食品有限责任公司")  # row 18 (50), right half; row 6 (50) on its left
    dropped = list(lines)
    dropped[at - 1] = _without_right_half(lines[at - 1], name)
    report = check_lines(dropped, name)
    assert [r.cells[0] for r in report.issue.tables[0].rows if r.kind == "data"][:6] == ["1", "2", "3", "4", "5", "6"]
    alarms = _alarms(report)
    assert ("column_total", _line_of(lines, "合计")) in alarms
    assert ("cross_reference", _line_of(lines, "等23家")) in alarms
    changed = list(lines)
    head, tail = lines[at - 1].rsplit("50", 1)
    changed[at - 1] = head + "80" + tail
    assert ("column_total", _line_of(lines, "合计")) in _alarms(check_lines(changed, name))


def test_a_budgets_two_halves_with_the_same_labels_are_not_one_list():
    # 项目 | 金额 | 项目 | 金额: revenue on the left, spending on the right, each with its own total
    text = """某县2024年一般公共预算收支总表

单位：万元

项目\t金额\t项目\t金额
税收收入\t100\t一般公共服务支出\t80
非税收入\t50\t教育支出\t70
收入合计\t150\t支出合计\t150
"""
    report = check_lines(text.split("\n"), "budget.txt")
    table = next(t for t in report.issue.tables if t.layout != "text")
    assert len(table.columns) == 4
    assert _alarms(report) == []
    wrong = text.replace("教育支出\t70", "教育支出\t60")
    assert ("subtotal", 8) in _alarms(check_lines(wrong.split("\n"), "budget.txt"))


def test_a_total_column_before_its_parts_and_a_breakdown_under_qizhong_columns():
    # "项目 | 合计 | 因公出国（境）费 | 公务用车购置及运行费 | 其中：购置费 | 其中：运行费 | 公务接待费",
    # one row per year and a 增减额 row: 合计 adds the three parts after it, not the 其中
    # columns, which add up to the column before them; 增减额 is 2024 less 2023
    name = "sangong_years_as_rows_markdown.md"
    lines = _lines(name)
    report = check_lines(lines, name)
    assert _alarms(report) == []
    table = next(t for t in report.issue.tables if t.layout != "text")
    claims = {(c.line, c.kind, c.stated, c.actual) for c in report.claims[table.id] if c.ok}
    y23, y24, change = (_line_of(lines, w) for w in ("| 2023年预算数", "| 2024年预算数", "| 增减额"))
    assert (y23, "row_total", Decimal("76.90"), Decimal("76.90")) in claims  # 12.00 + 55.30 + 9.60
    assert (y24, "row_total", Decimal("33.20"), Decimal("33.20")) in claims  # 0.00 + 33.20
    assert (change, "column_total", Decimal("-29.85"), Decimal("-29.85")) in claims
    amount = list(lines)
    amount[y24 - 1] = amount[y24 - 1].replace("| 33.20 | 0.00", "| 36.20 | 0.00")
    alarms = _alarms(check_lines(amount, name))
    assert ("row_total", y24) in alarms and ("column_total", change) in alarms
    total = list(lines)
    total[y23 - 1] = total[y23 - 1].replace("| 76.90 |", "| 77.90 |")
    alarms = _alarms(check_lines(total, name))
    assert ("row_total", y23) in alarms and ("column_total", change) in alarms


def test_a_change_column_is_the_later_year_less_the_earlier():
    text = """某县2024年一般公共预算支出表

单位：万元

科目\t2023年预算数\t2024年预算数\t增减额\t增长%
一般公共服务支出\t1200\t1350\t150\t12.5
教育支出\t3400\t3300\t-100\t-2.9
卫生健康支出\t900\t960\t60\t6.7
"""
    report = check_lines(text.split("\n"), "changes.txt")
    assert _alarms(report) == []
    table = next(t for t in report.issue.tables if t.layout != "text")
    assert sum(1 for c in report.claims[table.id] if c.kind == "row_total" and c.ok) == 3
    wrong = text.replace("教育支出\t3400\t3300", "教育支出\t3400\t3800")
    assert ("row_total", 7) in _alarms(check_lines(wrong.split("\n"), "changes.txt"))
    # the earlier year printed second: the same relation, read the other way round
    swapped = "\n".join("\t".join([p[0], p[2], p[1], *p[3:]]) if len(p := ln.split("\t")) >= 4 else ln
                        for ln in text.split("\n")).replace("2024年预算数\t2023年预算数", "2024年预算数\t2023年预算数")
    assert _alarms(check_lines(swapped.split("\n"), "changes.txt")) == []


def test_a_one_row_table_ties_its_totals_to_the_parts_its_header_spans_even_when_a_figure_is_wrong():
    # "合计 | 因公出国（境）费 | 公务用车购置及运行费 [小计 | 购置费 | 运行费] | 公务接待费", one row of
    # figures: a wrong 运行费 leaves no reading that adds up; the header still says what 小计 adds
    name = "sangong_one_row_spanning_header_tab.txt"
    lines = _lines(name)
    assert _alarms(check_lines(lines, name)) == []
    at = _line_of(lines, "86.84\t8.00")
    wrong_part = list(lines)
    wrong_part[at - 1] = wrong_part[at - 1].replace("\t41.36\t", "\t51.36\t")
    report = check_lines(wrong_part, name)
    assert _alarms(report) == [("subtotal", at)]
    assert "“小计”列：写明 66.36" in report.findings[0].message
    wrong_total = list(lines)
    wrong_total[at - 1] = wrong_total[at - 1].replace("86.84\t", "87.84\t")
    report = check_lines(wrong_total, name)
    assert _alarms(report) == [("subtotal", at)]
    assert "“合计”列：写明 87.84" in report.findings[0].message


def test_two_pipe_tables_under_their_own_headers_stay_two_and_whole_numbers_are_not_serials():
    # "附件2：…分布情况表" and a new "| 缴费档次（元/年） | … |" header over its rule line: a second
    # table, whose first column (100, 200 … 2000) are 缴费档次, not serial numbers; a rate column
    # (基础养老金标准（元/月）) is not the list's amount
    name = "pension_two_tables_markdown.md"
    lines = _lines(name)
    report = check_lines(lines, name)
    assert _alarms(report) == []
    first, second = [t for t in report.issue.tables if t.layout != "text"]
    assert second.first_line == _line_of(lines, "附件2：") and second.columns[0] == "缴费档次（元/年）"
    assert "serial" not in second.roles
    assert first.columns[first.roles["amount"]] == "全年发放金额（万元）"
    changed = list(lines)
    at = _line_of(lines, "| 合计 | 339100")
    changed[at - 1] = changed[at - 1].replace("339100", "339900")
    assert ("column_total", at) in _alarms(check_lines(changed, name))


def test_a_budget_without_codes_is_a_ledger_by_its_numbered_sections_and_totals():
    # "一、税收收入 | 289102 | 358399 | 24.0" over unnumbered items, "二、非税收入" likewise, then
    # "一般公共预算收入合计", four more rows and "收入总计": no subject codes, no serials
    name = "budget_revenue_sections_no_codes_tab.txt"
    lines = _lines(name)
    report = check_lines(lines, name)
    assert _alarms(report) == []
    table = next(t for t in report.issue.tables if t.layout != "text")
    assert table.layout == "ledger"
    ok = {(c.line, c.stated) for c in report.claims[table.id] if c.ok}
    total, grand = _line_of(lines, "一般公共预算收入合计"), _line_of(lines, "收入总计\t")
    assert {(total, Decimal(391544)), (grand, Decimal(602807)), (_line_of(lines, "一、税收收入"), Decimal(358399))} <= ok
    # a wrong 合计 is its own error, not one more at 收入总计 (its parts still add up to it)
    wrong = list(lines)
    wrong[total - 1] = wrong[total - 1].replace("391544", "391644")
    assert _alarms(check_lines(wrong, name)) == [("subtotal", total)]
    # a wrong item under 一、税收收入
    item = _line_of(lines, "增值税")
    wrong = list(lines)
    wrong[item - 1] = wrong[item - 1].replace("56582", "57582")
    assert ("subtotal", _line_of(lines, "一、税收收入")) in _alarms(check_lines(wrong, name))
    # the text's 税收收入 is this year's figure: a mismatch quotes that column
    wrong = [ln.replace("税收收入358399万元", "税收收入358409万元") for ln in lines]
    found = [f for f in check_lines(wrong, name).findings if f.rule == "restated"]
    assert found and "358399" in found[0].message and "289102" not in found[0].message


def test_a_grand_total_under_the_total_printed_first_and_the_rows_it_leaves_out():
    # 表2: "合计" first (over 223), …, "调出资金", "支出总计" = 合计 + 调出资金; figures with U+2212 minus
    name = "state_capital_budget_markdown.md"
    lines = _lines(name)
    report = check_lines(lines, name)
    assert _alarms(report) == []
    grand = _line_of(lines, "| 支出总计")
    ok = {(c.line, c.stated) for t in report.issue.tables for c in report.claims[t.id] if c.ok}
    assert (grand, Decimal("7512.68")) in ok
    # 增减额: 本年预算数 1886.44 = 上年执行数 2639.13 + 增减额 −752.69 (the minus sign read)
    profit = _line_of(lines, "| 一、利润收入")
    assert (profit, Decimal("1886.44")) in ok
    wrong = list(lines)
    wrong[profit - 1] = wrong[profit - 1].replace("−752.69", "−725.69")
    assert ("subtotal", profit) in _alarms(check_lines(wrong, name))


CONTINUED_LEDGER = ["budget_continued_ledger_display_aligned_pdf.txt", "budget_continued_ledger_char_aligned_pdf.txt"]


@pytest.mark.parametrize("name", CONTINUED_LEDGER)
def test_a_ledger_continued_under_its_title_marked_xubiao_is_one_table_whichever_way_it_is_aligned(name):
    # PDF-to-text laid out by printed width (a Chinese character two columns) or by characters
    # (pdftotext): the header's words name the right columns either way, and the page after
    # "一般公共预算支出表（续表）" with its 单位 line and header printed again is the same table
    lines = _lines(name)
    report = check_lines(lines, name)
    assert _alarms(report) == []
    (table,) = [t for t in report.issue.tables if t.layout != "text"]
    assert table.columns[2:] == ["上年执行数", "本年预算数合计", "基本支出", "项目支出", "比上年增减%"]
    assert table.last_line == _line_of(lines, "住房公积金")
    ok = {(c.line, c.stated) for c in report.claims[table.id] if c.ok}
    assert (_line_of(lines, "8,063.07"), Decimal("8408.94")) in ok
    assert (_line_of(lines, "行政事业单位医疗"), Decimal("944.24")) in ok  # its items are on the next page
    wrong = [ln.replace("538.12", "583.12") for ln in lines]  # 2101103, on the second page
    assert ("subtotal", _line_of(lines, "行政事业单位医疗")) in _alarms(check_lines(wrong, name))


def test_subtotals_named_by_their_place_and_a_total_right_under_the_last_of_them():
    # "城关镇小计" … "高桥镇小计" then "合计" (nothing between), across a page break with "续表";
    # the rate column (补贴标准（元/亩）) is never added
    name = "subsidy_towns_subtotals_continued_pdf.txt"
    lines = _lines(name)
    report = check_lines(lines, name)
    assert _alarms(report) == []
    (table,) = [t for t in report.issue.tables if t.layout != "text"]
    total = _line_of(lines, "合计                         14500")
    ok = {(c.line, c.stated) for c in report.claims[table.id] if c.ok}
    assert {(total, Decimal(14500)), (total, Decimal("9985437.03")), (_line_of(lines, "张集镇小计"), Decimal(3780))} <= ok
    # a wrong subtotal is one error (the total still adds up its towns' rows)
    sub = _line_of(lines, "李寨乡小计")
    wrong = [ln.replace("2,342,155.50", "2,342,055.50") for ln in lines]
    assert _alarms(check_lines(wrong, name)) == [("subtotal", sub)]
    # a village's figure: its town's subtotal
    wrong = [ln.replace("3,038.62", "3,083.62") for ln in lines]
    assert _alarms(check_lines(wrong, name)) == [("subtotal", _line_of(lines, "张集镇小计"))]


def test_a_units_code_under_its_departments_code_nests():
    # 部门收入总表: "301 平原县农业农村局" over its units "301001 县农业农村局（本级）" … "301005"
    name = "department_units_codes_pdf.txt"
    lines = _lines(name)
    report = check_lines(lines, name)
    assert _alarms(report) == []  # and no "missing 3010" between 301 and 301001
    dept = _line_of(lines, "301   平原县农业农村局")
    ok = {(c.line, c.stated) for t in report.issue.tables for c in report.claims[t.id] if c.ok and c.kind == "subtotal"}
    assert (dept, Decimal("8336.28")) in ok
    dropped = [ln for ln in lines if "301004" not in ln]
    assert ("subtotal", dept) in _alarms(check_lines(dropped, name))


def test_a_notices_amount_is_checked_against_the_annex_that_prints_amounts_and_its_count_against_the_list():
    # "现下达…资金372万元，涉及企业（机构）32家": annex 1 sums the amounts (合计 372), annex 2
    # lists the 32 names under their categories
    name = "fund_notice_summary_and_name_list_tab.txt"
    lines = _lines(name)
    report = check_lines(lines, name)
    assert _alarms(report) == []
    at = _line_of(lines, "现下达")
    refs = {(c.stated, c.unit) for t in report.issue.tables for c in report.claims[t.id]
            if c.kind == "cross_reference" and c.line == at and c.ok}
    assert {(Decimal(372), "万元"), (Decimal(32), "家")} <= refs
    summary = report.issue.tables[0]
    assert "name" not in summary.roles  # "企业（机构）数" holds counts
    wrong = [ln.replace("资金372万元", "资金327万元") for ln in lines]
    assert ("cross_reference", at) in _alarms(check_lines(wrong, name))


def test_the_text_restates_a_lists_total_row_by_its_column_headers():
    # "年初预算44096.0万元，调整后预算45518.5万元" restate the 合计 row of 年初预算 | 调整数 | 调整后预算
    name = "budget_adjustment_by_department_markdown.md"
    lines = _lines(name)
    report = check_lines(lines, name)
    assert _alarms(report) == []
    at = _line_of(lines, "本次调整涉及")
    ok = {c.stated for t in report.issue.tables for c in report.claims[t.id] if c.line == at and c.ok}
    assert {Decimal("44096.0"), Decimal("45518.5")} <= ok
    wrong = [ln.replace("调整后预算45518.5万元", "调整后预算45618.5万元") for ln in lines]
    assert ("restated", at) in _alarms(check_lines(wrong, name))


def test_the_same_words_again_on_a_line_name_a_parts_figure_not_the_total_rows():
    # "总投资122025万元…基础设施类项目5个，总投资45448万元": only the first is the 合计 row's
    lines = _lines("project_list_sections_tab.txt")
    report = check_lines(lines, "project_list_sections_tab.txt")
    assert [f for f in report.findings if f.rule == "restated"] == []


def test_annexes_a_spreadsheet_padded_with_tabs_stay_three_tables():
    # "附件2\t\t\t\t\t\t" and tab-only blank lines, as Excel writes them, between three annexes
    name = "fund_allocation_three_annexes_excel_tab.txt"
    lines = _lines(name)
    report = check_lines(lines, name)
    assert _alarms(report) == []
    tables = [t for t in report.issue.tables if t.layout != "text"]
    assert [t.first_line for t in tables] == [_line_of(lines, "附件1\t"), _line_of(lines, "附件2\t"),
                                               _line_of(lines, "附件3\t")]


def test_subtotals_named_by_their_county_in_a_list():
    # "| | **孟津区小计** | **4家** | | **115** | |" under the county's rows, then 合计
    name = "award_list_county_subtotals_markdown.md"
    lines = _lines(name)
    report = check_lines(lines, name)
    assert _alarms(report) == []
    sub = _line_of(lines, "孟津区小计")
    assert any(c.line == sub and c.ok for t in report.issue.tables for c in report.claims[t.id])
    wrong = list(lines)
    wrong[sub - 1] = wrong[sub - 1].replace("**115**", "**125**")
    assert ("column_total", sub) in _alarms(check_lines(wrong, name))


def test_an_amount_with_a_footnote_mark_or_about_is_a_figure():
    # "8900*", "13400①", "约5400", explained in the table's 注: counted in their section's sum
    name = "project_plan_marked_amounts_tab.txt"
    lines = _lines(name)
    assert _alarms(check_lines(lines, name)) == []
    wrong = [ln.replace("8900*", "9900*") for ln in lines]
    assert any(rule == "column_total" for rule, _line in _alarms(check_lines(wrong, name)))


def test_a_list_padded_by_characters_with_names_wrapped_onto_the_next_line():
    # pdftotext pads a Chinese character as one column: the figures line up by characters,
    # and "马店镇苹果…分拣车" / "间建设项目" goes on under its own cell, not the serial's
    name = "project_plan_wrapped_names_char_padded_pdf.txt"
    lines = _lines(name)
    report = check_lines(lines, name)
    assert _alarms(report) == []
    (table,) = [t for t in report.issue.tables if t.layout != "text"]
    row = next(r for r in table.rows if r.cells[0] == "2")
    assert row.cells[1].startswith("马店镇苹果") and row.cells[1].endswith("间建设项目")
    amount = table.roles["amount"]
    assert [r.cells[amount] for r in table.data_rows()][:3] == ["200", "120", "281"]
    wrong = [ln.replace("马店镇             120", "马店镇             150") for ln in lines]
    assert any(rule in ("column_total", "cross_reference") for rule, _l in _alarms(check_lines(wrong, name)))


def test_a_bold_total_row_under_a_two_row_markdown_header_is_a_row():
    # "| | | | **合计** | **2984.42** | …" right under "| 类 | 款 | 项 | | 年初预算 | 调整预算 | | |"
    name = "final_account_bold_total_markdown.md"
    lines = _lines(name)
    report = check_lines(lines, name)
    assert _alarms(report) == []
    (table,) = [t for t in report.issue.tables if t.layout != "text"]
    assert not any("*" in c for c in table.columns)
    total = _line_of(lines, "**合计**")
    assert any(c.line == total and c.ok for c in report.claims[table.id])


def test_cells_a_spreadsheet_quoted_are_read_as_printed():
    # Excel's tab-separated export: "30,980,503.83" in quotes
    name = "final_account_excel_quoted_tab.txt"
    lines = _lines(name)
    report = check_lines(lines, name)
    assert _alarms(report) == []
    assert sum(1 for t in report.issue.tables for c in report.claims[t.id] if c.ok) >= 60


def test_page_subtotals_and_a_pipe_row_broken_inside_a_cell():
    # "| 本页小计 | | | 619 | 973 | …" closing each page, "总计" under them; a row broken where a
    # cell held a line break ("| 12 | 金谷园街道 | 凯旋东路" / "社区 | 19 | 27 | … |")
    name = "subsistence_page_subtotals_markdown.md"
    lines = _lines(name)
    report = check_lines(lines, name)
    assert _alarms(report) == []
    (table,) = [t for t in report.issue.tables if t.layout != "text"]
    broken = _line_of(lines, "| 12 | 金谷园街道 | 凯旋东路")
    row = next(r for r in table.rows if r.first_line == broken)
    assert "凯旋东路社区" in "".join(row.cells) and row.kind == "data"
    assert sum(1 for r in table.rows if r.kind == "total") >= 2


def test_a_column_header_printed_again_on_each_page_is_not_a_running_header():
    # "序号  户主姓名  所在村组  房屋面积（㎡）  补偿金额（元）  备注" at the top of every page, beside
    # the page number: the table's header, so the table is read (it was lost as furniture)
    name = "expropriation_list_header_each_page_pdf.txt"
    lines = _lines(name)
    report = check_lines(lines, name)
    assert _alarms(report) == []
    (table,) = [t for t in report.issue.tables if t.layout != "text"]
    assert len(table.data_rows()) == 55
    assert any(c.ok and c.stated == Decimal("41560862.65") for c in report.claims[table.id])


def test_unnumbered_parts_under_an_unnumbered_row_of_a_ledger_by_the_arithmetic():
    # "上级补助收入" over "返还性收入", "一般性转移支付收入", "专项转移支付收入" (indented in print,
    # the indentation lost): its parts, so 收入总计 = 本年收入合计 + 上级补助收入 + … holds
    name = "final_account_summary_transfers_tab.txt"
    lines = _lines(name)
    report = check_lines(lines, name)
    assert _alarms(report) == []
    grand = _line_of(lines, "收入总计\t")
    ok = {(c.line, c.stated) for t in report.issue.tables for c in report.claims[t.id] if c.ok}
    assert (grand, Decimal("594995.16")) in ok
    wrong = [ln.replace("158118.80", "158218.80") for ln in lines]
    assert ("subtotal", _line_of(lines, "上级补助收入\t")) in [(r, ln) for r, ln in _alarms(check_lines(wrong, name))] \
        or any(f.rule == "subtotal" and f.line == _line_of(lines, "上级补助收入\t")
               for f in check_lines(wrong, name).findings)


def test_a_count_in_a_total_rows_label_is_its_number_of_rows():
    # "| | 小计（15个） | 37.96亿元 |", "| | **总计** | **共28个项目** |": counts of the rows above
    name = "major_projects_units_in_cells_markdown.md"
    lines = _lines(name)
    report = check_lines(lines, name)
    assert _alarms(report) == []
    sub = _line_of(lines, "小计（15个）")
    counts = {(c.line, c.stated) for t in report.issue.tables for c in report.claims[t.id] if c.kind == "count" and c.ok}
    assert (sub, Decimal(15)) in counts and (_line_of(lines, "**共28个项目**"), Decimal(28)) in counts


def test_a_qizhong_breakdown_continued_without_qizhong_and_text_more_exact_than_the_table():
    # "一、职工基本医疗保险" over "其中：统筹基金" and "个人账户" (no 其中): parts, not rows of 合计;
    # the text in 万元 to the cent restates a table in 亿元 to two decimals, paragraph by row
    name = "medical_insurance_fund_yi_text_wan_pdf.txt"
    lines = _lines(name)
    report = check_lines(lines, name)
    assert _alarms(report) == []
    ok = {(c.line, c.stated) for t in report.issue.tables for c in report.claims[t.id] if c.ok}
    assert (_line_of(lines, "（二）城乡居民基本医疗保险。"), Decimal("205353.26")) in ok  # 20.54亿元
    wrong = [ln.replace("基金收入205353.26万元", "基金收入215353.26万元") for ln in lines]
    assert ("restated", _line_of(lines, "（二）城乡居民基本医疗保险。")) in _alarms(check_lines(wrong, name))


def test_a_groups_count_of_people_is_the_sum_of_its_people_column():
    # "一、县教育局（16名）" over 6 posts of 1–4 people: the 招聘人数 column's sum, not 6 rows
    name = "recruitment_posts_tab.txt"
    lines = _lines(name)
    assert _alarms(check_lines(lines, name)) == []


def test_a_subset_named_after_qizhong_is_not_the_whole_list():
    # "共10个单位参加考核，其中刘店镇、王坪乡、小店镇等3个单位评为优秀等次"
    name = "assessment_ranking_subset_pdf.txt"
    assert _alarms(check_lines(_lines(name), name)) == []


def test_subtotals_printed_over_their_sections():
    # "全县合计", then "小学小计（7所）" over its schools, "初中小计（5所）" over its own
    name = "school_enrolment_subtotals_first_markdown.md"
    lines = _lines(name)
    report = check_lines(lines, name)
    assert _alarms(report) == []
    sub = _line_of(lines, "初中小计（5所）")
    assert any(c.line == sub and c.ok and c.kind == "column_total" for t in report.issue.tables
               for c in report.claims[t.id])
