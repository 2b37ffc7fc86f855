"""`proofreader check`: exit codes, the JSON contract, messages, start-up cost."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT, SEED_001, SEED_002, SEED_003, seed_lines
from proofreader.cli import main


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "proofreader", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT)


def test_json_contract(capsys):
    code = main(["check", str(SEED_002), "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0
    assert doc["source"] == str(SEED_002) and doc["encoding"] == "utf-8"
    for d in doc["documents"]:
        assert set(d) >= {"title", "doc_number", "first_line", "last_line"}
    assert doc["tables"]
    for t in doc["tables"]:
        assert set(t) >= {"id", "title", "first_line", "last_line", "columns", "rows", "claims"}
        assert isinstance(t["rows"], int) and isinstance(t["columns"], list)
        for c in t["claims"]:
            assert set(c) >= {"line", "kind", "stated", "actual", "unit", "text"}
    for f in doc["findings"]:
        assert set(f) >= {"rule", "severity", "table", "line", "stated", "actual", "message"}
        assert f["severity"] in ("error", "warning", "info")
    award = next(t for t in doc["tables"] if "奖励企业名单" in t["title"])
    kinds = [c["kind"] for c in award["claims"]]
    assert kinds.count("count") == 9 and kinds.count("sum") == 9
    c = next(c for c in award["claims"] if c["stated"] == 46 and c["kind"] == "count")
    assert c["actual"] == 46 and c["unit"] == "家" and seed_lines(SEED_002)[c["line"] - 1].find("长葛市") >= 0


def test_exit_1_and_chinese_message_with_line_numbers(tmp_path, capsys):
    lines = seed_lines(SEED_002)
    n = next(i for i, ln in enumerate(lines) if "长葛市，共46家企业" in ln)
    del lines[n + 5]
    bad = tmp_path / "bad.txt"
    bad.write_text("\n".join(lines), encoding="utf-8")
    code = main(["check", str(bad)])
    out = capsys.readouterr().out
    assert code == 1
    assert f"第 {n + 1} 行" in out and "写明 46 家，实有 45 行，差 -1" in out
    code = main(["check", str(bad), "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 1 and f"line {n + 1}" in out and "states 46, has 45 rows" in out


def test_exit_2_with_one_line_reason(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    res = run_cli("check", str(empty))
    assert res.returncode == 2
    assert res.stderr.count("\n") == 1 and "空文件" in res.stderr and "Traceback" not in res.stderr
    res = run_cli("check", str(tmp_path / "missing.txt"))
    assert res.returncode == 2 and "找不到文件" in res.stderr


def test_check_on_largest_seed_imports_neither_qt_nor_pandas():
    code = (
        "import sys, runpy; sys.argv=['proofreader','check',%r,'--json'];\n"
        "import proofreader.cli as c\n"
        "import io, contextlib\n"
        "buf = io.StringIO()\n"
        "with contextlib.redirect_stdout(buf): rc = c.main(sys.argv[1:])\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6','pandas','numpy')]\n"
        "print(rc, bad)\n" % str(SEED_001)
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert res.stdout.strip() == "0 []", res.stdout + res.stderr


def test_all_samples_check_clean_of_errors():
    for seed in (SEED_001, SEED_002, SEED_003):
        res = run_cli("check", str(seed), "--json")
        assert res.returncode in (0, 1), res.stderr
        doc = json.loads(res.stdout)
        assert doc["summary"]["errors"] == sum(1 for f in doc["findings"] if f["severity"] == "error")
