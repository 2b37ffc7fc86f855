"""Lists whose sections are printed as rows or as tables of their own, in every layout.

A project list numbers its sections "一", "二" in the serial column, with the section's
figures in the table's columns and a 合计 row at the top; an award list in markdown prints
one table per group under a "###" heading, each closed by its own 合计. The notice above
each restates the figures in running text, with thousands separators and in another unit
(亿元 for a table in 万元), with its breakdown after "，其中" inside one sentence.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from helpers import check_lines
from proofreader.claims import stated_figures

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT_LISTS = ["project_list_sections_pdf.txt", "project_list_sections_tab.txt", "project_list_sections.md"]


def _lines(name: str) -> list[str]:
    return (FIXTURES / name).read_text(encoding="utf-8").split("\n")


def _line_of(lines: list[str], text: str) -> int:
    return next(n for n, x in enumerate(lines, 1) if text in x)


def _alarms(report) -> list:
    return [f for f in report.findings if f.severity in ("error", "warning")]


def _claims(report) -> list:
    return [c for cs in report.claims.values() for c in cs]


@pytest.mark.parametrize("name", PROJECT_LISTS)
def test_a_clean_project_list_holds_in_every_layout(name):
    lines = _lines(name)
    report = check_lines(lines, name)
    assert _alarms(report) == []
    claims = _claims(report)
    assert all(c.ok for c in claims)
    section = _line_of(lines, "产业类项目（5个）")
    # the section row's own figures, in both columns, and its count of projects
    assert sorted((c.kind, c.stated) for c in claims if c.line == section) == [
        ("column_total", 4170), ("column_total", 8345), ("count", 5)]
    # the 合计 at the top covers the projects, not the section rows too
    total = _line_of(lines, "合计")
    assert sorted(c.actual for c in claims if c.line == total) == [6170, 12345]
    # the notice: 8 projects, 1.2345 亿元 against the table in 万元, and its breakdown
    text = sorted(f"{c.stated}{c.unit}" for c in claims if c.kind == "cross_reference")
    assert text == ["1.2345亿元", "3个", "4000万元", "5个", "8345万元", "8个"]
    table = report.issue.tables[0]
    assert table.title == "2025年第一批重点项目建设计划表" and table.amount_unit == "万元"
    assert len(report.issue.documents) == 1


@pytest.mark.parametrize("name", PROJECT_LISTS)
def test_a_wrong_project_amount_is_its_sections_error(name):
    lines = _lines(name)
    row = _line_of(lines, "农产品冷链物流中心")
    lines[row - 1] = lines[row - 1].replace("600", "500")
    report = check_lines(lines, name)
    section = _line_of(lines, "产业类项目（5个）")
    alarms = _alarms(report)
    assert [(f.rule, f.line, f.stated, f.actual) for f in alarms] == [("column_total", section, 4170, 4070)]


@pytest.mark.parametrize("name", PROJECT_LISTS)
def test_a_wrong_total_or_text_figure_is_reported_where_it_is_printed(name):
    lines = _lines(name)
    total = _line_of(lines, "合计")
    lines[total - 1] = lines[total - 1].replace("12,345", "12,545")
    text = _line_of(lines, "投资 8,345 万元")
    lines[text - 1] = lines[text - 1].replace("8,345", "8,354")
    report = check_lines(lines, name)
    got = sorted((f.rule, f.line, f.stated) for f in _alarms(report))
    assert got == [("column_total", total, 12545), ("cross_reference", text, 8354)]


def test_a_section_row_is_a_group_header_with_its_figures_in_their_columns():
    report = check_lines(_lines("project_list_sections_pdf.txt"), "p.txt")
    rows = report.issue.tables[0].rows
    sections = [r for r in rows if r.kind == "group"]
    assert [(r.cells[0], r.level, r.cells[3:]) for r in sections] == [
        ("一、产业类项目（5个）", 1, ["8,345", "4,170"]), ("二、民生类项目（3个）", 1, ["4,000", "2,000"])]
    assert [r.cells[0] for r in rows if r.kind == "data"] == ["1", "2", "3", "4", "5", "1", "2", "3"]


def test_an_award_list_printed_one_table_per_group():
    lines = _lines("award_list_table_per_group.md")
    report = check_lines(lines, "a.md")
    assert len(report.issue.tables) == 1  # a heading stating figures does not end the list
    assert report.issue.tables[0].title == "2024年度科技创新奖励企业名单"
    assert _alarms(report) == []
    claims = _claims(report)
    assert all(c.ok for c in claims)
    # the group's own 合计 (35, the last group's rows), and the text's whole list, named by a
    # short name of its first firm ("科达电子等 6 家企业")
    assert {(c.kind, c.stated) for c in claims if c.kind in ("column_total", "cross_reference")} == {
        ("column_total", 35), ("cross_reference", 6), ("cross_reference", 95)}


def test_an_award_list_per_group_reports_a_wrong_amount_at_its_group():
    lines = _lines("award_list_table_per_group.md")
    row = _line_of(lines, "明远机械制造有限公司")
    lines[row - 1] = lines[row - 1].replace("| 15 |", "| 10 |")
    report = check_lines(lines, "a.md")
    header = _line_of(lines, "高新技术企业认定奖励（4家")
    assert [(f.rule, f.line, f.stated, f.actual) for f in _alarms(report)] == [("sum", header, 60, 55)]
    lines = _lines("award_list_table_per_group.md")
    row = _line_of(lines, "金源化工有限公司")
    lines[row - 1] = lines[row - 1].replace("| 15 |", "| 25 |")
    report = check_lines(lines, "a.md")
    got = {(f.rule, f.line) for f in _alarms(report)}
    assert ("sum", _line_of(lines, "研发平台奖励（2家")) in got
    assert ("column_total", _line_of(lines, "| 合计 |")) in got


@pytest.mark.parametrize("text, value", [
    ("投资8,345万元", "8345"), ("投资8，345万元", "8345"), ("共 1,234 家企业", "1234"),
    ("156,211,123.45元", "156211123.45"), ("总投资1.2345亿元", "1.2345"), ("1、2家", "2")])
def test_figures_in_running_text_read_thousands_separators(text, value):
    assert str(stated_figures(text)[-1].value) == value


def test_a_notice_naming_a_person_before_等_is_checked_against_the_whole_list():
    # "对张三等5户农户发放…补贴资金共计12.35万元": a table in 元, its first row 张三 (户名)
    lines = _lines("subsidy_list_people_tab.txt")
    report = check_lines(lines, "s.txt")
    assert _alarms(report) == []
    text = _line_of(lines, "对张三等5户")
    assert sorted(f"{c.stated}{c.unit}" for c in _claims(report) if c.line == text) == ["12.35万元", "5户"]
    lines[text - 1] = lines[text - 1].replace("12.35万元", "12.53万元")
    report = check_lines(lines, "s.txt")
    assert [(f.rule, f.line, f.stated, f.actual) for f in _alarms(report)] == [
        ("cross_reference", text, Decimal("12.53"), Decimal("12.35"))]


def test_a_count_in_a_total_row_is_the_number_of_rows():
    lines = _lines("award_list_groups_in_table.md")
    report = check_lines(lines, "a.md")
    total = _line_of(lines, "| 合计 |")
    assert _alarms(report) == []
    assert [(c.kind, c.stated, c.ok) for c in _claims(report) if c.line == total and c.kind == "count"] == [
        ("count", 6, True)]
    lines = [x for x in lines if "金源化工" not in x]
    report = check_lines(lines, "a.md")
    total = _line_of(lines, "| 合计 |")
    assert ("column_total", total, 6, 5) in {(f.rule, f.line, f.stated, f.actual) for f in _alarms(report)}


def test_a_notice_without_number_or_addressee_is_one_document_whose_text_is_checked():
    # a 公示: its title, a paragraph "拟对 5 个项目给予支持，支持资金合计 260 万元", the only list
    lines = _lines("project_notice_without_number_pdf.txt")
    report = check_lines(lines, "n.txt")
    assert len(report.issue.documents) == 1 and report.issue.documents[0].title.endswith("公示")
    assert _alarms(report) == []
    text = _line_of(lines, "拟对 5 个项目")
    assert sorted(f"{c.stated}{c.unit}" for c in _claims(report) if c.line == text) == ["260万元", "5个"]
    lines[text - 1] = lines[text - 1].replace("260 万元", "270 万元")
    report = check_lines(lines, "n.txt")
    assert [(f.rule, f.line, f.stated, f.actual) for f in _alarms(report)] == [
        ("cross_reference", text, 270, 260)]


def test_a_section_label_printed_in_the_serial_column_heads_its_section():
    # "一、基础设施类（5个）| | | 45448 | 28468 | 14936 | 2044", 合计 first, text restating
    # the whole list ("共安排重点建设项目13个，总投资122025万元，其中…") and each category
    lines = _lines("project_list_section_label_in_serial_tab.txt")
    report = check_lines(lines, "p.txt")
    assert _alarms(report) == []
    table = report.issue.tables[0]
    assert [r.cells[0] for r in table.rows if r.kind == "group"] == [
        "一、基础设施类（5个）", "二、产业发展类（3个）", "三、社会民生类（5个）"]
    text = _line_of(lines, "共安排重点建设项目13个")
    on_line = [c for c in _claims(report) if c.line == text and c.ok]
    assert len(on_line) == 9  # 13个, 122025, 3 × (count, sum), and 其中2024年计划投资 (the 合计 row's)
    assert Decimal(68375) in {c.stated for c in on_line}
    lines[text - 1] = lines[text - 1].replace("总投资122025万元", "总投资122125万元")
    report = check_lines(lines, "p.txt")
    assert [(f.rule, f.line) for f in _alarms(report)] == [("cross_reference", text)]


def test_serials_printed_with_a_dot_and_a_total_line_under_the_header():
    # "1.      市级创新型企业   新洲生物科技有限责任公司   10万元"; "合计：共13家企业，奖励资金85万元"
    lines = _lines("award_list_dotted_serials_pdf.txt")
    report = check_lines(lines, "a.txt")
    assert _alarms(report) == []
    table = report.issue.tables[0]
    assert [r.cells[0] for r in table.rows if r.kind == "data"][:3] == ["1", "2", "3"]
    total = _line_of(lines, "合计：共13家企业")
    assert sorted((c.kind, c.stated, c.ok) for c in _claims(report) if c.line == total) == [
        ("count", 13, True), ("sum", 85, True)]
    row = _line_of(lines, "聚力机械制造股份有限公司")
    lines[row - 1] = lines[row - 1].replace("10万元", "40万元")
    report = check_lines(lines, "a.txt")
    assert ("sum", _line_of(lines, "（一）创新型企业")) in {(f.rule, f.line) for f in _alarms(report)}


def test_places_of_another_city_are_not_corrected_towards_the_shipped_list():
    # the shipped places are 许昌's: "安城区" of another city is not "东城区" misread
    lines = _lines("indicators_other_city_tab.txt")
    report = check_lines(lines, "i.txt")
    assert not [f for f in report.findings if f.rule == "names"]
