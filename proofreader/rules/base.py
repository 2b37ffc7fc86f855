"""What every rule gets and gives: a table with its groups in, claims and findings out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..groups import Group
from ..model import Claim, Finding, ParsedIssue, Table


@dataclass
class RuleContext:
    """One table under check, with what rules share about it."""

    table: Table
    root: Group
    issue: ParsedIssue | None = None
    severity: dict[str, str] = field(default_factory=dict)

    def severity_of(self, rule: str, default: str) -> str:
        return self.severity.get(rule, default)


@dataclass
class RuleResult:
    claims: list[Claim] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Rule:
    """A named check over one table."""

    name: str
    default_severity: str
    check: Callable[[RuleContext], RuleResult]
    description: str = ""
