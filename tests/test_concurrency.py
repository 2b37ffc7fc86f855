"""Two windows, or a window and the CLI, on one store at once: nothing lost, nothing corrupt.

Each window (and each CLI command) has its own Store over the same SQLite file. A Store
caches the issues it has read; a correction checks, inside its write transaction, that no
other connection committed since, and otherwise reads the issue again first.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import SEED_002
from proofreader.corrections import SetCell
from proofreader.errors import CorrectionError
from proofreader.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def _award(store, issue_id):
    return next(t for t in store.current_issue(issue_id).tables if "奖励企业名单" in t.title)


def _cell(store, issue_id, table_id, key, col) -> str:
    return next(r for r in store.table(issue_id, table_id).rows if r.key == key).cells[col]


@pytest.fixture
def shared_store(tmp_path):
    path = tmp_path / "store.sqlite"
    with open_store(str(path)) as s:
        iid = s.import_file(str(SEED_002), "导入").issue_id
    return path, iid


def test_a_window_sees_what_another_window_saved_and_loses_nothing(shared_store):
    path, iid = shared_store
    a, b = open_store(str(path)), open_store(str(path))
    try:
        table = _award(a, iid)  # window A has the issue open (cached)
        amount = table.roles["amount"]
        first, second = table.data_rows()[0], table.data_rows()[1]
        b.apply(iid, SetCell(table.id, first.key, amount, first.cells[amount], "11"), "李四")
        applied = a.apply(iid, SetCell(table.id, second.key, amount, second.cells[amount], "22"), "张三")
        # A's view includes B's correction, and its findings were computed with both.
        assert _cell(a, iid, table.id, first.key, amount) == "11"
        assert _cell(a, iid, table.id, second.key, amount) == "22"
        fresh = open_store(str(path))
        try:
            assert [f.to_json() for f in fresh.findings(iid, table.id)] == [f.to_json() for f in applied.findings]
            assert [(h.operator, h.new) for h in fresh.history(iid)] == [("李四", "11"), ("张三", "22")]
        finally:
            fresh.close()
    finally:
        a.close()
        b.close()


def test_a_cell_changed_meanwhile_by_another_window_is_not_overwritten(shared_store):
    path, iid = shared_store
    a, b = open_store(str(path)), open_store(str(path))
    try:
        table = _award(a, iid)
        amount = table.roles["amount"]
        row = table.data_rows()[0]
        printed = row.cells[amount]
        b.apply(iid, SetCell(table.id, row.key, amount, printed, "90"), "李四")
        with pytest.raises(CorrectionError) as err:
            a.apply(iid, SetCell(table.id, row.key, amount, printed, "80"), "张三")
        assert "其他窗口" in err.value.message and "90" in err.value.message
        assert [h.new for h in a.history(iid)] == ["90"]  # nothing written
        assert _cell(a, iid, table.id, row.key, amount) == "90"
        a.apply(iid, SetCell(table.id, row.key, amount, "90", "80"), "张三")  # on what is there now
        assert _cell(b, iid, table.id, row.key, amount) == "80"
    finally:
        a.close()
        b.close()


_WRITER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from proofreader.corrections import SetCell
    from proofreader.store import open_store
    path, iid, who, start, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    with open_store(path) as store:
        table = next(t for t in store.current_issue(iid).tables if "奖励企业名单" in t.title)
        col = table.roles["amount"]
        rows = table.data_rows()[start:start + count]
        for k, row in enumerate(rows):
            store.apply(iid, SetCell(table.id, row.key, col, row.cells[col], str(1000 + start + k)), who)
    print("ok")
""")


def test_two_programs_correcting_at_once_lose_nothing(shared_store, tmp_path):
    path, iid = shared_store
    script = tmp_path / "writer.py"
    script.write_text(_WRITER.format(root=str(ROOT)), encoding="utf-8")
    n = 20
    procs = [subprocess.Popen([sys.executable, str(script), str(path), iid, who, str(start), str(n)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for who, start in (("甲", 0), ("乙", n))]
    for p in procs:
        out, err = p.communicate()
        assert p.returncode == 0 and out.strip() == "ok", err[-2000:]
    conn = sqlite3.connect(str(path))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    with open_store(str(path)) as store:
        history = store.history(iid)
        assert len(history) == 2 * n and {h.operator for h in history} == {"甲", "乙"}
        table = _award(store, iid)
        col = table.roles["amount"]
        assert [r.cells[col] for r in table.data_rows()[:2 * n]] == [str(1000 + k) for k in range(2 * n)]


def test_the_cli_corrects_while_a_window_has_the_store_open(shared_store):
    path, iid = shared_store
    window = open_store(str(path))
    try:
        table = _award(window, iid)
        amount = table.roles["amount"]
        row = table.data_rows()[2]
        env = {**os.environ, "PROOFREADER_LANG": "zh"}
        res = subprocess.run([sys.executable, "-m", "proofreader", "correct", "--db", str(path), "--issue", iid,
                              "--line", str(row.first_line), "--column", str(amount + 1), "--value", "77",
                              "--operator", "王五"], capture_output=True, text=True,
                             encoding="utf-8", cwd=ROOT, env=env)
        assert res.returncode == 0, res.stderr
        assert "Traceback" not in res.stderr
        assert _cell(window, iid, table.id, row.key, amount) == "77"  # the window's next read sees it
        assert window.history(iid)[-1].operator == "王五"
    finally:
        window.close()
