"""How sure the parser is of a group's rows, and what that does to a mismatch.

A count or sum that doesn't match is an error only where the parser is sure which
rows are the group's. Where it is not (a merged label that PDF-to-text printed
between two groups' rows; a parent of a group whose rows could not be read), the
finding is a warning that says why, so that no error on a real issue is an artefact
of parsing.

Where no row at all was recognised under a group (or a whole table) that states
figures, those figures cannot be tied to rows: `unverified` says so once, as an info
at the group's header with the reason and the figures, and the per-figure findings
about them (a count of 0 rows, a sum of 0) are dropped, their claims left unchecked.
"""

from __future__ import annotations

from ..groups import Group
from ..model import ERROR, INFO, WARNING, Finding
from ..numbers import fmt
from .base import RuleContext, RuleResult

#: Rules whose findings compare a group's stated figure with its rows.
GROUP_RULES = ("count", "sum", "cross_reference", "column_total")

_NO_ROWS = ("（未识别出该组的数据行，请人工核对）", " (no rows of this group were recognised; check by hand)")
_UNCERTAIN = ("（合并单元格的分组边界不确定，请核对）", " (the merged cell's boundary is uncertain; check)")
_PARTIAL = ("（下级分组未能完整识别，请核对）", " (a subgroup could not be read completely; check)")


def doubtful_groups(root: Group) -> dict[int, tuple[str, str]]:
    """Header line of every group whose rows are in doubt -> the caveat (zh, en)."""
    out: dict[int, tuple[str, str]] = {}

    def visit(g: Group) -> bool:
        """True when ``g`` or a group beneath it is in doubt."""
        below = False
        for c in g.children:
            below = visit(c) or below
        rows = g.all_rows()
        if g.figures and not rows:
            out[g.line] = _NO_ROWS
            return True
        if g.uncertain:
            out[g.line] = _UNCERTAIN
            return True
        if below:
            out.setdefault(g.line, _PARTIAL)
        return below

    visit(root)
    return out


def unread_groups(root: Group) -> list[Group]:
    """The topmost groups (the table itself when nothing was read) under which no row
    was recognised, and that state figures themselves or in a subgroup."""
    out: list[Group] = []

    def visit(g: Group) -> None:
        if not g.all_rows():
            if any(x.figures for x in g.walk()):
                out.append(g)
            return
        for c in g.children:
            visit(c)

    visit(root)
    return out


def _figures_text(g: Group) -> tuple[str, str]:
    parts_zh, parts_en = [], []
    for x in g.walk():
        if not x.figures:
            continue
        figs = "、".join(f"{fmt(f.value)} {f.unit}".strip() for f in x.figures)
        figs_en = ", ".join(f"{fmt(f.value)} {f.unit}".strip() for f in x.figures)
        name = x.name if x.level and x is not g else ""
        parts_zh.append(f"第 {x.line} 行{('“' + name + '”') if name else ''}写明 {figs}")
        parts_en.append(f"line {x.line}{(' (' + name + ')') if name else ''} states {figs_en}")
    return "；".join(parts_zh), "; ".join(parts_en)


def check_unverified(ctx: RuleContext) -> RuleResult:
    """One info per table or group whose stated figures have no recognised rows."""
    res = RuleResult()
    for g in unread_groups(ctx.root):
        zh, en = _figures_text(g)
        whole = g.parent is None
        where = "全表" if whole else f"“{g.name}”" if g.name else "该组"
        where_en = "the table" if whole else f"the group “{g.name}”" if g.name else "the group"
        res.findings.append(ctx.finding(
            "unverified", INFO, line=g.line, row_line=g.line,
            message=f"{where}未识别出数据行，写明的数字无法与各行核对：{zh}",
            message_en=f"no rows of {where_en} were recognised, so its stated figures cannot be checked against "
                       f"rows: {en}",
            suggestion="对照原件人工核对这些数字，或修正该处的识别结果后重新核对",
            suggestion_en="check these figures against the print by hand, or correct the reading there and check again"))
    return res


def apply_confidence(ctx: RuleContext, result: RuleResult, unverified: bool = True) -> None:
    """Turn errors about groups in doubt into warnings with the reason; where
    `unverified` ran, drop the findings about figures that have no rows at all (its info
    tells them once) and leave their claims unchecked. Rules whose severity the
    settings name are left alone."""
    unread = {x.line: g for g in unread_groups(ctx.root) for x in g.walk()} if unverified else {}
    doubtful = doubtful_groups(ctx.root)
    keep: list[Finding] = []
    for f in result.findings:
        key = f.row_line if f.rule == "cross_reference" and f.row_line else f.line
        if f.rule not in GROUP_RULES or f.rule in ctx.severity:
            keep.append(f)
            continue
        if key in unread:
            _unchecked(result, f)
            _mention(result, unread[key], f)
            continue
        keep.append(f)
        caveat = doubtful.get(key)
        if caveat is None or f.severity != ERROR:
            continue
        f.severity = WARNING
        f.message += caveat[0]
        f.message_en += caveat[1]
    result.findings[:] = keep
    for c in result.claims:
        if c.kind in ("count", "sum") and c.line in unread and c.actual == 0 and not c.ok:
            c.actual, c.ok = None, None


def _unchecked(result: RuleResult, f: Finding) -> None:
    """The claim ``f`` is about has no rows to be checked against."""
    for c in result.claims:
        if c.line == f.line and c.kind == f.rule and c.stated == f.stated:
            c.actual, c.ok = None, None


def _mention(result: RuleResult, g: Group, f: Finding) -> None:
    """A figure of the running text compared with ``g``: named in ``g``'s info."""
    if f.rule != "cross_reference" or f.stated is None:
        return
    for info in result.findings:
        if info.rule == "unverified" and info.line == g.line:
            info.message += f"；正文第 {f.line} 行写明的 {fmt(f.stated)} 也无法核对"
            info.message_en += f"; the figure {fmt(f.stated)} the text states at line {f.line} cannot be checked either"
            return
