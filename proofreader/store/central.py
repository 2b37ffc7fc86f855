"""The central office's file: a store holding every proofreader's latest work, combined.

A central file is an ordinary store (the window, ``check``, ``issues``, ``history`` and
``export --xlsx/--csv`` read it) with these tables besides:

* ``central_exports``: every export merged (digest, file, installation, when);
* ``central_contributions``: per issue and export, the set of audit records and review
  changes it holds (its *trail*). A store's trail only grows, so a newer export of the
  same store holds the older one's trail: an export whose trail is contained in another's
  is superseded. The *active* contributions are the ones no other contains; what the
  central file shows depends on that set only, never on the order of merging;
* ``central_trail``: every audit record of every export (by uuid), for ``history``;
* ``central_opinions``: what each active contribution left in each item it touched (a
  cell, a row's presence, kind, place or flags, a source line), with who and when;
* ``conflicts``: items whose active contributions left different values; the central
  table keeps the printed value there until the office resolves it
  (``central_resolutions`` ties the resolving correction to the sides it saw).

The central office's own corrections (resolutions) are ordinary corrections of the store,
audited and undoable, replayed on top of the combined state.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any, Iterable

from ..corrections import Correction, row_from_dict
from ..errors import CorrectionError
from ..model import Finding, Row, Table

CENTRAL_VERSION = 1

CENTRAL_DDL = """
CREATE TABLE IF NOT EXISTS central_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS central_installations (key_id TEXT PRIMARY KEY, key_hex TEXT NOT NULL,
    name TEXT NOT NULL, added_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS central_exports (digest TEXT PRIMARY KEY, file TEXT NOT NULL, installation TEXT NOT NULL,
    format_version INTEGER NOT NULL, exported_at TEXT NOT NULL, operators TEXT NOT NULL, merged_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS central_parse (issue_id TEXT PRIMARY KEY, parse_sha256 TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS central_contributions (issue_id TEXT NOT NULL, digest TEXT NOT NULL, trail TEXT NOT NULL,
    size INTEGER NOT NULL, active INTEGER NOT NULL, PRIMARY KEY (issue_id, digest));
CREATE TABLE IF NOT EXISTS central_trail (uuid TEXT PRIMARY KEY, seq INTEGER NOT NULL, issue_id TEXT NOT NULL,
    table_id TEXT, kind TEXT NOT NULL, action TEXT NOT NULL, target_uuid TEXT, payload TEXT NOT NULL,
    old_value TEXT, new_value TEXT, operator TEXT NOT NULL, at TEXT NOT NULL, reason TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS central_trail_issue ON central_trail(issue_id, at);
CREATE TABLE IF NOT EXISTS central_opinions (issue_id TEXT NOT NULL, item TEXT NOT NULL, digest TEXT NOT NULL,
    value TEXT NOT NULL, operator TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (issue_id, item, digest));
CREATE TABLE IF NOT EXISTS conflicts (id INTEGER PRIMARY KEY, issue_id TEXT NOT NULL, item TEXT NOT NULL,
    table_id TEXT, row_key TEXT, column_index INTEGER, column_name TEXT NOT NULL, original TEXT,
    sides TEXT NOT NULL, signature TEXT NOT NULL, open INTEGER NOT NULL, UNIQUE (issue_id, item));
CREATE TABLE IF NOT EXISTS central_resolutions (correction_id INTEGER PRIMARY KEY, conflict_id INTEGER NOT NULL,
    signature TEXT NOT NULL);
"""

CENTRAL_TABLES = {"central_info", "central_installations", "central_exports", "central_parse",
                  "central_contributions", "central_trail", "central_opinions", "conflicts", "central_resolutions"}


def is_central(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'central_info'").fetchone() \
        is not None


def item_key(*parts: Any) -> str:
    return json.dumps(list(parts), ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------------------- opinions


def _touches(c: Correction, ncols: dict[str, int]) -> list[list[Any]]:
    """The items a correction touches (see the module doc)."""
    t = c.table_id
    p = vars(c)
    n = ncols.get(t or "", 0)
    kind = c.kind
    if kind == "set_cell":
        return [["cell", t, p["row_key"], p["column"]]]
    if kind == "insert_row":
        k = p["row"]["key"]
        return [["row", t, k], ["after", t, k]] + [["cell", t, k, i] for i in range(n)]
    if kind == "delete_row":
        return [["row", t, p["row_key"]]]
    if kind == "move_row":
        return [["after", t, p["row_key"]]]
    if kind == "split_row":
        k = p["new_key"]
        return ([["cell", t, p["row_key"], i] for i in range(n)] + [["row", t, k], ["after", t, k]]
                + [["cell", t, k, i] for i in range(n)])
    if kind == "merge_rows":
        return [["cell", t, p["first_key"], i] for i in range(n)] + [["row", t, p["second_key"]]]
    if kind == "set_kind":
        return [["kind", t, p["row_key"]]]
    if kind in ("confirm_row", "unconfirm_row"):
        return [["flags", t, p["row_key"]]]
    if kind == "fix_line":
        return [["line", p["line"]]]
    if kind == "decide":
        f = p["finding"]
        return [["decision", t] + [f.get(k) for k in _FINDING_KEYS]]
    return []


#: What names a finding a decision is taken on (as in :class:`corrections.Decide`).
_FINDING_KEYS = ("rule", "line", "row_line", "column")


def _decision(table: Table, keys: list[Any]) -> dict[str, Any] | None:
    for e in getattr(table, "decisions", []):
        if [e.get(k) for k in _FINDING_KEYS] == keys:
            return dict(e)
    return None


@dataclass
class Opinion:
    value: str  # JSON
    operator: str
    at: str


def replay_opinions(tables: dict[str, Table], nlines: int,
                    trail: list[dict[str, Any]]) -> tuple[dict[str, Opinion], dict[str, Table]]:
    """Replay one contribution's trail (audit records in their order) on copies of the
    printed ``tables`` and say what it left in every item it touched. CorrectionError
    when the trail does not apply to the print (a crafted or inconsistent file)."""
    from .store import _copy_table

    work = {tid: _copy_table(t) for tid, t in tables.items()}
    ncols = {tid: len(t.columns) for tid, t in tables.items()}
    last: dict[str, tuple[list[Any], str, str]] = {}
    fixed: dict[int, str] = {}
    for rec in trail:
        corr = Correction.from_json(json.loads(rec["payload"]))
        if corr.kind == "fix_line":
            line = vars(corr)["line"]
            if not 1 <= line <= nlines:
                raise CorrectionError(f"没有第 {line} 行", f"there is no line {line}")
            fixed[line] = vars(corr)["new"]
        else:
            if corr.table_id not in work:
                raise CorrectionError(f"没有这张表：{corr.table_id}", f"no such table: {corr.table_id}")
            corr.apply(work[corr.table_id])
        for it in _touches(corr, ncols):
            last[item_key(*it)] = (it, rec["operator"], rec["at"])
    out: dict[str, Opinion] = {}
    rows = {tid: {r.key: (i, r) for i, r in enumerate(t.rows)} for tid, t in work.items()}
    for key, (it, op, at) in last.items():
        what = it[0]
        if what == "line":
            out[key] = Opinion(_j(fixed.get(it[1])), op, at)
            continue
        if what == "decision":
            out[key] = Opinion(_j(_decision(work[it[1]], it[2:])), op, at)
            continue
        pos_row = rows[it[1]].get(it[2])
        if what == "row":
            value = None if pos_row is None else {"kind": pos_row[1].kind, "level": pos_row[1].level,
                                                  "first_line": pos_row[1].first_line,
                                                  "last_line": pos_row[1].last_line}
            out[key] = Opinion(_j(value), op, at)
        elif pos_row is None:
            continue  # the row is gone: its "row" item says so
        elif what == "cell":
            cells = pos_row[1].cells
            out[key] = Opinion(_j(cells[it[3]] if it[3] < len(cells) else ""), op, at)
        elif what == "kind":
            out[key] = Opinion(_j([pos_row[1].kind, pos_row[1].level]), op, at)
        elif what == "after":
            i = pos_row[0]
            out[key] = Opinion(_j(work[it[1]].rows[i - 1].key if i > 0 else None), op, at)
        elif what == "flags":
            out[key] = Opinion(_j(sorted(pos_row[1].flags)), op, at)
    return out, work


def _j(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------------------- combined state


def agreed_items(conn: sqlite3.Connection, issue_id: str) -> dict[str, list[tuple[str, str, str, str]]]:
    """item -> [(value, operator, at, digest)] of the active contributions that touched it."""
    out: dict[str, list[tuple[str, str, str, str]]] = {}
    for r in conn.execute("SELECT o.item, o.value, o.operator, o.at, o.digest FROM central_opinions o "
                          "JOIN central_contributions c ON c.issue_id = o.issue_id AND c.digest = o.digest "
                          "WHERE o.issue_id = ? AND c.active = 1", (issue_id,)):
        out.setdefault(r[0], []).append((r[1], r[2], r[3], r[4]))
    return out


def apply_combined(conn: sqlite3.Connection, issue_id: str, tables: list[Table], fixed: dict[int, str]) -> None:
    """Turn the printed ``tables`` into the combined state of the active contributions:
    every item they agree on takes their value; an item in conflict keeps the print."""
    items = agreed_items(conn, issue_id)
    by_id = {t.id: t for t in tables}
    values: dict[tuple, Any] = {}
    for key, sides in items.items():
        if len({s[0] for s in sides}) == 1:
            it = json.loads(key)
            values[tuple(it)] = json.loads(sides[0][0])
    # rows: presence
    for it, v in sorted(values.items(), key=lambda kv: _j(kv[0])):
        if it[0] != "row" or it[1] not in by_id:
            continue
        t = by_id[it[1]]
        present = any(r.key == it[2] for r in t.rows)
        if v is None and present:
            t.rows = [r for r in t.rows if r.key != it[2]]
        elif v is not None and not present:
            t.rows.append(Row(kind=v["kind"], cells=[""] * len(t.columns), first_line=v["first_line"],
                              last_line=v["last_line"], level=v["level"], key=it[2]))
    # places: each row after the row it follows, anchors first
    pending = {(it[1], it[2]): v for it, v in values.items() if it[0] == "after" and it[1] in by_id}
    for _ in range(len(pending) + 1):
        progressed = False
        for (tid, key), anchor in sorted(pending.items(), key=lambda kv: _j(kv[0])):
            t = by_id[tid]
            keys = [r.key for r in t.rows]
            if key not in keys:
                pending.pop((tid, key))
                progressed = True
                continue
            if anchor is not None and anchor not in keys:
                continue
            if anchor is not None and (tid, anchor) in pending:
                continue  # place the anchor first
            row = t.rows.pop(keys.index(key))
            at = 0 if anchor is None else [r.key for r in t.rows].index(anchor) + 1
            t.rows.insert(at, row)
            pending.pop((tid, key))
            progressed = True
        if not pending or not progressed:
            break
    for it, v in values.items():
        if it[0] == "line":
            if v is not None:
                fixed[it[1]] = v
            continue
        if it[0] == "decision":
            t = by_id.get(it[1])  # type: ignore[assignment]  # names reused across loops / mixed item tuples
            if t is not None:
                keys = list(it[2:])
                kept = [e for e in getattr(t, "decisions", []) if [e.get(k) for k in _FINDING_KEYS] != keys]
                t.decisions = kept + ([dict(v, **dict(zip(_FINDING_KEYS, keys)))] if v is not None else [])
            continue
        t = by_id.get(it[1])  # type: ignore[assignment]  # names reused across loops / mixed item tuples
        row = next((r for r in t.rows if r.key == it[2]), None) if t is not None else None  # type: ignore[assignment]  # names reused across loops / mixed item tuples
        if row is None:
            continue
        if it[0] == "cell" and it[3] < len(t.columns):
            while len(row.cells) < len(t.columns):
                row.cells.append("")
            row.cells[it[3]] = v
        elif it[0] == "kind":
            row.kind, row.level = v[0], v[1]
        elif it[0] == "flags":
            row.flags = list(v)


# ---------------------------------------------------------------------------- conflicts


@dataclass
class Conflict:
    id: int
    issue_id: str
    issue_name: str
    table_id: str | None
    row_key: str | None
    column_index: int | None
    column_name: str
    line: int
    original: str | None
    #: each side: {"value", "operator", "at", "file"}
    sides: list[dict[str, Any]]
    open: bool
    resolved_by: str = ""
    resolved_value: str | None = None


def describe_value(item: list[Any], value: Any, en: bool = False) -> str:
    if item[0] == "row":
        return ("row deleted" if en else "（删除此行）") if value is None else ("row kept" if en else "（保留此行）")
    if item[0] == "cell":
        return "" if value is None else str(value)
    return json.dumps(value, ensure_ascii=False)


def refresh_conflicts(conn: sqlite3.Connection, issue_id: str, tables: dict[str, Table]) -> None:
    """Rewrite the conflicts of ``issue_id`` from the active opinions (same result in any
    merge order); a conflict keeps its number while it exists."""
    items = agreed_items(conn, issue_id)
    files = {r[0]: r[1] for r in conn.execute("SELECT digest, file FROM central_exports")}
    current: dict[str, tuple[list[Any], list[dict[str, Any]]]] = {}
    for key, sides in items.items():
        if len({s[0] for s in sides}) > 1:
            current[key] = (json.loads(key), sorted(({"value": json.loads(v), "operator": op, "at": at,
                                                      "file": files.get(d, "")} for v, op, at, d in sides),
                                                    key=lambda s: (_j(s["value"]), s["operator"], s["at"], s["file"])))
    # A row one person deleted and another changed is a conflict of that row too.
    for key, sides in items.items():
        it = json.loads(key)
        if it[0] != "row" or len({s[0] for s in sides}) != 1 or json.loads(sides[0][0]) is not None:
            continue
        deleters = {s[3] for s in sides}
        editors = [(v, op, at, d) for k2, s2 in items.items() for (v, op, at, d) in s2
                   if d not in deleters and json.loads(k2)[:3] == ["cell", it[1], it[2]]]
        if editors:
            last = max(editors, key=lambda e: e[2])
            all_sides = [{"value": None, "operator": op, "at": at, "file": files.get(d, "")} for _v, op, at, d in sides]
            all_sides.append({"value": {"edited": True}, "operator": last[1], "at": last[2], "file": files.get(last[3], "")})
            current[key] = (it, sorted(all_sides, key=lambda s: (_j(s["value"]), s["operator"], s["at"])))
    have = {r[0]: r[1] for r in conn.execute("SELECT item, id FROM conflicts WHERE issue_id = ?", (issue_id,))}
    for key in have:
        if key not in current:
            conn.execute("UPDATE conflicts SET open = 0 WHERE issue_id = ? AND item = ?", (issue_id, key))
    for key, (it, sides) in sorted(current.items()):  # type: ignore[assignment]  # names reused across loops / mixed item tuples
        table = tables.get(it[1]) if it[0] != "line" else None
        column_name, original = "", None
        if it[0] == "cell" and table is not None:
            column_name = table.columns[it[3]] if it[3] < len(table.columns) else f"列{it[3] + 1}"
            row = next((r for r in table.rows if r.key == it[2]), None)
            original = None if row is None else (row.cells[it[3]] if it[3] < len(row.cells) else "")
        elif it[0] != "line":
            column_name = {"row": "行", "kind": "行类型", "after": "行的位置", "flags": "确认",
                           "decision": "对检查结果的决定"}.get(it[0], it[0])
        else:
            column_name = "原文"
        signature = _j([[s["value"], s["operator"], s["at"]] for s in sides])  # type: ignore[call-overload]  # names reused across loops / mixed item tuples
        conn.execute("INSERT INTO conflicts (issue_id, item, table_id, row_key, column_index, column_name, original, "
                      "sides, signature, open) VALUES (?,?,?,?,?,?,?,?,?,1) ON CONFLICT (issue_id, item) DO UPDATE SET "
                      "sides = excluded.sides, signature = excluded.signature, open = 1, original = excluded.original",
                      (issue_id, key, it[1] if it[0] != "line" else None, it[2] if it[0] not in ("line", "decision") else None,
                       it[3] if it[0] == "cell" else None, column_name, original, _j(sides), signature))


def record_resolution(conn: sqlite3.Connection, issue_id: str, correction: Correction, correction_id: int) -> None:
    """The office set a cell that is in conflict: that correction settles the conflict as
    long as its sides stay what they are now (called inside the correction's transaction)."""
    p = vars(correction)
    row = conn.execute("SELECT id, signature FROM conflicts WHERE issue_id = ? AND item = ? AND open = 1",
                       (issue_id, item_key("cell", correction.table_id, p["row_key"], p["column"]))).fetchone()
    if row is not None:
        conn.execute("INSERT INTO central_resolutions (correction_id, conflict_id, signature) VALUES (?,?,?)",
                     (correction_id, row[0], row[1]))


def list_conflicts(conn: sqlite3.Connection, effective: set[int], issue_id: str | None = None,
                   include_closed: bool = False) -> list[Conflict]:
    """Conflicts, with whether each is still open: a conflict is settled by an effective
    (not undone) resolution made on the same sides."""
    sql = ("SELECT c.*, i.name AS issue_name FROM conflicts c JOIN issues i USING (issue_id)"
           + (" WHERE c.issue_id = ?" if issue_id else "") + " ORDER BY c.id")
    resolutions: dict[int, list[tuple[int, str]]] = {}
    for r in conn.execute("SELECT correction_id, conflict_id, signature FROM central_resolutions"):
        resolutions.setdefault(r[1], []).append((r[0], r[2]))
    out = []
    for r in conn.execute(sql, (issue_id,) if issue_id else ()):
        r = dict(r)
        if not r["open"] and not include_closed:
            continue
        settled = [cid for cid, sig in resolutions.get(r["id"], []) if sig == r["signature"] and cid in effective]
        by, value = "", None
        if settled:
            rec = conn.execute("SELECT operator, new_value FROM corrections WHERE id = ?", (max(settled),)).fetchone()
            by, value = rec[0], json.loads(rec[1]) if rec[1] else None
        it = json.loads(r["item"])
        line = 0
        if it[0] == "line":
            line = it[1]
        elif it[0] == "decision":
            line = it[4] or it[3] or 0
        elif r["row_key"]:
            row = conn.execute("SELECT first_line FROM parsed_rows WHERE issue_id = ? AND table_id = ? AND row_key = ?",
                               (r["issue_id"], r["table_id"], r["row_key"])).fetchone()
            line = row[0] if row else 0
        c = Conflict(r["id"], r["issue_id"], r["issue_name"], r["table_id"], r["row_key"], r["column_index"],
                     r["column_name"], line, r["original"], json.loads(r["sides"]), bool(r["open"]) and not settled,
                     by, value)
        if c.open or include_closed:
            out.append(c)
    return out


def conflict_findings(conflicts: Iterable[Conflict]) -> list[Finding]:
    """Open conflicts as findings (rule ``conflict``, error) with both values, for the
    window's findings list and ``check --db``."""
    out = []
    for c in conflicts:
        if not c.open or c.table_id is None:
            continue
        item = ["cell"] if c.column_index is not None else ["row"]
        zh = "；".join(f"{s['operator'] or '?'}（{s['at'][:16]}）：“{describe_value(item, s['value'])}”" for s in c.sides)
        en = "; ".join(f"{s['operator'] or '?'} ({s['at'][:16]}): {describe_value(item, s['value'], True)!r}"
                       for s in c.sides)
        out.append(Finding(rule="conflict", severity="error", table=c.table_id, line=c.line or 0,
                           message=f"冲突 #{c.id} {c.column_name}：{zh}（原件“{c.original or ''}”）",
                           message_en=f"conflict #{c.id} {c.column_name}: {en} (printed {c.original or ''!r})",
                           row_line=c.line or None, column=c.column_index,
                           suggestion=f"把该单元格改为正确的值即解决（或 proofreader resolve --conflict {c.id} --take 姓名或值）",
                           suggestion_en=f"set the cell to the right value to settle it (or proofreader resolve --conflict {c.id} --take NAME|VALUE)"))
    return out


def row_for(table: Table, key: str) -> Row | None:
    return next((r for r in table.rows if r.key == key), None)


__all__ = ["CENTRAL_DDL", "CENTRAL_TABLES", "CENTRAL_VERSION", "Conflict", "apply_combined", "conflict_findings",
           "is_central", "list_conflicts", "refresh_conflicts", "replay_opinions", "row_from_dict"]
