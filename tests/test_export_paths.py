"""How an export is written to disk: atomically, never onto the store, careful with paths.

Every path problem is one line and exit 2 from the CLI, and nothing half-written is left:
the target folder holds exactly what it held before (no temporary file, no empty file).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED_003
from proofreader.store import open_store
from proofreader.store.atomic import TEMP_PREFIX, OutputError, atomic_file, atomic_folder, check_output

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "store.sqlite"
    with open_store(str(path)) as s:
        s.import_file(str(SEED_003), "导入")
    return path


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PROOFREADER_LANG": "zh"}
    return subprocess.run([sys.executable, "-m", "proofreader", *args], capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                          env=env)


def _refused(res: subprocess.CompletedProcess) -> str:
    assert res.returncode == 2, (res.returncode, res.stdout, res.stderr)
    assert "Traceback" not in res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("proofreader: "), res.stderr
    return lines[0]


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_export_onto_the_store_itself_is_refused_and_the_store_is_intact(store_path, tmp_path):
    before = store_path.read_bytes()
    for target in (store_path, Path(str(store_path) + "-wal"), Path(str(store_path) + "-shm")):
        line = _refused(_cli("export", "--db", str(store_path), "--out", str(target), "--force"))
        assert "数据库或输入文件本身" in line
    # through another name for the same file (a hard link) too
    link = store_path.parent / "alias.sqlite"
    if not link.exists():
        os.link(store_path, link)
    _refused(_cli("export", "--db", str(store_path), "--out", str(link), "--force"))
    assert store_path.read_bytes() == before
    with open_store(str(store_path)) as s:
        assert len(s.issues()) == 1


def test_an_existing_output_is_replaced_only_with_force(store_path, tmp_path):
    out = tmp_path / "e.sqlite"
    out.write_bytes(b"keep me")
    line = _refused(_cli("export", "--db", str(store_path), "--out", str(out)))
    assert "--force" in line and out.read_bytes() == b"keep me"
    res = _cli("export", "--db", str(store_path), "--out", str(out), "--force")
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""  # the "\r1/1" progress count is for a console only, not a captured stderr
    assert out.read_bytes()[:16] == b"SQLite format 3\x00"
    assert sorted(os.listdir(tmp_path)) == ["e.sqlite"]  # no temporary left


@pytest.mark.parametrize("case", ["missing folder", "read-only folder", "long name", "folder for a file",
                                  "file for the csv folder", "same file twice", "nonempty csv folder",
                                  "csv folder with other files"])
def test_path_problems_are_one_line_exit_2_and_nothing_written(store_path, tmp_path, case):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "other.txt").write_text("mine", encoding="utf-8")
    args = ["export", "--db", str(store_path)]
    if case == "missing folder":
        args += ["--out", str(out_dir / "nope" / "e.sqlite")]
    elif case == "read-only folder":
        if os.name != "posix" or os.geteuid() == 0:
            pytest.skip("root writes anywhere; a Windows folder has no write bit (test_file_in_use.py)")
        os.chmod(out_dir, 0o555)
        args += ["--out", str(out_dir / "e.sqlite")]
    elif case == "long name":
        args += ["--out", str(out_dir / ("公报" * 45 + ".sqlite"))]  # 270 bytes
    elif case == "folder for a file":
        args += ["--out", str(out_dir)]
    elif case == "file for the csv folder":
        args += ["--out", str(out_dir / "e.sqlite"), "--csv", str(out_dir / "other.txt"), "--force"]
    elif case == "same file twice":
        args += ["--out", str(out_dir / "x"), "--xlsx", str(out_dir / "x")]
    elif case == "nonempty csv folder":
        (out_dir / "csv").mkdir()
        (out_dir / "csv" / "a.csv").write_text("x", encoding="utf-8")
        args += ["--out", str(out_dir / "e.sqlite"), "--csv", str(out_dir / "csv")]
    elif case == "csv folder with other files":
        args += ["--out", str(out_dir / "e.sqlite"), "--csv", str(out_dir), "--force"]
    before = sorted(p.name for p in out_dir.rglob("*"))
    try:
        _refused(_cli(*args))
    finally:
        os.chmod(out_dir, 0o755)
    assert sorted(p.name for p in out_dir.rglob("*")) == before
    assert (out_dir / "other.txt").read_text(encoding="utf-8") == "mine"


def test_csv_folder_replaced_with_force_only_when_it_holds_csv(store_path, tmp_path):
    csv_dir = tmp_path / "csv"
    res = _cli("export", "--db", str(store_path), "--out", str(tmp_path / "e.sqlite"), "--csv", str(csv_dir))
    assert res.returncode == 0, res.stderr
    first = _listing(csv_dir)
    assert first and all(n.endswith(".csv") for n in first)
    (csv_dir / "stale.csv").write_text("old", encoding="utf-8")
    res = _cli("export", "--db", str(store_path), "--out", str(tmp_path / "e.sqlite"), "--csv", str(csv_dir), "--force")
    assert res.returncode == 0, res.stderr
    assert _listing(csv_dir) == first  # replaced as a whole: the stale file is gone
    assert sorted(os.listdir(tmp_path)) == ["csv", "e.sqlite"]


def test_a_failing_writer_leaves_the_target_as_it_was(tmp_path):
    target = tmp_path / "t.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(OutputError) as err:
        with atomic_file(str(target), force=True) as tmp:
            with open(tmp, "wb") as fh:
                fh.write(b"half")
            raise OSError(28, "No space left on device")
    assert "磁盘已满" in err.value.message
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["t.xlsx"]
    folder = tmp_path / "csv"
    with pytest.raises(OutputError):
        with atomic_folder(str(folder)) as tmp:
            Path(tmp, "a.csv").write_text("x", encoding="utf-8")
            raise sqlite3.OperationalError("database or disk is full")
    assert sorted(os.listdir(tmp_path)) == ["t.xlsx"]
    with pytest.raises(ValueError):  # a bug in the writer is not disguised, and still cleaned up
        with atomic_file(str(tmp_path / "u.sqlite")) as tmp:
            raise ValueError("bug")
    assert sorted(os.listdir(tmp_path)) == ["t.xlsx"]


def test_check_output_does_not_create_anything(tmp_path):
    assert check_output(str(tmp_path / "a.sqlite")) == str(tmp_path / "a.sqlite")
    with pytest.raises(OutputError):
        check_output("")
    assert os.listdir(tmp_path) == []


def _unshare_ok() -> bool:
    if not shutil.which("unshare") or sys.platform != "linux":
        return False
    res = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                         capture_output=True)
    return res.returncode == 0


@pytest.mark.skipif(not _unshare_ok(), reason="needs an unprivileged mount namespace for a small tmpfs")
@pytest.mark.parametrize("what", ["--out", "--csv", "--xlsx"])
def test_full_disk_leaves_nothing_half_written(store_path, tmp_path, what):
    """A real full disk: a 160 KB tmpfs (the export of seed 003 is larger)."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    small_out = str(mnt / "e.sqlite")
    args = ["--out", small_out]
    if what == "--csv":
        args = ["--out", str(tmp_path / "e.sqlite"), "--csv", str(mnt / "csv")]
    elif what == "--xlsx":
        args = ["--out", str(tmp_path / "e.sqlite"), "--xlsx", str(mnt / "e.xlsx")]
        if what == "--xlsx":  # make the workbook the thing that does not fit
            pytest.importorskip("openpyxl")
    # Fill the tmpfs up to a little room, then export into it; list what is left.
    script = (f"mount -t tmpfs -o size=160k tmpfs {mnt} && "
              f"head -c 150000 /dev/zero > {mnt}/filler && "
              f"{sys.executable} -m proofreader export --db {store_path} {' '.join(args)}; "
              f"echo \"rc=$?\"; ls -A {mnt}")
    res = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PROOFREADER_LANG": "zh"})
    assert "rc=2" in res.stdout, (res.stdout, res.stderr)
    assert "Traceback" not in res.stderr
    err = [ln for ln in res.stderr.splitlines() if ln.startswith("proofreader:")]
    assert len(err) == 1 and "磁盘已满" in err[0], res.stderr
    assert res.stdout.split("rc=2")[1].split() == ["filler"]  # nothing else left in the folder


