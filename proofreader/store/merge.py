"""Merging proofreaders' exports into the central office's file.

Rows are merged by their stable keys (issue id, table id, row key, column). The
same cell corrected differently by two operators is a conflict: it is listed in
``conflicts`` with both values and both corrections stay in the audit trail;
nothing is overwritten silently. Merging an export a second time changes nothing.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field

from ..errors import StoreError
from .export import (EXPORT_APPLICATION_ID, EXPORT_DDL, EXPORT_TABLES, EXPORT_VERSION, checksum,
                     column_names, create_wide_table, sql_table_name)
from .atomic import same_file
from .schema import now
from .untrusted import open_untrusted

CENTRAL_DDL = """
CREATE TABLE IF NOT EXISTS merged_exports (checksum TEXT PRIMARY KEY, file TEXT NOT NULL, merged_at TEXT NOT NULL,
    operators TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS conflicts (issue_id TEXT NOT NULL, table_id TEXT NOT NULL, row_key TEXT NOT NULL,
    column_index INTEGER NOT NULL, column_name TEXT NOT NULL, original TEXT, kept TEXT, kept_by TEXT,
    other TEXT, other_by TEXT, export_file TEXT NOT NULL, found_at TEXT NOT NULL,
    PRIMARY KEY (issue_id, table_id, row_key, column_index, other));
"""


@dataclass
class MergeResult:
    merged: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    cells_updated: int = 0
    corrections_added: int = 0
    conflicts: list[dict] = field(default_factory=list)


def open_export(path: str) -> sqlite3.Connection:
    """An export (untrusted) whose checksum matches its content."""
    conn = open_untrusted(path, EXPORT_APPLICATION_ID, EXPORT_VERSION, EXPORT_TABLES, "本工具导出的校对文件")
    info = dict(conn.execute("SELECT key, value FROM export_info").fetchall())
    if checksum(conn) != info.get("checksum_sha256"):
        conn.close()
        raise StoreError(f"{path} 的校验和不符：文件导出后被改动过或已损坏", f"{path}: checksum mismatch; the file was changed or damaged")
    return conn


def merge_exports(into: str, exports: list[str]) -> MergeResult:
    """Merge ``exports`` into the central file ``into`` (created if missing)."""
    for p in exports:
        if same_file(into, p):
            raise StoreError(f"汇总文件不能同时是输入：{p}", f"the central file cannot also be an input: {p}")
    conns = [(p, open_export(p)) for p in exports]  # check every file before writing anything
    central = _open_central(into)
    result = MergeResult()
    try:
        for path, src in conns:
            digest = dict(src.execute("SELECT key, value FROM export_info").fetchall())["checksum_sha256"]
            if central.execute("SELECT 1 FROM merged_exports WHERE checksum = ?", (digest,)).fetchone():
                result.already.append(path)
                continue
            central.execute("BEGIN IMMEDIATE")
            try:
                _merge_one(central, src, os.path.basename(path), result)
                ops = dict(src.execute("SELECT key, value FROM export_info").fetchall()).get("operators", "[]")
                central.execute("INSERT INTO merged_exports VALUES (?,?,?,?)", (digest, os.path.basename(path), now(), ops))
                central.execute("COMMIT")
            except BaseException as exc:
                if central.in_transaction:  # SQLite rolls back by itself on a full disk
                    central.execute("ROLLBACK")
                if isinstance(exc, sqlite3.OperationalError) and "full" in str(exc).lower():
                    raise StoreError(f"磁盘已满：{path} 未汇总，中心文件未改动",
                                     f"the disk is full: {path} was not merged; the central file is unchanged") from None
                raise
            result.merged.append(path)
    finally:
        for _, src in conns:
            src.close()
        central.close()
    return result


def _open_central(path: str) -> sqlite3.Connection:
    exists = os.path.exists(path) and os.path.getsize(path) > 0
    if exists:
        # The central file is ours but may have been carried around: check before writing to it.
        open_untrusted(path, EXPORT_APPLICATION_ID, EXPORT_VERSION, EXPORT_TABLES, "中心汇总文件").close()
    conn = sqlite3.connect(path, isolation_level=None, timeout=10)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA trusted_schema = OFF")
    if not exists:
        conn.executescript(EXPORT_DDL)
        conn.execute(f"PRAGMA application_id = {EXPORT_APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {EXPORT_VERSION}")
        conn.execute("INSERT INTO export_info VALUES ('format', 'gazette-proofreader-central')")
    conn.executescript(CENTRAL_DDL)
    return conn


def _insert_ignore(central: sqlite3.Connection, src: sqlite3.Connection, table: str, columns: list[str]) -> int:
    cols = ", ".join(columns)
    marks = ", ".join("?" * len(columns))
    n = 0
    for row in src.execute(f"SELECT {cols} FROM {table}"):
        n += central.execute(f"INSERT OR IGNORE INTO {table} ({cols}) VALUES ({marks})", tuple(row)).rowcount
    return n


def _merge_one(central: sqlite3.Connection, src: sqlite3.Connection, file: str, result: MergeResult) -> None:
    kept_editors = _last_editor(central)  # before this export's corrections join the trail
    for table in ("issues", "documents", "table_rows", "review_log"):
        _insert_ignore(central, src, table, sorted(EXPORT_TABLES[table]))
    result.corrections_added += _insert_ignore(central, src, "audit", sorted(EXPORT_TABLES["audit"]))
    for r in src.execute("SELECT issue_id, line, original, fixed FROM source_lines"):
        have = central.execute("SELECT fixed FROM source_lines WHERE issue_id = ? AND line = ?", (r[0], r[1])).fetchone()
        if have is None:
            central.execute("INSERT INTO source_lines VALUES (?,?,?,?)", tuple(r))
        elif r[3] is not None and have[0] is None:
            central.execute("UPDATE source_lines SET fixed = ? WHERE issue_id = ? AND line = ?", (r[3], r[0], r[1]))
    for t in src.execute("SELECT * FROM parsed_tables"):
        t = dict(t)
        have = central.execute("SELECT status_at FROM parsed_tables WHERE issue_id = ? AND table_id = ?",
                               (t["issue_id"], t["table_id"])).fetchone()
        if have is None:
            central.execute(f"INSERT INTO parsed_tables ({', '.join(t)}) VALUES ({', '.join('?' * len(t))})",
                            tuple(t.values()))
        elif (t["status_at"] or "") > (have[0] or ""):  # the later review status wins; the log keeps all
            central.execute("UPDATE parsed_tables SET status = ?, status_by = ?, status_at = ?, errors = ?, "
                            "warnings = ? WHERE issue_id = ? AND table_id = ?",
                            (t["status"], t["status_by"], t["status_at"], t["errors"], t["warnings"],
                             t["issue_id"], t["table_id"]))
    _insert_ignore(central, src, "findings", sorted(EXPORT_TABLES["findings"]))
    who = _last_editor(src)
    touched: set[tuple[str, str]] = set()
    for c in src.execute("SELECT * FROM cells"):
        c = dict(c)
        key = (c["issue_id"], c["table_id"], c["row_key"], c["column_index"])
        have = central.execute("SELECT original, corrected FROM cells WHERE issue_id = ? AND table_id = ? AND "
                               "row_key = ? AND column_index = ?", key).fetchone()
        if have is None:
            central.execute("INSERT INTO cells VALUES (?,?,?,?,?,?,?)", tuple(c.values()))
            touched.add(key[:2])
            continue
        if have["corrected"] == c["corrected"] or c["corrected"] == c["original"]:
            continue  # same value, or this proofreader did not change the cell
        if have["corrected"] == have["original"]:
            central.execute("UPDATE cells SET corrected = ? WHERE issue_id = ? AND table_id = ? AND row_key = ? "
                            "AND column_index = ?", (c["corrected"],) + key)
            result.cells_updated += 1
            touched.add(key[:2])
            continue
        conflict = {"issue_id": key[0], "table_id": key[1], "row_key": key[2], "column_index": key[3],
                    "column_name": c["column_name"], "original": c["original"], "kept": have["corrected"],
                    "kept_by": kept_editors.get(key, ""), "other": c["corrected"], "other_by": who.get(key, ""),
                    "export_file": file, "found_at": now()}
        if central.execute("INSERT OR IGNORE INTO conflicts VALUES (:issue_id, :table_id, :row_key, :column_index, "
                           ":column_name, :original, :kept, :kept_by, :other, :other_by, :export_file, :found_at)",
                           conflict).rowcount:
            result.conflicts.append(conflict)
    for issue_id, table_id in touched:
        _rebuild_wide(central, issue_id, table_id)


def _last_editor(src: sqlite3.Connection) -> dict[tuple, str]:
    """Who last set each cell, from an export's audit trail."""
    out: dict[tuple, str] = {}
    for r in src.execute("SELECT issue_id, table_id, payload, operator FROM audit WHERE kind = 'set_cell' ORDER BY at"):
        p = json.loads(r["payload"])
        out[(r["issue_id"], r["table_id"], p.get("row_key"), p.get("column"))] = r["operator"]
    return out


def _rebuild_wide(central: sqlite3.Connection, issue_id: str, table_id: str) -> None:
    t = central.execute("SELECT sql_table, columns FROM parsed_tables WHERE issue_id = ? AND table_id = ?",
                        (issue_id, table_id)).fetchone()
    if t is None:
        return
    columns = json.loads(t["columns"])
    name = sql_table_name(issue_id, table_id)  # rebuilt from checked ids, never the file's own text
    central.execute(f'DROP TABLE IF EXISTS "{name}"')
    central.execute("UPDATE parsed_tables SET sql_table = ? WHERE issue_id = ? AND table_id = ?",
                    (name, issue_id, table_id))
    cols = create_wide_table(central, name, columns)
    assert cols == column_names(columns)
    rows = central.execute("SELECT row_key, position, kind, first_line, last_line FROM table_rows WHERE issue_id = ? "
                           "AND table_id = ? AND state != 'deleted' ORDER BY position", (issue_id, table_id)).fetchall()
    for r in rows:
        cells = [x[0] for x in central.execute("SELECT corrected FROM cells WHERE issue_id = ? AND table_id = ? AND "
                                               "row_key = ? ORDER BY column_index", (issue_id, table_id, r[0]))]
        cells = (cells + [""] * len(cols))[:len(cols)]
        central.execute(f'INSERT INTO "{name}" VALUES ({",".join("?" * (5 + len(cols)))})', list(r) + cells)
