"""Typed errors raised by the core; each front end maps them to a message and exit code."""

from __future__ import annotations

import os


class ProofreaderError(Exception):
    """Base of every error the core raises on purpose.

    ``message`` is Chinese (what the user sees by default); ``message_en`` is English.
    """

    exit_code = 2

    def __init__(self, message: str, message_en: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message

    def text(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message


class InputError(ProofreaderError):
    """The input file cannot be read as gazette text (missing, binary, empty, too big...)."""


class StoreError(ProofreaderError):
    """The SQLite store cannot be opened or used (foreign, corrupt, newer, locked)."""


class CorrectionError(ProofreaderError):
    """A correction cannot be applied (unknown line, column, bad value)."""


class FileAccessError(ProofreaderError):
    """A file cannot be read or written: held open by another program, not permitted, gone."""


#: Windows errors of a file that another program holds open: ERROR_ACCESS_DENIED (renaming
#: onto a file open in Excel), ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION.
WINDOWS_IN_USE = {5, 32, 33}


def file_error(exc: OSError) -> ProofreaderError:
    """One clear line for an operating-system error on a file, for the front ends' boundary.

    On Windows a file open in another program (a workbook in Excel, a store in another
    tool) cannot be replaced or opened: the message says so and names the file.
    """
    # os.replace(temporary, target) names both: the target is the file the user knows
    path = getattr(exc, "filename2", None) or exc.filename or ""
    if getattr(exc, "winerror", None) in WINDOWS_IN_USE:
        return FileAccessError(f"文件正被其他程序使用（如在 Excel 中打开）：{path}。请关闭该程序后再试。",
                               f"the file is in use by another program (open in Excel?): {path}. "
                               "Close it and try again.")
    if isinstance(exc, PermissionError) and os.name == "nt":
        # open() reports a sharing violation as plain EACCES (the C runtime drops the Windows code)
        return FileAccessError(f"文件正被其他程序使用（如在 Excel 中打开）或没有写入权限：{path}。"
                               "请关闭该程序后再试。",
                               f"the file is in use by another program (open in Excel?) or not writable: {path}. "
                               "Close it and try again.")
    if isinstance(exc, PermissionError):
        return FileAccessError(f"没有读写权限：{path}", f"permission denied: {path}")
    if isinstance(exc, FileNotFoundError):
        return FileAccessError(f"文件或文件夹不存在：{path}", f"no such file or folder: {path}")
    reason = exc.strerror or str(exc)
    return FileAccessError(f"无法读写 {path}：{reason}", f"cannot read or write {path}: {reason}")
