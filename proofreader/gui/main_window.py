"""The review window: navigator, OCR text, parsed table and findings, kept in step.

The window composes the panes and moves between them (issue, table, row, OCR line,
finding). Editing commands live in :mod:`.edit_commands`, import and export in
:mod:`.transfer`; both report through the window's one error boundary.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QIcon
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDockWidget, QHBoxLayout, QLabel, QLineEdit, QMainWindow,
                               QMessageBox, QSplitter, QVBoxLayout, QWidget)

from ..loop import Changes
from ..model import Finding
from ..wording import local_time
from ..paths import icon_path
from ..store import STATUSES, Store
from .actions import build_actions, build_menus, row_menu_actions
from .dialogs import AboutDialog, ErrorBoundary, HistoryDialog, OperatorDialog, ShortcutsDialog
from .edit_commands import EditCommands
from .findings_pane import FindingsPane
from .i18n import current_language
from .navigator import NavigatorPane, status_label
from .ocr_pane import OcrPane
from .search_pane import SearchPane
from .session import CatalogEntry, IssueData, IssueSession, SharedStore, load_catalog, load_issue
from .settings import Settings
from .table_model import SEVERITY_ORDER, TableModel
from .table_view import TableView
from .transfer import Transfer
from .worker import run_in_background


class MainWindow(QMainWindow):
    """The proofreader's window over one store."""

    #: The catalog (issues and tables) is shown.
    catalog_shown = Signal()
    #: An issue is shown, with its text, tables and findings: its id.
    issue_shown = Signal(str)

    def __init__(self, store: Store, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.store = store
        self.shared_store = SharedStore(store)
        self.settings = settings
        self.errors = ErrorBoundary(self)
        self.session: IssueSession | None = None
        self.table_id: str | None = None
        self.catalog: list[CatalogEntry] = []
        self._complete_catalog = False
        self.last_open_seconds = 0.0
        self._loading: str | None = None
        self._syncing = False
        self.setWindowTitle(self.tr("Gazette Proofreader"))
        if icon_path().exists():
            self.setWindowIcon(QIcon(str(icon_path())))
        self.setAcceptDrops(True)
        self._build_panes()
        self.edits = EditCommands(self)
        self.transfer = Transfer(self)
        self.actions_by_name = build_actions(self, self._handlers())
        self.menus = build_menus(self.menuBar(), self.actions_by_name)
        view_menu = self.menus["view"]
        view_menu.addSeparator()
        view_menu.addAction(self.navigator_dock.toggleViewAction())
        view_menu.addAction(self.findings_dock.toggleViewAction())
        view_menu.addAction(self.search_dock.toggleViewAction())
        self.table_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table_view.addActions(row_menu_actions(self.actions_by_name))
        self.actions_by_name["lang_zh" if current_language() == "zh" else "lang_en"].setChecked(True)
        self._connect()
        self._restore_layout()
        if self.settings.get("zoom"):
            self._apply_zoom(self.settings.get("zoom"))
        self._update_actions()

    # ------------------------------------------------------------------ building

    def _build_panes(self) -> None:
        self.navigator = NavigatorPane(self)
        self.navigator.set_filter(self.settings.get("table_filter"))
        self.ocr = OcrPane(self)
        self.table_model = TableModel(parent=self)
        self.table_view = TableView(self.table_model, self)
        self.table_title = QLabel(self)
        self.table_title.setObjectName("tableTitle")
        self.table_title.setWordWrap(True)
        self.table_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table_figures = QLabel(self)
        self.table_figures.setObjectName("tableFigures")
        self.table_figures.setWordWrap(True)
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("statusCombo")
        for status in STATUSES:
            self.status_combo.addItem(status_label(status), status)
        self.status_by = QLabel(self)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("reasonEdit")
        self.reason_edit.setPlaceholderText(self.tr("Reason for the next corrections (optional)"))
        self.reason_edit.setToolTip(self.tr("Saved with every correction made while it is filled in; kept until you "
                                            "change it"))
        self.reason_edit.setClearButtonEnabled(True)
        self.reason_edit.setText(self.settings.get("reason"))
        self.corrected_only = QCheckBox(self.tr("Corrected rows only"), self)
        self.corrected_only.setObjectName("correctedOnly")
        header = QHBoxLayout()
        header.addWidget(self.table_title, 1)
        header.addWidget(QLabel(self.tr("Review:"), self))
        header.addWidget(self.status_combo)
        header.addWidget(self.status_by)
        tools = QHBoxLayout()
        tools.addWidget(QLabel(self.tr("Reason:"), self))
        tools.addWidget(self.reason_edit, 1)
        tools.addWidget(self.corrected_only)
        table_pane = QWidget(self)
        table_pane.setObjectName("tablePane")
        layout = QVBoxLayout(table_pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addLayout(tools)
        layout.addWidget(self.table_figures)
        layout.addWidget(self.table_view, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("centralSplitter")
        self.splitter.addWidget(self.ocr)
        self.splitter.addWidget(table_pane)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 5)
        self.setCentralWidget(self.splitter)
        self.findings = FindingsPane(self)
        self.findings.set_scope(self.settings.get("findings_scope"))
        self.findings.unresolved.setChecked(self.settings.get("unresolved_only"))
        self.navigator_dock = self._dock("navigatorDock", self.tr("Issues and tables"), self.navigator,
                                         Qt.DockWidgetArea.LeftDockWidgetArea)
        self.findings_dock = self._dock("findingsDock", self.tr("Findings"), self.findings,
                                        Qt.DockWidgetArea.BottomDockWidgetArea)
        self.search = SearchPane(self)
        self.search_dock = self._dock("searchDock", self.tr("Search"), self.search,
                                      Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.findings_dock, self.search_dock)
        self.search_dock.hide()  # shown by Ctrl+F: no tab bar taking a row from the findings before
        self.saved_label = QLabel(self)
        self.saved_label.setObjectName("savedLabel")
        self._saved_text = ("", "", "")
        self.remaining_label = QLabel(self)
        self.remaining_label.setObjectName("remainingLabel")
        self.operator_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.remaining_label)
        self.statusBar().addPermanentWidget(self.saved_label)
        self.statusBar().addPermanentWidget(self.operator_label)
        self._show_operator()

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _handlers(self) -> dict:
        e, t = self.edits, self.transfer
        return {
            "import": t.choose_and_import, "export_central": t.export_central, "export_xlsx": t.export_xlsx,
            "export_csv": t.export_csv, "quit": self.close,
            "undo": e.undo, "redo": e.redo, "edit_cell": e.edit_cell, "accept_suggestion": e.accept_suggestion,
            "find": lambda: self.open_search(False), "find_all": lambda: self.open_search(True),
            "find_ocr": self.ocr.find_bar.open_bar, "find_next": lambda: self._find(False),
            "find_previous": lambda: self._find(True), "remove_issue": lambda: self.transfer.remove_issue(),
            "insert_row": lambda: e.insert_row(below=True), "insert_row_above": lambda: e.insert_row(below=False),
            "delete_row": e.delete_row, "split_row": e.split_row, "merge_rows": e.merge_rows, "move_row": e.move_row,
            "toggle_group": e.toggle_group,
            "next_finding": lambda: self.step_finding(True), "previous_finding": lambda: self.step_finding(False),
            "decide_as_printed": lambda: self._start_decision("as_printed"),
            "decide_dismiss": lambda: self._start_decision("dismissed"),
            "zoom_in": lambda: self.zoom(1), "zoom_out": lambda: self.zoom(-1), "zoom_reset": lambda: self.zoom(0),
            "focus_navigator": lambda: self._focus(self.navigator_dock, self.navigator.tree),
            "focus_ocr": lambda: self.ocr.view.setFocus(), "focus_table": lambda: self.table_view.setFocus(),
            "focus_findings": lambda: self._focus(self.findings_dock, self.findings.view),
            "status_todo": lambda: self.set_status("todo"),
            "status_in_progress": lambda: self.set_status("in_progress"),
            "status_proofread": lambda: self.set_status("proofread"),
            "status_approved": lambda: self.set_status("approved"),
            "history": self.show_history, "change_operator": lambda: self.ask_operator(force=True),
            "lang_zh": lambda: self.set_language("zh"), "lang_en": lambda: self.set_language("en"),
            "shortcuts": lambda: ShortcutsDialog(self).exec(),
            "about": lambda: AboutDialog(self.store.path, self.settings.path, self).exec(),
        }

    def _connect(self) -> None:
        self.navigator.table_selected.connect(lambda iid, tid: self.open_issue(iid, tid))
        self.navigator.issue_selected.connect(lambda iid: self.open_issue(iid))
        self.navigator.line_selected.connect(lambda iid, line: self.open_issue(iid, line=line))
        self.navigator.filter_changed.connect(lambda mode: self.settings.set("table_filter", mode))
        self.table_view.row_changed.connect(self._row_changed)
        self.table_view.delegate.refused.connect(self._refused)
        self.ocr.view.line_clicked.connect(self._line_clicked)
        self.table_view.delegate.closeEditor.connect(lambda *_a: self._editor_closed())
        self.search.search_requested.connect(self.run_search)
        self.search.activated.connect(self.go_to_hit)
        self.findings.activated.connect(self.go_to_finding)
        self.findings.shown.connect(lambda f: self.go_to_finding(f, focus=False))
        self.findings.decide_requested.connect(self.decide_finding)
        self.findings.scope_changed.connect(self._scope_changed)
        self.findings.unresolved.toggled.connect(lambda on: self.settings.set("unresolved_only", on))
        self.status_combo.activated.connect(lambda k: self.set_status(self.status_combo.itemData(k)))
        self.reason_edit.editingFinished.connect(lambda: self.settings.set("reason", self.reason_edit.text()))
        self.corrected_only.toggled.connect(self._corrected_only_toggled)

    def _restore_layout(self) -> None:
        geometry = self.settings.get("geometry")
        screen = self.screen().availableGeometry()
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(min(1600, int(screen.width() * 0.94)), min(1000, int(screen.height() * 0.92)))
            if screen.width() < 1500 or screen.height() < 900:  # a laptop or an office 1366x768: every pixel counts
                self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        state = self.settings.get("window_state")
        if not state.isEmpty():
            self.restoreState(state)
        else:  # first run: the panes in proportion to the screen, most of it for the text and the table
            # The navigator wide enough for a table's id and the ends of its title; the findings
            # pane tall enough for five findings and the decision bar (at 1366x768 too).
            self.resizeDocks([self.navigator_dock], [min(380, int(screen.width() * 0.23))], Qt.Orientation.Horizontal)
            self.resizeDocks([self.findings_dock], [min(320, max(250, int(screen.height() * 0.33)))],
                             Qt.Orientation.Vertical)
        splitter = self.settings.get("splitter")
        if splitter.isEmpty() or not self.splitter.restoreState(splitter):
            self.splitter.setSizes([440, 700])

    # ------------------------------------------------------------------ start and catalog

    def start(self, import_samples: bool = False, files: list[str] | None = None) -> None:
        """Show the catalog, importing the sample issues first when asked or on first run;
        ``files`` (the program opened with them) are imported and the last one opened."""
        def loaded(catalog: list[CatalogEntry]) -> None:
            self._show_catalog(catalog)
            if files:
                self._complete_catalog = True
                self.transfer.import_files(list(files), open_last=True)
                return
            if import_samples or not catalog:
                from ..paths import sample_files

                samples = [str(p) for p in sample_files()]
                if samples:
                    self.transfer.import_files(samples, open_last=False, open_first=not catalog, quiet_unchanged=True)
                    return
            last = self.settings.get("last_issue")
            if not any(e.info.issue_id == last for e in catalog):
                last = catalog[0].info.issue_id if catalog else ""
            self._complete_catalog = True  # the other issues' tables: once the first one is shown
            self.open_issue(last, self.settings.get("last_table") or None)
        self.reload_catalog(loaded, tables=False)

    def reload_catalog(self, then=None, tables: bool = True) -> None:  # noqa: ANN001
        path = self.store.path
        run_in_background(lambda _progress: load_catalog(path, tables), name="catalog",
                          on_done=then or self._show_catalog, on_error=self.errors.show)

    def _show_catalog(self, catalog: list[CatalogEntry]) -> None:
        self.catalog = catalog
        self.navigator.set_catalog(catalog)
        if self.session is not None:
            if not self.navigator.has_tables(self.session.issue_id):
                self.navigator.set_issue_tables(self.session.issue_id, list(self.session.infos.values()))
            self.navigator.update_tables(self.session.issue_id, list(self.session.infos.values()))
            self.navigator.select(self.session.issue_id, self.table_id or "", notify=False)
        self.catalog_shown.emit()

    # ------------------------------------------------------------------ opening

    def open_issue(self, issue_id: str, table_id: str | None = None, line: int | None = None) -> None:
        """Show ``issue_id`` (read off the GUI thread), then its table or line."""
        if not issue_id or not any(e.info.issue_id == issue_id for e in self.catalog):
            return
        if self.session is not None and self.session.issue_id == issue_id:
            self._go(table_id, line)
            return
        if self._loading == issue_id:
            return
        self._loading = issue_id
        started = time.perf_counter()
        self.statusBar().showMessage(self.tr("Opening…"))
        path = self.store.path

        def shown(data: IssueData) -> None:
            self._loading = None
            self._show_issue(data, table_id, line)
            self.last_open_seconds = time.perf_counter() - started

        def failed(exc: BaseException) -> None:
            self._loading = None
            self.statusBar().clearMessage()
            self.errors.show(exc)

        run_in_background(lambda _progress: load_issue(path, issue_id), name="open", on_done=shown, on_error=failed)

    def _show_issue(self, data: IssueData, table_id: str | None, line: int | None) -> None:
        if self.session is not None:
            self.session.deleteLater()
        self.session = IssueSession(self.shared_store, data, self.operator, self)
        self.session.changes_made.connect(self._on_changes)
        session = self.session

        def warmed(_result: object) -> None:
            session.ready = True
            if session is self.session:
                self._update_actions()
            if self._complete_catalog:  # then the other issues' tables, for the navigator
                self._complete_catalog = False
                self.reload_catalog()

        # The window's store reads the issue too (so that the first edit is quick), off the
        # GUI thread, once the issue is on screen.
        def warm(_progress) -> None:  # noqa: ANN001
            self.shared_store.warm(data.issue_id)
            session.loop  # noqa: B018  # the correction loop, built off the GUI thread

        QTimer.singleShot(0, lambda: run_in_background(warm, name="warm", on_done=warmed, on_error=self.errors.show))
        self.table_id = None
        self.table_model.clear()
        self._refresh_table_header()  # no caption of the previous issue's table
        self.ocr.view.set_lines(data.lines)
        self.ocr.title.setText(self.tr("OCR text: %1 (%2 lines)").replace("%1", data.name)
                               .replace("%2", str(len(data.lines))))
        self.findings.model.set_table_titles({tid: t.title for tid, t in data.tables.items()})
        self._refresh_marks()
        if not self.navigator.has_tables(data.issue_id):
            self.navigator.set_issue_tables(data.issue_id, data.infos)
        self.settings.set("last_issue", data.issue_id)
        self.setWindowTitle(self.tr("Gazette Proofreader — %1").replace("%1", data.name))
        self.statusBar().showMessage(self.tr("Opened %1 in %2 s").replace("%1", data.name)
                                     .replace("%2", f"{data.load_seconds:.2f}"), 5000)
        if data.not_carried:  # kept from the previous OCR run, never moved to a look-alike row
            self.errors.show_text(self.tr("%1 correction(s) of the previous OCR run were not carried over "
                                          "(the same row was not found); please look at them:")
                                  .replace("%1", str(len(data.not_carried))) + "\n"
                                  + "\n".join(f"• {d}" for d in data.not_carried))
        if table_id not in data.tables:
            table_id = None
        if table_id is None and line is None:
            table_id = self._first_table_with_findings() or (self.session.order[0] if self.session.order else None)
        self._go(table_id, line)
        self._refresh_findings()
        self._show_remaining()
        self._update_actions()
        self.issue_shown.emit(data.issue_id)

    def forget_issue(self, issue_id: str) -> None:
        """An issue removed from the store: off the screen, the next one shown."""
        if self.session is not None and self.session.issue_id == issue_id:
            self.session.deleteLater()
            self.session = None
            self.table_id = None
            self.table_model.clear()
            self.ocr.view.set_lines([])
            self.ocr.title.setText("")
            self._refresh_table_header()
            self._refresh_findings()
            self._show_remaining()
            self._update_actions()

        def reopen(catalog: list[CatalogEntry]) -> None:
            self._show_catalog(catalog)
            if self.session is None and catalog:
                self.open_issue(catalog[0].info.issue_id)
        self.reload_catalog(reopen)

    def _first_table_with_findings(self) -> str | None:
        assert self.session is not None
        for tid in self.session.order:
            if self.session.findings(tid):
                return tid
        return None

    def _go(self, table_id: str | None, line: int | None) -> None:
        if self.session is None:
            return
        if table_id is None and line is not None:
            table_id = self.session.table_at_line(line)
        if table_id is not None:
            if line is not None:  # its row becomes current, not the table's first finding
                self.show_table(table_id, select_row=False)
                row = self.table_model.row_for_line(line)
                self.table_view.select_row(row if row is not None else 0)
            else:
                self.show_table(table_id)
        if line is not None:
            self.ocr.view.go_to_line(line)

    def show_table(self, table_id: str, select_row: bool = True) -> None:
        """Show one table of the open issue in the table pane; with ``select_row``, its
        first row with a finding (or its first row) becomes current."""
        session = self.session
        if session is None or table_id not in session.tables:
            return
        if table_id != self.table_id:
            self.table_id = table_id
            self.table_model.set_table(session.table(table_id), session.findings(table_id), session.claims(table_id))
            self._show_corrected()
            table = session.table(table_id)
            self.ocr.view.set_table_range(table.first_line, table.last_line)
            self.settings.set("last_table", table_id)
            if self.findings.current_scope() == "table":
                self._refresh_findings()
            if select_row:
                first = next((r for f in session.findings(table_id)
                              if (r := self.table_model.row_for_finding(f)) is not None), 0)
                self.table_view.select_row(first)
        self.navigator.select(session.issue_id, table_id, notify=False)
        self._refresh_table_header()
        self._show_remaining()
        self._update_actions()

    # ------------------------------------------------------------------ keeping in step

    def _on_changes(self, changes: Changes) -> None:
        """Refresh exactly the tables the operation lists (rows, findings, counts, status)."""
        session = self.session
        if session is None or changes.issue_id != session.issue_id:
            return
        shown = changes.tables.get(self.table_id or "")
        if shown is not None:
            self.table_model.set_table(session.table(self.table_id), session.findings(self.table_id),
                                       session.claims(self.table_id))
            self._show_corrected()
            self._refresh_table_header()
        if changes.tables:
            self._refresh_findings()
            self._refresh_marks()
            self.navigator.update_tables(session.issue_id, [session.infos[t] for t in changes.tables
                                                            if t in session.infos])
        if changes.saved:
            self._saved(changes)
        self._show_remaining()
        self._update_actions()

    def _saved(self, changes: Changes) -> None:
        # Only reached after the store committed: "saved" here is true.
        ids = changes.correction_ids
        text = self.tr("✓ Saved (#%1, %2)").replace("%1", str(ids[-1])).replace("%2", time.strftime("%H:%M:%S"))
        self._saved_text = (text, "color: #1e7b34;", changes.description)
        self.saved_label.setText(text)
        self.saved_label.setStyleSheet("color: #1e7b34;")
        self.saved_label.setToolTip(changes.description)
        message = changes.description
        if changes.reset:
            message += "  " + self.tr("Table %1 is back to In progress: it changed after its review.") \
                .replace("%1", "、".join(changes.reset))
        self.statusBar().showMessage(message, 10000)

    def mark_unsaved(self, reason: str) -> None:
        self.saved_label.setText(self.tr("✗ Not saved"))
        self.saved_label.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.saved_label.setToolTip(reason)

    def _editor_closed(self) -> None:
        """An edit that was refused, then cancelled: nothing is unsaved any more."""
        text, style, tip = self._saved_text
        if self.saved_label.text() == self.tr("✗ Not saved"):
            self.saved_label.setText(text)
            self.saved_label.setStyleSheet(style)
            self.saved_label.setToolTip(tip)

    def reason(self) -> str:
        """The reason typed for the next corrections (kept until changed)."""
        text = self.reason_edit.text().strip()
        self.settings.set("reason", text)
        return text

    def _show_corrected(self) -> None:
        session = self.session
        if session is None or self.table_id is None:
            return
        try:
            corrected = session.corrected_cells(self.table_id) if session.ready else {}
        except Exception:  # noqa: BLE001  # a tint is not worth an error dialog; the next change retries
            corrected = {}
        self.table_model.set_corrected(corrected)
        self._apply_row_filter()

    def _corrected_only_toggled(self, on: bool) -> None:
        if on and self.session is not None and not self.session.ready:
            self.corrected_only.setChecked(False)
            return
        self._show_corrected()

    def _apply_row_filter(self) -> None:
        only = self.corrected_only.isChecked()
        keys = {k for k, _c in self.table_model.corrected()} if only else set()
        for r in range(self.table_model.rowCount()):
            self.table_view.setRowHidden(r, only and self.table_model.row(r).key not in keys)

    def _show_remaining(self) -> None:
        session = self.session
        if session is None:
            self.remaining_label.setText("")
            return
        errors, warnings = session.remaining()
        text = self.tr("Issue: %1 errors, %2 warnings left").replace("%1", str(errors)).replace("%2", str(warnings))
        if self.table_id is not None:
            t_errors, t_warnings = session.remaining(self.table_id)
            text = self.tr("Table: %1 errors, %2 warnings left").replace("%1", str(t_errors)) \
                .replace("%2", str(t_warnings)) + " · " + text
        self.remaining_label.setText(text)

    def _refresh_findings(self) -> None:
        session = self.session
        if session is None:
            self.findings.set_findings([])
            return
        scope = self.findings.current_scope()
        self.findings.set_findings(session.findings(self.table_id) if scope == "table" and self.table_id
                                   else session.findings())

    def _refresh_marks(self) -> None:
        session = self.session
        marks: dict[int, str] = {}
        for f in session.findings() if session else []:
            for line in {f.line, f.row_line or f.line}:
                old = marks.get(line)
                if old is None or SEVERITY_ORDER.get(f.severity, 9) < SEVERITY_ORDER.get(old, 9):
                    marks[line] = f.severity
        self.ocr.view.set_marks(marks)

    def _refresh_table_header(self) -> None:
        session = self.session
        if session is None or self.table_id is None:
            self.table_title.setText("")
            self.table_figures.setText("")
            return
        table = session.table(self.table_id)
        info = session.infos.get(self.table_id)
        rows = len(table.data_rows())
        self.table_title.setText(self.tr("<b>%1</b> %2 · lines %3–%4 · %5 rows").replace("%1", table.id)
                                 .replace("%2", table.title).replace("%3", str(table.first_line))
                                 .replace("%4", str(table.last_line)).replace("%5", str(rows)))
        figures = self.table_model.table_figures()
        whole = [f for f in self.table_model.table_findings()]
        text = self.tr("Whole table: %1").replace("%1", figures) if figures else ""
        if whole:
            from .i18n import pick

            text += ("\n" if text else "") + "\n".join(f"⚠ {pick(f.message, f.message_en)}" for f in whole[:3])
        self.table_figures.setText(text)
        self.table_figures.setVisible(bool(text))
        if info is not None:
            self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(info.status)))
            who = info.status_by or "—"
            self.status_by.setText(self.tr("by %1").replace("%1", who) if info.status_by else "")
            self.status_by.setToolTip(local_time(info.status_at))

    def _row_changed(self, row: int) -> None:
        if row < 0 or row >= self.table_model.rowCount():
            self.ocr.view.set_row_range(None, None)
            return
        first, last = self.table_model.row(row).first_line, self.table_model.row(row).last_line
        self.ocr.view.set_row_range(first, last, scroll=not self._syncing)

    def _line_clicked(self, line: int) -> None:
        session = self.session
        if session is None:
            return
        table_id = session.table_at_line(line)
        if table_id is None:
            return
        self._syncing = True
        try:
            self.show_table(table_id, select_row=False)
            row = self.table_model.row_for_line(line)
            if row is not None:
                self.table_view.select_row(row)
        finally:
            self._syncing = False

    def go_to_finding(self, finding: Finding, focus: bool = True) -> None:
        """Its table, its row (and cell) selected, its OCR line in view; focus on the table."""
        session = self.session
        if session is None:
            return
        table_id = session.table_of_finding(finding)
        if table_id is not None:
            self.show_table(table_id, select_row=False)
            row = self.table_model.row_for_finding(finding)
            if row is not None:
                self._syncing = True
                self.table_view.select_row(row, finding.column)
                self._syncing = False
            if focus:
                self.table_view.setFocus()
        self.ocr.view.go_to_line(finding.line)
        self.findings.select_finding(finding)

    def step_finding(self, forward: bool = True, focus: bool = True) -> Finding | None:
        """F8 / Shift+F8: the next (previous) open finding in the findings pane's order,
        from the last one visited (a finding a fix made disappear is not skipped over)."""
        finding = self.findings.step(forward)
        if finding is not None:
            self.go_to_finding(finding, focus=focus)
        else:
            self.statusBar().showMessage(self.tr("No open findings: every finding is fixed or decided."), 5000)
        return finding

    def decide_finding(self, finding: Finding, kind: str, note: str) -> bool:
        """Enter on a finding: its decision (the fix, 原件如此 or 不是问题 with a note), then
        the next open finding."""
        self.findings.anchor = finding  # the next open finding is counted from this one
        if kind == "fix":
            if not finding.fix:
                self.statusBar().showMessage(self.tr("This finding has no fix: choose As printed or Not a problem "
                                                     "and write a note."), 6000)
                self.findings.decision.choice.setFocus()
                return False
            done = self.edits.apply_fix(finding)
        else:
            if not note.strip():
                self.statusBar().showMessage(self.tr("Write a note saying why, then press Enter."), 6000)
                self.findings.decision.note.setFocus()
                return False
            done = self.edits.decide(finding, kind, note)
        if done:
            self.findings.decision.note.clear()
            self.step_finding(True, focus=False)
            self.findings.view.setFocus()
        return done

    def _start_decision(self, kind: str) -> None:
        """Ctrl+Shift+P / Ctrl+Shift+D: the decision bar ready for a note on the current finding."""
        if self.findings.current_finding() is None:
            self.statusBar().showMessage(self.tr("Select a finding first (F8)."), 4000)
            return
        self._focus(self.findings_dock, self.findings.decision.note)
        self.findings.decision.set_kind(kind)

    def _scope_changed(self, scope: str) -> None:
        self.settings.set("findings_scope", scope)
        self._refresh_findings()

    def _refused(self, message: str) -> None:
        self.mark_unsaved(message)
        self.statusBar().showMessage(message, 10000)

    def _find(self, backward: bool) -> None:
        """F3 / Shift+F3: the next (previous) search result; in the OCR text when none."""
        if self.search.step(not backward) is not None:
            return
        if not self.ocr.find_bar.edit.text():
            self.open_search(False)
            return
        self.ocr.find_bar.find(backward)

    def open_search(self, everywhere: bool) -> None:
        """Ctrl+F (this issue: OCR text and table cells) / Ctrl+Shift+F (every issue's text)."""
        selected = self.ocr.view.textCursor().selectedText()
        self.search_dock.show()
        self.search_dock.raise_()
        self.search.open(everywhere, selected if selected and "\u2029" not in selected else "")

    def run_search(self, text: str, everywhere: bool) -> None:
        from ..search import in_issue, in_store

        session = self.session
        if not everywhere:
            if session is None:
                return
            tables = [session.table(tid) for tid in session.order]
            self.search.set_hits(in_issue(session.issue_id, session.name, session.lines, tables, text))
            return
        path = self.store.path

        def search_all(_progress):  # noqa: ANN001, ANN202
            from ..store import open_store

            with open_store(path) as store:
                return in_store(store, text)
        run_in_background(search_all, name="search", on_done=self.search.set_hits, on_error=self.errors.show)

    def go_to_hit(self, hit) -> None:  # noqa: ANN001
        """A search result: its issue, its table's row and cell (or its OCR line)."""
        if self.session is None or self.session.issue_id != hit.issue_id:
            self.open_issue(hit.issue_id, line=hit.line)
            return
        if hit.table_id is not None and hit.table_id in self.session.tables:
            self.show_table(hit.table_id, select_row=False)
            row = self.table_model.row_for_key(hit.row_key)
            if row is not None:
                self._syncing = True
                self.table_view.select_row(row, hit.column)
                self._syncing = False
        else:
            self._go(None, hit.line)
        self.ocr.view.go_to_line(hit.line)

    def _focus(self, dock: QDockWidget, widget: QWidget) -> None:
        dock.show()
        dock.raise_()
        widget.setFocus()

    def _update_actions(self) -> None:
        has_table = self.session is not None and self.table_id is not None
        for name in ("insert_row", "insert_row_above", "delete_row", "split_row", "merge_rows", "move_row",
                     "toggle_group", "edit_cell", "accept_suggestion", "history", "status_todo", "status_in_progress",
                     "status_proofread", "status_approved"):
            self.actions_by_name[name].setEnabled(has_table)
        self.status_combo.setEnabled(has_table)
        self.actions_by_name["remove_issue"].setEnabled(self.session is not None)
        texts = self.session.history_state() if self.session is not None else ("", "")
        # Unknown while the store reads the issue: enabled, the store says if there is nothing.
        undo_text, redo_text = texts if texts is not None else (None, None)
        self.actions_by_name["undo"].setEnabled(self.session is not None and undo_text != "")
        self.actions_by_name["redo"].setEnabled(self.session is not None and redo_text != "")
        self.actions_by_name["undo"].setToolTip(self.tr("Undo: %1").replace("%1", undo_text) if undo_text
                                                else self.tr("Undo"))
        self.actions_by_name["redo"].setToolTip(self.tr("Redo: %1").replace("%1", redo_text) if redo_text
                                                else self.tr("Redo"))

    # ------------------------------------------------------------------ review and operator

    def operator(self) -> str:
        return self.settings.operator

    def ask_operator(self, force: bool = False) -> str:
        """The proofreader's name, asked once (or again from the menu) and remembered."""
        if self.settings.operator and not force:
            return self.settings.operator
        dialog = OperatorDialog(self.settings.operator, self)
        if dialog.exec() == OperatorDialog.DialogCode.Accepted and dialog.value():
            self.settings.operator = dialog.value()
            self._show_operator()
        return self.settings.operator

    def _show_operator(self) -> None:
        name = self.settings.operator
        self.operator_label.setText(self.tr("Proofreader: %1").replace("%1", name) if name
                                    else self.tr("Proofreader: (not set)"))

    def set_status(self, status: str) -> None:
        session = self.session
        if session is None or self.table_id is None:
            return
        operator = self.ask_operator()
        if not operator:
            return
        try:
            session.set_status(self.table_id, status)
        except Exception as exc:  # noqa: BLE001  # the window's error boundary
            self.errors.show(exc)
            self._refresh_table_header()
            return
        self.statusBar().showMessage(self.tr("%1: %2").replace("%1", self.table_id)
                                     .replace("%2", status_label(status)), 5000)
        self._refresh_table_header()

    def show_history(self) -> None:
        if self.session is None or self.table_id is None:
            return
        HistoryDialog(self.table_id, self.session.history(self.table_id), self).exec()

    def zoom(self, step: int) -> None:
        """Ctrl+= / Ctrl+- / Ctrl+0: the table and the OCR text larger, smaller, normal; remembered."""
        level = 0 if step == 0 else max(-4, min(12, self.settings.get("zoom") + step))
        self.settings.set("zoom", level)
        self._apply_zoom(level)
        self.statusBar().showMessage(self.tr("Text size: %1 pt").replace("%1", str(self.table_view.font().pointSize())),
                                     2000)

    def _apply_zoom(self, level: int) -> None:
        from PySide6.QtWidgets import QApplication

        base = QApplication.font().pointSize()
        size = max(6, base + level)
        for widget in (self.table_view, self.ocr.view):
            font = widget.font()
            font.setPointSize(size)
            widget.setFont(font)
        self.table_view.verticalHeader().setDefaultSectionSize(self.table_view.fontMetrics().height() + 8)

    def set_language(self, lang: str) -> None:
        if lang == self.settings.language:
            return
        self.settings.language = lang
        QMessageBox.information(self, self.tr("Language"),
                                self.tr("The language changes the next time the window opens."))

    # ------------------------------------------------------------------ drop, close

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.transfer.import_files(paths, open_last=True)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.edits.finish_editing()
        self.settings.set("reason", self.reason_edit.text().strip())
        self.settings.set("geometry", self.saveGeometry())
        self.settings.set("window_state", self.saveState())
        self.settings.set("splitter", self.splitter.saveState())
        super().closeEvent(event)
