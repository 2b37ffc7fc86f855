"""`row_total`: a 合计 column against the sibling columns it adds up, in the same row.

The siblings of a 合计 column are the figures under the same upper header ("到2025年":
浅层 + 深层 = 合计) or, under a one-row header, the run of figure columns just before
it. A 合计 column may also add up a merged block of rows ("超采区面积合计" printed once
for the two rows of 禹州市): the reading that holds in more rows is the one checked.
Every checked 合计 cell is one claim. The rows where a relation fails are noted for
`column_total`, whose suggestion can then name the faulty cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..lexicon import CHANGE_HEADER, NOT_ADDED_HEADER, OF_WHICH, ROW_TOTAL_HEADER
from ..model import DATA, ERROR, TOTAL, Claim, Finding
from ..normalize import compact
from ..numbers import Amount, consistent, fmt, sum_interval
from .base import RuleContext, RuleResult
from .cells import EMPTY, NONE, NUMBER, CellValue, read_cell
from .column_total import fitted_raw, is_ratio_column

_TOTAL_HEADER = ROW_TOTAL_HEADER


@dataclass
class RowCheck:
    """One row's test of ``total = sum(addends)``."""

    idx: int
    rows: list[int]  # the rows whose addends are summed (the row itself, or its merged block)
    stated: Amount
    low: Decimal
    value: Decimal
    high: Decimal

    @property
    def holds(self) -> bool:
        return consistent(self.stated, self.low, self.high)


@dataclass
class Relation:
    """``total`` column = sum of ``addends`` columns, row by row or over merged blocks."""

    total: int
    addends: list[int]
    block: bool = False
    raw: bool = False  # read shifted rows as OCR printed them
    checks: list[RowCheck] = field(default_factory=list)

    @property
    def holding(self) -> int:
        return sum(1 for c in self.checks if c.holds)


def view(ctx: RuleContext, idx: int, col: int, raw: bool) -> CellValue:
    row = ctx.table.rows[idx]
    if raw and "shifted" in row.flags and row.raw_cells:
        return read_cell(fitted_raw(ctx, idx)[col])
    return ctx.cell(idx, col)


def relation_rows(ctx: RuleContext) -> list[int]:
    return [i for i, r in enumerate(ctx.table.rows) if r.kind in (DATA, TOTAL)]


def evaluate(ctx: RuleContext, rel: Relation, rows: list[int]) -> Relation:
    """Fill ``rel.checks`` over ``rows``: only rows where every figure involved is readable."""
    rel.checks = []
    k = 0
    while k < len(rows):
        idx = rows[k]
        t = view(ctx, idx, rel.total, rel.raw)
        block = [idx]
        if rel.block:
            k2 = k + 1
            while k2 < len(rows) and ctx.table.rows[rows[k2]].kind == DATA \
                    and view(ctx, rows[k2], rel.total, rel.raw).kind == EMPTY:
                block.append(rows[k2])
                k2 += 1
        k += len(block)
        if t.kind != NUMBER or t.amount is None:
            continue
        amounts: list[Amount] = []
        readable = True
        for b in block:
            for col in rel.addends:
                cv = view(ctx, b, col, rel.raw)
                if cv.kind == NUMBER and cv.amount is not None:
                    amounts.append(cv.amount)
                elif cv.kind not in (NONE, EMPTY):
                    readable = False
        if not readable or not amounts:
            continue
        unit = t.amount.unit
        fixed = [a if (a.unit and unit) else Amount(a.value, unit, a.decimals) for a in amounts]
        low, value, high = sum_interval(fixed, unit)
        rel.checks.append(RowCheck(idx, block, t.amount, low, value, high))
    return rel


def best_reading(ctx: RuleContext, total: int, addends: list[int], rows: list[int]) -> Relation:
    """Row by row or over merged blocks, cells as parsed or as printed: the reading that holds most."""
    has_shifted = any("shifted" in ctx.table.rows[i].flags for i in rows)
    has_blocks = any(ctx.cell(i, total).kind == EMPTY for i in rows if ctx.table.rows[i].kind == DATA)
    best: Relation | None = None
    for block in ([False, True] if has_blocks else [False]):
        for raw in ([False, True] if has_shifted else [False]):
            rel = evaluate(ctx, Relation(total, addends, block, raw), rows)
            if best is None or rel.holding > best.holding:
                best = rel
    assert best is not None
    return best


