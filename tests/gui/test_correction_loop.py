"""The proofreader's loop in the real window (offscreen), driven by keys: F8 after a fix,
Enter decides and moves on, decisions survive a restart and an export, review status
follows the findings, another table's findings follow a name edit, corrected cells show.

On a damaged copy of seed 002: line 719's amount 30 printed as 80, so the 长葛市 group
(line 715) does not add up.
"""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from proofreader.gui.table_model import CELL_TINT, CORRECTED_ROLE, CORRECTED_TINT, FINDINGS_ROLE
from proofreader.gui.table_view import CellEditor
from proofreader.store import open_store

from helpers import damaged_002

from .conftest import SEED_001, SEED_002


@pytest.fixture(scope="module")
def damaged_template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("damaged")
    db = folder / "store.sqlite"
    with open_store(str(db)) as store:
        issue_id = store.import_file(str(damaged_002(folder)), "import").issue_id
    return db, issue_id


@pytest.fixture
def damaged(tmp_path, damaged_template):
    path = tmp_path / "proofreader.sqlite"
    shutil.copy(damaged_template[0], path)
    return path, damaged_template[1]


def _f8(qtbot, window, shift: bool = False):
    mod = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F8, mod)
    return window.findings.current_finding()


def _back_to(qtbot, window) -> None:
    """Offscreen, no window manager gives the window its activation back after a dialog."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.table_view.setFocus()


def _f8_to_the_sum(qtbot, window):
    """F8 until the 长葛市 group's sum (findings before it in line order stay open)."""
    for _ in range(10):
        f = _f8(qtbot, window)
        if (f.rule, f.line) == ("sum", 715):
            return f
    raise AssertionError("F8 never reached the sum finding of line 715")


def _open_lines(window) -> list[int]:
    return sorted(f.line for f in window.session.findings() if f.decision is None)


def test_f8_after_a_fix_lands_on_the_next_open_finding(qtbot, open_gui, damaged, settings):
    window = open_gui(damaged[0], settings)
    _f8_to_the_sum(qtbot, window)
    assert window.table_view.hasFocus()
    qtbot.keyClick(window.table_view, Qt.Key.Key_F9)  # 第 719 行金额 80 可能应为 30
    assert window.session.table("t3").rows[window.table_model.row_for_line(719)].cells[3] == "30"
    assert not [f for f in window.session.findings() if f.rule == "sum"]
    following = min(line for line in _open_lines(window) if line > 715)
    nxt = _f8(qtbot, window)
    assert nxt.line == following  # the next open one: nothing skipped
    before = [line for line in _open_lines(window) if line < following]
    back = _f8(qtbot, window, shift=True)
    assert back.line == (max(before) if before else _open_lines(window)[-1])


def test_f9_on_the_cell_a_sum_names_lands_the_value_there(qtbot, open_gui, damaged, settings):
    """The 长葛市 sum (line 715) names line 719's amount: that cell is tinted with the finding,
    shows it on hover, and F9 there puts 30 in it."""
    window = open_gui(damaged[0], settings)
    qtbot.waitUntil(lambda: window.session.ready)
    window.show_table("t3")
    row = window.table_model.row_for_line(719)
    cell = window.table_model.index(row, 3)
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == CELL_TINT["error"]
    assert "第 719 行金额 80 可能应为 30" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert [f.rule for f in cell.data(FINDINGS_ROLE)] == ["sum"]
    assert window.table_model.index(row, 2).data(Qt.ItemDataRole.BackgroundRole) is None  # the name cell: not named
    window.table_view.select_row(row, 3)
    window.table_view.setFocus()
    qtbot.keyClick(window.table_view, Qt.Key.Key_F9)
    assert window.table_model.index(row, 3).data() == "30"
    assert not [f for f in window.session.findings() if f.rule == "sum"]
    assert window.table_model.index(row, 3).data(Qt.ItemDataRole.BackgroundRole).color() == CORRECTED_TINT


