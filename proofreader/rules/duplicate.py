"""`duplicate`: the same entity twice in one group.

A row repeated word for word (serial number aside) is what OCR does when a page is
scanned twice or a line is read twice: a warning. The same name with a different
award in one group happens in real lists (a company that won two things): an info,
so the proofreader can glance at it.
"""

from __future__ import annotations

from ..model import INFO, WARNING
from .cells import text_key as label_key
from .base import RuleContext, RuleResult


def _content_key(ctx: RuleContext, idx: int) -> tuple[str, ...]:
    row = ctx.table.rows[idx]
    skip = {ctx.table.roles.get("serial"), ctx.table.roles.get("category")}
    return tuple(label_key(c) for i, c in enumerate(row.cells) if i not in skip)


def _name_key(ctx: RuleContext, idx: int) -> str:
    col = ctx.table.roles.get("name")
    if col is None:
        return ""
    return label_key(ctx.text(idx, col))


def duplicate_pairs(ctx: RuleContext, rows: list[int]) -> list[tuple[int, int]]:
    """Pairs (first, repeat) of rows among ``rows`` whose content is identical."""
    seen: dict[tuple[str, ...], int] = {}
    out: list[tuple[int, int]] = []
    for idx in rows:
        key = _content_key(ctx, idx)
        if not any(key):
            continue
        if key in seen:
            out.append((seen[key], idx))
        else:
            seen[key] = idx
    return out


def check_duplicate(ctx: RuleContext) -> RuleResult:
    res = RuleResult()
    name_col = ctx.table.roles.get("name")
    for g in ctx.root.walk():
        if not g.rows:
            continue
        pairs = duplicate_pairs(ctx, g.rows)
        repeated = {b for _a, b in pairs}
        for a, b in pairs:
            ra, rb = ctx.table.rows[a], ctx.table.rows[b]
            res.findings.append(ctx.finding(
                "duplicate", WARNING, line=rb.first_line, column=name_col,
                message=f"与第 {ra.first_line} 行完全相同（{g.name or '全表'}）",
                message_en=f"identical to line {ra.first_line} ({g.name or 'whole table'})",
                suggestion=f"若原件只有一行，删除第 {rb.first_line} 行",
                suggestion_en=f"if the original prints it once, delete line {rb.first_line}", fix=ctx.delete_row(b)))
        if name_col is None:
            continue
        names: dict[str, int] = {}
        for idx in g.rows:
            key = _name_key(ctx, idx)
            if len(key) < 2 or idx in repeated:
                continue
            if key in names:
                first = ctx.table.rows[names[key]]
                row = ctx.table.rows[idx]
                res.findings.append(ctx.finding(
                    "duplicate", INFO, line=row.first_line, column=name_col,
                    message=f"“{ctx.text(idx, name_col)}”在本组出现两次（第 {first.first_line} 行和第 {row.first_line} 行）",
                    message_en=f"{ctx.text(idx, name_col)!r} appears twice in this group "
                               f"(lines {first.first_line} and {row.first_line})"))
            else:
                names[key] = idx
    return res
