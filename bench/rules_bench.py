"""Benchmark: re-checking one table after one correction, and checking whole issues.

    python bench/rules_bench.py [--repeats N]

For the largest tables of the sample issues (about 300 rows), one amount cell is
changed (as a correction would), and the table is re-checked through the
:class:`~proofreader.revalidate.Revalidator` the GUI keeps per issue. Prints the
median and the 90th percentile over the repeats; the target is under 10 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from proofreader.parse import parse_file  # noqa: E402
from proofreader.report import check_issue  # noqa: E402
from proofreader.revalidate import Revalidator  # noqa: E402

SAMPLES = sorted((ROOT / "sample_issues").glob("*.txt"))
TARGET_MS = 10.0


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return statistics.median(samples) * 1000, p90 * 1000


def bench_recheck(repeats: int) -> list[tuple[str, str, int, float, float]]:
    rows = []
    for path in SAMPLES:
        issue = parse_file(str(path))
        reval = Revalidator(issue)
        reval.check_all()
        tables = sorted(issue.tables, key=lambda t: len(t.rows), reverse=True)[:2]
        for table in tables:
            if len(table.data_rows()) < 50:
                continue
            col = table.roles.get("amount", len(table.columns) - 1)
            victim = table.data_rows()[len(table.data_rows()) // 2]
            original = victim.cells[col]
            times = []
            for k in range(repeats):
                victim.cells[col] = original if k % 2 else f"{k % 97 + 1}"  # one edit, then its undo
                start = time.perf_counter()
                reval.recheck(table)
                times.append(time.perf_counter() - start)
            victim.cells[col] = original
            med, p90 = _ms(times)
            rows.append((path.name[:3], f"{table.id} {table.title[:24]}", len(table.data_rows()), med, p90))
    return rows


def bench_issue(repeats: int) -> list[tuple[str, int, float, float]]:
    rows = []
    for path in SAMPLES:
        issue = parse_file(str(path))
        times = []
        for _ in range(max(3, repeats // 10)):
            start = time.perf_counter()
            check_issue(issue)
            times.append(time.perf_counter() - start)
        med, p90 = _ms(times)
        rows.append((path.name[:3], len(issue.tables), med, p90))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=101)
    args = ap.parse_args(argv)
    print("Re-check of one table after one edit (Revalidator.recheck)")
    print(f"{'seed':<5} {'table':<32} {'rows':>5} {'median ms':>10} {'p90 ms':>8}  target < {TARGET_MS:g} ms")
    worst = 0.0
    for seed, table, n, med, p90 in bench_recheck(args.repeats):
        worst = max(worst, med)
        print(f"{seed:<5} {table:<32} {n:>5} {med:>10.2f} {p90:>8.2f}  {'ok' if med < TARGET_MS else 'SLOW'}")
    print()
    print("Check of a whole issue (all rules, all tables, fresh caches)")
    print(f"{'seed':<5} {'tables':>6} {'median ms':>10} {'p90 ms':>8}")
    for seed, n, med, p90 in bench_issue(args.repeats):
        print(f"{seed:<5} {n:>6} {med:>10.2f} {p90:>8.2f}")
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
