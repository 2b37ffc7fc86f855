"""Measurements of the headless core: the `check` process, the floor, parse + validate,
memory, and how cost grows with the size of an issue.

Each function returns plain numbers (seconds, bytes); ``bench/run.py`` turns them into
the table. Process times are wall-clock times of a real `python -m proofreader check`
started by ``subprocess``, so interpreter start and imports are included, as a
proofreader feels them.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from synthetic import award_list, scaled_issue  # noqa: E402

SAMPLES = sorted((ROOT / "sample_issues").glob("*.txt"))
#: The plain read-and-split a `check` is compared with: same interpreter, same file, no parsing.
FLOOR_CODE = ("import sys\n"
              "data = open(sys.argv[1], 'rb').read()\n"
              "lines = data.decode('utf-8', 'replace').split('\\n')\n")


@dataclass
class ProcessRun:
    """Median wall time (s) of repeated runs of a command, and their exit codes."""

    wall: float
    runs: int
    returncodes: set[int]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PROOFREADER_LANG", None)
    return env


def run_process(argv: list[str], repeats: int, timeout: float = 300) -> ProcessRun:
    """Run ``argv`` ``repeats`` times (output discarded); median wall time."""
    walls: list[float] = []
    codes: set[int] = set()
    for _ in range(repeats):
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(), cwd=ROOT)
        deadline = start + timeout
        try:
            proc.wait(timeout=max(0.0, deadline - time.perf_counter()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise TimeoutError(f"{' '.join(argv[-3:])} took more than {timeout:.0f} s") from None
        walls.append(time.perf_counter() - start)
        codes.add(proc.returncode)
    return ProcessRun(statistics.median(walls), repeats, codes)


#: Runs a command's code and reports its own peak RSS. The kernel's ru_maxrss of a child
#: counts the parent's memory at fork (it survives exec), so the child reads VmHWM, which
#: belongs to its own address space, just before it exits.
_PEAK_WRAPPER = """
import runpy, sys
mode, target, *args = sys.argv[1:]
try:
    if mode == "module":
        sys.argv = [target, *args]
        runpy.run_module(target, run_name="__main__", alter_sys=True)
    else:
        sys.argv = ["-c", *args]
        exec(compile(target, "<floor>", "exec"), {"__name__": "__main__"})
except SystemExit:
    pass
finally:
    try:
        with open("/proc/self/status") as fh:
            kib = next(int(ln.split()[1]) for ln in fh if ln.startswith("VmHWM:"))
    except OSError:
        import resource
        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sys.stderr.write(f"\\nPEAK_RSS_KIB {kib}\\n")
