"""`proofreader remove --issue I`: take a wrongly imported issue out of the store."""

from __future__ import annotations

import argparse

from ..errors import CorrectionError
from .common import EXIT_OK, lang_of, open_db


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("remove", help="从数据库中删除导入错了的一期 / remove a wrongly imported issue")
    p.add_argument("--db", help="数据库文件 / store file")
    p.add_argument("--issue", required=True, help="期号或源文件名 / issue id or source file name")
    p.add_argument("--force", action="store_true",
                   help="连同其更正一起删除（请先 export）/ remove it with its corrections (export first)")
    p.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS,
                   help="消息语言 / language of messages (default zh)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    with open_db(args.db) as store:
        issue_id = store.resolve_issue(args.issue)
        name = next((i.name for i in store.issues() if i.issue_id == issue_id), issue_id)
        done = len(store.history(issue_id))
        if done and not args.force:
            raise CorrectionError(
                f"{name} 有 {done} 条更正或决定：请先 export 导出，再加 --force 删除",
                f"{name} has {done} corrections or decisions: export them first, then remove with --force")
        store.remove_issue(issue_id)
    print(f"removed {name} ({issue_id}), {done} corrections with it" if lang == "en"
          else f"已删除 {name}（{issue_id}），连同 {done} 条更正")
    return EXIT_OK
