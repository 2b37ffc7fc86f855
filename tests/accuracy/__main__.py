"""``python -m tests.accuracy``: the accuracy table (see docs/accuracy.md).

Options: ``--json`` prints the rows as JSON; ``--details`` adds the missed figures and
the false alarms; ``--doc NAME`` (repeatable) limits the documents; ``--quick`` runs the
subset the CI gate runs; ``--no-variants`` / ``--no-defects`` skip those parts.
"""

from __future__ import annotations

import argparse
import json
import sys

from .run import Options, run_all, totals


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "    -"


def format_table(rows: list[dict], skipped: list[str]) -> str:
    head = (f"{'document':<38} {'layout':<16} {'figures':>7} {'found':>6} {'%':>6} {'false E':>7} "
            f"{'false W':>7} {'defects':>11} {'%':>6} {'publisher':>9} {'s':>5}")
    out = [head, "-" * len(head)]
    for r in rows + [totals(rows)]:
        if r["document"] == "TOTAL":
            out.append("-" * len(head))
        out.append(
            f"{r['document'][:38]:<38} {r['layout'][:16]:<16} {r['figures']:>7} {r['found']:>6} "
            f"{_pct(r['found'], r['figures']):>6} {r['false_errors']:>7} {r['false_warnings']:>7} "
            f"{str(r['defects_reported']) + '/' + str(r['defects']):>11} {_pct(r['defects_reported'], r['defects']):>6} "
            f"{str(r['publisher_reported']) + '/' + str(r['publisher']):>9} {r['seconds']:>5.1f}")
    for s in skipped:
        out.append(f"skipped: {s}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.accuracy", description=__doc__)
    ap.add_argument("--json", action="store_true", help="print JSON instead of the table")
    ap.add_argument("--details", action="store_true", help="with --json: missed figures and false alarms")
    ap.add_argument("--doc", action="append", help="only this document (repeatable)")
    ap.add_argument("--quick", action="store_true", help="the CI gate's subset")
    ap.add_argument("--no-variants", action="store_true", help="only the text as published")
    ap.add_argument("--no-defects", action="store_true", help="no injected defects")
    ap.add_argument("--max-defects", type=int, default=None, help="injected defects per document and layout")
    ap.add_argument("--write-thresholds", action="store_true",
                    help="store this run's figures as the CI gate's thresholds (use with --quick)")
    a = ap.parse_args(argv)
    opts = Options(docs=a.doc, quick=a.quick, variants=not a.no_variants, defects=not a.no_defects,
                   max_defects=a.max_defects, details=a.details)
    rows, skipped = run_all(opts, progress=None if a.json else sys.stderr)
    if a.write_thresholds:
        from . import thresholds

        thresholds.write(rows)
    if a.json:
        print(json.dumps({"rows": rows, "total": totals(rows), "skipped": skipped}, ensure_ascii=False, indent=1))
    else:
        print(format_table(rows, skipped))
    return 0


if __name__ == "__main__":
    sys.exit(main())
