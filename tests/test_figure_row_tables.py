"""Tables of one row of figures under a header of several lines (a budget's 三公经费 table)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from helpers import check_lines

FIXTURES = Path(__file__).parent / "fixtures"
# pdftotext -layout of a Shanghai district budget's 三公经费 table and the text after it.
PDF = (FIXTURES / "budget_sangong_pdf.txt").read_text(encoding="utf-8").split("\n")
# The same table of another budget, whose 购置费 cell is empty.
EMPTY_CELL = (FIXTURES / "budget_sangong_empty_cell_pdf.txt").read_text(encoding="utf-8").split("\n")
# The first as tab-separated cells: a header cell spans the empty cells to its right.
TAB = ["部门“三公”经费和机关运行经费预算表",
       "编制部门：上海市普陀区人民政府万里街道办事处        单位:万元",
       "2024年“三公”经费预算数\t\t\t\t\t\t2024年机关运行经费预算数",
       "合计\t因公出国(境)费\t公务接待费\t公务用车购置及运行费\t\t\t",
       "\t\t\t小计\t购置费\t运行费\t",
       "47.91\t0\t1.35\t46.56\t25\t21.56\t443.18",
       ""] + PDF[18:]


def _table(report):
    return next(t for t in report.issue.tables if "三公" in t.title)


def _claims(report, kind):
    table = _table(report)
    return sorted((c.line, c.stated, c.actual, table.columns[c.column]) for c in report.claims[table.id]
                  if c.kind == kind)


def test_the_row_is_read_under_its_header_in_the_pdf_layout():
    report = check_lines(PDF)
    table = _table(report)
    assert table.columns[1:] == ["合计", "因公出国(境)费", "公务接待费", "小计", "购置费", "运行费",
                                 "2024年机关运行经费预算数"]
    assert [r.cells[1:] for r in table.rows] == [["47.91", "0", "1.35", "46.56", "25", "21.56", "443.18"]]
    assert table.amount_unit == "万元"
    # 合计 = 因公出国 + 公务接待 + 小计 (standing for 购置费 + 运行费); 小计 = 购置费 + 运行费.
    assert _claims(report, "row_total") == [(14, Decimal("46.56"), Decimal("46.56"), "小计"),
                                            (14, Decimal("47.91"), Decimal("47.91"), "合计")]
    assert not [f for f in report.findings if f.severity in ("error", "warning")]


def test_the_text_restating_the_row_is_tied_to_its_columns_by_the_header():
    report = check_lines(PDF)
    assert _claims(report, "cross_reference") == [
        (21, Decimal("47.91"), Decimal("47.91"), "合计"),  # “三公”经费预算数为47.91万元
        (23, Decimal("25"), Decimal("25"), "购置费"),
        (23, Decimal("46.56"), Decimal("46.56"), "小计"),  # 公务用车购置及运行费46.56万元
        (24, Decimal("21.56"), Decimal("21.56"), "运行费"),
        (26, Decimal("1.35"), Decimal("1.35"), "公务接待费"),
        (28, Decimal("443.18"), Decimal("443.18"), "2024年机关运行经费预算数")]


def test_the_tab_layout_reads_the_same():
    report = check_lines(TAB)
    table = _table(report)
    assert table.columns[1:] == ["合计", "因公出国(境)费", "公务接待费", "小计", "购置费", "运行费",
                                 "2024年机关运行经费预算数"]
    assert [(c[1], c[3]) for c in _claims(report, "row_total")] == [(Decimal("46.56"), "小计"),
                                                                    (Decimal("47.91"), "合计")]
    assert {c[3] for c in _claims(report, "cross_reference")} == {"合计", "小计", "购置费", "运行费", "公务接待费",
                                                                   "2024年机关运行经费预算数"}


def test_an_empty_cell_keeps_its_column():
    report = check_lines(EMPTY_CELL)
    table = _table(report)
    assert table.rows[0].cells[1:] == ["6.4", "0", "0", "6.4", "", "6.4", "0"]
    assert {(c[1], c[2], c[3]) for c in _claims(report, "row_total")} == {
        (Decimal("6.4"), Decimal("6.4"), "小计"), (Decimal("6.4"), Decimal("6.4"), "合计")}


def test_parts_that_do_not_add_up_any_way_are_left_alone():
    # With 26 for 25 no reading adds up: which columns a total covers is then unknown.
    lines = [x.replace("  25  ", "  26  ") if "47.91" in x and "万元" not in x else x for x in PDF]
    report = check_lines(lines)
    assert _table(report).rows[0].cells[5] == "26"
    assert not _claims(report, "row_total")
    assert not [f for f in report.findings if f.severity in ("error", "warning")]


def test_text_naming_a_figure_by_its_whole_header_is_checked_against_it():
    # The tab layout shows the header "2024年“三公”经费预算数" over the 合计 and its parts:
    # with 48.91 printed there, the text's "“三公”经费预算数为47.91万元" disagrees.
    lines = [x.replace("47.91\t", "48.91\t") for x in TAB]
    report = check_lines(lines)
    [f] = [f for f in report.findings if f.rule == "restated"]
    assert (f.severity, f.stated, f.actual, f.row_line) == ("warning", Decimal("47.91"), Decimal("48.91"), 6)
    # A figure named by the end of a header's words only ("公务用车购置费" for 购置费) that
    # disagrees may be another figure: not said.
    lines = [x.replace("公务用车购置费25万元", "公务用车购置费26万元") for x in TAB]
    assert not [f for f in check_lines(lines).findings if f.rule == "restated"]


def test_a_header_named_after_de_in_a_sentence_is_checked_too():
    # "…财政拨款的机关运行经费预算为443.18万元" names the column "2024年机关运行经费预算数".
    lines = [x.replace("预算为443.18万元", "预算为543.18万元") for x in PDF]
    [f] = [f for f in check_lines(lines).findings if f.rule == "restated"]
    assert (f.severity, f.line, f.stated, f.actual, f.row_line) == ("warning", 28, Decimal("543.18"),
                                                                    Decimal("443.18"), 14)


def test_a_wrong_total_in_the_pdf_layout_is_still_tied_to_the_text_that_restates_it():
    # 47.91 misread as 48.91: no run of columns adds up to it any more, so the 合计's parts
    # are unknown; the header over it still names it, and the text's 47.91 is compared.
    row = next(n for n, x in enumerate(PDF) if "47.91" in x and "443.18" in x)
    for wrong, said in (("47.91", "“三公”经费预算数为47.91万元"), ("46.56", "公务用车购置及运行费46.56万元")):
        lines = list(PDF)
        lines[row] = lines[row].replace(wrong, str(Decimal(wrong) + 1))
        report = check_lines(lines)
        text = next(n for n, x in enumerate(lines, 1) if said in x)
        got = [(f.rule, f.row_line, f.stated, f.actual) for f in report.findings
               if f.line == text and f.severity in ("error", "warning")]
        assert got == [("restated", row + 1, Decimal(wrong), Decimal(wrong) + 1)]
