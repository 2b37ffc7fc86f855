"""The store's commands through the CLI: import → correct → check → export → merge."""

from __future__ import annotations

import csv
import sqlite3

from conftest import SEED_002, SEED_003, seed_lines
from proofreader.cli import main


def _line(text):
    return next(n for n, ln in enumerate(seed_lines(SEED_002), 1) if text in ln)


def test_import_correct_check_export_merge(tmp_path, capsys):
    db = str(tmp_path / "local.sqlite")
    assert main(["import", "--db", db, str(SEED_002), str(SEED_003)]) == 0
    out = capsys.readouterr()
    assert "已导入" in out.out and "[2/2]" in out.err
    assert main(["import", "--db", db, str(SEED_002)]) == 0
    assert "已导入过，未作任何改动" in capsys.readouterr().out
    line = _line("\t河南黄河旋风股份有限公司\t")
    assert main(["correct", "--db", db, "--issue", SEED_002.name, "--line", str(line), "--column", "奖励金额",
                 "--value", "90", "--operator", "张三", "--reason", "核对"]) == 0
    assert "已保存" in capsys.readouterr().out
    assert main(["check", "--db", db, "--issue", SEED_002.name]) == 1
    assert "写明 690 万元，各行合计 680 万元" in capsys.readouterr().out
    batch = tmp_path / "fix.csv"
    with open(batch, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["line", "column", "value", "reason"])
        w.writerow([line, 4, "100", "改回"])
    assert main(["correct", "--db", db, "--issue", SEED_002.name, "--from", str(batch), "--operator", "张三"]) == 0
    capsys.readouterr()
    assert main(["check", "--db", db, "--issue", SEED_002.name, "--json"]) == 0
    capsys.readouterr()
    out_file = tmp_path / "export.sqlite"
    assert main(["export", "--db", db, "--out", str(out_file), "--csv", str(tmp_path / "csv")]) == 0
    conn = sqlite3.connect(out_file)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM audit").fetchone()[0] == 2
    conn.close()
    central = str(tmp_path / "central.sqlite")
    assert main(["merge", "--into", central, str(out_file)]) == 0
    assert main(["merge", "--into", central, str(out_file)]) == 0
    assert "已合并过" in capsys.readouterr().out


def test_store_commands_refuse_bad_input_with_exit_2(tmp_path, capsys):
    db = str(tmp_path / "local.sqlite")
    main(["import", "--db", db, str(SEED_002)])
    capsys.readouterr()
    line = _line("\t河南黄河旋风股份有限公司\t")
    cases = [
        ["correct", "--db", db, "--issue", "nope", "--line", "1", "--column", "1", "--value", "1", "--operator", "a"],
        ["correct", "--db", db, "--issue", SEED_002.name, "--line", "3", "--column", "1", "--value", "1",
         "--operator", "a"],
        ["correct", "--db", db, "--issue", SEED_002.name, "--line", str(line), "--column", "9", "--value", "1",
         "--operator", "a"],
        ["correct", "--db", db, "--issue", SEED_002.name, "--line", str(line), "--column", "4", "--value", "9O",
         "--operator", "a"],
        ["import", "--db", db, str(tmp_path / "missing.txt")],
        ["merge", "--into", str(tmp_path / "c.sqlite"), db],
    ]
    for argv in cases:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith("proofreader: ") and "Traceback" not in err, argv
    text_db = tmp_path / "text.sqlite"
    text_db.write_text("hello", encoding="utf-8")
    assert main(["issues", "--db", str(text_db)]) == 2
    assert "不是 SQLite" in capsys.readouterr().err


def test_store_commands_import_neither_qt_nor_pandas(tmp_path):
    """sqlite-utils imports pandas and numpy when installed; the store's commands must not pay for it."""
    import subprocess
    import sys
    from pathlib import Path

    db, out = str(tmp_path / "s.sqlite"), str(tmp_path / "e.sqlite")
    code = (
        "import sys, io, contextlib\n"
        "import proofreader.cli as c\n"
        "rcs = []\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        f"    rcs.append(c.main(['import', '--db', {db!r}, {str(SEED_003)!r}]))\n"
        f"    rcs.append(c.main(['issues', '--db', {db!r}]))\n"
        f"    rcs.append(c.main(['export', '--db', {db!r}, '--out', {out!r}]))\n"
        "bad = sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in ('PySide6', 'pandas', 'numpy')})\n"
        "print(rcs, bad)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert res.stdout.strip() == "[0, 0, 0] []", res.stdout + res.stderr
