"""The accuracy harness's injected defects (tests/accuracy/defects.py), on seed 003's
award list: a deleted row takes its wrapped continuation with it, and a figure that
counts rows has no amount in them to change."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.accuracy import defects, variants  # noqa: E402
from tests.accuracy.harness import load_documents  # noqa: E402
from tests.accuracy.run import _continued  # noqa: E402


def _published():
    [doc], _ = load_documents(["003_a0efda9bb81cc2fd"])
    return doc, variants.as_published(doc)


def test_a_deleted_row_takes_its_wrapped_line_with_it():
    doc, var = _published()
    lines = var.text.split("\n")
    # Row 2 of 襄城县 is wrapped: "…（原河" on line 2777, "南平煤…） 50" on line 2779.
    assert 2779 in doc.merged and lines[2778].strip().endswith("50")
    continued = _continued(doc, var)
    assert 2779 in continued
    assert defects._row_end(lines, 2777, continued) == 2779
    assert defects._row_end(lines, 2775, continued) == 2775  # a row on one line
    # The half-width variant's sample (its seed) deletes that row.
    [hw] = [v for v in variants.derive(doc) if v.name == "half-width"]
    got = [d for d in defects.inject(hw, 25, doc.name + hw.name, _continued(doc, hw)) if d.what == "row 2777 deleted"]
    assert got and all("南平煤神马首山化工科技有限公司" not in d.text for d in got)
    assert all(len(d.text.split("\n")) == len(lines) - 3 for d in got)


def test_a_count_of_rows_has_no_amount_to_change():
    _doc, var = _published()
    counts = [c for c in var.claims if c["kind"] == "count"]
    assert counts and all(defects._counts_rows(c) for c in counts)
    sums = [c for c in var.claims if c["kind"] == "sum"]
    assert sums and not any(defects._counts_rows(c) for c in sums)
    count_lines = {c["line"] for c in counts} - {c["line"] for c in var.claims if c["kind"] != "count"}
    changed = [d for d in defects.inject(var, 10_000, "x") if d.kind == "change-amount"]
    assert changed and not [d for d in changed if d.line in count_lines]