@pytest.mark.skipif(not _unshare_ok(), reason="needs an unprivileged mount namespace for a small tmpfs")
def test_merge_on_a_full_disk_says_so_and_leaves_the_central_file_unchanged(store_path, tmp_path):
    from conftest import SEED_002
    from proofreader.store import merge_exports

    small = tmp_path / "small.sqlite"
    with open_store(str(small)) as s:
        s.import_file(str(SEED_002))
        s.export(str(tmp_path / "e2.sqlite"))
    with open_store(str(store_path)) as s:
        s.export(str(tmp_path / "e1.sqlite"))
    central = tmp_path / "central.sqlite"
    merge_exports(str(central), [str(tmp_path / "e1.sqlite")])
    size = central.stat().st_size
    mnt = tmp_path / "small"
    mnt.mkdir()
    script = (f"mount -t tmpfs -o size={size + 64 * 1024} tmpfs {mnt} && cp {central} {mnt}/c.sqlite && "
              f"sha256sum {mnt}/c.sqlite && "
              f"{sys.executable} -m proofreader merge --into {mnt}/c.sqlite {tmp_path / 'e2.sqlite'}; "
              f"echo \"rc=$?\"; sha256sum {mnt}/c.sqlite; ls -A {mnt}")
    res = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PROOFREADER_LANG": "zh"})
    assert "rc=2" in res.stdout, (res.stdout, res.stderr)
    assert "Traceback" not in res.stderr and "cannot rollback" not in res.stderr
    err = [ln for ln in res.stderr.splitlines() if ln.startswith("proofreader:")]
    assert len(err) == 1 and "磁盘已满" in err[0], res.stderr
    sums = [ln.split()[0] for ln in res.stdout.splitlines() if ln.endswith("/c.sqlite") and len(ln.split()) == 2]
    assert len(sums) == 2 and sums[0] == sums[1]  # byte for byte unchanged
    assert res.stdout.split("rc=2")[1].split()[-1] == "c.sqlite"  # no journal left behind


