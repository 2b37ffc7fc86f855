"""`text_total`: a total stated in running text against the parts listed after it.

The parts come from :mod:`proofreader.breakdowns` (a table of layout ``text``: the
total row, then one row per part). A figure is consistent when the parts add up to it.

- Parts on the lines after the total, each stating the same figures, are the whole: a
  difference beyond the rounding of the printed parts is an error when another figure
  of the same lines adds up (the list is then complete), else a warning.
- Parts after "其中" may be only some of the whole: only parts that add up to *more*
  than the total are reported.
- A difference within the rounding of the parts ("1363.1" stated, parts printed to 0.1
  giving 1363.2) may be rounding: a warning that says so, so the proofreader can check
  the print.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..breakdowns import KINDS, OF_WHICH, TEXT
from ..model import DATA, ERROR, TOTAL, WARNING, Claim
from ..numbers import fmt
from .base import RuleContext, RuleResult

_CELL = re.compile(r"^(\d+(?:\.\d+)?)(\D+)$")


def _read(text: str) -> tuple[Decimal, str, Decimal] | None:
    """A cell's value, unit and the half unit of its last printed digit."""
    m = _CELL.match(text.replace(",", "").strip())
    if not m:
        return None
    number, unit = m.groups()
    if not unit.endswith("元"):
        return Decimal(number), unit, Decimal(0)  # a count is exact
    places = len(number.split(".")[1]) if "." in number else 0
    return Decimal(number), unit, Decimal(5) / Decimal(10) ** (places + 1)


def check_text_total(ctx: RuleContext) -> RuleResult:
    out = RuleResult()
    table = ctx.table
    if table.layout != TEXT or not table.rows or table.rows[0].kind != TOTAL:
        return out
    head = table.rows[0]
    parts = [r for r in table.rows[1:] if r.kind == DATA]
    of_which = OF_WHICH in head.flags
    checked: list[tuple[int, Decimal, Decimal, Decimal, str]] = []  # col, stated, actual, tolerance, unit
    for col in range(1, len(table.columns)):
        total = _read(head.cells[col]) if col < len(head.cells) else None
        read = [_read(r.cells[col]) if col < len(r.cells) else None for r in parts]
        if total is None or any(x is None or x[1] != total[1] for x in read):
            continue
        got = sum((x[0] for x in read if x is not None), Decimal(0))
        checked.append((col, total[0], got, sum((x[2] for x in read if x is not None), total[2]), total[1]))
    exact = any(actual == stated for _c, stated, actual, _t, _u in checked)
    for col, stated, actual, tol, unit in checked:
        diff = actual - stated
        if of_which and diff < -tol and KINDS not in head.flags:
            continue  # "其中" may list only some of the parts (unless each is named as a kind of the whole)
        kind = "sum" if unit.endswith("元") else "count"
        out.claims.append(Claim(line=head.first_line, kind=kind, stated=stated, unit=unit, text=head.cells[col],
                                actual=actual, group_label=head.cells[0], column=col, ok=diff == 0))
        if diff == 0:
            continue
        where = f"第 {parts[0].first_line}–{parts[-1].first_line} 行" if parts[-1].first_line != parts[0].first_line \
            else f"第 {parts[0].first_line} 行"
        where_en = f"lines {parts[0].first_line}-{parts[-1].first_line}" \
            if parts[-1].first_line != parts[0].first_line else f"line {parts[0].first_line}"
        name = head.cells[0]
        if abs(diff) <= tol:
            severity = WARNING
            msg = (f"“{name}”写明 {fmt(stated)}{unit}，随后列出的 {len(parts)} 项（{where}）之和为 {fmt(actual)}{unit}，"
                   f"差 {fmt(diff)}：在分项取整的范围内，可能是取整所致")
            msg_en = (f"“{name}” states {fmt(stated)} {unit}; the {len(parts)} parts listed after it ({where_en}) "
                      f"add up to {fmt(actual)} {unit}, difference {fmt(diff)}: within the rounding of the parts")
        else:
            severity = ERROR if exact and not of_which else WARNING
            msg = (f"“{name}”写明 {fmt(stated)}{unit}，随后列出的 {len(parts)} 项（{where}）之和为 {fmt(actual)}{unit}，"
                   f"差 {fmt(diff)}")
            msg_en = (f"“{name}” states {fmt(stated)} {unit}; the {len(parts)} parts listed after it ({where_en}) "
                      f"add up to {fmt(actual)} {unit}, difference {fmt(diff)}")
        out.findings.append(ctx.finding(
            "text_total", severity, line=head.first_line, row_line=head.first_line, column=col, stated=stated,
            actual=actual, message=msg, message_en=msg_en,
            suggestion=f"核对第 {head.first_line} 行的总数与{where}的分项",
            suggestion_en=f"check the total on line {head.first_line} against the parts on {where_en}"))
    return out
