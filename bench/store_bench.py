"""Benchmark of the local store on the sample issues (a benchmark, not a test).

    python bench/store_bench.py [--repeats N] [--dir FOLDER]

Measures, as medians over repeated runs, in stores in a temporary folder (on the
same disk as FOLDER when given, since a commit's cost is mostly the disk's fsync):

* importing all four sample issues into a fresh store;
* one committed correction (a changed amount cell, as the window and ``correct``
  make it), split into the durable commit of the correction record alone (BEGIN
  IMMEDIATE … COMMIT, WAL + synchronous=FULL) and the whole ``Store.apply``
  (validate and apply to a copy, commit, re-check the table's findings, write the
  findings cache), on the ~160- and ~340-row lists of sample 003 and the 181-row
  award list of sample 002;
* undo of that correction (a new correction, the inverse);
* export of the four issues to the central-office file; merge of two exports
  (with one conflicting cell) into a fresh central file, and the re-merge (a no-op).

The target from issue 4 is a committed correction under 5 ms median; each
correction line says whether it meets it. ``bench/run.py`` imports
:func:`bench_correction` and :func:`bench_import` from here.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from proofreader.corrections import SetCell  # noqa: E402
from proofreader.model import Table  # noqa: E402
from proofreader.store import Store, merge_exports, open_store  # noqa: E402

SAMPLES = sorted((ROOT / "sample_issues").glob("*.txt"))
#: Issue 4: "A correction is committed in under 5 ms median".
TARGET_S = 0.005
OPERATOR = "bench"


# --------------------------------------------------------------------- timing helpers

@dataclass
class Stat:
    """Repeated timings (seconds) of one measurement."""

    name: str
    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p90(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]


class _TimedConnection:
    """The store's connection, with the time of each BEGIN and each finished COMMIT noted.

    ``Store`` opens every transaction with ``conn.execute("BEGIN IMMEDIATE")`` and ends it
    with ``conn.execute("COMMIT")``, so the phases of one real ``Store.apply`` can be read
    off these marks without changing the store's code. The wrapper adds well under a
    microsecond per statement.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.marks: list[tuple[str, float]] = []

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if sql.startswith("BEGIN"):
            self.marks.append(("begin", time.perf_counter()))
        cur = self._conn.execute(sql, *args)
        if sql == "COMMIT":
            self.marks.append(("commit", time.perf_counter()))
        return cur

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@contextlib.contextmanager
def _folder(parent: str | None) -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="proofreader-store-bench-", dir=parent) as tmp:
        yield tmp


def _import_all(store: Store) -> dict[str, str]:
    """Import the samples; sample number ("001") -> issue id."""
    return {p.name[:3]: store.import_file(str(p), OPERATOR).issue_id for p in SAMPLES}


# --------------------------------------------------------------------- which tables

def _award_list(tables: list[Table]) -> Table:
    """The award list of an issue: titled 奖励企业名单, else the largest numbered list with amounts."""
    named = [t for t in tables if "奖励企业名单" in t.title]
    if named:
        return named[0]
    numbered = [t for t in tables if "serial" in t.roles and "amount" in t.roles]
    return max(numbered or tables, key=lambda t: len(t.rows))


def bench_tables(store: Store, ids: dict[str, str]) -> list[tuple[str, str, Table]]:
    """(label, issue id, table): the two largest tables of 003 (~160 and ~340 rows), 002's award list."""
    out = []
    if "003" in ids:
        big = sorted(store.current_issue(ids["003"]).tables, key=lambda t: len(t.rows), reverse=True)[:2]
        for t in sorted(big, key=lambda t: len(t.rows)):
            out.append((f"003 {t.id}", ids["003"], t))
    if "002" in ids:
        t = _award_list(store.current_issue(ids["002"]).tables)
        out.append((f"002 {t.id}", ids["002"], t))
    return out


def _amount_column(table: Table) -> int:
    return table.roles.get("amount", len(table.columns) - 1)


