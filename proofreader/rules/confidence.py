"""How sure the parser is of a group's rows, and what that does to a mismatch.

A count or sum that doesn't match is an error only where the parser is sure which
rows are the group's. Where it is not (a merged label that PDF-to-text printed
between two groups' rows; a group whose rows could not be recognised at all; a
parent of such a group), the finding is a warning that says why, so that no error
on a real issue is an artefact of parsing.
"""

from __future__ import annotations

from ..groups import Group
from ..model import ERROR, WARNING, Finding

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


def apply_confidence(root: Group, findings: list[Finding]) -> None:
    """Turn errors about groups in doubt into warnings with the reason."""
    doubtful = doubtful_groups(root)
    if not doubtful:
        return
    for f in findings:
        if f.severity != ERROR or f.rule not in GROUP_RULES:
            continue
        key = f.row_line if f.rule == "cross_reference" and f.row_line else f.line
        caveat = doubtful.get(key)
        if caveat is None:
            continue
        f.severity = WARNING
        f.message += caveat[0]
        f.message_en += caveat[1]
