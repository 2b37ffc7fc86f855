"""Real processes correcting one store at once: windows (offscreen) and CLI batches.

Used by ``tests/test_many_writers.py``; also runnable by hand for many runs::

    python tests/many_writers.py --runs 20 --each 10

Each writer corrects its own rows of seed 002's award list (amount column) and prints
one line per correction it showed as saved (the window's "✓ 已保存（第 N 号更正…）", the CLI's
"已保存 #N"). The check then opens the store: every correction shown as saved is in
the audit trail under its number with its value, numbers are unique, every row holds
the last value saved for it, and SQLite's integrity check passes.

A window also re-reads the store's catalog on its worker thread between corrections
(a Store of its own opened and closed beside the window's) - what made a plain
``open()`` of the database file drop the window's locks.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_002 = ROOT / "sample_issues" / "002_7bba585c8c284dc6.txt"
TABLE = "t3"  # 奖励企业名单: 181 data rows, amount in column 4
AMOUNT = 3

#: The window writer, run as ``python many_writers.py window DB ISSUE NAME START COUNT GO``.
def window_writer(db: str, issue_id: str, who: str, start: int, count: int, go: str, settings_path: str) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from proofreader.gui.app import open_window
    from proofreader.gui.settings import Settings
    from proofreader.gui.worker import busy

    settings = Settings(settings_path)
    settings.operator = who
    window = open_window(db, settings, lang="zh")
    app = QApplication.instance()

    def wait(cond) -> None:  # noqa: ANN001
        while not cond():
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    wait(lambda: window.session is not None and window.session.ready and not busy())
    window.show_table(TABLE)
    wait(lambda: window.table_id == TABLE and not busy())
    model = window.table_model
    lines = [r.first_line for r in window.session.tables[TABLE].data_rows()][start:start + count]
    print("READY", flush=True)
    wait(lambda: os.path.exists(go))
    for k, line in enumerate(lines):
        value = str(_value(start, k))
        row = model.row_for_line(line)
        ok = row is not None and model.setData(model.index(row, AMOUNT), value)
        label = window.saved_label.text()
        m = re.search(r"第 (\d+) 号更正", label)  # "✓ 已保存（第 N 号更正，时间）"
        if ok and m and label.startswith("✓ 已保存"):
            print(f"SAVED {m.group(1)} {line} {value}", flush=True)
        else:
            print(f"NOT-SAVED {line} {value} {window.saved_label.toolTip()!r}", flush=True)
        if k % 2 == 0:  # the window's own background read: another Store opened and closed
            window.reload_catalog()
            wait(lambda: not busy())
    wait(lambda: not busy())
    window.close()
    window.store.close()
    print("DONE", flush=True)
    return 0


def _value(start: int, k: int) -> int:
    return 5000 + start + k


@dataclass
class Writer:
    kind: str  # "window" | "cli"
    name: str
    start: int
    count: int
    proc: subprocess.Popen | None = None
    saved: list[tuple[int, int, str]] = field(default_factory=list)  # (id, line, value)
    not_saved: list[str] = field(default_factory=list)
    stderr: str = ""


@dataclass
class Outcome:
    tried: int
    saved: int
    lost: list[str]
    not_saved: list[str]
    duplicates: int
    integrity: str


def make_store(folder: Path) -> tuple[Path, str, list[int]]:
    """A store with seed 002 and the source lines of the award list's data rows."""
    sys.path.insert(0, str(ROOT))
    from proofreader.store import open_store

    path = folder / "store.sqlite"
    with open_store(str(path)) as s:
        iid = s.import_file(str(SEED_002), "导入").issue_id
        lines = [r.first_line for r in s.table(iid, TABLE).data_rows()]
    return path, iid, lines


