"""A newer OCR run of an issue: carry the proofreader's corrections over to it.

A correction is carried only to the *same* row of the new run: in the table of the same
title, at the same place in its group (the group header above it, and how many rows of
its kind lie between), with the same key cells (serial, name, place, category; never the
cell corrected). A look-alike is not the same row: seed 002 alone has 31 pairs of
different rows whose text scores 90 or more by fuzzy matching. A correction the new run
already contains is recorded as done; every other one is kept as "not carried, needs a
look" (未沿用，需查看), listed by ``import``, ``issues`` and the window, never dropped and
never moved to another row.
"""

from __future__ import annotations

import copy
import json
import sqlite3
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..corrections import ConfirmRow, Correction, Decide, DeleteRow, SetCell, SetKind, row_to_dict
from ..errors import CorrectionError
from ..model import GROUP, ParsedIssue, Row, Table
from ..normalize import compact
from . import codec
from .schema import now

if TYPE_CHECKING:
    from .store import Store

_ALREADY = "新版已是更正后的值"


@dataclass
class CarryPlan:
    """What happens to each correction of the previous run."""

    records: list[tuple[dict, Correction]] = field(default_factory=list)  # (old record, carried correction)
    outcomes: list[tuple[int, str, str]] = field(default_factory=list)  # (old id, outcome, detail)

    @property
    def carried(self) -> int:
        return len(self.records)

    @property
    def orphaned(self) -> list[str]:
        return [d for _, o, d in self.outcomes if o == "orphaned"]

    def record(self, conn: sqlite3.Connection, issue_id: str) -> None:
        """Write the carried corrections and the outcomes (inside the import's transaction)."""
        for old, corr in self.records:
            conn.execute(
                "INSERT INTO corrections (uuid, issue_id, table_id, kind, action, target, payload, old_value, "
                "new_value, operator, at, reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (uuid.uuid4().hex, issue_id, corr.table_id, corr.kind, "do", None, codec.dumps(corr.to_json()),
                 codec.dumps(corr.old_value()), codec.dumps(corr.new_value()), old["operator"], now(),
                 f"沿用上一版 OCR 的更正 #{old['id']}（{old['at']}）" + (f"：{old['reason']}" if old["reason"] else "")))
        for old_id, outcome, detail in self.outcomes:
            conn.execute("INSERT OR REPLACE INTO carried_over (issue_id, from_issue, correction, outcome, detail) "
                         "VALUES (?, (SELECT issue_id FROM corrections WHERE id = ?), ?, ?, ?)",
                         (issue_id, old_id, old_id, outcome, detail))


def carry_over(store: "Store", old_issue_id: str, new: ParsedIssue) -> CarryPlan:
    """Plan (and apply in memory to ``new``'s tables) the carrying of the old run's corrections."""
    plan = CarryPlan()
    old_state = store._state(old_issue_id)
    old_tables = _original_tables(store, old_issue_id)
    pristine = _Places(new)  # positions in the new run as parsed, before anything is carried
    effective = set(old_state.history.in_effect())
    for rec in store._rows("SELECT * FROM corrections WHERE issue_id = ? ORDER BY id", old_issue_id):
        if rec["id"] not in effective:
            continue
        corr = Correction.from_json(json.loads(rec["payload"]))
        detail, carried = _carry_one(corr, old_tables, pristine, new)
        if carried is None:
            plan.outcomes.append((rec["id"], "already" if detail.endswith(_ALREADY) else "orphaned", detail))
            continue
        try:
            carried.apply(new.table(carried.table_id))
        except (CorrectionError, KeyError):
            plan.outcomes.append((rec["id"], "orphaned", f"{detail}：{_LOOK}"))
            continue
        plan.records.append((rec, carried))
        plan.outcomes.append((rec["id"], "carried", detail))
    return plan


#: The outcome shown for a correction that was not carried (kept, for the proofreader to look at).
_LOOK = "未沿用，需查看"


def _original_tables(store: "Store", issue_id: str) -> dict[str, Table]:
    """The old run's tables as parsed (before any correction): rows in order, title, roles."""
    rows: dict[str, list[dict]] = {}
    for r in store._rows("SELECT * FROM parsed_rows WHERE issue_id = ? ORDER BY table_id, position", issue_id):
        rows.setdefault(r["table_id"], []).append(r)
    return {t["table_id"]: codec.table_from_records(t, rows.get(t["table_id"], []))
            for t in store._rows("SELECT * FROM parsed_tables WHERE issue_id = ?", issue_id)}


def _text(row: Row) -> str:
    return compact("".join(row.cells))


def _place(rows: list[Row], index: int) -> tuple[str, str, int]:
    """Where a row is: its kind, the text of the group header above it, and how many rows
    of its kind come between that header and it."""
    row = rows[index]
    header, n = "", 0
    for r in reversed(rows[:index]):
        if r.kind == GROUP:
            header = _text(r)
            break
        if r.kind == row.kind:
            n += 1
    return row.kind, header, n


class _Places:
    """The new run's rows by table title and place, as parsed."""

    def __init__(self, issue: ParsedIssue) -> None:
        self.by_title: dict[str, list[tuple[Table, dict[tuple[str, str, int], Row]]]] = {}
        for t in issue.tables:
            rows = [copy.copy(r) for r in t.rows]
            for r, orig in zip(rows, t.rows):
                r.cells = list(orig.cells)
            places = {_place(rows, i): r for i, r in enumerate(rows)}
            self.by_title.setdefault(compact(t.title), []).append((t, places))


