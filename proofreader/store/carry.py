"""A newer OCR run of an issue: carry the proofreader's corrections over to it.

A correction is carried to the row of the new run that still matches the row it
was made on (same table, same text; else the same text with OCR noise, by
rapidfuzz); a correction the new run already contains is dropped as done; the rest
are listed for the proofreader, never applied blindly.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from ..corrections import ConfirmRow, Correction, Decide, DeleteRow, SetCell, SetKind, row_to_dict
from ..errors import CorrectionError
from ..model import ParsedIssue, Row, Table
from ..normalize import compact
from . import codec
from .schema import now

if TYPE_CHECKING:
    from .store import Store

#: How alike two rows' text must be (0-100) to be taken for the same row.
MATCH_SCORE = 90
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
    original = _original_rows(store, old_issue_id)
    effective = set(old_state.done)
    for rec in store._rows("SELECT * FROM corrections WHERE issue_id = ? ORDER BY id", old_issue_id):
        if rec["id"] not in effective:
            continue
        corr = Correction.from_json(json.loads(rec["payload"]))
        detail, carried = _carry_one(corr, original, new)
        if carried is None:
            plan.outcomes.append((rec["id"], "already" if detail.endswith(_ALREADY) else "orphaned", detail))
            continue
        try:
            carried.apply(new.table(carried.table_id))
        except (CorrectionError, KeyError):
            plan.outcomes.append((rec["id"], "orphaned", detail))
            continue
        plan.records.append((rec, carried))
        plan.outcomes.append((rec["id"], "carried", detail))
    return plan


def _original_rows(store: "Store", issue_id: str) -> dict[tuple[str, str], Row]:
    out: dict[tuple[str, str], Row] = {}
    for r in store._rows("SELECT * FROM parsed_rows WHERE issue_id = ?", issue_id):
        out[(r["table_id"], r["row_key"])] = Row(kind=r["kind"], cells=json.loads(r["cells"]),
                                                 first_line=r["first_line"], last_line=r["last_line"],
                                                 level=r["level"], key=r["row_key"])
    return out


def _text(row: Row) -> str:
    return compact("".join(row.cells))


def _find_row(table: Table, old: Row) -> Row | None:
    """The row of ``table`` that is ``old`` in the new run."""
    same = next((r for r in table.rows if r.key == old.key), None)
    if same is not None and same.cells == old.cells:
        return same
    target = _text(old)
    best, score = None, 0.0
    for r in table.rows:
        if r.kind != old.kind:
            continue
        s = 100.0 if _text(r) == target else fuzz.ratio(_text(r), target)
        if s > score:
            best, score = r, s
    return best if score >= MATCH_SCORE else None


def _carry_one(corr: Correction, original: dict[tuple[str, str], Row],
               new: ParsedIssue) -> tuple[str, Correction | None]:
    desc = corr.describe()
    if isinstance(corr, Decide):
        return _carry_decision(corr, original, new)
    if not isinstance(corr, (SetCell, DeleteRow, SetKind, ConfirmRow)):
        return f"{desc}：此类更正需人工在新版上重做", None
    key = corr.row_key
    old_row = original.get((corr.table_id, key))
    if old_row is None:
        return f"{desc}：原行是校对时插入的，需人工在新版上重做", None
    table = next((t for t in new.tables if t.id == corr.table_id), None)
    row = _find_row(table, old_row) if table is not None else None
    if row is None:
        for t in new.tables:
            row = _find_row(t, old_row)
            if row is not None:
                table = t
                break
    if row is None or table is None:
        return f"{desc}：新版中找不到这一行", None
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