"""


def peak_rss(path: Path, floor: bool = False) -> int:
    """Peak RSS (bytes) of one `check PATH --json` process, or of the floor process."""
    target = ["code", FLOOR_CODE, str(path)] if floor else ["module", "proofreader", "check", str(path), "--json"]
    res = subprocess.run([sys.executable, "-c", _PEAK_WRAPPER, *target], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, env=_env(), cwd=ROOT, timeout=600)
    for line in reversed(res.stderr.splitlines()):
        if line.startswith("PEAK_RSS_KIB "):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no peak reported: {res.stderr[-500:]}")


def check_process(path: Path, repeats: int, timeout: float = 300) -> ProcessRun:
    """`python -m proofreader check PATH --json`, as a user runs it."""
    return run_process([sys.executable, "-m", "proofreader", "check", str(path), "--json"], repeats, timeout)


def floor_process(path: Path, repeats: int) -> ProcessRun:
    """A Python process that only reads ``path`` and splits it into lines."""
    return run_process([sys.executable, "-c", FLOOR_CODE, str(path)], repeats)


def startup_process(repeats: int) -> ProcessRun:
    """A process that imports what `check` imports and does nothing else."""
    code = "import proofreader.cli, proofreader.commands.check, proofreader.parse, proofreader.report, proofreader.settings"
    return run_process([sys.executable, "-c", code], repeats)


def parse_and_validate(data: bytes, name: str) -> tuple[float, float, int]:
    """Seconds to decode + parse, seconds to run every rule, and the number of tables."""
    from proofreader.parse import parse_source
    from proofreader.reader import decode_bytes
    from proofreader.report import check_issue

    t0 = time.perf_counter()
    issue = parse_source(decode_bytes(data, name))
    t1 = time.perf_counter()
    check_issue(issue)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, len(issue.tables)


def median_parse_and_validate(data: bytes, name: str, repeats: int) -> tuple[float, float, int]:
    """Medians over ``repeats`` of :func:`parse_and_validate` (parse, rules, tables)."""
    runs = [parse_and_validate(data, name) for _ in range(repeats)]
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), runs[0][2])


def traced_peak(data: bytes, name: str) -> int:
    """Peak bytes allocated by Python while decoding, parsing and checking one issue."""
    from proofreader.parse import parse_source
    from proofreader.reader import decode_bytes
    from proofreader.report import check_issue, to_json

    tracemalloc.start()
    try:
        to_json(check_issue(parse_source(decode_bytes(data, name))))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@dataclass
class ScalePoint:
    factor: int
    mb: float
    seconds: float  # parse + rules, in-process, median
    process: ProcessRun | None  # the whole `check` process, when measured
    rss: int = 0  # its peak RSS (bytes), when measured


def scaling(seed: Path, factors: list[int], repeats: dict[int, int], process_for: set[int],
            workdir: str) -> list[ScalePoint]:
    """Cost of issues ``factor`` times the size of ``seed`` (see :func:`synthetic.scaled_issue`)."""
    text = seed.read_text(encoding="utf-8")
    out = []
    for factor in factors:
        data = scaled_issue(text, factor).encode("utf-8")
        path = Path(workdir) / f"scaled_{factor}x.txt"
        path.write_bytes(data)
        parse, rules, _ = median_parse_and_validate(data, path.name, repeats.get(factor, 1))
        proc = check_process(path, 1) if factor in process_for else None
        rss = peak_rss(path) if factor in process_for else 0
        out.append(ScalePoint(factor, len(data) / 1e6, parse + rules, proc, rss))
    return out


@dataclass
class ListPoint:
    rows: int
    mb: float
    parse: float | None
    rules: float | None
    note: str = ""


def long_lists(sizes: list[int], budget: float) -> list[ListPoint]:
    """Parse and rule time of one award list of each size (in-process, once each).

    Sizes are tried in increasing order; once a size took more than ``budget`` seconds,
    the larger ones are estimated from the growth seen so far rather than run, so that
    `make bench` stays within minutes even when the cost grows faster than linearly.
    """
    out: list[ListPoint] = []
    for rows in sizes:
        data = award_list(rows).encode("utf-8")
        mb = len(data) / 1e6
        done = [p for p in out if p.parse is not None]
        if done and (done[-1].parse + done[-1].rules) > budget:
            out.append(ListPoint(rows, mb, None, None, "not run"))
            continue
        parse, rules, _ = parse_and_validate(data, f"list_{rows}.txt")
        out.append(ListPoint(rows, mb, parse, rules))
    return out


def growth_exponent(points: list[tuple[float, float]]) -> float | None:
    """The exponent b of cost ~ size^b between the first and the last of (size, seconds)."""
    import math

    pts = [(s, t) for s, t in points if t and t > 0]
    if len(pts) < 2 or pts[-1][0] == pts[0][0]:
        return None
    (s0, t0), (s1, t1) = pts[0], pts[-1]
    return math.log(t1 / t0) / math.log(s1 / s0)


def temp_dir() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="proofreader-bench-")


def wide_tables(widths: list[int], layout: str = "tab") -> list[tuple[int, float]]:
    """Parse + rules time of one table of each width (in figure columns)."""
    from synthetic import wide_table

    out = []
    for cols in widths:
        data = wide_table(cols, layout=layout).encode("utf-8")
        parse, rules, _ = parse_and_validate(data, f"wide_{cols}.txt")
        out.append((cols, parse + rules))
    return out
