"""A 合计 column of a short ledger table: the welfare home's 2024 财务收支预算总表 as
tab-separated cells (read from the PDF), whose 支出 half has four rows of figures under
合计 | 人员经费 | 公用经费 | 项目支出."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from helpers import check_lines

LINES = (Path(__file__).parent / "fixtures" / "budget_summary_tab.txt").read_text(encoding="utf-8").split("\n")


def test_one_wrong_row_of_four_does_not_hide_the_relation():
    at = next(n for n, x in enumerate(LINES) if "11,281,624" in x)
    report = check_lines(LINES)
    assert not [f for f in report.findings if f.severity in ("error", "warning")]
    lines = list(LINES)
    lines[at] = lines[at].replace("11,281,624", "11,281,724")
    report = check_lines(lines)
    got = [(f.rule, f.severity, f.line, f.stated, f.actual) for f in report.findings if f.severity in ("error", "warning")]
    # The row's 合计 against its parts, and the 支出总计 row's 合计 against the column.
    total = next(n for n, x in enumerate(LINES) if "支出总计" in x)
    assert sorted(got) == [("subtotal", "error", at + 1, Decimal("11281724"), Decimal("11281624")),
                           ("subtotal", "error", total + 1, Decimal("12121164"), Decimal("12121264"))]
