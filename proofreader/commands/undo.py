"""`proofreader undo|redo --issue I --operator NAME`: one's own last correction, never another's."""

from __future__ import annotations

import argparse

from ..errors import CorrectionError
from .common import EXIT_OK, lang_of, open_db


def add_parser(sub: argparse._SubParsersAction) -> None:
    for name, help_text in (("undo", "撤销本人最近一次更正（记入审计记录）/ undo your own last correction (audited)"),
                            ("redo", "重做本人最近撤销的更正 / redo your own last undone correction")):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--db", help="数据库文件 / store file")
        p.add_argument("--issue", required=True, help="期号或源文件名 / issue id or source file name")
        p.add_argument("--operator", required=True, help="校对人：只撤销此人的更正 / whose correction to undo")
        p.set_defaults(func=run, action=name)


def run(args: argparse.Namespace) -> int:
    en = lang_of(args) == "en"
    with open_db(args.db) as store:
        issue_id = store.resolve_issue(args.issue)
        step = store.undo if args.action == "undo" else store.redo
        applied = step(issue_id, args.operator)
        if applied is None:
            if args.action == "undo":
                raise CorrectionError(f"{args.operator.strip()} 在这一期没有可撤销的更正",
                                      f"{args.operator.strip()} has no correction to undo in this issue")
            raise CorrectionError(f"{args.operator.strip()} 在这一期没有可重做的更正",
                                  f"{args.operator.strip()} has nothing to redo in this issue")
        record = next(h for h in store.history(issue_id) if h.id == applied.correction_id)
        errors = sum(1 for f in applied.findings if f.severity == "error")
        if en:
            verb = "undone" if args.action == "undo" else "redone"
            print(f"{verb} (#{applied.correction_id}): {record.description}; {errors} errors in the table now")
        else:
            verb = "已撤销" if args.action == "undo" else "已重做"
            print(f"{verb}（#{applied.correction_id}）：{record.description}；该表现有 {errors} 个错误")
    return EXIT_OK
