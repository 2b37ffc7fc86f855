"""Layouts and OCR defects, on the real sample issues (and on real text mutated the
way OCR mutates it)."""

from __future__ import annotations


from conftest import SEED_001, SEED_002, SEED_003, SEED_004, seed_lines
from helpers import check_lines
from proofreader.groups import build_groups
from proofreader.model import GROUP, HEADER, TOTAL
from proofreader.parse import parse_source
from proofreader.reader import decode_bytes
from proofreader.report import check_issue


def _table(issue, title_part):
    for t in issue.tables:
        if title_part in t.title:
            return t
    raise AssertionError(f"no table titled …{title_part}…: {[t.title for t in issue.tables]}")


def _parse_lines(lines):
    return parse_source(decode_bytes(("\n".join(lines) + "\n").encode("utf-8"), "t.txt"))


def _line_of(path, text, start=0):
    for n, line in enumerate(seed_lines(path), 1):
        if n > start and text in line:
            return n
    raise AssertionError(text)


# ------------------------------------------------------------------ documents


def test_documents_of_markdown_issue(parsed):
    docs = parsed(SEED_002).documents
    numbers = [d.doc_number for d in docs]
    assert "许政〔2022〕8号" in numbers and "许政〔2022〕9号" in numbers
    award = docs[numbers.index("许政〔2022〕8号")]
    assert "关于奖励2021年度制造业高质量发展作出突出贡献企业的决定" in award.title.replace(" ", "")
    assert award.date == "2022年5月27日"
    assert award.annexes == ["许昌市2021年度制造业高质量发展作出突出贡献奖励企业名单"]
    # documents follow each other without overlap
    for a, b in zip(docs, docs[1:]):
        assert a.last_line < b.first_line


def test_document_title_split_over_two_lines_in_pdf_layout(parsed):
    docs = parsed(SEED_003).documents
    science = [d for d in docs if d.doc_number == "许政〔2023〕18号"]
    assert science, [d.doc_number for d in docs]
    assert science[0].title.replace(" ", "") == "许昌市人民政府关于科技创新奖励的决定"


def test_table_of_contents_is_not_a_document_or_a_table(parsed):
    issue = parsed(SEED_001)
    first_doc = issue.documents[0].first_line
    # the contents list its documents with page numbers near the top of the file
    assert first_doc > 30
    assert all(t.first_line > 40 for t in issue.tables)


def test_mostly_prose_issue_has_few_tables(parsed):
    issue = parsed(SEED_004)
    assert len(issue.documents) >= 3
    assert len(issue.tables) <= 3
    assert not check_issue(issue).errors


# ------------------------------------------------------------------ tab layout


def test_tab_layout_columns_roles_and_groups(parsed):
    table = _table(parsed(SEED_002), "制造业高质量发展作出突出贡献奖励企业名单")
    assert table.layout == "tab"
    assert table.columns == ["序号", "奖励项目", "企业名称", "奖励金额(万元)"]
    assert table.roles["serial"] == 0 and table.roles["amount"] == 3
    assert table.amount_unit == "万元"
    groups = [r for r in table.rows if r.kind == GROUP]
    assert len(groups) == 9
    assert len(table.data_rows()) == 17 + 21 + 22 + 19 + 3 + 37 + 46 + 8 + 8


def test_markup_in_group_headers_is_removed(parsed):
    table = _table(parsed(SEED_002), "制造业高质量发展作出突出贡献奖励企业名单")
    line = _line_of(SEED_002, "<b>七、长葛市")
    row = next(r for r in table.rows if r.first_line == line)
    assert row.kind == GROUP and row.cells[0].startswith("七、长葛市") and "<b>" not in row.cells[0]
    assert row.level == 1


def test_multi_row_header_and_total_row_at_top(parsed):
    table = _table(parsed(SEED_002), "灾后恢复重建项目清单")
    assert len(table.header_lines) == 2
    assert table.columns[3] == "总投资及分年度计划（万元）/总投资"
    assert table.columns[8] == "总投资及分年度计划（万元）/2025年"
    totals = [r for r in table.rows if r.kind == TOTAL]
    assert len(totals) == 1 and totals[0].cells[0] == "合计" and totals[0].cells[2] == "246"
    assert table.rows[0].kind == TOTAL  # printed above the data rows
    assert len(table.data_rows()) == 10


def test_three_row_header_with_spanned_cells(parsed):
    table = _table(parsed(SEED_001), "全市地下水超采综合治理目标")
    assert len(table.header_lines) == 3
    assert table.column_paths[3] == ["地下水超采量压减指标（万立方米）", "到2025年", "合计"]
    assert table.column_paths[6] == ["地下水超采量压减指标（万立方米）", "到2035年", "合计"]
    assert [r.cells[0] for r in table.rows if r.kind == TOTAL] == ["合计"]


