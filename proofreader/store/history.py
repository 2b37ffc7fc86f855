"""Each proofreader's own undo and redo, kept from the audit trail.

The audit trail (table ``corrections``) is the one history: every correction, every undo
(recorded as the inverse, ``action='undo'``, ``target`` = the undone correction) and every
redo. Replaying it gives, per proofreader, the stack of their corrections that are in
effect (what their Ctrl+Z takes back, last first) and the stack of their undos (what
their Ctrl+Y puts back). Another person's work is never on my stacks.

Undoing is refused when someone else has changed the same thing since (the same cell;
for a row inserted, deleted, split or merged, anything in that row): the message names
them. A change by someone else that they themselves undid again does not count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..corrections import (ConfirmRow, Correction, Decide, DeleteRow, FixLine, InsertRow, MergeRows, MoveRow, SetCell,
                           SetKind, SplitRow, Unconfirm)
from ..errors import CorrectionError
from ..people import normalize_operator

Touch = tuple


#: A proofreader's name as stored and compared (trimmed, spaces and full width folded).
operator_name = normalize_operator


def touches(c: Correction) -> frozenset[Touch]:
    """What a correction changes: a cell, a row's kind/flags/position, whole rows, a line."""
    t = c.table_id
    if isinstance(c, FixLine):
        return frozenset({("line", c.line)})
    if isinstance(c, Decide):  # a decision on one finding: only another decision on it meets it
        f = c.finding
        return frozenset({("decision", t, f.get("rule"), f.get("line"), f.get("row_line"), f.get("column"))})
    if isinstance(c, SetCell):
        return frozenset({("cell", t, c.row_key, c.column)})
    if isinstance(c, (SetKind, ConfirmRow, Unconfirm, MoveRow)):
        return frozenset({("meta", t, c.row_key)})
    if isinstance(c, InsertRow):
        return frozenset({("row", t, c.row.get("key"))})
    if isinstance(c, DeleteRow):
        return frozenset({("row", t, c.row_key)})
    if isinstance(c, SplitRow):
        return frozenset({("row", t, c.row_key), ("row", t, c.new_key)})
    if isinstance(c, MergeRows):
        return frozenset({("row", t, c.first_key), ("row", t, c.second_key)})
    keys = [getattr(c, a) for a in ("row_key", "first_key", "second_key", "new_key") if getattr(c, a, None)]
    return frozenset({("row", t, k) for k in keys} or {("table", t)})


def overlap(a: frozenset[Touch], b: frozenset[Touch]) -> bool:
    if a & b:
        return True
    rows_a = {x[1:3] for x in a if x[0] == "row"}
    rows_b = {x[1:3] for x in b if x[0] == "row"}
    tables_a = {x[1] for x in a if x[0] == "table"}
    tables_b = {x[1] for x in b if x[0] == "table"}
    for x in b:
        if x[0] in ("cell", "meta", "row") and (x[1:3] in rows_a or x[1] in tables_a):
            return True
    for x in a:
        if x[0] in ("cell", "meta", "row") and (x[1:3] in rows_b or x[1] in tables_b):
            return True
    return False


@dataclass
class Entry:
    """One record of the trail as undo sees it."""

    id: int
    action: str
    target: int | None
    operator: str
    touches: frozenset[Touch]


@dataclass
class History:
    """Per-proofreader undo and redo stacks of one issue, replayed from its trail."""

    done: dict[str, list[int]] = field(default_factory=dict)
    undone: dict[str, list[int]] = field(default_factory=dict)
    entries: dict[int, Entry] = field(default_factory=dict)

    def track(self, cid: int, action: str, target: int | None, operator: str, correction: Correction) -> None:
        """Add one record of the trail (in id order)."""
        who = operator_name(operator)
        self.entries[cid] = Entry(cid, action, target, who, touches(correction))
        done = self.done.setdefault(who, [])
        undone = self.undone.setdefault(who, [])
        if action == "do":
            done.append(cid)
            undone.clear()
        elif action == "undo":
            # Whoever's it was (older stores let anyone undo anything), it leaves their stack.
            for stack in self.done.values():
                if target in stack:
                    stack.remove(target)
                    break
            undone.append(cid)
        elif action == "redo":
            for stack in self.undone.values():
                if target in stack:
                    stack.remove(target)
                    break
            done.append(cid)

    def in_effect(self) -> list[int]:
        """Every correction in effect (not undone), in the order made."""
        return sorted(c for stack in self.done.values() for c in stack)

    def last_done(self, operator: str) -> int | None:
        stack = self.done.get(operator_name(operator))
        return stack[-1] if stack else None

    def last_undone(self, operator: str) -> int | None:
        stack = self.undone.get(operator_name(operator))
        return stack[-1] if stack else None

    def changed_since(self, cid: int, operator: str) -> str | None:
        """The name of someone else who changed what ``cid`` changed after it (and has not
        undone that change themselves), or None."""
        mine = self.entries[cid].touches
        who = operator_name(operator)
        later = [e for e in self.entries.values() if e.id > cid]
        cancelled: set[int] = set()  # a later change and its own later undo cancel out
        for e in later:
            if e.action == "undo" and e.target is not None and e.target > cid:
                cancelled |= {e.target, e.id}
        for e in sorted(later, key=lambda e: e.id, reverse=True):
            if e.operator != who and e.id not in cancelled and overlap(mine, e.touches):
                return e.operator
        return None

    def check(self, action: str, target: int, operator: str) -> None:
        """Refuse an undo/redo of ``target`` that is no longer this person's to make."""
        expected = self.last_done(operator) if action == "undo" else self.last_undone(operator)
        if expected != target:
            raise CorrectionError("这一步已被撤销或重做（可能在另一个窗口中），请刷新后重试",
                                  "this step was already undone or redone (perhaps in another window); try again")
        other = self.changed_since(target, operator)
        if other is not None:
            verb, verb_en = ("撤销", "undo") if action == "undo" else ("重做", "redo")
            raise CorrectionError(f"无法{verb}：{other} 在此之后改过同一处；请与 {other} 核对后直接修改",
                                  f"cannot {verb_en}: {other} has changed the same place since; check with {other} "
                                  "and correct it directly")