def test_f9_without_a_value_says_so_and_changes_nothing(qtbot, open_gui, damaged, settings):
    """A figure of the running text against its annex names no cell: F9 says there is no value
    to apply (it does not take another finding's fix instead)."""
    window = open_gui(damaged[0], settings)
    finding = next(f for f in window.session.findings() if not f.fix and f.decision is None)  # 正文 569 vs 715
    window.findings.select_finding(finding)
    window.go_to_finding(finding)
    before = window.session.history()
    qtbot.keyClick(window.table_view, Qt.Key.Key_F9)
    assert "没有可直接填入的值" in window.statusBar().currentMessage()
    assert window.session.history() == before


def test_f9_on_a_name_never_flips_back(qtbot, open_gui, tmp_path, settings):
    """An issue imported before prints the OCR's spelling too; after F9 (长葛太阳 -> 长葛市大阳)
    neither row is told it may be 长葛太阳纸业有限公司."""
    db = tmp_path / "two.sqlite"
    with open_store(str(db)) as store:
        store.import_file(str(SEED_002), "import")
        issue_id = store.import_file(str(damaged_002(tmp_path)), "import").issue_id
    window = open_gui(db, settings)
    if window.session.issue_id != issue_id:
        with qtbot.waitSignal(window.issue_shown):
            window.open_issue(issue_id)
    names = [f for f in window.session.findings() if f.rule == "names"]
    assert len(names) == 1
    window.findings.select_finding(names[0])
    window.go_to_finding(names[0])
    qtbot.keyClick(window.table_view, Qt.Key.Key_F9)
    assert window.table_model.row(window.table_view.current_row()).cells[1] == "长葛市大阳纸业有限公司"
    assert not [f for f in window.session.findings() if f.rule == "names"]
    shown = [window.findings.proxy.index(r, 4).data() for r in range(window.findings.proxy.rowCount())]
    assert not [m for m in shown if "长葛太阳纸业有限公司" in m]


