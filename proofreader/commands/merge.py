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
    from .central import print_conflicts

    en = lang_of(args) == "en"
    res = merge_exports(args.into, args.exports)
    for p in res.merged:
        tail = (" (unsigned, format 1)" if en else "（格式版本 1，未签名）") if p in res.unsigned else ""
        print(f"{'merged' if en else '已合并'}: {p}{tail}")
    for p in res.superseded:
        print(f"{'superseded by a newer export of the same store' if en else '已被同一数据库更新的导出取代'}: {p}")
    for p in res.already:
        print(f"{'already merged, nothing changed' if en else '已合并过，未作改动'}: {p}")
    print(f"{'corrections added' if en else '新增更正记录'}: {res.corrections_added}; "
          f"{'open conflicts' if en else '未解决的冲突'}: {len(res.conflicts)}")
    print_conflicts(res.conflicts, en, indent="  ")
    return EXIT_FINDINGS if res.conflicts else EXIT_OK
