"""The export file's format, described once: tables, columns, types, keys and what each
value may hold. The writer's DDL and named-column inserts, the reader's checks and the
digest are all generated from :data:`SCHEMA`, so a new column is one line here (and a
migration below), never a positional ``VALUES (?,?,…)`` to keep in step.

Version history (``PRAGMA user_version`` of the file, ``format_version`` in ``export_info``):

1. the first format: current cells, audit trail, findings, review log; a SHA-256 over part
   of the content (not the audit payloads' order, not the review log); no signature.
2. adds the parse as printed (``parsed_rows``, ``parsed_tables.position``/``meta``,
   ``entity_names``) so that a central file is a store that can be read and checked, the
   audit trail's order (``audit.seq``), wide tables named by the whole issue id, a digest
   over every table and an HMAC by the installation's key.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from ..corrections import KINDS
from ..model import ROW_KINDS

EXPORT_VERSION = 2
#: "GPRX": a Gazette Proofreader export.
EXPORT_APPLICATION_ID = 0x47505258

#: Largest export accepted by the merge, and largest single value (a cell, a source line,
#: a payload) in it: bigger ones are refused before they are read into memory.
MAX_EXPORT_BYTES = 512 * 1024 * 1024
MAX_VALUE_BYTES = 1024 * 1024

STATUSES = ("todo", "in_progress", "proofread", "approved")

_PATTERNS = {
    "issue_id": re.compile(r"^[0-9a-f]{16,64}$"),  # 16 digits, more when two texts share them
    "table_id": re.compile(r"^t[0-9]{1,6}$"),
    "row_key": re.compile(r"^(L[0-9]{1,9}(\.[0-9]{1,6})?|N[0-9a-f]{12})$"),
    "uuid": re.compile(r"^[0-9a-f]{32}$"),
    "sha256": re.compile(r"^[0-9a-f]{64}$"),
}
_CHOICES = {
    "status": STATUSES,
    "row_kind": ROW_KINDS,
    "action": ("do", "undo", "redo"),
    "correction": tuple(KINDS),
    "severity": ("error", "warning", "info"),
    "row_state": ("original", "corrected", "inserted", "deleted"),
}


@dataclass(frozen=True)
class Col:
    """A column: its SQL type (TEXT or INTEGER), whether NULL is allowed, and what its
    values must look like (``check``: a pattern or choice name above, or "json")."""

    name: str
    type: str = "TEXT"
    null: bool = False
    check: str | None = None


@dataclass(frozen=True)
class TableSpec:
    name: str
    cols: tuple[Col, ...]
    key: tuple[str, ...]
    without_rowid: bool = False

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.cols]

    def ddl(self) -> str:
        body = ", ".join(f"{c.name} {c.type}{'' if c.null else ' NOT NULL'}" for c in self.cols)
        tail = " WITHOUT ROWID" if self.without_rowid else ""
        return f"CREATE TABLE {self.name} ({body}, PRIMARY KEY ({', '.join(self.key)})){tail}"

    def insert_sql(self, verb: str = "INSERT") -> str:
        return (f"{verb} INTO {self.name} ({', '.join(self.names)}) "
                f"VALUES ({', '.join(':' + n for n in self.names)})")

    def select_sql(self) -> str:
        return f"SELECT {', '.join(self.names)} FROM {self.name} ORDER BY {', '.join(self.key)}"


def _t(name: str, cols: Iterable[Col], key: Iterable[str], without_rowid: bool = False) -> TableSpec:
    return TableSpec(name, tuple(cols), tuple(key), without_rowid)


I, T = "INTEGER", "TEXT"
ISSUE = Col("issue_id", check="issue_id")
TABLE = Col("table_id", check="table_id")

#: The one description of the export format (version :data:`EXPORT_VERSION`).
SCHEMA: tuple[TableSpec, ...] = (
    _t("export_info", [Col("key"), Col("value")], ["key"]),
    _t("issues", [ISSUE, Col("name"), Col("sha256", check="sha256"), Col("encoding"), Col("line_count", I),
                  Col("imported_at"), Col("supersedes", null=True, check="issue_id")], ["issue_id"]),
    _t("documents", [ISSUE, Col("doc_index", I), Col("title"), Col("doc_number"), Col("date"), Col("first_line", I),
                     Col("last_line", I)], ["issue_id", "doc_index"]),
    _t("source_lines", [ISSUE, Col("line", I), Col("original"), Col("fixed", null=True)], ["issue_id", "line"], True),
    _t("parsed_tables", [ISSUE, TABLE, Col("position", I), Col("sql_table"), Col("title"), Col("first_line", I),
                         Col("last_line", I), Col("layout"), Col("columns", check="json"), Col("meta", check="json"),
                         Col("status", check="status"), Col("status_by"), Col("status_at"), Col("errors", I),
                         Col("warnings", I)], ["issue_id", "table_id"]),
    _t("parsed_rows", [ISSUE, TABLE, Col("row_key", check="row_key"), Col("position", I),
                       Col("kind", check="row_kind"), Col("level", I), Col("first_line", I), Col("last_line", I),
                       Col("cells", check="json"), Col("flags", check="json"), Col("raw_cells", null=True, check="json")],
       ["issue_id", "table_id", "row_key"]),
    _t("entity_names", [ISSUE, Col("name"), Col("n", I)], ["issue_id", "name"], True),
    _t("table_rows", [ISSUE, TABLE, Col("row_key", check="row_key"), Col("position", I),
                      Col("kind", check="row_kind"), Col("level", I), Col("first_line", I), Col("last_line", I),
                      Col("state", check="row_state")], ["issue_id", "table_id", "row_key"]),
    _t("cells", [ISSUE, TABLE, Col("row_key", check="row_key"), Col("column_index", I), Col("column_name"),
                 Col("original", null=True), Col("corrected", null=True)],
       ["issue_id", "table_id", "row_key", "column_index"]),
    _t("audit", [Col("uuid", check="uuid"), Col("seq", I), ISSUE, Col("table_id", null=True, check="table_id"),
                 Col("kind", check="correction"), Col("action", check="action"),
                 Col("target_uuid", null=True, check="uuid"), Col("payload", check="json"),
                 Col("old_value", null=True, check="json"), Col("new_value", null=True, check="json"),
                 Col("operator"), Col("at"), Col("reason")], ["uuid"]),
    _t("findings", [ISSUE, TABLE, Col("seq", I), Col("rule"), Col("severity", check="severity"), Col("line", I),
                    Col("row_line", I, True), Col("col", I, True), Col("stated", null=True), Col("actual", null=True),
                    Col("message"), Col("message_en"), Col("suggestion")], ["issue_id", "table_id", "seq"]),
    _t("review_log", [ISSUE, TABLE, Col("status", check="status"), Col("operator"), Col("at")],
       ["issue_id", "table_id", "at", "operator", "status"]),
)
BY_NAME: dict[str, TableSpec] = {t.name: t for t in SCHEMA}

#: export_info keys that are not covered by the digest (they hold it).
UNSIGNED_INFO = ("digest_sha256", "signature_hmac")


def ddl() -> list[str]:
    return [t.ddl() for t in SCHEMA]


def wide_table_name(issue_id: str, table_id: str) -> str:
    """The readable per-table SQL table: the whole issue id, so names never collide; both
    parts checked, so the name can never be anything else."""
    if not _PATTERNS["issue_id"].match(issue_id or "") or not _PATTERNS["table_id"].match(table_id or ""):
        from ..errors import StoreError

        raise StoreError(f"无效的期号或表号：{issue_id!r} {table_id!r}", f"invalid issue or table id: {issue_id!r} {table_id!r}")
    return f"t_{issue_id}_{table_id}"


def wide_columns(columns: list[str]) -> list[str]:
    """SQL column names for a table's headers: readable, unique (case-insensitively, as
    SQLite compares them), never one of the fixed fields."""
    out: list[str] = []
    seen: set[str] = set()
    fixed = {"row_key", "position", "kind", "first_line", "last_line"}
    for i, c in enumerate(columns):
        name = re.sub(r"[\s\"'`\[\]]+", "", str(c))[:60] or f"列{i + 1}"
        while name.casefold() in seen or name.casefold() in fixed:
            name = f"{name}_{i + 1}"
        seen.add(name.casefold())
        out.append(name)
    return out


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# ---------------------------------------------------------------------------- values


class FormatError(ValueError):
    """A value in an export is not what the format allows (message in Chinese and English)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


