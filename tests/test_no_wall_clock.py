"""No test depends on the wall clock: it waits for a condition, never for a time.

A time limit that a loaded 2-core machine (or Wine) can hit fails a correct program: the
100,000-row check and the window's export wait both did. Speed is measured in bench/.
This test reads the test files and names every line that limits or measures time.
"""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent

#: What a test must not do, with why.
FORBIDDEN = [
    (re.compile(r"\btimeout\s*=\s*[\d.]"), "a time limit (wait for the condition, with no limit)"),
    (re.compile(r"\.wait\(\s*\d"), "a wait of a fixed time or with a time limit"),
    (re.compile(r"\b(perf_counter|monotonic)\s*\("), "a time measurement (bench/ measures)"),
    (re.compile(r"\btime\.(time|sleep)\s*\("), "a clock reading or a sleep"),
]

#: Lines where the pattern means something else.
ALLOWED = [
    re.compile(r"sqlite3\.connect\(.*timeout\s*=\s*0\b"),  # "do not wait for a lock": no clock
]


def offences(folder: Path = TESTS) -> list[str]:
    """``file:line: why: code`` for each line of a test file under ``folder`` that does it."""
    found = []
    for path in sorted(p for p in folder.rglob("*.py") if p.name.startswith("test_") or p.name == "conftest.py"):
        if path == Path(__file__).resolve():
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if any(a.search(code) for a in ALLOWED):
                continue
            for pattern, why in FORBIDDEN:
                if pattern.search(code):
                    found.append(f"{path.relative_to(folder)}:{n}: {why}: {line.strip()}")
    return found


def test_no_test_limits_or_measures_time():
    assert offences() == []


def test_the_check_finds_a_time_limit(tmp_path):
    sample = tmp_path / "test_sample.py"
    sample.write_text("proc.communicate(timeout=30)\nqtbot.wait(50)\nt0 = time.perf_counter()\n"
                      "sqlite3.connect(p, timeout=0)\n", encoding="utf-8")
    assert [o.split(":")[1] for o in offences(tmp_path)] == ["1", "2", "3"]
