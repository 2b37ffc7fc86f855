"""What the command line writes is UTF-8 with ``\\n`` line ends, whatever the console's code page.

On Windows a redirected stdout is in the ANSI code page: `check --json > out.json` wrote
GBK on a Chinese desktop (936) and failed with UnicodeEncodeError on an English one (1252).
Here the console's encoding is set the way Windows sets it (PYTHONIOENCODING, which
Python takes as the locale's choice); under Wine (`make windows-test`) these tests also run
with the real code pages 936 and 1252. The built program is checked the same way by
packaging/smoke_test.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, SEED_002

CODE_PAGES = ["cp936", "cp1252", "ascii", None]


def run_cli(*args: str, console: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8")}
    if console:
        env["PYTHONIOENCODING"] = console
    env["PYTHONUTF8"] = "0"
    return subprocess.run([sys.executable, "-m", "proofreader", *args], capture_output=True, cwd=ROOT, env=env)


@pytest.mark.parametrize("console", CODE_PAGES)
def test_json_is_utf8_on_any_console(console):
    res = run_cli("check", str(SEED_002), "--json", console=console)
    assert res.returncode == 0, res.stderr.decode("utf-8", "replace")
    text = res.stdout.decode("utf-8")  # raises if it is GBK or cp1252
    assert b"\r\n" not in res.stdout
    doc = json.loads(text)
    assert any("奖励企业名单" in t["title"] for t in doc["tables"])
    assert doc["source"] == str(SEED_002)


@pytest.mark.parametrize("console", CODE_PAGES)
def test_report_and_messages_are_utf8_on_any_console(console, tmp_path):
    res = run_cli("check", str(SEED_002), console=console)
    assert res.returncode in (0, 1)
    assert "表" in res.stdout.decode("utf-8")
    missing = tmp_path / "没有这一期.txt"
    res = run_cli("check", str(missing), console=console)
    assert res.returncode == 2
    line = res.stderr.decode("utf-8").strip()
    assert "\n" not in line and "找不到文件" in line and "没有这一期.txt" in line
