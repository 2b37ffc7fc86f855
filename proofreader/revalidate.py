"""Check an issue once, then re-check only the table a correction touched.

The GUI and the store keep one :class:`Revalidator` per open issue. After a correction
they hand it the corrected table; only that table's rules run again, with the issue's
running text, places and name index kept from before (the name index is updated with
the table's changed names, not rebuilt). One re-check of a 300-row table takes a few
milliseconds (``bench/rules_bench.py``).
"""

from __future__ import annotations

from typing import Iterable

from .decisions import mark_decided
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
        #: Tables whose findings the last :meth:`recheck` changed besides the one corrected.
        self.also_changed: list[str] = []

    def check_all(self) -> Report:
        """Check every table (the first time, or after the issue was re-parsed)."""
        self.results = {}
        for table in self.issue.tables:
            self._check(table)
        return self.report()

    def recheck(self, table: Table) -> RuleResult:
        """Re-check one table after a correction; ``table`` replaces the issue's table of that id.

        A name or place in one table changes the ``names`` findings of others (a spelling
        now seen twice is a place of the area; a name's near spelling, how often each is
        printed and where first). Those other tables get their ``names`` rule run again;
        their ids, where the findings changed, are left in :attr:`also_changed`.
        """
        for k, t in enumerate(self.issue.tables):
            if t.id == table.id:
                self.issue.tables[k] = table
                break
        else:
            raise KeyError(table.id)
        self.also_changed = []
        others: set[str] = set()
        if self.settings.severity.get("names") != "off":
            if self.shared.table_changed(table):
                others = {t.id for t in self.issue.tables}  # the places moved: every table's names
            else:
                index = self.shared.built_name_index()
                changed = index.sync(table) if index is not None else set()
                if changed:
                    others = index.tables_near(changed)
        res = self._check(table)
        for t in self.issue.tables:
            if t.id in others and t.id != table.id:
                self._recheck_names(t)
        return res

    def _recheck_names(self, table: Table) -> None:
        old = self.results.get(table.id)
        if old is None:
            return  # never checked: report() checks it whole
        names = check_table(table, self.issue, self.settings.severity, shared=self.shared,
                            thresholds=self.settings.thresholds, only=("names",))
        findings = [f for f in old.findings if f.rule != "names"] + names.findings
        mark_decided(table, names.findings)
        if findings != old.findings:
            self.results[table.id] = RuleResult(list(old.claims), findings)
            self.also_changed.append(table.id)

    def _check(self, table: Table) -> RuleResult:
        res = check_table(table, self.issue, self.settings.severity, shared=self.shared,
                          thresholds=self.settings.thresholds)
        mark_decided(table, res.findings)  # the proofreader's decisions, on the findings they name
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
