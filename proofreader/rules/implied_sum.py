"""`implied_sum`: relations the table itself shows, found without a rule for the table.

Where one figure column equals the sum of the run of figure columns just after it
(总投资 = 2021年 + 2022年 + …) or just before it, in nearly every row, the rows where
it does not are flagged. A relation counts only if it holds in a large share of the
rows (``implied_sum_share``) and in enough rows where at least two of its parts are
non-zero (``implied_sum_min_rows``), so that columns of zeros or copies of one
another do not make relations up. Columns headed 合计 are `row_total`'s.
"""

from __future__ import annotations

from ..model import WARNING, Claim
from ..numbers import fmt
from .base import RuleContext, RuleResult
from .cells import NUMBER
from .column_total import is_ratio_column
from .row_total import Relation, _mostly_figures, best_reading, note_failures, relation_rows, total_columns, view


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
    found: list[Relation] = []
    for run in runs:
        if len(run) < 3:
            continue
        for pos, t in enumerate(run):
            candidates = [run[pos + 1: pos + 1 + k] for k in range(2, len(run) - pos)] + \
                         [run[pos - k: pos] for k in range(2, pos + 1)]
            for addends in candidates:
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
            res.findings.append(ctx.finding(
                "implied_sum", WARNING, line=row.first_line, column=rel.total, stated=c.stated.value, actual=c.value,
                message=f"“{total_name}”{fmt(c.stated.value)} 不等于 {names} 之和 {fmt(c.value)}（差 {fmt(diff)}）；"
                        f"表中其他 {rel.holding} 行都相等",
                message_en=f"{total_name!r} {fmt(c.stated.value)} is not the sum of {names}, {fmt(c.value)} "
                           f"(difference {fmt(diff)}); it is in {rel.holding} other rows",
                suggestion=f"“{total_name}”可能应为 {fmt(c.value)}，或某一分项有误",
                suggestion_en=f"{total_name!r} is probably {fmt(c.value)}, or one of its parts is wrong"))
    return res
