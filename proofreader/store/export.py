"""The export for the central office: one self-contained SQLite file.

Plain ``sqlite3`` can query it without our code: issues, documents, the source lines
(original and fixed), every cell with its original and corrected value, one wide
table per parsed table with named columns, the audit trail, the findings at export
time, review status, and provenance with a checksum of the content.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from .. import __version__
from ..errors import StoreError
from .atomic import atomic_file, check_distinct, check_output, store_files
from .schema import now

if TYPE_CHECKING:
    from .store import Store

from . import signing
from .export_format import (BY_NAME, EXPORT_APPLICATION_ID, EXPORT_VERSION, ddl, digest, quote, wide_columns,
                            wide_table_name)


#: The names other modules and tests know them by.
sql_table_name = wide_table_name
column_names = wide_columns


@dataclass
class ExportResult:
    path: str
    issues: int
    tables: int
    corrections: int
    checksum: str
    csv_files: list[str]
    xlsx: str | None


def create_wide_table(conn: sqlite3.Connection, name: str, columns: list[str]) -> list[str]:
    """The readable table of one parsed table, its columns named by the table's headers."""
    cols = wide_columns(columns)
    body = "".join(f", {quote(c)} TEXT" for c in cols)
    conn.execute(f"CREATE TABLE {quote(name)} (row_key TEXT PRIMARY KEY, position INTEGER NOT NULL, "
                 f"kind TEXT NOT NULL, first_line INTEGER NOT NULL, last_line INTEGER NOT NULL{body})")
    return cols


def export_store(store: "Store", out: str | None, csv_dir: str | None = None, xlsx: str | None = None,
                 progress: Callable[[int, int], None] | None = None, force: bool = False,
                 issue_id: str | None = None, table_id: str | None = None) -> ExportResult:
    """Write the export for the central office to ``out`` and/or the office files (CSV
    folder, XLSX workbook) of the store's current tables, each atomically.

    Every output path is checked before anything is written (:mod:`.atomic`): never the
    store itself, never the same file twice, an existing output replaced only with
    ``force``. ``issue_id``/``table_id`` narrow the office files to one issue or table.
    """
    protected = store_files(store.path)
    out_abs = check_output(out, force=force, protected=protected) if out else None
    xlsx_abs = check_output(xlsx, force=force, protected=protected) if xlsx else None
    csv_abs = check_output(csv_dir, force=force, protected=protected, folder=True) if csv_dir else None
    check_distinct([out, xlsx, csv_dir])
    if out_abs and store.is_central:
        raise StoreError("中心汇总文件不能再导出为校对文件：请直接转交该文件，或导出 XLSX/CSV",
                         "a central file is not exported for merging: hand on the file itself, or export XLSX/CSV")
    result = ExportResult("", 0, 0, 0, "", [], None)
    if out_abs:
        key = signing.installation_key()
        with atomic_file(out_abs, force=force) as tmp:
            conn = sqlite3.connect(tmp, isolation_level=None)
            try:
                result = _write(store, conn, key, progress)
            finally:
                conn.close()
        result.path = out_abs
    if csv_abs or xlsx_abs:
        from .office import write_office

        office = write_office(store, csv_dir=csv_abs, xlsx=xlsx_abs, issue_id=issue_id, table_id=table_id,
                              progress=None if out_abs else progress, force=force)
        result.csv_files, result.xlsx = office.csv_files, office.xlsx
        if not out_abs:
            result.issues, result.tables, result.corrections = office.issues, office.tables, office.corrections
    return result


def write_small_file(path: str, text: str, force: bool = False) -> None:
    """A small text file written whole or not at all."""
    out = check_output(path, force=force)
    with atomic_file(out, force=force) as tmp:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)


