"""`count` and `sum`: a group's stated number of rows and total, at every level.

A group's figures are checked against every data row beneath it (city > district >
category > rows) and against what its children state. A parent that agrees with its
children's stated figures while the rows do not is not reported: the child that
disagrees with its own rows is, which is where the proofreader must look. Sums are
compared as intervals (see :mod:`proofreader.numbers`), so rounding is never an error.
A finding shows stated, computed and difference, and where it can, the likely place:
a gap in the serial numbers, a duplicated row, a garbled or misread amount.
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from decimal import Decimal

from ..claims import StatedFigure
from ..groups import Group
from ..model import ERROR, Claim
from ..numbers import Amount, consistent, fmt, sum_interval
from .base import RuleContext, RuleResult
from .cells import BAD, NUMBER
from .duplicate import duplicate_pairs
from .sequence import gap_text, serial_gaps


def _where(group: Group) -> str:
    return group.name or "全表"


def _where_en(group: Group) -> str:
    return group.name or "whole table"


def first_count(group: Group) -> StatedFigure | None:
    """The count a group states ("（9项8家单位）": the first one counts its rows)."""
    return next((f for f in group.figures if f.kind == "count"), None)


def stated_amount(f: StatedFigure) -> Amount:
    text = str(f.value)
    return Amount(f.value, f.unit, len(text.split(".")[1]) if "." in text else 0)


def addend(f: StatedFigure, unit: str) -> tuple[Decimal, Decimal]:
    """A stated figure used as a part of a larger sum: whole amounts are exact (award and
    budget lines are), figures with decimals stand for their rounding interval — the same
    convention as :func:`proofreader.numbers.sum_interval` uses for the rows."""
    a = stated_amount(f).in_unit(unit)
    if not a.decimals and a.value == a.value.to_integral_value():
        return a.value, a.value
    return a.interval()


def group_amounts(ctx: RuleContext, rows: list[int], unit: str = "") -> list[Amount]:
    """Amounts of the amount column over ``rows`` (no-amount marks and words count as nothing)."""
    col = ctx.table.roles.get("amount")
    out: list[Amount] = []
    if col is None:
        return out
    cells = ctx.column(col)
    for idx in rows:
        cv = cells[idx]
        if cv.kind == NUMBER and cv.amount is not None:
            a = cv.amount
            out.append(a if a.unit or not unit else Amount(a.value, unit, a.decimals))
    return out


@dataclass(frozen=True)
class SumCheck:
    low: Decimal
    total: Decimal
    high: Decimal


def rows_sum(ctx: RuleContext, rows: list[int], unit: str) -> SumCheck:
    low, total, high = sum_interval(group_amounts(ctx, rows, unit), unit)
    return SumCheck(low, total, high)


def group_sum(ctx: RuleContext, group: Group, unit: str) -> SumCheck:
    """:func:`rows_sum` over every row beneath ``group``, worked out once per check."""
    return ctx.memo(("group_sum", id(group), unit), lambda: rows_sum(ctx, ctx.rows_of(group), unit))


def children_count(ctx: RuleContext, group: Group) -> Decimal | None:
    """Rows directly under ``group`` plus each child's stated count (its rows when it states none)."""
    if not group.children or not any(first_count(c) for c in group.children):
        return None
    total = Decimal(len(group.rows))
    for c in group.children:
        f = first_count(c)
        total += f.value if f is not None else len(ctx.rows_of(c))
    return total


def children_sum(ctx: RuleContext, group: Group, unit: str) -> SumCheck | None:
    """Like :func:`children_count` for amounts, as an interval."""
    if not group.children or not any(any(f.kind == "sum" for f in c.figures) for c in group.children):
        return None
    direct = rows_sum(ctx, group.rows, unit)
    low, total, high = direct.low, direct.total, direct.high
    for c in group.children:
        f = next((f for f in c.figures if f.kind == "sum"), None)
        if f is not None:
            lo, hi = addend(f, unit)
            low, total, high = low + lo, total + stated_amount(f).in_unit(unit).value, high + hi
        else:
            s = group_sum(ctx, c, unit)
            low, total, high = low + s.low, total + s.total, high + s.high
    return SumCheck(low, total, high)


# ------------------------------------------------------------------ count


