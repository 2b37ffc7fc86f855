"""The open issue as the window sees it, kept in step with the store.

:func:`load_issue` and :func:`load_catalog` read from a Store of their own (they run on
the worker thread). :class:`IssueSession` holds what the panes show and sends every
change through the window's Store: ``apply``, ``undo``, ``redo``, ``set_status``. A
change is reported (``changed``/``saved``) only after the store returned, that is after
the correction was committed.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from ..corrections import Correction
from ..model import Claim, Document, Finding, Table
from ..store import Applied, IssueInfo, Store, TableInfo, open_store


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
            load_seconds=time.perf_counter() - started)
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
    """One open issue: its lines, tables, findings, claims and review status."""

    #: A table's rows, findings or status changed (after a committed change).
    changed = Signal(str)
    #: A correction was committed: its id and a description for the status bar.
    saved = Signal(int, str)

    def __init__(self, store: "SharedStore", data: IssueData, parent: QObject | None = None) -> None:
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
        self._spans = sorted((t.first_line, t.last_line, tid) for tid, t in self.tables.items())

    # ------------------------------------------------------------------ reading

    def table(self, table_id: str) -> Table:
        return self.tables[table_id]

    def findings(self, table_id: str | None = None) -> list[Finding]:
        """The current findings of one table, or of the whole issue in table order."""
        if table_id is not None:
            return list(self.findings_by_table.get(table_id, []))
        return [f for tid in self.order for f in self.findings_by_table.get(tid, [])]

    def claims(self, table_id: str) -> list[Claim]:
        return list(self.claims_by_table.get(table_id, []))

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

    def apply(self, correction: Correction, operator: str) -> Applied:
        """Commit ``correction`` through the store, then refresh what it touched."""
        applied = self.store.apply(self.issue_id, correction, operator)
        self._after(applied, correction.describe(self._lang()))
        return applied

    def undo(self, operator: str) -> Applied | None:
        applied = self.store.undo(self.issue_id, operator)
        if applied is not None:
            self._after(applied, self._describe_last(applied))
        return applied

    def redo(self, operator: str) -> Applied | None:
        applied = self.store.redo(self.issue_id, operator)
        if applied is not None:
            self._after(applied, self._describe_last(applied))
        return applied

    def can_undo(self) -> bool:
        return self.store.can_undo(self.issue_id)

    def can_redo(self) -> bool:
        return self.store.can_redo(self.issue_id)

    def history_state(self) -> tuple[bool, bool]:
        """(can undo, can redo) without waiting: both True until the store has read the issue."""
        if not self.ready:
            return True, True
        return self.store.try_call(lambda st: (st.can_undo(self.issue_id), st.can_redo(self.issue_id)),
                                   (True, True))

    def set_status(self, table_id: str, status: str, operator: str) -> None:
        self.store.set_status(self.issue_id, table_id, status, operator)
        self._refresh_infos()
        self.changed.emit(table_id)

    def correctors(self, table_id: str) -> set[str]:
        return self.store.correctors(self.issue_id, table_id)

    def history(self, table_id: str | None = None) -> list:
        return self.store.history(self.issue_id, table_id)

    def _after(self, applied: Applied, description: str) -> None:
        tid = applied.table_id
        if tid is not None and tid in self.tables:
            self.tables[tid] = self.store.table(self.issue_id, tid)
            self.findings_by_table[tid] = list(applied.findings)
            self.claims_by_table[tid] = self.store.claims(self.issue_id, tid)
        self._refresh_infos()
        self.saved.emit(applied.correction_id, description)
        if tid is not None:
            self.changed.emit(tid)

    def _describe_last(self, applied: Applied) -> str:
        records = self.store.history(self.issue_id, applied.table_id)
        for rec in reversed(records):
            if rec.id == applied.correction_id:
                return rec.description
        return ""

    def _refresh_infos(self) -> None:
        for info in self.store.tables(self.issue_id):
            self.infos[info.table_id] = info

    @staticmethod
    def _lang() -> str:
        from .i18n import current_language

        return current_language()
