"""The review window's speed on the sample issues, offscreen.

    python bench/gui_bench.py [--repeats N]

Measures, as medians over repeated runs:

* opening the window on seed 001 (1.2 MB) until it is shown and populated (OCR text,
  navigator, table and findings), in-process with the modules already imported, and as
  a fresh process (interpreter start, imports, QApplication, window) measured from outside;
* F8, the next finding: the findings pane, the table (switching tables when needed), the
  OCR line, repainted;
* an edit committed through the GUI path: ``TableModel.setData`` → the store commits the
  correction (its own transaction, fsync) → findings re-checked → table, findings pane,
  navigator and OCR marks refreshed, repainted.

bench/run.py reads :func:`bench_open_window` for its summary table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from proofreader.gui.app import application, open_window  # noqa: E402
from proofreader.gui.settings import Settings  # noqa: E402
from proofreader.gui.worker import busy  # noqa: E402
from proofreader.store import open_store  # noqa: E402

SAMPLES = sorted((ROOT / "sample_issues").glob("*.txt"))
SEED_001, SEED_002, SEED_003 = SAMPLES[0], SAMPLES[1], SAMPLES[2]

_template: tuple[Path, dict[str, str]] | None = None


def _store_template() -> tuple[Path, dict[str, str]]:
    """A closed store with every sample imported, and their ids by file name (built once)."""
    global _template
    if _template is None:
        folder = Path(tempfile.mkdtemp(prefix="gui-bench-"))
        path = folder / "template.sqlite"
        with open_store(str(path)) as store:
            ids = {p.name: store.import_file(str(p), "bench").issue_id for p in SAMPLES}
        _template = (path, ids)
    return _template


def _settle() -> None:
    """Deliver pending events and paint, like the event loop between two key presses."""
    QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)


def _wait(predicate, timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the window did not get there in time")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 20)


def _open(seed: Path, table: str = ""):
    """A window over a fresh copy of the template, set to reopen ``seed`` (as after a restart)."""
    template, ids = _store_template()
    folder = Path(tempfile.mkdtemp(prefix="gui-bench-run-"))
    db = folder / "store.sqlite"
    shutil.copy(template, db)
    settings = Settings(str(folder / "settings.ini"))
    settings.operator = "bench"
    settings.set("last_issue", ids[seed.name])
    settings.set("last_table", table)
    started = time.perf_counter()
    window = open_window(str(db), settings, lang="zh")
    shown: list[str] = []
    window.issue_shown.connect(shown.append)
    _wait(lambda: bool(shown) and window.table_model.rowCount() > 0)
    _settle()  # painted
    seconds = time.perf_counter() - started
    _wait(lambda: not busy())  # the other issues' tables, listed in the background
    return window, seconds, folder


def _close(window, folder: Path) -> None:
    _wait(lambda: not busy())
    window.close()
    window.store.close()
    window.deleteLater()
    _settle()
    shutil.rmtree(folder, ignore_errors=True)


def bench_open_window(repeats: int = 5) -> dict:
    """Seconds from ``open_window`` to seed 001 shown and populated (modules imported)."""
    application()
    times = []
    for _ in range(max(1, repeats)):
        window, seconds, folder = _open(SEED_001)
        assert window.session is not None and window.session.name == SEED_001.name
        assert window.ocr.view.line_count() > 6000 and window.findings.model.rowCount() >= 1
        times.append(seconds)
        _close(window, folder)
    return {"median_s": statistics.median(times), "max_s": max(times), "runs": times}


_COLD = """
import os, sys, time
sys.path.insert(0, {root!r})
from proofreader.gui.app import open_window
from proofreader.gui.settings import Settings
from PySide6.QtWidgets import QApplication
s = Settings({settings!r}); s.operator = "bench"; s.set("last_issue", {issue!r})
w = open_window({db!r}, s, lang="zh")
w.issue_shown.connect(lambda _i: (QApplication.processEvents(), print("shown", flush=True), w.close()))
QApplication.instance().exec()
w.store.close()
"""


def bench_cold_start(repeats: int = 3) -> dict:
    """Seconds from starting a Python process to seed 001 shown (interpreter and imports included)."""
    template, ids = _store_template()
    times = []
    for _ in range(max(1, repeats)):
        with tempfile.TemporaryDirectory(prefix="gui-bench-cold-") as tmp:
            db = Path(tmp) / "store.sqlite"
            shutil.copy(template, db)
            code = _COLD.format(root=str(ROOT), settings=str(Path(tmp) / "settings.ini"), issue=ids[SEED_001.name],
                                db=str(db))
            started = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                                    env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
            line = proc.stdout.readline() if proc.stdout else ""
            times.append(time.perf_counter() - started)
            proc.wait(timeout=60)
            if line.strip() != "shown":
                raise RuntimeError("the cold-start window never showed")
    return {"median_s": statistics.median(times), "max_s": max(times), "runs": times}


def bench_next_finding(repeats: int = 3) -> dict:
    """Seconds per F8 on seed 003 (13 findings over its tables), repainted."""
    application()
    times = []
    for _ in range(max(1, repeats)):
        window, _s, folder = _open(SEED_003)
        n = window.findings.proxy.rowCount()
        for _k in range(n + 1):  # once round the list, wrapping
            started = time.perf_counter()
            window.step_finding(True)
            _settle()
            times.append(time.perf_counter() - started)
        _close(window, folder)
    return {"median_s": statistics.median(times), "max_s": max(times), "steps": len(times)}


def bench_commit_edit(repeats: int = 20, seed: Path = SEED_002, table: str = "t4") -> dict:
    """Seconds per cell edit committed through the window (setData → store → refresh → paint)."""
    application()
    window, _s, folder = _open(seed, table)
    window.show_table(table)
    model = window.table_model
    row = next(i for i, r in enumerate(model.rows()) if r.kind == "data" and len(r.cells) > 1 and r.cells[1])
    column = 1
    index = model.index(row, column)
    original = index.data(Qt.ItemDataRole.EditRole)
    window.table_view.select_row(row, column)
    _settle()
    times = []
    for k in range(max(2, repeats)):
        value = original + "（核）" if k % 2 == 0 else original
        started = time.perf_counter()
        ok = model.setData(index, value, Qt.ItemDataRole.EditRole)
        _settle()
        times.append(time.perf_counter() - started)
        if not ok or "已保存" not in window.saved_label.text():
            raise RuntimeError("the edit was not saved")
    rows = model.rowCount()
    _close(window, folder)
    times.sort()
    return {"median_s": statistics.median(times), "p90_s": times[int(len(times) * 0.9) - 1], "rows": rows}


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    r = args.repeats
    application()
    _store_template()
    rows: list[tuple[str, str, str, str]] = []
    opened = bench_open_window(r)
    rows.append(("open window on 001 (1.2 MB), shown + populated", _ms(opened["median_s"]),
                 f"max {_ms(opened['max_s'])}", "< 2 s"))
    cold = bench_cold_start(max(1, r // 2 + 1))
    rows.append(("  the same from a fresh process (start-up, imports)", _ms(cold["median_s"]),
                 f"max {_ms(cold['max_s'])}", "< 2 s"))
    step = bench_next_finding(max(1, r // 2))
    rows.append(("next finding (F8) on 003, repainted", _ms(step["median_s"]),
                 f"max {_ms(step['max_s'])} over {step['steps']}", "< 100 ms"))
    for seed, table in ((SEED_002, "t4"), (SEED_001, "t16")):
        edit = bench_commit_edit(max(4, r * 4), seed, table)
        rows.append((f"edit committed via the GUI, {seed.name[:3]} {table} ({edit['rows']} rows)",
                     _ms(edit["median_s"]), f"p90 {_ms(edit['p90_s'])}", "< 100 ms"))
    width = max(len(x[0]) for x in rows)
    print(f"{'measurement':<{width}}  {'median':>9}  {'spread':<18}  target")
    for name, med, spread, target in rows:
        print(f"{name:<{width}}  {med:>9}  {spread:<18}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
