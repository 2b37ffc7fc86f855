"""Totals: 合计 rows and columns, relations the table itself shows, nested counts and sums,
amounts compared as intervals."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import SEED_001, SEED_002, seed_lines
from helpers import check_lines
from proofreader.report import check_issue


def _line_of(lines: list[str], start: str) -> int:
    return next(n for n, x in enumerate(lines, 1) if x.startswith(start))


def _table(report, title_part: str):
    return next(t for t in report.issue.tables if title_part in t.title)


def _set_cell(line: str, col: int, value: str) -> str:
    cells = line.split("\t")
    cells[col] = value
    return "\t".join(cells)


# ------------------------------------------------------------------ column_total


def test_total_row_at_the_top_one_claim_per_figure(parsed):
    report = check_issue(parsed(SEED_002))
    table = _table(report, "灾后恢复重建项目清单")
    lines = seed_lines(SEED_002)
    total_line = _line_of(lines, "合计\t")
    claims = [c for c in report.claims[table.id] if c.kind == "column_total"]
    # 项目个数, 总投资 and five yearly columns: every figure of the 合计 row
    assert [(c.line, c.column) for c in claims] == [(total_line, col) for col in range(2, 9)]
    assert all(c.stated == c.actual for c in claims)
    assert [c.stated for c in claims][:2] == [246, 528479]
    assert not [f for f in report.findings if f.table == table.id]


def test_total_row_at_the_bottom(parsed):
    report = check_issue(parsed(SEED_002))
    table = _table(report, "排水防涝能力提升项目任务清单")
    claims = [c for c in report.claims[table.id] if c.kind == "column_total"]
    assert [(c.stated, c.actual) for c in claims] == [(116382, 116382)]


def test_a_changed_figure_breaks_its_column_total_and_the_suggestion_names_the_row():
    lines = seed_lines(SEED_002)
    total_line = _line_of(lines, "合计\t")
    row = _line_of(lines, "4\t交通\t")  # 4 交通 119 88036 5001 83035 — — —
    lines[row - 1] = _set_cell(lines[row - 1], 5, "83935")  # 2022年: 83035 -> 83935
    report = check_lines(lines)
    col = [f for f in report.findings if f.rule == "column_total"]
    assert len(col) == 1
    f = col[0]
    assert (f.severity, f.line, f.column, f.stated, f.actual) == ("error", total_line, 5, 230624, 231524)
    assert "差 900" in f.message
    # the row's own relation (总投资 = the years) fails by the same amount: that is the cell
    assert f"第 {row} 行" in f.suggestion and "83035" in f.suggestion
    implied = [f for f in report.findings if f.rule == "implied_sum"]
    assert [(x.line, x.severity) for x in implied] == [(row, "warning")]


def test_deleting_a_row_under_a_total_row_is_an_error_at_the_total(parsed):
    lines = seed_lines(SEED_002)
    row = _line_of(lines, "13\t开发区\t")  # 灞陵河施工阻水围堰清除项目, 10 万元
    total = _line_of(lines, "合计\t\t\t\t\t\t\t116382")
    del lines[row - 1]
    report = check_lines(lines)
    f = [f for f in report.findings if f.rule == "column_total"]
    assert f and f[0].line == total - 1 and f[0].stated == 116382 and f[0].actual == 116372
    gap = [f for f in report.findings if f.rule == "sequence"]
    assert gap and gap[0].line == row  # serial 14 now follows 12


def test_merged_block_total_column(parsed):
    """超采区面积合计 is printed once for the two rows of 禹州市 (136 + 1300 = 1436)."""
    report = check_issue(parsed(SEED_001))
    table = _table(report, "全市地下水超采区范围")
    rows = [c for c in report.claims[table.id] if c.kind == "row_total"]
    assert rows and all(c.stated == c.actual for c in rows)
    assert any(c.stated == 1436 for c in rows)
    lines = seed_lines(SEED_001)
    at = _line_of(lines, "\t岩溶水严重超采区\t全部乡镇\t1300")
    lines[at - 1] = lines[at - 1].replace("1300", "1500")
    report = check_lines(lines)
    errors = {(f.rule, f.line) for f in report.findings if f.severity == "error"}
    assert ("row_total", at - 1) in errors  # the block's 合计 cell is on its first row
    assert ("column_total", _line_of(lines, "合计\t")) in errors


# --------------------------------------------------------------------- row_total


def test_total_columns_of_a_multi_row_header(parsed):
    report = check_issue(parsed(SEED_001))
    table = _table(report, "全市地下水超采综合治理目标")
    claims = [c for c in report.claims[table.id] if c.kind == "row_total"]
    assert len(claims) == 20  # 9 districts and the 合计 row, two years each
    assert {c.column for c in claims} == {3, 6}
    assert all(c.stated == c.actual for c in claims)
    assert not [f for f in report.findings if f.table == table.id]


def test_a_changed_part_breaks_its_row_total():
    lines = seed_lines(SEED_001)
    at = _line_of(lines, "鄢陵县\t691\t212\t903")
    lines[at - 1] = lines[at - 1].replace("691", "631", 1)
    report = check_lines(lines)
    f = [f for f in report.findings if f.rule == "row_total"]
    assert len(f) == 1 and (f[0].line, f[0].stated, f[0].actual, f[0].column) == (at, 903, 843, 3)
    assert "合计可能应为 843" in f[0].suggestion
    total = [f for f in report.findings if f.rule == "column_total"]
    assert [(x.column, x.stated, x.actual) for x in total] == [(1, 7009, 6949)]
    assert f"第 {at} 行" in total[0].suggestion  # the row whose own relation fails by as much


# ------------------------------------------------------------------ implied_sum


def test_no_relation_is_made_up_from_zeros_or_copies():
    """示范区 4 0 4: 合计 = 浅层 alone in most rows; that is row_total's, not a discovered sum."""
    text = "\n".join([
        "附件", "", "某某指标表", "",
        "序号\t地区\t甲\t乙\t丙",
        "1\t东区\t5\t0\t5", "2\t西区\t7\t0\t7", "3\t南区\t9\t0\t9", "4\t北区\t3\t0\t3", "5\t中区\t4\t1\t2", ""])
    report = check_lines(text.split("\n"))
    assert not [f for f in report.findings if f.rule == "implied_sum"]


