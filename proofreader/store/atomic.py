"""Writing an output file or folder so that it is either whole or not there at all.

Every export (the SQLite export, the CSV folder, the XLSX workbook) goes through here:

* :func:`check_output` refuses, before anything is written, a path that cannot be one:
  a missing or read-only folder, a folder where a file is meant (or a file where a folder
  is), a name too long for the file system, an existing output without ``force``, and any
  file in ``protected`` (the store itself with its ``-wal``/``-shm``/``-journal``, the
  inputs of the command);
* :func:`check_distinct` refuses the same file named twice (``--out X --xlsx X``);
* :func:`atomic_file` and :func:`atomic_folder` hand the writer a temporary file (folder)
  in the target folder and rename it onto the target only once it is complete and synced;
  on any error, a full disk included, the temporary is removed and the target is left as
  it was. ``OSError`` and SQLite's "disk is full" become one :class:`OutputError` line.

Typical use (the writer only ever sees the temporary path)::

    out = check_output(args.out, force=args.force, protected=store_files(store.path))
    with atomic_file(out, force=args.force) as tmp:
        write_everything_to(tmp)

Core code: no Qt, no pandas.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import tempfile
from contextlib import contextmanager
from typing import Iterable, Iterator

from ..errors import StoreError

#: Prefix of every temporary file or folder, so that a leftover one (power cut) is recognisable.
TEMP_PREFIX = ".proofreader-"
_SUFFIXES = ("", "-wal", "-shm", "-journal")


class OutputError(StoreError):
    """An output path is unusable or writing it failed; nothing was left half-written."""


def store_files(path: str) -> list[str]:
    """The files that make up an SQLite store: never to be written over by an export."""
    return [path + s for s in _SUFFIXES]


def same_file(a: str, b: str) -> bool:
    """True when two paths name one file (the same inode if both exist, else the same real path)."""
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def check_distinct(paths: Iterable[str | None]) -> None:
    """Refuse two outputs (or an output and an input) that name the same file."""
    seen: list[str] = []
    for p in paths:
        if not p:
            continue
        for q in seen:
            if same_file(p, q):
                raise OutputError(f"同一个文件被指定了两次：{p}", f"the same file is named twice: {p}")
        seen.append(p)


def check_output(path: str, *, force: bool = False, protected: Iterable[str] = (), folder: bool = False) -> str:
    """Check that ``path`` can be written as an output; return its absolute form.

    ``folder=True`` for an output that is a folder of files (the CSV export). Raises
    :class:`OutputError` with one clear line; nothing is created or changed.
    """
    if not path or not path.strip():
        raise OutputError("没有给出输出文件名", "no output file name given")
    if "\x00" in path:
        raise OutputError("输出文件名含有非法字符", "the output file name contains an invalid character")
    out = os.path.abspath(path)
    for p in protected:
        if p and same_file(out, p):
            raise OutputError(f"不能写到 {path}：它是数据库或输入文件本身", f"refusing to write {path}: it is the store or an input file itself")
    parent = os.path.dirname(out)
    name = os.path.basename(out)
    if not name:
        raise OutputError(f"{path} 不是文件名", f"{path} is not a file name")
    if len(os.fsencode(name)) > _name_max(parent):
        raise OutputError(f"文件名太长（{len(os.fsencode(name))} 字节）：{name[:40]}…",
                          f"the file name is too long ({len(os.fsencode(name))} bytes): {name[:40]}…")
    if not os.path.isdir(parent):
        if os.path.exists(parent):
            raise OutputError(f"{parent} 不是文件夹", f"{parent} is not a folder")
        raise OutputError(f"文件夹不存在：{parent}", f"folder does not exist: {parent}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"文件夹不可写：{parent}", f"folder is not writable: {parent}")
    if folder:
        if os.path.exists(out) and not os.path.isdir(out):
            raise OutputError(f"{path} 是一个文件，这里需要文件夹", f"{path} is a file; a folder is needed here")
        if os.path.isdir(out) and os.listdir(out):
            if not force:
                raise OutputError(f"文件夹 {path} 已存在且不为空；要替换请加 --force",
                                  f"the folder {path} exists and is not empty; add --force to replace it")
            if not _only_csv(out):
                raise OutputError(f"文件夹 {path} 中有 CSV 以外的文件，不予替换",
                                  f"the folder {path} holds files other than CSV; not replacing it")
    else:
        if os.path.isdir(out):
            raise OutputError(f"{path} 是一个文件夹，这里需要文件名", f"{path} is a folder; a file name is needed here")
        if os.path.lexists(out) and not force:
            raise OutputError(f"{path} 已存在；要替换请加 --force", f"{path} already exists; add --force to replace it")
    return out


@contextmanager
def atomic_file(path: str, *, force: bool = False) -> Iterator[str]:
    """Yield a temporary file path next to ``path``; rename it onto ``path`` when the block ends.

    The block writes the whole file at the temporary path (by any means: sqlite3, openpyxl,
    open()). On success the file is synced and renamed in one step; on any exception it is
    removed and ``path`` stays as it was. Call :func:`check_output` first.
    """
    out = os.path.abspath(path)
    folder = os.path.dirname(out)
    try:
        # The target's extension kept last: writers that go by it (pandas' ExcelWriter) still work.
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".part" + os.path.splitext(out)[1][:16], dir=folder)
        os.close(fd)
    except OSError as exc:
        raise _error(exc, out) from None
    try:
        yield tmp
        _fsync_file(tmp)
        if not force and os.path.lexists(out):
            raise OutputError(f"{path} 已存在；要替换请加 --force", f"{path} already exists; add --force to replace it")
        os.replace(tmp, out)
        _fsync_dir(folder)
    except BaseException as exc:
        _remove(tmp)
        if isinstance(exc, (OSError, sqlite3.OperationalError)) and _is_io(exc):
            raise _error(exc, out) from None
        raise


@contextmanager
def atomic_folder(path: str, *, force: bool = False) -> Iterator[str]:
    """Yield a temporary folder next to ``path``; it becomes ``path`` when the block ends.

    An existing (non-empty) folder is replaced only with ``force`` and only if it holds
    nothing but CSV files (see :func:`check_output`): it is moved aside, the new one moved
    in, then the old one removed. On any error the temporary folder is removed.
    """
    out = os.path.abspath(path)
    parent = os.path.dirname(out)
    try:
        tmp = tempfile.mkdtemp(prefix=TEMP_PREFIX, suffix=".part", dir=parent)
    except OSError as exc:
        raise _error(exc, out) from None
    aside = None
    try:
        yield tmp
        for name in os.listdir(tmp):
            _fsync_file(os.path.join(tmp, name))
        _fsync_dir(tmp)
        if os.path.isdir(out):
            if os.listdir(out):
                if not force:
                    raise OutputError(f"文件夹 {path} 已存在且不为空；要替换请加 --force",
                                      f"the folder {path} exists and is not empty; add --force to replace it")
                aside = tempfile.mkdtemp(prefix=TEMP_PREFIX, suffix=".old", dir=parent)
                os.rmdir(aside)
                os.rename(out, aside)
            else:
                os.rmdir(out)
        os.rename(tmp, out)
        _fsync_dir(parent)
    except BaseException as exc:
        if aside is not None and not os.path.exists(out):
            os.rename(aside, out)  # put the old folder back
            aside = None
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, (OSError, sqlite3.OperationalError)) and _is_io(exc):
            raise _error(exc, out) from None
        raise
    finally:
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)


def _only_csv(folder: str) -> bool:
    return all(os.path.isfile(os.path.join(folder, n)) and n.lower().endswith(".csv") for n in os.listdir(folder))


def _name_max(folder: str) -> int:
    try:
        return os.pathconf(folder if os.path.isdir(folder) else os.sep, "PC_NAME_MAX")
    except (AttributeError, OSError, ValueError):
        return 255  # Windows (NTFS: 255 UTF-16 units)


def _fsync_file(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: str) -> None:
    if os.name == "nt":
        return  # directories cannot be opened for fsync on Windows; NTFS journals the rename
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def _is_io(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        return "disk is full" in text or "disk i/o" in text or "unable to open" in text
    return isinstance(exc, OSError)


def _error(exc: BaseException, out: str) -> OutputError:
    """One line for an I/O failure while writing ``out``."""
    code = getattr(exc, "errno", None)
    text = str(exc).lower()
    if code in _FULL or "disk is full" in text:
        return OutputError(f"磁盘已满，未写入 {out}（没有留下不完整的文件）",
                           f"the disk is full; {out} was not written (nothing half-written was left)")
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputError(f"没有写入权限：{out}", f"permission denied: {out}")
    if code == errno.ENAMETOOLONG:
        return OutputError(f"文件名太长：{out}", f"the file name is too long: {out}")
    reason = getattr(exc, "strerror", None) or str(exc)
    return OutputError(f"无法写入 {out}：{reason}", f"cannot write {out}: {reason}")
