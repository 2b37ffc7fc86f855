"""The tables for an office: an XLSX workbook and CSV files someone can use as they are.

* one sheet (and one CSV file) per table, named "期号-表号 短标题" (31 characters at most,
  unique), the header row first;
* amounts and counts as numbers with the print's number of decimals, text as text; a
  text cell that starts with = + - @, a tab or CR is never a formula (a string cell in
  XLSX, a leading apostrophe in CSV, as OWASP's CSV-injection guidance says); the window
  and the store keep the text as it is;
* Chinese labels for the review status and row kinds; header frozen, filter on, widths
  fitted, group headers bold; corrected cells tinted, with a comment giving the printed
  value, who changed it and when;
* a first sheet 目录 (every table: issue, title, status, errors, warnings) and a sheet
  更正清单 (every correction); in CSV, ``index.csv`` and ``corrections.csv``.

openpyxl is imported only here, when an XLSX is asked for.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable

from ..errors import StoreError
from ..model import DATA, GROUP, HEADER, NOTE, TOTAL, Table

if TYPE_CHECKING:
    from .store import Store

KIND_LABELS = {DATA: "数据", GROUP: "分组", TOTAL: "合计", HEADER: "表头", NOTE: "注"}
STATUS_ZH = {"todo": "未校对", "in_progress": "校对中", "proofread": "已校对", "approved": "已审核"}
ACTION_ZH = {"do": "更正", "undo": "撤销", "redo": "重做"}
#: Text a spreadsheet would take for a formula (OWASP: = + - @ tab CR; also LF, full-width =).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
_NUMBER = re.compile(r"^-?(?:[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*|0)(?:\.(\d+))?$")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\']")
_FILE_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
TINT = "FFF2CC"  # a light yellow for corrected cells


@dataclass
class OfficeResult:
    csv_files: list[str] = field(default_factory=list)
    xlsx: str | None = None
    issues: int = 0
    tables: int = 0
    corrections: int = 0


def as_number(text: str) -> tuple[int | float, str] | None:
    """A cell printed as a plain number -> (value, Excel number format); None for text.
    Long digit runs (ids, phone numbers) stay text, as does a leading zero ("007")."""
    t = text.strip()
    m = _NUMBER.match(t)
    if not m or len(t.replace(",", "").replace("-", "").replace(".", "")) > 15:
        return None
    digits = t.replace(",", "")
    decimals = len(m.group(1) or "")
    fmt = ("#,##0" if "," in t else "0") + ("." + "0" * decimals if decimals else "")
    return (float(digits) if decimals else int(digits)), fmt


def safe_text(text: str) -> str:
    """CSV: a cell a spreadsheet would read as a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def sheet_names(items: list[tuple[str, str, str]]) -> list[str]:
    """(issue name, table id, title) -> unique sheet names of at most 31 characters."""
    out: list[str] = []
    used: set[str] = {"目录", "更正清单"}
    for issue, tid, title in items:
        stem = os.path.splitext(issue)[0]
        number = stem.split("_")[0][:10] or stem[:10]
        short = re.sub(r"\s+", "", title)
        base = _SHEET_BAD.sub("", f"{number}-{tid.lstrip('t')} {short}").strip() or f"{number}-{tid}"
        name = base[:31]
        k = 2
        while name.lower() in used:
            suffix = f"~{k}"
            name = base[:31 - len(suffix)] + suffix
            k += 1
        used.add(name.lower())
        out.append(name)
    return out


def _local(at: str) -> str:
    try:
        return datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return at


@dataclass
class _Sheet:
    name: str
    issue_id: str
    issue_name: str
    table: Table
    status: str
    errors: int
    warnings: int
    original: dict[str, list[str]]
    #: (row key, column) -> (who, when, printed value)
    changed: dict[tuple[str, int], tuple[str, str, str]]