def test_relation_found_without_a_rule_for_the_table():
    head = ["附件", "", "某县项目投资计划表", "", "序号\t项目\t总投资\t2023年\t2024年\t2025年"]
    rows = ["1\t甲项目\t300\t100\t100\t100", "2\t乙项目\t450\t150\t200\t100", "3\t丙项目\t90\t30\t30\t30",
            "4\t丁项目\t120\t20\t50\t50", "5\t戊项目\t75\t25\t25\t35", "6\t己项目\t60\t20\t20\t20"]
    report = check_lines(head + rows + [""])
    f = [f for f in report.findings if f.rule == "implied_sum"]
    assert [(x.line, x.stated, x.actual, x.severity) for x in f] == [(10, 75, 85, "warning")]
    assert "其他 5 行都相等" in f[0].message


# -------------------------------------------------------- count and sum, nested


NESTED = """附件

某县奖励名单（共 10 家，共计 100 万元）

序号\t类别\t企业名称\t金额（万元）
一、甲镇（4家，40万元）\t\t\t
1\t甲\t甲一有限公司\t10
2\t甲\t甲二有限公司\t10
3\t甲\t甲三有限公司\t10
4\t甲\t甲四有限公司\t10
二、乙镇（6家，60万元）\t\t\t
1\t乙\t乙一有限公司\t10
2\t乙\t乙二有限公司\t10
3\t乙\t乙三有限公司\t10
4\t乙\t乙四有限公司\t10
5\t乙\t乙五有限公司\t10
6\t乙\t乙六有限公司\t10
"""


def test_parent_against_children_and_rows():
    lines = NESTED.split("\n")
    report = check_lines(lines)
    assert not report.errors
    # a row lost in 乙镇: the error is at 乙镇 (its rows), not at the title (its children agree)
    lost = [x for x in lines if x.startswith("3\t乙")][0]
    mutated = [x for x in lines if x != lost]
    errs = {(f.rule, f.line) for f in check_lines(mutated).findings if f.severity == "error"}
    yi = _line_of(lines, "二、乙镇")
    assert ("count", yi) in errs and ("sum", yi) in errs
    assert not {e for e in errs if e[1] == 3}
    # the title states 11 while the towns state 4 + 6 and have 10 rows: the title is wrong
    wrong = [x.replace("共 10 家", "共 11 家") for x in lines]
    f = [f for f in check_lines(wrong).findings if f.rule == "count"]
    assert [(x.line, x.stated, x.actual) for x in f] == [(3, 11, 10)]
    assert "各子组写明之和 10" in f[0].message


