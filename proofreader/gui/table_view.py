"""The table pane's view and its cell delegate.

The delegate draws group headers indented by level with their stated and actual
figures, validates what is typed (an amount cell takes a number) and commits only on
Enter, Tab or leaving the cell, never while an input method is composing: with a
Chinese IME the Enter that picks a candidate belongs to the IME, and the cell's value
is what the IME committed, not the pinyin on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QInputMethodEvent, QKeyEvent, QPainter
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QApplication, QHeaderView, QLineEdit,
                               QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView, QToolTip, QWidget)

from ..corrections import validate_cell
from ..model import GROUP
from .i18n import pick
from .table_model import FIGURES_OK_ROLE, FIGURES_ROLE, LEVEL_ROLE, ROW_KIND_ROLE, TableModel

INDENT = 18
MAX_INDENT_LEVEL = 4
FIGURES_OK = QColor("#1e7b34")
FIGURES_BAD = QColor("#b3261e")
FIGURES_UNKNOWN = QColor("#6b6b6b")


class CellEditor(QLineEdit):
    """A line editor that knows whether an input method is composing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preedit = ""
        self.index = QPersistentModelIndex()

    @property
    def composing(self) -> bool:
        return bool(self.preedit)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        self.preedit = event.preeditString()
        super().inputMethodEvent(event)

    def finish_composition(self) -> None:
        """Take the text being composed as typed (the cell is being left)."""
        if self.preedit:
            self.insert(self.preedit)
            self.preedit = ""

    def mark_invalid(self, message: str | None) -> None:
        self.setStyleSheet("border: 2px solid #b3261e;" if message else "")
        self.setToolTip(message or "")


class CellDelegate(QStyledItemDelegate):
    """Draws group rows and guards what is committed."""

    #: A value was refused: the message to show (in the window's language).
    refused = Signal(str)

    # ------------------------------------------------------------------ drawing

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        figures = index.data(FIGURES_ROLE)
        kind = index.data(ROW_KIND_ROLE)
        level = index.data(LEVEL_ROLE) or 0
        # Ordinal levels 1-4 ("一、", "（一）", "1.", "（1）"); a merged category label is deeper.
        indent = INDENT * max(0, min(level, MAX_INDENT_LEVEL) - 1) if kind == GROUP and index.column() == 0 else 0
        if not figures and not indent:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget else QApplication.style()
        # Background and selection over the whole cell, then the label and the figures.
        text = opt.text
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = opt.rect.adjusted(4 + indent, 0, -4, 0)
        view = opt.widget
        if isinstance(view, QTableView):  # a spanned group row may be wider than what is visible
            rect = rect.intersected(QRect(0, rect.top(), view.viewport().width() - 4, rect.height()))
        fm = opt.fontMetrics
        gap = fm.horizontalAdvance("　　")
        fig_width = min(fm.horizontalAdvance(figures) + 2, rect.width() // 2) if figures else 0
        label_width = min(fm.horizontalAdvance(text) + 2, rect.width() - fig_width - (gap if figures else 0))
        painter.save()
        painter.setFont(opt.font)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.setPen(opt.palette.highlightedText().color() if selected else opt.palette.text().color())
        align = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        painter.drawText(QRect(rect.left(), rect.top(), label_width, rect.height()), align,
                         fm.elidedText(text, Qt.TextElideMode.ElideRight, label_width))
        if figures:
            ok = index.data(FIGURES_OK_ROLE)
            painter.setPen(FIGURES_UNKNOWN if ok is None else FIGURES_OK if ok else FIGURES_BAD)
            painter.drawText(QRect(rect.left() + label_width + gap, rect.top(), fig_width, rect.height()), align,
                             fm.elidedText(figures, Qt.TextElideMode.ElideRight, fig_width))
        painter.restore()

    # ------------------------------------------------------------------ editing

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = CellEditor(parent)
        editor.setFrame(False)
        editor.index = QPersistentModelIndex(index)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, CellEditor) and not editor.isModified():
            editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")

    def problem(self, editor: CellEditor) -> str | None:
        """Why the editor's text cannot go into its cell (None when it can)."""
        index = editor.index
        model = index.model()
        if not index.isValid() or not isinstance(model, TableModel) or model.table is None:
            return None
        result = validate_cell(model.table, index.column(), editor.text())
        if result is None:
            return None
        return pick(*result) if isinstance(result, tuple) else str(result)

    def _commit(self, editor: CellEditor, hint: QAbstractItemDelegate.EndEditHint) -> bool:
        message = self.problem(editor)
        if message:
            editor.mark_invalid(message)
            QToolTip.showText(editor.mapToGlobal(QPoint(0, editor.height())), message, editor)
            self.refused.emit(message)
            return False
        editor.mark_invalid(None)
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, hint)
        return True

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not isinstance(obj, CellEditor):
            return super().eventFilter(obj, event)
        editor = obj
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                if editor.composing:
                    return True  # the input method's key (picking a candidate), not ours
                hint = {Qt.Key.Key_Tab: QAbstractItemDelegate.EndEditHint.EditNextItem,
                        Qt.Key.Key_Backtab: QAbstractItemDelegate.EndEditHint.EditPreviousItem}.get(
                    Qt.Key(key), QAbstractItemDelegate.EndEditHint.NoHint)
                self._commit(editor, hint)
                return True
            if key == Qt.Key.Key_Escape:
                if editor.composing:
                    return False  # Escape cancels the composition, not the edit
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)
                return True
            return False
        if event.type() == QEvent.Type.FocusOut and isinstance(event, QFocusEvent):
            if event.reason() == Qt.FocusReason.PopupFocusReason or QApplication.activePopupWidget() is not None:
                return False  # a context menu or the IME's candidate window
            focused = QApplication.focusWidget()
            if focused is not None and editor.isAncestorOf(focused):
                return False
            editor.finish_composition()
            if self.problem(editor):
                self.refused.emit(self.problem(editor) or "")
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)
                return False
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            return False
        return super().eventFilter(obj, event)