def _collect(store: "Store", issue_id: str | None, table_id: str | None,
             progress: Callable[[int, int], None] | None) -> tuple[list[_Sheet], list[list[Any]]]:
    issues = [i for i in store.issues() if issue_id is None or i.issue_id == issue_id]
    if issue_id is not None and not issues:
        raise StoreError(f"数据库中没有这一期：{issue_id}", f"no such issue in the store: {issue_id}")
    pending: list[tuple[Any, Any, Table, dict[str, list[str]], dict]] = []
    corrections: list[list[Any]] = []
    for k, info in enumerate(issues):
        tables = store.tables(info.issue_id)
        current = {t.id: t for t in store.current_issue(info.issue_id).tables}
        printed = _printed(store, info.issue_id)
        changed: dict[tuple[str, str, int], tuple[str, str]] = {}
        for h in store.history(info.issue_id):
            if table_id is not None and h.table_id != table_id:
                continue
            col, row_key, line = _where(store, h)
            table = current.get(h.table_id or "")
            column = table.columns[col] if table is not None and col is not None and col < len(table.columns) else ""
            corrections.append([info.name, h.table_id or "", line or "", column, _text(h.old), _text(h.new),
                                h.operator, _local(h.at), ACTION_ZH.get(h.action, h.action), h.reason, h.description])
            if col is not None and row_key:
                changed[(h.table_id or "", row_key, col)] = (h.operator, _local(h.at))
        for ti in tables:
            if table_id is not None and ti.table_id != table_id:
                continue
            pending.append((info, ti, current[ti.table_id], printed.get(ti.table_id, {}), changed))
        if progress:
            progress(k + 1, len(issues))
    if table_id is not None and not pending:
        raise StoreError(f"没有这张表：{table_id}", f"no such table: {table_id}")
    names = sheet_names([(info.name, ti.table_id, ti.title) for info, ti, *_ in pending])
    sheets = []
    for name, (info, ti, table, printed_rows, changed) in zip(names, pending):
        mine: dict[tuple[str, int], tuple[str, str, str]] = {}
        for row in table.rows:
            before = printed_rows.get(row.key)
            for c, value in enumerate(row.cells[:len(table.columns)]):
                was = before[c] if before is not None and c < len(before) else None
                if before is None or was != value:
                    who, when = changed.get((table.id, row.key, c), ("", ""))
                    mine[(row.key, c)] = (who, when, "（新增行）" if before is None else (was or ""))
        sheets.append(_Sheet(name, info.issue_id, info.name, table, ti.status, ti.errors, ti.warnings, printed_rows, mine))
    return sheets, corrections


def _printed(store: "Store", issue_id: str) -> dict[str, dict[str, list[str]]]:
    import json

    out: dict[str, dict[str, list[str]]] = {}
    for r in store.conn.execute("SELECT table_id, row_key, cells FROM parsed_rows WHERE issue_id = ?", (issue_id,)):
        out.setdefault(r[0], {})[r[1]] = json.loads(r[2])
    return out


def _where(store: "Store", h: Any) -> tuple[int | None, str | None, int | None]:
    """Column, row key and source line a cell correction is about (None for other kinds)."""
    p = h.payload or {}
    if h.kind != "set_cell" or not isinstance(p.get("column"), int):
        return None, None, None
    key = str(p.get("row_key", ""))
    line = int(key[1:].split(".")[0]) if key.startswith("L") else None
    return p["column"], key, line


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, dict):
        return " | ".join(str(c) for c in v.get("cells", []) if c)
    return str(v)


def _index_rows(sheets: list[_Sheet]) -> list[list[Any]]:
    return [[s.name, s.issue_name, s.table.id, s.table.title, f"{s.table.first_line}-{s.table.last_line}",
             STATUS_ZH.get(s.status, s.status), s.errors, s.warnings, len(s.table.data_rows()), len(s.changed)]
            for s in sheets]


INDEX_HEADER = ["工作表", "期", "表号", "标题", "原文行", "校对状态", "错误", "警告", "数据行", "更正的单元格"]
CORRECTIONS_HEADER = ["期", "表号", "行", "列", "原值", "新值", "校对人", "时间", "操作", "理由", "说明"]


def _numeric_columns(table: Table) -> set[int]:
    """Columns printed as numbers: the amount and serial columns, and any column whose
    data cells are (nearly) all plain numbers."""
    cols = {table.roles[r] for r in ("amount", "serial") if r in table.roles}
    for c in range(len(table.columns)):
        values = [r.cells[c] for r in table.rows if r.kind == DATA and c < len(r.cells) and r.cells[c].strip()]
        if values and sum(as_number(v) is not None for v in values) >= 0.8 * len(values):
            cols.add(c)
    return cols


def write_office(store: "Store", csv_dir: str | None = None, xlsx: str | None = None, issue_id: str | None = None,
                 table_id: str | None = None, progress: Callable[[int, int], None] | None = None,
                 force: bool = False) -> OfficeResult:
    """The CSV folder and/or XLSX workbook of the store's current tables (paths already
    checked by :func:`.atomic.check_output`), each written whole or not at all."""
    from .atomic import atomic_file, atomic_folder

    sheets, corrections = _collect(store, issue_id, table_id, progress)
    result = OfficeResult(issues=len({s.issue_id for s in sheets}), tables=len(sheets), corrections=len(corrections))
    if csv_dir:
        with atomic_folder(csv_dir, force=force) as tmp_dir:
            names = _write_csv(tmp_dir, sheets, corrections)
        result.csv_files = [os.path.join(csv_dir, n) for n in names]
    if xlsx:
        data = _xlsx_bytes(sheets, corrections)
        with atomic_file(xlsx, force=force) as tmp:
            with open(tmp, "wb") as fh:
                fh.write(data)
        result.xlsx = xlsx
    return result


# ---------------------------------------------------------------------------- CSV


def _csv_cell(value: str, numeric: bool) -> str:
    if numeric:
        n = as_number(value)
        if n is not None:
            return str(n[0])
    return safe_text(value)