def test_amounts_are_intervals_rounding_is_never_an_error():
    head = ["附件", "", "某项资金分配表（共计 3441.1 万元）", "", "序号\t单位\t金额（万元）"]
    rows = ["1\t甲单位\t1200.04", "2\t乙单位\t1141.03", "3\t丙单位\t1100"]  # 3441.07 -> prints as 3441.1
    report = check_lines(head + rows + [""])
    s = [c for c in report.claims[report.issue.tables[0].id] if c.kind == "sum"]
    assert [(float(c.stated), float(c.actual)) for c in s] == [(3441.1, 3441.07)]
    assert not report.errors
    rows[2] = "3\t丙单位\t1100.5"
    f = [f for f in check_lines(head + rows + [""]).findings if f.rule == "sum"]
    assert f and float(f[0].stated) == 3441.1 and float(f[0].actual) == 3441.57 and "差 0.47" in f[0].message


def test_units_are_converted_before_comparing():
    head = ["附件", "", "某项资金分配表（共计 1.2 亿元）", "", "序号\t单位\t金额（万元）"]
    rows = ["1\t甲单位\t5000", "2\t乙单位\t7000"]
    assert not check_lines(head + rows + [""]).errors
    rows[1] = "2\t乙单位\t8000"
    assert [f.rule for f in check_lines(head + rows + [""]).findings if f.severity == "error"] == ["sum"]


def test_a_misread_amount_is_named_in_the_sum_suggestion():
    lines = seed_lines(SEED_002)
    at = _line_of(lines, "3\t国家专精特新“小巨人”企业\t纪年科技股份有限公司\t30")
    lines[at - 1] = re.sub(r"30$", "80", lines[at - 1])
    f = [f for f in check_lines(lines).findings if f.rule == "sum"]
    assert f and f[0].stated == 290 and f[0].actual == 340
    assert f"第 {at} 行金额 80 可能应为 30" in f[0].suggestion


def test_subtotals_and_a_grand_total():
    text = ["附件", "", "某县项目资金表", "", "序号\t项目\t金额（万元）", "一、城区\t\t", "1\t甲\t10", "2\t乙\t20",
            "小计\t\t30", "二、乡镇\t\t", "1\t丙\t5", "2\t丁\t7", "小计\t\t12", "合计\t\t42", ""]
    report = check_lines(text)
    claims = [(c.line, c.stated, c.actual) for cl in report.claims.values() for c in cl if c.kind == "column_total"]
    assert claims == [(9, 30, 30), (13, 12, 12), (14, 42, 42)] and not report.findings
    text[11] = "2\t丁\t8"
    f = [(x.rule, x.line, x.stated, x.actual) for x in check_lines(text).findings]
    assert f == [("column_total", 13, 12, 13)]  # the 合计 agrees with the 小计 rows: only the 小计 is wrong


def test_a_lost_top_level_row_is_told_at_the_total_after_it():
    # A budget's 功能分类 table (PDF-to-text) without its "212 城乡社区支出" row: the 合计
    # still adds up (the 款 rows 21201… stand in for it), so the lost row is told there.
    lines = (Path(__file__).parent / "fixtures" / "budget_function_table_pdf.txt").read_text(
        encoding="utf-8").split("\n")
    assert not [f for f in check_lines(lines).findings if f.severity in ("error", "warning")]
    at = next(n for n, x in enumerate(lines) if "城乡社区支出  " in x and x.lstrip().startswith("212 "))
    report = check_lines(lines[:at] + lines[at + 1:])
    total = next(n for n, x in enumerate(lines, 1) if x.strip().startswith("合计")) - 1
    found = [f for f in report.findings if f.rule == "subtotal"]
    assert [(f.severity, f.line) for f in found] == [("warning", total)]
    assert "212" in found[0].message


