"""Import of OCR text files and export for the central office, off the GUI thread.

Both run through :func:`.worker.run_in_background` with a Store of their own, behind a
window-modal progress dialog; the window keeps painting. One file that cannot be read
does not stop the others: each failure is listed in one message at the end.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from ..errors import ProofreaderError
from ..store import ImportResult, open_store
from .i18n import current_language, translate
from .worker import Progress, run_in_background

if TYPE_CHECKING:
    from .main_window import MainWindow



@dataclass
class ImportOutcome:
    """What an import of several files did."""

    results: list[ImportResult] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (file name, message)
    #: Files left out because the proofreader pressed Cancel.
    cancelled: list[str] = field(default_factory=list)


def import_paths(db_path: str, paths: list[str], operator: str, lang: str, progress: Progress,
                 cancel: threading.Event | None = None) -> ImportOutcome:
    """Import ``paths`` into the store at ``db_path`` (runs on the worker thread). ``cancel``
    stops it between two files: each file is one transaction, never cut in half."""
    outcome = ImportOutcome()
    store = open_store(db_path)
    try:
        for k, path in enumerate(paths):
            if cancel is not None and cancel.is_set():
                outcome.cancelled = [os.path.basename(p) for p in paths[k:]]
                break
            def step(done: int, total: int, k: int = k) -> None:
                progress(k * 100 + (done * 100 // max(total, 1)), len(paths) * 100)
            step(0, 1)
            try:
                outcome.results.append(store.import_file(path, operator, progress=step))
            except ProofreaderError as exc:
                outcome.failures.append((os.path.basename(path), exc.text(lang)))
            except OSError as exc:
                outcome.failures.append((os.path.basename(path), exc.strerror or str(exc)))
        progress(len(paths) * 100, len(paths) * 100)
    finally:
        store.close()
    return outcome


class Transfer(QObject):
    """The window's import and export commands."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.w = window
        self.progress: QProgressDialog | None = None
        self.last_outcome: ImportOutcome | None = None
        self.last_export = None

    def _progress_dialog(self, label: str, cancel: threading.Event | None = None) -> QProgressDialog:
        dialog = QProgressDialog(label, translate("Transfer", "Cancel"), 0, 100, self.w)
        dialog.setObjectName("progressDialog")
        dialog.setWindowTitle(translate("Transfer", "Please wait"))
        if cancel is None:
            dialog.setCancelButton(None)  # one transaction, all or nothing: it is never cut in half
        else:  # several files: Cancel stops after the file being imported
            def cancelled() -> None:
                cancel.set()
                dialog.setLabelText(translate("Transfer", "Cancelling: the file being imported is finished first…"))
                dialog.show()
            dialog.canceled.connect(cancelled)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        self.progress = dialog
        return dialog

    def _progressed(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(max(total, 1))
            self.progress.setValue(min(done, max(total, 1)))

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _folder(self) -> str:
        return self.w.settings.get("last_folder") or os.path.expanduser("~")

    def _ask(self, mode: str, title: str, start: str, name_filter: str = "") -> list[str]:
        """A file dialog ("open" files, "save" a file, a "folder"). Qt's own dialog (where
        there is no native one) leaves "Look in:" and "Files of type:" in English even with
        Qt's Chinese translation loaded: they are set here, in the window's language."""
        dialog = QFileDialog(self.w, title, start, name_filter)
        dialog.setObjectName("fileDialog")
        dialog.setLabelText(QFileDialog.DialogLabel.LookIn, translate("Transfer", "Look in:"))
        dialog.setLabelText(QFileDialog.DialogLabel.FileType, translate("Transfer", "Files of type:"))
        if mode == "open":
            dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        elif mode == "save":
            dialog.setFileMode(QFileDialog.FileMode.AnyFile)
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.selectFile(start)
        else:
            dialog.setFileMode(QFileDialog.FileMode.Directory)
            dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return []
        return dialog.selectedFiles()

    # ------------------------------------------------------------------ import

    def choose_and_import(self) -> None:
        paths = self._ask("open", translate("Transfer", "Import OCR text"), self._folder(),
                          translate("Transfer", "OCR text (*.txt *.md *.text);;All files (*)"))
        if paths:
            self.w.settings.set("last_folder", os.path.dirname(paths[0]))
            self.import_files(paths, open_last=True)

    def import_files(self, paths: list[str], open_last: bool = True, quiet_unchanged: bool = False,
                     then: Callable[[ImportOutcome], None] | None = None, open_first: bool = False) -> None:
        """Import ``paths`` in the background, then refresh the navigator and open the last
        one imported (the first with ``open_first``: the sample issues in order)."""
        db, operator, lang = self.w.store.path, self.w.settings.operator, current_language()
        cancel = threading.Event()
        self._progress_dialog(translate("Transfer", "Importing %n file(s)…", "", len(paths)), cancel)
        started = time.perf_counter()

        def done(outcome: ImportOutcome) -> None:
            self._close_progress()
            self.last_outcome = outcome
            self._report_import(outcome, time.perf_counter() - started, quiet_unchanged)
            target = None
            if outcome.results and (open_last or open_first):
                target = outcome.results[0 if open_first else -1].issue_id

            def reopen(catalog) -> None:  # noqa: ANN001
                self.w._show_catalog(catalog)
                if target:
                    self.w.open_issue(target)
                elif self.w.session is None and catalog:
                    self.w.open_issue(self.w.settings.get("last_issue") or catalog[0].info.issue_id)
                if then is not None:
                    then(outcome)
            self.w.reload_catalog(reopen)

        def failed(exc: BaseException) -> None:
            self._close_progress()
            self.w.errors.show(exc, translate("Transfer", "Import failed; the store is unchanged."))

        run_in_background(lambda progress: import_paths(db, paths, operator, lang, progress, cancel), name="import",
                          on_done=done, on_error=failed, on_progress=self._progressed)

    def _report_import(self, outcome: ImportOutcome, seconds: float, quiet_unchanged: bool) -> None:
        new = [r for r in outcome.results if r.status != "unchanged"]
        same = [r for r in outcome.results if r.status == "unchanged"]
        parts = []
        if new:
            parts.append(translate("Transfer", "Imported %1 issue(s)").replace("%1", str(len(new))))
        if same and not quiet_unchanged:
            parts.append(translate("Transfer", "%1 already in the store").replace("%1", str(len(same))))
        carried = sum(r.carried for r in new)
        if carried:
            parts.append(translate("Transfer", "%1 earlier corrections carried over").replace("%1", str(carried)))
        if outcome.cancelled:
            parts.append(translate("Transfer", "cancelled: %1 not imported").replace("%1", "、".join(outcome.cancelled)))
        if parts:
            self.w.statusBar().showMessage("；".join(parts) + f"（{seconds:.1f} s）", 8000)
        if outcome.failures:
            lines = "\n".join(f"• {name}: {message}" for name, message in outcome.failures)
            self.w.errors.show_text(translate("Transfer", "These files were not imported:") + "\n" + lines)

    # ------------------------------------------------------------------ export

    def export_central(self) -> None:
        name = f"proofreader-export-{time.strftime('%Y%m%d-%H%M')}.sqlite"
        chosen = self._ask("save", translate("Transfer", "Export for the central office"),
                           os.path.join(self._folder(), name), translate("Transfer", "SQLite file (*.sqlite)"))
        if chosen:
            self.export(out=chosen[0])

    def export_xlsx(self) -> None:
        chosen = self._ask("save", translate("Transfer", "Export tables as XLSX"),
                           os.path.join(self._folder(), "proofreader-tables.xlsx"),
                           translate("Transfer", "Excel workbook (*.xlsx)"))
        if chosen:
            self.export(xlsx=chosen[0])

    def export_csv(self) -> None:
        chosen = self._ask("folder", translate("Transfer", "Export tables as CSV into folder"), self._folder())
        folder = chosen[0] if chosen else ""
        if folder:  # a new folder inside the one chosen: never mixed with (or replacing) what is there
            self.export(csv_dir=os.path.join(folder, f"proofreader-csv-{time.strftime('%Y%m%d-%H%M%S')}"))

    def export(self, out: str | None = None, xlsx: str | None = None, csv_dir: str | None = None,
               then: Callable[[object], None] | None = None) -> None:
        """Export in the background: the file for the central office (``out``) and/or the
        tables as XLSX or CSV."""
        self.w.edits.finish_editing()
        target = out or xlsx or csv_dir or ""
        self.w.settings.set("last_folder", os.path.dirname(target) if out or xlsx else target)
        db = self.w.store.path

        def work(progress: Progress):  # noqa: ANN202
            store = open_store(db)
            try:
                # force: the file dialog has already asked before replacing an existing file.
                return store.export(out, csv_dir=csv_dir, xlsx=xlsx, progress=progress, force=True)
            finally:
                store.close()

        self._progress_dialog(translate("Transfer", "Exporting…"))

        def done(result) -> None:  # noqa: ANN001
            self._close_progress()
            self.last_export = result
            where = out or xlsx or csv_dir
            self.w.statusBar().showMessage(
                translate("Transfer", "Exported %1 issue(s), %2 table(s), %3 correction(s) to %4")
                .replace("%1", str(result.issues)).replace("%2", str(result.tables))
                .replace("%3", str(result.corrections)).replace("%4", str(where)), 10000)
            if then is not None:
                then(result)

        def failed(exc: BaseException) -> None:
            self._close_progress()
            self.w.errors.show(exc, translate("Transfer", "Export failed."))

        run_in_background(work, name="export", on_done=done, on_error=failed, on_progress=self._progressed)


    # ------------------------------------------------------------------ removing an issue

    def remove_issue(self) -> bool:
        """File → 删除本期: with its corrections exported first, or confirmed."""
        session = self.w.session
        if session is None:
            return False
        issue_id, name = session.issue_id, session.name
        done = len(self.w.store.history(issue_id))
        box = QMessageBox(self.w)
        box.setObjectName("removeIssueDialog")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(translate("Transfer", "Remove this issue"))
        if done:
            box.setText(translate("Transfer", "%1 has %2 corrections and decisions. Export them for the central "
                                              "office first, or remove the issue with them?")
                        .replace("%1", name).replace("%2", str(done)))
            export = box.addButton(translate("Transfer", "Export first…"), QMessageBox.ButtonRole.ActionRole)
        else:
            box.setText(translate("Transfer", "Remove %1 from the store? Its OCR file is not touched; you can "
                                              "import it again.").replace("%1", name))
            export = None
        remove = box.addButton(translate("Transfer", "Remove"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if export is not None and box.clickedButton() is export:
            self.export_central()
            return False
        if box.clickedButton() is not remove:
            return False
        return self.remove_now(issue_id)

    def remove_now(self, issue_id: str) -> bool:
        try:
            self.w.shared_store.remove_issue(issue_id)
        except Exception as exc:  # noqa: BLE001  # the window's error boundary
            self.w.errors.show(exc, translate("Transfer", "The issue was not removed."))
            return False
        self.w.forget_issue(issue_id)
        return True