def test_enter_decides_moves_on_and_the_decision_stays(qtbot, open_gui, damaged, settings, tmp_path):
    path, issue_id = damaged
    window = open_gui(path, settings)
    assert "本表剩余 1 个错误" in window.remaining_label.text() and "本期剩余 1 个错误" in window.remaining_label.text()
    finding = _f8_to_the_sum(qtbot, window)
    # Ctrl+Shift+P: 原件如此, the note gets the focus; without a note Enter decides nothing.
    qtbot.keyClick(window.table_view, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    note = window.findings.decision.note
    assert note.hasFocus() and window.findings.decision.kind() == "as_printed"
    qtbot.keyClick(note, Qt.Key.Key_Return)
    assert window.session.remaining("t3")[0] == 1
    note.insert("原件第 719 行即印 80")  # what an input method commits
    qtbot.keyClick(note, Qt.Key.Key_Return)
    assert window.session.remaining("t3")[0] == 0
    assert window.findings.current_finding().line == min(x for x in _open_lines(window) if x > 715)  # moved on
    assert "本期剩余 0 个错误" in window.remaining_label.text()
    decided = next(f for f in window.session.findings("t3") if f.rule == "sum")
    assert decided.decision["note"] == "原件第 719 行即印 80"
    # The table no longer tints the group header red; the findings list shows the decision.
    window.show_table("t3")
    header = window.table_model.index(window.table_model.row_for_line(715), 0)
    assert header.data(Qt.ItemDataRole.UserRole + 4) != "error"  # the decided sum no longer tints it red
    rows = [window.findings.proxy.index(r, 6).data() for r in range(window.findings.proxy.rowCount())]
    assert any(r and r.startswith("原件如此：原件第 719 行即印 80（张三，") for r in rows)
    # "只看未解决" hides it.
    window.findings.unresolved.setChecked(True)
    assert window.findings.proxy.rowCount() == len(_open_lines(window))
    window.findings.unresolved.setChecked(False)
    # Enter on the findings list itself: choose 不是问题 there, type the note, Enter.
    window.findings.view.setFocus()
    current = window.findings.current_finding()
    window.findings.decision.set_kind("dismissed")
    window.findings.decision.note.setText("表头如此，非错位")
    qtbot.keyClick(window.findings.view, Qt.Key.Key_Return)
    assert next(f for f in window.session.findings() if f.line == current.line and f.rule == current.rule).decision
    assert window.findings.current_finding().line != current.line
    # Ctrl+Z takes the last decision back, and only that.
    qtbot.keyClick(window.table_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not next(f for f in window.session.findings() if f.line == current.line and f.rule == current.rule).decision
    assert next(f for f in window.session.findings("t3") if f.rule == "sum").decision is not None
    window.close()

    # After a restart: still decided. After an export: the decision is in the audit trail.
    window = open_gui(path, settings)
    assert next(f for f in window.session.findings("t3") if f.rule == "sum").decision["as"] == "as_printed"
    assert window.session.remaining("t3")[0] == 0
    window.close()
    out = tmp_path / "central.sqlite"
    with open_store(str(path)) as store:
        store.export(str(out))
    with sqlite3.connect(out) as conn:
        kinds = [r[0] for r in conn.execute("SELECT kind FROM audit")]
    assert kinds.count("decide") == 3  # 原件如此, 不是问题, and its undo


def test_review_status_follows_open_errors_and_edits(qtbot, open_gui, damaged, settings):
    window = open_gui(damaged[0], settings)
    window.show_table("t3")
    qtbot.keyClick(window.table_view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # 已校对
    assert "未解决的错误" in window.errors.last_message
    window.errors.last_dialog.close()
    assert window.session.infos["t3"].status != "proofread"
    finding = next(f for f in window.session.findings("t3") if f.rule == "sum")
    assert window.decide_finding(finding, "dismissed", "附件另有更正")
    assert window.session.remaining("t3")[0] == 0
    count = window.errors.count
    assert window.table_id == "t4"  # Enter went on to the next open finding, in the next table
    window.show_table("t3")
    _back_to(qtbot, window)
    qtbot.keyClick(window.table_view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.errors.count == count, window.errors.last_message
    assert window.session.infos["t3"].status == "proofread"
    settings.operator = " 张三 "  # the same person, typed with spaces: still not a second proofreader
    assert settings.operator == "张三"
    settings.set("operator", " 张三 ")
    qtbot.keyClick(window.table_view, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.session.infos["t3"].status == "proofread" and "另一位校对人" in window.errors.last_message
    window.errors.last_dialog.close()
    settings.operator = "李四"
    _back_to(qtbot, window)
    qtbot.keyClick(window.table_view, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.session.infos["t3"].status == "approved"
    assert window.status_combo.currentData() == "approved"
    # An edit afterwards: back to 校对中, and the window says so.
    window.table_view.select_row(window.table_model.row_for_line(720), 3)
    qtbot.keyClick(window.table_view, Qt.Key.Key_F2)
    editor = window.focusWidget()
    assert isinstance(editor, CellEditor)
    editor.setText("31")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.session.infos["t3"].status == "in_progress"
    assert window.status_combo.currentData() == "in_progress"
    assert "校对中" in window.statusBar().currentMessage()


def test_a_name_edit_updates_another_tables_findings_in_the_window(qtbot, open_gui, damaged, settings):
    window = open_gui(damaged[0], settings)
    names = next(f for f in window.session.findings("t4") if f.rule == "names")
    assert "第 1085 行" in names.message
    window.show_table("t3")
    window.table_view.select_row(window.table_model.row_for_line(719), 2)
    qtbot.keyClick(window.table_view, Qt.Key.Key_F2)
    editor = window.focusWidget()
    editor.setText("长葛市大阳纸业有限公司")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    names = next(f for f in window.session.findings("t4") if f.rule == "names")
    assert "第 719 行" in names.message  # t4's finding now cites the spelling typed in t3
    shown = [window.findings.proxy.index(r, 4).data() for r in range(window.findings.proxy.rowCount())]
    assert names.message in shown
    window.show_table("t4")
    row = window.table_model.row_for_line(names.row_line or names.line)
    tips = window.table_model.index(row, names.column).data(Qt.ItemDataRole.ToolTipRole)
    assert "第 719 行" in tips


def test_corrected_cells_show_and_filter_with_their_reason(qtbot, open_gui, damaged, settings):
    window = open_gui(damaged[0], settings)
    qtbot.waitUntil(lambda: window.session.ready)
    window.show_table("t3")
    window.reason_edit.setText("核对原件扫描件")
    row = window.table_model.row_for_line(719)
    window.table_view.select_row(row, 3)
    qtbot.keyClick(window.table_view, Qt.Key.Key_F2)
    editor = window.focusWidget()
    editor.setText("30")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    cell = window.table_model.index(row, 3)
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == CORRECTED_TINT
    corrected = cell.data(CORRECTED_ROLE)
    assert (corrected["original"], corrected["operator"], corrected["reason"]) == ("80", "张三", "核对原件扫描件")
    tip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert "原为“80”" in tip and "核对原件扫描件" in tip
    assert settings.get("reason") == "核对原件扫描件"  # remembered
    window.corrected_only.setChecked(True)
    visible = [r for r in range(window.table_model.rowCount()) if not window.table_view.isRowHidden(r)]
    assert visible == [row]
    window.corrected_only.setChecked(False)
    # Plain words: rule names in Chinese, the history in line numbers, column names, local times.
    rules = {window.findings.proxy.index(r, 3).data() for r in range(window.findings.proxy.rowCount())}
    assert "sum" not in rules and "shifted_row" not in rules and "整行错位" in rules
    history = window.session.history("t3")
    assert history[-1].description == "第 719 行 “奖励金额(万元)”：“80” → “30”"
    assert "T" not in history[-1].at and "+" not in history[-1].at
    # Undo: the tint goes with the correction.
    qtbot.keyClick(window.table_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.table_model.index(row, 3).data(CORRECTED_ROLE) is None


def test_zoom_is_remembered(qtbot, open_gui, damaged, settings):
    window = open_gui(damaged[0], settings)
    size = window.table_view.font().pointSize()
    qtbot.keyClick(window.table_view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.table_view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.table_view.font().pointSize() == size + 2 == window.ocr.view.font().pointSize()
    window.close()
    window = open_gui(damaged[0], settings)
    assert window.table_view.font().pointSize() == size + 2
    qtbot.keyClick(window.table_view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.table_view.font().pointSize() == size
    assert QApplication.activeWindow() is window


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_no_amount_is_clipped(qtbot, open_gui, damaged, settings, size):
    window = open_gui(damaged[0], settings)
    window.showNormal()
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0])
    window.show_table("t3")
    view = window.table_view
    qtbot.waitUntil(lambda: abs(view._fitted_for - view.viewport().width()) <= 8)
    amount = window.table_model.table.roles["amount"]
    fm = view.fontMetrics()
    widest = max(fm.horizontalAdvance(r.cells[amount]) for r in window.table_model.rows() if len(r.cells) > amount)
    assert view.columnWidth(amount) >= widest + 8
    assert view.columnViewportPosition(amount) + view.columnWidth(amount) <= view.viewport().width()


def test_search_the_issue_and_every_issue(qtbot, open_gui, damaged, settings):
    window = open_gui(damaged[0], settings)
    window.table_view.setFocus()
    qtbot.keyClick(window.table_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = window.search
    assert search.edit.hasFocus() and not search.everywhere.isChecked()
    search.edit.setText("大阳纸业")  # (QTest cannot type Chinese)
    qtbot.keyClick(search.edit, Qt.Key.Key_Return)
    hits = search.hits()
    assert {(h.table_id, h.line) for h in hits} >= {(None, 1085), ("t4", 1085)}  # the OCR line and the cell
    cell = next(h for h in hits if h.table_id == "t4")
    while window.search.list.currentItem().data(0, Qt.ItemDataRole.UserRole + 40) != cell:
        qtbot.keyClick(window.table_view, Qt.Key.Key_F3)
    assert window.table_id == "t4"
    assert window.table_view.currentIndex().data() == cell.text and window.table_view.currentIndex().column() == 1
    # Ctrl+Shift+F: every issue of the store (a second one imported for it).
    with open_store(str(damaged[0])) as store:
        store.import_file(str(SEED_001), "import")
    qtbot.keyClick(window.table_view, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert search.everywhere.isChecked()
    search.edit.setText("许昌市")
    qtbot.keyClick(search.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len({h.issue_id for h in search.hits()}) == 2)


def test_remove_a_wrong_import(qtbot, open_gui, damaged, settings):
    path, issue_id = damaged
    with open_store(str(path)) as store:
        other = store.import_file(str(SEED_001), "import").issue_id
    window = open_gui(path, settings)
    qtbot.waitUntil(lambda: window.session is not None and window.session.ready)
    finding = next(f for f in window.session.findings("t3") if f.rule == "sum")
    window.decide_finding(finding, "as_printed", "原件如此")
    assert window.session.issue_id == issue_id
    # It has a decision: the window offers the export first; here the proofreader removes it.
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        assert "1" in box.text()
        next(b for b in box.buttons() if b.text() == "删除").click()
    QTimer.singleShot(0, answer)
    assert window.transfer.remove_issue()
    qtbot.waitUntil(lambda: window.session is not None and window.session.issue_id == other)
    with open_store(str(path)) as store:
        assert [i.issue_id for i in store.issues()] == [other]
        assert store.conn.execute("SELECT count(*) FROM corrections").fetchone()[0] == 0


def test_split_at_the_cursor_and_move_defaults_to_the_rows_group(qtbot, open_gui, damaged, settings):
    from proofreader.gui.row_dialogs import MoveRowDialog, SplitRowDialog
    from proofreader.gui import editing

    window = open_gui(damaged[0], settings)
    window.show_table("t3")
    table = window.session.table("t3")
    i = next(k for k, r in enumerate(table.rows) if r.first_line == 586)
    dialog = SplitRowDialog(table.columns, table.rows[i], window)
    name = table.rows[i].cells[2]
    edit = dialog.first[2]
    edit.setFocus()
    edit.setCursorPosition(name.index("电气") + 2)
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    first, second = dialog.cells()
    assert first[2] + second[2] == name and first[2].endswith("电气") and first[:2] == table.rows[i].cells[:2]
    assert second[3] == table.rows[i].cells[3] and first[3] == ""
    dialog.reject()
    choices = editing.group_choices(table)
    k = editing.group_of_row(table, i)
    assert choices[k].label.startswith("一、魏都区")
    move = MoveRowDialog(choices, window, current=k)
    assert move.chosen() == choices[k]
    move.reject()


def test_import_cancel_stops_between_two_files(tmp_path):
    import threading

    from proofreader.gui.transfer import import_paths

    from .conftest import SEED_004

    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        cancel.set()  # Cancel pressed while the first file is being imported
    out = import_paths(str(tmp_path / "store.sqlite"), [str(SEED_001), str(SEED_004)], "张三", "zh", progress, cancel)
    assert [r.name for r in out.results] == [SEED_001.name]  # the file under way is finished, whole
    assert out.cancelled == [SEED_004.name]
    with open_store(str(tmp_path / "store.sqlite")) as store:
        assert [i.name for i in store.issues()] == [SEED_001.name]


def test_file_dialogs_speak_chinese(qtbot, open_gui, damaged, settings):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QFileDialog, QLabel

    window = open_gui(damaged[0], settings)
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, answer)
            return
        seen.extend(label.text() for label in dialog.findChildren(QLabel))
        dialog.reject()
    QTimer.singleShot(0, answer)
    window.transfer.choose_and_import()
    assert {"查找范围：", "文件类型："} <= set(seen)
    assert not {"Look in:", "Files of type:"} & set(seen)
