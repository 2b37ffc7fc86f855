"""Benchmarks of Gazette Proofreader: one table of medians, targets beside the numbers.

    python bench/run.py [--repeats N] [--quick] [--strict]

(`make bench` runs it with QT_QPA_PLATFORM=offscreen.) Each line is a median over
repeated runs on the real sample issues, or on synthetic issues built from them; see
bench/README.md for what each line measures. Lines owned by other parts of the
product come from their bench modules (bench/rules_bench.py, bench/store_bench.py,
bench/gui_bench.py); when one of those is missing, its line says "not available yet".
Exit code 0 unless a measurement failed (or, with --strict, a target was missed).
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import statistics
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(BENCH), str(ROOT)]

import core_bench as cb  # noqa: E402

LARGEST = max(cb.SAMPLES, key=lambda p: p.stat().st_size)


class NotAvailable(Exception):
    """The part of the product (or its bench module) a line needs is not there yet."""


@dataclass
class Line:
    """One row of the table."""

    name: str
    value: str
    target: str = ""
    ok: bool | None = None  # None: no target
    note: str = ""

    @property
    def result(self) -> str:
        if self.ok is None:
            return ""
        return "pass" if self.ok else "MISS"


def _s(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _mb(n: float) -> str:
    return f"{n / 1048576:.0f} MiB"


def _over(value: float, limit: float) -> str:
    return "" if value <= limit else f"{value / limit:.1f}x the target"


def _bench_module(name: str):
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name in (name, f"bench.{name}"):
            raise NotAvailable(f"bench/{name}.py is not there yet") from None
        raise NotAvailable(f"bench/{name}.py needs {exc.name}, which is not there yet") from None


def _function(module, *names: str) -> Callable:
    for n in names:
        fn = getattr(module, n, None)
        if callable(fn):
            return fn
    raise NotAvailable(f"{module.__name__} has no {' / '.join(names)}")


# --------------------------------------------------------------------- sections

def check_lines(repeats: int) -> list[Line]:
    """`check` per seed as a process, against the read-and-split floor."""
    out = []
    start = cb.startup_process(repeats)
    for path in cb.SAMPLES:
        size = path.stat().st_size
        run = cb.check_process(path, repeats)
        floor = cb.floor_process(path, repeats)
        ratio = run.wall / floor.wall
        is_target = path == LARGEST
        label = f"check {path.name[:3]} ({size / 1e6:.2f} MB), whole process"
        codes = ",".join(str(c) for c in sorted(run.returncodes))
        if is_target:
            out.append(Line(label, _s(run.wall), "< 0.5 s", run.wall < 0.5, f"{_over(run.wall, 0.5)} exit {codes}"))
            out.append(Line(f"  / read-and-split floor ({_s(floor.wall)})", f"{ratio:.1f}x", "<= 3x", ratio <= 3,
                            f"{_over(ratio, 3)}; start-up + imports alone {_s(start.wall)}"))
        else:
            out.append(Line(label, _s(run.wall), note=f"floor {_s(floor.wall)}, {ratio:.1f}x; exit {codes}"))
    return out


def parse_lines(repeats: int) -> list[Line]:
    """Parse + validate in-process per seed (no interpreter start, no imports)."""
    out = []
    for path in cb.SAMPLES:
        data = path.read_bytes()
        parse, rules, tables = cb.median_parse_and_validate(data, path.name, repeats)
        out.append(Line(f"parse + validate {path.name[:3]}, in-process", _s(parse + rules),
                        note=f"parse {_s(parse)}, rules {_s(rules)}; {tables} tables, "
                             f"{(parse + rules) / (len(data) / 1e6):.2f} s/MB"))
    return out


def revalidation_lines(repeats: int) -> list[Line]:
    """One table re-checked after one edit (bench/rules_bench.py)."""
    rb = _bench_module("rules_bench")
    rows = _function(rb, "bench_recheck")(repeats)
    if not rows:
        raise NotAvailable("rules_bench found no table of 50+ rows")
    worst = max(rows, key=lambda r: r[3])
    seed, table, n, med, p90 = worst
    return [Line("revalidation after one edit (worst table)", f"{med:.2f} ms", "< 10 ms", med < 10,
                 f"{seed} {table.split()[0]}, {n} rows; p90 {p90:.2f} ms; {len(rows)} tables measured")]


def store_lines(repeats: int) -> list[Line]:
    """A committed correction, and importing all samples into a fresh store (bench/store_bench.py)."""
    sb = _bench_module("store_bench")
    out = []
    try:
        commit = _function(sb, "bench_correction", "bench_commit", "bench_correct")(repeats)
        med = _seconds(commit)
        where = f"{commit.get('table', '')}, {commit.get('rows', '?')} rows" if isinstance(commit, dict) else ""
        durable = commit.get("commit_median_s") if isinstance(commit, dict) else None
        out.append(Line("one correction: the whole Store.apply (worst table)", _s(med), "< 5 ms", med < 0.005,
                        "; ".join(x for x in (_over(med, 0.005), where, "commit + re-check + findings cache") if x)))
        if durable is not None:
            out.append(Line("  of which the durable commit (fsync)", _s(durable), "< 5 ms", durable < 0.005,
                            "what must happen before the window says saved"))
    except NotAvailable as exc:
        out.append(Line("one correction committed to the store", "not available yet", "< 5 ms", None, str(exc)))
    try:
        imp = _function(sb, "bench_import", "bench_import_all")(max(1, repeats // 3))
        med = _seconds(imp)
        out.append(Line(f"import all {len(cb.SAMPLES)} samples into a fresh store", _s(med)))
    except NotAvailable as exc:
        out.append(Line(f"import all {len(cb.SAMPLES)} samples into a fresh store", "not available yet", note=str(exc)))
    return out


def window_lines(repeats: int) -> list[Line]:
    """Opening the review window on the largest seed, offscreen (bench/gui_bench.py)."""
    gb = _bench_module("gui_bench")
    med = _seconds(_function(gb, "bench_open_window", "bench_open", "bench_window_open")(max(1, repeats // 2)))
    out = [Line(f"open the window on {LARGEST.name[:3]} (offscreen, in-process)", _s(med), "< 2 s", med < 2,
                _over(med, 2))]
    cold = getattr(gb, "bench_cold_start", None)
    if callable(cold):
        c = _seconds(cold(3))
        out.append(Line(f"  from process start to {LARGEST.name[:3]} shown", _s(c), "< 2 s", c < 2,
                        "interpreter, Qt and our imports included"))
    nxt = getattr(gb, "bench_next_finding", None)
    if callable(nxt):
        out.append(Line("next finding (F8), repainted", _s(_seconds(nxt(3)))))
    edit = getattr(gb, "bench_commit_edit", None)
    if callable(edit):
        out.append(Line("edit a cell in the window until shown saved", _s(_seconds(edit(max(11, repeats * 3))))))
    return out


def memory_lines() -> list[Line]:
    """Peak memory for the largest seed: Python allocations, and the whole `check` process."""
    data = LARGEST.read_bytes()
    peak = cb.traced_peak(data, LARGEST.name)
    rss = cb.peak_rss(LARGEST)
    floor = cb.peak_rss(LARGEST, floor=True)
    return [Line(f"peak memory, {LARGEST.name[:3]}: Python allocations", _mb(peak),
                 note=f"tracemalloc, parse + rules + JSON; {peak / len(data):.0f}x the file"),
            Line(f"peak memory, {LARGEST.name[:3]}: check process RSS", _mb(rss),
                 note=f"VmHWM of `check --json`; floor process {_mb(floor)}")]


def scaling_lines(quick: bool) -> list[Line]:
    """Cost per MB of issues 1x, 5x and 20x the largest seed: should stay flat (linear)."""
    factors = [1, 5] if quick else [1, 5, 20]
    with cb.temp_dir() as tmp:
        points = cb.scaling(LARGEST, factors, {1: 5, 5: 3, 20: 3}, {factors[-1]}, tmp)
    out = []
    base = points[0].seconds / points[0].mb
    for p in points:
        per_mb = p.seconds / p.mb
        note = f"{p.mb:.1f} MB, parse + rules {_s(p.seconds)}"
        if p.process:
            note += f"; whole check process {_s(p.process.wall)}, peak RSS {_mb(p.rss)}"
        target, ok = ("", None)
        if p.factor > 1:
            target, ok = "<= 1.5x the 1x rate", per_mb <= 1.5 * base
            note += f"; {per_mb / base:.2f}x the 1x rate"
        out.append(Line(f"synthetic issue {p.factor}x {LARGEST.name[:3]}: time per MB", f"{per_mb:.3f} s/MB",
                        target, ok, note))
    return out


def long_list_lines(quick: bool) -> list[Line]:
    """One award list of 1k to 100k rows: how a long table's cost grows."""
    sizes = [1_000, 4_000] if quick else [1_000, 4_000, 10_000, 100_000]
    points = cb.long_lists(sizes, budget=20.0)
    out = []
    measured = [(p.rows, p.parse + p.rules) for p in points if p.parse is not None]
    b = cb.growth_exponent(measured)
    for p in points:
        name = f"table of {p.rows:,} rows ({p.mb:.1f} MB), parse + rules"
        if p.parse is None:
            est = ""
            if b is not None:
                r0, t0 = measured[-1]
                est = f"~{_s(t0 * (p.rows / r0) ** b)} by the growth above; "
            out.append(Line(name, "not run", "< 10 s", False, est + "skipped to keep `make bench` short"))
            continue
        total = p.parse + p.rules
        target, ok = ("< 10 s", total < 10) if p.rows >= 100_000 else ("", None)
        out.append(Line(name, _s(total), target, ok, f"parse {_s(p.parse)}, rules {_s(p.rules)}"))
    if b is not None:
        out.append(Line("  growth of a long table's cost: rows^b", f"b = {b:.2f}", "b <= 1.2", b <= 1.2,
                        "1 is linear, 2 quadratic"))
    return out


