"""The accuracy gate: the quick run of the accuracy harness (tests/accuracy, docs/accuracy.md)
on every document with expected claims, in the three layouts, with a bounded sample of
injected defects; fails when a figure falls below its threshold in
tests/accuracy/thresholds.json."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.accuracy import thresholds  # noqa: E402
from tests.accuracy.harness import load_documents  # noqa: E402
from tests.accuracy.run import Options, run_all  # noqa: E402

pytestmark = pytest.mark.slow


def test_expected_claims_are_present_and_well_formed():
    docs, skipped = load_documents()
    assert docs, f"no document to measure: {skipped}"
    for d in docs:
        assert d.claims, d.name
        lines = d.text.split("\n")
        for c in d.claims:
            assert 1 <= c["line"] <= len(lines), (d.name, c)
            assert c["kind"] in {"count", "sum", "column_total", "row_total", "subtotal", "cross_reference"}


def test_accuracy_does_not_fall_below_thresholds():
    docs, skipped = load_documents()
    if not docs:
        pytest.skip(f"no document text found: {skipped}")
    rows, _ = run_all(Options(quick=True), progress=None)
    judged = {thresholds.key(r) for r in rows}
    assert judged, "nothing measured"
    bad = thresholds.violations(rows)
    assert not bad, "accuracy fell below its threshold:\n" + "\n".join(bad)