def export_rows(store: "Store", progress: Callable[[int, int], None] | None = None) -> tuple[dict[str, list[dict[str, Any]]], set[str]]:
    """The export's content from a store: table name -> rows by column name."""
    src = store.conn
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in BY_NAME if t != "export_info"}
    operators: set[str] = set()
    issues = [dict(r) for r in src.execute("SELECT * FROM issues ORDER BY imported_at, issue_id")]
    total = max(1, len(issues))
    for k, info in enumerate(issues):
        iid = info["issue_id"]
        state = store._state(iid)
        out["issues"].append({c: info[c] for c in BY_NAME["issues"].names})
        out["documents"] += [{"issue_id": iid, **{c: r[c] for c in BY_NAME["documents"].names[1:]}}
                             for r in src.execute("SELECT * FROM documents WHERE issue_id = ?", (iid,))]
        out["source_lines"] += [{"issue_id": iid, "line": n, "original": text, "fixed": state.fixed.get(n)}
                                for n, text in enumerate(state.issue.lines, 1)]
        out["entity_names"] += [{"issue_id": iid, "name": r["name"], "n": r["n"]}
                                for r in src.execute("SELECT name, n FROM entity_names WHERE issue_id = ?", (iid,))]
        parsed = [dict(r) for r in src.execute("SELECT * FROM parsed_rows WHERE issue_id = ? ORDER BY table_id, position",
                                              (iid,))]
        out["parsed_rows"] += [{c: r[c] for c in BY_NAME["parsed_rows"].names} for r in parsed]
        original = {(r["table_id"], r["row_key"]): (json.loads(r["cells"]), r["position"]) for r in parsed}
        review = {r["table_id"]: dict(r) for r in src.execute("SELECT * FROM review WHERE issue_id = ?", (iid,))}
        meta = {r["table_id"]: dict(r) for r in src.execute("SELECT table_id, position, meta FROM parsed_tables "
                                                            "WHERE issue_id = ?", (iid,))}
        for t in state.issue.tables:
            found = state.revalidator.findings(t.id)
            r = review.get(t.id, {"status": "todo", "operator": "", "at": ""})
            out["parsed_tables"].append({
                "issue_id": iid, "table_id": t.id, "position": meta[t.id]["position"],
                "sql_table": wide_table_name(iid, t.id), "title": t.title, "first_line": t.first_line,
                "last_line": t.last_line, "layout": t.layout, "columns": json.dumps(t.columns, ensure_ascii=False),
                "meta": meta[t.id]["meta"], "status": r["status"], "status_by": r["operator"], "status_at": r["at"],
                "errors": sum(f.severity == "error" for f in found),
                "warnings": sum(f.severity == "warning" for f in found)})
            present = set()
            for pos, row in enumerate(t.rows):
                present.add(row.key)
                orig = original.get((t.id, row.key))
                state_ = "inserted" if orig is None else ("corrected" if orig[0] != row.cells else "original")
                out["table_rows"].append({"issue_id": iid, "table_id": t.id, "row_key": row.key, "position": pos,
                                          "kind": row.kind, "level": row.level, "first_line": row.first_line,
                                          "last_line": row.last_line, "state": state_})
                cells = row.cells + [""] * (len(t.columns) - len(row.cells))
                for c, name_c in enumerate(t.columns):
                    o = orig[0][c] if orig is not None and c < len(orig[0]) else None
                    out["cells"].append({"issue_id": iid, "table_id": t.id, "row_key": row.key, "column_index": c,
                                         "column_name": name_c, "original": o, "corrected": cells[c]})
            for (tid, key), (cells_o, pos) in original.items():
                if tid == t.id and key not in present:  # a deleted row keeps its original, corrected NULL
                    out["table_rows"].append({"issue_id": iid, "table_id": t.id, "row_key": key, "position": pos,
                                              "kind": "data", "level": 0, "first_line": 0, "last_line": 0,
                                              "state": "deleted"})
                    for c, name_c in enumerate(t.columns):
                        out["cells"].append({"issue_id": iid, "table_id": t.id, "row_key": key, "column_index": c,
                                             "column_name": name_c, "original": cells_o[c] if c < len(cells_o) else None,
                                             "corrected": None})
            out["findings"] += [{"issue_id": iid, "table_id": t.id, "seq": s, "rule": f.rule, "severity": f.severity,
                                 "line": f.line, "row_line": f.row_line, "col": f.column,
                                 "stated": None if f.stated is None else str(f.stated),
                                 "actual": None if f.actual is None else str(f.actual), "message": f.message,
                                 "message_en": f.message_en, "suggestion": f.suggestion} for s, f in enumerate(found)]
        uuids = {r["id"]: r["uuid"] for r in src.execute("SELECT id, uuid FROM corrections WHERE issue_id = ?", (iid,))}
        for r in src.execute("SELECT * FROM corrections WHERE issue_id = ? ORDER BY id", (iid,)):
            operators.add(r["operator"])
            out["audit"].append({"uuid": r["uuid"], "seq": r["id"], "issue_id": iid, "table_id": r["table_id"],
                                 "kind": r["kind"], "action": r["action"], "target_uuid": uuids.get(r["target"]),
                                 "payload": r["payload"], "old_value": r["old_value"], "new_value": r["new_value"],
                                 "operator": r["operator"], "at": r["at"], "reason": r["reason"]})
        seen = set()
        for r in src.execute("SELECT * FROM review_log WHERE issue_id = ? ORDER BY id", (iid,)):
            key = (r["table_id"], r["at"], r["operator"], r["status"])
            if key not in seen:
                seen.add(key)
                out["review_log"].append({"issue_id": iid, "table_id": r["table_id"], "status": r["status"],
                                          "operator": r["operator"], "at": r["at"]})
            operators.add(r["operator"])
        if progress:
            progress(k + 1, total)
    return out, operators


