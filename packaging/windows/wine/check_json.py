"""Check the JSON that the built proofreader.exe wrote under each code page (test.sh, step 5).

    python3 check_json.py OUT_CP936.json OUT_CP1252.json

Each file must be UTF-8 (not GBK, not cp1252), with \\n line ends, a check report of seed
002 with its Chinese table titles; the two must be the same bytes. Exit code 1 otherwise.
"""

from __future__ import annotations

import json
import sys


def problems(path: str) -> tuple[bytes, list[str]]:
    data = open(path, "rb").read()
    out = []
    try:
        doc = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return data, [f"{path}: not UTF-8 ({exc})"]
    except ValueError as exc:
        return data, [f"{path}: not JSON ({exc}); starts {data[:80]!r}"]
    if b"\r\n" in data:
        out.append(f"{path}: CRLF line ends")
    if not any("奖励企业名单" in t.get("title", "") for t in doc.get("tables", [])):
        out.append(f"{path}: the award list's Chinese title is missing")
    return data, out


def main(paths: list[str]) -> int:
    found = [problems(p) for p in paths]
    errors = [e for _, errs in found for e in errs]
    if len({data for data, _ in found}) != 1:
        errors.append("the outputs under the code pages differ")
    for e in errors:
        print(e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
