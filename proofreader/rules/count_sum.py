"""`count` and `sum`: a group's stated number of rows and total against its rows.

A group's figures are checked against every data row beneath it, at every level
(city > district > category > rows). Sums are compared as intervals: each printed
amount stands for the interval its rounding allows.
"""

from __future__ import annotations

from decimal import Decimal

from ..groups import Group
from ..model import ERROR, WARNING, Claim, Finding
from ..numbers import Amount, consistent, fmt, is_no_amount, parse_amount, sum_interval
from .base import RuleContext, RuleResult


def group_amounts(ctx: RuleContext, rows: list[int], unit: str) -> list[Amount]:
    """Amounts of the amount column over ``rows`` (no-amount marks count as nothing)."""
    col = ctx.table.roles.get("amount")
    out: list[Amount] = []
    if col is None:
        return out
    default = ctx.table.amount_unit or unit
    for idx in rows:
        row = ctx.table.rows[idx]
        cell = row.cells[col] if col < len(row.cells) else ""
        if not cell or is_no_amount(cell):
            continue
        a = parse_amount(cell, default)
        if a is not None:
            out.append(a)
    return out


def _where(group: Group) -> str:
    return group.name or "全表"


def _severity(ctx: RuleContext, rule: str, g: Group) -> tuple[str, str, str]:
    """Severity of a mismatch at ``g`` and the caveat to add to its message.

    A mismatch is an error only where the parser is sure which rows are the group's.
    """
    sev = ctx.severity_of(rule, ERROR)
    if sev != ERROR:
        return sev, "", ""
    if not g.all_rows():
        return WARNING, "（未识别出该组的数据行，请人工核对）", " (no rows of this group were recognised; check by hand)"
    if g.uncertain:
        return WARNING, "（合并单元格的分组边界不确定，请核对）", " (the merged cell's boundary is uncertain; check)"
    if g.unverifiable():
        return WARNING, "（下级分组未能完整识别，请核对）", " (a subgroup could not be read completely; check)"
    return ERROR, "", ""


def check_count(ctx: RuleContext) -> RuleResult:
    res = RuleResult()
    for g in ctx.root.walk():
        # "（9项8家单位）": the first count is the rows; the others count something else.
        for f in [f for f in g.figures if f.kind == "count"][:1]:
            actual = Decimal(len(g.all_rows()))
            res.claims.append(Claim(line=g.line, kind="count", stated=f.value, unit=f.unit, text=f.text,
                                    actual=actual, group_label=g.name))
            if actual != f.value:
                diff = actual - f.value
                sev, note, note_en = _severity(ctx, "count", g)
                res.findings.append(Finding(
                    rule="count", severity=sev, table=ctx.table.id, line=g.line,
                    stated=f.value, actual=actual, row_line=g.line,
                    message=f"{_where(g)}：写明 {fmt(f.value)} {f.unit}，实有 {fmt(actual)} 行，差 {fmt(diff)}{note}",
                    message_en=f"{_where(g)}: states {fmt(f.value)}, has {fmt(actual)} rows, difference {fmt(diff)}{note_en}",
                ))
    return res


def check_sum(ctx: RuleContext) -> RuleResult:
    res = RuleResult()
    if ctx.table.roles.get("amount") is None:
        return res
    for g in ctx.root.walk():
        for f in g.figures:
            if f.kind != "sum":
                continue
            stated = Amount(f.value, f.unit, len(str(f.value).split(".")[1]) if "." in str(f.value) else 0)
            amounts = group_amounts(ctx, g.all_rows(), f.unit)
            low, total, high = sum_interval(amounts, f.unit)
            res.claims.append(Claim(line=g.line, kind="sum", stated=f.value, unit=f.unit, text=f.text,
                                    actual=total, group_label=g.name, column=ctx.table.roles.get("amount")))
            if not consistent(stated, low, high):
                diff = total - f.value
                sev, note, note_en = _severity(ctx, "sum", g)
                res.findings.append(Finding(
                    rule="sum", severity=sev, table=ctx.table.id, line=g.line,
                    stated=f.value, actual=total, row_line=g.line, column=ctx.table.roles.get("amount"),
                    message=f"{_where(g)}：写明 {fmt(f.value)} {f.unit}，各行合计 {fmt(total)} {f.unit}，差 {fmt(diff)}{note}",
                    message_en=f"{_where(g)}: states {fmt(f.value)} {f.unit}, rows add up to {fmt(total)}, "
                               f"difference {fmt(diff)}{note_en}",
                ))
    return res
