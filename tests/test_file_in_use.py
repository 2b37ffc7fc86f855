"""A file held open by another program, as Windows does it: one line, nothing half-written.

On Windows a program can open a file so that nobody else may open or replace it (Excel
holds an open workbook so). Exporting onto such a file, or opening such a store, must give
one clear line naming the file and exit code 2, leave the held file as it was and leave
no temporary file behind. Windows only (under Wine in `make windows-test`): Linux has no
mandatory sharing modes, and there the same errors are covered by test_bad_input.py.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import SEED_004
from proofreader.cli import build_parser, main

pytestmark = pytest.mark.skipif(sys.platform != "win32", reason="Windows sharing modes (make windows-test)")


@contextmanager
def held_by_another_program(path: Path):
    """Open ``path`` with no sharing at all (share mode 0), as Excel holds a workbook."""
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateFileW.restype = wintypes.HANDLE
    kernel32.CreateFileW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, wintypes.DWORD, ctypes.c_void_p,
                                     wintypes.DWORD, wintypes.DWORD, wintypes.HANDLE]
    generic_read_write, no_sharing, open_existing, normal = 0xC0000000, 0, 3, 0x80
    handle = kernel32.CreateFileW(str(path), generic_read_write, no_sharing, None, open_existing, normal, None)
    assert handle not in (None, wintypes.HANDLE(-1).value), ctypes.get_last_error()
    try:
        yield
    finally:
        kernel32.CloseHandle(handle)


def replace_existing() -> list[str]:
    """``--force`` where export asks for it to replace an existing file."""
    _, unknown = build_parser().parse_known_args(["export", "--out", "x", "--force"])
    return [] if unknown else ["--force"]


def store_with_an_issue(tmp_path: Path) -> Path:
    db = tmp_path / "校对 库.sqlite"
    assert main(["import", "--db", str(db), str(SEED_004), "--operator", "张三"]) == 0
    return db


def one_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_export_onto_a_file_open_in_another_program(tmp_path, capsys):
    db = store_with_an_issue(tmp_path)
    out_dir = tmp_path / "给中心 的导出"
    out_dir.mkdir()
    target = out_dir / "导出.sqlite"
    target.write_bytes(b"an earlier export, open in another program")
    capsys.readouterr()
    with held_by_another_program(target):
        code = main(["export", "--db", str(db), "--out", str(target), *replace_existing()])
        line = one_line(capsys)
    assert code == 2
    assert "导出.sqlite" in line and ("占用" in line or "使用" in line), line
    assert target.read_bytes() == b"an earlier export, open in another program"
    assert sorted(p.name for p in out_dir.iterdir()) == ["导出.sqlite"]  # no temporary left


def test_xlsx_onto_a_workbook_open_in_excel(tmp_path, capsys):
    pytest.importorskip("openpyxl")
    db = store_with_an_issue(tmp_path)
    workbook = tmp_path / "表格.xlsx"
    workbook.write_bytes(b"PK a workbook open in Excel")
    capsys.readouterr()
    with held_by_another_program(workbook):
        code = main(["export", "--db", str(db), "--out", str(tmp_path / "export.sqlite"),
                     "--xlsx", str(workbook), *replace_existing()])
        line = one_line(capsys)
    assert code == 2
    assert "表格.xlsx" in line, line
    assert workbook.read_bytes() == b"PK a workbook open in Excel"
    assert not [p for p in tmp_path.iterdir() if ".part" in p.name or p.name.startswith(".proofreader-")]


def test_store_open_in_another_program(tmp_path, capsys):
    db = store_with_an_issue(tmp_path)
    before = db.read_bytes()
    capsys.readouterr()
    with held_by_another_program(db):
        code = main(["import", "--db", str(db), str(SEED_004), "--operator", "张三"])
        line = one_line(capsys)
    assert code == 2
    assert "Traceback" not in line
    assert db.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".part", ".tmp")]
    assert os.path.exists(db)