def wide_table_lines(quick: bool) -> list[Line]:
    """One table 50 to 400 figure columns wide, tab and PDF-to-text: cost against width."""
    widths = [50, 100] if quick else [50, 100, 200, 400]
    out = []
    for layout in ("tab", "space"):
        points = cb.wide_tables(widths, layout)
        for cols, seconds in points:
            target, ok = ("< 10 s", seconds < 10) if cols >= 400 else ("", None)
            out.append(Line(f"table {cols} columns x 30 rows ({layout}), parse + rules", _s(seconds), target, ok))
        b = cb.growth_exponent(points)
        if b is not None:
            out.append(Line(f"  growth of a wide table's cost ({layout}): columns^b", f"b = {b:.2f}", "b <= 1.2",
                            b <= 1.2, "1 is linear, 3 was the old implied-sum search"))
    return out


def _seconds(result) -> float:
    """A median in seconds from whatever a bench function returns (seconds, ms dict, list...)."""
    if isinstance(result, (int, float)):
        return float(result)
    if isinstance(result, dict):
        for key in ("median_s", "median", "seconds"):
            if key in result:
                return float(result[key])
        if "median_ms" in result:
            return float(result["median_ms"]) / 1000
    if isinstance(result, (list, tuple)) and result and all(isinstance(x, (int, float)) for x in result):
        return statistics.median(result)
    raise NotAvailable(f"cannot read a median from {type(result).__name__}")