def test_a_tab_separated_table_of_two_halves_is_a_ledger():
    # A budget's 财政拨款收支预算总表 as tab-separated cells: 收入 on the left, 支出 on the
    # right, the first rows with a figure in one half only.
    lines = (Path(__file__).parent / "fixtures" / "budget_side_by_side_tab.txt").read_text(
        encoding="utf-8").split("\n")
    report = check_lines(lines)
    table = next(t for t in report.issue.tables if t.layout == "ledger")
    claims = {(c.kind, c.stated, c.actual) for c in report.claims[table.id]}
    assert ("column_total", 9501164, 9501164) in claims  # 收入总计 and 支出总计
    assert ("row_total", 8661624, 8661624) in claims  # 合计 = 一般公共预算 + …
    assert not [f for f in report.findings if f.severity in ("error", "warning")]
    lines = [x.replace("8,661,624\t8,661,624", "8,661,624\t8,561,624") for x in lines]
    assert [f.rule for f in check_lines(lines).findings if f.severity == "error"]


def test_a_whole_over_its_qizhong_rows_is_a_claim_where_it_adds_up():
    # A budget's 财政项目支出绩效目标填报表 (PDF-to-text): "年度资金申请总额 4,100,000.00"
    # over "其中：当年财政拨款 4,100,000.00", "上年结转资金 0.00", "其他资金 0.00".
    lines = (Path(__file__).parent / "fixtures" / "budget_project_form_pdf.txt").read_text(
        encoding="utf-8").split("\n")
    report = check_lines(lines)
    total = next(n for n, x in enumerate(lines, 1) if "年度资金申请总额" in x)
    claims = [(c.line, c.stated, c.actual, c.ok) for cs in report.claims.values() for c in cs]
    assert (total, 4100000, 4100000, True) in claims
    assert not [f for f in report.findings if f.severity in ("error", "warning")]
    # "其中" may list only some parts: parts that do not add up are no claim, and no alarm.
    lines = [x.replace("上年结转资金                        0.00", "上年结转资金                   10,000.00")
             for x in lines]
    report = check_lines(lines)
    assert not [c for cs in report.claims.values() for c in cs if c.line == total]
    assert not [f for f in report.findings if f.severity in ("error", "warning")]


def test_qizhong_rows_that_add_up_to_more_than_their_whole_are_reported():
    # A budget's 财政项目支出绩效目标填报表 as printed (PDF-to-text): "年度资金申请总额
    # 10,903,043.00" over "其中：当年财政拨款 11,419,043.00", "上年结转资金 0.00", "其他资金
    # 0.00". "其中" may list only some parts, but parts never add up to more than the whole.
    lines = (Path(__file__).parent / "fixtures" / "budget_project_form_parts_exceed_pdf.txt").read_text(
        encoding="utf-8").split("\n")
    report = check_lines(lines)
    total = next(n for n, x in enumerate(lines, 1) if "年度资金申请总额" in x)
    claims = [(c.line, c.stated, c.actual, c.ok) for cs in report.claims.values() for c in cs]
    assert (total, 10903043, 11419043, False) in claims
    alarms = [f for f in report.findings if f.severity in ("error", "warning")]
    assert [(f.rule, f.line) for f in alarms] == [("subtotal", total)]
    assert "其中" in alarms[0].message
    # Printed consistently, the same form is a claim that holds and no alarm.
    lines = [x.replace("11,419,043.00", "10,903,043.00") for x in lines]
    report = check_lines(lines)
    assert (total, 10903043, 10903043, True) in [(c.line, c.stated, c.actual, c.ok)
                                                  for cs in report.claims.values() for c in cs]
    assert not [f for f in report.findings if f.severity in ("error", "warning")]


def test_a_project_form_with_figures_without_separators_is_read():
    # The same form with "7595500.00 年度资金申请总额": a figure of seven digits before
    # "年度…" is no year, so the row keeps its four cells and the form is a ledger.
    lines = (Path(__file__).parent / "fixtures" / "budget_project_form_plain_figures_pdf.txt").read_text(
        encoding="utf-8").split("\n")
    report = check_lines(lines)
    total = next(n for n, x in enumerate(lines, 1) if "年度资金申请总额" in x)
    claims = [(c.line, c.stated, c.actual, c.ok) for cs in report.claims.values() for c in cs]
    assert (total, 7595500, 7595500, True) in claims
    assert not [f for f in report.findings if f.severity in ("error", "warning")]
