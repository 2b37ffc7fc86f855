"""`proofreader correct`: the scripted correction path (same audit trail and checks as the window)."""

from __future__ import annotations

import argparse
import csv
import sys
from typing import TYPE_CHECKING

from ..errors import CorrectionError, InputError
from ..normalize import compact
from .common import EXIT_OK, lang_of, open_db


if TYPE_CHECKING:
    from ..model import Table


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("correct", help="更正单元格（记入审计记录）/ correct a cell (audited)")
    p.add_argument("--db", help="数据库文件 / store file")
    p.add_argument("--issue", required=True, help="期号（import 输出的 id）或源文件名 / issue id or source file name")
    p.add_argument("--line", type=int, help="该行在源文件中的行号 / source line of the row")
    p.add_argument("--column", help="第几列（从 1 起）或列名 / 1-based column or its header")
    p.add_argument("--value", help="新值 / new value")
    p.add_argument("--operator", required=True, help="校对人 / operator name")
    p.add_argument("--reason", default="", help="理由 / reason")
    p.add_argument("--from", dest="from_csv", metavar="FILE.csv",
                   help="批量更正：CSV 列 line,column,value[,reason] / a CSV of corrections")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..corrections import SetCell, validate_cell  # the parser and rules: only when correcting

    lang = lang_of(args)
    if args.from_csv:
        items = _read_csv(args.from_csv)
    elif args.line is None or args.column is None or args.value is None:
        raise CorrectionError("需要 --line、--column 和 --value，或 --from FILE.csv",
                              "give --line, --column and --value, or --from FILE.csv")
    else:
        items = [(args.line, args.column, args.value, args.reason)]
    with open_db(args.db) as store:
        issue_id = store.resolve_issue(args.issue)
        for line, column, value, reason in items:
            table, row = _locate(store.current_issue(issue_id).tables, line)
            col = _column(table, column)
            problem = validate_cell(table, col, value)
            if problem:
                raise CorrectionError(f"第 {line} 行：{problem[0]}", f"line {line}: {problem[1]}")
            old = row.cells[col] if col < len(row.cells) else ""
            applied = store.apply(issue_id, SetCell(table.id, row.key, col, old, value), args.operator,
                                  reason or args.reason)
            errors = sum(1 for f in applied.findings if f.severity == "error")
            if lang == "en":
                print(f"saved #{applied.correction_id}: line {line}, column {col + 1} ({table.columns[col]}): "
                      f"{old!r} -> {value!r}; table {table.id} now has {errors} errors")
            else:
                print(f"已保存 #{applied.correction_id}：第 {line} 行第 {col + 1} 列（{table.columns[col]}）："
                      f"“{old}” → “{value}”；表 {table.id} 现有 {errors} 个错误")
            sys.stdout.flush()
    return EXIT_OK


def _locate(tables: list[Table], line: int):
    for t in tables:
        if t.first_line <= line <= t.last_line:
            for r in t.rows:
                if r.first_line <= line <= r.last_line:
                    return t, r
    raise CorrectionError(f"第 {line} 行不是任何表格中的一行", f"line {line} is not a row of any table")


def _column(table: Table, column: str) -> int:
    column = str(column).strip()
    if column.isdigit():
        k = int(column) - 1
        if 0 <= k < len(table.columns):
            return k
    else:
        want = compact(column)
        exact = [k for k, name in enumerate(table.columns) if compact(name) == want or want in compact(name).split("/")]
        loose = [k for k, name in enumerate(table.columns) if want and want in compact(name)]
        for found in (exact, loose):
            if len(found) == 1:
                return found[0]
    raise CorrectionError(f"表 {table.id} 没有“{column}”这一列（共 {len(table.columns)} 列：{'、'.join(table.columns)}）",
                          f"table {table.id} has no column {column!r} ({len(table.columns)} columns)")


def _read_csv(path: str) -> list[tuple[int, str, str, str]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError:
        raise InputError(f"找不到文件：{path}", f"file not found: {path}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path} 不是 UTF-8 编码的 CSV", f"{path} is not a UTF-8 CSV") from None
    out = []
    for k, r in enumerate(rows, 2):
        try:
            out.append((int(r["line"]), r["column"], r["value"], r.get("reason") or ""))
        except (KeyError, TypeError, ValueError):
            raise InputError(f"{path} 第 {k} 行：需要 line、column、value 三列", f"{path} row {k}: needs line, column, value") from None
    return out
