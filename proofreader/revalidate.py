"""Check an issue once, then re-check only the table a correction touched.

The GUI and the store keep one :class:`Revalidator` per open issue. After a correction
they hand it the corrected table; only that table's rules run again, with the issue's
running text, places and name index kept from before (the name index is updated with
the table's changed names, not rebuilt). One re-check of a 300-row table takes a few
milliseconds (``bench/rules_bench.py``).
"""

from __future__ import annotations

from typing import Iterable

from .model import Finding, ParsedIssue, Table
from .report import Report, sort_findings
from .rules import IssueShared, RuleResult, check_table
from .settings import RuleSettings


class Revalidator:
    """The findings of one issue, kept up to date table by table."""

    def __init__(self, issue: ParsedIssue, settings: RuleSettings | None = None,
                 known_names: Iterable[str] = ()) -> None:
        self.issue = issue
        self.settings = settings or RuleSettings()
        self.shared = IssueShared(issue, self.settings.thresholds, known_names)
        self.results: dict[str, RuleResult] = {}

    def check_all(self) -> Report:
        """Check every table (the first time, or after the issue was re-parsed)."""
        self.results = {}
        for table in self.issue.tables:
            self._check(table)
        return self.report()

    def recheck(self, table: Table) -> RuleResult:
        """Re-check one table after a correction; ``table`` replaces the issue's table of that id."""
        for k, t in enumerate(self.issue.tables):
            if t.id == table.id:
                self.issue.tables[k] = table
                break
        else:
            raise KeyError(table.id)
        return self._check(table)

    def _check(self, table: Table) -> RuleResult:
        res = check_table(table, self.issue, self.settings.severity, shared=self.shared,
                          thresholds=self.settings.thresholds)
        self.results[table.id] = res
        return res

    def findings(self, table_id: str) -> list[Finding]:
        return list(self.results[table_id].findings)

    def report(self) -> Report:
        """The issue's report from the latest check of each table."""
        report = Report(self.issue)
        for table in self.issue.tables:
            res = self.results.get(table.id)
            if res is None:
                res = self._check(table)
            report.claims[table.id] = res.claims
            report.findings.extend(res.findings)
        sort_findings(report.findings)
        return report
