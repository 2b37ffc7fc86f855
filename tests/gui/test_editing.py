"""Editing in place on seed 002: an input method's composition is never committed, a bad
amount is refused with a message, Tab and leaving the cell commit, row commands go
through the store and undo as one step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication

from proofreader.gui.table_view import CellEditor
from proofreader.model import GROUP
from proofreader.store import open_store


def _history(store_path, issue_id):
    with open_store(str(store_path)) as other:
        return [(r.kind, r.old, r.new) for r in other.history(issue_id)]


def _preedit(text: str) -> QInputMethodEvent:
    return QInputMethodEvent(text, [])


def _commit(text: str) -> QInputMethodEvent:
    ev = QInputMethodEvent("", [])
    ev.setCommitString(text)
    return ev


def _goto(window, table_id: str, line: int, column: int) -> None:
    window.show_table(table_id)
    window.table_view.select_row(window.table_model.row_for_line(line), column)
    window.table_view.setFocus()


def test_ime_composition_is_never_committed(qtbot, open_gui, store_path, settings, seed_002_store):
    window = open_gui(store_path, settings)
    issue_id = seed_002_store[1]
    _goto(window, "t3", 586, 2)  # 企业名称 of the first award row
    view = window.table_view
    before = view.currentIndex().data()

    # The IME starts composing while the cell is not being edited: the editor opens
    # and shows the pinyin (Qt keeps the focus on the view until the first
    # composition ends and forwards it), nothing is saved.
    QApplication.sendEvent(view, _preedit("xu"))
    editor = view.findChild(CellEditor)
    assert editor is not None and editor.composing
    QApplication.sendEvent(window.focusWidget(), _preedit("xuchang"))
    assert editor.preedit == "xuchang" and editor.text() == ""
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return)
    assert view.state() == QAbstractItemView.State.EditingState
    assert _history(store_path, issue_id) == []
    QApplication.sendEvent(window.focusWidget(), _commit("许昌"))
    assert window.focusWidget() is editor and editor.text() == "许昌"

    # A second composition inside the open editor: Enter picks the candidate (the IME's
    # key), Escape cancels the composition, neither commits nor ends the edit.
    QApplication.sendEvent(editor, _preedit("jinian"))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert view.state() == QAbstractItemView.State.EditingState
    assert _history(store_path, issue_id) == []
    assert view.currentIndex().data() == before
    QApplication.sendEvent(editor, _commit("纪年电气"))
    assert not editor.composing and editor.text() == "许昌纪年电气"
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the user's Enter: now it is saved
    assert view.state() != QAbstractItemView.State.EditingState
    assert view.currentIndex().data() == "许昌纪年电气"
    assert _history(store_path, issue_id) == [("set_cell", before, "许昌纪年电气")]
    assert "已保存" in window.saved_label.text()

    # Tab saves and moves to the next cell; leaving the cell (focus elsewhere) saves too.
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = window.focusWidget()
    editor.setText(before)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert view.currentIndex().column() == 3
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = window.focusWidget()
    editor.setText("60")
    QApplication.sendEvent(editor, _preedit("万元"))  # still composing when the cell is left
    window.ocr.view.setFocus()
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    assert [new for _k, _o, new in _history(store_path, issue_id)][-2:] == [before, "60万元"]


def test_bad_amount_is_refused_with_a_message(qtbot, open_gui, store_path, settings, seed_002_store):
    window = open_gui(store_path, settings)
    _goto(window, "t3", 586, 3)  # 奖励金额(万元)
    view = window.table_view
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = window.focusWidget()
    editor.setText("五十万")
    with qtbot.waitSignal(view.delegate.refused) as refused:
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert "不是金额" in refused.args[0] and "请填写数字" in refused.args[0]
    assert view.state() == QAbstractItemView.State.EditingState  # still editing: fix it or Esc
    assert "未保存" in window.saved_label.text()
    assert _history(store_path, seed_002_store[1]) == []
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert view.currentIndex().data() == "50"
    assert "未保存" not in window.saved_label.text()  # cancelled: nothing is left unsaved
    assert _history(store_path, seed_002_store[1]) == []


def test_row_commands_change_findings_and_undo_as_one_step(qtbot, open_gui, store_path, settings, seed_002_store):
    window = open_gui(store_path, settings)
    issue_id = seed_002_store[1]
    _goto(window, "t3", 590, 1)  # a row of 一、魏都区（17 家，290 万元）
    rows_before = window.table_model.rowCount()
    assert not [f for f in window.session.findings("t3") if f.severity == "error"]

    qtbot.keyClick(window.table_view, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert window.table_model.rowCount() == rows_before - 1
    errors = [f for f in window.session.findings("t3") if f.severity == "error"]
    assert {f.rule for f in errors} >= {"count", "sum"}
    header = window.table_model.index(0, 0)
    assert header.data(Qt.ItemDataRole.DisplayRole).startswith("一、魏都区")
    assert "实有 16" in window.table_model.data(header, Qt.ItemDataRole.UserRole + 7)
    assert window.navigator._tables[(issue_id, "t3")].data(Qt.ItemDataRole.UserRole + 34) == len(errors)

    # Insert a row back, type its cells: the group adds up again.
    window.table_view.select_row(window.table_model.row_for_line(589), 0)
    qtbot.keyClick(window.table_view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert window.table_model.rowCount() == rows_before
    editor = window.focusWidget()
    assert isinstance(editor, CellEditor)  # the new row's first cell opens for typing
    editor.setText("5")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    for text in ("河南省智能车间", "许昌盛业电器印制板有限公司", "20"):
        editor = window.focusWidget()
        editor.setText(text)
        qtbot.keyClick(editor, Qt.Key.Key_Tab)
    window.table_view.setFocus()
    assert not [f for f in window.session.findings("t3") if f.severity == "error"]

    # Ctrl+H: the row is now a group header; undo restores it.
    row = window.table_view.current_row()
    qtbot.keyClick(window.table_view, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window.table_model.row(row).kind == GROUP
    qtbot.keyClick(window.table_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.table_model.row(row).kind != GROUP
    kinds = [k for k, _o, _n in _history(store_path, issue_id)]
    assert kinds[:2] == ["delete_row", "insert_row"] and kinds[-2:] == ["set_kind", "set_kind"]


def _accept_dialog_later(qtbot, fill=None) -> None:
    """Answer the next modal dialog as a user would (after ``fill(dialog)``)."""
    from PySide6.QtCore import QTimer

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, answer)
            return
        if fill is not None:
            fill(dialog)
        dialog.accept()
    QTimer.singleShot(0, answer)


def _back_to(qtbot, window) -> None:
    """Offscreen, no window manager gives the window its activation back after a dialog."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.table_view.setFocus()


