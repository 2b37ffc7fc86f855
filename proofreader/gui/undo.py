"""Undo and redo: a thin ``QUndoCommand`` over the core's correction objects.

The store keeps the real undo history (every undo is recorded as a new correction, the
inverse, so the audit trail is complete and survives a restart). The window's
``QUndoStack`` only mirrors this session's corrections, for the menu texts:

* a correction is committed first (``IssueSession.apply``), then pushed as an already
  done :class:`CorrectionCommand`; its ``undo``/``redo`` ask the store to undo/redo;
* :func:`undo` and :func:`redo` use the stack while it has something to offer, and the
  store's own history beyond it (corrections of an earlier session). Undoing past the
  stack clears it, so the stack and the store can never disagree on what comes next.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from ..corrections import Correction
from ..store import Applied
from .session import IssueSession


class CorrectionCommand(QUndoCommand):
    """One committed correction, undone and redone through the store."""

    def __init__(self, session: IssueSession, correction: Correction, operator: Callable[[], str],
                 text: str, parent: QUndoCommand | None = None) -> None:
        super().__init__(text, parent)
        self.session = session
        self.correction = correction
        self.operator = operator
        self._done = True  # pushed after the store committed it
        self.last: Applied | None = None
        self.error: BaseException | None = None

    def redo(self) -> None:
        if self._done:
            return  # QUndoStack.push() calls redo(): the correction is committed already
        self._run(self.session.redo)
        self._done = True

    def undo(self) -> None:
        self._run(self.session.undo)
        self._done = False

    def _run(self, step: Callable[[str], Applied | None]) -> None:
        # An exception cannot travel through Qt's C++ frames: keep it for the caller.
        self.error = None
        try:
            self.last = step(self.operator())
        except Exception as exc:  # noqa: BLE001  # re-raised by undo()/redo() below
            self.error = exc


def push_applied(stack: QUndoStack, session: IssueSession, corrections: list[Correction],
                 operator: Callable[[], str], text: str) -> None:
    """Record committed corrections on the stack (several as one step, undone together)."""
    if len(corrections) == 1:
        stack.push(CorrectionCommand(session, corrections[0], operator, text))
        return
    group = QUndoCommand(text)
    for c in corrections:
        CorrectionCommand(session, c, operator, c.describe(), group)
    stack.push(group)


def _leaves(cmd: QUndoCommand) -> list[CorrectionCommand]:
    if isinstance(cmd, CorrectionCommand):
        return [cmd]
    return [c for k in range(cmd.childCount()) for c in _leaves(cmd.child(k))]


def _step(stack: QUndoStack, index: int, forward: bool) -> Applied | None:
    cmd = stack.command(index)
    if forward:
        stack.redo()
    else:
        stack.undo()
    leaves = _leaves(cmd)
    failed = next((c.error for c in leaves if c.error is not None), None)
    if failed is not None:
        stack.clear()  # the store is the reference: the stack no longer matches it
        raise failed
    return next((c.last for c in reversed(leaves) if c.last is not None), None)


def undo(stack: QUndoStack, session: IssueSession, operator: str) -> Applied | None:
    """Undo the last correction: the stack's, or the store's from an earlier session."""
    if stack.canUndo():
        return _step(stack, stack.index() - 1, forward=False)
    if session.can_undo():
        stack.clear()
        return session.undo(operator)
    return None


def redo(stack: QUndoStack, session: IssueSession, operator: str) -> Applied | None:
    """Redo the last undone correction (the stack's, or the store's from before)."""
    if stack.canRedo():
        return _step(stack, stack.index(), forward=True)
    if session.can_redo():
        return session.redo(operator)
    return None