def test_merged_category_cells_repeated_after_page_breaks(parsed):
    issue = parsed(SEED_002)
    table = _table(issue, "科技创新奖励名单")
    assert table.roles.get("category") == 0
    root = build_groups(table)
    first = [g for g in root.walk() if g.label.startswith("高新技术企业") and "首次认定" in g.label]
    # the label is printed three times (first row, then after each page break): one group
    assert len(first) == 1
    assert len(first[0].all_rows()) == 76
    claims = check_issue(issue).claims[table.id]
    c = [c for c in claims if c.kind == "count" and c.line == first[0].line]
    assert c and c[0].stated == 76 and c[0].actual == 76


def test_row_shifted_one_column_left_is_realigned(parsed):
    table = _table(parsed(SEED_002), "科技创新奖励名单")
    line = _line_of(SEED_002, "禹州市中南信息科技有限公司")
    row = next(r for r in table.rows if r.first_line == line)
    assert "shifted" in row.flags
    assert row.cells == ["", "禹州市中南信息科技有限公司", "禹州市", "10 万元"]


def test_sub_table_one_column_wider_keeps_amounts(parsed):
    issue = parsed(SEED_002)
    table = _table(issue, "科技创新奖励名单")
    line = _line_of(SEED_002, "四、创新成果激励")
    claims = [c for c in check_issue(issue).claims[table.id] if c.line == line]
    assert claims and claims[0].kind == "sum" and claims[0].stated == claims[0].actual == 65


# ------------------------------------------------------------------ PDF-to-text layout


def test_space_layout_award_list(parsed):
    table = _table(parsed(SEED_003), "制造业高质量发展作出突出贡献奖励企业名单")
    assert table.layout == "space"
    assert table.columns == ["序号", "奖励项目", "企业名称", "奖励金额（万元）"]
    line = _line_of(SEED_003, "2 2022 年度高成长型制造业培育企业 禹州市厚生堂中药有限公司")
    row = next(r for r in table.rows if r.first_line == line)
    # the spaces the converter put around "2022" do not split the category cell
    assert row.cells == ["2", "2022年度高成长型制造业培育企业", "禹州市厚生堂中药有限公司", "100"]


def test_space_layout_list_with_sections_and_total_above(parsed):
    issue = parsed(SEED_003)
    table = _table(issue, "非物质文化遗产代表性项目名录")
    assert table.title == "许昌市第六批市级非物质文化遗产代表性项目名录"  # title over two lines
    assert len(table.data_rows()) == 52
    claims = check_issue(issue).claims[table.id]
    total = [c for c in claims if c.line == _line_of(SEED_003, "（共计：52 项）")]
    assert total and total[0].stated == 52 and total[0].actual == 52
    assert sum(1 for r in table.rows if r.kind == HEADER) >= 4  # header printed again per section


def test_merged_labels_printed_mid_group_are_put_at_the_head(parsed):
    issue = parsed(SEED_003)
    table = _table(issue, "科技创新奖励名单")
    root = build_groups(table)
    first = [g for g in root.walk() if "首次认定" in g.label]
    assert len(first) == 1 and len(first[0].all_rows()) == 102
    again = [g for g in root.walk() if "重新认定" in g.label]
    assert len(again) == 1 and len(again[0].all_rows()) == 59
    section = next(g for g in root.walk() if g.label.startswith("一、创新主体培育"))
    report = check_issue(issue)
    assert not [f for f in report.findings if f.line == section.line and f.severity == "error"]


def test_page_header_page_number_and_blank_lines_inside_a_table(parsed):
    lines = seed_lines(SEED_003)
    at = _line_of(SEED_003, "10 通过国家级两化融合管理体系评定 许昌小松树卫浴有限公司")
    lines[at - 1:at - 1] = ["", "许昌市人民政府公报（2023 年第 4 期） ", "", " - 56 -", "", ""]
    before = check_issue(parsed(SEED_003))
    after = check_lines(lines)
    t_before = _table(before.issue, "制造业高质量发展作出突出贡献奖励企业名单")
    t_after = _table(after.issue, "制造业高质量发展作出突出贡献奖励企业名单")
    assert len(t_after.data_rows()) == len(t_before.data_rows())
    assert [(c.kind, c.stated, c.actual) for c in after.claims[t_after.id]] == \
           [(c.kind, c.stated, c.actual) for c in before.claims[t_before.id]]


