"""What the store does on a central file: conflicts, their resolution, the findings cache.

Kept apart from :mod:`store` (which every window and command loads) because only the
central office needs it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..corrections import SetCell
from ..errors import CorrectionError, StoreError
from ..model import Finding
from . import codec
from .central import Conflict, conflict_findings, list_conflicts

if TYPE_CHECKING:
    from .store import Applied, Store


def _require_central(store: "Store") -> None:
    if not store.is_central:
        raise StoreError(f"{store.path} 不是中心汇总文件（用 merge --into 生成）",
                         f"{store.path} is not a central file (made by merge --into)")


def effective_corrections(store: "Store") -> set[int]:
    """Ids of the store's corrections that are in effect (done or redone, not undone)."""
    effective: set[int] = set()
    for cid, action, target in store.conn.execute("SELECT id, action, target FROM corrections ORDER BY id"):
        if action == "undo":
            effective.discard(target)
        else:  # "do", or "redo" (the redo is a new correction in effect)
            effective.add(cid)
    return effective


def conflicts(store: "Store", issue_id: str | None = None, include_closed: bool = False) -> list[Conflict]:
    _require_central(store)
    return list_conflicts(store.conn, effective_corrections(store), issue_id, include_closed)


def conflict_findings_of(store: "Store", issue_id: str, table_id: str | None = None) -> list[Finding]:
    found = conflict_findings(conflicts(store, issue_id))
    return [f for f in found if table_id is None or f.table == table_id]


def resolve(store: "Store", conflict_id: int, take: str, operator: str, reason: str = "") -> "Applied":
    """Settle conflict ``conflict_id``: ``take`` names a person (their value) or is the value."""
    _require_central(store)
    match = [c for c in conflicts(store, include_closed=True) if c.id == conflict_id]
    if not match:
        raise CorrectionError(f"没有编号为 {conflict_id} 的冲突", f"no conflict number {conflict_id}")
    c = match[0]
    if c.column_index is None or c.table_id is None or c.row_key is None:
        raise CorrectionError(f"冲突 #{c.id} 不是单元格的冲突（{c.column_name}），请在窗口中直接修改该行",
                              f"conflict #{c.id} is not about a cell ({c.column_name}); edit the row in the window")
    people = {s["operator"]: s["value"] for s in c.sides}
    value = people.get(take, take)
    if not isinstance(value, str):
        raise CorrectionError(f"“{take}”的值不是文本", f"the value of {take!r} is not text")
    table = store.table(c.issue_id, c.table_id)
    row = next((r for r in table.rows if r.key == c.row_key), None)
    if row is None:
        raise CorrectionError(f"冲突 #{c.id} 的行已不在表中", f"the row of conflict #{c.id} is no longer in the table")
    old = row.cells[c.column_index] if c.column_index < len(row.cells) else ""
    why = reason or f"解决冲突 #{c.id}"
    # Store.apply records the settlement with the correction (one transaction).
    applied = store.apply(c.issue_id, SetCell(c.table_id, c.row_key, c.column_index, old, value), operator, why)
    refresh_cache(store, [c.issue_id])
    return applied


def refresh_cache(store: "Store", issue_ids: list[str]) -> None:
    """Rewrite the findings cache (the issue list's counts) of ``issue_ids``."""
    from .store import _INSERT_FINDING, _Tx

    for iid in issue_ids:
        store._states.pop(iid, None)
        state = store._state(iid)
        with _Tx(store.conn, durable=False):
            store.conn.execute("DELETE FROM findings WHERE issue_id = ?", (iid,))
            for t in state.issue.tables:
                found = store.findings(iid, t.id)
                store.conn.executemany(_INSERT_FINDING, codec.finding_records(iid, t.id, found))
        store._data_version = store._version()


def trail_records(store: "Store", issue_id: str) -> list[dict]:
    """Every proofreader's audit records of ``issue_id`` in the central file, by time."""
    return [dict(r) for r in store.conn.execute(
        "SELECT t.*, (SELECT group_concat(DISTINCT e.file) FROM central_contributions c JOIN central_exports e "
        "ON e.digest = c.digest WHERE c.issue_id = t.issue_id AND instr(c.trail, t.uuid) > 0) AS files "
        "FROM central_trail t WHERE t.issue_id = ? ORDER BY t.at, t.seq, t.uuid", (issue_id,))]


def add_installation(store: "Store", key_hex: str, name: str) -> str:
    """Register an installation's key with the central file; returns its id."""
    from . import signing
    from .schema import now

    _require_central(store)
    key = bytes.fromhex(key_hex)
    kid = signing.key_id(key)
    with store._write():
        store.conn.execute("INSERT INTO central_installations (key_id, key_hex, name, added_at) VALUES (?,?,?,?) "
                           "ON CONFLICT (key_id) DO UPDATE SET name = excluded.name", (kid, key.hex(), name, now()))
    return kid


def describe(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
