"""Every action of the window with its shortcut, declared once.

The menus, the window's shortcuts and the shortcuts help dialog are all built from
:data:`ACTIONS`, so a shortcut cannot be listed in one place and missing in another.
Texts are English source strings, translated in the "Actions" context.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenuBar, QWidget


@dataclass(frozen=True)
class ActionSpec:
    """One command: its name (the handler's key), text, shortcuts and menu."""

    name: str
    text: str
    menu: str
    shortcuts: tuple[str, ...] = ()
    tip: str = ""
    checkable: bool = False
    #: Actions of the table pane also appear in its context menu.
    row_menu: bool = False


def _a(name: str, text: str, menu: str, *shortcuts: str, tip: str = "", checkable: bool = False,
       row_menu: bool = False) -> ActionSpec:
    return ActionSpec(name, text, menu, tuple(shortcuts), tip, checkable, row_menu)


#: Menus in the order of the menu bar.
MENUS: list[tuple[str, str]] = [
    ("file", QT_TRANSLATE_NOOP("Actions", "&File")),
    ("edit", QT_TRANSLATE_NOOP("Actions", "&Edit")),
    ("row", QT_TRANSLATE_NOOP("Actions", "&Rows")),
    ("go", QT_TRANSLATE_NOOP("Actions", "&Go")),
    ("review", QT_TRANSLATE_NOOP("Actions", "Re&view")),
    ("view", QT_TRANSLATE_NOOP("Actions", "V&iew")),
    ("help", QT_TRANSLATE_NOOP("Actions", "&Help")),
]

ACTIONS: list[ActionSpec] = [
    _a("import", QT_TRANSLATE_NOOP("Actions", "&Import OCR text…"), "file", "Ctrl+O",
       tip=QT_TRANSLATE_NOOP("Actions", "Import issues' OCR text files (you can also drop them on the window)")),
    _a("export_central", QT_TRANSLATE_NOOP("Actions", "&Export for the central office…"), "file", "Ctrl+E"),
    _a("export_xlsx", QT_TRANSLATE_NOOP("Actions", "Export tables as &XLSX…"), "file"),
    _a("export_csv", QT_TRANSLATE_NOOP("Actions", "Export tables as &CSV…"), "file"),
    _a("remove_issue", QT_TRANSLATE_NOOP("Actions", "&Remove this issue from the store…"), "file"),
    _a("quit", QT_TRANSLATE_NOOP("Actions", "&Quit"), "file", "Ctrl+Q"),
    _a("undo", QT_TRANSLATE_NOOP("Actions", "&Undo"), "edit", "Ctrl+Z"),
    _a("redo", QT_TRANSLATE_NOOP("Actions", "&Redo"), "edit", "Ctrl+Y", "Ctrl+Shift+Z"),
    _a("edit_cell", QT_TRANSLATE_NOOP("Actions", "Edit &cell"), "edit", "F2", row_menu=True),
    _a("accept_suggestion", QT_TRANSLATE_NOOP("Actions", "&Accept the suggestion"), "edit", "F9", row_menu=True,
       tip=QT_TRANSLATE_NOOP("Actions", "Apply the current finding's suggested value")),
    _a("find", QT_TRANSLATE_NOOP("Actions", "&Find in this issue…"), "edit", "Ctrl+F",
       tip=QT_TRANSLATE_NOOP("Actions", "Find a text in this issue's OCR text and table cells")),
    _a("find_all", QT_TRANSLATE_NOOP("Actions", "Find in &all issues…"), "edit", "Ctrl+Shift+F"),
    _a("find_next", QT_TRANSLATE_NOOP("Actions", "Find &next"), "edit", "F3"),
    _a("find_previous", QT_TRANSLATE_NOOP("Actions", "Find &previous"), "edit", "Shift+F3"),
    _a("find_ocr", QT_TRANSLATE_NOOP("Actions", "Find in the &OCR text…"), "edit", "Ctrl+Alt+F"),
    _a("insert_row", QT_TRANSLATE_NOOP("Actions", "&Insert row below"), "row", "Ctrl+I", row_menu=True),
    _a("insert_row_above", QT_TRANSLATE_NOOP("Actions", "Insert row &above"), "row", "Ctrl+Shift+I", row_menu=True),
    _a("delete_row", QT_TRANSLATE_NOOP("Actions", "&Delete row"), "row", "Ctrl+Delete", row_menu=True),
    _a("split_row", QT_TRANSLATE_NOOP("Actions", "&Split row in two…"), "row", "Ctrl+T", row_menu=True),
    _a("merge_rows", QT_TRANSLATE_NOOP("Actions", "&Merge with next row"), "row", "Ctrl+M", row_menu=True),
    _a("move_row", QT_TRANSLATE_NOOP("Actions", "Move row to &group…"), "row", "Ctrl+G", row_menu=True),
    _a("toggle_group", QT_TRANSLATE_NOOP("Actions", "Group &header ⇄ data row"), "row", "Ctrl+H", row_menu=True),
    _a("next_finding", QT_TRANSLATE_NOOP("Actions", "&Next open finding"), "go", "F8"),
    _a("previous_finding", QT_TRANSLATE_NOOP("Actions", "&Previous open finding"), "go", "Shift+F8"),
    _a("decide_as_printed", QT_TRANSLATE_NOOP("Actions", "Decide: &as printed…"), "edit", "Ctrl+Shift+P",
       tip=QT_TRANSLATE_NOOP("Actions", "The print itself says so: write a note, Enter decides")),
    _a("decide_dismiss", QT_TRANSLATE_NOOP("Actions", "Decide: &not a problem…"), "edit", "Ctrl+Shift+D",
       tip=QT_TRANSLATE_NOOP("Actions", "A false alarm: write a note, Enter decides")),
    _a("zoom_in", QT_TRANSLATE_NOOP("Actions", "Zoom &in"), "view", "Ctrl+=", "Ctrl++"),
    _a("zoom_out", QT_TRANSLATE_NOOP("Actions", "Zoom &out"), "view", "Ctrl+-"),
    _a("zoom_reset", QT_TRANSLATE_NOOP("Actions", "&Normal size"), "view", "Ctrl+0"),
    _a("focus_navigator", QT_TRANSLATE_NOOP("Actions", "Go to the navigator"), "go", "Alt+1"),
    _a("focus_ocr", QT_TRANSLATE_NOOP("Actions", "Go to the OCR text"), "go", "Alt+2"),
    _a("focus_table", QT_TRANSLATE_NOOP("Actions", "Go to the table"), "go", "Alt+3"),
    _a("focus_findings", QT_TRANSLATE_NOOP("Actions", "Go to the findings"), "go", "Alt+4"),
    _a("status_todo", QT_TRANSLATE_NOOP("Actions", "Table status: To do"), "review", "Ctrl+1"),
    _a("status_in_progress", QT_TRANSLATE_NOOP("Actions", "Table status: In progress"), "review", "Ctrl+2"),
    _a("status_proofread", QT_TRANSLATE_NOOP("Actions", "Table status: Proofread"), "review", "Ctrl+3"),
    _a("status_approved", QT_TRANSLATE_NOOP("Actions", "Table status: Approved (second proofreader)"), "review",
       "Ctrl+4"),
    _a("history", QT_TRANSLATE_NOOP("Actions", "Correction &history of this table…"), "review", "Ctrl+Shift+H"),
    _a("change_operator", QT_TRANSLATE_NOOP("Actions", "Change proofreader &name…"), "review"),
    _a("lang_zh", QT_TRANSLATE_NOOP("Actions", "中文 (Chinese)"), "view", checkable=True),
    _a("lang_en", QT_TRANSLATE_NOOP("Actions", "English"), "view", checkable=True),
    _a("shortcuts", QT_TRANSLATE_NOOP("Actions", "&Keyboard shortcuts"), "help", "F1"),
    _a("about", QT_TRANSLATE_NOOP("Actions", "&About Gazette Proofreader"), "help"),
]

#: Keys handled inside a pane (listed in the help dialog, not actions of the window).
PANE_KEYS: list[tuple[str, str]] = [
    ("Enter / Tab", QT_TRANSLATE_NOOP("Actions", "Table cell: save the value (never while the input method composes)")),
    ("Esc", QT_TRANSLATE_NOOP("Actions", "Table cell: cancel the edit")),
    ("Enter", QT_TRANSLATE_NOOP("Actions", "Findings: decide (the fix, As printed or Not a problem, as chosen below the list) and go to the next open finding")),
    ("↑ / ↓", QT_TRANSLATE_NOOP("Actions", "Findings: show the finding's row and OCR line")),
    ("Double-click", QT_TRANSLATE_NOOP("Actions", "Findings: go to the finding's row, to correct it")),
    ("Enter", QT_TRANSLATE_NOOP("Actions", "OCR text: select the row printed on this line")),
    ("Enter / Shift+Enter", QT_TRANSLATE_NOOP("Actions", "Find bar: next / previous match")),
]


def translated(text: str) -> str:
    return QCoreApplication.translate("Actions", text)


def shortcut_text(spec: ActionSpec) -> str:
    """The shortcuts as the platform writes them ("Ctrl+Z")."""
    return ", ".join(QKeySequence(s).toString(QKeySequence.SequenceFormat.NativeText) for s in spec.shortcuts)


def build_actions(window: QWidget, handlers: dict[str, Callable[[], None]]) -> dict[str, QAction]:
    """One QAction per spec, added to ``window`` so its shortcut works in every pane."""
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(translated(spec.text), window)
        action.setObjectName(f"action_{spec.name}")
        if spec.shortcuts:
            action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        tip = translated(spec.tip) if spec.tip else action.text().replace("&", "")
        if spec.shortcuts:
            tip = f"{tip} ({shortcut_text(spec)})"
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.setCheckable(spec.checkable)
        handler = handlers.get(spec.name)
        if handler is None:
            raise KeyError(f"no handler for action {spec.name!r}")
        action.triggered.connect(lambda _checked=False, h=handler: h())
        window.addAction(action)
        actions[spec.name] = action
    languages = QActionGroup(window)
    languages.setExclusive(True)
    languages.addAction(actions["lang_zh"])
    languages.addAction(actions["lang_en"])
    return actions


def build_menus(menubar: QMenuBar, actions: dict[str, QAction]) -> dict[str, object]:
    """The menu bar, in :data:`MENUS` order, with separators between kinds of command."""
    menus = {}
    breaks = {"quit", "edit_cell", "find", "next_finding", "focus_navigator", "history", "status_todo", "about"}
    for key, title in MENUS:
        menu = menubar.addMenu(translated(title))
        menu.setObjectName(f"menu_{key}")
        first = True
        for spec in ACTIONS:
            if spec.menu != key:
                continue
            if spec.name in breaks and not first:
                menu.addSeparator()
            menu.addAction(actions[spec.name])
            first = False
        menus[key] = menu
    return menus


def row_menu_actions(actions: dict[str, QAction]) -> list[QAction]:
    """The table pane's context menu."""
    return [actions[s.name] for s in ACTIONS if s.row_menu]
