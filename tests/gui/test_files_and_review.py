"""Import (drag and drop) with bad files, export from the window, review status with a
second proofreader, and a store that is not ours."""

from __future__ import annotations

import argparse
import sqlite3

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMessageBox

from proofreader.gui.app import open_window, run_gui
from proofreader.gui.worker import busy
from proofreader.store import open_store

from .conftest import SEED_004


def _drop(window, paths) -> None:
    """A drag entering the window with files, then the drop (the handlers Qt calls)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    where = QPointF(QPoint(200, 200))
    enter = QDragEnterEvent(where.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    window.dropEvent(QDropEvent(where, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier))


def test_dropped_files_import_and_bad_ones_get_one_clear_message(qtbot, open_gui, store_path, settings, tmp_path):
    window = open_gui(store_path, settings)
    binary = tmp_path / "scan.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with qtbot.waitSignal(window.issue_shown):
        _drop(window, [binary, SEED_004, empty])
    qtbot.waitUntil(lambda: not busy())

    # The good file is in, opened, and in the navigator; the others are named in one dialog.
    assert window.session.name == SEED_004.name
    assert SEED_004.name in [e.info.name for e in window.catalog]
    dialog = window.errors.last_dialog
    assert isinstance(dialog, QMessageBox) and dialog.isVisible()
    text = dialog.text()
    assert "scan.txt" in text and "empty.txt" in text
    assert "Traceback" not in text and not dialog.detailedText()
    dialog.close()
    with open_store(str(store_path)) as other:
        assert sorted(i.name for i in other.issues()) == sorted(["002_7bba585c8c284dc6.txt", SEED_004.name])


def test_program_opened_with_files_imports_and_opens_them(qtbot, store_path, settings, tmp_path):
    # "Open with" on Windows, or files dropped on the program's icon: proofreader-gui FILE...
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    window = open_window(str(store_path), settings, files=[str(empty), str(SEED_004)], start=False)
    try:
        with qtbot.waitSignal(window.issue_shown):
            window.start(files=[str(empty), str(SEED_004)])
        qtbot.waitUntil(lambda: not busy())
        assert window.session.name == SEED_004.name
        dialog = window.errors.last_dialog
        assert isinstance(dialog, QMessageBox) and "empty.txt" in dialog.text()
        dialog.close()
    finally:
        window.close()
        window.store.close()
        window.deleteLater()
    with open_store(str(store_path)) as other:
        assert SEED_004.name in [i.name for i in other.issues()]


def test_export_from_the_window(qtbot, open_gui, store_path, settings, tmp_path):
    window = open_gui(store_path, settings)
    results = []
    central = tmp_path / "central.sqlite"
    failed = window.errors.count
    window.transfer.export(out=str(central), then=results.append)
    # done, or an error dialog (an export that fails must fail the test, not hang it)
    qtbot.waitUntil(lambda: len(results) == 1 or window.errors.count > failed)
    assert window.errors.count == failed, window.errors.last_message
    assert central.exists()
    with sqlite3.connect(central) as conn:
        assert conn.execute("SELECT count(*) FROM issues").fetchone()[0] == 1
    window.transfer.export(xlsx=str(tmp_path / "tables.xlsx"), then=results.append)
    window.transfer.export(csv_dir=str(tmp_path / "csv"), then=results.append)
    qtbot.waitUntil(lambda: len(results) == 3 or window.errors.count > failed)
    assert window.errors.count == failed, window.errors.last_message
    assert (tmp_path / "tables.xlsx").stat().st_size > 0
    assert len(list((tmp_path / "csv").glob("*.csv"))) == results[2].tables + 2  # index.csv, corrections.csv
    assert (tmp_path / "csv" / "index.csv").exists()
    assert not list(tmp_path.glob("*.part"))  # nothing half-written left behind
    assert "已导出" in window.statusBar().currentMessage()


def test_approved_needs_a_second_proofreader(qtbot, open_gui, store_path, settings, seed_002_store):
    window = open_gui(store_path, settings)
    window.show_table("t3")
    window.table_view.select_row(1, 3)
    assert window.edits.commit_cell(window.table_model.row(1).key, 3, "50", "50万元")
    assert window.session.infos["t3"].status == "in_progress"  # a correction starts the review

    window.set_status("proofread")
    assert window.session.infos["t3"].status == "proofread"
    window.set_status("approved")  # by 张三, who corrected it: refused, with a message
    assert window.session.infos["t3"].status == "proofread"
    assert "另一位校对人" in window.errors.last_message
    window.errors.last_dialog.close()

    settings.operator = "李四"
    window.set_status("approved")
    info = window.session.infos["t3"]
    assert (info.status, info.status_by) == ("approved", "李四")
    assert window.status_combo.currentData() == "approved"
    assert window.navigator._tables[(seed_002_store[1], "t3")].parent().child(
        window.navigator._tables[(seed_002_store[1], "t3")].row(), 1).text() == "已审核"


def test_a_foreign_sqlite_file_is_refused_with_exit_code_2(qtbot, tmp_path, capsys):
    foreign = tmp_path / "other.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (x TEXT)")
    code = run_gui(argparse.Namespace(db=str(foreign), samples=False, lang="zh"))
    assert code == 2
    err = capsys.readouterr().err
    assert "不是本工具的数据库" in err and "Traceback" not in err
