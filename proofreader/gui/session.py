"""The open issue as the window sees it, kept in step with the store.

:func:`load_issue` and :func:`load_catalog` read from a Store of their own (they run on
the worker thread). :class:`IssueSession` holds what the panes show and sends every
change through the core's correction loop over the window's Store: ``apply``,
``decide``, ``undo``, ``redo``, ``set_status``. A change is announced
(``changes_made``) only after the store returned, that is after it was committed.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from ..corrections import Correction
from ..loop import Changes, CorrectionLoop
from ..model import Claim, Document, Finding, Table
from ..store import IssueInfo, Store, TableInfo, open_store


@dataclass
class IssueData:
    """Everything the panes need to show one issue (read on the worker thread)."""

    issue_id: str
    name: str
    lines: list[str]
    documents: list[Document]
    infos: list[TableInfo]
    tables: dict[str, Table]
    findings: dict[str, list[Finding]]
    claims: dict[str, list[Claim]]
    load_seconds: float = 0.0
    #: Corrections of the previous OCR run not carried to this one (no same row): to look at.
    not_carried: list[str] = field(default_factory=list)


def load_issue(db_path: str, issue_id: str) -> IssueData:
    """Read one issue from the store at ``db_path`` with a connection of its own."""
    started = time.perf_counter()
    store = open_store(db_path)
    try:
        issue = store.current_issue(issue_id)
        infos = store.tables(issue_id)
        name = next((i.name for i in store.issues() if i.issue_id == issue_id), issue.source)
        tables = {t.id: t for t in issue.tables}
        return IssueData(
            issue_id=issue_id, name=name, lines=store.source_lines(issue_id), documents=list(issue.documents),
            infos=infos, tables=tables,
            findings={tid: store.findings(issue_id, tid) for tid in tables},
            claims={tid: store.claims(issue_id, tid) for tid in tables},
            load_seconds=time.perf_counter() - started, not_carried=store.not_carried(issue_id))
    finally:
        store.close()


@dataclass
class CatalogEntry:
    """An issue and its tables, for the navigator (``tables`` None: not read yet)."""

    info: IssueInfo
    tables: list[TableInfo] | None = field(default_factory=list)


def load_catalog(db_path: str, tables: bool = True) -> list[CatalogEntry]:
    """Every issue in the store, with its tables' status and counts when ``tables``.

    Listing tables means the store re-reads and re-checks each issue, so the window's
    start lists the issues only and reads their tables once the first issue is shown.
    """
    store = open_store(db_path)
    try:
        return [CatalogEntry(info, store.tables(info.issue_id) if tables else None) for info in store.issues()]
    finally:
        store.close()


class SharedStore:
    """The window's Store, used by the GUI thread and, once per opened issue, by the
    worker that reads the issue into it (so the first edit does not pay for it).

    Every call holds the lock; the Store's connection allows use from another thread.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.lock = threading.RLock()

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.store, name)
        if not callable(attr):
            return attr

        def locked(*args: Any, **kwargs: Any) -> Any:
            with self.lock:
                return attr(*args, **kwargs)
        return locked

    def try_call(self, fn: Callable[[Store], Any], default: Any) -> Any:
        """``fn(store)``, or ``default`` at once when the worker is holding the store."""
        if not self.lock.acquire(blocking=False):
            return default
        try:
            return fn(self.store)
        finally:
            self.lock.release()

    def warm(self, issue_id: str) -> None:
        """Read ``issue_id`` into the store's cache (runs on the worker thread)."""
        with self.lock:
            self.store.current_issue(issue_id)


