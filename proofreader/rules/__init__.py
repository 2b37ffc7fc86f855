"""The rules, registered in one place, and the function that runs them."""

from __future__ import annotations

from ..groups import build_groups
from ..model import ERROR, Claim, Finding, ParsedIssue, Table
from .base import Rule, RuleContext, RuleResult
from .count_sum import check_count, check_sum

#: Every rule, in the order findings are reported.
RULES: list[Rule] = [
    Rule("count", ERROR, check_count, "组内写明的家数/项数与实际行数不符"),
    Rule("sum", ERROR, check_sum, "组内写明的金额与各行金额之和不符"),
]


def check_table(table: Table, issue: ParsedIssue | None = None,
                severity: dict[str, str] | None = None) -> RuleResult:
    """Run every rule over ``table``: the claims checked and the findings."""
    ctx = RuleContext(table=table, root=build_groups(table), issue=issue, severity=severity or {})
    out = RuleResult()
    for rule in RULES:
        if ctx.severity.get(rule.name) == "off":
            continue
        res = rule.check(ctx)
        out.claims.extend(res.claims)
        out.findings.extend(res.findings)
    return out


__all__ = ["RULES", "Rule", "RuleContext", "RuleResult", "check_table", "Claim", "Finding"]
