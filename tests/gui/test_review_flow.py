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