def test_group_header_split_over_two_lines(parsed):
    for seed, text in ((SEED_002, "八、襄城县，共8家企业，奖励资金共160万元。"),
                       (SEED_003, "四、襄城县，共 12 家企业，奖励资金共 290 万元。")):
        lines = seed_lines(seed)
        at = _line_of(seed, text) - 1
        head, _, rest = lines[at].partition("，")
        lines[at:at + 1] = [head, rest]
        report = check_lines(lines)
        claims = [c for cl in report.claims.values() for c in cl if c.line == at + 1]
        assert {c.kind for c in claims} == {"count", "sum"}, (seed, claims)
        assert all(c.stated == c.actual for c in claims)


def test_table_continuing_after_a_page_break_with_repeated_header(parsed):
    lines = seed_lines(SEED_002)
    at = _line_of(SEED_002, "20\t通过国家级两化融合管理体系评定\t河南省维康蜂业有限公司")
    lines[at - 1:at - 1] = ["", "- 23 -", "", "序号\t奖励项目\t企业名称\t奖励金额 (万元)"]
    report = check_lines(lines)
    table = _table(report.issue, "制造业高质量发展作出突出贡献奖励企业名单")
    assert any(r.kind == HEADER for r in table.rows)
    assert not [f for f in report.findings if f.table == table.id and f.severity == "error"]


def test_one_column_list_under_a_title_that_states_its_size():
    lines = ["附件", "", "2022年度先进个人名单（5名）", "", "张  三", "李四", "王五", "", "赵六", "钱七", "",
             "许昌市人民政府", "2022年5月1日"]
    report = check_lines(lines)
    assert len(report.issue.tables) == 1
    table = report.issue.tables[0]
    assert table.layout == "list" and len(table.data_rows()) == 5
    assert [(c.stated, c.actual) for c in report.claims[table.id]] == [(5, 5)]
    del lines[6]
    report = check_lines(lines)
    f = [f for f in report.findings if f.rule == "count"]
    assert f and f[0].stated == 5 and f[0].actual == 4


def test_prose_figures_are_not_claims(parsed):
    issue = parsed(SEED_001)
    report = check_issue(issue)
    lines = {c.line for cl in report.claims.values() for c in cl}
    # "全市共排查培训机构2167家" is running text, not a table's stated figure
    assert _line_of(SEED_001, "全市共排查培训机构2167家") not in lines


# ------------------------------------------------------------------ kinds of document not in the seeds

NESTED = """许昌县人民政府关于表彰2023年度工业企业的决定

许县政〔2024〕3号

各乡镇人民政府：

经研究，决定对许昌县鼎盛机械有限公司等7家企业奖励 135 万元。

附件：许昌县2023年度工业企业奖励名单

附件

许昌县2023年度工业企业奖励名单

全县拟奖励 7 家企业，资金 135 万元

序号\t奖励类别\t企业名称\t奖励金额（万元）
一、城关镇，共 4 家企业，奖励资金共 85 万元。\t\t\t
（一）省级专精特新企业（2家）\t\t\t
1\t省级专精特新\t许昌县鼎盛机械有限公司\t30
2\t省级专精特新\t许昌县恒达纺织有限公司\t30
（二）智能车间（2家）\t\t\t
3\t智能车间\t许昌县华美包装有限公司\t15
4\t智能车间\t许昌县宏远食品有限公司\t10
二、石桥乡，共 3 家企业，奖励资金共 50 万元。\t\t\t
1\t绿色工厂\t许昌县石桥建材有限公司\t20
2\t绿色工厂\t许昌县金穗面业有限公司\t20
3\t两化融合\t许昌县利民农机有限公司\t10
"""


def test_nested_groups_each_level_checked_against_its_rows():
    lines = NESTED.split("\n")
    report = check_lines(lines)
    table = report.issue.tables[0]
    claims = {(c.line, c.kind): (c.stated, c.actual) for c in report.claims[table.id]}
    at = {text: n for n, text in enumerate(lines, 1)}
    top = next(n for t, n in at.items() if t.startswith("全县拟奖励"))
    assert claims[(top, "count")] == (7, 7) and claims[(top, "sum")] == (135, 135)
    town = next(n for t, n in at.items() if t.startswith("一、城关镇"))
    assert claims[(town, "count")] == (4, 4) and claims[(town, "sum")] == (85, 85)
    cat = next(n for t, n in at.items() if t.startswith("（二）智能车间"))
    assert claims[(cat, "count")] == (2, 2)
    assert not report.errors
    # delete a row of a category: the count error is at the category (the innermost
    # group that states a count) and the sum error at the town (the innermost that
    # states a sum); the county's figures still agree with the towns' stated figures.
    victim = next(n for t, n in at.items() if "华美包装" in t)
    mutated = lines[: victim - 1] + lines[victim:]
    report = check_lines(mutated)
    errs = {(f.rule, f.line) for f in report.findings if f.severity == "error"}
    assert {("count", cat), ("sum", town)} <= errs
    assert not {("count", top), ("sum", top)} & errs


