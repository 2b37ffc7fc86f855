"""`proofreader merge --into CENTRAL.sqlite EXPORT.sqlite...` at the central office."""

from __future__ import annotations

import argparse

from .common import EXIT_FINDINGS, EXIT_OK, lang_of


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("merge", help="合并多位校对人的导出文件 / merge proofreaders' exports")
    p.add_argument("--into", required=True, help="中心汇总文件 / the central file")
    p.add_argument("exports", nargs="+", metavar="EXPORT.sqlite")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..store import merge_exports

    en = lang_of(args) == "en"
    res = merge_exports(args.into, args.exports)
    for p in res.merged:
        print(f"{'merged' if en else '已合并'}: {p}")
    for p in res.already:
        print(f"{'already merged, nothing changed' if en else '已合并过，未作改动'}: {p}")
    print(f"{'cells updated' if en else '更新单元格'}: {res.cells_updated}; "
          f"{'corrections added' if en else '新增更正记录'}: {res.corrections_added}; "
          f"{'conflicts' if en else '冲突'}: {len(res.conflicts)}")
    for c in res.conflicts:
        print(f"  {c['issue_id']} {c['table_id']} {c['row_key']} {c['column_name']}: "
              f"“{c['kept']}”({c['kept_by']}) ≠ “{c['other']}”({c['other_by']})")
    return EXIT_FINDINGS if res.conflicts else EXIT_OK
