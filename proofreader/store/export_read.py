"""Reading an export from outside: every value checked before any of it is used.

The file is opened read-only with ``trusted_schema`` off and a length limit, its tables
are read by OUR column names (never by names found in the file), every value is checked
against :data:`export_format.SCHEMA` (identifiers by pattern, kinds and statuses by list,
JSON parsed, references between tables resolved), the digest is recomputed over what was
read, and the signature checked with the installation's registered key. Any problem is
a :class:`StoreError` with one line; nothing of the file has been written anywhere.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass
from typing import Any

from ..corrections import Correction
from ..errors import StoreError
from . import signing
from .export_format import (BY_NAME, EXPORT_APPLICATION_ID, EXPORT_VERSION, MAX_EXPORT_BYTES, MAX_VALUE_BYTES,
                            MIGRATIONS, SCHEMA, V1_CHECKSUM_QUERIES, V1_COLUMNS, ExportData, FormatError, validator,
                            digest, parse_json, wide_table_name)
from .untrusted import open_untrusted


@dataclass
class CheckedExport:
    path: str
    data: ExportData
    digest: str
    #: the installation that signed it (key id), "" for an unsigned version-1 file
    installation: str


def read_export(path: str, keys: dict[str, bytes]) -> CheckedExport:
    """Read and check the export at ``path``; ``keys`` maps registered installation ids to
    their keys. StoreError (one line, exit code 2) for anything wrong."""
    name = os.path.basename(path)
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise StoreError(f"无法读取 {path}：{exc.strerror}", f"cannot read {path}: {exc.strerror}") from None
    if size > MAX_EXPORT_BYTES:
        raise StoreError(f"{name} 太大（{size // 2**20} MB，上限 {MAX_EXPORT_BYTES // 2**20} MB）",
                         f"{name} is too big ({size // 2**20} MB, the limit is {MAX_EXPORT_BYTES // 2**20} MB)")
    conn = open_untrusted(path, EXPORT_APPLICATION_ID, EXPORT_VERSION, {}, "本工具导出的校对文件")
    try:
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version < 1:
            raise StoreError(f"{name} 的格式版本无效（{version}）", f"{name} has an invalid format version ({version})")
        data = _read_tables(conn, version)
        if version == 1:
            expected = _v1_checksum(conn)
    except sqlite3.DataError:
        raise StoreError(f"{name} 含有超过 {MAX_VALUE_BYTES // 1024} KB 的单个值，不予读取",
                         f"{name} holds a value over {MAX_VALUE_BYTES // 1024} KB; refused") from None
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{name} 已损坏或无法读取：{exc}", f"{name} is damaged or unreadable: {exc}") from None
    except FormatError as exc:
        raise StoreError(f"{name} 格式不对：{exc.zh}", f"{name} is malformed: {exc.en}") from None
    finally:
        conn.close()
    try:
        if version == 1:
            if data.info.get("checksum_sha256") != expected:
                raise StoreError(f"{name} 的校验和不符：文件导出后被改动过或已损坏",
                                 f"{name}: checksum mismatch; the file was changed after export or is damaged")
            for v in range(2, EXPORT_VERSION + 1):
                MIGRATIONS[v](data)
            _check_content(data)
            return CheckedExport(path, data, digest(data.info, data.tables), "")
        _check_content(data)
    except FormatError as exc:
        raise StoreError(f"{name} 格式不对：{exc.zh}", f"{name} is malformed: {exc.en}") from None
    d = digest(data.info, data.tables, presorted=True)
    if data.info.get("digest_sha256") != d:
        raise StoreError(f"{name} 的校验和不符：文件导出后被改动过或已损坏",
                         f"{name}: checksum mismatch; the file was changed after export or is damaged")
    inst = data.info.get("installation", "")
    key = keys.get(inst)
    if key is None:
        raise StoreError(f"{name} 来自未登记的安装（密钥 {inst[:16] or '无'}）：请先用 proofreader trust 登记该安装的密钥",
                         f"{name} comes from an unregistered installation (key {inst[:16] or 'none'}): register its "
                         "key with proofreader trust first")
    if not signing.verify(key, d, data.info.get("signature_hmac", "")):
        raise StoreError(f"{name} 的签名不符：文件导出后被改动过，或不是该安装导出的",
                         f"{name}: bad signature; the file was changed after export or not made by that installation")
    return CheckedExport(path, data, d, inst)


def _read_tables(conn: sqlite3.Connection, version: int) -> ExportData:
    columns = V1_COLUMNS if version == 1 else {t.name: t.names for t in SCHEMA}
    present = {r[0]: r[1] for r in conn.execute("SELECT name, type FROM sqlite_master")}
    for table, cols in columns.items():
        have = {r[1] for r in conn.execute("SELECT * FROM pragma_table_info(?)", (table,))}
        if not have:
            raise FormatError(f"缺少表 {table}", f"table {table} is missing")
        missing = set(cols) - have
        if missing:
            raise FormatError(f"表 {table} 缺少列 {', '.join(sorted(missing))}",
                              f"table {table} lacks {', '.join(sorted(missing))}")
    data = ExportData(version=version, info={}, file_version=version)
    for table, cols in columns.items():
        spec = BY_NAME[table]
        specs = [c for c in spec.cols if c.name in cols]
        checks = [validator(table, c) for c in specs]
        names = [c.name for c in specs]
        order = "rowid" if table == "audit" and version == 1 else ", ".join(spec.key)
        rows = []
        # Names from our schema, quoted by us: nothing from the file goes into the SQL.
        for raw in conn.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY {order}"):
            rows.append(dict(zip(names, [f(v) for f, v in zip(checks, raw)])))
        data.tables[table] = rows
    data.info = {r["key"]: r["value"] for r in data.tables.pop("export_info")}
    wide = {t["sql_table"] for t in data.tables["parsed_tables"]}
    for name, kind in present.items():
        if kind == "table" and name not in columns and name not in wide and not name.startswith("sqlite_"):
            raise FormatError(f"含有不属于导出格式的表 {name[:40]!r}", f"holds a table that is not ours: {name[:40]!r}")
    if version >= 2:
        for t in data.tables["parsed_tables"]:
            if t["sql_table"] != wide_table_name(t["issue_id"], t["table_id"]):
                raise FormatError(f"表名不合格式：{t['sql_table'][:40]!r}", f"bad table name: {t['sql_table'][:40]!r}")
    return data


def _v1_checksum(conn: sqlite3.Connection) -> str:
    h = hashlib.sha256()
    for q in V1_CHECKSUM_QUERIES:
        for row in conn.execute(q):
            h.update(json.dumps(list(row), ensure_ascii=False).encode("utf-8"))
            h.update(b"\n")
    return h.hexdigest()


def _strs(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) for x in value)


def _check_content(data: ExportData) -> None:
    """References between the tables, and the JSON inside them, are what we write."""
    t = data.tables
    issues = {r["issue_id"]: r for r in t["issues"]}
    if len(issues) != len(t["issues"]):
        raise FormatError("期号重复", "duplicate issue ids")
    for r in t["issues"]:
        if not r["sha256"].startswith(r["issue_id"]):
            raise FormatError(f"期号与其 SHA-256 不符：{r['issue_id']}", f"issue id does not match its SHA-256: {r['issue_id']}")
        if r["supersedes"] is not None and r["supersedes"] == r["issue_id"]:
            raise FormatError("期号引用自身", "an issue supersedes itself")
    lines: dict[str, int] = {}
    for r in t["source_lines"]:
        if r["issue_id"] not in issues:
            raise FormatError(f"原文行属于未知的期号 {r['issue_id']}", f"source line of unknown issue {r['issue_id']}")
        lines[r["issue_id"]] = lines.get(r["issue_id"], 0) + 1
        if not 1 <= r["line"] <= issues[r["issue_id"]]["line_count"]:
            raise FormatError(f"原文行号超出范围：{r['line']}", f"source line out of range: {r['line']}")
    for iid, info in issues.items():
        if lines.get(iid, 0) != info["line_count"]:
            raise FormatError(f"{info['name']} 的原文行数不符", f"{info['name']}: wrong number of source lines")
    docs: dict[str, int] = {}
    for r in t["documents"]:
        if r["issue_id"] not in issues:
            raise FormatError("公文属于未知的期号", "a document of an unknown issue")
        docs[r["issue_id"]] = docs.get(r["issue_id"], 0) + 1
    tables: dict[tuple[str, str], list[str]] = {}
    for r in t["parsed_tables"]:
        if r["issue_id"] not in issues:
            raise FormatError(f"表 {r['table_id']} 属于未知的期号", f"table {r['table_id']} of an unknown issue")
        cols = parse_json("parsed_tables", "columns", r["columns"])
        if not _strs(cols) or not cols or len(cols) > 200:
            raise FormatError(f"表 {r['table_id']} 的列名无效", f"table {r['table_id']}: bad column names")
        _check_meta(r, len(cols), docs.get(r["issue_id"], 0))
        tables[(r["issue_id"], r["table_id"])] = cols
    for name in ("parsed_rows", "table_rows", "cells", "findings", "review_log"):
        for r in t[name]:
            if (r["issue_id"], r["table_id"]) not in tables:
                raise FormatError(f"{name} 引用了不存在的表 {r['table_id']}", f"{name} refers to a missing table {r['table_id']}")
    for r in t["parsed_rows"]:
        cells = parse_json("parsed_rows", "cells", r["cells"])
        if not _strs(cells) or not _strs(parse_json("parsed_rows", "flags", r["flags"])) or (
                r["raw_cells"] is not None and not _strs(parse_json("parsed_rows", "raw_cells", r["raw_cells"]))):
            raise FormatError(f"{r['row_key']} 行的单元格无效", f"row {r['row_key']}: bad cells")
        if r["row_key"].startswith("N"):
            raise FormatError("原件的行不能是新增行", "a parsed row cannot be an inserted row")
    for r in t["cells"]:
        if not 0 <= r["column_index"] < len(tables[(r["issue_id"], r["table_id"])]):
            raise FormatError(f"{r['row_key']} 行的列号超出范围", f"row {r['row_key']}: column out of range")
    uuids = {a["uuid"] for a in t["audit"]}
    seqs = set()
    for a in t["audit"]:
        if a["issue_id"] not in issues:
            raise FormatError("更正记录属于未知的期号", "a correction of an unknown issue")
        if a["target_uuid"] is not None and a["target_uuid"] not in uuids:
            raise FormatError("撤销/重做记录指向不存在的更正", "an undo or redo refers to a missing correction")
        if a["seq"] in seqs:
            raise FormatError("更正记录的顺序号重复", "duplicate audit sequence numbers")
        seqs.add(a["seq"])
        payload = parse_json("audit", "payload", a["payload"])
        parse_json("audit", "old_value", a["old_value"])
        parse_json("audit", "new_value", a["new_value"])
        if not isinstance(payload, dict) or payload.get("kind") != a["kind"] or payload.get("table_id") != a["table_id"]:
            raise FormatError("更正记录的内容与其类型不符", "a correction's payload does not match its kind")
        try:
            corr = Correction.from_json(payload)
        except Exception:  # noqa: BLE001 - any malformed payload is the file's fault
            raise FormatError(f"无法读取的更正：{a['payload'][:60]!r}", f"unreadable correction: {a['payload'][:60]!r}") \
                from None
        if a["table_id"] is not None and (a["issue_id"], a["table_id"]) not in tables:
            raise FormatError(f"更正记录引用了不存在的表 {a['table_id']}", f"a correction refers to a missing table {a['table_id']}")
        if not _payload_ok(corr):
            raise FormatError(f"更正记录的字段无效：{a['payload'][:60]!r}", f"a correction has bad fields: {a['payload'][:60]!r}")


def _payload_ok(corr: Correction) -> bool:
    """Field types of a correction read from a file (dataclasses do not check them)."""
    for name, value in vars(corr).items():
        if name in ("row_key", "first_key", "second_key", "new_key", "flag", "old", "new", "old_kind", "new_kind"):
            if not isinstance(value, str):
                return False
        elif name in ("column", "line", "old_level", "new_level"):
            if type(value) is not int or value < 0 or value > 10**7:
                return False
        elif name in ("after_key", "old_after_key", "table_id"):
            if value is not None and not isinstance(value, str):
                return False
        elif name in ("old_cells", "cells_a", "cells_b", "merged_cells"):
            if not _strs(value):
                return False
        elif name == "finding":
            if not isinstance(value, dict) or not all(isinstance(v, (str, int, type(None))) for v in value.values()):
                return False
        elif name in ("entry", "previous"):
            if value is not None and (not isinstance(value, dict)
                                      or not all(isinstance(v, (str, int, type(None))) for v in value.values())):
                return False
        elif name in ("row", "second"):
            if not isinstance(value, dict) or not _strs(value.get("cells", [])) or not isinstance(value.get("key", ""), str) \
                    or not isinstance(value.get("kind", "data"), str):
                return False
    return True


def _header_groups_ok(groups: Any, ncols: int) -> bool:
    return isinstance(groups, dict) and all(
        isinstance(k, str) and k.isdigit() and int(k) < ncols and isinstance(v, list)
        and all(type(c) is int and 0 <= c < ncols for c in v) for k, v in groups.items())


def _check_meta(r: dict[str, Any], ncols: int, ndocs: int) -> None:
    meta = parse_json("parsed_tables", "meta", r["meta"])
    ok = isinstance(meta, dict) and {"header_lines", "column_paths", "preamble", "document", "roles",
                                     "amount_unit"} <= set(meta)
    if ok:
        roles = meta["roles"]
        ok = (isinstance(roles, dict) and all(isinstance(k, str) and type(v) is int and 0 <= v < ncols
                                               for k, v in roles.items())
              and isinstance(meta["header_lines"], list) and all(type(x) is int for x in meta["header_lines"])
              and isinstance(meta["column_paths"], list) and all(_strs(p) for p in meta["column_paths"])
              and isinstance(meta["preamble"], list)
              and all(isinstance(p, list) and len(p) == 2 and type(p[0]) is int and isinstance(p[1], str)
                      for p in meta["preamble"])
              and (meta["document"] is None or (type(meta["document"]) is int and 0 <= meta["document"] < max(ndocs, 1)))
              and isinstance(meta["amount_unit"], str)
              and _header_groups_ok(meta.get("header_groups", {}), ncols))
    if not ok:
        raise FormatError(f"表 {r['table_id']} 的说明信息无效", f"table {r['table_id']}: bad description (meta)")