def test_f9_split_merge_and_move(qtbot, open_gui, store_path, settings, seed_002_store):
    window = open_gui(store_path, settings)
    issue_id = seed_002_store[1]
    # F9 takes the names finding's suggestion: the finding goes.
    finding = next(f for f in window.session.findings() if f.rule == "names" and f.line == 1061)
    window.findings.select_finding(finding)
    window.go_to_finding(finding)
    qtbot.keyClick(window.table_view, Qt.Key.Key_F9)
    assert window.table_model.row(window.table_view.current_row()).cells[1] == "长葛市大阳纸业有限公司"
    assert not [f for f in window.session.findings() if f.rule == "names" and f.line == 1061]
    # F9 on a realigned row confirms the realignment: its warning goes, the cells stay.
    shifted = next(f for f in window.session.findings() if f.rule == "shifted_row")
    window.findings.select_finding(shifted)
    window.go_to_finding(shifted)
    cells = list(window.table_model.row(window.table_view.current_row()).cells)
    qtbot.keyClick(window.table_view, Qt.Key.Key_F9)
    assert not [f for f in window.session.findings() if f.rule == "shifted_row" and f.line == shifted.line]
    assert window.table_model.row(window.table_view.current_row()).cells == cells
    assert "已保存" in window.saved_label.text()

    # Split a row in two through its dialog, then merge the halves back.
    _goto(window, "t3", 586, 2)
    n = window.table_model.rowCount()

    def halves(dialog) -> None:
        dialog.first[2].setText("许昌纪年电气")
        dialog.second[2].setText("技术有限公司")
    _accept_dialog_later(qtbot, halves)
    qtbot.keyClick(window.table_view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.table_model.rowCount() == n + 1
    row = window.table_model.row_for_line(586)
    assert [window.table_model.row(row + k).cells[2] for k in (0, 1)] == ["许昌纪年电气", "技术有限公司"]
    _back_to(qtbot, window)
    window.table_view.select_row(row, 2)
    qtbot.keyClick(window.table_view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert window.table_model.rowCount() == n
    assert window.table_model.row(row).cells[2] == "许昌纪年电气技术有限公司"

    # Move the row to the group 二、建安区: the counts of both groups change.
    _back_to(qtbot, window)
    _accept_dialog_later(qtbot, lambda d: d.list.setCurrentRow(1))
    qtbot.keyClick(window.table_view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    moved = window.table_model.row_for_line(586)
    assert moved > window.table_model.row_for_line(604)  # now under 二、建安区
    counts = {f.line for f in window.session.findings("t3") if f.rule == "count"}
    assert {585, 604} <= counts
    kinds = [k for k, _o, _n in _history(store_path, issue_id)]
    assert kinds == ["set_cell", "confirm_row", "split_row", "merge_rows", "move_row"]
