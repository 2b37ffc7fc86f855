"""Print the size of the built bundle: total, by component, and the biggest files.

    python packaging/bundle_report.py [dist/GazetteProofreader] [--json FILE] [--limit-mb 150]

Exit code 1 when the bundle is over ``--limit-mb`` (the size target of the onedir build),
so a dependency that suddenly doubles the bundle fails ``make package`` instead of
slipping through. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

DEFAULT_BUNDLE = Path(__file__).resolve().parent.parent / "dist" / "GazetteProofreader"
MB = 1024 * 1024

# (component, test on the path relative to the bundle, lower-cased, with "/" separators).
# First match wins; the order goes from the specific to the general.
COMPONENTS = [
    ("executables (bootloader + embedded Python code)", lambda p: "/" not in p),
    ("Qt plugins", lambda p: p.startswith("_internal/pyside6/") and "/plugins/" in p),
    ("Qt translations", lambda p: p.startswith("_internal/pyside6/") and "/translations/" in p),
    ("Qt ICU (Unicode data, Linux only)", lambda p: p.startswith("_internal/pyside6/") and "/libicu" in p),
    ("Qt libraries", lambda p: p.startswith("_internal/pyside6/") and ("qt6" in p.rsplit("/", 1)[-1])),
    ("PySide6/shiboken6 bindings", lambda p: p.startswith(("_internal/pyside6/", "_internal/shiboken6/"))),
    ("numpy (+ OpenBLAS)", lambda p: p.startswith(("_internal/numpy", "_internal/libscipy_openblas"))),
    ("pandas", lambda p: p.startswith("_internal/pandas")),
    ("rapidfuzz", lambda p: p.startswith("_internal/rapidfuzz")),
    ("our resources and sample issues", lambda p: p.startswith(("_internal/resources/", "_internal/sample_issues/"))),
    ("Python runtime and standard library",
     lambda p: p.startswith(("_internal/libpython", "_internal/python3", "_internal/base_library", "_internal/lib-dynload"))
     or p.endswith(".pyd") and p.count("/") == 1),
    ("other shared libraries", lambda p: p.count("/") == 1 and (".so" in p or p.endswith(".dll"))),
]


def component(rel: str) -> str:
    low = rel.lower()
    for name, test in COMPONENTS:
        if test(low):
            return name
    return "other"


def report(bundle: Path) -> dict:
    """Sizes of ``bundle``: total, per component, biggest files (symlinks counted once)."""
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    by_component: dict[str, int] = defaultdict(int)
    sizes = []
    for path in files:
        rel = path.relative_to(bundle).as_posix()
        size = path.stat().st_size
        by_component[component(rel)] += size
        sizes.append((size, rel))
    sizes.sort(reverse=True)
    return {
        "bundle": str(bundle),
        "total_bytes": sum(s for s, _ in sizes),
        "files": len(sizes),
        "components": dict(sorted(by_component.items(), key=lambda kv: -kv[1])),
        "largest": [{"path": rel, "bytes": size} for size, rel in sizes[:20]],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Size of the built bundle.")
    parser.add_argument("bundle", nargs="?", type=Path, default=DEFAULT_BUNDLE)
    parser.add_argument("--json", type=Path, help="also write the report to this file")
    parser.add_argument("--limit-mb", type=float, default=150.0, help="fail above this size (default %(default)s)")
    parser.add_argument("--top", type=int, default=12, help="how many of the biggest files to list")
    args = parser.parse_args(argv)
    if not args.bundle.is_dir():
        print(f"no bundle at {args.bundle}", file=sys.stderr)
        return 2
    data = report(args.bundle.resolve())
    total = data["total_bytes"] / MB
    print(f"bundle {data['bundle']}: {total:.1f} MB unpacked, {data['files']} files (limit {args.limit_mb:.0f} MB)")
    for name, size in data["components"].items():
        print(f"  {size / MB:7.1f} MB  {name}")
    print("  biggest files:")
    for item in data["largest"][:args.top]:
        print(f"  {item['bytes'] / MB:7.1f} MB  {item['path']}")
    if args.json:
        args.json.write_text(json.dumps(data, indent=1), encoding="utf-8")
    if total > args.limit_mb:
        print(f"over the size limit: {total:.1f} MB > {args.limit_mb:.0f} MB", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
