"""The same tables laid out otherwise must give the same claims: group headers typed with
half-width punctuation or printed without ordinals, a stray tab or pipe row inside a
PDF-to-text table, a tab row whose cells ran together, and a tab-separated budget table
whose two side-by-side halves show only in their total row."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import SEED_002, SEED_003, SEED_004, seed_lines
from helpers import check_lines
from proofreader.rules.cells import NUMBER, read_cell

# The 非物质文化遗产 list of seed 003: a total, then seven sections, each "一、民间文学（4 项）"
# above its own column header.
HERITAGE = {2466: 52, 2469: 4, 2483: 6, 2499: 2, 2507: 1, 2514: 29, 2576: 5, 2590: 5}
# The award list of seed 003: nine "一、禹州市，共 22 家企业，奖励资金共 530 万元。" headers.
DISTRICTS = {2697: (22, 530), 2721: (42, 630), 2766: (5, 170), 2774: (12, 290), 2792: (13, 400),
             2807: (28, 550), 2838: (15, 290), 2856: (14, 310), 2873: (4, 60)}
_HALF = {"，": ", ", "：": ":", "（": "(", "）": ")", "；": ";", "。": ".", "、": ","}
_ORDINAL = re.compile(r"^(\s*)(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])\s*")


def _claims(report, kind):
    return {(c.line, c.stated): c for cs in report.claims.values() for c in cs if c.kind == kind}


def _alarms(report, rules=("count", "sum", "column_total", "cross_reference")):
    return [f for f in report.findings if f.rule in rules and f.severity in ("error", "warning")]


def _half_width(line):
    for a, b in _HALF.items():
        line = line.replace(a, b)
    return line


def _rewrite(path, lines_to_change, how):
    lines = seed_lines(path)
    for n in lines_to_change:
        lines[n - 1] = how(lines[n - 1])
    return lines


def _assert_seed_003_lists(report):
    counts, sums = _claims(report, "count"), _claims(report, "sum")
    for line, n in HERITAGE.items():
        c = counts.get((line, n))
        assert c is not None and c.actual == n, (line, c)
    for line, (n, total) in DISTRICTS.items():
        c, s = counts.get((line, n)), sums.get((line, total))
        assert c is not None and c.actual == n, (line, c)
        assert s is not None and s.actual == total, (line, s)
    heads = set(HERITAGE) | set(DISTRICTS)
    assert not [f for f in _alarms(report) if f.line in heads]


def test_group_headers_with_half_width_punctuation():
    # "一,民间文学(4 项)" / "一,禹州市, 共 22 家企业, 奖励资金共 530 万元.": the enumeration
    # comma read as a comma is still an ordinal, and a group header is never a column header.
    lines = _rewrite(SEED_003, list(HERITAGE) + list(DISTRICTS), _half_width)
    assert lines[2469 - 1].startswith("一,民间文学(4 项)")
    _assert_seed_003_lists(check_lines(lines))


def test_section_headers_without_ordinals():
    # "民间文学（4 项）" above its column header heads a section (not the table's total,
    # not a merged category label centred among its rows).
    lines = _rewrite(SEED_003, list(HERITAGE) + list(DISTRICTS), lambda s: _ORDINAL.sub(r"\1", s))
    assert lines[2469 - 1].startswith("民间文学（4 项）")
    _assert_seed_003_lists(check_lines(lines))


def test_named_group_above_the_header_is_not_the_whole_table():
    # Seed 002's innovation list printed without ordinals: "创新主体培育（1060 万元）" stands
    # above the column header but states its section, not the whole list.
    lines = seed_lines(SEED_002)
    at = next(n for n, ln in enumerate(lines, 1) if re.match(r"^一、创新主体培育（1060 万元）", ln.strip()))
    lines[at - 1] = lines[at - 1].replace("一、", "", 1)
    report = check_lines(lines)
    s = _claims(report, "sum").get((at, 1060))
    assert s is not None and s.actual == 1060
    assert not _alarms(report)


def test_stray_tab_or_pipe_row_inside_a_pdf_table():
    # One row of the PDF-to-text innovation list with a tab (or as a markdown pipe row)
    # among rows laid out with spaces: it is a row of that table, not text glued to the
    # merged label above it ("高新技术企业（首次认定 102 家）").
    base = seed_lines(SEED_003)
    at = next(n for n, ln in enumerate(base, 1) if ln.startswith("河南东风润滑油科技有限公司"))
    name, place, amount = base[at - 1].split()
    clean = _alarms(check_lines(base))
    for row in (f"{name}\t{place} {amount}", f"| {name} | {place} {amount} |"):
        lines = list(base)
        lines[at - 1] = row
        report = check_lines(lines)
        assert [(f.rule, f.line) for f in _alarms(report)] == [(f.rule, f.line) for f in clean], row


def test_cells_holding_several_figures_are_not_one_number():
    for text in ("1 4 9", "2 2", "12 5"):
        cv = read_cell(text)
        assert cv.kind != NUMBER and cv.value_or_zero() is None, text
    one = read_cell("3 590")  # a thousands gap is one number
    assert one.kind == NUMBER and one.amount is not None and one.amount.value == 3590


def test_total_row_whose_cells_ran_together_is_not_checked():
    # Seed 003's fire-station table with its empty cells lost: "合计 | 4 | 1 4 9".
    rows = ["序号 县（市、区） 特勤站 一级站 二级站 小型站", "",
            "1 魏都区\t0", "2 建安区\t2\t2", "3 经济技术开发区\t1\t1", "4 东城区\t0",
            "6 禹州市\t1\t1", "7 长葛市\t1\t1 2", "8 鄢陵县\t1 1", "9 襄城县\t2 2", "合计\t4\t1 4 9"]
    report = check_lines(["附件 3", "", "拟新建消防站清单", ""] + rows)
    assert not [f for f in report.findings if f.rule == "column_total"]
    # The same table with its cells in place is checked as before.
    fixed = ["1 魏都区\t0\t0", "2 建安区\t2\t2", "3 经济技术开发区\t1\t1", "4 东城区\t0\t0",
             "6 禹州市\t1\t1", "7 长葛市\t1\t1", "合计\t5\t4"]
    report = check_lines(["附件 3", "", "拟新建消防站清单", "", "序号 县（市、区）\t二级站\t合计"] + fixed)
    wrong = [f for f in report.findings if f.rule == "column_total"]
    assert [(f.stated, f.actual) for f in wrong] == [(4, 5)]


# A budget's 财政拨款收支预算总表 as a tab-separated export (seed budget putuo welfare home,
# 2024): income on the left, expenditure on the right; only the total row has both halves
# filled with figures.
FISCAL_TAB = """\
2024年预算单位财政拨款收支预算总表\t\t\t\t\t\t
编制单位：上海市普陀区社会福利院\t\t\t\t\t\t单位：元
财政拨款收入\t\t财政拨款支出\t\t\t\t
项目\t预算数\t项目\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算
一、一般公共预算资金\t9,501,164\t一、一般公共服务支出\t\t\t\t

