"""Several proofreaders and programs on one store: nothing saved is lost, undo is per person.

* real processes: one window (offscreen) beside two CLI batches, and three windows, all
  correcting at once; every correction shown as saved is in the store at the end under
  the number it was shown with, numbers unique (``tests/many_writers.py``);
* no plain file handle on the database anywhere in the package (the bug: closing one
  dropped the process's SQLite locks, another process then deleted the WAL);
* a writer waits its turn: two CLI batches on one store both finish;
* undo takes back my own last correction, never another's, and is refused, naming the
  other person, when they have changed the same cell since; the CLI has undo and redo.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED_002
from many_writers import run_once
from proofreader.cli import main
from proofreader.corrections import DeleteRow, SetCell
from proofreader.errors import CorrectionError
from proofreader.store import open_store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def shared(tmp_path):
    path = tmp_path / "store.sqlite"
    with open_store(str(path)) as s:
        iid = s.import_file(str(SEED_002), "导入").issue_id
    return path, iid


def _award(store, iid):
    return store.table(iid, "t3")


def _amount(store, iid, line) -> str:
    return next(r for r in _award(store, iid).rows if r.first_line == line).cells[3]


def _set(store, iid, line, value, who):
    row = next(r for r in _award(store, iid).rows if r.first_line == line)
    return store.apply(iid, SetCell("t3", row.key, 3, row.cells[3], value), who)


# ---------------------------------------------------------------------- real processes

@pytest.mark.slow
@pytest.mark.gui
@pytest.mark.parametrize("windows,clis", [(1, 2), (3, 0)], ids=["window+2 CLI", "3 windows"])
def test_every_correction_shown_as_saved_is_kept(tmp_path, windows, clis):
    pytest.importorskip("PySide6")
    outcome = run_once(tmp_path, windows, clis, each=6)
    assert outcome.integrity == "ok"
    assert outcome.lost == []
    assert outcome.duplicates == 0
    assert outcome.not_saved == []  # nobody gave up: each writer waited its turn
    assert outcome.saved == outcome.tried == (windows + clis) * 6


def test_two_cli_batches_at_once_both_finish(shared, tmp_path):
    path, iid = shared
    with open_store(str(path)) as s:
        lines = [r.first_line for r in _award(s, iid).data_rows()]
    env = {**os.environ, "PROOFREADER_LANG": "zh"}
    procs = []
    for k, who in enumerate(("甲", "乙")):
        batch = tmp_path / f"b{k}.csv"
        batch.write_text("line,column,value\n" + "".join(f"{lines[k * 15 + j]},4,{700 + k * 15 + j}\n"
                                                         for j in range(15)), encoding="utf-8")
        procs.append(subprocess.Popen([sys.executable, "-m", "proofreader", "correct", "--db", str(path), "--issue",
                                       iid, "--from", str(batch), "--operator", who], cwd=ROOT, env=env, text=True,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    for p in procs:
        out, err = p.communicate()
        assert p.returncode == 0, err
        assert out.count("已保存") == 15
    with open_store(str(path)) as s:
        assert [_amount(s, iid, lines[j]) for j in range(30)] == [str(700 + j) for j in range(30)]
        assert len({h.id for h in s.history(iid)}) == 30


def test_no_plain_file_handle_on_the_database_in_the_package():
    """Every open() in the package, by file: none may be given the store's path.

    The store and merge modules open SQLite files through sqlite3 only; the places that
    do call open() read OCR text, settings, CSV batches or write reports and exports.
    """
    # office.py and export.py write CSV/XLSX into atomic temporaries; signing.py reads its key file.
    allowed = {"reader.py", "settings.py", "correct.py", "app.py", "export.py", "atomic.py", "office.py", "signing.py"}
    for path in (ROOT / "proofreader").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
                 and ((isinstance(n.func, ast.Name) and n.func.id == "open")
                      or (isinstance(n.func, ast.Attribute) and n.func.attr in ("copy", "copy2", "copyfile")
                          and getattr(n.func.value, "id", "") == "shutil"))]
        if calls:
            assert path.name in allowed, f"{path.relative_to(ROOT)} opens a file: {ast.unparse(calls[0])}"


def test_importing_the_store_itself_is_refused_without_touching_it(shared):
    path, iid = shared
    with open_store(str(path)) as s:
        with pytest.raises(Exception) as err:
            s.import_file(str(path))
        assert "数据库文件本身" in str(err.value)


# ---------------------------------------------------------------------- undo per person

def test_undo_takes_back_my_own_correction_not_the_later_one_of_another(shared):
    path, iid = shared
    a, b = open_store(str(path)), open_store(str(path))
    try:
        _set(a, iid, 586, "11", "张三")
        _set(b, iid, 587, "22", "李四")
        a.undo(iid, "张三")  # A's Ctrl+Z after B's correction
        assert _amount(a, iid, 586) == "50" and _amount(a, iid, 587) == "22"
        assert not a.can_undo(iid, "张三") and a.can_undo(iid, "李四")
        assert a.can_redo(iid, "张三") and not a.can_redo(iid, "李四")
        a.redo(iid, "张三")
        assert _amount(b, iid, 586) == "11"
        last = b.history(iid)[-1]
        assert (last.action, last.operator) == ("redo", "张三")
    finally:
        a.close()
        b.close()


def test_undo_refused_naming_who_changed_the_cell_since(shared):
    path, iid = shared
    a, b = open_store(str(path)), open_store(str(path))
    try:
        _set(a, iid, 586, "11", "张三")
        _set(b, iid, 586, "33", "李四")
        with pytest.raises(CorrectionError) as err:
            a.undo(iid, "张三")
        assert "李四" in err.value.message and "李四" in err.value.message_en
        assert _amount(a, iid, 586) == "33"
        assert len(a.history(iid)) == 2  # nothing written
        b.undo(iid, "李四")  # B takes theirs back: now A's undo is A's to make again
        a.undo(iid, "张三")
        assert _amount(b, iid, 586) == "50"
        # A row another person deleted: my cell change in it cannot be undone either.
        _set(a, iid, 590, "44", "张三")
        row = next(r for r in _award(b, iid).rows if r.first_line == 590)
        from proofreader.corrections import row_to_dict
        b.apply(iid, DeleteRow("t3", row.key, row_to_dict(row), None), "李四")
        with pytest.raises(CorrectionError, match="李四"):
            a.undo(iid, "张三")
    finally:
        a.close()
        b.close()


def test_names_are_compared_trimmed_and_width_folded(shared):
    path, iid = shared
    with open_store(str(path)) as s:
        _set(s, iid, 586, "11", "张三 ")
        assert s.can_undo(iid, "张三") and s.can_undo(iid, "　张三")
        assert s.history(iid)[-1].operator == "张三"


def test_cli_undo_and_redo(shared, capsys):
    path, iid = shared
    with open_store(str(path)) as s:
        _set(s, iid, 586, "11", "张三")
        _set(s, iid, 587, "22", "李四")
    assert main(["undo", "--db", str(path), "--issue", iid, "--operator", "张三"]) == 0
    assert "已撤销" in capsys.readouterr().out
    with open_store(str(path)) as s:
        assert _amount(s, iid, 586) == "50" and _amount(s, iid, 587) == "22"
    assert main(["undo", "--db", str(path), "--issue", iid, "--operator", "张三"]) == 2
    assert "没有可撤销" in capsys.readouterr().err
    assert main(["redo", "--db", str(path), "--issue", iid, "--operator", "张三"]) == 0
    assert "已重做" in capsys.readouterr().out
    with open_store(str(path)) as s:
        _set(s, iid, 586, "66", "李四")
    assert main(["--lang", "en", "undo", "--db", str(path), "--issue", iid, "--operator", "张三"]) == 2
    err = capsys.readouterr().err
    assert "李四" in err and "cannot undo" in err and err.count("\n") == 1


def test_a_typo_in_db_creates_nothing(tmp_path, capsys):
    missing = tmp_path / "tpyo.sqlite"
    for args in (["issues"], ["undo", "--issue", "x", "--operator", "张三"], ["export", "--out", str(tmp_path / "e.sqlite")],
                 ["check", "--issue", "x"], ["correct", "--issue", "x", "--line", "1", "--column", "1", "--value", "1",
                                             "--operator", "张三"]):
        cmd = args[:1] + ["--db", str(missing)] + args[1:]
        assert main(cmd) == 2, cmd
        assert "不存在" in capsys.readouterr().err
    assert os.listdir(tmp_path) == []
    assert main(["import", "--db", str(missing), str(SEED_002)]) == 0
    assert "新建数据库" in capsys.readouterr().err


def test_two_windows_loops_each_undo_their_own(shared):
    """The window's loop (proofreader/loop.py) over two Stores, as two windows would be."""
    from proofreader.loop import CorrectionLoop

    path, iid = shared
    a_store, b_store = open_store(str(path)), open_store(str(path))
    try:
        a, b = CorrectionLoop(a_store, iid, "张三"), CorrectionLoop(b_store, iid, "李四")
        r586 = next(r for r in a.table("t3").rows if r.first_line == 586)
        a.correct([SetCell("t3", r586.key, 3, r586.cells[3], "11")])
        r587 = next(r for r in b.table("t3").rows if r.first_line == 587)
        b.correct([SetCell("t3", r587.key, 3, r587.cells[3], "22")])
        assert "586" in a.undo_text() and "587" in b.undo_text()
        a.undo()
        assert _amount(b_store, iid, 586) == "50" and _amount(b_store, iid, 587) == "22"
        assert a.undo_text() == "" and "587" in b.undo_text()
        a.redo()
        b_row = next(r for r in b.table("t3").rows if r.first_line == 586)
        b.correct([SetCell("t3", b_row.key, 3, b_row.cells[3], "99")])
        with pytest.raises(CorrectionError, match="李四"):
            a.undo()
        assert _amount(a_store, iid, 586) == "99"
    finally:
        a_store.close()
        b_store.close()