class TableView(QTableView):
    """The parsed table: fixed row height (smooth at 10,000 rows), group rows spanned."""

    #: The current row changed (model row index, -1 for none).
    row_changed = Signal(int)

    def __init__(self, model: TableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tableView")
        self.delegate = CellDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setWordWrap(False)
        self.setAlternatingRowColors(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vh = self.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 8)
        vh.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        hh = self.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(True)
        hh.setHighlightSections(True)
        model.layout_refreshed.connect(self.refresh_spans)
        model.modelReset.connect(self._new_table)
        hh.sectionResized.connect(self._section_resized)
        self.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.row_changed.emit(cur.row()))

    def _new_table(self) -> None:
        self._user_sized = False
        self.fit_columns()

    def table_model(self) -> TableModel:
        model = self.model()
        assert isinstance(model, TableModel)
        return model

    def refresh_spans(self) -> None:
        """A group header whose other cells are empty spans the table's width; one that
        prints figures in the columns ("一、产业类项目（5个）" over its projects' sums) spans
        the empty cells up to its first figure, so its label is read, not elided."""
        model = self.table_model()
        self.clearSpans()
        ncols = model.columnCount()
        if ncols < 2:
            return
        for i, row in enumerate(model.rows()):
            if row.kind != GROUP:
                continue
            first = next((j for j in range(1, min(ncols, len(row.cells))) if row.cells[j].strip()), ncols)
            if first > 1:
                self.setSpan(i, 0, 1, first)

    def fit_columns(self) -> None:
        """Column widths from the header and the first rows (never a scan of every row),
        narrowed so that the whole table fits the pane when it can: the text columns give
        way (elided, full text on hover), the amount and serial columns never do, so a
        figure is never clipped ("10" shown as "1(")."""
        model = self.table_model()
        fm = self.fontMetrics()
        rows = model.rows()[:200]
        table = model.table
        keep = {c for r, c in (table.roles.items() if table is not None else []) if r in ("amount", "serial")}
        widths = []
        for col in range(model.columnCount()):
            header = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
            width = fm.horizontalAdvance(header) + 28
            for r in rows:
                if r.kind != GROUP and col < len(r.cells):
                    width = max(width, fm.horizontalAdvance(r.cells[col]) + 20)
            widths.append(max(48, width if col in keep else min(width, 380)))
        room = self.viewport().width() - 4
        if self.verticalScrollBar().isHidden() and model.rowCount() * self.verticalHeader().defaultSectionSize() \
                > self.viewport().height():
            room -= self.verticalScrollBar().sizeHint().width()  # about to appear
        shrinkable = [k for k in range(len(widths)) if k not in keep]
        while shrinkable and sum(widths) > room:
            widest = max(widths[k] for k in shrinkable)
            if widest <= 90:
                break
            k = next(k for k in shrinkable if widths[k] == widest)
            count = sum(1 for j in shrinkable if widths[j] == widest)
            widths[k] = max(90, widest - max(8, (sum(widths) - room) // max(1, count)))
        self._fitting = True
        try:
            for col, width in enumerate(widths):
                self.setColumnWidth(col, width)
        finally:
            self._fitting = False
        self._fitted_for = self.viewport().width()

    _fitting = False
    _fitted_for = -1
    #: The proofreader dragged a column edge: the widths are theirs until the next table.
    _user_sized = False

    def _section_resized(self, *_args: object) -> None:
        if not self._fitting and QApplication.mouseButtons() != Qt.MouseButton.NoButton:
            self._user_sized = True

    def resizeEvent(self, event) -> None:  # noqa: ANN001
        super().resizeEvent(event)
        if not self._user_sized and abs(self.viewport().width() - self._fitted_for) > 8:
            self.fit_columns()

    def select_row(self, row: int, column: int | None = None) -> None:
        """Make ``row`` current (and ``column`` when given) and scroll it to the middle."""
        model = self.table_model()
        if not 0 <= row < model.rowCount():
            return
        col = column if column is not None and 0 <= column < model.columnCount() else max(0, self.currentIndex().column())
        if self.columnSpan(row, 0) > 1:
            col = 0  # a group header spans the row: its one cell is the first
        index = model.index(row, col)
        self.setCurrentIndex(index)
        # Centre the row, keeping the first columns in view unless the cell needs them gone.
        self.horizontalScrollBar().setValue(0)
        self.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def current_row(self) -> int:
        index = self.currentIndex()
        return index.row() if index.isValid() else -1