def check_value(table: str, col: Col, value: Any) -> Any:
    """``value`` if it is what ``col`` allows, else FormatError."""
    return validator(table, col)(value)


def validator(table: str, col: Col) -> Callable[[Any], Any]:
    """A function that returns a value ``col`` allows or raises FormatError (one per
    column, made once: the reader calls it for every value of a file)."""
    where = f"{table}.{col.name}"

    def bad(zh: str, en: str, value: Any) -> FormatError:
        return FormatError(f"{where} {zh}：{str(value)[:40]!r}", f"{where} {en}: {str(value)[:40]!r}")

    null_ok = col.null
    if col.type == I:
        def check_int(value: Any) -> Any:
            if type(value) is int and -2**53 < value < 2**53:
                return value
            if value is None and null_ok:
                return None
            raise bad("不是整数", "is not an integer", value)
        return check_int
    pattern = _PATTERNS.get(col.check or "")
    choices = _CHOICES.get(col.check or "")

    def check_text(value: Any) -> Any:
        if type(value) is str:
            if pattern is not None and not pattern.match(value):
                raise bad("的值不合格式", "is malformed", value)
            if choices is not None and value not in choices:
                raise bad("的值未知", "has an unknown value", value)
            return value
        if value is None and null_ok:
            return None
        raise bad("不是文本", "is not text", value)
    return check_text


