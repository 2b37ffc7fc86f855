"""The proofreader's correction loop over one issue, without Qt.

Opening an issue for editing gives one :class:`CorrectionLoop`: it reads the corrected
tables, findings and review status through the :class:`~proofreader.store.Store` (which
owns the re-checker and the one undo history), and every operation (a correction, several
corrections as one step, a decision on a finding, undo, redo, a review status) returns a
:class:`Changes` value that lists every table it touched: rows, findings, claims, open
counts, status. The window refreshes exactly those tables; the CLI prints from them.

A correction in one table can change another table's findings (a name edited here makes
a spelling there a near miss); the loop compares each table's findings before and after,
so such a table is listed too, whatever the re-checker did to find it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from .corrections import Correction, Decide, FixLine
from .decisions import AS_PRINTED, KINDS, find_entry, place, sign
from .errors import CorrectionError
from .model import ERROR, WARNING, Claim, Finding, Table
from .people import normalize_operator
from .store.schema import now
from .wording import describe, local_time

#: The note a decision needs (原件如此 / 不是问题 say why).
NOTE_REQUIRED = ("请写明理由（例如：原件此处即为 80，与合计不符）",
                 "write a note saying why (e.g. the print itself says 80 here)")


@dataclass
class TableChange:
    """One table after an operation: what the window shows for it."""

    table_id: str
    #: The rows changed (a correction, not only findings or status).
    rows: bool
    findings: list[Finding]
    claims: list[Claim]
    errors: int  # open errors (not decided)
    warnings: int  # open warnings
    status: str
    #: The operation moved the table back from 已校对/已审核 to 校对中.
    status_reset: bool = False
    #: The store's TableInfo (title, status, who and when, open counts) for the navigator.
    info: Any = None


@dataclass
class Changes:
    """What one operation changed, for the views to refresh exactly that."""

    issue_id: str
    correction_ids: list[int] = field(default_factory=list)
    description: str = ""
    tables: dict[str, TableChange] = field(default_factory=dict)
    undo_text: str = ""
    redo_text: str = ""
    #: A correction after the first of a step was refused: the error (the earlier ones are saved).
    error: Exception | None = None

    @property
    def saved(self) -> bool:
        return bool(self.correction_ids)

    @property
    def reset(self) -> list[str]:
        """Tables moved back to 校对中 by this operation."""
        return [t for t, c in self.tables.items() if c.status_reset]


@dataclass
class HistoryEntry:
    id: int
    table_id: str | None
    kind: str
    action: str
    operator: str
    at: str  # local time
    reason: str
    description: str


class CorrectionLoop:
    """One issue open for editing by one proofreader (``operator`` is asked each time:
    the window's name may change)."""

    def __init__(self, store: Any, issue_id: str, operator: Callable[[], str] | str, lang: str = "zh") -> None:
        self.store = store
        self.issue_id = issue_id
        self._operator = operator if callable(operator) else (lambda: operator)
        self.lang = lang
        #: Steps of several corrections made here (F9 on a realigned row), undone together.
        self._steps: list[list[int]] = []
        self._seen = self._snapshot()

    # ------------------------------------------------------------------ reading

    @property
    def operator(self) -> str:
        return normalize_operator(self._operator() or "")

    def table_ids(self) -> list[str]:
        return [t.id for t in self.store.current_issue(self.issue_id).tables]

    def table(self, table_id: str) -> Table:
        return self.store.table(self.issue_id, table_id)

    def findings(self, table_id: str | None = None) -> list[Finding]:
        return self.store.findings(self.issue_id, table_id)

    def claims(self, table_id: str) -> list[Claim]:
        return self.store.claims(self.issue_id, table_id)

    def remaining(self, table_id: str | None = None) -> tuple[int, int]:
        """Open (undecided) errors and warnings of a table, or of the issue."""
        found = self.findings(table_id)
        return (sum(1 for f in found if f.severity == ERROR and f.decision is None),
                sum(1 for f in found if f.severity == WARNING and f.decision is None))

    def history(self, table_id: str | None = None) -> list[HistoryEntry]:
        """The audit trail in plain words and local times."""
        tables = {t.id: t for t in self.store.current_issue(self.issue_id).tables}
        out = []
        for rec in self.store.history(self.issue_id, table_id):
            corr = self.store._correction(rec.id)
            text = describe(corr.inverse() if rec.action == "undo" else corr, tables.get(rec.table_id), self.lang)
            if rec.action in ("undo", "redo"):
                prefix = {"undo": ("撤销", "undone"), "redo": ("重做", "redone")}[rec.action]
                text = f"{prefix[1]}: {text}" if self.lang == "en" else f"{prefix[0]}：{text}"
            out.append(HistoryEntry(rec.id, rec.table_id, rec.kind, rec.action, rec.operator, local_time(rec.at),
                                    rec.reason, text))
        return out

    def corrected_cells(self, table_id: str) -> dict[tuple[str, int], dict[str, Any]]:
        """(row key, column) -> the cell's first value, last change (who, local time, reason)
        for every cell whose value differs from the OCR's now."""
        from .corrections import SetCell

        out: dict[tuple[str, int], dict[str, Any]] = {}
        table = self.table(table_id)
        current = {r.key: r for r in table.rows}
        for rec in self.store.history(self.issue_id, table_id):
            if rec.kind != "set_cell":
                continue
            corr = self.store._correction(rec.id)
            if not isinstance(corr, SetCell):
                continue
            key = (corr.row_key, corr.column)
            entry = out.setdefault(key, {"original": corr.old})
            entry.update(operator=rec.operator, at=local_time(rec.at), reason=rec.reason if rec.action == "do" else "")
        for key in list(out):
            row = current.get(key[0])
            value = row.cells[key[1]] if row is not None and key[1] < len(row.cells) else None
            if row is None or value == out[key]["original"]:
                del out[key]
            else:
                out[key]["value"] = value
        return out

    # ------------------------------------------------------------------ changing

    def correct(self, corrections: list[Correction], reason: str = "") -> Changes:
        """Commit ``corrections`` in order as one step (undone together)."""
        operator = self._require_operator()
        ids: list[int] = []
        error: Exception | None = None
        touched: set[str] = set()
        for c in corrections:
            try:
                applied = self.store.apply(self.issue_id, c, operator, reason)
            except Exception as exc:  # noqa: BLE001  # the first refusal is raised, a later one reported
                if not ids:
                    raise
                error = exc
                break
            ids.append(applied.correction_id)
            if c.table_id is not None and not isinstance(c, (Decide, FixLine)):
                touched.add(c.table_id)
        if len(ids) > 1:
            self._steps.append(ids)
        texts = [describe(c, self._table_or_none(c.table_id), self.lang) for c in corrections[:len(ids)]]
        return self._changes(ids, "；".join(texts) if self.lang != "en" else "; ".join(texts), touched, error)

    def decide(self, finding: Finding, kind: str, note: str) -> Changes:
        """原件如此 (``as_printed``) or 不是问题 (``dismissed``) on ``finding``, with a note."""
        if kind not in KINDS:
            raise CorrectionError(f"未知的决定：{kind}", f"unknown decision: {kind}")
        note = (note or "").strip()
        if not note:
            raise CorrectionError(*NOTE_REQUIRED)
        table_id = self._table_of(finding)
        table = self.table(table_id)
        entry = {"as": kind, "note": note, "operator": self._require_operator(), "at": now(),
                 "sign": sign(table, finding)}
        previous = find_entry(table, finding)
        return self.correct([Decide(table_id, place(finding), entry, previous)])

    def withdraw(self, finding: Finding) -> Changes:
        """Take a decision back: the finding is open again."""
        table_id = self._table_of(finding)
        previous = find_entry(self.table(table_id), finding)
        if previous is None:
            raise CorrectionError("这一条没有决定可撤回", "this finding has no decision to withdraw")
        return self.correct([Decide(table_id, place(finding), None, previous)])

    def undo(self) -> Changes | None:
        """Take back this proofreader's last step (several corrections made as one: all)."""
        return self._history_step(undo=True)

    def redo(self) -> Changes | None:
        return self._history_step(undo=False)

    def set_status(self, table_id: str, status: str) -> Changes:
        self.store.set_status(self.issue_id, table_id, status, self._require_operator())
        return self._changes([], "", set(), None)

    def refresh(self) -> Changes:
        """Whatever changed since the loop last looked (another window or program)."""
        return self._changes([], "", set(), None)

    def can_undo(self) -> bool:
        return bool(self.store.can_undo(self.issue_id, **self._who()))

    def can_redo(self) -> bool:
        return bool(self.store.can_redo(self.issue_id, **self._who()))

    def undo_text(self) -> str:
        """What Ctrl+Z would take back, in plain words ("" when nothing)."""
        return self._peek(self._next_target(undo=True))

    def redo_text(self) -> str:
        """What Ctrl+Y would do again."""
        return self._peek(self._next_target(undo=False), inverse=True)

    # ------------------------------------------------------------------ inside

    def _require_operator(self) -> str:
        operator = self.operator
        if not operator:
            raise CorrectionError("请填写校对人姓名", "an operator name is required")
        return operator

    def _who(self) -> dict[str, str]:
        """The per-proofreader undo of the store, when it has one."""
        import inspect

        params = inspect.signature(self.store.can_undo).parameters
        return {"operator": self.operator} if "operator" in params else {}

    def _table_or_none(self, table_id: str | None) -> Table | None:
        try:
            return self.table(table_id) if table_id else None
        except (CorrectionError, KeyError):
            return None

    def _table_of(self, finding: Finding) -> str:
        ids = self.table_ids()
        if finding.table in ids:
            return finding.table
        for t in self.store.current_issue(self.issue_id).tables:
            if t.first_line <= finding.line <= t.last_line:
                return t.id
        raise CorrectionError("这一条不属于任何表格，不能在此决定", "this finding belongs to no table")

    def _next_target(self, undo: bool) -> int | None:
        """The correction this proofreader's undo (redo) would take back (do again)."""
        state = self.store._state(self.issue_id)
        history = getattr(state, "history", None)
        if history is not None:  # the store's per-proofreader history
            return history.last_done(self.operator) if undo else history.last_undone(self.operator)
        stack = state.done if undo else state.redo
        return stack[-1] if stack else None

    def _peek(self, cid: int | None, inverse: bool = False) -> str:
        if cid is None:
            return ""
        corr = self.store._correction(cid)
        if inverse:  # a redo carries out the inverse of the undo it takes back
            corr = corr.inverse()
        return describe(corr, self._table_or_none(corr.table_id), self.lang)

    def _history_step(self, undo: bool) -> Changes | None:
        operator = self._require_operator()
        target = self._next_target(undo=undo)
        group = None
        if target is not None:
            group = next((g for g in self._steps if g and g[-1] == target), None)
        count = len(group) if group else 1
        ids: list[int] = []
        touched: set[str] = set()
        texts: list[str] = []
        for _ in range(count):
            text = self._peek(self._next_target(undo=undo), inverse=not undo)
            applied = (self.store.undo if undo else self.store.redo)(self.issue_id, operator)
            if applied is None:
                break
            ids.append(applied.correction_id)
            texts.append(text)
            corr = self.store._correction(applied.correction_id)
            if corr.table_id is not None and not isinstance(corr, (Decide, FixLine)):
                touched.add(corr.table_id)
        if not ids:
            return None
        if group is not None:
            self._steps.remove(group)
            if len(ids) == len(group) > 1:
                self._steps.append(ids)  # the step can be redone (undone) as one again
        return self._changes(ids, ("; " if self.lang == "en" else "；").join(texts), touched, None)

    def _snapshot(self) -> dict[str, tuple]:
        infos = {i.table_id: i for i in self.store.tables(self.issue_id)}
        out = {}
        for tid in self.table_ids():
            info = infos.get(tid)
            out[tid] = (self.findings(tid), info.status if info else "todo", self.table(tid), info)
        return out

    def _changes(self, ids: list[int], description: str, touched: set[str], error: Exception | None) -> Changes:
        before = self._seen
        after = self._snapshot()
        changes = Changes(self.issue_id, ids, description, error=error)
        for tid, (found, status, table_ref, info) in after.items():
            old = before.get(tid)
            rows = tid in touched or old is None or (old[2] is not table_ref and _rows(old[2]) != _rows(table_ref))
            if not rows and old is not None and old[0] == found and old[1] == status:
                continue
            changes.tables[tid] = TableChange(
                tid, rows, found, self.claims(tid), info.errors, info.warnings, status,
                status_reset=old is not None and old[1] in ("proofread", "approved") and status == "in_progress",
                info=info)
        self._seen = after
        changes.undo_text = self.undo_text()
        changes.redo_text = self.redo_text()
        return changes


def _rows(table: Table) -> list[tuple]:
    return [(r.key, r.kind, r.level, tuple(r.cells), tuple(r.flags)) for r in table.rows]


__all__ = ["AS_PRINTED", "Changes", "CorrectionLoop", "HistoryEntry", "TableChange"]