def _key_columns(table: Table, changed: int | None) -> list[int]:
    """The cells that say which row this is: the serial, name, place and category columns
    (whichever the table has), without the one corrected; all other cells if none."""
    keys = [table.roles[r] for r in ("serial", "name", "place", "category") if r in table.roles]
    keys = [k for k in keys if k != changed]
    return keys or [k for k in range(len(table.columns)) if k != changed]


def _cells(row: Row, columns: list[int]) -> list[str]:
    return [compact(row.cells[k]) if k < len(row.cells) else "" for k in columns]


def _find_row(old_table: Table, old_index: int, pristine: _Places, changed: int | None
              ) -> tuple[Table | None, Row | None, str]:
    """The same row in the new run: in the table of the same title, at the same place in
    its group, with the same key cells. Never a look-alike: otherwise (None, None, why)."""
    old_row = old_table.rows[old_index]
    candidates = pristine.by_title.get(compact(old_table.title), [])
    if not candidates:
        return None, None, "新版中没有同名的表"
    place = _place(old_table.rows, old_index)
    keys = _key_columns(old_table, changed)
    found = []
    for table, places in candidates:
        row = places.get(place)
        if row is not None and len(table.columns) == len(old_table.columns) and \
                _cells(row, keys) == _cells(old_row, keys):
            found.append((table, row))
    if len(found) == 1:
        return found[0][0], found[0][1], ""
    if len(found) > 1:
        same_id = [f for f in found if f[0].id == old_table.id]
        if len(same_id) == 1:
            return same_id[0][0], same_id[0][1], ""
        return None, None, "新版中有不止一处相同的行"
    return None, None, "新版中同一位置不是同一行（行已移动、缺失或关键字段不同）"


def _carry_one(corr: Correction, old_tables: dict[str, Table], pristine: _Places,
               new: ParsedIssue) -> tuple[str, Correction | None]:
    desc = corr.describe()
    if isinstance(corr, Decide):
        original = {(tid, r.key): r for tid, t in old_tables.items() for r in t.rows}
        return _carry_decision(corr, original, new)
    if not isinstance(corr, (SetCell, DeleteRow, SetKind, ConfirmRow)):
        return f"{desc}：此类更正需人工在新版上重做（{_LOOK}）", None
    old_table = old_tables.get(corr.table_id or "")
    old_index = next((i for i, r in enumerate(old_table.rows) if r.key == corr.row_key), None) \
        if old_table is not None else None
    if old_table is None or old_index is None:
        return f"{desc}：原行是校对时插入的，需人工在新版上重做（{_LOOK}）", None
    changed = corr.column if isinstance(corr, SetCell) else None
    table, found, why = _find_row(old_table, old_index, pristine, changed)
    if table is None or found is None:
        return f"{desc}：{why}（{_LOOK}）", None
    table = new.table(table.id)
    row = next((r for r in table.rows if r.key == found.key), None)  # as it is now (earlier carries applied)
    if row is None:
        return f"{desc}：这一行已被沿用的删除去掉（{_LOOK}）", None
    if isinstance(corr, SetCell):
        current = row.cells[corr.column] if corr.column < len(row.cells) else ""
        if current == corr.new:
            return f"{desc}：{_ALREADY}", None
        return desc, SetCell(table.id, row.key, corr.column, current, corr.new)
    if isinstance(corr, ConfirmRow):
        if corr.flag not in row.flags:
            return f"{desc}：{_ALREADY}", None
        return desc, ConfirmRow(table.id, row.key, corr.flag)
    if isinstance(corr, DeleteRow):
        idx = table.rows.index(row)
        return desc, DeleteRow(table.id, row.key, row_to_dict(row), table.rows[idx - 1].key if idx else None)
    return desc, SetKind(table.id, row.key, row.kind, corr.new_kind, row.level, corr.new_level)


def _carry_decision(corr: Decide, original: dict[tuple[str, str], Row],
                    new: ParsedIssue) -> tuple[str, Correction | None]:
    """A decision goes with its row: the same row (same key and cells) in the same table
    of the new run, its lines moved by as much as the row moved. A decision on the table
    as a whole goes with the table's first line. Otherwise it is left for the proofreader."""
    desc = corr.describe()
    table = next((t for t in new.tables if t.id == corr.table_id), None)
    if table is None:
        return f"{desc}：新版中找不到这张表", None
    anchor = corr.finding.get("row_line") or corr.finding.get("line")
    firsts = [r.first_line for (tid, _k), r in original.items() if tid == corr.table_id]
    if not firsts or not table.rows:
        return f"{desc}：新版中找不到这张表的行", None
    shift = table.rows[0].first_line - min(firsts)  # how far the table moved
    old = next((r for (tid, _k), r in original.items() if tid == corr.table_id and r.first_line == anchor), None)
    if old is not None:
        # The same row: same kind and cells; of several, the one that moved as the table did.
        same = [r for r in table.rows if r.kind == old.kind and r.cells == old.cells]
        if not same:
            return f"{desc}：新版中找不到同一行", None
        row = min(same, key=lambda r: abs(r.first_line - old.first_line - shift))
        shift = row.first_line - old.first_line
    finding = dict(corr.finding)
    for k in ("line", "row_line"):
        if finding.get(k) is not None:
            finding[k] += shift
    entry = None if corr.entry is None else {**corr.entry, **{k: finding[k] for k in ("line", "row_line")}}
    return desc, Decide(table.id, finding, entry, None)
