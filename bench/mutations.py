"""Mutation report: inject OCR defects into the seed tables and measure what the rules catch.

    python bench/mutations.py [--per-kind N] [--seed S] [--verbose]

Prints, per kind of defect, how many were injected, detected at the right group or
row, absorbed by the parser (it rebuilt the original rows), missed, and the new errors
or warnings that pointed elsewhere (false findings); then the misses and the false
findings one by one. See ``tests/mutation_harness.py`` for the definitions.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import mutation_harness as mh  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-kind", type=int, default=30, help="mutations per kind and seed (default 30)")
    ap.add_argument("--seed", type=int, default=mh.SEED, help=f"random seed (default {mh.SEED})")
    ap.add_argument("--verbose", action="store_true", help="list every detected mutation too")
    args = ap.parse_args(argv)
    seeds = sorted((ROOT / "sample_issues").glob("*.txt"))
    start = time.perf_counter()
    summary = mh.run(seeds, args.per_kind, seed=args.seed)
    took = time.perf_counter() - start
    print(f"{len(summary.outcomes)} mutations of {len(seeds)} seed issues, random seed {args.seed}, {took:.0f} s")
    print(f"{'kind':<14} {'injected':>8} {'detected':>8} {'absorbed':>8} {'missed':>6} {'recall':>7} "
          f"{'false':>6} {'not checkable':>14}")
    for kind in mh.KINDS:
        n, det, absorbed, false = summary.by_kind().get(kind, (0, 0, 0, 0))
        counted = n - absorbed
        recall = det / counted if counted else 1.0
        print(f"{kind:<14} {n:>8} {det:>8} {absorbed:>8} {counted - det:>6} {recall:>7.1%} {false:>6} "
              f"{summary.skipped.get(kind, 0):>14}")
    print(f"{'all':<14} {len(summary.outcomes):>8} {sum(o.detected for o in summary.outcomes):>8} "
          f"{sum(o.absorbed for o in summary.outcomes):>8} "
          f"{sum(1 for o in summary.outcomes if not o.detected and not o.absorbed):>6} {summary.recall:>7.1%} "
          f"{summary.false_findings:>6}")
    print("\n'not checkable': rows no rule can check (no stated count or sum above them, no 合计 row, no "
          "serial numbers, no row relation), left out of the sample.")
    for o in summary.outcomes:
        m = o.mutation
        if not o.detected and not o.absorbed:
            print(f"MISSED   {m.kind:<13} {m.seed[:3]} {m.table:<4} line {m.target_line:<5} {m.note} -> {m.edit.new[:2]}")
        for f in o.false:
            print(f"FALSE    {m.kind:<13} {m.seed[:3]} {m.table:<4} line {m.target_line:<5} -> {f.rule} at line "
                  f"{f.line}: {f.message}")
        if args.verbose and o.detected:
            f = o.hits[0]
            print(f"detected {m.kind:<13} {m.seed[:3]} {m.table:<4} line {m.target_line:<5} -> {f.rule} at line "
                  f"{f.line}: {f.message}")
    return 0 if summary.recall >= 0.95 else 1


if __name__ == "__main__":
    raise SystemExit(main())
