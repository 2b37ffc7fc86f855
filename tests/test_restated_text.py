"""`restated`: which table and which figure a budget's sentence restates, by its words.

Real excerpts of the Shanghai 普陀区 budgets (pdftotext -layout): the explanation's first
paragraph ("收入预算…万元，其中：财政拨款收入…；事业收入…。支出预算…，其中：财政拨款支出预算
…。…一般公共预算拨款支出预算…") over the 财务收支预算总表 and the 财政拨款收支预算总表, which
both have a 收入总计 and a 支出总计 row; and the 三公经费 text over its table and the
经济分类 table, which has a 公务接待费 row too.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from helpers import check_lines

FIXTURES = Path(__file__).parent / "fixtures"
# Lines 48-53 (the text), 79-107 (财务收支预算总表) and 185-202 (财政拨款收支预算总表) of
# the welfare home's 2024 budget.
SUMMARY = (FIXTURES / "budget_summary_text_pdf.txt").read_text(encoding="utf-8").split("\n")
# The 经济分类 table of a district office's 2024 budget, then its 三公经费 table and text.
ECONOMIC = (FIXTURES / "budget_economic_table_pdf.txt").read_text(encoding="utf-8").split("\n")
SANGONG = (FIXTURES / "budget_sangong_pdf.txt").read_text(encoding="utf-8").split("\n")


def _restated(lines: list[str]) -> list[tuple]:
    report = check_lines(lines)
    return sorted((f.line, f.severity, f.stated, f.actual, f.row_line) for f in report.findings
                  if f.rule == "restated")


def _changed(lines: list[str], old: str, new: str) -> list[str]:
    out = [x.replace(old, new) for x in lines]
    assert out != lines
    return out


def test_the_summary_text_agrees_with_its_tables():
    report = check_lines(SUMMARY)
    got = sorted((c.line, c.stated, c.ok) for cs in report.claims.values() for c in cs if c.kind == "cross_reference")
    assert got == [(2, Decimal("950.12"), True), (2, Decimal("1212.12"), True), (3, Decimal("262.00"), True),
                   (4, Decimal("950.12"), True), (4, Decimal("1212.12"), True), (5, Decimal("950.12"), True)]
    assert not [f for f in report.findings if f.severity in ("error", "warning")]


def test_a_fund_named_by_a_table_title_ties_the_figure_to_that_table():
    # "财政拨款支出预算" is the 支出总计 of the 财政拨款收支预算总表 (line 53), not of the
    # 财务收支预算总表 (line 35), though both tables have the row.
    assert _restated(_changed(SUMMARY, "财政拨款支出预算950.12", "财政拨款支出预算1050.12")) == [
        (4, "warning", Decimal("1050.12"), Decimal("950.12"), 53)]


def test_a_fund_named_by_a_column_ties_the_figure_to_that_column():
    # "一般公共预算拨款支出预算": the 一般公共预算 column of that 支出总计 row.
    assert _restated(_changed(SUMMARY, "款支出预算950.12", "款支出预算1050.12")) == [
        (4, "warning", Decimal("1050.12"), Decimal("950.12"), 53),
        (5, "warning", Decimal("1050.12"), Decimal("950.12"), 53)]


def test_the_units_budget_is_the_first_tables_total():
    # "上海市普陀区社会福利院收入预算": the unit's name (编制单位) before 收入预算.
    assert _restated(_changed(SUMMARY, "收入预算1,212.12", "收入预算1,312.12")) == [
        (2, "warning", Decimal("1312.12"), Decimal("1212.12"), 35)]
    assert _restated(_changed(SUMMARY, "支出预算1,212.12", "支出预算1,312.12")) == [
        (4, "warning", Decimal("1312.12"), Decimal("1212.12"), 35)]


def test_a_row_named_by_its_whole_label_is_checked():
    # "；事业收入" / "262.00万元": the row "二、事业收入" of the 财务收支预算总表.
    assert _restated(_changed(SUMMARY, "262.00万元；", "362.00万元；")) == [
        (3, "warning", Decimal("362.00"), Decimal("262.00"), 26)]


def test_words_that_name_no_fund_of_the_tables_leave_the_figure_alone():
    # "专项拨款支出预算": no table or column of a 专项 fund; the total may be another figure.
    assert _restated(_changed(SUMMARY, "财政拨款支出预算950.12", "专项拨款支出预算1050.12")) == []


def test_the_header_over_a_column_names_it_with_its_own_header():
    # "公务用车运行费": 运行费 under 公务用车购置及运行费.
    assert _restated(_changed(SANGONG, "公务用车运行费21.56万元", "公务用车运行费22.56万元")) == [
        (24, "warning", Decimal("22.56"), Decimal("21.56"), 14)]
    # Words before a header's name that are not in the header over it may name another figure.
    assert _restated(_changed(SANGONG, "公务用车运行费21.56万元", "车辆运行费22.56万元")) == []


def test_a_figure_of_two_tables_is_checked_against_one_of_them_when_neither_agrees():
    # "公务接待费1.35万元" names the 经济分类 table's row 公务接待费 (13,500 元) and the
    # 三公 table's column 公务接待费: changed, it agrees with neither and is said.
    lines = ECONOMIC + SANGONG
    assert _restated(lines) == []
    got = _restated(_changed(lines, "公务接待费1.35万元", "公务接待费2.35万元"))
    assert [(g[0] - len(ECONOMIC), g[1], g[2], g[3]) for g in got] == [(26, "warning", Decimal("2.35"), Decimal("1.35"))]
