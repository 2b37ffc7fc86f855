"""The proofreader's day on seed 002, driven through the real window (offscreen):
jump to a finding with F8, correct the cell with a Chinese input method, see the
finding go and the correction in the store, undo, redo, restart and find it as left."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent

from proofreader.gui.table_view import CellEditor
from proofreader.store import open_store

WRONG = "长葛太阳纸业有限公司"
RIGHT = "长葛市大阳纸业有限公司"


def _names_finding(window):
    return [f for f in window.session.findings() if f.rule == "names" and WRONG in f.message]


def _current_cell(window) -> str:
    return window.table_view.currentIndex().data()


def _type_with_ime(qtbot, editor: CellEditor, text: str) -> None:
    """What a pinyin input method sends: compositions, then the chosen characters."""
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    editor.inputMethodEvent(QInputMethodEvent("changge", []))
    ev = QInputMethodEvent("", [])
    ev.setCommitString(text)
    editor.inputMethodEvent(ev)


def test_f8_correct_undo_redo_restart(qtbot, open_gui, store_path, settings, seed_002_store):
    window = open_gui(store_path, settings)
    issue_id = seed_002_store[1]
    assert window.session.issue_id == issue_id
    assert _names_finding(window), "seed 002 has the 长葛太阳纸业 spelling finding"

    # F8 from anywhere walks the findings until the name finding.
    window.ocr.view.setFocus()
    for _ in range(len(window.session.findings())):
        qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F8)
        if window.findings.current_finding().rule == "names":
            break
    finding = window.findings.current_finding()
    assert finding.rule == "names"
    assert window.table_id == "t4"
    assert _current_cell(window) == WRONG
    assert window.ocr.view.row_range() == (finding.line, finding.line)  # its OCR line highlighted
    assert window.table_view.hasFocus()

    # Correct it in place: F2, a Chinese IME, Enter.
    qtbot.keyClick(window.table_view, Qt.Key.Key_F2)
    editor = window.focusWidget()
    assert isinstance(editor, CellEditor)
    _type_with_ime(qtbot, editor, RIGHT)
    qtbot.keyClick(editor, Qt.Key.Key_Return)

    assert _current_cell(window) == RIGHT
    assert not _names_finding(window)
    assert all(f.rule != "names" for f in window.findings.model.findings())
    assert "已保存" in window.saved_label.text()
    with open_store(str(store_path)) as other:  # committed: another connection sees it
        records = other.history(issue_id)
        assert [(r.action, r.old, r.new, r.operator) for r in records] == [("do", WRONG, RIGHT, "张三")]
        assert other.table(issue_id, "t4").rows[window.table_view.current_row()].cells[1] == RIGHT

    # Undo and redo with the keyboard, through the store's audit trail.
    qtbot.keyClick(window.table_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _current_cell(window) == WRONG
    assert _names_finding(window)
    qtbot.keyClick(window.table_view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert _current_cell(window) == RIGHT
    with open_store(str(store_path)) as other:
        assert [r.action for r in other.history(issue_id)] == ["do", "undo", "redo"]

    # Close and start again on the same store: the same issue, table and row, corrected.
    row = window.table_view.current_row()
    window.close()
    window.store.close()
    again = open_gui(store_path, settings)
    assert again.session.issue_id == issue_id
    assert again.table_id == "t4"
    assert again.table_model.row(row).cells[1] == RIGHT
    assert not _names_finding(again)
    # The previous session's correction can still be undone (the store's history).
    again.table_view.setFocus()
    qtbot.keyClick(again.table_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert again.table_model.row(row).cells[1] == WRONG
    assert _names_finding(again)


def test_ocr_text_and_table_follow_each_other(qtbot, open_gui, store_path, settings):
    window = open_gui(store_path, settings)
    ocr = window.ocr.view
    # A click on an OCR line inside another table selects its row there.
    ocr.go_to_line(1061)
    qtbot.mouseClick(ocr.viewport(), Qt.MouseButton.LeftButton, pos=ocr.cursorRect().center())
    assert window.table_id == "t4"
    assert window.table_model.row(window.table_view.current_row()).first_line == 1061
    assert ocr.row_range() == (1061, 1061)
    # Selecting a row brings its OCR lines into view, highlighted.
    window.show_table("t3")
    window.table_view.select_row(window.table_model.row_for_line(608))
    assert ocr.row_range() == (608, 608)
    assert ocr.first_visible_line() <= 608 <= ocr.first_visible_line() + 60
    # The whole issue's finding lines are marked by severity; the table's lines shaded.
    assert ocr.marks()[1061] == "info" and ocr.marks()[828] == "warning"
    # Ctrl+Alt+F searches the OCR text from anywhere (Ctrl+F: the issue's text and cells).
    window.table_view.setFocus()
    qtbot.keyClick(window.table_view, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    bar = window.ocr.find_bar
    assert bar.isVisible() and bar.edit.hasFocus()
    bar.edit.setText("大阳纸业")  # (QTest cannot type Chinese: it asserts on non-ASCII keys)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert ocr.current_line() == 1085 and ocr.textCursor().selectedText() == "大阳纸业"
    assert "1" in bar.count.text()
    # Shift+F8 from the end wraps to the last finding; every shortcut is in the help.
    window.findings.view.clearSelection()
    qtbot.keyClick(window.table_view, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert window.findings.current_finding() == window.findings.proxy.index(
        window.findings.proxy.rowCount() - 1, 0).data(Qt.ItemDataRole.UserRole + 20)


def test_opening_at_a_line_selects_that_lines_row(qtbot, open_gui, store_path, settings):
    """Going to a line (a group header of the award list) makes its row current, not the table's first finding."""
    window = open_gui(store_path, settings)
    ocr = window.ocr.view
    line = next(n for n in range(1, ocr.line_count() + 1) if "长葛市，共46家企业" in ocr.line_text(n))
    window.open_issue(window.session.issue_id, line=line)
    row = window.table_model.row(window.table_view.current_row())
    assert row.first_line <= line <= row.last_line and row.kind == "group"
    assert window.ocr.view.row_range()[0] == row.first_line


def test_every_shortcut_is_listed_in_the_help(qtbot):
    from proofreader.gui.actions import ACTIONS, shortcut_text
    from proofreader.gui.dialogs import ShortcutsDialog

    dialog = ShortcutsDialog()
    qtbot.addWidget(dialog)
    listed = {dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())}
    assert {shortcut_text(s) for s in ACTIONS if s.shortcuts} <= listed
    assert {"F8", "Shift+F8", "Ctrl+F", "Ctrl+Z", "F9"} <= {k for s in ACTIONS for k in s.shortcuts}
    keys = [k for s in ACTIONS for k in s.shortcuts]
    assert len(keys) == len(set(keys)), "a shortcut bound twice"
