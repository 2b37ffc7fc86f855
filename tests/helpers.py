"""Helpers for tests that mutate real seed text and check it again."""

from __future__ import annotations

from pathlib import Path

from proofreader.parse import parse_source
from proofreader.reader import decode_bytes
from proofreader.report import Report, check_issue


SEED_002 = Path(__file__).resolve().parents[1] / "sample_issues" / "002_7bba585c8c284dc6.txt"


def damaged_002(folder: Path, extra_top_lines: int = 0) -> Path:
    """Seed 002 with line 719's amount 30 printed as 80 (and lines added on top)."""
    lines = SEED_002.read_text(encoding="utf-8").split("\n")
    cells = lines[718].split("\t")
    assert cells[-1] == "30"
    lines[718] = "\t".join(cells[:-1] + ["80"])
    lines = ["（重新识别）"] * extra_top_lines + lines
    path = folder / "002_damaged.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def check_lines(lines: list[str], name: str = "mutated.txt") -> Report:
    """Parse and check ``lines`` as if they were a file."""
    src = decode_bytes(("\n".join(lines) + "\n").encode("utf-8"), name)
    return check_issue(parse_source(src))


def findings_at(report: Report, rule: str, line: int) -> list:
    return [f for f in report.findings if f.rule == rule and f.line == line]
