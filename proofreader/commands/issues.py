"""`proofreader issues|history|status`: what the store holds."""

from __future__ import annotations

import argparse

from .common import EXIT_OK, lang_of, open_db

_STATUSES = ["todo", "in_progress", "proofread", "approved"]


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("issues", help="列出数据库中的期刊和表格 / list the store's issues and tables")
    p.add_argument("--db", help="数据库文件 / store file")
    p.add_argument("--issue", help="只列这一期的表格 / list this issue's tables")
    p.set_defaults(func=run)
    h = sub.add_parser("history", help="一期的更正记录 / an issue's audit trail")
    h.add_argument("--db")
    h.add_argument("--issue", required=True)
    h.set_defaults(func=run_history)
    s = sub.add_parser("status", help="设置表格的校对状态 / set a table's review status")
    s.add_argument("--db")
    s.add_argument("--issue", required=True)
    s.add_argument("--table", required=True, help="表号，如 t3 / table id")
    s.add_argument("--set", dest="status", required=True, choices=_STATUSES,
                   help="todo 未校对 / in_progress 校对中 / proofread 已校对 / approved 已审核")
    s.add_argument("--operator", required=True)
    s.set_defaults(func=run_status)


def run(args: argparse.Namespace) -> int:
    from ..store import STATUS_LABELS

    en = lang_of(args) == "en"
    with open_db(args.db) as store:
        if args.issue:
            iid = store.resolve_issue(args.issue)
            for t in store.tables(iid):
                label = STATUS_LABELS[t.status][1 if en else 0]
                print(f"{t.table_id}\t{label}\t{t.errors}E {t.warnings}W\t{t.first_line}-{t.last_line}\t{t.title}")
            for detail in store.not_carried(iid):
                print(f"{'not carried over, needs a look' if en else '未沿用的更正，需查看'}\t{detail}")
        else:
            for i in store.issues():
                look = len(store.not_carried(i.issue_id))
                note = (f"\t{look} corrections not carried over, need a look" if en else f"\t{look} 条更正未沿用，需查看") \
                    if look else ""
                print(f"{i.issue_id}\t{i.name}\t{i.encoding}\t{i.tables} tables\t{i.errors}E {i.warnings}W\t{i.imported_at}"
                      + note)
    return EXIT_OK


def run_history(args: argparse.Namespace) -> int:
    with open_db(args.db) as store:
        iid = store.resolve_issue(args.issue)
        for h in store.history(iid):
            if h.source:  # a proofreader's record in a central file, with the export it came in
                print(f"{h.source}\t{h.at}\t{h.operator}\t{h.action}\t{h.table_id or ''}\t{h.description}\t{h.reason}")
                continue
            print(f"#{h.id}\t{h.at}\t{h.operator}\t{h.action}\t{h.table_id or ''}\t{h.description}\t{h.reason}")
    return EXIT_OK


def run_status(args: argparse.Namespace) -> int:
    from ..store import STATUS_LABELS

    with open_db(args.db) as store:
        iid = store.resolve_issue(args.issue)
        store.set_status(iid, args.table, args.status, args.operator)
        print(STATUS_LABELS[args.status][1 if lang_of(args) == "en" else 0])
    return EXIT_OK