def run_once(folder: Path, windows: int, clis: int, each: int) -> Outcome:
    """Start ``windows`` window writers and ``clis`` CLI batches on one new store, all
    released at once, ``each`` corrections apiece; check the store afterwards."""
    path, iid, lines = make_store(folder)
    go = folder / "go"
    env = {**os.environ, "PROOFREADER_LANG": "zh", "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    writers: list[Writer] = []
    for k in range(windows + clis):
        kind = "window" if k < windows else "cli"
        writers.append(Writer(kind, f"{'窗口' if kind == 'window' else '命令'}{k + 1}", k * each, each))
    for w in writers:
        if w.kind == "window":
            cmd = [sys.executable, str(Path(__file__).resolve()), "window", str(path), iid, w.name, str(w.start),
                   str(w.count), str(go), str(folder / f"settings{w.start}.ini")]
        else:
            batch = folder / f"batch{w.start}.csv"
            with open(batch, "w", encoding="utf-8", newline="") as fh:
                out = csv.writer(fh)
                out.writerow(["line", "column", "value"])
                for j in range(w.count):
                    out.writerow([lines[w.start + j], AMOUNT + 1, _value(w.start, j)])
            # The CLI batch (`proofreader correct --from`) starts when the go file appears.
            cmd = [sys.executable, str(Path(__file__).resolve()), "cli", str(path), iid, w.name, str(batch), str(go)]
        w.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    for w in writers:  # every writer has the store open and its rows found
        assert w.proc is not None and w.proc.stdout is not None
        line = w.proc.stdout.readline()
        if line.strip() != "READY":
            _, err = w.proc.communicate()
            raise RuntimeError(f"{w.name} did not start: {line!r} {err[-3000:]}")
    go.write_text("go", encoding="utf-8")
    for w in writers:
        assert w.proc is not None
        out, w.stderr = w.proc.communicate()
        for ln in out.splitlines():
            parts = ln.split()
            if parts and parts[0] == "SAVED":
                w.saved.append((int(parts[1]), int(parts[2]), parts[3]))
            elif parts and parts[0] == "NOT-SAVED":
                w.not_saved.append(ln)
        if w.proc.returncode != 0:
            w.not_saved.append(f"{w.name} exit {w.proc.returncode}: {w.stderr[-2000:]}")
    return check(path, iid, writers)


def check(path: Path, iid: str, writers: list[Writer]) -> Outcome:
    conn = sqlite3.connect(path)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        trail = {r[0]: (r[1], r[2]) for r in conn.execute(
            "SELECT id, operator, new_value FROM corrections WHERE issue_id = ?", (iid,))}
        ids = [r[0] for r in conn.execute("SELECT id FROM corrections")]
        uuids = [r[0] for r in conn.execute("SELECT uuid FROM corrections")]
    finally:
        conn.close()
    sys.path.insert(0, str(ROOT))
    from proofreader.store import open_store

    with open_store(str(path)) as s:
        rows = {r.first_line: r.cells[AMOUNT] for r in s.table(iid, TABLE).data_rows()}
    lost: list[str] = []
    tried = saved = 0
    for w in writers:
        tried += w.count
        saved += len(w.saved)
        for cid, line, value in w.saved:
            if trail.get(cid) != (w.name, f'"{value}"'):
                lost.append(f"{w.name} #{cid} line {line} = {value}: trail has {trail.get(cid)}")
            elif rows.get(line) != value:
                lost.append(f"{w.name} #{cid} line {line} = {value}: the table shows {rows.get(line)!r}")
    shown_ids = [cid for w in writers for cid, _l, _v in w.saved]
    duplicates = (len(shown_ids) - len(set(shown_ids))) + (len(ids) - len(set(ids))) + (len(uuids) - len(set(uuids)))
    not_saved = [n for w in writers for n in w.not_saved]
    return Outcome(tried, saved, lost, not_saved, duplicates, integrity)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "window":
        return window_writer(argv[1], argv[2], argv[3], int(argv[4]), int(argv[5]), argv[6], argv[7])
    if argv and argv[0] == "cli":
        return _cli_main(argv[1:])
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--each", type=int, default=10)
    args = p.parse_args(argv)
    totals = {"tried": 0, "saved": 0, "lost": 0, "not saved": 0, "duplicates": 0, "bad integrity": 0}
    for run in range(args.runs):
        for windows, clis in ((1, 2), (3, 0)):
            folder = Path(tempfile.mkdtemp(prefix="many-writers-"))
            try:
                o = run_once(folder, windows, clis, args.each)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            totals["tried"] += o.tried
            totals["saved"] += o.saved
            totals["lost"] += len(o.lost)
            totals["not saved"] += len(o.not_saved)
            totals["duplicates"] += o.duplicates
            totals["bad integrity"] += o.integrity != "ok"
            print(f"run {run + 1} ({windows} window(s) + {clis} CLI): tried {o.tried}, saved {o.saved}, "
                  f"lost {len(o.lost)}, not saved {len(o.not_saved)}, duplicate ids {o.duplicates}, "
                  f"integrity {o.integrity}", flush=True)
            for x in o.lost + o.not_saved:
                print("   ", x[:300], flush=True)
    print("total:", ", ".join(f"{k} {v}" for k, v in totals.items()))
    return 0 if totals["lost"] == totals["duplicates"] == totals["bad integrity"] == 0 else 1


def _cli_main(argv: list[str]) -> int:
    """A CLI batch: `proofreader correct --from BATCH`, started when the go file appears;
    its "已保存 #N：第 L 行…" lines become SAVED lines."""
    db, issue_id, who, batch, go = argv
    print("READY", flush=True)
    while not os.path.exists(go):
        time.sleep(0.01)
    env = {**os.environ, "PROOFREADER_LANG": "zh"}
    proc = subprocess.Popen([sys.executable, "-m", "proofreader", "correct", "--db", db, "--issue", issue_id,
                             "--from", batch, "--operator", who], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, cwd=ROOT)
    out, err = proc.communicate()
    for ln in out.splitlines():
        m = re.match(r"已保存 #(\d+)：第 (\d+) 行.*→ “([^”]*)”", ln)
        if m:
            print(f"SAVED {m.group(1)} {m.group(2)} {m.group(3)}", flush=True)
    sys.stderr.write(err)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
