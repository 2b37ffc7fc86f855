"""`proofreader decide`: a decision on a finding (原件如此 / 不是问题), as the window's Enter."""

from __future__ import annotations

import argparse

from ..errors import CorrectionError
from .common import EXIT_OK, lang_of, open_db


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("decide", help="对一条检查结果作出决定：原件如此 / 不是问题（记入审计记录）/ decide on a finding")
    p.add_argument("--db", help="数据库文件 / store file")
    p.add_argument("--issue", required=True, help="期号或源文件名 / issue id or source file name")
    p.add_argument("--line", type=int, required=True, help="检查结果所在行 / the finding's line")
    p.add_argument("--rule", required=True, help="规则，如 sum、count / the finding's rule (sum, count, ...)")
    p.add_argument("--column", type=int, help="列号（从 1 起），同一行有多条时 / 1-based column, when several")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--as-printed", dest="kind", action="store_const", const="as_printed",
                      help="原件如此：印刷件本身就是这样 / the print itself says so")
    what.add_argument("--dismiss", dest="kind", action="store_const", const="dismissed",
                      help="不是问题：误报 / a false alarm")
    what.add_argument("--withdraw", dest="kind", action="store_const", const="withdraw",
                      help="撤回已作的决定 / take a decision back")
    p.add_argument("--note", default="", help="理由（原件如此、不是问题必填）/ why (required)")
    p.add_argument("--operator", required=True, help="校对人 / operator name")
    p.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS,
                   help="消息语言 / language of messages (default zh)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..decisions import label
    from ..loop import CorrectionLoop

    lang = lang_of(args)
    with open_db(args.db) as store:
        issue_id = store.resolve_issue(args.issue)
        loop = CorrectionLoop(store, issue_id, args.operator, lang)
        finding = _find(loop.findings(), args)
        if args.kind == "withdraw":
            changes = loop.withdraw(finding)
        else:
            changes = loop.decide(finding, args.kind, args.note)
        errors, warnings = loop.remaining()
        what = "withdrawn" if args.kind == "withdraw" else label(args.kind, lang)
        if lang == "en":
            print(f"saved #{changes.correction_ids[-1]}: line {finding.line} {finding.rule}: {what}; "
                  f"the issue has {errors} open errors, {warnings} open warnings left")
        else:
            what = "撤回决定" if args.kind == "withdraw" else what
            print(f"已保存 #{changes.correction_ids[-1]}：第 {finding.line} 行 {finding.rule}：{what}；"
                  f"本期还剩 {errors} 个错误，{warnings} 个警告")
        for tid in changes.reset:
            print(f"table {tid} is back to in progress" if lang == "en" else f"表 {tid} 已改回“校对中”")
    return EXIT_OK


def _find(findings: list, args: argparse.Namespace):  # noqa: ANN202
    rule = args.rule.strip()
    here = [f for f in findings if f.rule == rule and args.line in (f.line, f.row_line)]
    if args.column is not None:
        here = [f for f in here if f.column is not None and f.column + 1 == args.column]
    if len(here) == 1:
        return here[0]
    if not here:
        near = sorted({(f.line, f.rule) for f in findings if abs(f.line - args.line) <= 20})
        listed = "、".join(f"第 {n} 行 {r}" for n, r in near[:8]) or "无"
        listed_en = ", ".join(f"line {n} {r}" for n, r in near[:8]) or "none"
        raise CorrectionError(f"第 {args.line} 行没有 {rule} 的检查结果（附近的：{listed}）",
                              f"no {rule} finding on line {args.line} (nearby: {listed_en})")
    raise CorrectionError(f"第 {args.line} 行有 {len(here)} 条 {rule} 的检查结果：请用 --column 指明哪一列",
                          f"line {args.line} has {len(here)} {rule} findings: say which with --column")