@pytest.mark.skipif(not _unshare_ok(), reason="needs an unprivileged mount namespace for a small tmpfs")
def test_corrections_on_a_full_disk_stop_with_one_line_and_every_saved_one_is_kept(tmp_path):
    """The store itself on a disk that fills up during a batch of corrections."""
    from conftest import SEED_002

    db = tmp_path / "s.sqlite"
    with open_store(str(db)) as s:
        iid = s.import_file(str(SEED_002)).issue_id
        lines = [r.first_line for r in s.table(iid, "t3").data_rows()]
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    batch = tmp_path / "b.csv"
    batch.write_text("line,column,value\n" + "".join(f"{ln},4,{900 + k}\n" for k, ln in enumerate(lines)),
                     encoding="utf-8")
    mnt = tmp_path / "small"
    mnt.mkdir()
    out = tmp_path / "after"
    out.mkdir()
    size = db.stat().st_size + 96 * 1024
    script = (f"mount -t tmpfs -o size={size} tmpfs {mnt} && cp {db} {mnt}/s.sqlite && "
              f"{sys.executable} -m proofreader correct --db {mnt}/s.sqlite --issue {iid} --from {batch} "
              f"--operator 张三; echo \"rc=$?\"; cp {mnt}/s.sqlite* {out}/")
    res = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PROOFREADER_LANG": "zh"})
    assert "rc=2" in res.stdout, (res.stdout[-2000:], res.stderr[-2000:])
    assert "Traceback" not in res.stderr
    err = [ln for ln in res.stderr.splitlines() if ln.startswith("proofreader:")]
    assert len(err) == 1 and "磁盘已满" in err[0], res.stderr
    saved = [ln for ln in res.stdout.splitlines() if ln.startswith("已保存 #")]
    assert 0 < len(saved) < len(lines)
    with open_store(str(out / "s.sqlite")) as s:
        trail = {h.id: h.new for h in s.history(iid)}
        for ln in saved:
            cid = int(ln.split("#")[1].split("：")[0])
            value = ln.split("→ “")[1].split("”")[0]
            assert trail.get(cid) == value, ln
        assert len(trail) == len(saved)  # nothing beyond what was shown as saved