def note_failures(ctx: RuleContext, rel: Relation) -> None:
    """Tell `column_total` which cells a failing row puts off, and by how much."""
    off: dict[int, list[tuple[int, Decimal]]] = ctx.notes.setdefault("row_relation_off", {})
    for c in rel.checks:
        if c.holds:
            continue
        d = c.stated.value - c.value
        off.setdefault(rel.total, []).append((c.idx, d))
        for col in rel.addends:
            for b in c.rows:
                off.setdefault(col, []).append((b, -d))
    if rel.raw:
        doubtful: set[int] = ctx.notes.setdefault("doubtful_shift", set())
        for c in rel.checks:
            if c.holds:
                doubtful.update(i for i in c.rows if "shifted" in ctx.table.rows[i].flags)


def total_columns(ctx: RuleContext) -> list[tuple[int, list[int]]]:
    """Columns headed 合计/小计/总计 with the sibling columns they add up (memoised)."""
    return ctx.memo("total_columns", lambda: _total_columns(ctx))


def _total_columns(ctx: RuleContext) -> list[tuple[int, list[int]]]:
    paths = ctx.table.column_paths or [[c] for c in ctx.table.columns]
    out: list[tuple[int, list[int]]] = []
    rows = relation_rows(ctx)
    numeric = {c for c in range(ctx.width()) if _mostly_figures(ctx, rows, c)}
    totals = [c for c in range(1, ctx.width()) if c < len(paths) and paths[c]
              and _TOTAL_HEADER.search(compact(paths[c][-1])) and c in numeric]
    # "其中：公务用车运行费": a part of the column before it, never a sibling of a 合计.
    of_which = {c for c in range(ctx.width()) if c < len(paths) and paths[c] and OF_WHICH.match(compact(paths[c][-1]))}

    def addable(k: int) -> bool:
        return k in numeric and k not in totals and not is_ratio_column(ctx, k)

    for c in totals:
        prefix = paths[c][:-1]
        if prefix:
            sib = [k for k in range(ctx.width()) if k != c and k not in totals and k < len(paths)
                   and paths[k][:-1] == prefix and k in numeric and k not in of_which]
        else:
            sib = []
            k = c - 1
            while k >= 0 and addable(k):
                if k not in of_which:
                    sib.insert(0, k)
                k -= 1
            if not sib:
                # "项目 | 合计 | 因公出国（境）费 | 公务用车购置及运行费 | …": the parts after it
                k = c + 1
                while k < ctx.width() and addable(k) and not NOT_ADDED_HEADER.search(compact(paths[k][-1])):
                    if k not in of_which:
                        sib.append(k)
                    k += 1
        if sib:
            out.append((c, sib))
    # A run of 其中 columns that adds up to the column before it in most rows is that
    # column's breakdown ("公务用车购置及运行费" = 购置费 + 运行费); a run that does not is
    # "of which" only, some of the parts, and is not checked.
    c = 0
    while c < ctx.width():
        if c in of_which:
            run = [c]
            while run[-1] + 1 in of_which:
                run.append(run[-1] + 1)
            parent = c - 1
            if len(run) >= 2 and parent >= 0 and addable(parent) and parent not in of_which \
                    and all(k in numeric for k in run):
                rel = evaluate(ctx, Relation(parent, run), rows)
                if rel.holding >= 2 and rel.holding > len(rel.checks) - rel.holding:
                    out.append((parent, run))
            c = run[-1] + 1
        else:
            c += 1
    out.extend(_change_columns(ctx, paths, rows, numeric, addable))
    return out


