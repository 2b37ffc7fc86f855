"""`column_total`: a 合计/小计/总计 row against the rows it covers, column by column.

A total row at the bottom covers the data rows above it (back to the previous 小计 or
group header for a 小计; the whole table for a 合计); a total row printed before any
data row (at the top, under multi-row headers) covers the rows below it. Each
figure of the total row is one claim. Columns of ratios (%, 率, 增长, 平均) are not
added up. When the parser realigned a row that OCR seemed to shift and the totals
agree only with the row as printed, the printed alignment is used and `shifted_row`
is told that the realignment is doubtful.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..lexicon import CHANGE_HEADER, NOT_SUMMED_DOWN, SUBTOTAL_LABEL
from ..model import DATA, ERROR, GROUP, TOTAL, WARNING, Claim
from ..normalize import compact
from ..numbers import Amount, consistent, fmt, sum_interval
from .base import RuleContext, RuleResult
from .cells import BAD, NUMBER, SEVERAL, WORD, CellValue, read_cell

_SUBTOTAL = SUBTOTAL_LABEL


def is_ratio_column(ctx: RuleContext, col: int) -> bool:
    """Columns whose figures are not added up (ratios, averages, dates, serials)."""
    path = ctx.table.column_paths[col] if col < len(ctx.table.column_paths) else [ctx.column_name(col)]
    return bool(NOT_SUMMED_DOWN.search(path[-1] if path else "")) or col == ctx.table.roles.get("serial")


def fitted_raw(ctx: RuleContext, idx: int) -> list[str]:
    """A row's cells as OCR printed them, padded to the table's width."""
    row = ctx.table.rows[idx]
    raw = list(row.raw_cells or row.cells)
    width = ctx.width()
    return (raw + [""] * width)[:width]


def column_cells(ctx: RuleContext, rows: list[int], col: int, raw_rows: frozenset[int] = frozenset()
                 ) -> list[tuple[int, CellValue]]:
    out = []
    unit = ctx.table.amount_unit if col == ctx.table.roles.get("amount") else ""
    for idx in rows:
        if idx in raw_rows:
            out.append((idx, read_cell(fitted_raw(ctx, idx)[col], unit)))
        else:
            out.append((idx, ctx.cell(idx, col)))
    return out


def add_up(cells: list[tuple[int, CellValue]], unit: str) -> tuple[Decimal, Decimal, Decimal]:
    amounts: list[Amount] = []
    for _idx, cv in cells:
        if cv.kind == NUMBER and cv.amount is not None:
            a = cv.amount
            amounts.append(a if (a.unit and unit) else Amount(a.value, unit, a.decimals))
    return sum_interval(amounts, unit)


def _scopes(ctx: RuleContext, i: int) -> list[list[int]]:
    """The sets of data rows total row ``i`` may cover, most likely first."""
    rows = ctx.table.rows
    label = compact(next((c for c in rows[i].cells if c), ""))
    sub = bool(_SUBTOTAL.match(label))
    before: list[int] = []
    for j in range(i - 1, -1, -1):
        r = rows[j]
        if r.kind == TOTAL and (sub or not _SUBTOTAL.match(compact(next((c for c in r.cells if c), "")))):
            break
        if r.kind == GROUP and sub:
            break
        if r.kind == DATA:
            before.append(j)
    before.reverse()
    scopes: list[list[int]] = []
    if before:
        scopes.append(before)
        everything_before = [j for j in range(i) if rows[j].kind == DATA]
        if everything_before != before:
            scopes.append(everything_before)
        if not sub:
            # A 合计 printed under the last group's rows may be that group's own (a list
            # printed one table per group, each closed by its 合计): the rows since each
            # group header that encloses it, innermost first.
            scopes.extend(s for s in _group_scopes(rows, before) if s not in scopes)
        if not sub:
            # A 合计 that agrees with the 小计 rows above it: a wrong row is the 小计's to report.
            subs = []
            for j in range(i - 1, -1, -1):
                if rows[j].kind != TOTAL:
                    continue
                if not _SUBTOTAL.match(compact(next((c for c in rows[j].cells if c), ""))):
                    break
                subs.append(j)
            if subs:
                scopes.append(sorted(subs))
            start = next((j + 1 for j in range(i - 1, -1, -1) if rows[j].kind == TOTAL), 0)
            sections = _section_heads(rows, start, i)
            if sections:
                scopes.append(sections)
        if sub:
            # "小学小计（7所）" printed over its schools, the next 小计 over its own: the rows
            # after it, up to the next total.
            own: list[int] = []
            for j in range(i + 1, len(rows)):
                if rows[j].kind == TOTAL:
                    break
                if rows[j].kind == DATA:
                    own.append(j)
            if own and own not in scopes:
                scopes.append(own)
        return scopes
    after: list[int] = []
    subs_after: list[int] = []
    for j in range(i + 1, len(rows)):
        if rows[j].kind == TOTAL:
            if sub or not _SUBTOTAL.match(compact(next((c for c in rows[j].cells if c), ""))):
                break
            subs_after.append(j)  # a 合计 printed first, 小计 rows closing its sections
            continue
        if rows[j].kind == DATA:
            after.append(j)
    if after:
        scopes.append(after)
        if subs_after:
            scopes.append(subs_after)
        if not sub:
            sections = _section_heads(rows, i + 1, after[-1])
            if sections:
                scopes.append(sections)
    return scopes


def _section_heads(rows, a: int, b: int) -> list[int]:
    """The outermost section headers printing figures in their columns among rows a..b-1
    (a 合计 that agrees with them: a wrong row is its section's to report)."""
    heads = [j for j in range(a, b) if rows[j].kind == GROUP and any(c.strip() for c in rows[j].cells[1:])]
    if not heads:
        return []
    top = min(rows[j].level for j in heads)
    return [j for j in heads if rows[j].level == top]


def _group_scopes(rows, before: list[int]) -> list[list[int]]:
    """The rows ``before`` a total row that fall under each group header among them (the
    headers the total row is printed under, innermost first)."""
    out: list[list[int]] = []
    if not before:
        return out
    level = None
    for j in range(before[-1], before[0] - 1, -1):
        r = rows[j]
        if r.kind != GROUP or (level is not None and r.level >= level):
            continue
        level = r.level
        scope = [k for k in before if k > j]
        if scope:
            out.append(scope)
        if level <= 1:
            break
    return out


def _arithmetic_parents(ctx: RuleContext, scope: list[int]) -> list[int]:
    """Rows of ``scope`` that are each the sum of the rows printed right under them, when
    the scope is nothing but such blocks ("安平县 2,075" over its towns "城关镇 262", …,
    marked by an indentation the text lost): the reading of a total over the counties, not
    over counties and towns together. Empty when the arithmetic does not partition it."""
    amount = ctx.table.roles.get("amount")
    cols = ([amount] if amount is not None else []) + [c for c in range(1, ctx.width()) if c != amount]
    for col in cols:  # the first figure column the blocks partition: the others are checked by it
        got = _blocks_in(ctx, scope, col)
        if got:
            return got
    return []


def _blocks_in(ctx: RuleContext, scope: list[int], col: int) -> list[int]:
    if is_ratio_column(ctx, col):
        return []
    vals = []
    for j in scope:
        cv = ctx.cell(j, col)
        vals.append(cv.amount.value if cv.kind == NUMBER and cv.amount is not None else None)
    parents: list[int] = []
    k = 0
    while k < len(scope):
        v = vals[k]
        if v is None or v <= 0:
            return []
        total = Decimal(0)
        end = k + 1
        while end < len(scope) and total < v:
            part = vals[end]
            if part is None:
                break
            total += part
            end += 1
        if total != v or end - k - 1 < 2:
            return []
        parents.append(scope[k])
        ctx.notes.setdefault("blocks", {})[scope[k]] = scope[k + 1: end]
        k = end
    return parents if len(parents) >= 2 else []


def _check_blocks(ctx: RuleContext, res: RuleResult, parents: list[int]) -> None:
    """Each block's first row against the rows under it, in every figure column (the
    arithmetic of one column found the blocks: a warning where another does not hold)."""
    kids_of = ctx.notes.get("blocks", {})
    for p in parents:
        row = ctx.table.rows[p]
        label = compact(next((c for c in row.cells if c), ""))
        _check_row_over(ctx, res, p, kids_of.get(p, []), WARNING, confirm=False,
                        says=lambda name, label=label: (f"“{label}”“{name}”列", "其下各行之和",
                                                        f"{label!r}, column {name!r}", "the rows under it add up to"))


def _check_row_over(ctx: RuleContext, res: RuleResult, i: int, scope: list[int], severity: str, confirm: bool,
                    says) -> None:
    """Row ``i``'s figures against the rows of ``scope``, column by column: a claim each,
    a finding where one does not hold. ``says(column name)`` gives the words of the
    message: (the figure, the rows, and both in English)."""
    row = ctx.table.rows[i]
    label = compact(next((c for c in row.cells if c), "")) or "小计"
    for col in range(1, ctx.width()):
        total = ctx.cell(i, col)
        if total.kind != NUMBER or total.amount is None or is_ratio_column(ctx, col):
            continue
        cells = column_cells(ctx, scope, col)
        if not any(cv.kind == NUMBER for _j, cv in cells):
            continue
        stated = total.amount
        low, value, high = add_up(cells, stated.unit)
        ok = consistent(stated, low, high)
        res.claims.append(Claim(line=row.first_line, kind="column_total", stated=stated.value, unit=stated.unit,
                                text=row.cells[col], actual=value, group_label=label, column=col, ok=ok))
        if ok:
            if confirm:
                _confirmed(ctx, i, col)
            continue
        diff = value - stated.value
        zh, en, fix = _suggest(ctx, cells, col, diff)
        what, rows_zh, what_en, rows_en = says(ctx.column_name(col))
        res.findings.append(ctx.finding(
            "column_total", severity, line=row.first_line, row_line=row.first_line, column=col,
            stated=stated.value, actual=value,
            message=f"{what}：写明 {fmt(stated.value)}，{rows_zh} {fmt(value)}，差 {fmt(diff)}",
            message_en=f"{what_en}: states {fmt(stated.value)}, {rows_en} {fmt(value)}, difference {fmt(diff)}",
            suggestion=zh, suggestion_en=en, fix=fix))


def check_column_total(ctx: RuleContext) -> RuleResult:
    res = RuleResult()
    rows = ctx.table.rows
    _check_section_rows(ctx, res)
    _check_change_rows(ctx, res)
    doubtful: set[int] = ctx.notes.setdefault("doubtful_shift", set())
    for i, row in enumerate(rows):
        if row.kind != TOTAL:
            continue
        scopes = _scopes(ctx, i)
        if not scopes or any(ctx.cell(i, c).kind == SEVERAL for c in range(ctx.width())):
            continue  # a total row whose cells ran together: its figures' columns are unknown
        blocks = _arithmetic_parents(ctx, scopes[0])
        if blocks:
            scopes.insert(0, blocks)  # the rows are blocks of a subtotal and its parts
            _check_blocks(ctx, res, blocks)
        label = next((c for c in row.cells if c), "合计")
        _check_row_count(ctx, res, i, scopes[0], label)
        for col in range(1, ctx.width()):
            total = ctx.cell(i, col)
            if total.kind != NUMBER or total.amount is None or is_ratio_column(ctx, col):
                continue
            stated = total.amount
            unit = stated.unit
            first = column_cells(ctx, scopes[0], col)
            if sum(1 for _i, cv in first if cv.kind == NUMBER) == 0:
                continue
            low, value, high = add_up(first, unit)
            claim = Claim(line=row.first_line, kind="column_total", stated=stated.value, unit=unit,
                          text=row.cells[col], actual=value, group_label=compact(label), column=col)
            res.claims.append(claim)
            claim.ok = True
            if consistent(stated, low, high):
                _confirmed(ctx, i, col)
                continue
            ok = False
            for scope in scopes[1:]:
                lo, v, hi = add_up(column_cells(ctx, scope, col), unit)
                if consistent(stated, lo, hi):
                    ok, claim.actual = True, v
                    break
            shifted = frozenset(j for j in scopes[0] if "shifted" in rows[j].flags and rows[j].raw_cells)
            if not ok and shifted:
                lo, v, hi = add_up(column_cells(ctx, scopes[0], col, shifted), unit)
                if consistent(stated, lo, hi):
                    ok, claim.actual = True, v
                    doubtful.update(shifted)
            if ok:
                _confirmed(ctx, i, col)
                continue
            claim.ok = False
            diff = value - stated.value
            zh, en, fix = _suggest(ctx, first, col, diff)
            name = ctx.column_name(col)
            res.findings.append(ctx.finding(
                "column_total", ERROR, line=row.first_line, row_line=row.first_line, column=col,
                stated=stated.value, actual=value,
                message=f"{compact(label)}行“{name}”列：写明 {fmt(stated.value)}，各行之和 {fmt(value)}，差 {fmt(diff)}",
                message_en=f"{compact(label)} row, column {name!r}: states {fmt(stated.value)}, "
                           f"rows add up to {fmt(value)}, difference {fmt(diff)}",
                suggestion=zh, suggestion_en=en, fix=fix))
    return res


def _check_change_rows(ctx: RuleContext, res: RuleResult) -> None:
    """"2023年预算数 / 2024年预算数 / 增减额" printed as rows: the change row is the later
    row less the earlier in every figure column. Which row is the later is read from the
    arithmetic (either year may come first), and the reading is kept only where it holds
    in most columns; a column where it fails is reported at the change row."""
    rows = ctx.table.rows
    label_col = 0
    for i, row in enumerate(rows):
        if row.kind not in (DATA, TOTAL) or not CHANGE_HEADER.match(compact(ctx.text(i, label_col))):
            continue
        above = [j for j in range(i - 1, -1, -1) if rows[j].kind in (DATA, TOTAL)][:2]
        if len(above) < 2 or above[0] != i - 1 or above[1] != i - 2:
            continue
        cols = [c for c in range(1, ctx.width()) if not is_ratio_column(ctx, c)
                and all(ctx.cell(k, c).kind == NUMBER for k in (i, *above))]
        if not cols:
            continue
        best: list[tuple[int, Decimal, Decimal, bool, str]] = []
        for later, earlier in (tuple(above), tuple(reversed(above))):
            got = []
            for c in cols:
                stated, a, b = (ctx.cell(k, c).amount for k in (i, later, earlier))
                assert stated is not None and a is not None and b is not None
                low, value, high = sum_interval([a, Amount(-b.value, b.unit, b.decimals)], stated.unit)
                got.append((c, stated.value, value, consistent(stated, low, high), stated.unit))
            if sum(g[3] for g in got) > sum(g[3] for g in best):
                best = got
        holding = sum(g[3] for g in best)
        if holding < 1 or holding <= len(best) - holding:
            continue
        label = compact(ctx.text(i, label_col))
        for c, stated_value, value, ok, unit in best:
            res.claims.append(Claim(line=row.first_line, kind="column_total", stated=stated_value,
                                    unit=unit, text=row.cells[c], actual=value,
                                    group_label=label, column=c, ok=ok))
            if ok:
                continue
            name = ctx.column_name(c)
            res.findings.append(ctx.finding(
                "column_total", ERROR, line=row.first_line, row_line=row.first_line, column=c,
                stated=stated_value, actual=value,
                message=f"{label}行“{name}”列：写明 {fmt(stated_value)}，上两行之差为 {fmt(value)}，差 {fmt(value - stated_value)}",
                message_en=f"{label} row, column {name!r}: states {fmt(stated_value)}, the two rows above differ by "
                           f"{fmt(value)}, difference {fmt(value - stated_value)}",
                suggestion=f"增减可能应为 {fmt(value)}，或上两行之一有误",
                suggestion_en=f"the change is probably {fmt(value)}, or one of the two rows above is wrong",
                fix=ctx.set_figure(i, c, value)))


#: "6家", "合计6家", "共28个项目", "小计（15个）": a count in a total row's cell.
_COUNT_CELL = re.compile(r"^(?:共计?|合计|小计|总计)?[(（]?共?(\d+)([家个项名人户所件])(?:[\u4e00-\u9fff]{0,4})?[)）]?$")


def _check_row_count(ctx: RuleContext, res: RuleResult, i: int, scope: list[int], label: str) -> None:
    """A count printed in a total row ("合计 | 6家 | | 95"): the number of rows it covers."""
    row = ctx.table.rows[i]
    for col, text in enumerate(row.cells):
        m = _COUNT_CELL.match(compact(text))
        if not m or col == ctx.table.roles.get("amount") and not re.match(r"^(?:共|合计|小计|总计)", compact(text)):
            continue  # (a count in the amount column only where it says it is one: "共28个项目")
        stated = Decimal(m.group(1))
        actual = Decimal(len(scope))
        # the rows, or the distinct units of the column it is printed in ("3个乡镇")
        distinct = {compact(ctx.text(j, col)) for j in scope if ctx.text(j, col).strip()}
        ok = stated in (actual, Decimal(len(distinct)))
        res.claims.append(Claim(line=row.first_line, kind="count", stated=stated, unit=m.group(2), text=text,
                                actual=actual, group_label=compact(label), column=col, ok=ok))
        if not ok:
            res.findings.append(ctx.finding(
                "column_total", ERROR, line=row.first_line, row_line=row.first_line, column=col,
                stated=stated, actual=actual,
                message=f"{compact(label)}行写明 {fmt(stated)}{m.group(2)}，实有 {fmt(actual)} 行，差 {fmt(actual - stated)}",
                message_en=f"{compact(label)} row states {fmt(stated)}, there are {fmt(actual)} rows, "
                           f"difference {fmt(actual - stated)}",
                suggestion="核对是否漏行或多行", suggestion_en="check for a missing or an extra row"))


def _section_scope(rows, i: int) -> list[int]:
    """The data rows under group header ``i``: up to the next header of its level or above,
    or the next total row."""
    level = rows[i].level
    out = []
    for j in range(i + 1, len(rows)):
        r = rows[j]
        if r.kind == TOTAL or (r.kind == GROUP and r.level <= level):
            break
        if r.kind == DATA:
            out.append(j)
    return out


def _check_section_rows(ctx: RuleContext, res: RuleResult) -> None:
    """A section header that prints figures in the table's columns ("一 产业类项目（5个）
    8,345 4,170"): each is the sum of the section's rows in its column."""
    rows = ctx.table.rows
    for i, row in enumerate(rows):
        if row.kind != GROUP or not any(c.strip() for c in row.cells[1:]):
            continue
        scope = _section_scope(rows, i)
        if not scope:
            continue
        label = compact(row.cells[0]) or "小计"
        _check_row_over(ctx, res, i, scope, ERROR, confirm=True,
                        says=lambda name, label=label: (f"{label}行“{name}”列", "本组各行之和",
                                                        f"{label} row, column {name!r}",
                                                        "the rows of its group add up to"))


def _suggest(ctx: RuleContext, cells: list[tuple[int, CellValue]], col: int, diff: Decimal
             ) -> tuple[str, str, list[dict]]:
    """Where the column's sum went wrong; the fix when one cell is named with its value."""
    rows = ctx.table.rows
    bad = [idx for idx, cv in cells if cv.kind in (BAD, WORD, SEVERAL)]
    if bad:
        lines = "、".join(str(rows[i].first_line) for i in bad[:5])
        return (f"第 {lines} 行此列不是数字，未计入", f"line(s) {lines}: not a number in this column, not added up", [])
    # A row whose own row relation fails by the same amount is the likely culprit.
    for idx, off in ctx.notes.get("row_relation_off", {}).get(col, []):
        if off == diff:
            v = ctx.cell(idx, col).value_or_zero()
            if v is not None:
                line = rows[idx].first_line
                _pinned(ctx, idx, col)
                return (f"第 {line} 行此列 {fmt(v)} 与该行其他列不符，可能应为 {fmt(v - diff)}",
                        f"line {line}: {fmt(v)} disagrees with the rest of its row, probably {fmt(v - diff)}",
                        ctx.set_figure(idx, col, v - diff))
    hits = []
    for idx, cv in cells:
        if cv.kind == NUMBER and cv.amount is not None:
            want = cv.amount.value - diff
            a, b = fmt(cv.amount.value), fmt(want)
            if want >= 0 and len(a) == len(b) and sum(1 for x, y in zip(a, b) if x != y) == 1:
                hits.append((idx, cv.amount.value, want))
    if len(hits) == 1:
        idx, v, want = hits[0]
        line = rows[idx].first_line
        return (f"第 {line} 行此列 {fmt(v)} 可能应为 {fmt(want)}，或合计数有误",
                f"line {line}: {fmt(v)} is probably {fmt(want)}, or the total is wrong", ctx.set_figure(idx, col, want))
    from .count_sum import locate_rows

    zh, en = locate_rows(ctx, [idx for idx, _cv in cells], missing=diff < 0)
    return "；".join(zh), "; ".join(en), []


def _confirmed(ctx: RuleContext, idx: int, col: int) -> None:
    """The total row ``idx`` agrees with its rows in column ``col``: a row relation's fix
    that would change that figure goes (the relation's other cells are the suspects)."""
    for f in ctx.notes.get("relation_findings", {}).get(idx, []):
        if f.fix and f.fix[0].get("column") == col:
            f.fix = []


def _pinned(ctx: RuleContext, idx: int, col: int) -> None:
    """This rule names cell ``col`` of row ``idx`` for a row relation that fails: a row
    relation's own finding that proposes another cell of that row (its total) loses its
    fix — two rules naming two cells is no value F9 may apply — and keeps its suggestion."""
    for f in ctx.notes.get("relation_findings", {}).get(idx, []):
        if f.column != col:
            f.fix = []
