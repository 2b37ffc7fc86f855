"""Injected OCR defects in the real seed tables are caught at the right group or row.

A fixed random sample (seed ``mutation_harness.SEED``) of every kind of defect on the
three seeds that have checkable tables; ``bench/mutations.py`` runs a larger sample and
prints the full report. The bar is the issue's: at least 95% of the defects produce an
error or warning at the right place, and (our own bar) new errors or warnings elsewhere
stay rare.
"""

from __future__ import annotations

import pytest

from conftest import SEED_001, SEED_002, SEED_003
from mutation_harness import KINDS, run

PER_KIND = 4


@pytest.fixture(scope="module")
def summary():
    return run([SEED_001, SEED_002, SEED_003], PER_KIND)


@pytest.mark.slow
def test_every_kind_of_defect_is_injected(summary):
    kinds = summary.by_kind()
    assert set(kinds) == set(KINDS)
    for kind, (n, _detected, _absorbed, _false) in kinds.items():
        assert n >= PER_KIND, kind


@pytest.mark.slow
def test_recall_at_the_right_group_or_row(summary):
    missed = [(o.mutation.kind, o.mutation.seed, o.mutation.target_line) for o in summary.outcomes
              if not o.detected and not o.absorbed]
    assert summary.recall >= 0.95, missed


@pytest.mark.slow
def test_few_findings_away_from_the_defect(summary):
    false = [(o.mutation.kind, o.mutation.target_line, f.rule, f.line) for o in summary.outcomes for f in o.false]
    assert len(false) <= len(summary.outcomes) * 0.05, false


def test_a_deleted_row_is_found_through_the_serial_gap():
    """The count finding's suggestion names where the row went missing."""
    from conftest import seed_lines
    from helpers import check_lines

    lines = seed_lines(SEED_002)
    at = next(n for n, x in enumerate(lines, 1) if x.startswith("5\t") and "许昌盛业电器印制板有限公司" in x)
    header = next(n for n in range(at, 0, -1) if "魏都区，共" in lines[n - 1])
    del lines[at - 1]
    report = check_lines(lines)
    count = [f for f in report.findings if f.rule == "count" and f.line == header]
    assert count and count[0].severity == "error"
    assert f"第 {at - 1} 行与第 {at} 行之间可能漏了一行" in count[0].suggestion
    assert f"a row is probably missing between lines {at - 1} and {at}" in count[0].suggestion_en
    gap = [f for f in report.findings if f.rule == "sequence" and f.line == at]
    assert gap and "序号 4 之后是 6" in gap[0].message
