"""The local store's schema: tables, version, migrations.

Every table has an explicit primary key that stays stable across machines (issue
ids are derived from the source text's SHA-256; table ids and row keys from the
parse), because the central office merges by them.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timezone
from typing import Callable

from ..errors import StoreError

#: "GPRF": marks our files, so that a foreign SQLite file is recognised as such.
APPLICATION_ID = 0x47505246
#: Version of the local store's schema; bump it and add a migration below.
SCHEMA_VERSION = 2

DDL = """
CREATE TABLE IF NOT EXISTS issues (
    issue_id    TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    path        TEXT NOT NULL,
    sha256      TEXT NOT NULL UNIQUE,
    encoding    TEXT NOT NULL,
    line_count  INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    operator    TEXT NOT NULL DEFAULT '',
    supersedes  TEXT REFERENCES issues(issue_id)
);
CREATE TABLE IF NOT EXISTS source_lines (
    issue_id TEXT NOT NULL REFERENCES issues(issue_id) ON DELETE CASCADE,
    line     INTEGER NOT NULL,
    text     TEXT NOT NULL,
    PRIMARY KEY (issue_id, line)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS documents (
    issue_id   TEXT NOT NULL REFERENCES issues(issue_id) ON DELETE CASCADE,
    doc_index  INTEGER NOT NULL,
    title      TEXT NOT NULL,
    doc_number TEXT NOT NULL,
    date       TEXT NOT NULL,
    first_line INTEGER NOT NULL,
    last_line  INTEGER NOT NULL,
    PRIMARY KEY (issue_id, doc_index)
);
CREATE TABLE IF NOT EXISTS parsed_tables (
    issue_id   TEXT NOT NULL REFERENCES issues(issue_id) ON DELETE CASCADE,
    table_id   TEXT NOT NULL,
    position   INTEGER NOT NULL,
    title      TEXT NOT NULL,
    first_line INTEGER NOT NULL,
    last_line  INTEGER NOT NULL,
    layout     TEXT NOT NULL,
    columns    TEXT NOT NULL,
    meta       TEXT NOT NULL,
    PRIMARY KEY (issue_id, table_id)
);
CREATE TABLE IF NOT EXISTS parsed_rows (
    issue_id   TEXT NOT NULL,
    table_id   TEXT NOT NULL,
    row_key    TEXT NOT NULL,
    position   INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    level      INTEGER NOT NULL,
    first_line INTEGER NOT NULL,
    last_line  INTEGER NOT NULL,
    cells      TEXT NOT NULL,
    flags      TEXT NOT NULL,
    raw_cells  TEXT,
    PRIMARY KEY (issue_id, table_id, row_key),
    FOREIGN KEY (issue_id, table_id) REFERENCES parsed_tables(issue_id, table_id) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS corrections (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid        TEXT NOT NULL UNIQUE,
    issue_id    TEXT NOT NULL REFERENCES issues(issue_id) ON DELETE CASCADE,
    table_id    TEXT,
    kind        TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('do', 'undo', 'redo')),
    target      INTEGER REFERENCES corrections(id),
    payload     TEXT NOT NULL,
    old_value   TEXT,
    new_value   TEXT,
    operator    TEXT NOT NULL,
    at          TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS corrections_issue ON corrections(issue_id, id);
CREATE TABLE IF NOT EXISTS review (
    issue_id TEXT NOT NULL REFERENCES issues(issue_id) ON DELETE CASCADE,
    table_id TEXT NOT NULL,
    status   TEXT NOT NULL CHECK (status IN ('todo', 'in_progress', 'proofread', 'approved')),
    operator TEXT NOT NULL,
    at       TEXT NOT NULL,
    PRIMARY KEY (issue_id, table_id)
);
CREATE TABLE IF NOT EXISTS review_log (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    issue_id TEXT NOT NULL,
    table_id TEXT NOT NULL,
    status   TEXT NOT NULL,
    operator TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS findings (
    issue_id  TEXT NOT NULL REFERENCES issues(issue_id) ON DELETE CASCADE,
    table_id  TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    rule      TEXT NOT NULL,
    severity  TEXT NOT NULL,
    line      INTEGER NOT NULL,
    row_line  INTEGER,
    col       INTEGER,
    stated    TEXT,
    actual    TEXT,
    message   TEXT NOT NULL,
    message_en TEXT NOT NULL,
    suggestion TEXT NOT NULL,
    PRIMARY KEY (issue_id, table_id, seq)
);
CREATE TABLE IF NOT EXISTS entity_names (
    issue_id TEXT NOT NULL REFERENCES issues(issue_id) ON DELETE CASCADE,
    name     TEXT NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (issue_id, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS carried_over (
    issue_id   TEXT NOT NULL,
    from_issue TEXT NOT NULL,
    correction INTEGER NOT NULL,
    outcome    TEXT NOT NULL CHECK (outcome IN ('carried', 'orphaned', 'already')),
    detail     TEXT NOT NULL,
    PRIMARY KEY (issue_id, correction)
);
"""



def _add_column(table: str, column: str, decl: str) -> Callable[[sqlite3.Connection], None]:
    """A migration step that adds a column unless an interrupted earlier run already did."""
    def step(conn: sqlite3.Connection) -> None:
        if column not in {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
    return step


#: Migrations: version reached -> the step that takes the previous version to it. Each runs
#: in the same transaction as the new user_version.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    # 2: the cells of a realigned (shifted) row as the OCR printed them, shown beside the
    # realignment; stores of version 1 show them as unknown.
    2: _add_column("parsed_rows", "raw_cells", "TEXT"),
}

EXPECTED_TABLES = {"issues", "source_lines", "documents", "parsed_tables", "parsed_rows", "corrections",
                   "review", "review_log", "findings", "carried_over", "entity_names"}


def now() -> str:
    """The current time, ISO 8601 with the UTC offset."""
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


def defensive(conn: sqlite3.Connection) -> None:
    """Settings for a file that may have been crafted: nothing it defines runs.

    ``trusted_schema`` off (no function with side effects from the schema); where Python
    offers it (3.12+), SQLite's defensive mode and triggers and views switched off for the
    connection. Triggers and views are also refused outright (:func:`check_ours`).
    """
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA cell_size_check = ON")
    setconfig = getattr(conn, "setconfig", None)
    if setconfig is not None:
        for name, value in (("SQLITE_DBCONFIG_DEFENSIVE", True), ("SQLITE_DBCONFIG_ENABLE_TRIGGER", False),
                            ("SQLITE_DBCONFIG_ENABLE_VIEW", False)):
            op = getattr(sqlite3, name, None)
            if op is not None:
                setconfig(op, value)


def check_ours(conn: sqlite3.Connection, path: str) -> None:
    """Refuse, without writing to it, a file that is another program's database, or ours
    with triggers or views in it (we never create any: someone added them)."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    user_tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                              "AND name NOT LIKE 'sqlite_%'")]
    if app_id != APPLICATION_ID and (app_id != 0 or user_tables):
        raise StoreError(f"{path} 不是本工具的数据库（是别的程序的 SQLite 文件）",
                         f"{path} is not a Gazette Proofreader store (another program's SQLite file)")
    foreign = conn.execute("SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view')").fetchall()
    if foreign:
        names = ", ".join(f"{r[0]} {r[1]}" for r in foreign)
        raise StoreError(f"{path} 含有本工具从不创建的触发器或视图（{names}），出于安全不予打开",
                         f"{path} contains triggers or views this tool never creates ({names}); refused")


def schema_signature(conn: sqlite3.Connection) -> dict[str, object]:
    """Every table, column (name, type, not null, default, key), index and uniqueness."""
    objects = sorted(tuple(r) for r in conn.execute(
        "SELECT type, name, tbl_name FROM sqlite_master WHERE name <> 'sqlite_sequence'"))
    sig: dict[str, object] = {"objects": objects}
    for kind, name, _table in objects:
        q = '"' + name.replace('"', '""') + '"'
        if kind == "table":
            sig["t:" + name] = [tuple(r) for r in conn.execute(f"PRAGMA table_xinfo({q})")]
            sig["l:" + name] = sorted(tuple(r)[1:] for r in conn.execute(f"PRAGMA index_list({q})"))
            sig["f:" + name] = sorted(tuple(r)[2:] for r in conn.execute(f"PRAGMA foreign_key_list({q})"))
        elif kind == "index":
            sig["i:" + name] = [tuple(r) for r in conn.execute(f"PRAGMA index_xinfo({q})")]
    return sig


_REFERENCE: dict[str, dict[str, object]] = {}


def reference_signature(central: bool = False) -> dict[str, object]:
    """The signature of a store created by this version (computed once, in memory); with
    ``central``, of a central office's file (the store's tables and the central ones)."""
    key = "central" if central else "store"
    if key not in _REFERENCE:
        mem = sqlite3.connect(":memory:")
        mem.executescript(DDL)
        if central:
            from .central import CENTRAL_DDL

            mem.executescript(CENTRAL_DDL)
        _REFERENCE[key] = schema_signature(mem)
        mem.close()
    return _REFERENCE[key]


def check_schema(conn: sqlite3.Connection, path: str) -> None:
    """Refuse a store whose tables, columns or indexes are not exactly ours."""
    have = schema_signature(conn)
    central = any(r[1] == "central_info" for r in have["objects"])  # type: ignore[attr-defined]
    want = reference_signature(central)
    if have != want:
        diff = sorted(k for k in set(have) | set(want) if have.get(k) != want.get(k))
        extra = sorted({r[1] for r in have["objects"]} - {r[1] for r in want["objects"]})  # type: ignore[attr-defined]
        what = ", ".join(extra[:5]) if extra else ", ".join(d.split(":", 1)[-1] for d in diff[:5])
        raise StoreError(f"{path} 的结构与本工具的数据库不符（{what}），可能被改动过，不予使用",
                         f"{path} does not have this tool's store structure ({what}); it may have been altered; "
                         "refused")


def prepare(conn: sqlite3.Connection, path: str) -> None:
    """Create the schema in a new store, or check and migrate an existing one."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    user_tables = {t for t in tables if not t.startswith("sqlite_")}
    if app_id == 0 and not user_tables:
        with conn:
            conn.executescript(DDL)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return
    if app_id != APPLICATION_ID:
        raise StoreError(f"{path} 不是本工具的数据库（是别的程序的 SQLite 文件）",
                         f"{path} is not a Gazette Proofreader store (another program's SQLite file)")
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path} 由更新版本的本工具创建（数据库版本 {version}，本版本支持 {SCHEMA_VERSION}）；请升级本工具",
                         f"{path} was written by a newer version of this tool (schema {version}, this one "
                         f"reads up to {SCHEMA_VERSION}); please upgrade")
    if version < 1:
        raise StoreError(f"{path} 的版本号无效（{version}），不是本工具写出的数据库，不予使用",
                         f"{path} has an invalid version number ({version}); not written by this tool; refused")
    missing = EXPECTED_TABLES - user_tables
    if missing:
        raise StoreError(f"{path} 的结构不完整（缺少 {', '.join(sorted(missing))}），可能已损坏",
                         f"{path} is incomplete (missing {', '.join(sorted(missing))}); it may be damaged")
    if version < SCHEMA_VERSION:
        migrate(conn, path, version)
    check_schema(conn, path)


def migrate(conn: sqlite3.Connection, path: str, version: int) -> None:
    """Bring the store from ``version`` to :data:`SCHEMA_VERSION`, after a backup copy."""
    backup = f"{path}.v{version}.{datetime.now().strftime('%Y%m%d%H%M%S')}.bak"
    # Through SQLite's backup API, never a file copy: opening and closing the store's file
    # outside SQLite would drop this process's locks on it (see store.open_store).
    try:
        copy = sqlite3.connect(backup)
        try:
            conn.backup(copy)
        finally:
            copy.close()
    except sqlite3.Error as exc:
        raise StoreError(f"无法写出升级前的备份 {backup}：{exc}", f"cannot write the backup {backup} before migrating: {exc}") from None
    try:
        # One transaction for all steps and the new version (the connection is in autocommit
        # mode, so ``with conn`` would not open one): a crash leaves the old version whole.
        conn.execute("BEGIN IMMEDIATE")
        try:
            for target in range(version + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[target](conn)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except (sqlite3.Error, KeyError) as exc:
        raise StoreError(f"升级数据库失败：{exc}；原文件的备份在 {backup}",
                         f"migrating the store failed: {exc}; a backup is at {backup}") from None


def default_db_path() -> str:
    """The store in the per-user data folder (created if missing)."""
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser(r"~\AppData\Local")
        folder = os.path.join(base, "GazetteProofreader")
    elif os.uname().sysname == "Darwin":
        folder = os.path.expanduser("~/Library/Application Support/GazetteProofreader")
    else:
        base = os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
        folder = os.path.join(base, "gazette-proofreader")
    os.makedirs(folder, exist_ok=True)
    return os.path.join(folder, "proofreader.sqlite")
