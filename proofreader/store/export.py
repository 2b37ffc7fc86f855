"""The export for the central office: one self-contained SQLite file.

Plain ``sqlite3`` can query it without our code: issues, documents, the source lines
(original and fixed), every cell with its original and corrected value, one wide
table per parsed table with named columns, the audit trail, the findings at export
time, review status, and provenance with a checksum of the content.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from .. import __version__
from ..errors import StoreError
from .atomic import atomic_file, atomic_folder, check_distinct, check_output, store_files
from .schema import now

if TYPE_CHECKING:
    from .store import Store

#: "GPRX": a Gazette Proofreader export (or a central file made by merging them).
EXPORT_APPLICATION_ID = 0x47505258
EXPORT_VERSION = 1

EXPORT_DDL = """
CREATE TABLE export_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE issues (issue_id TEXT PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, encoding TEXT NOT NULL,
    line_count INTEGER NOT NULL, imported_at TEXT NOT NULL, supersedes TEXT);
CREATE TABLE documents (issue_id TEXT NOT NULL, doc_index INTEGER NOT NULL, title TEXT NOT NULL,
    doc_number TEXT NOT NULL, date TEXT NOT NULL, first_line INTEGER NOT NULL, last_line INTEGER NOT NULL,
    PRIMARY KEY (issue_id, doc_index));
CREATE TABLE source_lines (issue_id TEXT NOT NULL, line INTEGER NOT NULL, original TEXT NOT NULL, fixed TEXT,
    PRIMARY KEY (issue_id, line)) WITHOUT ROWID;
CREATE TABLE parsed_tables (issue_id TEXT NOT NULL, table_id TEXT NOT NULL, sql_table TEXT NOT NULL,
    title TEXT NOT NULL, first_line INTEGER NOT NULL, last_line INTEGER NOT NULL, layout TEXT NOT NULL,
    columns TEXT NOT NULL, status TEXT NOT NULL, status_by TEXT NOT NULL, status_at TEXT NOT NULL,
    errors INTEGER NOT NULL, warnings INTEGER NOT NULL, PRIMARY KEY (issue_id, table_id));
CREATE TABLE table_rows (issue_id TEXT NOT NULL, table_id TEXT NOT NULL, row_key TEXT NOT NULL,
    position INTEGER NOT NULL, kind TEXT NOT NULL, level INTEGER NOT NULL, first_line INTEGER NOT NULL,
    last_line INTEGER NOT NULL, state TEXT NOT NULL, PRIMARY KEY (issue_id, table_id, row_key));
CREATE TABLE cells (issue_id TEXT NOT NULL, table_id TEXT NOT NULL, row_key TEXT NOT NULL,
    column_index INTEGER NOT NULL, column_name TEXT NOT NULL, original TEXT, corrected TEXT,
    PRIMARY KEY (issue_id, table_id, row_key, column_index));
