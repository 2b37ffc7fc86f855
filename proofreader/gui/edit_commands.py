"""The window's editing commands: cell edits, row commands, suggestions, undo and redo.

Every command builds core corrections (:mod:`.editing`), commits them through the
session (the store commits each before returning), and only then records them on the
undo stack and shows "saved". A refusal (a bad value, a correction the store rejects)
goes to the window's error boundary and nothing is recorded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QDialog

from ..corrections import Correction, SetCell
from ..model import Finding
from . import editing
from .i18n import translate
from . import undo as undo_ops
from .row_dialogs import MoveRowDialog, SplitRowDialog
from .table_view import CellEditor

if TYPE_CHECKING:
    from .main_window import MainWindow



class EditCommands(QObject):
    """Edits of the table shown in ``window``."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.w = window
        window.table_model.set_commit(self.commit_cell)

    # ------------------------------------------------------------------ committing

    def apply(self, corrections: list[Correction], text: str) -> bool:
        """Commit ``corrections`` in order; record what was committed; report the rest."""
        session = self.w.session
        if session is None or not corrections:
            return False
        operator = self.w.ask_operator()
        if not operator:
            self.w.mark_unsaved(translate("EditCommands", "No proofreader name: nothing was saved."))
            return False
        done: list[Correction] = []
        try:
            for c in corrections:
                session.apply(c, operator)
                done.append(c)
        except Exception as exc:  # noqa: BLE001  # the window's error boundary
            self.w.mark_unsaved(str(exc))
            self.w.errors.show(exc, translate("EditCommands", "The correction was not saved."))
            return False
        finally:
            if done:
                undo_ops.push_applied(self.w.undo_stack, session, done, self.w.operator, text)
        return True

    def commit_cell(self, row_key: str, column: int, old: str, new: str) -> bool:
        """The table model's edit path: one cell, one correction."""
        if self.w.table_id is None:
            return False
        return self.apply([SetCell(self.w.table_id, row_key, column, old, new)],
                          translate("EditCommands", "Edit cell: %1 → %2").replace("%1", old).replace("%2", new))

    def finish_editing(self) -> None:
        """Commit the cell being edited (the window is closing or moving on)."""
        view = self.w.table_view
        if view.state() != QAbstractItemView.State.EditingState:
            return
        editor = view.focusWidget()
        if isinstance(editor, CellEditor):
            editor.finish_composition()
            view.delegate._commit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    # ------------------------------------------------------------------ helpers

    def _current(self) -> tuple[int, int] | None:
        index = self.w.table_view.currentIndex()
        if self.w.session is None or self.w.table_id is None or not index.isValid():
            self.w.statusBar().showMessage(translate("EditCommands", "Select a row of the table first."), 4000)
            return None
        return index.row(), index.column()

    def _table(self):  # noqa: ANN202
        assert self.w.session is not None and self.w.table_id is not None
        return self.w.session.table(self.w.table_id)

    def _select_key(self, key: str, column: int | None = None) -> None:
        row = self.w.table_model.row_for_key(key)
        if row is not None:
            self.w.table_view.select_row(row, column)

    # ------------------------------------------------------------------ commands

    def edit_cell(self) -> None:
        index = self.w.table_view.currentIndex()
        if index.isValid():
            self.w.table_view.setFocus()
            self.w.table_view.edit(index)

    def insert_row(self, below: bool = True) -> None:
        where = self._current()
        if where is None:
            return
        corr = editing.insert_row(self._table(), where[0], below)
        if self.apply([corr], translate("EditCommands", "Insert row")):
            self._select_key(corr.row["key"], 0)
            self.edit_cell()

    def delete_row(self) -> None:
        where = self._current()
        if where is None:
            return
        table = self._table()
        self.apply([editing.delete_row(table, where[0])], translate("EditCommands", "Delete row"))
        model = self.w.table_model
        if model.rowCount():
            self.w.table_view.select_row(min(where[0], model.rowCount() - 1), where[1])

    def split_row(self) -> None:
        where = self._current()
        if where is None:
            return
        table = self._table()
        dialog = SplitRowDialog(table.columns, table.rows[where[0]], self.w)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        a, b = dialog.cells()
        corr = editing.split_row(table, where[0], a, b)
        if self.apply([corr], translate("EditCommands", "Split row")):
            self._select_key(corr.new_key, where[1])

    def merge_rows(self) -> None:
        where = self._current()
        if where is None:
            return
        table = self._table()
        if where[0] + 1 >= len(table.rows):
            self.w.statusBar().showMessage(translate("EditCommands", "The last row has no next row to merge with."), 4000)
            return
        corr = editing.merge_with_next(table, where[0])
        if self.apply([corr], translate("EditCommands", "Merge rows")):
            self._select_key(corr.first_key, where[1])

    def move_row(self) -> None:
        where = self._current()
        if where is None:
            return
        table = self._table()
        choices = editing.group_choices(table)
        if not choices:
            self.w.statusBar().showMessage(translate("EditCommands", "This table has no groups."), 4000)
            return
        dialog = MoveRowDialog(choices, self.w)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
            return
        key = table.rows[where[0]].key
        corr = editing.move_row(table, where[0], dialog.chosen().after_key)
        if corr is None:
            self.w.statusBar().showMessage(translate("EditCommands", "The row is in that group already."), 4000)
            return
        if self.apply([corr], translate("EditCommands", "Move row")):
            self._select_key(key, where[1])

    def toggle_group(self) -> None:
        where = self._current()
        if where is None:
            return
        self.apply([editing.toggle_group(self._table(), where[0])], translate("EditCommands", "Change row kind"))

    def accept_suggestion(self) -> None:
        """F9: carry out the current finding's suggestion (the one of the current cell's row first)."""
        finding = self._finding_here()
        if finding is None:
            self.w.statusBar().showMessage(translate("EditCommands", "No finding with a suggestion here."), 4000)
            return
        table_id = self.w.session.table_of_finding(finding) if self.w.session else None
        if table_id is None:
            return
        self.w.show_table(table_id, select_row=False)
        if finding.fix:  # the rule said exactly which corrections carry it out
            corrections = [Correction.from_json(d) for d in finding.fix]
        else:
            corrections = editing.suggested_corrections(self._table(), finding)
        if not corrections:
            self.w.statusBar().showMessage(translate("EditCommands", "This suggestion names no value to apply; correct it by hand."), 6000)
            return
        self.apply(corrections, translate("EditCommands", "Accept suggestion: %1").replace("%1", finding.suggestion))

    def _finding_here(self) -> Finding | None:
        index = self.w.table_view.currentIndex()
        if index.isValid() and self.w.table_view.hasFocus():
            from .table_model import FINDINGS_ROLE

            found = [f for f in index.data(FINDINGS_ROLE) or [] if f.suggestion]
            if found:
                return found[0]
        current = self.w.findings.current_finding()
        return current if current is not None and current.suggestion else None

    # ------------------------------------------------------------------ undo and redo

    def undo(self) -> None:
        self._history_step(undo_ops.undo, translate("EditCommands", "Nothing to undo."))

    def redo(self) -> None:
        self._history_step(undo_ops.redo, translate("EditCommands", "Nothing to redo."))

    def _history_step(self, step, nothing: str) -> None:  # noqa: ANN001
        session = self.w.session
        if session is None:
            return
        self.finish_editing()
        try:
            applied = step(self.w.undo_stack, session, self.w.ask_operator())
        except Exception as exc:  # noqa: BLE001  # the window's error boundary
            self.w.errors.show(exc)
            return
        if applied is None:
            self.w.statusBar().showMessage(nothing, 3000)
        elif applied.table_id and applied.table_id != self.w.table_id:
            self.w.show_table(applied.table_id)
        self.w._update_actions()