def _change_columns(ctx: RuleContext, paths: list[list[str]], rows: list[int], numeric: set[int],
                    addable) -> list[tuple[int, list[int]]]:
    """"2023年预算数 | 2024年预算数 | 增减额": the change is the later figure less the
    earlier, so the later column is the sum of the earlier one and the change. Which of the
    two figure columns before it is the later is read from the arithmetic (publishers print
    either year first); the reading is kept only where it holds in most rows."""
    out = []
    for d in range(ctx.width()):
        if d not in numeric or d >= len(paths) or not paths[d] or not CHANGE_HEADER.match(compact(paths[d][-1])):
            continue
        before = [k for k in range(d - 1, -1, -1) if addable(k)][:2]
        if len(before) < 2 or before[0] != d - 1 or before[1] != d - 2:
            continue
        later, earlier = before
        best: Relation | None = None
        for total, part in ((later, earlier), (earlier, later)):
            rel = evaluate(ctx, Relation(total, [part, d]), rows)
            if best is None or rel.holding > best.holding:
                best = rel
        if best is not None and best.holding >= 1 and best.holding > len(best.checks) - best.holding:
            out.append((best.total, best.addends))
    return out


def _mostly_figures(ctx: RuleContext, rows: list[int], col: int) -> bool:
    """Does ``col`` hold figures (or "——") in most of ``rows`` that are not empty? (memoised)"""
    return ctx.memo(("figures", col, len(rows), rows[0] if rows else -1), lambda: _count_figures(ctx, rows, col))


def _count_figures(ctx: RuleContext, rows: list[int], col: int) -> bool:
    cells = ctx.column(col)
    n = numbers = 0
    for i in rows:
        kind = cells[i].kind
        if kind == EMPTY:
            continue
        n += 1
        numbers += kind in (NUMBER, NONE)
    return n > 0 and numbers >= 0.6 * n


def check_row_total(ctx: RuleContext) -> RuleResult:
    res = RuleResult()
    rows = relation_rows(ctx)
    for col, sib in total_columns(ctx):
        rel = best_reading(ctx, col, sib, rows)
        ctx.notes.setdefault("relations", []).append(rel)
        note_failures(ctx, rel)
        names = "＋".join(ctx.column_name(k).split("/")[-1] for k in sib)
        for c in rel.checks:
            row = ctx.table.rows[c.idx]
            res.claims.append(Claim(line=row.first_line, kind="row_total", stated=c.stated.value, unit=c.stated.unit,
                                    text=ctx.text(c.idx, col), actual=c.value, group_label=names, column=col, ok=c.holds))
            if c.holds:
                continue
            diff = c.value - c.stated.value
            span = f"第 {row.first_line}–{ctx.table.rows[c.rows[-1]].last_line} 行" if len(c.rows) > 1 else "本行"
            span_en = f"lines {row.first_line}-{ctx.table.rows[c.rows[-1]].last_line}" if len(c.rows) > 1 else "this row"
            res.findings.append(relation_finding(ctx, rel, c, ctx.finding(
                "row_total", ERROR, line=row.first_line, column=col, stated=c.stated.value, actual=c.value,
                message=f"“{ctx.column_name(col)}”写明 {fmt(c.stated.value)}，{span} {names} 之和为 {fmt(c.value)}，差 {fmt(diff)}",
                message_en=f"{ctx.column_name(col)!r} states {fmt(c.stated.value)}, {span_en} add up to {fmt(c.value)}, "
                           f"difference {fmt(diff)}",
                suggestion=f"合计可能应为 {fmt(c.value)}，或某一分项有误",
                suggestion_en=f"the total is probably {fmt(c.value)}, or one of its parts is wrong")))
    return res


def relation_finding(ctx: RuleContext, rel: Relation, c: RowCheck, f: Finding) -> Finding:
    """``f`` with its fix: the total cell set to what its parts add up to (the suggestion's
    first reading, the one that names a cell). Not for a row read as OCR printed it (the
    cell is elsewhere in the realigned row); `column_total` takes the fix away when it
    names another cell of the row (:func:`~proofreader.rules.column_total._pinned`)."""
    if rel.raw and any("shifted" in ctx.table.rows[b].flags for b in c.rows):
        return f
    f.fix = ctx.set_figure(c.idx, rel.total, c.value)
    pinned = ctx.notes.setdefault("relation_findings", {})
    for b in c.rows:  # a merged block: the parts are on each of its rows
        pinned.setdefault(b, []).append(f)
    return f
