"""Smoke test of the BUILT program in ``dist/``, never of the source tree.

    python packaging/smoke_test.py [--bundle dist/GazetteProofreader] [--json-report FILE]

Runs the frozen executables the way a proofreader's desktop would, each in a fresh
temporary home (data, config and cache folders all inside it), and checks:

* layout: both executables, the bundled resources and sample issues, no test suites, no
  unused Qt modules, no UPX;
* ``proofreader --version``;
* ``proofreader check SAMPLE --json`` on every bundled sample issue: exit code 0 or 1,
  JSON that parses, tables found, the file's SHA-256; the same issue re-encoded as
  GB18030 gives the same tables; a missing and a binary file give exit code 2 and no
  traceback;
* ``import``, ``correct``, ``export`` (SQLite, CSV, XLSX) into the temporary folder: the
  export passes ``PRAGMA integrity_check`` and holds the correction and its audit record;
* the window opening offscreen, importing the bundled sample issues into a new store (as
  on the first run) and closing by itself with exit code 0 (``PROOFREADER_SMOKE_QUIT_MS``);
  the time until it is first shown;
* on Linux with strace: no Internet socket is ever opened, and nothing is written outside
  the temporary home (its data, config, cache and temp folders) and the export folder, and
  no temporary file is left behind; everywhere: the bundle itself is unchanged.

Uses only the standard library, so it runs with any Python 3.9+ (the CI's, not the
bundle's). Exit code 0 when every check passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

WINDOWS = os.name == "nt"
EXE = ".exe" if WINDOWS else ""
DEFAULT_BUNDLE = Path(__file__).resolve().parent.parent / "dist" / "GazetteProofreader"
# Files whose presence means the trimming in the spec stopped working.
FORBIDDEN = re.compile(r"(Qt6?(WebEngine|Qml|Quick|Network|Sql|Pdf|3D|Multimedia|Charts|DataVisualization)"
                       r"|[/\\](pandas|numpy)[/\\](.+[/\\])?tests[/\\]|tkinter|_tkinter|matplotlib)", re.I)


@dataclass
class Result:
    name: str
    ok: bool
    detail: str = ""


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    raw: bytes = b""  # stdout as written


@dataclass
class Smoke:
    bundle: Path
    tmp: Path
    repeat: int = 3
    quit_ms: int = 1500
    cold: bool = False
    results: list[Result] = field(default_factory=list)
    timings: dict[str, list[float]] = field(default_factory=dict)

    # --- running the frozen program ----------------------------------------------------

    @property
    def internal(self) -> Path:
        """The bundle's data folder (``sys._MEIPASS`` of the frozen program)."""
        inner = self.bundle / "_internal"
        return inner if inner.is_dir() else self.bundle

    def exe(self, name: str) -> Path:
        return self.bundle / f"{name}{EXE}"

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a fresh user whose every per-user folder is inside ``tmp``."""
        home = self.tmp / "home"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_", "PROOFREADER_"))}
        env.update({
            "HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"), "XDG_RUNTIME_DIR": str(home / "runtime"),
            "LOCALAPPDATA": str(home / "AppData" / "Local"), "APPDATA": str(home / "AppData" / "Roaming"),
            # the user's temporary folder (on Windows %TEMP% is inside %LOCALAPPDATA% too)
            "TMPDIR": str(home / "tmp"), "TEMP": str(home / "tmp"), "TMP": str(home / "tmp"),
        })
        for folder in ("data", "config", "cache", "runtime", "tmp", "AppData/Local", "AppData/Roaming"):
            (home / folder).mkdir(parents=True, exist_ok=True)
        os.chmod(home / "runtime", 0o700)
        env.update(extra)
        return env

    def run(self, name: str, *args: str, timeout: float = 120, env: dict[str, str] | None = None,
            wrap: list[str] | None = None) -> Run:
        """Run one frozen executable to the end; output decoded as UTF-8."""
        cmd = (wrap or []) + [str(self.exe(name)), *args]
        start = time.perf_counter()
        for attempt in (1, 2):
            try:
                done = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env or self.env(), cwd=self.tmp)
                break
            except OSError as e:
                # Wine now and then fails to create a process at all (WinError 1359, "internal
                # error"), before our program runs: started again once, then reported.
                if getattr(e, "winerror", None) != 1359 or attempt == 2:
                    raise
                print(f"note: starting {name} failed under Wine ({e}); starting it again", flush=True)
        seconds = time.perf_counter() - start
        return Run(done.returncode, done.stdout.decode("utf-8", "replace"),
                   done.stderr.decode("utf-8", "replace"), seconds, done.stdout)

    def record(self, name: str, ok: bool, detail: str = "") -> bool:
        self.results.append(Result(name, ok, detail))
        print(f"{'PASS' if ok else 'FAIL'}  {name}{': ' + detail if detail else ''}", flush=True)
        return ok

    def time(self, key: str, seconds: float) -> None:
        self.timings.setdefault(key, []).append(seconds)

    def drop_caches(self) -> None:
        """With --cold: empty the OS file cache so the next run is a true cold start.

        Linux only, and only as root; elsewhere the first run is just the first run.
        """
        if not self.cold:
            return
        try:
            os.sync()
            Path("/proc/sys/vm/drop_caches").write_text("3\n")
        except OSError as exc:
            print(f"note: cannot drop the file cache ({exc}); first runs are not cold")
            self.cold = False

    def samples(self) -> list[Path]:
        return sorted((self.internal / "sample_issues").glob("*.txt"))

    # --- the checks ----------------------------------------------------------------------

    def check_layout(self) -> None:
        missing = [p.name for p in (self.exe("proofreader"), self.exe("proofreader-gui")) if not p.is_file()]
        self.record("layout: both executables", not missing, f"missing {missing}" if missing else "")
        wanted = ["resources/places.txt", "resources/icons/proofreader.png", "sample_issues/README.md"]
        absent = [w for w in wanted if not (self.internal / w).is_file()]
        self.record("layout: resources and sample issues bundled", not absent and len(self.samples()) >= 1,
                    f"missing {absent}" if absent else f"{len(self.samples())} sample issues")
        qm = list((self.internal / "resources" / "i18n").glob("*.qm"))
        self.record("layout: the window's translations (.qm)", bool(qm), ", ".join(p.name for p in qm) or "none")
        bad = sorted({str(p.relative_to(self.bundle)) for p in self.bundle.rglob("*") if FORBIDDEN.search(str(p))})
        self.record("layout: no unused Qt modules, test suites or tkinter", not bad, "; ".join(bad[:8]))
        binaries = [p for p in self.bundle.rglob("*") if p.is_file() and not p.is_symlink()
                    and (p.parent == self.bundle or p.suffix in (".dll", ".pyd", ".so") or ".so." in p.name)]
        packed = [p.name for p in binaries if b"UPX!" in _head(p)]
        self.record("layout: no UPX", not packed, ", ".join(packed[:5]) or f"{len(binaries)} binaries checked")

    def check_version(self, expect: str | None) -> None:
        self.drop_caches()
        runs = [self.run("proofreader", "--version") for _ in range(self.repeat)]
        for r in runs:
            self.time("cli --version", r.seconds)
        r = runs[0]
        match = re.fullmatch(r"proofreader (\d+\.\d+\S*)", r.out.strip())
        ok = r.code == 0 and match is not None and (expect is None or match.group(1) == expect)
        self.record("proofreader --version", ok, r.out.strip() or r.err.strip()[-300:])

    def check_samples(self) -> None:
        samples = self.samples()
        if not samples:
            self.record("check --json on the sample issues", False, "no sample issues in the bundle")
            return
        largest = max(samples, key=lambda p: p.stat().st_size)
        for sample in sorted(samples, key=lambda p: p != largest):  # the largest first, cold
            if sample == largest:
                self.drop_caches()
            r = self.run("proofreader", "check", str(sample), "--json")
            if sample == largest:
                self.time("cli check (largest sample)", r.seconds)
            self.record(f"check --json {sample.name}", *self._report_ok(r, sample))
        for _ in range(self.repeat - 1):
            self.time("cli check (largest sample)", self.run("proofreader", "check", str(largest), "--json").seconds)

    def _report_ok(self, r: Run, sample: Path) -> tuple[bool, str]:
        if r.code not in (0, 1):
            return False, f"exit code {r.code}: {r.err.strip()[-300:]}"
        try:
            # UTF-8 whatever the console's code page (936, 1252): the frozen program runs in
            # UTF-8 mode, and line ends are \n (no CRLF in a file made by `> out.json`).
            report = json.loads(r.raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            return False, f"JSON not in UTF-8 ({exc})"
        except ValueError as exc:
            return False, f"not JSON ({exc})"
        if b"\r\n" in r.raw:
            return False, "CRLF line ends in the JSON"
        digest = hashlib.sha256(sample.read_bytes()).hexdigest()
        tables = len(report.get("tables", []))
        if report.get("sha256") != digest:
            return False, "wrong sha256"
        if not tables:
            return False, "no tables found"
        s = report.get("summary", {})
        return True, f"exit {r.code}, {tables} tables, {s.get('errors')}E {s.get('warnings')}W, {r.seconds:.2f} s"

    def check_bad_input(self) -> None:
        sample = max(self.samples(), key=lambda p: p.stat().st_size, default=None)
        if sample is None:
            return
        gb = self.tmp / "gb18030.txt"
        gb.write_bytes(sample.read_text(encoding="utf-8").encode("gb18030"))
        utf8 = json.loads(self.run("proofreader", "check", str(sample), "--json").out or "{}")
        other = self.run("proofreader", "check", str(gb), "--json")
        try:
            got = json.loads(other.out)
        except ValueError:
            got = {}
        same = [t.get("rows") for t in got.get("tables", [])] == [t.get("rows") for t in utf8.get("tables", [])]
        self.record("check --json on the GB18030 re-encoding", other.code in (0, 1) and same and bool(got),
                    f"encoding {got.get('encoding')}, {len(got.get('tables', []))} tables")
        binary = self.tmp / "binary.txt"
        binary.write_bytes(bytes(range(256)) * 64)
        for label, path in (("a missing file", self.tmp / "missing.txt"), ("a binary file", binary)):
            r = self.run("proofreader", "check", str(path))
            ok = r.code == 2 and "Traceback" not in r.err and r.err.strip() != ""
            self.record(f"check on {label}: exit 2, one-line message", ok, f"exit {r.code}: {r.err.strip()[:160]}")

    def check_store(self) -> None:
        sample = next(iter(self.samples()), None)
        if sample is None:
            return
        db, out = self.tmp / "work" / "x.sqlite", self.tmp / "export" / "out.sqlite"
        db.parent.mkdir(exist_ok=True)
        out.parent.mkdir(exist_ok=True)
        r = self.run("proofreader", "import", "--db", str(db), str(sample))
        if not self.record("import into a temporary store", r.code == 0 and db.is_file(),
                           (r.out.strip() or r.err.strip())[-200:]):
            return
        again = self.run("proofreader", "import", "--db", str(db), str(sample))
        self.record("import again changes nothing", again.code == 0, again.out.strip()[-120:])
        target = self._correction_target(sample)
        if target is not None:
            line, column, value = target
            r = self.run("proofreader", "correct", "--db", str(db), "--issue", sample.name, "--line", str(line),
                         "--column", str(column), "--value", value, "--operator", "smoke-test",
                         "--reason", "packaging smoke test")
            self.record("correct one cell", r.code == 0, (r.out.strip() or r.err.strip())[-200:])
        r = self.run("proofreader", "export", "--db", str(db), "--out", str(out),
                     "--csv", str(out.parent / "csv"), "--xlsx", str(out.parent / "out.xlsx"))
        said = (r.out.strip().splitlines() or [""])[0] if r.code == 0 else r.err.strip()[-300:]
        self.record("export (SQLite, CSV, XLSX)", r.code == 0 and out.is_file(), said)
        if out.is_file():
            self._verify_export(out, target)

    def _correction_target(self, sample: Path) -> tuple[int, int, str] | None:
        """A text cell of a data row to correct: (source line, 1-based column, new value)."""
        report = json.loads(self.run("proofreader", "check", str(sample), "--json").out or "{}")
        for table in report.get("tables", []):
            amount = table.get("roles", {}).get("amount")
            for row in table.get("row_list", []):
                if row.get("kind") != "data":
                    continue
                for i, cell in enumerate(row.get("cells", [])):
                    if i != amount and cell and not re.fullmatch(r"[\d.,\s]+", cell):
                        return row["first_line"], i + 1, cell + "（校）"
        return None

    def _verify_export(self, out: Path, target: tuple[int, int, str] | None) -> None:
        conn = sqlite3.connect(f"file:{out}?mode=ro", uri=True)
        try:
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            audit = []
            if target is not None and "audit" in tables:
                audit = conn.execute("SELECT new_value, operator FROM audit WHERE operator = 'smoke-test'").fetchall()
        finally:
            conn.close()
        self.record("export: PRAGMA integrity_check", integrity == "ok", f"{integrity}, {len(tables)} tables")
        if target is not None:
            found = any(target[2] in str(new) for new, _ in audit)
            self.record("export: the correction and its audit record", found, f"{len(audit)} audit record(s)")
        csvs = list((out.parent / "csv").glob("*.csv"))
        bom = bool(csvs) and all(p.read_bytes()[:3] == b"\xef\xbb\xbf" for p in csvs)
        self.record("export: CSV files, UTF-8 with BOM", bom, f"{len(csvs)} files")
        xlsx = out.parent / "out.xlsx"
        ok = xlsx.is_file() and zipfile.is_zipfile(xlsx) and "xl/workbook.xml" in zipfile.ZipFile(xlsx).namelist()
        self.record("export: XLSX workbook", ok)

    def check_window(self) -> None:
        exe = self.exe("proofreader-gui")
        if not exe.is_file():
            self.record("window opens offscreen and closes", False, "no proofreader-gui in the bundle")
            return
        for attempt in range(self.repeat):
            if attempt == 0:
                self.drop_caches()
            ok, detail, shown, total = self._window_once(f"gui{attempt}")
            if attempt == 0 or not ok:
                self.record("window opens offscreen and closes by itself", ok, detail)
            if not ok:
                return
            if shown is not None:
                self.time("window: first shown", shown)
            self.time("window: shown + closed (process exit)", total)

    def _window_once(self, tag: str) -> tuple[bool, str, float | None, float]:
        report = self.tmp / f"{tag}-shown.json"
        report.unlink(missing_ok=True)
        env = self.env(QT_QPA_PLATFORM="offscreen", PROOFREADER_SMOKE_QUIT_MS=str(self.quit_ms),
                       PROOFREADER_SMOKE_REPORT=str(report))
        db = self.tmp / "work" / f"{tag}.sqlite"
        db.parent.mkdir(exist_ok=True)
        cmd = [str(self.exe("proofreader-gui")), "--db", str(db)]
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=self.tmp)
        shown = None
        deadline = start + 60 + self.quit_ms / 1000
        while proc.poll() is None and time.perf_counter() < deadline:
            if shown is None and report.exists() and report.stat().st_size:
                shown = time.perf_counter() - start
            time.sleep(0.005)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
            return False, "did not close by itself within 60 s (no PROOFREADER_SMOKE_QUIT_MS hook?)", shown, 0.0
        total = time.perf_counter() - start
        if shown is None and report.exists() and report.stat().st_size:
            shown = total  # written just before the exit, between two polls
        err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
        if proc.returncode != 0 or "Traceback" in err:
            return False, f"exit code {proc.returncode}: {err.strip()[-400:]}", shown, total
        listed = self.run("proofreader", "issues", "--db", str(db))
        imported = sum(1 for p in self.samples() if p.name in listed.out)
        if imported != len(self.samples()):
            return False, f"the sample issues were not imported on first run ({imported} of " \
                          f"{len(self.samples())}): {listed.err.strip()[-200:]}", shown, total
        title = ""
        if report.exists():
            try:
                title = json.loads(report.read_text(encoding="utf-8").splitlines()[0]).get("title", "")
            except (ValueError, IndexError):
                return False, "the shown-report is not JSON", shown, total
        detail = (f"first shown after {shown:.2f} s, " if shown is not None else "no shown-report, ") + \
                 f"exit 0 after {total:.2f} s (quit timer {self.quit_ms} ms, {imported} sample issues imported)" + (f", title {title!r}" if title else "")
        return True, detail, shown, total

    def check_isolation(self) -> None:
        """No Internet socket, and writes only to the per-user folders and the export folder."""
        if WINDOWS or not shutil.which("strace") or subprocess.run(
                ["strace", "-o", os.devnull, "true"], capture_output=True).returncode != 0:
            print("SKIP  network and write tracing (needs strace on Linux)")
            return
        sample = max(self.samples(), key=lambda p: p.stat().st_size)
        trace = self.tmp / "strace.txt"
        wrap = ["strace", "-f", "-qq", "-o", str(trace), "-e",
                "trace=socket,connect,open,openat,creat,mkdir,mkdirat,rename,renameat,renameat2,unlink,unlinkat"]
        export = self.tmp / "export-traced"
        db = self.tmp / "home" / "data" / "traced.sqlite"
        runs = [
            ("check", ["check", str(sample), "--json"], {}),
            ("import", ["import", "--db", str(db), str(sample)], {}),
            ("export", ["export", "--db", str(db), "--out", str(export / "out.sqlite"), "--xlsx",
                        str(export / "out.xlsx")], {}),
        ]
        sockets, writes = [], set()
        export.mkdir(exist_ok=True)
        for label, args, _ in runs:
            self.run("proofreader", *args, wrap=wrap, timeout=300)
            s, w = self._parse_trace(trace)
            sockets += [f"{label}: {x}" for x in s]
            writes |= w
        if self.exe("proofreader-gui").is_file():
            # No --db: the window opens the default store in the per-user data folder,
            # as on a proofreader's first day, and imports the sample issues into it.
            env = self.env(QT_QPA_PLATFORM="offscreen", PROOFREADER_SMOKE_QUIT_MS=str(self.quit_ms))
            self.run("proofreader-gui", wrap=wrap, env=env, timeout=300)
            s, w = self._parse_trace(trace)
            sockets += [f"window: {x}" for x in s]
            writes |= w
            stores = [p for p in w if p.endswith("proofreader.sqlite")]
            self.record("window: the default store is in the per-user data folder", bool(stores) and all(
                p.startswith(str(self.tmp / "home")) for p in stores), ", ".join(
                str(Path(p).relative_to(self.tmp)) for p in stores if p.startswith(str(self.tmp))))
        allowed = (str(self.tmp / "home"), str(export))
        outside = sorted(p for p in writes if not p.startswith(allowed))
        temp = str(self.tmp / "home" / "tmp")
        temporary = [p for p in writes if p.startswith(temp + os.sep)]
        self.record("no network: no Internet socket opened (strace)", not sockets, "; ".join(sockets[:5]))
        self.record("writes only to the per-user folders and the export folder (strace)", not outside,
                    "; ".join(outside[:8]) or f"{len(writes)} paths written, all inside them "
                    f"({len(temporary)} in the user's temporary folder)")
        left = sorted(p.name for p in (self.tmp / "home" / "tmp").iterdir())
        self.record("no temporary file left behind", not left, ", ".join(left[:8]))

    @staticmethod
    def _parse_trace(trace: Path) -> tuple[list[str], set[str]]:
        """Internet sockets opened, and paths written, in an ``strace -f`` log."""
        sockets, writes = [], set()
        for line in trace.read_text(encoding="utf-8", errors="replace").splitlines():
            match = re.match(r"(?:\d+\s+)?(\w+)\((.*)\)\s+=\s+(-?\d+)", line)
            if not match or match.group(3).startswith("-"):
                continue  # unfinished/resumed lines, and failed calls, which change nothing
            name, call = match.group(1), match.group(2)
            if name == "socket" and "AF_INET" in call:
                sockets.append(f"socket({call})"[:120])
                continue
            writing = name in ("creat", "mkdir", "mkdirat", "rename", "renameat", "renameat2", "unlink", "unlinkat") \
                or (name in ("open", "openat") and re.search(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC", call))
            if writing:
                paths = re.findall(r'"((?:[^"\\]|\\.)*)"', call)
                writes.update(p for p in paths if not p.startswith(("/dev/", "/proc/", "/sys/")))
        return sockets, {os.path.realpath(p) if os.path.isabs(p) else p for p in writes}

    # --- the whole run -------------------------------------------------------------------

    def snapshot(self) -> dict[str, tuple[int, int]]:
        return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in self.bundle.rglob("*") if p.is_file()}


def _head(path: Path, size: int = 4096) -> bytes:
    """The first bytes of a file (where UPX writes its "UPX!" marker)."""
    with open(path, "rb") as fh:
        return fh.read(size)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Smoke test of the built program (not the source tree).")
    parser.add_argument("--bundle", type=Path, default=DEFAULT_BUNDLE, help="the onedir folder (default: %(default)s)")
    parser.add_argument("--expect-version", help="the version --version must print")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (median reported)")
    parser.add_argument("--quit-ms", type=int, default=1500, help="PROOFREADER_SMOKE_QUIT_MS for the window")
    parser.add_argument("--no-window", action="store_true", help="skip the window (it is reported as skipped)")
    parser.add_argument("--cold", action="store_true",
                        help="drop the OS file cache before each program's first run (Linux, root)")
    parser.add_argument("--json-report", type=Path, help="write results and timings to this file")
    args = parser.parse_args(argv)
    bundle = args.bundle.resolve()
    if not bundle.is_dir():
        print(f"no bundle at {bundle}: run `make package` first", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="proofreader-smoke-") as tmp:
        smoke = Smoke(bundle, Path(tmp).resolve(), repeat=max(1, args.repeat), quit_ms=args.quit_ms,
                      cold=args.cold)
        before = smoke.snapshot()
        smoke.check_layout()
        smoke.check_version(args.expect_version)
        smoke.check_samples()
        smoke.check_bad_input()
        smoke.check_store()
        if args.no_window:
            print("SKIP  window (--no-window)")
        else:
            smoke.check_window()
        smoke.check_isolation()
        smoke.record("the bundle itself is unchanged after all runs", smoke.snapshot() == before)
    first = "cold start" if smoke.cold else "first run"
    print(f"\ntimings ({first} / median of {smoke.repeat}):")
    for key, values in smoke.timings.items():
        print(f"  {key:40s} {values[0]:6.2f} s / {statistics.median(values):6.2f} s")
    failed = [r for r in smoke.results if not r.ok]
    print(f"\n{len(smoke.results) - len(failed)} passed, {len(failed)} failed")
    if args.json_report:
        args.json_report.write_text(json.dumps({
            "bundle": str(bundle), "passed": not failed, "first_run_cold": smoke.cold,
            "results": [r.__dict__ for r in smoke.results],
            "timings": {k: {"first": v[0], "median": statistics.median(v), "runs": v} for k, v in smoke.timings.items()},
        }, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
