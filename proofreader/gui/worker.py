"""The one way the window runs slow work (import, export, opening a large issue) off
the GUI thread.

``run_in_background(fn, ...)`` calls ``fn(progress)`` on Qt's thread pool; ``progress(done,
total)`` may be called from there. Results, errors and progress come back to the
callbacks on the GUI thread (queued through a QObject that lives there), so callbacks
may touch widgets. ``fn`` must not touch widgets nor the window's Store: a Store holds
one SQLite connection, so background work opens its own (``open_store(path)``).
"""

from __future__ import annotations

import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

Progress = Callable[[int, int], None]


class Task(QObject):
    """One piece of background work; its signals are delivered on the GUI thread."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    #: Emitted last, after ``succeeded`` or ``failed``.
    done = Signal()

    # Emitted from the pool thread; connected to slots of this object (which lives on
    # the GUI thread), so Qt queues them across threads.
    _result = Signal(object)
    _error = Signal(object, str)
    _progress = Signal(int, int)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.finished = False
        self.result: Any = None
        self.error: BaseException | None = None
        self._result.connect(self._on_result)
        self._error.connect(self._on_error)
        self._progress.connect(self.progressed)

    @Slot(object)
    def _on_result(self, result: Any) -> None:
        self.result = result
        self.finished = True
        self.succeeded.emit(result)
        self.done.emit()

    @Slot(object, str)
    def _on_error(self, exc: BaseException, trace: str) -> None:
        self.error = exc
        exc.__traceback_text__ = trace  # type: ignore[attr-defined]  # for the error dialog's details
        self.finished = True
        self.failed.emit(exc)
        self.done.emit()


class _Runnable(QRunnable):
    def __init__(self, task: Task, fn: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.task = task
        self.fn = fn
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            try:
                result = self.fn(self.task._progress.emit)
            except BaseException as exc:  # noqa: BLE001  # reported to the GUI's error boundary
                self.task._error.emit(exc, traceback.format_exc())
            else:
                self.task._result.emit(result)
        except RuntimeError:
            # The task was deleted under us: the application is quitting and nobody waits
            # for this result any more (the work itself committed, or rolled back, already).
            pass


#: Tasks still running; kept here so that Python does not collect them mid-flight.
_running: set[Task] = set()


def run_in_background(fn: Callable[[Progress], Any], *, name: str = "",
                      on_done: Callable[[Any], None] | None = None,
                      on_error: Callable[[BaseException], None] | None = None,
                      on_progress: Callable[[int, int], None] | None = None) -> Task:
    """Run ``fn(progress)`` on the thread pool; the callbacks run on the GUI thread."""
    task = Task(name)
    if on_progress is not None:
        task.progressed.connect(on_progress)
    if on_done is not None:
        task.succeeded.connect(on_done)
    if on_error is not None:
        task.failed.connect(on_error)
    _running.add(task)
    task.done.connect(lambda: _running.discard(task))
    QThreadPool.globalInstance().start(_Runnable(task, fn))
    return task


def busy() -> bool:
    """True while some background work has not reported back yet."""
    return bool(_running)