def test_markdown_pipe_table():
    text = ("# 某县人民政府关于奖励的决定\n\n某政〔2024〕1号\n\n附件\n\n奖励名单\n\n"
            "| 序号 | 单位名称 | 金额（万元） |\n| --- | --- | --- |\n"
            "| 一、东区，共 2 家，奖励资金共 30 万元 | | |\n| 1 | 甲公司 | 10 |\n| 2 | 乙公司 | 20 |\n")
    report = check_lines(text.split("\n"))
    table = report.issue.tables[0]
    assert table.columns == ["序号", "单位名称", "金额（万元）"]
    assert [(c.kind, c.stated, c.actual) for c in report.claims[table.id]] == [("count", 2, 2), ("sum", 30, 30)]


CENTERED = """附件

某县2023年度奖励企业名单

序号 奖励类别 企业名称 金额（万元）

一、东城区，共 5 家企业，奖励资金共 60 万元。
1 甲一科技有限公司 10

2 省级专精特新（3 家） 甲二科技有限公司 10
3 甲三科技有限公司 10

许某县人民政府公报（2024 年第 1 期）
 - 7 -
4 甲四科技有限公司 15
5 智能车间（2 家） 甲五科技有限公司 15
二、西城区，共 1 家企业，奖励资金共 5 万元。
1 乙一科技有限公司 5
"""


def test_pdf_layout_merged_labels_printed_on_a_middle_row():
    lines = CENTERED.split("\n")
    lines += ["", "许某县人民政府公报（2024 年第 1 期）", "", "许某县人民政府公报（2024 年第 1 期）"]
    report = check_lines(lines)
    table = report.issue.tables[0]
    assert table.layout == "space"
    root = build_groups(table)
    cats = {g.name: len(g.all_rows()) for g in root.walk() if g.level == 9}
    assert cats == {"省级专精特新": 3, "智能车间": 2}
    assert not [f for f in report.findings if f.severity in ("error", "warning")], report.findings


def test_vertically_merged_total_cell_is_not_mistaken_for_a_shift(parsed):
    table = _table(parsed(SEED_001), "全市地下水超采区范围")
    line = _line_of(SEED_001, "\t岩溶水严重超采区\t全部乡镇\t1300")
    row = next(r for r in table.rows if r.first_line == line)
    assert "shifted" not in row.flags
    assert row.cells == ["", "岩溶水严重超采区", "全部乡镇", "1300", ""]


def test_document_title_broken_over_three_lines(parsed):
    docs = parsed(SEED_003).documents
    award = [d for d in docs if d.doc_number == "许政〔2023〕17号"]
    assert award, [d.doc_number for d in docs]
    assert award[0].title == "许昌市人民政府关于奖励 2022 年度制造业高质量发展作出突出贡献企业的决定"
    table = _table(parsed(SEED_003), "制造业高质量发展作出突出贡献奖励企业名单")
    assert docs[table.document].doc_number == "许政〔2023〕17号"


def test_pdf_table_continues_past_a_section_whose_cells_could_not_be_lined_up(parsed):
    issue = parsed(SEED_003)
    table = _table(issue, "科技创新奖励名单")
    root = build_groups(table)
    sections = [g.name for g in root.children]
    assert sections == ["创新主体培育", "创新载体建设", "创新平台建设", "创新成果激励", "知识产权激励"]
    report = check_issue(issue)
    # the sections' stated sums add up to the table's stated total, and the section printed
    # one cell a line ("四、创新成果激励", each row's amount alone on its last line) is read
    # row by row: its 9 rows, 110 万元, and no doubt left about any figure
    assert not [f for f in report.findings if f.table == table.id and f.severity == "error"]
    assert not [f for f in report.findings if f.table == table.id and f.severity == "warning"
                and f.rule in ("count", "sum", "cross_reference")]
    section = next(g for g in root.children if g.name == "创新成果激励")
    assert len(section.all_rows()) == 9


def test_group_header_with_its_figures_in_separate_cells():
    text = ("附件\n\n某县奖励企业名单\n\n序号\t企业名称\t奖励金额（万元）\n"
            "一、东区\t共 2 家\t30 万元\n1\t甲公司\t10\n2\t乙公司\t20\n"
            "二、西区\t共 1 家\t5 万元\n1\t丙公司\t5\n")
    report = check_lines(text.split("\n"))
    table = report.issue.tables[0]
    assert [r.kind for r in table.rows] == ["group", "data", "data", "group", "data"]
    assert [(c.kind, c.stated, c.actual) for c in report.claims[table.id] if c.kind in ("count", "sum")] == \
        [("count", 2, 2), ("count", 1, 1), ("sum", 30, 30), ("sum", 5, 5)]
