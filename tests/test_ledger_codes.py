"""Ledger codes (类/款/项) whose 类 part is misread in the PDF text: a real excerpt of the
welfare home's 2024 一般公共预算支出功能分类预算表, where pdftotext prints the 项 row
"210 11 02 事业单位医疗" as " 7    11   02   事业单位医疗"."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from helpers import check_lines

LINES = (Path(__file__).parent / "fixtures" / "budget_misread_code_pdf.txt").read_text(encoding="utf-8").split("\n")


def _subtotals(report) -> list[tuple]:
    return sorted((c.line, c.stated, c.actual, c.ok) for cs in report.claims.values() for c in cs
                  if c.kind == "subtotal" and 26 <= c.line <= 30)


def test_a_row_with_a_misread_head_nests_under_the_last_head_above_it():
    report = check_lines(LINES)
    # 款 21011 (line 28) = its 项 row (line 30), in both figure columns; 类 210 = 款 21011.
    assert _subtotals(report) == [(26, Decimal("503724"), Decimal("503724"), True)] * 2 + \
        [(28, Decimal("503724"), Decimal("503724"), True)] * 2
    assert not [f for f in report.findings if f.severity in ("error", "warning")]


def test_its_lost_parent_row_is_said_at_the_head():
    # Without the 款 row 21011, the 项 row still adds up to the 类 row 210; the missing
    # row is told there.
    lines = LINES[:27] + LINES[28:]
    report = check_lines(lines)
    got = [(f.rule, f.severity, f.line, f.row_line) for f in report.findings if f.severity in ("error", "warning")]
    assert got == [("subtotal", "warning", 26, 29)]
