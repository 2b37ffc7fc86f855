"""Merging proofreaders' exports into the central office's file.

Every export is read and checked in full (:mod:`export_read`) before the central file is
opened for writing; then all of them go in with one transaction. What the central file
shows is a function of the SET of exports merged — for each issue the latest trail of
each store (an export whose trail another export contains is superseded), combined item
by item — so any order, and merging a file twice, give the same central file. Items two
stores left different are conflicts, kept with both sides; nothing is overwritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ProofreaderError, StoreError
from . import codec, signing
from .central import CENTRAL_DDL, CENTRAL_VERSION, Conflict, list_conflicts, refresh_conflicts, replay_opinions
from .export_format import EXPORT_APPLICATION_ID
from .atomic import same_file
from .export_read import CheckedExport, read_export
from .schema import APPLICATION_ID, SCHEMA_VERSION, now
from .untrusted import open_untrusted

if TYPE_CHECKING:
    from .store import Store


@dataclass
class MergeResult:
    merged: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    #: exports whose work a newer export of the same store already holds
    superseded: list[str] = field(default_factory=list)
    corrections_added: int = 0
    #: open conflicts of the issues the merge touched
    conflicts: list[Conflict] = field(default_factory=list)
    unsigned: list[str] = field(default_factory=list)


def central_keys(path: str) -> dict[str, bytes]:
    """Installation keys the central file trusts, plus this installation's own."""
    own = signing.installation_key()
    keys = {signing.key_id(own): own}
    if os.path.exists(path) and os.path.getsize(path) > 0:
        conn = open_central_readonly(path)
        try:
            for kid, hexkey in conn.execute("SELECT key_id, key_hex FROM central_installations"):
                keys[kid] = bytes.fromhex(hexkey)
        finally:
            conn.close()
    return keys


def open_central_readonly(path: str) -> sqlite3.Connection:
    """A central file opened read-only and checked (no triggers, views; ours; a central file)."""
    # The application id read through SQLite, never with open(): the file may be open in a
    # window of this process, and closing another handle on it would drop that window's locks.
    if _application_id(path) == EXPORT_APPLICATION_ID:
        raise StoreError(f"{path} 是导出文件或旧格式（版本 1）的中心汇总文件：请把各校对人的导出文件合并到一个新的中心文件",
                         f"{path} is an export or a central file of the old format (1): merge the proofreaders' "
                         "exports into a new central file")
    conn = open_untrusted(path, APPLICATION_ID, SCHEMA_VERSION, {}, "中心汇总文件")
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path} 已损坏或无法读取：{exc}", f"{path} is damaged or unreadable: {exc}") from None
    if "central_info" not in tables:
        conn.close()
        raise StoreError(f"{path} 是本地数据库，不是中心汇总文件", f"{path} is a local store, not a central file")
    return conn