CREATE TABLE audit (uuid TEXT PRIMARY KEY, issue_id TEXT NOT NULL, table_id TEXT, kind TEXT NOT NULL,
    action TEXT NOT NULL, target_uuid TEXT, payload TEXT NOT NULL, old_value TEXT, new_value TEXT,
    operator TEXT NOT NULL, at TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE findings (issue_id TEXT NOT NULL, table_id TEXT NOT NULL, seq INTEGER NOT NULL, rule TEXT NOT NULL,
    severity TEXT NOT NULL, line INTEGER NOT NULL, row_line INTEGER, col INTEGER, stated TEXT, actual TEXT,
    message TEXT NOT NULL, message_en TEXT NOT NULL, suggestion TEXT NOT NULL, PRIMARY KEY (issue_id, table_id, seq));
CREATE TABLE review_log (issue_id TEXT NOT NULL, table_id TEXT NOT NULL, status TEXT NOT NULL,
    operator TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (issue_id, table_id, at, operator, status));
"""

#: Tables (and the columns we read) that every export must have.
EXPORT_TABLES: dict[str, set[str]] = {
    "export_info": {"key", "value"},
    "issues": {"issue_id", "name", "sha256", "encoding", "line_count", "imported_at", "supersedes"},
    "documents": {"issue_id", "doc_index", "title", "doc_number", "date", "first_line", "last_line"},
    "source_lines": {"issue_id", "line", "original", "fixed"},
    "parsed_tables": {"issue_id", "table_id", "sql_table", "title", "first_line", "last_line", "layout", "columns",
                      "status", "status_by", "status_at", "errors", "warnings"},
    "table_rows": {"issue_id", "table_id", "row_key", "position", "kind", "level", "first_line", "last_line", "state"},
    "cells": {"issue_id", "table_id", "row_key", "column_index", "column_name", "original", "corrected"},
    "audit": {"uuid", "issue_id", "table_id", "kind", "action", "target_uuid", "payload", "old_value", "new_value",
              "operator", "at", "reason"},
    "findings": {"issue_id", "table_id", "seq", "rule", "severity", "line", "row_line", "col", "stated", "actual",
                 "message", "message_en", "suggestion"},
    "review_log": {"issue_id", "table_id", "status", "operator", "at"},
}

#: Content covered by the checksum, in a fixed order.
CHECKSUM_QUERIES = [
    "SELECT issue_id, name, sha256 FROM issues ORDER BY issue_id",
    "SELECT issue_id, line, original, fixed FROM source_lines ORDER BY issue_id, line",
    "SELECT issue_id, table_id, row_key, column_index, original, corrected FROM cells "
    "ORDER BY issue_id, table_id, row_key, column_index",
    "SELECT uuid, issue_id, table_id, kind, action, payload, operator, at, reason FROM audit ORDER BY uuid",
    "SELECT issue_id, table_id, status, status_by, status_at FROM parsed_tables ORDER BY issue_id, table_id",
]


@dataclass
class ExportResult:
    path: str
    issues: int
    tables: int
    corrections: int
    checksum: str
    csv_files: list[str]
    xlsx: str | None


def checksum(conn: sqlite3.Connection) -> str:
    """SHA-256 over the export's content (not its page layout)."""
    h = hashlib.sha256()
    for q in CHECKSUM_QUERIES:
        for row in conn.execute(q):
            h.update(json.dumps(list(row), ensure_ascii=False).encode("utf-8"))
            h.update(b"\n")
    return h.hexdigest()


_ISSUE_ID = re.compile(r"[0-9a-f]{16,64}")
_TABLE_ID = re.compile(r"t[0-9]{1,6}")


def sql_table_name(issue_id: str, table_id: str) -> str:
    """The wide table of one parsed table: ``t_<whole issue id>_<table id>``.

    Never a truncated hash (the first 8 hex digits of two issue ids collide at ~1 % among
    10,000 issues); both parts are checked, so a name taken from a file can never be
    anything else (an export's ``sql_table`` column is not trusted: the name is rebuilt).
    """
    if not _ISSUE_ID.fullmatch(issue_id or "") or not _TABLE_ID.fullmatch(table_id or ""):
        raise StoreError(f"无效的期号或表号：{issue_id!r} {table_id!r}", f"invalid issue or table id: {issue_id!r} {table_id!r}")
    return f"t_{issue_id}_{table_id}"


_OWN_COLUMNS = ("row_key", "position", "kind", "first_line", "last_line")


def column_names(columns: list[str]) -> list[str]:
    """SQL column names for a table's headers: readable, unique, never our own fields.

    Unique without regard to case: SQLite takes ``Total`` and ``TOTAL`` for one column.
    """
    out: list[str] = []
    seen: set[str] = set()
    for i, c in enumerate(columns):
        name = re.sub(r"[\s\"'`\[\]]+", "", c) or f"列{i + 1}"
        while name.casefold() in seen or name.casefold() in _OWN_COLUMNS:
            name = f"{name}_{i + 1}"
        seen.add(name.casefold())
        out.append(name)
    return out


def create_wide_table(conn: sqlite3.Connection, name: str, columns: list[str]) -> list[str]:
    cols = column_names(columns)
    body = ", ".join(f'"{c}" TEXT' for c in cols)
    conn.execute(f'CREATE TABLE IF NOT EXISTS "{name}" (row_key TEXT PRIMARY KEY, position INTEGER NOT NULL, '
                 f'kind TEXT NOT NULL, first_line INTEGER NOT NULL, last_line INTEGER NOT NULL'
                 + (f", {body}" if body else "") + ")")
    return cols


def export_store(store: "Store", out: str | None, csv_dir: str | None = None, xlsx: str | None = None,
                 progress: Callable[[int, int], None] | None = None, force: bool = False) -> ExportResult:
    """Write the export to ``out`` (and/or CSV files, an XLSX workbook), each atomically.

    Every output path is checked before anything is written (:mod:`.atomic`): never the
    store itself, never the same file twice, an existing output replaced only with
    ``force``. Without ``out`` the SQLite export is a temporary step removed afterwards.
    """
    protected = store_files(store.path)
    out_abs = check_output(out, force=force, protected=protected) if out else None
    xlsx_abs = check_output(xlsx, force=force, protected=protected) if xlsx else None
    csv_abs = check_output(csv_dir, force=force, protected=protected, folder=True) if csv_dir else None
    check_distinct([out, xlsx, csv_dir])
    with tempfile.TemporaryDirectory(prefix="proofreader-export-") as scratch:
        if out_abs is None:
            db_path = os.path.join(scratch, "export.sqlite")
            result = _write_file(store, db_path, progress)
        else:
            with atomic_file(out_abs, force=force) as tmp:
                result = _write_file(store, tmp, progress)
            db_path = out_abs
        result.path = out_abs or ""
        if csv_abs or xlsx_abs:
            result.csv_files, result.xlsx = _tabular(db_path, csv_abs, xlsx_abs, force)
    return result


def _write_file(store: "Store", path: str, progress: Callable[[int, int], None] | None) -> ExportResult:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        return _write(store, conn, progress)
    finally:
        conn.close()


def _write(store: "Store", conn: sqlite3.Connection, progress: Callable[[int, int], None] | None) -> ExportResult:
    src = store.conn
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.executescript(EXPORT_DDL)  # executescript commits: run it before the transaction
    conn.execute("BEGIN")
    issues = [dict(r) for r in src.execute("SELECT * FROM issues ORDER BY imported_at")]
    total = max(1, len(issues))
    n_tables = n_corr = 0
    operators: set[str] = set()
    for k, info in enumerate(issues):
        iid = info["issue_id"]
        state = store._state(iid)
        conn.execute("INSERT INTO issues VALUES (?,?,?,?,?,?,?)", (iid, info["name"], info["sha256"], info["encoding"],
                                                                    info["line_count"], info["imported_at"],
                                                                    info["supersedes"]))
        conn.executemany("INSERT INTO documents SELECT ?,?,?,?,?,?,?", (
            (iid, r["doc_index"], r["title"], r["doc_number"], r["date"], r["first_line"], r["last_line"])
            for r in src.execute("SELECT * FROM documents WHERE issue_id = ?", (iid,))))
        conn.executemany("INSERT INTO source_lines VALUES (?,?,?,?)", (
            (iid, n, text, state.fixed.get(n)) for n, text in enumerate(state.issue.lines, 1)))
        original = {(r["table_id"], r["row_key"]): (json.loads(r["cells"]), r["position"])
                    for r in src.execute("SELECT table_id, row_key, cells, position FROM parsed_rows WHERE issue_id = ?",
                                         (iid,))}
        review = {r["table_id"]: dict(r) for r in src.execute("SELECT * FROM review WHERE issue_id = ?", (iid,))}
        for t in state.issue.tables:
            n_tables += 1
            found = state.revalidator.findings(t.id)
            r = review.get(t.id, {"status": "todo", "operator": "", "at": ""})
            name = sql_table_name(iid, t.id)
            conn.execute("INSERT INTO parsed_tables VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", (
                iid, t.id, name, t.title, t.first_line, t.last_line, t.layout, json.dumps(t.columns, ensure_ascii=False),
                r["status"], r["operator"], r["at"], sum(f.severity == "error" for f in found),
                sum(f.severity == "warning" for f in found)))
            cols = create_wide_table(conn, name, t.columns)
            present = set()
            for pos, row in enumerate(t.rows):
                present.add(row.key)
                orig = original.get((t.id, row.key))
                state_ = "inserted" if orig is None else ("corrected" if orig[0] != row.cells else "original")
                conn.execute("INSERT INTO table_rows VALUES (?,?,?,?,?,?,?,?,?)", (
                    iid, t.id, row.key, pos, row.kind, row.level, row.first_line, row.last_line, state_))
                cells = row.cells + [""] * (len(t.columns) - len(row.cells))
                for c, name_c in enumerate(t.columns):
                    o = orig[0][c] if orig is not None and c < len(orig[0]) else None
                    conn.execute("INSERT INTO cells VALUES (?,?,?,?,?,?,?)",
                                 (iid, t.id, row.key, c, name_c, o, cells[c]))
                conn.execute(f'INSERT INTO "{name}" VALUES ({",".join("?" * (5 + len(cols)))})',
                             [row.key, pos, row.kind, row.first_line, row.last_line] + cells[:len(cols)])
            for (tid, key), (cells_o, pos) in original.items():
                if tid == t.id and key not in present:  # a deleted row keeps its original, corrected NULL
                    conn.execute("INSERT INTO table_rows VALUES (?,?,?,?,?,?,?,?,?)",
                                 (iid, t.id, key, pos, "data", 0, 0, 0, "deleted"))
                    for c, name_c in enumerate(t.columns):
                        conn.execute("INSERT INTO cells VALUES (?,?,?,?,?,?,?)",
                                     (iid, t.id, key, c, name_c, cells_o[c] if c < len(cells_o) else None, None))
            conn.executemany("INSERT INTO findings VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", (
                (iid, t.id, s, f.rule, f.severity, f.line, f.row_line, f.column,
                 None if f.stated is None else str(f.stated), None if f.actual is None else str(f.actual),
                 f.message, f.message_en, f.suggestion) for s, f in enumerate(found)))
        uuids = {r["id"]: r["uuid"] for r in src.execute("SELECT id, uuid FROM corrections WHERE issue_id = ?", (iid,))}
        for r in src.execute("SELECT * FROM corrections WHERE issue_id = ? ORDER BY id", (iid,)):
            n_corr += 1
            operators.add(r["operator"])
            conn.execute("INSERT INTO audit VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", (
                r["uuid"], iid, r["table_id"], r["kind"], r["action"], uuids.get(r["target"]), r["payload"],
                r["old_value"], r["new_value"], r["operator"], r["at"], r["reason"]))
        conn.executemany("INSERT OR IGNORE INTO review_log VALUES (?,?,?,?,?)", (
            (iid, r["table_id"], r["status"], r["operator"], r["at"])
            for r in src.execute("SELECT * FROM review_log WHERE issue_id = ?", (iid,))))
        operators.update(r["operator"] for r in src.execute(
            "SELECT DISTINCT operator FROM review_log WHERE issue_id = ?", (iid,)))
        if progress:
            progress(k + 1, total)
    digest = checksum(conn)
    info = {"format": "gazette-proofreader-export", "format_version": str(EXPORT_VERSION), "tool_version": __version__,
            "exported_at": now(), "operators": json.dumps(sorted(o for o in operators if o), ensure_ascii=False),
            "source_store": os.path.basename(store.path), "checksum_sha256": digest}
    conn.executemany("INSERT INTO export_info VALUES (?, ?)", info.items())
    conn.execute(f"PRAGMA application_id = {EXPORT_APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {EXPORT_VERSION}")
    conn.execute("COMMIT")
    ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if ok != "ok":
        raise StoreError(f"导出文件自检失败：{ok}", f"the export failed its integrity check: {ok}")
    return ExportResult("", len(issues), n_tables, n_corr, digest, [], None)


def _tabular(path: str, csv_dir: str | None, xlsx: str | None, force: bool = False) -> tuple[list[str], str | None]:
    """CSV (UTF-8 with BOM, for Excel on Chinese Windows) and XLSX of the corrected tables."""
    conn = sqlite3.connect(Path(path).as_uri() + "?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        tables = [dict(r) for r in conn.execute("SELECT p.*, i.name AS issue_name FROM parsed_tables p "
                                                "JOIN issues i USING (issue_id) ORDER BY issue_id, first_line")]
        frames: list[tuple[str, list[str], list[list[Any]]]] = []
        for t in tables:
            cols = json.loads(t["columns"])
            rows = [list(r)[5:] for r in conn.execute(f'SELECT * FROM "{t["sql_table"]}" ORDER BY position')]
            kinds = [r[0] for r in conn.execute(f'SELECT kind FROM "{t["sql_table"]}" ORDER BY position')]
            header = ["类型"] + cols
            body = [[k] + r for k, r in zip(kinds, rows)]
            frames.append((t["sql_table"], header, body))
        files: list[str] = []
        if csv_dir:
            with atomic_folder(csv_dir, force=force) as tmp_dir:
                for t, (name, header, body) in zip(tables, frames):
                    with open(os.path.join(tmp_dir, f"{name}.csv"), "w", encoding="utf-8-sig", newline="") as fh:
                        w = csv.writer(fh)
                        w.writerow([f"{t['issue_name']} · {t['title']}"])
                        w.writerow(header)
                        w.writerows(body)
                    files.append(os.path.join(csv_dir, f"{name}.csv"))
        if xlsx:
            with atomic_file(xlsx, force=force) as tmp:
                _write_xlsx(tmp, tables, frames)
        return files, xlsx
    finally:
        conn.close()


def _write_xlsx(path: str, tables: list[dict[str, Any]], frames: Iterable[tuple[str, list[str], list[list[Any]]]]) -> None:
    import pandas as pd  # only this command needs pandas

    # Built in memory, then written in one go: a full disk fails in our own write() (one clean
    # error) instead of inside zipfile, whose half-closed archive would complain again when collected.
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        index = pd.DataFrame([{"工作表": t["sql_table"], "期": t["issue_name"], "表": t["title"],
                               "行": f"{t['first_line']}-{t['last_line']}", "校对状态": t["status"],
                               "错误": t["errors"], "警告": t["warnings"]} for t in tables])
        index.to_excel(writer, sheet_name="目录", index=False)
        for name, header, body in frames:
            pd.DataFrame(body, columns=_unique(header)).to_excel(writer, sheet_name=name[:31], index=False)
    with open(path, "wb") as fh:
        fh.write(buffer.getbuffer())


def _unique(names: list[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        m = n
        k = 2
        while m in out:
            m = f"{n}_{k}"
            k += 1
        out.append(m)
    return out
