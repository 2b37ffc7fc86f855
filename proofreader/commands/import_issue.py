"""`proofreader import PATH... [--db DB]`: store issues (text, parse, findings)."""

from __future__ import annotations

import argparse
import os
import sys

from ..errors import ProofreaderError
from .common import EXIT_INPUT, EXIT_OK, lang_of, open_db


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="导入期刊到本地数据库 / store issues in the local store")
    p.add_argument("paths", nargs="+", metavar="PATH", help="OCR 文本文件 / OCR text files")
    p.add_argument("--db", help="数据库文件（默认在用户数据目录）/ store file (default: per-user data folder)")
    p.add_argument("--operator", default="", help="校对人 / operator name")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    en = lang_of(args) == "en"
    failed = 0
    from ..store import default_db_path

    db = args.db or default_db_path()
    new_store = not os.path.exists(db)
    with open_db(db, create=True) as store:
        if new_store:
            print(f"created a new store: {db}" if en else f"新建数据库：{db}", file=sys.stderr)
        n = len(args.paths)
        for k, path in enumerate(args.paths, 1):
            if n > 1:
                print(f"[{k}/{n}] {path}", file=sys.stderr, flush=True)
            try:
                r = store.import_file(path, args.operator)
            except ProofreaderError as exc:
                failed += 1
                print(f"proofreader: {exc.text('en' if en else 'zh')}", file=sys.stderr)
                continue
            if r.status == "unchanged":
                msg = "already imported, nothing changed" if en else "已导入过，未作任何改动"
            elif en:
                msg = f"imported: {r.tables} tables, {r.errors} errors, {r.warnings} warnings"
            else:
                msg = f"已导入：{r.tables} 张表，{r.errors} 个错误，{r.warnings} 个警告"
            print(f"{r.issue_id}\t{r.name}\t{msg}")
            if r.status == "updated":
                print(f"  {'carried over' if en else '沿用上一版的更正'}: {r.carried}")
                for line in r.orphaned:
                    print(f"  {'needs redoing' if en else '需人工重做'}: {line}")
    return EXIT_INPUT if failed else EXIT_OK
