"""The window's editing commands: cell edits, row commands, suggestions, decisions, undo
and redo.

Every command builds core corrections (:mod:`.editing`) and commits them through the
session's correction loop (the store commits each before returning); the loop's
"what changed" comes back to the window, which refreshes exactly that and shows "saved".
Undo and redo are the store's, per proofreader: there is no second history in the window.
A refusal (a bad value, a correction the store rejects) goes to the window's error
boundary and nothing is recorded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QDialog

from ..corrections import Correction, SetCell
from ..model import Finding
from . import editing
from .i18n import translate
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

    def apply(self, corrections: list[Correction], text: str = "") -> bool:
        """Commit ``corrections`` as one step, with the reason typed in the window."""
        session = self.w.session
        if session is None or not corrections:
            return False
        operator = self.w.ask_operator()
        if not operator:
            self.w.mark_unsaved(translate("EditCommands", "No proofreader name: nothing was saved."))
            return False
        try:
            changes = session.apply(corrections, self.w.reason())
        except Exception as exc:  # noqa: BLE001  # the window's error boundary
            self.w.mark_unsaved(str(exc))
            self.w.errors.show(exc, translate("EditCommands", "The correction was not saved."))
            return False
        if changes.error is not None:  # the first corrections of the step are saved, a later one was refused
            self.w.errors.show(changes.error, translate("EditCommands", "Part of the step was not saved."))
        return True

    def decide(self, finding: Finding, kind: str, note: str) -> bool:
        """原件如此 / 不是问题 on ``finding``, with ``note``."""
        session = self.w.session
        if session is None:
            return False
        if not self.w.ask_operator():
            self.w.mark_unsaved(translate("EditCommands", "No proofreader name: nothing was saved."))
            return False
        try:
            session.decide(finding, kind, note)
        except Exception as exc:  # noqa: BLE001  # the window's error boundary
            self.w.mark_unsaved(str(exc))
            self.w.errors.show(exc, translate("EditCommands", "The decision was not saved."))
            return False
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
        dialog = MoveRowDialog(choices, self.w, current=editing.group_of_row(table, where[0]))
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
        """F9: apply the fix of the current cell's finding (the current finding otherwise)."""
        finding = self._finding_here()
        if finding is None:
            self.w.statusBar().showMessage(translate("EditCommands", "No finding here."), 4000)
            return
        self.w.findings.anchor = finding  # F8 goes on from here once the fix made it disappear
        self.apply_fix(finding)

    def apply_fix(self, finding: Finding) -> bool:
        """The rule's fix (``Finding.fix``: the corrections that carry out its suggestion), as
        one step. A finding whose rule cannot name the value has none: nothing is guessed
        from the suggestion's wording."""
        if not finding.fix:
            self.w.statusBar().showMessage(translate(
                "EditCommands", "This finding has no value to apply: correct the cell by hand, or decide it "
                "(As printed / Not a problem)."), 6000)
            return False
        table_id = self.w.session.table_of_finding(finding) if self.w.session else None
        if table_id is None:
            return False
        self.w.show_table(table_id, select_row=False)
        return self.apply([Correction.from_json(d) for d in finding.fix])

    def _finding_here(self) -> Finding | None:
        """The finding F9 is about: the one selected in the findings pane while the cursor
        is on its row (or it has no row here: a figure of the running text), else the
        current cell's own (one with a fix first: a sum's finding names the cell it would
        set), else the selected one."""
        selected = self.w.findings.current_finding()
        index = self.w.table_view.currentIndex()
        if not (index.isValid() and self.w.table_view.hasFocus()):
            return selected
        if selected is not None and self.w.table_model.row_for_finding(selected) in (None, index.row()):
            return selected
        from .table_model import FINDINGS_ROLE

        found = [f for f in index.data(FINDINGS_ROLE) or [] if f.decision is None]
        return next((f for f in found if f.fix), found[0] if found else selected)

    # ------------------------------------------------------------------ undo and redo

    def undo(self) -> None:
        self._history_step(True, translate("EditCommands", "Nothing to undo."))

    def redo(self) -> None:
        self._history_step(False, translate("EditCommands", "Nothing to redo."))

    def _history_step(self, undo: bool, nothing: str) -> None:
        session = self.w.session
        if session is None:
            return
        self.finish_editing()
        if not self.w.ask_operator():
            return
        try:
            changes = session.undo() if undo else session.redo()
        except Exception as exc:  # noqa: BLE001  # the window's error boundary
            self.w.errors.show(exc)
            return
        if changes is None:
            self.w.statusBar().showMessage(nothing, 3000)
            return
        shown = [tid for tid, c in changes.tables.items() if c.rows]
        if shown and self.w.table_id not in shown:
            self.w.show_table(shown[0])