def _application_id(path: str) -> int | None:
    """``PRAGMA application_id`` of an SQLite file (read-only), None if SQLite cannot read it."""
    try:
        probe = sqlite3.connect(Path(os.path.abspath(path)).as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return probe.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.DatabaseError:
        return None
    finally:
        probe.close()


def open_central(into: str) -> "Store":
    """The central file ``into`` for writing, created (empty) if missing."""
    from .store import _Tx, open_store

    created = not (os.path.exists(into) and os.path.getsize(into) > 0)
    if not created:
        open_central_readonly(into).close()
    store = open_store(into)
    if created:
        try:
            with _Tx(store.conn):
                for stmt in CENTRAL_DDL.split(";"):
                    if stmt.strip():
                        store.conn.execute(stmt)
                store.conn.execute("INSERT INTO central_info (key, value) VALUES ('central_version', ?), "
                                   "('created_at', ?)", (str(CENTRAL_VERSION), now()))
        except BaseException:
            store.close()
            raise
        store.is_central = True
        store._data_version = store._version()
    return store


def merge_exports(into: str, exports: "list[str | CheckedExport]") -> MergeResult:
    """Merge ``exports`` (paths, or exports already read) into the central file ``into``
    (created if missing), all in one transaction: a file refused anywhere in the list
    leaves the central file as it was. Files are read one at a time (memory stays that of
    one export, whatever their number) and each is checked in full before any of it is used."""
    for item in exports:
        p = item.path if isinstance(item, CheckedExport) else item
        if same_file(into, p):
            raise StoreError(f"汇总文件不能同时是输入：{p}", f"the central file cannot also be an input: {p}")
    keys = central_keys(into)
    created = not (os.path.exists(into) and os.path.getsize(into) > 0)
    store = open_central(into)
    result = MergeResult()
    try:
        conn = store.conn
        affected: set[str] = set()
        merged: list[tuple[str, str]] = []
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("PRAGMA defer_foreign_keys = ON")
            seen: set[str] = set()
            bases: dict[str, dict[str, Any]] = {}
            for item in exports:
                ce = item if isinstance(item, CheckedExport) else read_export(item, keys)
                if ce.digest in seen or conn.execute("SELECT 1 FROM central_exports WHERE digest = ?",
                                                     (ce.digest,)).fetchone():
                    result.already.append(ce.path)
                    continue
                seen.add(ce.digest)
                affected |= _insert_export(conn, ce, result, bases)
                merged.append((ce.path, ce.digest))
                result.merged.append(ce.path)
                if not ce.installation:
                    result.unsigned.append(ce.path)
                del ce
            new = {d for _p, d in merged}
            changed = [iid for iid in sorted(affected) if _recombine(conn, iid, new)]
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, ProofreaderError):
                raise
            if isinstance(exc, sqlite3.OperationalError) and "full" in str(exc).lower():
                raise StoreError("磁盘已满：未汇总，中心文件未改动",
                                 "the disk is full: nothing was merged; the central file is unchanged") from None
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"合并失败，中心文件未作改动：{exc}", f"the merge failed, the central file is unchanged: {exc}") \
                    from None
            raise
        for path, digest in merged:
            if all(not r[0] for r in conn.execute("SELECT active FROM central_contributions WHERE digest = ?",
                                                  (digest,))):
                result.superseded.append(path)
        store.refresh_cache(changed)
        result.conflicts = list_conflicts(conn, store.effective_corrections())
    except BaseException:
        store.close()
        if created:
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(into + suffix):
                    os.unlink(into + suffix)
        raise
    store.close()
    return result


#: kept for callers that read the exports themselves (the property test)
merge_checked = merge_exports


