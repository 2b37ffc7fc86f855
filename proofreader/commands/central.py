"""The central office's commands: `conflicts`, `resolve`, `trust` and `key`."""

from __future__ import annotations

import argparse
import sys

from .common import EXIT_FINDINGS, EXIT_OK, lang_of, open_db


def add_parser(sub: argparse._SubParsersAction) -> None:
    c = sub.add_parser("conflicts", help="中心汇总文件中的冲突 / the central file's conflicts")
    c.add_argument("--db", required=True, help="中心汇总文件 / the central file")
    c.add_argument("--issue", help="只列这一期 / only this issue")
    c.add_argument("--all", action="store_true", help="也列出已解决的 / resolved ones too")
    c.set_defaults(func=run_conflicts)
    r = sub.add_parser("resolve", help="解决一个冲突 / settle a conflict")
    r.add_argument("--db", required=True, help="中心汇总文件 / the central file")
    r.add_argument("--conflict", required=True, type=int, metavar="N", help="冲突编号 / conflict number")
    r.add_argument("--take", required=True, metavar="VALUE|PERSON", help="采用某人的值，或直接给出值 / a person's value, or a value")
    r.add_argument("--operator", required=True)
    r.add_argument("--reason", default="")
    r.set_defaults(func=run_resolve)
    t = sub.add_parser("trust", help="中心登记一台安装的签名密钥 / register an installation's key")
    t.add_argument("--into", required=True, help="中心汇总文件 / the central file")
    t.add_argument("keyfile", help="该安装用 `proofreader key --out` 导出的密钥文件 / its key file")
    t.add_argument("--name", required=True, help="安装的名称，如 张三的电脑 / a name for it")
    t.set_defaults(func=run_trust)
    k = sub.add_parser("key", help="本安装的签名密钥 / this installation's signing key")
    k.add_argument("--out", help="把密钥存到文件，交给中心 / save the key to a file for the central office")
    k.set_defaults(func=run_key)


def print_conflicts(conflicts: list, en: bool, indent: str = "") -> None:
    from ..store.central import describe_value

    for c in conflicts:
        item = ["cell"] if c.column_index is not None else ["row"]
        where = f"{c.issue_name} {c.table_id or ''} {('line ' if en else '第 ') + str(c.line) + ('' if en else ' 行') if c.line else ''} {c.column_name}"
        sides = " ≠ ".join(f"“{describe_value(item, s['value'], en)}”({s['operator']}, {s['at']})" for s in c.sides)
        state = ""
        if not c.open:
            state = f" [{'resolved by' if en else '已由'} {c.resolved_by}{'' if en else ' 解决'}: “{c.resolved_value}”]"
        print(f"{indent}#{c.id}\t{where}: {sides}{state}")


def run_conflicts(args: argparse.Namespace) -> int:
    en = lang_of(args) == "en"
    with open_db(args.db) as store:
        iid = store.resolve_issue(args.issue) if args.issue else None
        found = store.conflicts(iid, include_closed=args.all)
    print_conflicts(found, en)
    if not found:
        print("no conflicts" if en else "没有冲突")
    return EXIT_FINDINGS if any(c.open for c in found) else EXIT_OK


def run_resolve(args: argparse.Namespace) -> int:
    en = lang_of(args) == "en"
    with open_db(args.db) as store:
        applied = store.resolve(args.conflict, args.take, args.operator, args.reason)
        left = len(store.conflicts())
    print(f"resolved conflict #{args.conflict} (correction #{applied.correction_id}); {left} open" if en
          else f"已解决冲突 #{args.conflict}（更正 #{applied.correction_id}）；还有 {left} 个未解决")
    return EXIT_OK


def run_trust(args: argparse.Namespace) -> int:
    from ..store import signing
    from ..store.central_ops import add_installation
    from ..store.merge import open_central

    key = signing.read_key_file(args.keyfile)
    store = open_central(args.into)
    try:
        kid = add_installation(store, key.hex(), args.name)
    finally:
        store.close()
    print(f"{'registered' if lang_of(args) == 'en' else '已登记'} {args.name}: {kid}")
    return EXIT_OK


def run_key(args: argparse.Namespace) -> int:
    from ..store import signing

    key = signing.installation_key()
    kid = signing.key_id(key)
    if args.out:
        from ..store.export import write_small_file

        write_small_file(args.out, key.hex() + "\n")
        print(args.out)
    print(kid)
    return EXIT_OK
