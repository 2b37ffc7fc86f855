"""The `check` report: validate every table of an issue, print it or give its JSON.

The JSON is a stable contract used by tests, the GUI and other tools.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from .gc_pause import gc_paused
from .model import ERROR, INFO, WARNING, Claim, Finding, ParsedIssue
from .rules import IssueShared, check_table
from .settings import Thresholds

SCHEMA_VERSION = 1


@dataclass
class Report:
    """An issue with the claims and findings of every table."""

    issue: ParsedIssue
    claims: dict[str, list[Claim]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)


@gc_paused()
def check_issue(issue: ParsedIssue, severity: dict[str, str] | None = None, *,
                thresholds: Thresholds | None = None, known_names: Iterable[str] = ()) -> Report:
    """Run the rules over every table of ``issue``.

    ``known_names`` are entity names from issues imported before (the store feeds
    them), so that `names` can point at a spelling that differs from earlier issues.
    """
    report = Report(issue)
    shared = IssueShared(issue, thresholds, known_names)
    for table in issue.tables:
        res = check_table(table, issue, severity, shared=shared)
        report.claims[table.id] = res.claims
        report.findings.extend(res.findings)
    sort_findings(report.findings)
    return report


def sort_findings(findings: list[Finding]) -> None:
    """Findings in reading order, errors first on one line."""
    order = {ERROR: 0, WARNING: 1, INFO: 2}
    findings.sort(key=lambda f: (f.line, order.get(f.severity, 3), f.rule))


def to_json(report: Report, lang: str = "zh") -> dict[str, Any]:
    """The `check --json` document."""
    issue = report.issue
    return {
        "schema": SCHEMA_VERSION,
        "source": issue.source,
        "encoding": issue.encoding,
        "sha256": issue.sha256,
        "lines": len(issue.lines),
        "documents": [
            {"title": d.title, "doc_number": d.doc_number, "date": d.date, "first_line": d.first_line,
             "last_line": d.last_line, "annexes": d.annexes}
            for d in issue.documents
        ],
        "tables": [
            {
                "id": t.id,
                "title": t.title,
                "document": t.document,
                "layout": t.layout,
                "first_line": t.first_line,
                "last_line": t.last_line,
                "header_lines": t.header_lines,
                "columns": t.columns,
                "roles": t.roles,
                "amount_unit": t.amount_unit,
                "rows": len(t.data_rows()),
                "row_list": [
                    {"kind": r.kind, "first_line": r.first_line, "last_line": r.last_line, "level": r.level,
                     "cells": r.cells, "flags": r.flags}
                    for r in t.rows
                ],
                "claims": [c.to_json() for c in report.claims.get(t.id, [])],
            }
            for t in issue.tables
        ],
        "findings": [f.to_json(lang) for f in report.findings],
        "summary": {
            "errors": report.errors,
            "warnings": sum(1 for f in report.findings if f.severity == WARNING),
            "infos": sum(1 for f in report.findings if f.severity == INFO),
        },
    }


_SEV_ZH = {ERROR: "错误", WARNING: "警告", INFO: "提示"}


def to_text(report: Report, lang: str = "zh") -> str:
    """Human-readable findings, one per line, with line numbers."""
    issue = report.issue
    out: list[str] = []
    n_claims = sum(len(c) for c in report.claims.values())
    if lang == "en":
        out.append(f"{issue.source} ({issue.encoding}): {len(issue.documents)} documents, "
                   f"{len(issue.tables)} tables, {n_claims} stated figures checked")
    else:
        out.append(f"{issue.source}（{issue.encoding}）：{len(issue.documents)} 篇文件，"
                   f"{len(issue.tables)} 张表，核对 {n_claims} 处写明的数字")
    by_table: dict[str | None, list[Finding]] = {}
    for f in report.findings:
        by_table.setdefault(f.table, []).append(f)
    for t in issue.tables:
        claims = report.claims.get(t.id, [])
        found = by_table.get(t.id, [])
        if not claims and not found:
            continue
        errs = sum(1 for f in found if f.severity == ERROR)
        warns = sum(1 for f in found if f.severity == WARNING)
        infos = sum(1 for f in found if f.severity == INFO)
        title = t.title or t.id
        if lang == "en":
            out.append(f"[{t.id}] {title} (lines {t.first_line}-{t.last_line}): {len(t.data_rows())} rows, "
                       f"{len(claims)} figures checked, {errs} errors, {warns} warnings"
                       + (f", {infos} notes" if infos else ""))
        else:
            out.append(f"[{t.id}] {title}（第 {t.first_line}–{t.last_line} 行）：{len(t.data_rows())} 行，"
                       f"核对 {len(claims)} 处，{errs} 个错误，{warns} 个警告" + (f"，{infos} 个提示" if infos else ""))
    for f in report.findings:
        sev = f.severity if lang == "en" else _SEV_ZH.get(f.severity, f.severity)
        msg = f.message_en if lang == "en" else f.message
        where = f"line {f.line}" if lang == "en" else f"第 {f.line} 行"
        table = f" [{f.table}]" if f.table else ""
        out.append(f"{where}{table} {sev} {f.rule}: {msg}")
        sug = f.suggestion_en if lang == "en" else f.suggestion
        if sug:
            out.append(("    suggestion: " if lang == "en" else "    建议：") + sug)
    errors = report.errors
    warnings = sum(1 for f in report.findings if f.severity == WARNING)
    infos = sum(1 for f in report.findings if f.severity == INFO)
    if lang == "en":
        out.append(f"{errors} errors, {warnings} warnings, {infos} notes")
    else:
        out.append(f"共 {errors} 个错误，{warnings} 个警告，{infos} 个提示")
    return "\n".join(out)
