"""`subtotal`: every figure of a ledger table that is the sum of others, against them.

The relations come from :mod:`proofreader.structure` (codes, ordinals, total words and
columns, and the arithmetic). Each is one claim; a relation that does not hold is an
error when the page states it (a code, a total word, a 合计 header) and a warning when
only the arithmetic of the other rows suggested it.
"""

from __future__ import annotations

from decimal import Decimal

from ..model import ERROR, WARNING, Claim, Table
from ..numbers import fmt
from ..structure import (SUBTOTAL, TOTAL_COLUMN, TOTAL_ROW, Relation, Structure, infer, is_total_label, sum_of, value,
                         _tol)
from .base import RuleContext, RuleResult

_KIND_ZH = {SUBTOTAL: "下级各行之和", TOTAL_ROW: "所合计各行之和", TOTAL_COLUMN: "同行各分项之和"}
_KIND_EN = {SUBTOTAL: "the sum of its sub-rows", TOTAL_ROW: "the sum of the rows it totals",
            TOTAL_COLUMN: "the sum of the columns it totals"}
#: A later figure against the earlier one and the change printed beside them.
_CHANGE = ("另一年的数与增减额之和", "the other year's figure plus the change")
#: A whole and the rows after it that say "其中" (of which).
_OF_WHICH = ("其中所列各项之和", "the sum of the parts listed after “其中”")


def is_ledger(table: Table, st: Structure | None) -> bool:
    """A table whose sums `subtotal` checks (the older total rules leave it alone)."""
    if st is None:
        return False
    if table.layout == "ledger":
        return True
    codes = set(st.codes.values())
    return sum(1 for c in codes if len(c) > 3 and c[:-2] in codes) >= 2


def structure_of(ctx: RuleContext) -> Structure | None:
    return ctx.memo("structure", lambda: infer(ctx.table))


#: A cell's proposed value, the slack of the relation proposing it, and that relation.
_Proposal = tuple[Decimal, Decimal, int]


def _pinpointed(table: Table, failing: dict[int, tuple[Relation, Decimal, Decimal, Decimal]]
                ) -> dict[int, tuple[int, int, Decimal]]:
    """For each failing relation, the one cell two failing relations agree on, with its value.

    A misread figure puts off every relation it is in, by the same amount: a subtotal
    printed wrong fails against its parts and, as a part, against its parent; a part
    printed wrong fails in its column and in its row's 合计. So a cell whose value would
    mend two failing relations alike is the likely misreading. A relation with no such
    cell, or with two, has no fix: it may be the total or any part."""
    proposed: dict[tuple[int, int], list[_Proposal]] = {}
    for k, (rel, stated, total, slack) in failing.items():
        proposed.setdefault((rel.row, rel.col), []).append((total, slack, k))
        short = stated - total  # what the parts lack
        for r, c in rel.parts:
            v = value(table.rows[r].cells[c]) if c < len(table.rows[r].cells) else None
            if v is not None:
                proposed.setdefault((r, c), []).append((v + short, slack, k))
    agreed: dict[tuple[int, int], Decimal] = {}
    for cell, props in proposed.items():
        if len({k for _v, _s, k in props}) >= 2 and all(
                abs(v - props[0][0]) <= s + props[0][1] for v, s, _k in props[1:]):
            agreed[cell] = props[0][0]
    out: dict[int, tuple[int, int, Decimal]] = {}
    for k, (rel, _stated, _total, _slack) in failing.items():
        mine = [cell for cell in [(rel.row, rel.col), *rel.parts] if cell in agreed]
        if len(mine) == 1:
            r, c = mine[0]
            out[k] = (r, c, next(v for v, _s, j in proposed[(r, c)] if j == k))
    return out