def _victim(table: Table):
    rows = table.data_rows()
    return rows[len(rows) // 2]


def _new_value(original: str, k: int) -> str:
    value = str(k % 97 + 1)
    return value if value != original.strip() else str(k % 97 + 2)


# --------------------------------------------------------------------- corrections

@dataclass
class CorrectionTimes:
    """One table: the whole apply and its phases, and undo."""

    label: str
    rows: int
    data_rows: int
    whole: Stat
    commit: Stat
    to_durable: Stat
    recheck: Stat
    findings_write: Stat
    undo: Stat
    floor: Stat


def _phases(conn: _TimedConnection, called: float, returned: float) -> tuple[float, float, float, float]:
    """(to durable, commit, recheck, findings write) from the marks of one apply."""
    marks = conn.marks
    begins = [t for k, t in marks if k == "begin"]
    commits = [t for k, t in marks if k == "commit"]
    if not begins or not commits:
        raise RuntimeError("Store.apply committed no transaction: the store's code changed; update this bench")
    b1, c1 = begins[0], commits[0]
    b2, c2 = (begins[1], commits[1]) if len(begins) > 1 and len(commits) > 1 else (returned, returned)
    return c1 - called, c1 - b1, b2 - c1, c2 - b2


class _BareCommits:
    """A one-row INSERT committed with WAL + synchronous=FULL in a side database: what the
    disk's fsync costs alone, at the same moments as the corrections (on a shared disk it
    varies with what other programs write: ext4's fsync waits for a journal commit)."""

    def __init__(self, folder: str) -> None:
        self.conn = sqlite3.connect(os.path.join(folder, "floor.sqlite"), isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, payload TEXT)")
        self.n = 0

    def commit(self) -> float:
        self.n += 1
        start = time.perf_counter()
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT INTO t (payload) VALUES (?)", ('{"kind":"set_cell","new":"%d"}' % self.n,))
        self.conn.execute("COMMIT")
        return time.perf_counter() - start

    def close(self) -> None:
        self.conn.close()


def measure_corrections(repeats: int, parent: str | None = None) -> list[CorrectionTimes]:
    """Time ``repeats`` corrections (and undos) on each benchmark table of a store holding the samples."""
    out = []
    with _folder(parent) as tmp:
        store = open_store(os.path.join(tmp, "store.sqlite"))
        bare = _BareCommits(tmp)
        timed = _TimedConnection(store.conn)
        store.conn = timed  # type: ignore[assignment]
        try:
            ids = _import_all(store)
            tables = bench_tables(store, ids)
            names = ("whole", "commit", "to_durable", "recheck", "findings_write", "undo", "floor")
            stats = {label: {n: Stat(n) for n in names} for label, _, _ in tables}
            # Round robin over the tables, so that a burst of other work on the machine
            # falls on all of them alike; the first two rounds warm caches and are not counted.
            for k in range(repeats + 2):
                for label, iid, table in tables:
                    col = _amount_column(table)
                    key = _victim(table).key
                    row = next(r for r in store.table(iid, table.id).rows if r.key == key)
                    old = row.cells[col] if col < len(row.cells) else ""
                    corr = SetCell(table.id, key, col, old, _new_value(old, k))
                    timed.marks.clear()
                    called = time.perf_counter()
                    store.apply(iid, corr, OPERATOR, "bench")
                    returned = time.perf_counter()
                    to_durable, commit, recheck, write = _phases(timed, called, returned)
                    started = time.perf_counter()
                    store.undo(iid, OPERATOR)
                    undone = time.perf_counter() - started
                    floor = bare.commit()
                    if k < 2:
                        continue
                    for n, v in zip(names, (returned - called, commit, to_durable, recheck, write, undone, floor)):
                        stats[label][n].samples.append(v)
            for label, _, table in tables:
                out.append(CorrectionTimes(label, len(table.rows), len(table.data_rows()),
                                           *(stats[label][n] for n in names)))
        finally:
            store.conn = timed._conn  # type: ignore[assignment]
            store.close()
            bare.close()
    return out


def bench_correction(repeats: int, parent: str | None = None) -> dict[str, Any]:
    """For bench/run.py: one correction, the whole ``Store.apply`` on the slowest table.

    The whole apply is what the caller waits for before it is told "saved"; the
    durable commit of the record alone is in ``commit_median_s``.
    """
    timings = measure_corrections(repeats, parent)
    worst = max(timings, key=lambda c: c.whole.median)
    return {"median_s": worst.whole.median, "table": worst.label, "rows": worst.rows,
            "commit_median_s": max(c.commit.median for c in timings),
            "per_table": {c.label: {"whole_s": c.whole.median, "commit_s": c.commit.median,
                                    "recheck_s": c.recheck.median, "undo_s": c.undo.median} for c in timings}}


# --------------------------------------------------------------------- import, export, merge

def measure_import(repeats: int, parent: str | None = None) -> Stat:
    """Open a fresh store and import all four samples into it."""
    stat = Stat(f"import all {len(SAMPLES)} samples into a fresh store")
    with _folder(parent) as tmp:
        for k in range(repeats):
            path = os.path.join(tmp, f"import{k}.sqlite")
            start = time.perf_counter()
            with open_store(path) as store:
                _import_all(store)
            stat.samples.append(time.perf_counter() - start)
    return stat


def bench_import(repeats: int, parent: str | None = None) -> dict[str, Any]:
    """For bench/run.py: importing all samples into a fresh store (median seconds)."""
    return {"median_s": measure_import(repeats, parent).median}


def _corrected_store(path: str, operator: str, value: str) -> Store:
    """A store with the samples and two corrections: one shared cell (set to ``value``), one of its own."""
    store = open_store(path)
    ids = _import_all(store)
    label, iid, table = bench_tables(store, {"002": ids["002"]})[0]
    col = _amount_column(table)
    row = _victim(table)
    store.apply(iid, SetCell(table.id, row.key, col, row.cells[col], value), operator, "bench")
    other = table.data_rows()[1 if operator.endswith("A") else 2]
    store.apply(iid, SetCell(table.id, other.key, col, other.cells[col], "7"), operator, "bench")
    return store


def measure_export_merge(repeats: int, parent: str | None = None) -> tuple[Stat, Stat, Stat, dict[str, int]]:
    """Export (four issues), merge of two exports into a fresh central file, re-merge."""
    export = Stat(f"export {len(SAMPLES)} issues to the central-office file (open + replay + write)")
    merge = Stat("merge two exports into a fresh central file")
    remerge = Stat("re-merge the same two exports (no-op)")
    facts: dict[str, int] = {}
    with _folder(parent) as tmp:
        paths = [os.path.join(tmp, "a.sqlite"), os.path.join(tmp, "b.sqlite")]
        for path, operator, value in zip(paths, ("bench A", "bench B"), ("91", "92")):
            _corrected_store(path, operator, value).close()
        ea, eb = os.path.join(tmp, "a-export.sqlite"), os.path.join(tmp, "b-export.sqlite")
        for k in range(repeats):
            # As `proofreader export` does: a store just opened, whose issues are replayed
            # (original + corrections) and checked before they are written out.
            start = time.perf_counter()
            with open_store(paths[0]) as a:
                res = a.export(ea)
            export.samples.append(time.perf_counter() - start)
        facts["tables"] = res.tables
        with open_store(paths[1]) as b:
            b.export(eb)
        facts["export_bytes"] = os.path.getsize(ea)
        for k in range(repeats):
            central = os.path.join(tmp, f"central{k}.sqlite")
            start = time.perf_counter()
            res = merge_exports(central, [ea, eb])
            merge.samples.append(time.perf_counter() - start)
            facts["conflicts"] = len(res.conflicts)
            start = time.perf_counter()
            again = merge_exports(central, [ea, eb])
            remerge.samples.append(time.perf_counter() - start)
            if again.merged:
                raise RuntimeError("re-merging the same exports merged something: merge is not idempotent")
    return export, merge, remerge, facts


# --------------------------------------------------------------------- the table

def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _verdict(stat: Stat) -> str:
    return "meets" if stat.median < TARGET_S else "MISSES"


def print_corrections(timings: list[CorrectionTimes]) -> None:
    """One line per table: the phases of one correction (medians, p90 in brackets)."""
    cols = [("bare commit", "floor"), ("record commit", "commit"), ("call->durable", "to_durable"),
            ("re-check", "recheck"), ("cache write", "findings_write"), ("whole apply", "whole"), ("undo", "undo")]
    w = 21
    print(f"{'table':<8} {'rows':>8}  " + "  ".join(f"{h:>{w}}" for h, _ in cols))
    for c in timings:
        cells = [f"{_ms(getattr(c, a).median)} ({_ms(getattr(c, a).p90)})" for _, a in cols]
        print(f"{c.label:<8} {f'{c.rows}/{c.data_rows}':>8}  " + "  ".join(f"{x:>{w}}" for x in cells))
    print(f"\nrows: all rows / data rows. Target: a committed correction < {_ms(TARGET_S)} median.")
    for c in timings:
        print(f"  {c.label}: record commit {_ms(c.commit.median)} {_verdict(c.commit)}; call->durable "
              f"{_ms(c.to_durable.median)} {_verdict(c.to_durable)}; whole apply {_ms(c.whole.median)} "
              f"{_verdict(c.whole)}; undo {_ms(c.undo.median)} {_verdict(c.undo)}")


def print_stats(stats: list[Stat]) -> None:
    w = max(len(s.name) for s in stats)
    print(f"{'measurement':<{w}}  {'median':>10}  {'p90':>10}  {'n':>3}")
    for s in stats:
        print(f"{s.name:<{w}}  {_ms(s.median):>10}  {_ms(s.p90):>10}  {len(s.samples):>3}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=31, help="corrections per table (default 31)")
    ap.add_argument("--heavy-repeats", type=int, default=5, help="imports, exports and merges (default 5)")
    ap.add_argument("--dir", help="make the temporary stores in this folder (default: the system's temp folder)")
    args = ap.parse_args(argv)
    load = f", load average {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else ""
    print(f"Store benchmark: stores in {args.dir or tempfile.gettempdir()}; SQLite {sqlite3.sqlite_version}, "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs{load}")
    print(f"\nOne correction (an amount cell changed, then undone), median (p90) of {args.repeats}:")
    print_corrections(measure_corrections(args.repeats, args.dir))
    print(f"\nWhole operations, {args.heavy_repeats} runs each:")
    imp = measure_import(args.heavy_repeats, args.dir)
    export, merge, remerge, facts = measure_export_merge(args.heavy_repeats, args.dir)
    print_stats([imp, export, merge, remerge])
    print(f"export: {facts['tables']} tables, {facts['export_bytes'] / 1e6:.1f} MB; the merge found "
          f"{facts['conflicts']} conflict(s) (one planted).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
