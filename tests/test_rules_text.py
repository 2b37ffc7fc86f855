"""Running text against its annex (cross_reference), and names (places, entity spellings)."""

from __future__ import annotations

from conftest import SEED_002, SEED_003, seed_lines
from helpers import check_lines
from proofreader.parse import parse_file
from proofreader.report import check_issue
from proofreader.rules.names import issue_names


def _line_containing(lines: list[str], text: str) -> int:
    return next(n for n, x in enumerate(lines, 1) if text in x)


def _table(report, title_part: str):
    return next(t for t in report.issue.tables if title_part in t.title)


# --------------------------------------------------------------- cross_reference


def test_decision_text_figures_are_claims_of_the_annex(parsed):
    report = check_issue(parsed(SEED_002))
    table = _table(report, "制造业高质量发展作出突出贡献奖励企业名单")
    lines = seed_lines(SEED_002)
    decision = _line_containing(lines, "等46家企业奖励690万元")
    refs = [c for c in report.claims[table.id] if c.kind == "cross_reference"]
    assert len(refs) == 18  # nine districts, a count and an amount each
    cg = [c for c in refs if c.group_label == "长葛市"]
    assert [(c.line, c.stated, c.actual, c.unit) for c in cg] == [(decision, 46, 46, "家"), (decision, 690, 690, "万元")]
    assert not [f for f in report.findings if f.rule == "cross_reference"]


def test_text_and_annex_disagree():
    lines = seed_lines(SEED_002)
    at = _line_containing(lines, "等46家企业奖励690万元")
    lines[at - 1] = lines[at - 1].replace("等46家企业奖励690万元", "等46家企业奖励680万元")
    report = check_lines(lines)
    f = [f for f in report.findings if f.rule == "cross_reference"]
    header = _line_containing(lines, "长葛市，共46家企业")
    assert len(f) == 1
    assert (f[0].severity, f[0].line, f[0].row_line, f[0].stated, f[0].actual) == ("error", at, header, 680, 690)
    assert "长葛市" in f[0].message and f"附件第 {header} 行写明 690万元" == f[0].suggestion


def test_pdf_layout_text_against_a_district_and_the_whole_list(parsed):
    report = check_issue(parsed(SEED_003))
    lines = seed_lines(SEED_003)
    award = _table(report, "制造业高质量发展作出突出贡献奖励企业名单")
    yu = [c for c in report.claims[award.id] if c.kind == "cross_reference" and c.group_label == "禹州市"]
    assert [(c.stated, c.actual) for c in yu] == [(22, 22), (530, 530)]
    heritage = _table(report, "非物质文化遗产代表性项目名录")
    total = [c for c in report.claims[heritage.id] if c.kind == "cross_reference"]
    assert [(c.line, c.stated, c.actual) for c in total] == [(_line_containing(lines, "（共计 52 项）已经"), 52, 52)]
    # a figure of the text changed: one error, at the text, pointing at the list
    at = _line_containing(lines, "（共计 52 项）已经")
    lines[at - 1] = lines[at - 1].replace("52 项", "53 项")
    f = [f for f in check_lines(lines).findings if f.rule == "cross_reference" and f.table == heritage.id]
    assert [(x.line, x.stated, x.actual, x.severity) for x in f] == [(at, 53, 52, "error")]


def test_breakdown_after_a_total_and_units_counted_by_name(parsed):
    """"260家单位…1885万元。其中，…许昌学院等8家单位…": 260 = the breakdown's awarded units
    and 8 = the units of 9 prize rows ("9项8家单位"); neither is an error."""
    report = check_issue(parsed(SEED_002))
    table = _table(report, "科技创新奖励名单")
    refs = {(c.stated, c.group_label) for c in report.claims[table.id] if c.kind == "cross_reference"}
    assert (260, table.title) in refs and (1885, table.title) in refs and (8, "创新成果激励") in refs
    assert not [f for f in report.findings if f.rule == "cross_reference"]
    lines = seed_lines(SEED_002)
    at = _line_containing(lines, "给予奖励1885万元")
    lines[at - 1] = lines[at - 1].replace("给予奖励1885万元", "给予奖励1835万元")
    f = [f for f in check_lines(lines).findings if f.rule == "cross_reference"]
    assert [(x.stated, x.actual) for x in f] == [(1835, 1885)]


def test_a_clause_naming_the_first_company_of_the_whole_list():
    text = """某县人民政府关于表彰2023年度工业企业的决定

某县政〔2024〕3号

经研究，决定对某县甲一机械有限公司等5家企业奖励 50 万元。

附件：某县2023年度工业企业奖励名单

附件

某县2023年度工业企业奖励名单

序号\t企业名称\t奖励金额（万元）
一、城关镇（3家）\t\t
1\t某县甲一机械有限公司\t10
2\t某县甲二机械有限公司\t10
3\t某县甲三机械有限公司\t10
二、石桥乡（2家）\t\t
1\t某县乙一机械有限公司\t10
2\t某县乙二机械有限公司\t10
"""
    lines = text.split("\n")
    report = check_lines(lines)
    assert not report.errors
    assert [c.stated for cl in report.claims.values() for c in cl if c.kind == "cross_reference"] == [5, 50]
    lines[4] = lines[4].replace("50 万元", "60 万元")
    f = [f for f in check_lines(lines).findings if f.rule == "cross_reference"]
    assert [(x.line, x.stated, x.actual) for x in f] == [(5, 60, 50)]


