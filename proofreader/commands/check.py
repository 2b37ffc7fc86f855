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
    decided = _set_decided_apart(report) if args.issue else []
    if args.json:
        doc = to_json(report, lang)
        if args.issue:
            doc["decided"] = [f.to_json(lang) for f in decided]
            doc["summary"]["decided"] = len(decided)
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(to_text(report, lang))
        if decided:
            print(_decided_text(decided, lang))
    return EXIT_FINDINGS if report.errors else EXIT_OK


def _set_decided_apart(report) -> list:  # noqa: ANN001
    """The proofreaders' decisions put on the findings they name; those findings leave the
    report's (open) findings and are returned, to be listed apart."""
    from ..decisions import mark_decided

    for t in report.issue.tables:
        mark_decided(t, [f for f in report.findings if f.table == t.id])
    decided = [f for f in report.findings if f.decision is not None]
    report.findings = [f for f in report.findings if f.decision is None]
    return decided


def _decided_text(decided: list, lang: str) -> str:
    from ..decisions import label
    from ..wording import local_time

    if lang == "en":
        out = [f"Decided ({len(decided)}, not counted above):"]
    else:
        out = [f"已决定（{len(decided)} 条，不计入上面的错误和警告）："]
    for f in decided:
        d = f.decision
        msg = f.message_en if lang == "en" else f.message
        where = f"line {f.line}" if lang == "en" else f"第 {f.line} 行"
        out.append(f"{where} [{f.table}] {label(d['as'], lang)}: {msg}")
        by = f"{d.get('operator', '')}, {local_time(d.get('at', ''))}"
        out.append(("    note: " if lang == "en" else "    说明：") + f"{d.get('note', '')} ({by})")
    return "\n".join(out)


def _issue_from_store(args: argparse.Namespace):
    try:
        from ..store import open_store
    except ImportError:
        raise ProofreaderError("此版本没有本地数据库功能", "this build has no local store") from None
    store = open_store(args.db, create=False)
    try:
        issue_id = store.resolve_issue(args.issue)
        extra = store.conflict_findings(issue_id) if store.is_central else []
        return store.current_issue(issue_id), store.known_names(issue_id), extra
    finally:
        store.close()
