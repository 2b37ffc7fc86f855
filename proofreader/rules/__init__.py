"""The rules, registered in one place, and the function that runs them over a table.

Each rule is a pure function of one table (plus the issue's shared knowledge for
cross-references and names) and lives in its own module. The order matters a little:
`sequence`, `row_total` and `implied_sum` leave notes that `count`, `column_total`
and `shifted_row` use in their suggestions, so they run first.
"""

from __future__ import annotations

from typing import Collection

from ..breakdowns import TEXT
from ..groups import build_groups
from ..model import ERROR, INFO, WARNING, Claim, Finding, ParsedIssue, Table
from ..settings import Thresholds
from .amount_format import check_amount_format
from .base import Rule, RuleContext, RuleResult
from .column_total import check_column_total
from .confidence import apply_confidence, check_unverified
from .count_sum import check_count, check_sum
from .cross_reference import check_cross_reference
from .duplicate import check_duplicate
from .implied_sum import check_implied_sum
from .names import check_names
from .row_total import check_row_total
from .sequence import check_sequence
from .shared import IssueShared
from .shifted_row import check_shifted_row
from .restated import check_restated
from .subtotal import check_subtotal, is_ledger, structure_of
from .text_total import check_text_total

#: Every rule, in the order it runs.
RULES: list[Rule] = [
    Rule("sequence", WARNING, check_sequence, "序号缺号、重号或顺序错乱", "serial numbers with gaps, repeats or disorder"),
    Rule("count", ERROR, check_count, "组内写明的家数/项数与实际行数不符", "a group's stated count against its rows"),
    Rule("sum", ERROR, check_sum, "组内写明的金额与各行金额之和不符", "a group's stated amount against its rows"),
    Rule("row_total", ERROR, check_row_total, "合计列与同行各分项之和不符", "a 合计 column against its sibling columns"),
    Rule("implied_sum", WARNING, check_implied_sum, "表中自有的“某列=其他列之和”在个别行不成立",
         "a column that is the sum of others in nearly every row, but not in this one"),
    Rule("column_total", ERROR, check_column_total, "合计/小计行与所合计各行之和不符", "a 合计/小计 row against the rows it covers"),
    Rule("subtotal", ERROR, check_subtotal, "上级科目、合计行、合计列与其下级各项之和不符",
         "a figure that is the sum of others (parent code, 合计 row or column) against them"),
    Rule("restated", ERROR, check_restated, "正文复述的表中数字（含万元与元换算）与表不符",
         "a ledger figure restated in the running text, in any unit, against the table"),
    Rule("text_total", ERROR, check_text_total, "正文写明的总数与随后列出的分项之和不符",
         "a total stated in running text against the parts listed after it"),
    Rule("cross_reference", ERROR, check_cross_reference, "正文写明的家数/金额与附件不符",
         "figures in the decision text against its annex"),
    Rule("amount_format", WARNING, check_amount_format, "应为数字的单元格不是规范数字", "a cell that should be a number is not"),
    Rule("shifted_row", WARNING, check_shifted_row, "整行错位一列", "a row whose cells sit one column off"),
    Rule("duplicate", WARNING, check_duplicate, "同一组内同一单位出现两次", "the same entity twice in one group"),
    Rule("names", INFO, check_names, "地名或单位名与已知写法相差一两个字", "a place or name one or two characters from a known spelling"),
    Rule("unverified", INFO, check_unverified, "写明数字的表或分组未识别出数据行，无法核对（每表或每组一条）",
         "a table or group that states figures but whose rows were not recognised (one info for it)"),
]

RULE_NAMES = [r.name for r in RULES]

#: Rules written for lists of rows (award lists, name lists) that a ledger table's
#: figures are not for: `subtotal` checks its sums, whatever prints them.
NOT_FOR_LEDGERS = frozenset({"sequence", "count", "sum", "row_total", "implied_sum", "column_total",
                             "amount_format", "shifted_row", "duplicate", "names", "unverified"})


def check_table(table: Table, issue: ParsedIssue | None = None, severity: dict[str, str] | None = None,
                shared: IssueShared | None = None, thresholds: Thresholds | None = None,
                only: Collection[str] | None = None) -> RuleResult:
    """Run every rule (or the rules named in ``only``) over ``table``: the claims checked
    and the findings.

    Pass the same ``shared`` for every table of one issue (and again after an edit) so
    that the issue's running text and names are read once; without it, one is built.
    """
    if shared is None:
        shared = IssueShared(issue, thresholds)
    ctx = RuleContext(table=table, root=build_groups(table), issue=issue, severity=severity or {},
                      thresholds=thresholds or shared.thresholds, shared=shared)
    out = RuleResult()
    text = table.layout == TEXT
    ledger = not text and is_ledger(table, structure_of(ctx))
    restated: RuleResult | None = None
    for rule in RULES:
        if ctx.severity.get(rule.name) == "off" or only is not None and rule.name not in only:
            continue
        if ledger and rule.name in NOT_FOR_LEDGERS or text != (rule.name == "text_total"):
            continue
        res = rule.check(ctx)
        if rule.name == "restated":
            restated = res  # added last, less what `cross_reference` already says
            continue
        out.claims.extend(res.claims)
        out.findings.extend(res.findings)
    if restated is not None:
        # A list's total row restated in the text may be the figure `cross_reference`
        # checks against the list ("总投资122025万元"): one claim and one finding for it.
        said = {(c.line, c.stated) for c in out.claims if c.kind == "cross_reference"}
        out.claims.extend(c for c in restated.claims if (c.line, c.stated) not in said)
        out.findings.extend(f for f in restated.findings if (f.line, f.stated) not in said)
    # Figures without rows are told once by `unverified` (or, turned off, not at all);
    # ledgers and running text leave them to their own rules.
    apply_confidence(ctx, out, unverified=not ledger and not text and (only is None or "unverified" in only))
    return out


__all__ = ["RULES", "RULE_NAMES", "Rule", "RuleContext", "RuleResult", "IssueShared", "check_table", "Claim",
           "Finding"]
