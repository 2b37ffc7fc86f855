"""`amount_format`: a cell that should be a number but is not.

In the amount column and in every column that holds figures in most rows, a cell that
is a number garbled by OCR (letters read for digits: O/0, l/1, B/8; a stray
character; "8万兀") is reported with its likely reading. "——" is a legitimate "no
amount" (counted as a row, added as nothing) and is never reported, nor are the words
award lists print instead of a figure (通报表扬, 授牌… see ``amount_words``). Other
words in a money column are an info, once per word, so the proofreader knows those
rows are not added up.
"""

from __future__ import annotations

from ..model import DATA, INFO, TOTAL, WARNING
from ..normalize import compact
from .base import RuleContext, RuleResult
from .cells import BAD, WORD
from .row_total import _mostly_figures


def figure_columns(ctx: RuleContext) -> list[int]:
    """Columns that should hold figures: the amount column and mostly-numeric ones."""
    rows = [i for i, r in enumerate(ctx.table.rows) if r.kind in (DATA, TOTAL)]
    amount = ctx.table.roles.get("amount")
    cols = [c for c in range(ctx.width()) if c == amount or _mostly_figures(ctx, rows, c)]
    serial = ctx.table.roles.get("serial")
    return [c for c in cols if c != serial]  # serial numbers are `sequence`'s


def _legit_word(ctx: RuleContext, text: str) -> bool:
    flat = compact(text)
    return any(w in flat for w in ctx.thresholds.amount_words)


def _money_column(ctx: RuleContext, col: int) -> bool:
    return col == ctx.table.roles.get("amount") and bool(
        ctx.table.amount_unit or any(u in ctx.column_name(col) for u in ("金额", "资金", "奖励", "万元", "元")))


def check_amount_format(ctx: RuleContext) -> RuleResult:
    res = RuleResult()
    words: dict[tuple[int, str], list[int]] = {}
    for col in figure_columns(ctx):
        for idx, row in enumerate(ctx.table.rows):
            if row.kind not in (DATA, TOTAL):
                continue
            cv = ctx.cell(idx, col)
            if cv.kind == BAD:
                res.findings.append(ctx.finding(
                    "amount_format", WARNING, line=row.first_line, column=col,
                    message=f"“{ctx.column_name(col)}”列的“{row.cells[col]}”不是规范的数字",
                    message_en=f"{row.cells[col]!r} in column {ctx.column_name(col)!r} is not a well-formed number",
                    suggestion=f"可能应为 {cv.repaired_text}", suggestion_en=f"probably {cv.repaired_text}",
                    fix=ctx.set_cell(idx, col, cv.repaired_text)))
            elif cv.kind == WORD and _money_column(ctx, col) and not _legit_word(ctx, row.cells[col]):
                words.setdefault((col, compact(row.cells[col])), []).append(idx)
    for (col, word), rows in words.items():
        first = ctx.table.rows[rows[0]]
        lines = "、".join(str(ctx.table.rows[i].first_line) for i in rows[:6]) + ("…" if len(rows) > 6 else "")
        res.findings.append(ctx.finding(
            "amount_format", INFO, line=first.first_line, column=col,
            message=f"金额栏写的是文字“{word}”（第 {lines} 行），这些行不计入金额合计",
            message_en=f"the amount column holds the words {word!r} (line(s) {lines}); those rows add nothing to sums",
            suggestion="若是 OCR 把别的列读进了金额栏，请改正",
            suggestion_en="if OCR put another column's text here, correct it"))
    return res