def test_running_text_without_an_annex_is_not_a_claim(parsed):
    report = check_issue(parsed(SEED_003))
    lines = seed_lines(SEED_003)
    policy = _line_containing(lines, "对获得市长质量奖称号的组织给予 20 万元的奖励")
    assert policy not in {c.line for cl in report.claims.values() for c in cl}


# ------------------------------------------------------------------------ names


def test_a_place_one_character_off_is_a_warning():
    lines = seed_lines(SEED_002)
    at = _line_containing(lines, "禹州市亿鸿机械有限公司\t禹州市")
    lines[at - 1] = lines[at - 1].replace("\t禹州市\t", "\t禹州币\t")
    f = [f for f in check_lines(lines).findings if f.rule == "names" and f.line == at]
    assert len(f) == 1 and f[0].severity == "warning"
    assert "禹州币" in f[0].message and f[0].suggestion == "可能应为“禹州市”"


def test_two_spellings_of_one_company_in_one_issue(parsed):
    report = check_issue(parsed(SEED_002))
    f = [f for f in report.findings if f.rule == "names"]
    assert [(x.severity, x.line) for x in f] == [("info", _line_containing(seed_lines(SEED_002), "长葛太阳纸业"))]
    assert "长葛市大阳纸业有限公司" in f[0].suggestion


def test_spellings_of_issues_imported_before():
    known = issue_names(parse_file(str(SEED_002))).elements()
    issue = parse_file(str(SEED_003))
    report = check_issue(issue, known_names=known)
    lines = seed_lines(SEED_003)
    f = [f for f in report.findings if f.rule == "names" and "爱彼爱" in f.message]
    assert {x.line for x in f} == {n for n, x in enumerate(lines, 1) if "河南爱彼爱和新材料有限公司" in x}
    assert all("以前导入的期刊" in x.message and "河南爱彼爱新材料有限公司" in x.suggestion for x in f)
    # without the earlier issue, the two spellings never meet
    assert not [f for f in check_issue(issue).findings if f.rule == "names" and "爱彼爱" in f.message]


def test_companies_that_differ_in_their_place_or_a_number_are_not_flagged():
    text = """附件

某县企业名单

序号\t企业名称\t县市区
1\t河南金诺混凝土有限公司\t禹州市
2\t许昌金诺混凝土有限公司\t建安区
3\t长葛市金诺混凝土有限公司\t长葛市
4\t许昌第一纺织分厂有限公司\t魏都区
5\t许昌第二纺织分厂有限公司\t魏都区
6\t许开集团有限公司\t魏都区
7\t许继集团有限公司\t魏都区
"""
    report = check_lines(text.split("\n"))
    assert not [f for f in report.findings if f.rule == "names"]


def test_amounts_per_unit_in_the_text_are_not_totals():
    text = """某县人民政府关于表彰2023年度工业企业的决定

某县政〔2024〕3号

对智能车间企业给予 30 万元奖励。授予甲一机械有限公司、甲二机械有限公司 2 家企业“智能工厂”称号，各奖励 20 万元。

附件：某县2023年度工业企业奖励名单

附件

某县2023年度工业企业奖励名单

序号\t企业名称\t奖励金额（万元）
一、智能车间（2家）\t\t
1\t某县甲一机械有限公司\t20
2\t某县甲二机械有限公司\t20
"""
    report = check_lines(text.split("\n"))
    assert not report.errors
    assert [c.stated for cl in report.claims.values() for c in cl if c.kind == "cross_reference"] == []


def test_near_names_worked_out_at_once_equal_those_worked_out_one_by_one():
    """A long list's near spellings are found from the one-edit index's shared keys in one
    pass; every name must get the same spellings as the lookup per name gives, with one
    and two edits allowed."""
    import dataclasses
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from synthetic import award_list

    from proofreader.reader import decode_bytes
    from proofreader.parse import parse_source
    from proofreader.rules import IssueShared
    from proofreader.settings import Thresholds

    lines = award_list(3000).split("\n")
    rows = [i for i, ln in enumerate(lines) if ln.count("\t") == 3 and ln.split("\t")[0].isdigit()]
    for n, k in enumerate(range(1, len(rows), 60)):
        # every 60th row prints the name above it with one or two characters dropped
        before, cells = lines[rows[k - 1]].split("\t"), lines[rows[k]].split("\t")
        cells[2] = before[2].replace("有限公司", "有公司" if n % 2 else "有公")
        lines[rows[k]] = "\t".join(cells)
    issue = parse_source(decode_bytes("\n".join(lines).encode("utf-8"), "list.txt"))
    for th in (Thresholds(), dataclasses.replace(Thresholds(), name_long=10)):
        at_once = IssueShared(issue, th).name_index()
        one_by_one = IssueShared(issue, th).name_index()
        one_by_one._primed = True  # never worked out at once: each name looked up alone
        names = sorted(at_once.counts)
        near = {n: at_once.near(n) for n in names}
        assert near == {n: one_by_one.near(n) for n in names}
        assert sum(1 for v in near.values() if v) >= 5  # the list has names a character apart


def test_collection_is_paused_for_the_outermost_block_only_and_always_resumed():
    import gc
    import threading

    import pytest

    from proofreader.gc_pause import gc_paused

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still runs
        done = threading.Event()

        def other() -> None:
            with gc_paused():
                pass
            done.set()

        threading.Thread(target=other).start()
        done.wait()
        assert not gc.isenabled()  # another thread's pause ending does not end this one
    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