# --------------------------------------------------------------------- the table

def print_table(lines: list[Line]) -> None:
    w_name = max(len(ln.name) for ln in lines)
    w_val = max(len(ln.value) for ln in lines)
    w_tgt = max(len(ln.target) for ln in lines)
    print(f"{'measurement':<{w_name}}  {'median':>{w_val}}  {'target':<{w_tgt}}  result  notes")
    print("-" * (w_name + w_val + w_tgt + 16 + 40))
    for ln in lines:
        print(f"{ln.name:<{w_name}}  {ln.value:>{w_val}}  {ln.target:<{w_tgt}}  {ln.result:<6}  {ln.note}".rstrip())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=7, help="runs per median (default 7)")
    ap.add_argument("--quick", action="store_true", help="fewer runs, no 20x issue, no 100k-row table")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--only", default="", help="run only these sections (comma-separated: check, parse, "
                    "revalidation, store, window, memory, scaling, long table, wide table)")
    args = ap.parse_args(argv)
    repeats = 3 if args.quick else max(3, args.repeats)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sections: list[tuple[str, Callable[[], list[Line]]]] = [
        ("check", lambda: check_lines(repeats)),
        ("parse", lambda: parse_lines(repeats)),
        ("revalidation", lambda: revalidation_lines(max(21, repeats * 5))),
        ("store", lambda: store_lines(max(21, repeats * 5))),
        ("window", lambda: window_lines(repeats)),
        ("memory", memory_lines),
        ("scaling", lambda: scaling_lines(args.quick)),
        ("long table", lambda: long_list_lines(args.quick)),
        ("wide table", lambda: wide_table_lines(args.quick)),
    ]
    if args.only:
        wanted = {w.strip() for w in args.only.split(",")}
        unknown = wanted - {name for name, _ in sections}
        if unknown:
            ap.error(f"unknown section(s): {', '.join(sorted(unknown))}")
        sections = [(name, run) for name, run in sections if name in wanted]
    started = time.perf_counter()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0  # other work on the machine skews timings
    lines: list[Line] = []
    failed = False
    for name, section in sections:
        t = time.perf_counter()
        try:
            lines.extend(section())
        except NotAvailable as exc:
            lines.append(Line(name, "not available yet", note=str(exc)))
        except Exception as exc:  # a broken measurement must not hide the others
            failed = True
            lines.append(Line(name, "FAILED", note=f"{type(exc).__name__}: {exc}"))
            traceback.print_exc(file=sys.stderr)
        print(f"[{name}: {time.perf_counter() - t:.0f} s]", file=sys.stderr, flush=True)
    print(f"Gazette Proofreader benchmarks: medians of {repeats} runs (in-process re-checks and commits: "
          f"{max(21, repeats * 5)}); Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"{platform.system()} {platform.machine()}; load average at start {load:.2f}")
    print_table(lines)
    missed = [ln for ln in lines if ln.ok is False]
    print(f"\n{len(missed)} target(s) missed; {time.perf_counter() - started:.0f} s in all. See bench/README.md.")
    if failed:
        return 2
    return 1 if (args.strict and missed) else 0


if __name__ == "__main__":
    raise SystemExit(main())
