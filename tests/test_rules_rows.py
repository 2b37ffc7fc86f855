"""Rows: serial numbers, cells that should be numbers, shifted rows, duplicates."""

from __future__ import annotations

from conftest import SEED_002, SEED_003, seed_lines
from helpers import check_lines
from proofreader.report import check_issue

LIST = """附件

某县奖励企业名单

序号\t奖励项目\t企业名称\t奖励金额（万元）
一、甲镇，共 5 家企业，奖励资金共 50 万元。\t\t\t
1\t智能车间\t甲一有限公司\t10
2\t智能车间\t甲二有限公司\t10
3\t智能车间\t甲三有限公司\t10
4\t绿色工厂\t甲四有限公司\t10
5\t绿色工厂\t甲五有限公司\t10
二、乙镇，共 4 家企业，奖励资金共 40 万元。\t\t\t
1\t智能车间\t乙一有限公司\t10
2\t智能车间\t乙二有限公司\t10
3\t绿色工厂\t乙三有限公司\t10
4\t绿色工厂\t乙四有限公司\t10
"""


def _lines() -> list[str]:
    return LIST.split("\n")


def _at(lines: list[str], text: str) -> int:
    return next(n for n, x in enumerate(lines, 1) if text in x)


def _rule(report, rule: str) -> list:
    return [f for f in report.findings if f.rule == rule]


# ---------------------------------------------------------------------- sequence


def test_numbering_that_restarts_in_every_group_is_not_a_finding():
    assert not _rule(check_lines(_lines()), "sequence")


def test_numbering_that_runs_through_the_sections_is_not_a_finding(parsed):
    """The heritage list numbers 1…52 across its seven sections."""
    report = check_issue(parsed(SEED_003))
    table = next(t for t in report.issue.tables if "非物质文化遗产" in t.title)
    assert table.roles.get("serial") == 0
    assert not [f for f in report.findings if f.table == table.id and f.rule == "sequence"]


def test_gap_duplicate_and_misread_serials():
    lines = _lines()
    lines[_at(lines, "甲四有限公司") - 1] = "3\t绿色工厂\t甲四有限公司\t10"  # 1 2 3 3 5: the second 3 is a 4
    seq = _rule(check_lines(lines), "sequence")
    assert [(f.line, f.severity, f.suggestion) for f in seq] == [(_at(lines, "甲四有限公司"), "warning", "序号可能应为 4")]
    lines = _lines()
    lines[_at(lines, "甲三有限公司") - 1] = "8\t智能车间\t甲三有限公司\t10"  # 1 2 8 4 5: misread
    seq = _rule(check_lines(lines), "sequence")
    assert [(f.line, f.suggestion) for f in seq] == [(_at(lines, "甲三有限公司"), "序号可能应为 3")]
    lines = _lines()
    del lines[_at(lines, "乙一有限公司") - 1]  # the group now starts at 2
    report = check_lines(lines)
    seq = _rule(report, "sequence")
    assert [f.line for f in seq] == [_at(lines, "乙二有限公司")]
    count = _rule(report, "count")
    assert count and f"第 {_at(lines, '乙二有限公司')} 行之前可能漏了 1 行" in count[0].suggestion


def test_a_lost_group_header_shows_as_a_restart():
    lines = _lines()
    del lines[_at(lines, "二、乙镇") - 1]
    seq = _rule(check_lines(lines), "sequence")
    assert [f.line for f in seq] == [_at(lines, "乙一有限公司")]
    assert "分组标题" in seq[0].suggestion


def test_two_rows_run_together_are_seen():
    lines = _lines()
    at = _at(lines, "甲二有限公司")
    lines[at - 1] = lines[at - 1] + "\t" + lines[at]
    del lines[at]
    report = check_lines(lines)
    assert any(f.rule == "count" and f.stated == 5 and f.actual == 4 for f in report.findings)
    shifted = [f for f in _rule(report, "shifted_row") if f.line == at]
    assert shifted and "两行并成了一行" in shifted[0].message