class IssueSession(QObject):
    """One open issue: its lines, tables, findings, claims and review status, kept in
    step with the core's :class:`~proofreader.loop.CorrectionLoop` (the one correction
    loop and undo history, the store's). Every change comes back as a
    :class:`~proofreader.loop.Changes`, absorbed here for exactly the tables it lists,
    then announced with ``changes_made``."""

    #: Something was committed (or another program's change was read): the Changes.
    changes_made = Signal(object)

    def __init__(self, store: "SharedStore", data: IssueData, operator: Callable[[], str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.issue_id = data.issue_id
        self.name = data.name
        self.lines = data.lines
        self.documents = data.documents
        self.infos: dict[str, TableInfo] = {i.table_id: i for i in data.infos}
        self.order = [i.table_id for i in data.infos]
        self.tables = data.tables
        self.findings_by_table = data.findings
        self.claims_by_table = data.claims
        #: The window's store has read the issue (see ``SharedStore.warm``).
        self.ready = False
        self._operator = operator
        self._loop: CorrectionLoop | None = None
        self._loop_lock = threading.Lock()
        self._corrected: dict[str, dict] = {}
        self._spans = sorted((t.first_line, t.last_line, tid) for tid, t in self.tables.items())

    @property
    def loop(self) -> CorrectionLoop:
        """The correction loop (built once the store has read the issue; at once if needed)."""
        with self._loop_lock:
            if self._loop is None:
                from .i18n import current_language

                self._loop = CorrectionLoop(self.store, self.issue_id, self._operator, current_language())
            return self._loop

    # ------------------------------------------------------------------ reading

    def table(self, table_id: str) -> Table:
        return self.tables[table_id]

    def findings(self, table_id: str | None = None) -> list[Finding]:
        """The current findings of one table, or of the whole issue in table order."""
        if table_id is not None:
            return list(self.findings_by_table.get(table_id, []))
        return [f for tid in self.order for f in self.findings_by_table.get(tid, [])]

    def remaining(self, table_id: str | None = None) -> tuple[int, int]:
        """Open (undecided) errors and warnings of one table, or of the issue."""
        found = self.findings(table_id)
        return (sum(1 for f in found if f.severity == "error" and f.decision is None),
                sum(1 for f in found if f.severity == "warning" and f.decision is None))

    def claims(self, table_id: str) -> list[Claim]:
        return list(self.claims_by_table.get(table_id, []))

    def corrected_cells(self, table_id: str) -> dict:
        """(row key, column) -> original value, who, when, why: the cells corrected."""
        if table_id not in self._corrected:
            self._corrected[table_id] = self.loop.corrected_cells(table_id)
        return self._corrected[table_id]

    def table_at_line(self, line: int) -> str | None:
        """The table whose lines include ``line``, if any (innermost when nested)."""
        best: tuple[int, str] | None = None
        for first, last, tid in self._spans:
            if first <= line <= last and (best is None or last - first < best[0]):
                best = (last - first, tid)
        return best[1] if best else None

    def table_of_finding(self, finding: Finding) -> str | None:
        return finding.table if finding.table in self.tables else self.table_at_line(finding.line)

    # ------------------------------------------------------------------ changing

    def apply(self, corrections: list[Correction], reason: str = "") -> Changes:
        """Commit ``corrections`` as one step; absorb and announce what changed."""
        return self._absorb(self.loop.correct(corrections, reason))

    def decide(self, finding: Finding, kind: str, note: str) -> Changes:
        return self._absorb(self.loop.decide(finding, kind, note))

    def undo(self) -> Changes | None:
        changes = self.loop.undo()
        return self._absorb(changes) if changes is not None else None

    def redo(self) -> Changes | None:
        changes = self.loop.redo()
        return self._absorb(changes) if changes is not None else None

    def set_status(self, table_id: str, status: str) -> Changes:
        return self._absorb(self.loop.set_status(table_id, status))

    def history_state(self) -> tuple[str, str] | None:
        """(undo text, redo text), or None while the store is busy reading the issue."""
        if not self.ready:
            return None
        return self.store.try_call(lambda _st: (self.loop.undo_text(), self.loop.redo_text()), None)

    def correctors(self, table_id: str) -> set[str]:
        return self.store.correctors(self.issue_id, table_id)

    def history(self, table_id: str | None = None) -> list:
        return self.loop.history(table_id)

    def _absorb(self, changes: Changes) -> Changes:
        for tid, change in changes.tables.items():
            if tid not in self.tables:
                continue
            self.tables[tid] = self.store.table(self.issue_id, tid)
            self.findings_by_table[tid] = list(change.findings)
            self.claims_by_table[tid] = list(change.claims)
            self._corrected.pop(tid, None)
            if change.info is not None:
                self.infos[tid] = change.info
        self.changes_made.emit(changes)
        return changes
