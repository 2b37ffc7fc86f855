"""The OCR text pane: the issue's original lines with line numbers and markers.

The current table's lines are shaded, lines with findings are tinted by severity (and
marked in the gutter), the current row's source lines are highlighted; Ctrl+F opens a
search bar. Clicking a line reports it (``line_clicked``) so the window can select the
row printed there. The text is read-only: the OCR original is never changed.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import (QColor, QFont, QFontDatabase, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QResizeEvent,
                           QTextCharFormat, QTextCursor, QTextDocument, QTextFormat)
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QToolButton, QVBoxLayout,
                               QWidget)

from ..model import ERROR, INFO, WARNING

#: Fonts that render Chinese well, best first (Linux, Windows, older Windows).
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "Microsoft YaHei UI", "SimSun",
                "WenQuanYi Micro Hei", "PingFang SC")

TABLE_SHADE = QColor("#eaf1fb")
ROW_HIGHLIGHT = QColor("#ffe98a")
LINE_TINT = {ERROR: QColor("#f9d2d2"), WARNING: QColor("#fbe7bf"), INFO: QColor("#dce8f7")}
GUTTER_MARK = {ERROR: QColor("#c62828"), WARNING: QColor("#e08a00"), INFO: QColor("#3b78c4")}
GUTTER_TABLE = QColor("#7aa7e0")


def chinese_font(point_size: float | None = None) -> QFont:
    """The installed fonts of :data:`CJK_FAMILIES`, best first (Qt's default font otherwise).

    All of them, not just the first: a character the first lacks (a rare place name's
    character outside Microsoft YaHei) is drawn from the next (SimSun on Windows).
    """
    installed = set(QFontDatabase.families())
    families = [family for family in CJK_FAMILIES if family in installed]
    font = QFont()
    if families:
        font = QFont(families[0])
        font.setFamilies(families)
    if point_size:
        font.setPointSizeF(point_size)
    return font


class _Gutter(QWidget):
    def __init__(self, view: "OcrView") -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self) -> QSize:
        return QSize(self.view.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.view.paint_gutter(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        cursor = self.view.cursorForPosition(event.position().toPoint() + self.view.viewport().pos()
                                             - self.pos())
        self.view.line_clicked.emit(cursor.blockNumber() + 1)


class OcrView(QPlainTextEdit):
    """Read-only text with a line-number gutter and line markers."""

    line_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ocrView")
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setFont(chinese_font())
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance("　") * 4)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self._gutter = _Gutter(self)
        self._table_range: tuple[int, int] | None = None
        self._row_range: tuple[int, int] | None = None
        self._marks: dict[int, str] = {}
        self._search: tuple[int, int] | None = None
        self.blockCountChanged.connect(self._update_margin)
        self.updateRequest.connect(self._update_gutter)
        self._update_margin()

    # ------------------------------------------------------------------ content

    def set_lines(self, lines: list[str]) -> None:
        self._table_range = self._row_range = None
        self._marks = {}
        self.setPlainText("\n".join(lines))
        self._update_margin()
        self._refresh()

    def line_count(self) -> int:
        return self.blockCount()

    def line_text(self, line: int) -> str:
        block = self.document().findBlockByNumber(line - 1)
        return block.text() if block.isValid() else ""

    def set_table_range(self, first: int | None, last: int | None) -> None:
        self._table_range = (first, last) if first and last else None
        self._refresh()

    def set_marks(self, marks: dict[int, str]) -> None:
        """Lines with findings: line -> worst severity."""
        self._marks = dict(marks)
        self._refresh()

    def marks(self) -> dict[int, str]:
        return dict(self._marks)

    def set_row_range(self, first: int | None, last: int | None, scroll: bool = True) -> None:
        """Highlight the current row's source lines and bring them into view."""
        self._row_range = (first, last) if first and last else None
        self._refresh()
        if scroll and first:
            self.go_to_line(first, select=False)

    def row_range(self) -> tuple[int, int] | None:
        return self._row_range

    def go_to_line(self, line: int, select: bool = False) -> None:
        block = self.document().findBlockByNumber(max(0, line - 1))
        if not block.isValid():
            return
        cursor = QTextCursor(block)
        if select:
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.centerCursor()

    def current_line(self) -> int:
        return self.textCursor().blockNumber() + 1

    def first_visible_line(self) -> int:
        return self.firstVisibleBlock().blockNumber() + 1

    # ------------------------------------------------------------------ drawing

    def _selection(self, first: int, last: int, color: QColor) -> QTextEdit.ExtraSelection:
        doc = self.document()
        sel = QTextEdit.ExtraSelection()
        start = doc.findBlockByNumber(first - 1)
        end = doc.findBlockByNumber(last - 1)
        cursor = QTextCursor(start)
        if end.isValid() and last > first:
            cursor.setPosition(end.position(), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setBackground(color)
        fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
        sel.format = fmt
        return sel

    def _refresh(self) -> None:
        selections: list[QTextEdit.ExtraSelection] = []
        if self._table_range:
            first, last = self._table_range
            for line in range(first, last + 1):
                selections.append(self._selection(line, line, TABLE_SHADE))
        for line, severity in sorted(self._marks.items()):
            selections.append(self._selection(line, line, LINE_TINT.get(severity, LINE_TINT[INFO])))
        if self._row_range:
            first, last = self._row_range
            for line in range(first, last + 1):
                selections.append(self._selection(line, line, ROW_HIGHLIGHT))
        self.setExtraSelections(selections)
        self._gutter.update()

    def gutter_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return 14 + self.fontMetrics().horizontalAdvance("9") * digits + 8

    def _update_margin(self, _count: int = 0) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _update_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        cr = self.contentsRect()
        self._gutter.setGeometry(QRect(cr.left(), cr.top(), self.gutter_width(), cr.height()))

    def paint_gutter(self, event: QPaintEvent) -> None:
        painter = QPainter(self._gutter)
        painter.fillRect(event.rect(), QColor("#f4f4f4"))
        block = self.firstVisibleBlock()
        number = block.blockNumber()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        bottom = top + round(self.blockBoundingRect(block).height())
        width = self._gutter.width()
        height = self.fontMetrics().height()
        painter.setFont(self.font())
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible() and bottom >= event.rect().top():
                line = number + 1
                in_table = self._table_range and self._table_range[0] <= line <= self._table_range[1]
                if in_table:
                    painter.fillRect(0, top, 3, bottom - top, GUTTER_TABLE)
                severity = self._marks.get(line)
                if severity:
                    painter.fillRect(4, top + 2, 7, bottom - top - 4, GUTTER_MARK.get(severity, GUTTER_MARK[INFO]))
                in_row = self._row_range and self._row_range[0] <= line <= self._row_range[1]
                painter.setPen(QColor("#000000") if in_row else QColor("#8a8a8a"))
                painter.drawText(0, top, width - 6, height, int(Qt.AlignmentFlag.AlignRight), str(line))
            block = block.next()
            top = bottom
            bottom = top + round(self.blockBoundingRect(block).height())
            number += 1

    # ------------------------------------------------------------------ interaction

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            self.line_clicked.emit(self.current_line())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.line_clicked.emit(self.current_line())
            return
        super().keyPressEvent(event)

    def find_text(self, text: str, backward: bool = False) -> bool:
        """Select the next (previous) occurrence of ``text``, wrapping around."""
        if not text:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        doc = self.document()
        found = doc.find(text, self.textCursor(), flags)
        if found.isNull():
            start = QTextCursor(doc)
            if backward:
                start.movePosition(QTextCursor.MoveOperation.End)
            found = doc.find(text, start, flags)
        if found.isNull():
            return False
        self.setTextCursor(found)
        self.centerCursor()
        return True


class FindBar(QWidget):
    """Search in the OCR text: Enter next, Shift+Enter previous, Escape closes."""

    def __init__(self, view: OcrView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.edit = QLineEdit(self)
        self.edit.setObjectName("findEdit")
        self.edit.setPlaceholderText(self.tr("Find in the OCR text"))
        self.edit.setClearButtonEnabled(True)
        self.count = QLabel(self)
        prev_btn = QToolButton(self)
        prev_btn.setText("▲")
        prev_btn.setToolTip(self.tr("Previous match (Shift+Enter)"))
        next_btn = QToolButton(self)
        next_btn.setText("▼")
        next_btn.setToolTip(self.tr("Next match (Enter)"))
        close_btn = QToolButton(self)
        close_btn.setText("✕")
        close_btn.setToolTip(self.tr("Close (Esc)"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(QLabel(self.tr("Find:"), self))
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count)
        layout.addWidget(prev_btn)
        layout.addWidget(next_btn)
        layout.addWidget(close_btn)
        prev_btn.clicked.connect(lambda: self.find(backward=True))
        next_btn.clicked.connect(lambda: self.find())
        close_btn.clicked.connect(self.close_bar)
        self.edit.textChanged.connect(self._count)
        self.edit.returnPressed.connect(lambda: self.find())
        self.edit.installEventFilter(self)
        self.hide()

    def open_bar(self) -> None:
        selected = self.view.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.edit.setText(selected)
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.view.setFocus()

    def find(self, backward: bool = False) -> bool:
        found = self.view.find_text(self.edit.text(), backward)
        self.edit.setStyleSheet("" if found or not self.edit.text() else "background: #fbe1e1;")
        return found

    def _count(self, text: str) -> None:
        if not text:
            self.count.setText("")
            return
        n = self.view.toPlainText().count(text)
        self.count.setText(self.tr("%n match(es)", "", n))

    def eventFilter(self, obj, event) -> bool:  # noqa: ANN001  # Qt's signature
        if obj is self.edit and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                    event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.find(backward=True)
                return True
        return super().eventFilter(obj, event)


class OcrPane(QWidget):
    """The OCR view with its search bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ocrPane")
        self.view = OcrView(self)
        self.find_bar = FindBar(self.view, self)
        self.title = QLabel(self)
        self.title.setObjectName("ocrTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.view, 1)