def _write(store: "Store", conn: sqlite3.Connection, key: bytes,
           progress: Callable[[int, int], None] | None) -> ExportResult:
    tables, operators = export_rows(store, progress)
    info = {"format": "gazette-proofreader-export", "format_version": str(EXPORT_VERSION), "tool_version": __version__,
            "exported_at": now(), "operators": json.dumps(sorted(o for o in operators if o), ensure_ascii=False),
            "source_store": os.path.basename(store.path), "installation": signing.key_id(key)}
    d = digest(info, tables)
    info["digest_sha256"] = d
    info["signature_hmac"] = signing.sign(key, d)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("BEGIN")
    for stmt in ddl():
        conn.execute(stmt)
    conn.executemany(BY_NAME["export_info"].insert_sql(), [{"key": k, "value": v} for k, v in info.items()])
    for name, rows in tables.items():
        conn.executemany(BY_NAME[name].insert_sql(), rows)
    by_table: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in tables["table_rows"]:
        if r["state"] != "deleted":
            by_table.setdefault((r["issue_id"], r["table_id"]), []).append(r)
    cells: dict[tuple[str, str, str], dict[int, str]] = {}
    for c in tables["cells"]:
        cells.setdefault((c["issue_id"], c["table_id"], c["row_key"]), {})[c["column_index"]] = c["corrected"]
    for t in tables["parsed_tables"]:
        fill_wide_table(conn, t, by_table.get((t["issue_id"], t["table_id"]), []), cells)
    conn.execute(f"PRAGMA application_id = {EXPORT_APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {EXPORT_VERSION}")
    conn.execute("COMMIT")
    ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if ok != "ok":
        raise StoreError(f"导出文件自检失败：{ok}", f"the export failed its integrity check: {ok}")
    return ExportResult("", len(tables["issues"]), len(tables["parsed_tables"]), len(tables["audit"]), d, [], None)


def fill_wide_table(conn: sqlite3.Connection, t: dict[str, Any], rows: list[dict[str, Any]],
                    cells: dict[tuple[str, str, str], dict[int, str]]) -> None:
    columns = json.loads(t["columns"])
    name = wide_table_name(t["issue_id"], t["table_id"])
    cols = create_wide_table(conn, name, columns)
    names = ["row_key", "position", "kind", "first_line", "last_line"] + cols
    sql = f"INSERT INTO {quote(name)} ({', '.join(quote(n) for n in names)}) VALUES ({', '.join('?' * len(names))})"
    for r in sorted(rows, key=lambda r: r["position"]):
        values = cells.get((t["issue_id"], t["table_id"], r["row_key"]), {})
        conn.execute(sql, [r["row_key"], r["position"], r["kind"], r["first_line"], r["last_line"]]
                     + [values.get(c, "") for c in range(len(cols))])


