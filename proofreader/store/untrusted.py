"""Opening an SQLite file that came from outside (an export to merge, a central file).

Such a file is untrusted: it is opened read-only, with ``trusted_schema`` off, its
schema is checked against what we expect before any row is read, and a file with
triggers or views is refused outright, so nothing the file defines is ever run.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..errors import StoreError
from .schema import defensive



def open_untrusted(path: str, application_id: int, max_version: int,
                   expected: dict[str, set[str]], what: str) -> sqlite3.Connection:
    """Open ``path`` read-only after checking it is our kind of file; StoreError if not.

    ``expected`` maps each table we read to the columns we need from it; extra tables
    (a wide table per parsed table) are allowed, triggers and views are not.
    """
    if not os.path.isfile(path):
        raise StoreError(f"找不到文件：{path}", f"file not found: {path}")
    # Only SQLite opens the file (no plain open() to read its header): the file may be one
    # this process also has open as a store, and closing another handle would drop its locks.
    uri = Path(os.path.abspath(path)).as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=5)
        conn.row_factory = sqlite3.Row
        defensive(conn)
        conn.execute("PRAGMA query_only = ON")
        try:
            app = conn.execute("PRAGMA application_id").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc):
                raise StoreError(f"{path} 不是 SQLite 数据库文件", f"{path} is not an SQLite database file") from None
            raise
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app != application_id:
            raise StoreError(f"{path} 不是{what}（是别的程序的 SQLite 文件）", f"{path} is not a {what} (another program's SQLite file)")
        if version > max_version:
            raise StoreError(f"{path} 由更新版本的本工具生成（格式版本 {version}），请升级本工具",
                             f"{path} was written by a newer version of this tool (format {version}); please upgrade")
        objects = conn.execute("SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view')").fetchall()
        if objects:
            names = ", ".join(f"{r['type']} {r['name']}" for r in objects)
            raise StoreError(f"{path} 含有触发器或视图（{names}），出于安全不予读取", f"{path} contains triggers or views ({names}); refused")
        for table, columns in expected.items():
            have = {r["name"] for r in conn.execute(f"PRAGMA table_info({_quote(table)})")}
            if not have:
                raise StoreError(f"{path} 缺少表 {table}，不是有效的{what}", f"{path} lacks table {table}: not a valid {what}")
            missing = columns - have
            if missing:
                raise StoreError(f"{path} 的表 {table} 缺少列 {', '.join(sorted(missing))}", f"{path}: table {table} lacks {', '.join(sorted(missing))}")
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise StoreError(f"{path} 已损坏：{check}", f"{path} is damaged: {check}")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} 已损坏或无法读取：{exc}", f"{path} is damaged or unreadable: {exc}") from None
    return conn


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