def locate_rows(ctx: RuleContext, rows: list[int], missing: bool) -> tuple[list[str], list[str]]:
    """Where rows were probably lost (serial gaps) or repeated (duplicate rows)."""
    zh: list[str] = []
    en: list[str] = []
    if missing:
        for gap in serial_gaps(ctx, rows):
            z, e = gap_text(ctx, gap)
            zh.append(z)
            en.append(e)
    else:
        for a, b in duplicate_pairs(ctx, rows)[:3]:
            ra, rb = ctx.table.rows[a], ctx.table.rows[b]
            zh.append(f"第 {ra.first_line} 行与第 {rb.first_line} 行重复")
            en.append(f"lines {ra.first_line} and {rb.first_line} repeat the same entry")
    return zh, en


def duplicate_fix(ctx: RuleContext, rows: list[int], excess: Decimal, amount_unit: str | None = None) -> list[dict]:
    """Delete the repeat of the one row read twice among ``rows``, when that repeat is
    exactly the excess: one row too many, or (``amount_unit`` given) its amount too much."""
    pairs = duplicate_pairs(ctx, rows)
    if len(pairs) != 1 or excess <= 0:
        return []
    repeat = pairs[0][1]
    if amount_unit is None:
        return ctx.delete_row(repeat) if excess == 1 else []
    got = group_amounts(ctx, [repeat], amount_unit)
    return ctx.delete_row(repeat) if len(got) == 1 and got[0].in_unit(amount_unit).value == excess else []


def _count_suggestion(ctx: RuleContext, g: Group, stated: Decimal, actual: Decimal) -> tuple[str, str, list[dict]]:
    zh, en = locate_rows(ctx, ctx.rows_of(g), missing=actual < stated)
    fix = duplicate_fix(ctx, ctx.rows_of(g), actual - stated) if zh else []
    if not zh:
        alt = children_count(ctx, g)
        if alt is not None and alt == actual:
            zh.append(f"各子组写明之和为 {fmt(alt)}，与行数一致，写明的 {fmt(stated)} 可能有误")
            en.append(f"the children state {fmt(alt)} in all, as many as the rows: the stated {fmt(stated)} may be wrong")
    return "；".join(zh), "; ".join(en), fix


def check_count(ctx: RuleContext) -> RuleResult:
    res = RuleResult()
    for g in ctx.root.walk():
        f = first_count(g)
        if f is None:
            continue
        actual = Decimal(len(ctx.rows_of(g)))
        alt = children_count(ctx, g)
        ok = actual == f.value or (alt is not None and alt == f.value)
        people = _counted_column(ctx, g, f.unit)
        if people is not None and not ok:
            # "一、县教育局（16名）" over posts of 1–4 people: the 招聘人数 column's sum
            actual, ok = people, people == f.value
        res.claims.append(Claim(line=g.line, kind="count", stated=f.value, unit=f.unit, text=f.text,
                                actual=actual, group_label=g.name, ok=ok))
        if ok:
            continue  # a child that disagrees with its rows reports it
        diff = actual - f.value
        also = f"；各子组写明之和 {fmt(alt)}" if alt is not None else ""
        also_en = f"; its children state {fmt(alt)} in all" if alt is not None else ""
        zh, en, fix = _count_suggestion(ctx, g, f.value, actual)
        res.findings.append(ctx.finding(
            "count", ERROR, line=g.line, stated=f.value, actual=actual, row_line=g.line,
            message=f"{_where(g)}：写明 {fmt(f.value)} {f.unit}，实有 {fmt(actual)} 行，差 {fmt(diff)}{also}",
            message_en=f"{_where_en(g)}: states {fmt(f.value)}, has {fmt(actual)} rows, difference {fmt(diff)}{also_en}",
            suggestion=zh, suggestion_en=en, fix=fix))
    return res


#: Header words of a column that counts what a group's "N名" (or 户, 家…) counts.
_COUNTED_HEADER = {"名": "人数|名额|计划数", "人": "人数|名额|计划数", "户": "户数", "家": "家数|企业数",
                   "个": "个数", "所": "所数|学校数", "项": "项数"}