def _parse_hash(ce: CheckedExport, iid: str) -> str:
    h = hashlib.sha256()
    t = ce.data.tables
    for name, cols in (("source_lines", ("line", "original")),
                       ("parsed_tables", ("table_id", "position", "title", "first_line", "last_line", "layout",
                                          "columns", "meta")),
                       ("parsed_rows", ("table_id", "row_key", "position", "kind", "level", "first_line", "last_line",
                                        "cells", "flags", "raw_cells"))):
        h.update(f"#{name}\n".encode("ascii"))
        rows = sorted([r[c] for c in cols] for r in t[name] if r["issue_id"] == iid)
        h.update(json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return h.hexdigest()


def _insert_export(conn: sqlite3.Connection, ce: CheckedExport, result: MergeResult,
                   bases: dict[str, dict[str, Any]]) -> set[str]:
    t = ce.data.tables
    name = os.path.basename(ce.path)
    info = ce.data.info
    conn.execute("INSERT INTO central_exports (digest, file, installation, format_version, exported_at, operators, "
                 "merged_at) VALUES (?,?,?,?,?,?,?)",
                 (ce.digest, name, ce.installation, ce.data.file_version, info.get("exported_at", ""),
                  info.get("operators", "[]"), now()))
    affected = set()
    for issue in t["issues"]:
        iid = issue["issue_id"]
        affected.add(iid)
        ph = _parse_hash(ce, iid)
        have = conn.execute("SELECT parse_sha256 FROM central_parse WHERE issue_id = ?", (iid,)).fetchone()
        if have is not None and have[0] != ph:
            raise StoreError(f"{name}：{issue['name']} 的解析结果与中心文件中的不同（可能来自另一版本的工具），未合并",
                             f"{name}: the parse of {issue['name']} differs from the central file's (another version "
                             "of the tool?); nothing merged")
        if have is None:
            _insert_issue(conn, ce, issue, ph)
    uuids_by_issue: dict[str, list[str]] = {}
    for a in t["audit"]:
        uuids_by_issue.setdefault(a["issue_id"], []).append(a["uuid"])
        old = conn.execute("SELECT issue_id, table_id, kind, action, target_uuid, payload, operator, at, seq "
                           "FROM central_trail WHERE uuid = ?", (a["uuid"],)).fetchone()
        mine = (a["issue_id"], a["table_id"], a["kind"], a["action"], a["target_uuid"], a["payload"], a["operator"],
                a["at"], a["seq"])
        if old is None:
            conn.execute("INSERT INTO central_trail (uuid, seq, issue_id, table_id, kind, action, target_uuid, payload, "
                         "old_value, new_value, operator, at, reason) VALUES (:uuid, :seq, :issue_id, :table_id, :kind, "
                         ":action, :target_uuid, :payload, :old_value, :new_value, :operator, :at, :reason)", a)
            result.corrections_added += 1
        elif tuple(old) != mine:
            raise StoreError(f"{name}：更正记录 {a['uuid']} 与已合并的同一记录内容不同，未合并",
                             f"{name}: audit record {a['uuid']} differs from the one merged before; nothing merged")
    review_by_issue: dict[str, list[str]] = {}
    for r in t["review_log"]:
        review_by_issue.setdefault(r["issue_id"], []).append(f"r|{r['table_id']}|{r['at']}|{r['operator']}|{r['status']}")
        if not conn.execute("SELECT 1 FROM review_log WHERE issue_id = ? AND table_id = ? AND status = ? AND operator = ? "
                            "AND at = ?", (r["issue_id"], r["table_id"], r["status"], r["operator"], r["at"])).fetchone():
            conn.execute("INSERT INTO review_log (issue_id, table_id, status, operator, at) VALUES (?,?,?,?,?)",
                         (r["issue_id"], r["table_id"], r["status"], r["operator"], r["at"]))
    by_uuid = {a["uuid"]: a for a in t["audit"]}
    for iid in sorted(affected):
        trail = sorted(uuids_by_issue.get(iid, []) + review_by_issue.get(iid, []))
        conn.execute("INSERT INTO central_contributions (issue_id, digest, trail, size, active) VALUES (?,?,?,?,0)",
                     (iid, ce.digest, json.dumps(trail), len(trail)))
        # What this export left in each item it touched: its trail replayed on the print.
        if iid not in bases:
            bases[iid] = _base_tables(conn, iid)
        records = sorted((by_uuid[u] for u in uuids_by_issue.get(iid, [])), key=lambda r: (r["seq"], r["at"], r["uuid"]))
        nlines = conn.execute("SELECT line_count FROM issues WHERE issue_id = ?", (iid,)).fetchone()[0]
        try:
            opinions, final = replay_opinions(bases[iid], nlines, records)
        except ProofreaderError as exc:
            raise StoreError(f"{name}：更正记录无法在原件上重放（{exc.message}），未合并",
                             f"{name}: its corrections do not replay on the print ({exc.message_en}); nothing merged") \
                from None
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
            raise StoreError(f"{name}：更正记录无法在原件上重放（{exc}），未合并",
                             f"{name}: its corrections do not replay on the print ({exc}); nothing merged") from None
        _same_as_exported(ce, iid, final, name)
        conn.executemany("INSERT INTO central_opinions (issue_id, item, digest, value, operator, at) VALUES (?,?,?,?,?,?)",
                         ((iid, item, ce.digest, o.value, o.operator, o.at) for item, o in opinions.items()))
    return affected


def _insert_issue(conn: sqlite3.Connection, ce: CheckedExport, issue: dict[str, Any], parse_hash: str) -> None:
    iid = issue["issue_id"]
    t = ce.data.tables
    conn.execute("INSERT INTO central_parse (issue_id, parse_sha256) VALUES (?, ?)", (iid, parse_hash))
    conn.execute("INSERT INTO issues (issue_id, name, path, sha256, encoding, line_count, imported_at, operator, "
                 "supersedes) VALUES (:issue_id, :name, '', :sha256, :encoding, :line_count, :imported_at, '', "
                 ":supersedes)", issue)
    conn.executemany("INSERT INTO source_lines (issue_id, line, text) VALUES (:issue_id, :line, :original)",
                     (r for r in t["source_lines"] if r["issue_id"] == iid))
    conn.executemany("INSERT INTO documents (issue_id, doc_index, title, doc_number, date, first_line, last_line) "
                     "VALUES (:issue_id, :doc_index, :title, :doc_number, :date, :first_line, :last_line)",
                     (r for r in t["documents"] if r["issue_id"] == iid))
    conn.executemany("INSERT INTO parsed_tables (issue_id, table_id, position, title, first_line, last_line, layout, "
                     "columns, meta) VALUES (:issue_id, :table_id, :position, :title, :first_line, :last_line, :layout, "
                     ":columns, :meta)", (r for r in t["parsed_tables"] if r["issue_id"] == iid))
    conn.executemany("INSERT INTO parsed_rows (issue_id, table_id, row_key, position, kind, level, first_line, "
                     "last_line, cells, flags, raw_cells) VALUES (:issue_id, :table_id, :row_key, :position, :kind, "
                     ":level, :first_line, :last_line, :cells, :flags, :raw_cells)",
                     (r for r in t["parsed_rows"] if r["issue_id"] == iid))
    conn.executemany("INSERT INTO entity_names (issue_id, name, n) VALUES (:issue_id, :name, :n)",
                     (r for r in t["entity_names"] if r["issue_id"] == iid))
    conn.executemany("INSERT INTO review (issue_id, table_id, status, operator, at) VALUES (?, ?, 'todo', '', ?)",
                     ((iid, r["table_id"], issue["imported_at"]) for r in t["parsed_tables"] if r["issue_id"] == iid))


def _base_tables(conn: sqlite3.Connection, iid: str) -> dict[str, Any]:
    conn.row_factory = sqlite3.Row
    rows: dict[str, list[dict[str, Any]]] = {}
    for r in conn.execute("SELECT * FROM parsed_rows WHERE issue_id = ? ORDER BY table_id, position", (iid,)):
        rows.setdefault(r["table_id"], []).append(dict(r))
    return {t["table_id"]: codec.table_from_records(dict(t), rows.get(t["table_id"], []))
            for t in conn.execute("SELECT * FROM parsed_tables WHERE issue_id = ? ORDER BY position", (iid,))}


_STATUS_ORDER = {"todo": 0, "in_progress": 1, "proofread": 2, "approved": 3}


def _recombine(conn: sqlite3.Connection, iid: str, new: set[str]) -> bool:
    """Which contributions of ``iid`` are the latest, the conflicts and the review status:
    all from the set of contributions, whatever order they came in. True if anything the
    central file shows changed."""
    contribs = [(r[0], frozenset(json.loads(r[1])), r[2]) for r in conn.execute(
        "SELECT digest, trail, active FROM central_contributions WHERE issue_id = ?", (iid,))]
    fresh = [c for c in contribs if c[0] in new]
    changed = False
    for digest, trail, was_active in contribs:
        if digest not in new and not was_active:
            continue  # superseded stays superseded: contributions are only ever added
        # A new one against all; one that was active only against the new ones (linear in
        # the number merged, not quadratic).
        against = contribs if digest in new else fresh
        superseded = any((trail < other) or (trail == other and d2 < digest)
                         for d2, other, _a in against if d2 != digest)
        active = 0 if superseded else 1
        if active != was_active:
            changed = True
            conn.execute("UPDATE central_contributions SET active = ? WHERE issue_id = ? AND digest = ?",
                         (active, iid, digest))
    if changed:
        refresh_conflicts(conn, iid, _base_tables(conn, iid))
    latest: dict[str, tuple] = {}
    for r in conn.execute("SELECT table_id, status, operator, at FROM review_log WHERE issue_id = ?", (iid,)):
        key = (r[3], _STATUS_ORDER.get(r[1], 0), r[2])
        if r[0] not in latest or key > latest[r[0]][0]:
            latest[r[0]] = (key, r[1], r[2], r[3])
    for tid, (_k, status, op, at) in latest.items():
        changed |= conn.execute("UPDATE review SET status = ?, operator = ?, at = ? WHERE issue_id = ? AND table_id = ? "
                                "AND (status, operator, at) IS NOT (?, ?, ?)",
                                (status, op, at, iid, tid, status, op, at)).rowcount > 0
    return changed


def _same_as_exported(ce: CheckedExport, iid: str, final: dict[str, Any], file: str) -> None:
    """The export's current cells are what its trail gives on the print (else the file
    was made up: its cells say one thing and its audit trail another)."""
    want: dict[tuple[str, str, int], str | None] = {}
    for c in ce.data.tables["cells"]:
        if c["issue_id"] == iid and c["corrected"] is not None:
            want[(c["table_id"], c["row_key"], c["column_index"])] = c["corrected"]
    got: dict[tuple[str, str, int], str] = {}
    for tid, table in final.items():
        for row in table.rows:
            for i in range(len(table.columns)):
                got[(tid, row.key, i)] = row.cells[i] if i < len(row.cells) else ""
    if got != want:
        raise StoreError(f"{file}：表格内容与其更正记录不符，未合并",
                         f"{file}: its tables do not match its audit trail; nothing merged")