def check_subtotal(ctx: RuleContext) -> RuleResult:
    out = RuleResult()
    table = ctx.table
    st = structure_of(ctx)
    if st is None or not is_ledger(table, st):
        return out
    failing: dict[int, tuple[Relation, Decimal, Decimal, Decimal]] = {}
    for k, rel in enumerate(st.relations):
        stated = value(table.rows[rel.row].cells[rel.col])
        if stated is not None:
            total, tol = sum_of(table, rel.parts)
            if abs(total - stated) > tol + _tol(table.rows[rel.row].cells[rel.col]):
                failing[k] = (rel, stated, total, tol + _tol(table.rows[rel.row].cells[rel.col]))
    pinned = _pinpointed(table, failing) if len(failing) >= 2 else {}
    for k, rel in enumerate(st.relations):
        row = table.rows[rel.row]
        text = row.cells[rel.col]
        stated = value(text)
        if stated is None:
            continue
        total, tol = sum_of(table, rel.parts)
        ok = k not in failing
        label = _row_label(table, rel.row, st)
        col_name = table.columns[rel.col] if rel.col < len(table.columns) else ""
        out.claims.append(Claim(line=row.first_line, kind=rel.kind, stated=stated, unit=table.amount_unit,
                                text=text, actual=total, group_label=label, column=rel.col, ok=ok))
        if ok:
            continue
        default = ERROR if rel.certain else WARNING
        diff = total - stated
        lines = sorted({table.rows[r].first_line for r, _c in rel.parts})
        where = _lines_text(lines)
        kind_zh, kind_en = _OF_WHICH if rel.reason == "of_which" else _CHANGE if rel.reason == "change" \
            else (_KIND_ZH[rel.kind], _KIND_EN[rel.kind])
        head_zh = f"“{label}”“{col_name}”列" if label else f"“{col_name}”列"  # one row of figures: no label
        head_en = f"“{label}”, column “{col_name}”" if label else f"column “{col_name}”"
        msg = (f"{head_zh}：写明 {fmt(stated)}，{kind_zh}（{where}）为 {fmt(total)}，"
               f"差 {fmt(diff)}")
        msg_en = (f"{head_en}: states {fmt(stated)}, {kind_en} "
                  f"({where}) is {fmt(total)}, difference {fmt(diff)}")
        zh = f"核对第 {row.first_line} 行与{kind_zh}"
        en = f"check line {row.first_line} against {kind_en}"
        fix: list[dict] = []
        if k in pinned:  # two sums point at one cell: name it, with its value
            r, c, v = pinned[k]
            fix = ctx.set_figure(r, c, v)
            if fix:
                line, was, name = table.rows[r].first_line, table.rows[r].cells[c], ctx.column_name(c)
                new = fix[0]["new"]
                zh = f"第 {line} 行“{name}”{was} 可能应为 {new}（与它有关的两处合计都指向它）"
                en = f"line {line}, column {name!r}: {was} is probably {new} (both sums it is in point at it)"
        f = ctx.finding("subtotal", default, line=row.first_line, message=msg, message_en=msg_en,
                        row_line=row.first_line, stated=stated, actual=total, column=rel.col,
                        suggestion=zh, suggestion_en=en, fix=fix)
        out.findings.append(f)
    reported: set[str] = set()
    for anc, idx, missing in st.gaps:
        if missing in reported:
            continue
        reported.add(missing)
        row = table.rows[anc]
        child = table.rows[idx]
        code = st.codes.get(idx, "")
        out.findings.append(ctx.finding(
            "subtotal", WARNING, line=row.first_line, row_line=child.first_line,
            message=f"科目 {code}（第 {child.first_line} 行）的上级科目 {missing} 没有对应的行：可能漏了一行",
            message_en=f"code {code} (line {child.first_line}) has no row for its parent code {missing}: "
                       "a row may be missing",
            suggestion=f"核对原件中科目 {missing} 一行", suggestion_en=f"check the print for the row of code {missing}"))
    return out


def _row_label(table: Table, idx: int, st: Structure) -> str:
    row = table.rows[idx]
    for half in st.halves:
        if half.label < len(row.cells) and row.cells[half.label].strip():
            text = row.cells[half.label].strip()
            if is_total_label(text) or len(st.halves) == 1:
                return text
    code = st.codes.get(idx, "")
    for half in st.halves:
        if half.label < len(row.cells) and row.cells[half.label].strip():
            return (code + " " if code else "") + row.cells[half.label].strip()
    return code


def _lines_text(lines: list[int]) -> str:
    if len(lines) <= 4:
        return "第 " + "、".join(str(n) for n in lines) + " 行"
    return f"第 {lines[0]}–{lines[-1]} 行中的 {len(lines)} 行"