# ----------------------------------------------------------------- amount_format


def test_garbled_amounts_with_their_likely_reading():
    lines = _lines()
    lines[_at(lines, "甲一有限公司") - 1] = "1\t智能车间\t甲一有限公司\t1O"
    lines[_at(lines, "甲二有限公司") - 1] = "2\t智能车间\t甲二有限公司\t8万兀"
    report = check_lines(lines)
    f = _rule(report, "amount_format")
    assert [(x.line, x.severity, x.suggestion) for x in f] == [
        (_at(lines, "甲一有限公司"), "warning", "可能应为 10"), (_at(lines, "甲二有限公司"), "warning", "可能应为 8万元")]
    s = _rule(report, "sum")
    assert s and "无法识别" in s[0].suggestion


def test_no_amount_marks_and_praise_words_are_not_noise():
    lines = _lines()
    lines[_at(lines, "甲一有限公司") - 1] = "1\t智能车间\t甲一有限公司\t——"
    lines[_at(lines, "甲二有限公司") - 1] = "2\t智能车间\t甲二有限公司\t通报表扬"
    lines = [x.replace("奖励资金共 50 万元", "奖励资金共 30 万元") for x in lines]
    report = check_lines(lines)
    assert not report.findings  # counted as rows (5 家), added as nothing (30 万元)
    lines[_at(lines, "甲三有限公司") - 1] = "3\t智能车间\t甲三有限公司\t待研究"
    lines = [x.replace("奖励资金共 30 万元", "奖励资金共 20 万元") for x in lines]
    f = check_lines(lines).findings
    assert [(x.rule, x.severity) for x in f] == [("amount_format", "info")]


# ------------------------------------------------------------------- shifted_row


def test_rows_the_parser_realigned_are_reported_with_both_readings(parsed):
    report = check_issue(parsed(SEED_002))
    lines = seed_lines(SEED_002)
    at = _at(lines, "禹州市中南信息科技有限公司")
    f = [f for f in report.findings if f.rule == "shifted_row" and f.line == at]
    assert len(f) == 1 and f[0].severity == "warning"
    assert "获奖单位=禹州市中南信息科技有限公司｜县市区=禹州市｜金额=10 万元" in f[0].suggestion
    assert "原样" in f[0].suggestion


def test_a_row_one_column_off_is_put_back():
    lines = _lines()
    at = _at(lines, "甲四有限公司")
    lines[at - 1] = "\t4\t绿色工厂\t甲四有限公司\t10"  # a stray leading cell: everything slides right
    report = check_lines(lines)
    f = [f for f in _rule(report, "shifted_row") if f.line == at]
    assert f and "序号=4｜奖励项目=绿色工厂｜企业名称=甲四有限公司｜奖励金额（万元）=10" in f[0].suggestion


# --------------------------------------------------------------------- duplicate


def test_a_row_read_twice():
    lines = _lines()
    at = _at(lines, "乙三有限公司")
    lines.insert(at, lines[at - 1])
    report = check_lines(lines)
    dup = _rule(report, "duplicate")
    assert [(f.line, f.severity) for f in dup] == [(at + 1, "warning")]
    seq = _rule(report, "sequence")
    assert [f.line for f in seq] == [at + 1] and "序号 3 出现两次" in seq[0].message
    count = _rule(report, "count")
    assert count and f"第 {at} 行与第 {at + 1} 行重复" in count[0].suggestion


def test_same_company_twice_with_different_awards_is_only_an_info():
    lines = _lines()
    lines[_at(lines, "甲五有限公司") - 1] = "5\t绿色工厂\t甲一有限公司\t10"
    dup = _rule(check_lines(lines), "duplicate")
    assert [(f.line, f.severity) for f in dup] == [(_at(lines, "5\t绿色工厂\t甲一"), "info")]


def test_seeds_have_no_duplicate_rows(parsed):
    for seed in (SEED_002, SEED_003):
        report = check_issue(parsed(seed))
        assert not [f for f in report.findings if f.rule == "duplicate" and f.severity != "info"]