def _write_csv(folder: str, sheets: list[_Sheet], corrections: list[list[Any]]) -> list[str]:
    files: list[tuple[str, list[list[Any]]]] = []
    used: set[str] = set()
    for s in sheets:
        name = _FILE_BAD.sub("_", s.name).strip(". ") or s.table.id
        while name.lower() in used:
            name += "_"
        used.add(name.lower())
        numeric = _numeric_columns(s.table)
        rows: list[list[Any]] = [["行号", "类型"] + list(s.table.columns)]
        for r in s.table.rows:
            cells = (r.cells + [""] * len(s.table.columns))[:len(s.table.columns)]
            rows.append([r.first_line, KIND_LABELS.get(r.kind, r.kind)]
                        + [_csv_cell(v, c in numeric and r.kind in (DATA, TOTAL)) for c, v in enumerate(cells)])
        files.append((name + ".csv", rows))
    files.append(("index.csv", [INDEX_HEADER] + [[safe_text(str(x)) if isinstance(x, str) else x for x in r]
                                                 for r in _index_rows(sheets)]))
    files.append(("corrections.csv", [CORRECTIONS_HEADER] + [[safe_text(x) if isinstance(x, str) else x for x in r]
                                                             for r in corrections]))
    for name, rows in files:
        with open(os.path.join(folder, name), "w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows(rows)
    return [name for name, _rows in files]


# ---------------------------------------------------------------------------- XLSX


def _width(values: list[Any]) -> float:
    def w(v: Any) -> int:
        s = str(v) if v is not None else ""
        return sum(2 if ord(ch) > 0x2E7F else 1 for ch in s)
    return min(60, max(6, max((w(v) for v in values), default=6) + 2))


def _put_text(cell: Any, value: str) -> None:
    """A string cell, never a formula, whatever the text starts with."""
    cell.value = value
    if cell.data_type != "s":
        cell.data_type = "s"
    if value.startswith(_FORMULA_START):
        cell.quotePrefix = True


def _xlsx_bytes(sheets: list[_Sheet], corrections: list[list[Any]]) -> bytes:
    """The workbook, built in memory (a full disk then fails in one plain write)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname

    wb = Workbook()
    bold = Font(bold=True)
    tint = PatternFill("solid", start_color=TINT, end_color=TINT)

    def finish(ws: Any, header: list[str], columns: list[list[Any]]) -> None:
        for c, cell in enumerate(ws[1], 1):
            cell.font = bold
        ws.freeze_panes = "A2"
        if ws.max_row >= 1 and header:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(ws.max_row, 1)}"
        for c, values in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(c)].width = _width(values)

    def table_rows(ws: Any, header: list[str], rows: list[list[Any]]) -> None:
        for c, h in enumerate(header, 1):
            _put_text(ws.cell(1, c), h)
        for r, values in enumerate(rows, 2):
            for c, v in enumerate(values, 1):
                if isinstance(v, str):
                    _put_text(ws.cell(r, c), v)
                else:
                    ws.cell(r, c).value = v
        finish(ws, header, [[h] + [row[c] for row in rows] for c, h in enumerate(header)])

    index = wb.active
    index.title = "目录"
    table_rows(index, INDEX_HEADER, _index_rows(sheets))
    for r, s in enumerate(sheets, 2):
        index.cell(r, 1).hyperlink = f"#{quote_sheetname(s.name)}!A1"
        index.cell(r, 1).style = "Hyperlink"
    for s in sheets:
        ws = wb.create_sheet(s.name)
        t = s.table
        numeric = _numeric_columns(t)
        header = ["行号", "类型"] + list(t.columns)
        widths: list[list[Any]] = [[h] for h in header]
        for c, h in enumerate(header, 1):
            _put_text(ws.cell(1, c), h)
        for r, row in enumerate(t.rows, 2):
            ws.cell(r, 1).value = row.first_line
            _put_text(ws.cell(r, 2), KIND_LABELS.get(row.kind, row.kind))
            widths[0].append(row.first_line)
            widths[1].append(KIND_LABELS.get(row.kind, row.kind))
            fits = row.kind != GROUP  # a group's label runs on over the empty cells beside it
            cells = (row.cells + [""] * len(t.columns))[:len(t.columns)]
            for c, value in enumerate(cells):
                cell = ws.cell(r, c + 3)
                n = as_number(value) if c in numeric and row.kind in (DATA, TOTAL) else None
                if n is not None:
                    cell.value = n[0]
                    cell.number_format = n[1]
                elif value:
                    _put_text(cell, value)
                if fits:
                    widths[c + 2].append(value)
                if row.kind == GROUP:
                    cell.font = bold
                change = s.changed.get((row.key, c))
                if change is not None:
                    cell.fill = tint
                    who, when, was = change
                    note = f"原值：{was}" + (f"\n{who} 于 {when} 更正" if who else "")
                    cell.comment = Comment(note, who or "proofreader", width=240, height=80)
            if row.kind == GROUP:
                ws.cell(r, 2).font = bold
        finish(ws, header, widths)
        # Printed: landscape, as wide as the page, the header on every page.
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "1:1"
    table_rows(wb.create_sheet("更正清单"), CORRECTIONS_HEADER, corrections)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
