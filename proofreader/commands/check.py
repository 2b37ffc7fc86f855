"""`proofreader check PATH [--json]`: an issue's tables against their stated figures."""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import ProofreaderError
from .common import EXIT_FINDINGS, EXIT_OK, lang_of


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="检查一期公报的表格：家数、金额、合计 / check an issue's tables")
    p.add_argument("path", nargs="?", help="一期公报的 OCR 文本文件 / OCR text file of one issue")
    p.add_argument("--json", action="store_true", help="输出 JSON 报告 / print the JSON report")
    p.add_argument("--rules", help="设置规则级别的 TOML 文件 / TOML file that sets rule severities")
    p.add_argument("--db", help="本地数据库（与 --issue 一起用）/ local store (with --issue)")
    p.add_argument("--issue", help="数据库中的期号或源文件名 / issue id or source file name in the store")
    p.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS,
                   help="消息语言 / language of messages (default zh)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..report import check_issue, to_json, to_text
    from ..settings import load_settings

    lang = lang_of(args)
    settings = load_settings(args.rules)
    known: list[str] = []
    extra: list = []
    if args.issue:
        issue, known, extra = _issue_from_store(args)
    elif args.path:
        from ..parse import parse_file

        issue = parse_file(args.path)
    else:
        raise ProofreaderError("请给出要检查的文件路径，或 --db 与 --issue", "give a file to check, or --db and --issue")
    report = check_issue(issue, settings.severity, thresholds=settings.thresholds, known_names=known)
    if extra:  # a central file's open conflicts, as findings
        report.findings = sorted(report.findings + extra, key=lambda f: (f.line, f.severity != "error", f.rule))
    if args.json:
        json.dump(to_json(report, lang), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(to_text(report, lang))
    return EXIT_FINDINGS if report.errors else EXIT_OK


def _issue_from_store(args: argparse.Namespace):
    try:
        from ..store import open_store
    except ImportError:
        raise ProofreaderError("此版本没有本地数据库功能", "this build has no local store") from None
    store = open_store(args.db)
    try:
        issue_id = store.resolve_issue(args.issue)
        extra = store.conflict_findings(issue_id) if store.is_central else []
        return store.current_issue(issue_id), store.known_names(issue_id), extra
    finally:
        store.close()