def parse_json(table: str, column: str, text: str | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise FormatError(f"{table}.{column} 不是有效的 JSON：{text[:40]!r}",
                          f"{table}.{column} is not valid JSON: {text[:40]!r}") from None


# ---------------------------------------------------------------------------- digest


@dataclass
class ExportData:
    """An export's content, read and checked: table name -> rows (dicts by column name)."""

    version: int
    info: dict[str, str]
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: the version the file was written in (before migration to the current one)
    file_version: int = EXPORT_VERSION


def digest(info: dict[str, str], tables: dict[str, list[dict[str, Any]]], presorted: bool = False) -> str:
    """SHA-256 over everything the merge uses: the export_info entries (but the digest and
    signature), then every table of the format, every column, rows in key order, each
    table as one compact JSON array of row arrays. ``presorted``: the rows are in key
    order already (read with ORDER BY the key)."""
    h = hashlib.sha256()
    h.update(json.dumps(sorted([k, v] for k, v in info.items() if k not in UNSIGNED_INFO),
                        ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    for spec in SCHEMA:
        if spec.name == "export_info":
            continue
        rows = tables.get(spec.name, [])
        if not presorted:
            rows = sorted(rows, key=lambda r: tuple(_sortable(r[k]) for k in spec.key))
        names = spec.names
        h.update(f"\n#{spec.name}\n".encode("ascii"))
        h.update(json.dumps([[r[n] for n in names] for r in rows], ensure_ascii=False,
                            separators=(",", ":")).encode("utf-8"))
    return h.hexdigest()


def _sortable(v: Any) -> tuple:
    return (0, v, "") if isinstance(v, int) else (1, 0, "" if v is None else v)


# ---------------------------------------------------------------------------- migrations

#: Export migrations: the version reached -> the step that takes data of the previous
#: version to it. The reader applies them in order to what it read from an older file.
MIGRATIONS: dict[int, Callable[[ExportData], None]] = {}


def _v1_to_v2(data: ExportData) -> None:
    """Version 1 exports carry no parse: the issue is parsed again from its source lines
    (the text the proofreader's store parsed) and the parse must give the same tables,
    columns and original cells, else the file is refused. The audit's order is its row
    order (version 1 wrote it in the store's id order); wide tables get their new names."""
    from ..parse import parse_source
    from ..reader import SourceText
    from ..rules.names import issue_names
    from .codec import dumps, table_meta

    lines_by: dict[str, list[tuple[int, str]]] = {}
    for r in data.tables["source_lines"]:
        lines_by.setdefault(r["issue_id"], []).append((r["line"], r["original"]))
    prows: list[dict[str, Any]] = []
    names: list[dict[str, Any]] = []
    by_table = {(t["issue_id"], t["table_id"]): t for t in data.tables["parsed_tables"]}
    originals = {(c["issue_id"], c["table_id"], c["row_key"], c["column_index"]): c["original"]
                 for c in data.tables["cells"]}
    for issue in data.tables["issues"]:
        iid = issue["issue_id"]
        lines = [t for _, t in sorted(lines_by.get(iid, []))]
        parsed = parse_source(SourceText(issue["name"], issue["encoding"], lines, issue["sha256"], 0))
        for pos, table in enumerate(parsed.tables):
            rec = by_table.get((iid, table.id))
            if rec is None or json.loads(rec["columns"]) != table.columns:
                raise FormatError(f"版本 1 的导出无法升级：{issue['name']} 的表 {table.id} 与重新解析的结果不同",
                                  f"cannot upgrade a version-1 export: table {table.id} of {issue['name']} differs "
                                  "from a fresh parse")
            rec.update(position=pos, meta=table_meta(table), sql_table=wide_table_name(iid, table.id))
            for p, row in enumerate(table.rows):
                for c, value in enumerate(row.cells):
                    have = originals.get((iid, table.id, row.key, c), value)
                    if have is not None and have != value:
                        raise FormatError(f"版本 1 的导出无法升级：{issue['name']} 第 {row.first_line} 行与重新解析的结果不同",
                                          f"cannot upgrade a version-1 export: line {row.first_line} of "
                                          f"{issue['name']} differs from a fresh parse")
                prows.append({"issue_id": iid, "table_id": table.id, "row_key": row.key, "position": p,
                              "kind": row.kind, "level": row.level, "first_line": row.first_line,
                              "last_line": row.last_line, "cells": dumps(row.cells), "flags": dumps(row.flags),
                              "raw_cells": None if row.raw_cells is None else dumps(row.raw_cells)})
        names += [{"issue_id": iid, "name": k, "n": v} for k, v in issue_names(parsed).items()]
        parsed_ids = {t.id for t in parsed.tables}
        if {t for (i, t) in by_table if i == iid} - parsed_ids:
            raise FormatError(f"版本 1 的导出无法升级：{issue['name']} 的表与重新解析的结果不同",
                              f"cannot upgrade a version-1 export: the tables of {issue['name']} differ from a fresh parse")
    data.tables["parsed_rows"] = prows
    data.tables["entity_names"] = names
    for seq, a in enumerate(data.tables["audit"], 1):  # read in rowid order
        a["seq"] = seq


MIGRATIONS[2] = _v1_to_v2

#: What a version-1 file holds (the columns read from it; the rest comes from migrations).
V1_COLUMNS: dict[str, list[str]] = {
    "export_info": ["key", "value"],
    "issues": BY_NAME["issues"].names,
    "documents": BY_NAME["documents"].names,
    "source_lines": BY_NAME["source_lines"].names,
    "parsed_tables": ["issue_id", "table_id", "sql_table", "title", "first_line", "last_line", "layout", "columns",
                      "status", "status_by", "status_at", "errors", "warnings"],
    "table_rows": BY_NAME["table_rows"].names,
    "cells": BY_NAME["cells"].names,
    "audit": [n for n in BY_NAME["audit"].names if n != "seq"],
    "findings": BY_NAME["findings"].names,
    "review_log": BY_NAME["review_log"].names,
}

#: The version-1 checksum: the content it covered, in its order.
V1_CHECKSUM_QUERIES = [
    "SELECT issue_id, name, sha256 FROM issues ORDER BY issue_id",
    "SELECT issue_id, line, original, fixed FROM source_lines ORDER BY issue_id, line",
    "SELECT issue_id, table_id, row_key, column_index, original, corrected FROM cells "
    "ORDER BY issue_id, table_id, row_key, column_index",
    "SELECT uuid, issue_id, table_id, kind, action, payload, operator, at, reason FROM audit ORDER BY uuid",
    "SELECT issue_id, table_id, status, status_by, status_at FROM parsed_tables ORDER BY issue_id, table_id",
]
