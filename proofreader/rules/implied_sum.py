"""`implied_sum`: relations the table itself shows, found without a rule for the table.

Where one figure column equals the sum of the run of figure columns just after it
(总投资 = 2021年 + 2022年 + …) or just before it, in nearly every row, the rows where
it does not are flagged. A relation counts only if it holds in a large share of the
rows (``implied_sum_share``) and in enough rows where at least two of its parts are
non-zero (``implied_sum_min_rows``), so that columns of zeros or copies of one
another do not make relations up. Columns headed 合计 are `row_total`'s.
"""

from __future__ import annotations

from typing import Any

from ..model import WARNING, Claim
from ..numbers import fmt, is_no_amount
from .base import RuleContext, RuleResult
from .cells import NUMBER
from .column_total import is_ratio_column
from .row_total import (Relation, _mostly_figures, best_reading, note_failures, relation_finding, relation_rows,
                        total_columns, view)


def _nontrivial(ctx: RuleContext, rel: Relation) -> int:
    n = 0
    for c in rel.checks:
        if not c.holds:
            continue
        nonzero = 0
        for b in c.rows:
            for col in rel.addends:
                cv = view(ctx, b, col, rel.raw)
                if cv.kind == NUMBER and cv.amount is not None and cv.amount.value != 0:
                    nonzero += 1
        n += nonzero >= 2
    return n


def find_relations(ctx: RuleContext) -> list[Relation]:
    """Relations that hold in nearly every row, best first, no column used twice as a total."""
    rows = relation_rows(ctx)
    if len(rows) < ctx.thresholds.implied_sum_min_rows:
        return []
    explicit = {c for c, _sib in total_columns(ctx)}
    numeric = [c for c in range(ctx.width()) if c not in explicit and not is_ratio_column(ctx, c)
               and _mostly_figures(ctx, rows, c)]
    runs: list[list[int]] = []  # maximal runs of adjacent figure columns
    for c in numeric:
        if runs and runs[-1][-1] == c - 1:
            runs[-1].append(c)
        else:
            runs.append([c])
    share = ctx.thresholds.implied_sum_share
    plain = _plain_values(ctx, rows, numeric)
    # A realigned row or a total over a block of rows reads differently from the plain
    # cells: when the table has any, every candidate gets the full reading.
    screen = not any("shifted" in ctx.table.rows[i].flags for i in rows)
    found: list[Relation] = []
    for run in runs:
        if len(run) < 3:
            continue
        for pos, t in enumerate(run):
            after = [run[pos + 1: pos + 1 + k] for k in range(2, min(len(run) - pos, MAX_ADDENDS + 1))]
            before = [run[pos - k: pos] for k in range(2, min(pos, MAX_ADDENDS) + 1)]
            if screen:
                after = _screened(plain, t, after, ctx.thresholds.implied_sum_min_rows)
                before = _screened(plain, t, before, ctx.thresholds.implied_sum_min_rows)
            for addends in after + before:
                rel = best_reading(ctx, t, addends, rows)
                applicable = len(rel.checks)
                if applicable < ctx.thresholds.implied_sum_min_rows or rel.holding < share * applicable \
                        or rel.holding == applicable and applicable < ctx.thresholds.implied_sum_min_rows:
                    continue
                if _nontrivial(ctx, rel) < ctx.thresholds.implied_sum_min_rows:
                    continue
                found.append(rel)
    found.sort(key=lambda r: (-r.holding, -len(r.addends)))
    chosen: list[Relation] = []
    used: set[int] = set()
    for rel in found:
        if rel.total in used:
            continue
        chosen.append(rel)
        used.add(rel.total)
        used.update(rel.addends)
    return chosen


#: Longest run of columns a column may be the implied sum of: more is not a relation a
#: table states without a 合计 header, and the bound keeps the search linear in columns.
MAX_ADDENDS = 24


def _plain_values(ctx: RuleContext, rows: list[int], cols: list[int]) -> dict[int, dict]:
    """Each row's figures as plain values (None where a cell is not a number)."""
    out: dict[int, dict] = {}
    for idx in rows:
        vals: dict[int, Any] = {}
        for c in cols:
            cv = ctx.cell(idx, c)
            if cv.kind == NUMBER and cv.amount is not None:
                vals[c] = cv.amount.value
            else:  # "——" and an empty cell add nothing; other text stops the row
                vals[c] = 0 if is_no_amount(ctx.text(idx, c)) else None
        out[idx] = vals
    return out


def _screened(plain: dict[int, dict], total: int, candidates: list[list[int]], min_rows: int) -> list[list[int]]:
    """The candidate runs that hold exactly, on the plain values, in at least ``min_rows``
    rows: running sums make this one pass over each row's run (no run is read twice)."""
    if not candidates:
        return []
    hits = [0] * len(candidates)
    for vals in plain.values():
        t = vals.get(total)
        if t is None:
            continue
        # Candidates are nested runs growing away from the total: one running sum serves all.
        running = 0
        prev_len = 0
        ok = True
        for n, run in enumerate(candidates):
            for c in (run[prev_len:] if run[0] == candidates[0][0] else run[: len(run) - prev_len]):
                v = vals.get(c)
                if v is None:
                    ok = False
                    break
                running += v
            if not ok:
                break
            prev_len = len(run)
            if running == t:
                hits[n] += 1
    return [run for run, h in zip(candidates, hits) if h >= min_rows]


def check_implied_sum(ctx: RuleContext) -> RuleResult:
    res = RuleResult()
    for rel in find_relations(ctx):
        note_failures(ctx, rel)
        total_name = ctx.column_name(rel.total).split("/")[-1]
        names = "＋".join(ctx.column_name(k).split("/")[-1] for k in rel.addends)
        for c in rel.checks:
            row = ctx.table.rows[c.idx]
            res.claims.append(Claim(line=row.first_line, kind="row_total", stated=c.stated.value, unit=c.stated.unit,
                                    text=ctx.text(c.idx, rel.total), actual=c.value, group_label=f"{total_name}={names}",
                                    column=rel.total, ok=c.holds))
            if c.holds:
                continue
            diff = c.value - c.stated.value
            res.findings.append(relation_finding(ctx, rel, c, ctx.finding(
                "implied_sum", WARNING, line=row.first_line, column=rel.total, stated=c.stated.value, actual=c.value,
                message=f"“{total_name}”{fmt(c.stated.value)} 不等于 {names} 之和 {fmt(c.value)}（差 {fmt(diff)}）；"
                        f"表中其他 {rel.holding} 行都相等",
                message_en=f"{total_name!r} {fmt(c.stated.value)} is not the sum of {names}, {fmt(c.value)} "
                           f"(difference {fmt(diff)}); it is in {rel.holding} other rows",
                suggestion=f"“{total_name}”可能应为 {fmt(c.value)}，或某一分项有误",
                suggestion_en=f"{total_name!r} is probably {fmt(c.value)}, or one of its parts is wrong")))
    return res