def _counted_column(ctx: RuleContext, g, unit: str) -> Decimal | None:
    """The sum over the group's rows of the column whose header counts ``unit`` ("招聘人数"
    for 名), or None when the table has no such column."""
    words = _COUNTED_HEADER.get(unit)
    if not words:
        return None
    col = next((c for c in range(ctx.width()) if re.search(words, ctx.column_name(c))
                and c != ctx.table.roles.get("serial")), None)
    if col is None:
        return None
    total = Decimal(0)
    for i in ctx.rows_of(g):
        cv = ctx.cell(i, col)
        if cv.kind == NUMBER and cv.amount is not None:
            total += cv.amount.value
    return total


# -------------------------------------------------------------------- sum


def _one_digit_apart(a: Decimal, b: Decimal) -> bool:
    sa, sb = fmt(a), fmt(b)
    return len(sa) == len(sb) and sum(1 for x, y in zip(sa, sb) if x != y) == 1


def sum_suggestion(ctx: RuleContext, rows: list[int], diff: Decimal, unit: str) -> tuple[str, str, list[dict]]:
    """Where a sum that is off by ``diff`` (computed minus stated) probably went wrong, and
    the fix when one cell is named: the one amount a digit off."""
    col = ctx.table.roles.get("amount")
    if col is None:
        return "", "", []
    bad = [i for i in rows if ctx.cell(i, col).kind == BAD]
    if bad:
        lines = "、".join(str(ctx.table.rows[i].first_line) for i in bad[:5])
        return (f"第 {lines} 行的金额无法识别，未计入合计", f"the amount at line(s) {lines} cannot be read and is not added up",
                [])
    hits: list[tuple[int, Decimal, Decimal]] = []
    for i in rows:
        cv = ctx.cell(i, col)
        if cv.kind != NUMBER or cv.amount is None:
            continue
        v = cv.amount.in_unit(unit).value if unit and cv.amount.unit else cv.amount.value
        want = v - diff
        if want >= 0 and _one_digit_apart(v, want):
            hits.append((i, v, want))
    if len(hits) == 1:
        i, v, want = hits[0]
        line = ctx.table.rows[i].first_line
        printed = ctx.cell(i, col).amount
        # The cell prints its own unit: the value goes back into it ("10万元" under a 元 total).
        value = Amount(want, unit, 0).in_unit(printed.unit).value if printed and unit and printed.unit else want
        return (f"第 {line} 行金额 {fmt(v)} 可能应为 {fmt(want)}", f"the amount {fmt(v)} at line {line} is probably {fmt(want)}",
                ctx.set_figure(i, col, value))
    return "", "", []


def check_sum(ctx: RuleContext) -> RuleResult:
    res = RuleResult()
    col = ctx.table.roles.get("amount")
    if col is None:
        return res
    for g in ctx.root.walk():
        for f in g.figures:
            if f.kind != "sum":
                continue
            stated = stated_amount(f)
            rows = ctx.rows_of(g)
            s = group_sum(ctx, g, f.unit)
            alt = children_sum(ctx, g, f.unit)
            ok = consistent(stated, s.low, s.high) or (alt is not None and consistent(stated, alt.low, alt.high))
            res.claims.append(Claim(line=g.line, kind="sum", stated=f.value, unit=f.unit, text=f.text,
                                    actual=s.total, group_label=g.name, column=col, ok=ok))
            if ok:
                continue
            diff = s.total - f.value
            also = f"；各子组写明之和 {fmt(alt.total)} {f.unit}" if alt is not None else ""
            also_en = f"; its children state {fmt(alt.total)} in all" if alt is not None else ""
            zh, en, fix = sum_suggestion(ctx, rows, diff, f.unit)
            if not zh:
                zl, el = locate_rows(ctx, rows, missing=diff < 0)
                zh, en = "；".join(zl), "; ".join(el)
                fix = duplicate_fix(ctx, rows, diff, f.unit) if zl else []
            res.findings.append(ctx.finding(
                "sum", ERROR, line=g.line, stated=f.value, actual=s.total, row_line=g.line, column=col,
                message=f"{_where(g)}：写明 {fmt(f.value)} {f.unit}，各行合计 {fmt(s.total)} {f.unit}，差 {fmt(diff)}{also}",
                message_en=f"{_where_en(g)}: states {fmt(f.value)} {f.unit}, rows add up to {fmt(s.total)}, "
                           f"difference {fmt(diff)}{also_en}",
                suggestion=zh, suggestion_en=en, fix=fix))
    return res