二、政府性基金\t\t二、社会保障和就业支出\t8,661,624\t8,661,624\t\t

三、国有资本经营预算\t\t三、医疗卫生与计划生育支出\t503,724\t503,724\t\t

\t\t四、住房保障支出\t335,816\t335,816\t\t



收入总计\t9,501,164\t支出总计\t9,501,164\t9,501,164\t\t"""


def test_tab_budget_with_halves_shown_by_its_total_row():
    lines = FISCAL_TAB.split("\n")
    report = check_lines(lines)
    claims = [c for cs in report.claims.values() for c in cs]
    total_line = len(lines)
    at_total = {(c.kind, int(c.stated)) for c in claims if c.line == total_line}
    assert ("subtotal", 9501164) in at_total or ("column_total", 9501164) in at_total, claims
    # The right half's 支出总计 adds up the expenditure rows.
    assert any(c.line == total_line and c.stated == 9501164 and c.actual == 9501164 for c in claims)
    assert not _alarms(report, ("subtotal", "column_total", "row_total"))


BUDGET_2023 = Path(__file__).resolve().parent / "accuracy" / "data" / "putuo-wanli-2023-dept-budget.txt"


def test_running_header_beside_page_numbers_is_furniture():
    # A page break between a wrapped label and its figures ("四、文化旅游体育与传媒" /
    # "- 22 -" / running header / "200,000 200,000" / "支出"); the running header names
    # no gazette, but it repeats beside the page numbers, so it is page furniture.
    lines = BUDGET_2023.read_text(encoding="utf-8").split("\n")
    clean = _alarms(check_lines(lines), ("subtotal", "column_total", "row_total"))
    at = next(n for n, ln in enumerate(lines, 1) if ln.strip() == "四、文化旅游体育与传媒")
    assert re.fullmatch(r"\s*200,000\s+200,000\s*", lines[at])
    header = "XX区部门预算公开（2024 年）"
    for n, page in ((at, 22), (at - 40, 21), (at - 80, 20)):
        lines[n:n] = ["", f"- {page} -", "", header, ""]
    report = check_lines(lines)
    assert len(_alarms(report, ("subtotal", "column_total", "row_total"))) == len(clean)


def test_sentence_with_half_width_commas_is_not_a_column_header():
    # Seed 004's box "2025年, 安排398个重点项目, 总投资3461.7亿元, …" typed with half-width
    # commas: a sentence that states figures, not the header of the bullets under it.
    lines = seed_lines(SEED_004)
    at = next(n for n, ln in enumerate(lines, 1) if ln.startswith("2025年，安排398个重点项目"))
    lines[at - 1] = _half_width(lines[at - 1])
    assert not _alarms(check_lines(lines))


def test_statement_of_the_whole_above_the_header_still_counts_every_row():
    for above in ("（共计：3 家）", "获奖企业共 3 家", "共 3 家"):
        lines = ["附件", "", "2023 年度奖励企业名单", above, "序号\t企业名称\t奖励金额（万元）",
                 "1\t河南甲有限公司\t10", "2\t河南乙有限公司\t10", "3\t河南丙有限公司\t10"]
        report = check_lines(lines)
        c = _claims(report, "count").get((4, 3))
        assert c is not None and c.actual == 3, (above, c)
        lines[-1:] = []  # a row lost: the whole table's count is wrong
        assert [f.line for f in _alarms(check_lines(lines))] == [4], above


def test_tab_rows_under_district_headers_without_ordinals():
    # Seed 003's award list with its rows tab-separated and its district headers printed
    # without ordinals ("禹州市，共 22 家企业，奖励资金共 530 万元。"): each header opens its
    # group; the first one is not the whole table's title.
    row = re.compile(r"^\s*(\d+)\s+(.+?)\s+(\S+)\s+(\d+)\s*$")
    lines = seed_lines(SEED_003)
    for n in range(2697, 2879):
        nxt = next((k for k in range(n + 1, n + 3) if lines[k - 1].strip()), n)
        if re.match(r"^\s*\d+ ", lines[n - 1]) and not row.match(lines[n - 1]) and row.match(
                lines[n - 1].rstrip() + lines[nxt - 1].strip()):
            # A company name wrapped onto the next line: one row, as a tab export prints it.
            lines[n - 1], lines[nxt - 1] = lines[n - 1].rstrip() + lines[nxt - 1].strip(), ""
        m = row.match(lines[n - 1])
        if m:
            lines[n - 1] = "\t".join(m.groups())
        elif n in DISTRICTS:
            lines[n - 1] = _ORDINAL.sub(r"\1", lines[n - 1])
    assert lines[2697 - 1].startswith("禹州市，共 22 家企业") and "\t" in lines[2698 - 1]
    report = check_lines(lines)
    counts, sums = _claims(report, "count"), _claims(report, "sum")
    for line, (n, total) in DISTRICTS.items():
        assert counts.get((line, n)) is not None and counts[(line, n)].actual == n, line
        assert sums.get((line, total)) is not None and sums[(line, total)].actual == total, line
    assert not [f for f in _alarms(report) if f.line in DISTRICTS]
