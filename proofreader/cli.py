"""The `proofreader` command: a thin layer over the core.

Each command lives in its own module under ``proofreader.commands``; those modules
import heavy libraries inside ``run`` only, so `proofreader check` loads neither Qt nor
pandas. Typed core errors become a one-line message and exit code 2 (the one error
boundary of the command line).
"""

from __future__ import annotations

import argparse
import importlib
import sqlite3
import sys

from . import __version__
from .commands.common import EXIT_INPUT, EXIT_OK, lang_of
from .errors import ProofreaderError, file_error

#: Command modules, in the order `--help` lists them.
COMMANDS = ["check", "import_issue", "correct", "decide", "undo", "export", "merge", "central", "issues", "remove"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="proofreader",
        description="政府公报 OCR 校对工具 / Gazette OCR proofreader. "
                    "不带命令时打开校对窗口 / without a command, opens the review window.",
    )
    parser.add_argument("--version", action="version", version=f"proofreader {__version__}")
    parser.add_argument("--lang", choices=["zh", "en"], help="消息语言 / language of messages (default zh)")
    parser.add_argument("--db", help="本地数据库文件 / local store file (window)")
    parser.add_argument("--samples", action="store_true",
                        help="首次运行时导入示例期刊 / import the sample issues on first run (window)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"proofreader.commands.{name}")
        module.add_parser(sub)
    return parser


def utf8_streams() -> None:
    """Standard output and error in UTF-8 with ``\\n`` line ends, whatever the console.

    On Windows, Python writes a redirected stdout in the ANSI code page: `check --json >
    out.json` would be GBK on a Chinese desktop and fail with UnicodeEncodeError on an
    English one (code page 1252). The frozen program also runs in UTF-8 mode (the spec);
    this covers the program run from source. A console window is unaffected (Python
    writes to it as Unicode).
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:  # None (no console) or a replacement without it
            continue
        try:
            if (stream.encoding or "").lower().replace("-", "").replace("_", "") != "utf8":
                reconfigure(encoding="utf-8", errors=stream.errors)
            if sys.platform == "win32":
                reconfigure(newline="\n")
        except (ValueError, OSError):  # a stream that cannot change now: leave it as it is
            pass


def main(argv: list[str] | None = None) -> int:
    utf8_streams()
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        return _open_window(args)
    try:
        return args.func(args)
    except ProofreaderError as exc:
        print(f"proofreader: {exc.text(lang_of(args))}", file=sys.stderr)
        return exc.exit_code
    except sqlite3.DatabaseError as exc:  # a store damaged after it was opened
        print(f"proofreader: 数据库错误 / database error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # a file held by another program (Windows), not permitted, gone
        error = file_error(exc)
        print(f"proofreader: {error.text(lang_of(args))}", file=sys.stderr)
        return error.exit_code


def _open_window(args: argparse.Namespace) -> int:
    try:
        from .gui.app import run_gui
    except ImportError as exc:
        print(f"proofreader: 无法打开窗口（{exc}）；可用 `proofreader check FILE` / cannot open the window",
              file=sys.stderr)
        return EXIT_INPUT
    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
