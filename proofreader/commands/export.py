"""`proofreader export --db DB --out FILE.sqlite [--csv DIR] [--xlsx FILE]`."""

from __future__ import annotations

import argparse
import sys

from ..errors import ProofreaderError
from .common import EXIT_OK, lang_of, open_db


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="导出给中心的校对文件（及 CSV/XLSX）/ export for the central office")
    p.add_argument("--db", help="数据库文件 / store file")
    p.add_argument("--out", help="导出给中心的 SQLite 文件 / the export file for the central office")
    p.add_argument("--csv", dest="csv_dir", metavar="DIR", help="另存为 CSV（UTF-8 带 BOM）/ also CSV files")
    p.add_argument("--xlsx", metavar="FILE", help="另存为 Excel / also an XLSX workbook")
    p.add_argument("--issue", help="XLSX/CSV 只含这一期 / XLSX/CSV of this issue only")
    p.add_argument("--table", help="XLSX/CSV 只含这张表（与 --issue 一起用）/ of this table only (with --issue)")
    p.add_argument("--force", action="store_true", help="替换已存在的输出文件 / replace existing outputs")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    en = lang_of(args) == "en"
    if not (args.out or args.csv_dir or args.xlsx):
        raise ProofreaderError("请给出 --out、--csv 或 --xlsx", "give --out, --csv or --xlsx")
    if args.table and not args.issue:
        raise ProofreaderError("--table 须与 --issue 一起用", "--table needs --issue")
    shown = []
    # A console shows the count going up; a script or a log capturing stderr gets only the
    # result or the one error line (never "\r1/1" in front of it).
    on_console = sys.stderr is not None and sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if on_console:
            shown.append(done)
            print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

    try:
        with open_db(args.db) as store:
            iid = store.resolve_issue(args.issue) if args.issue else None
            res = store.export(args.out, args.csv_dir, args.xlsx, force=args.force, progress=progress,
                               issue_id=iid, table_id=args.table)
    finally:
        if shown:
            print("", file=sys.stderr)  # end the progress line, before any error message
    where = res.path or res.xlsx or (args.csv_dir or "")
    if en:
        print(f"exported {res.issues} issues, {res.tables} tables, {res.corrections} corrections to {where}")
    else:
        print(f"已导出 {res.issues} 期、{res.tables} 张表、{res.corrections} 条更正：{where}")
    if res.checksum:
        print(f"sha256 {res.checksum}")
    for f in res.csv_files:
        print(f)
    if res.xlsx:
        print(res.xlsx)
    return EXIT_OK
