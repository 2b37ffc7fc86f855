"""Helpers for tests that mutate real seed text and check it again."""

from __future__ import annotations

from proofreader.parse import parse_source
from proofreader.reader import decode_bytes
from proofreader.report import Report, check_issue


def check_lines(lines: list[str], name: str = "mutated.txt") -> Report:
    """Parse and check ``lines`` as if they were a file."""
    src = decode_bytes(("\n".join(lines) + "\n").encode("utf-8"), name)
    return check_issue(parse_source(src))


def findings_at(report: Report, rule: str, line: int) -> list:
    return [f for f in report.findings if f.rule == rule and f.line == line]
