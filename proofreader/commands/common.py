"""What the commands share: exit codes and the message language."""

from __future__ import annotations

import argparse
import os

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


def lang_of(args: argparse.Namespace) -> str:
    """"en" when asked for (--lang en or PROOFREADER_LANG=en), else "zh"."""
    lang = getattr(args, "lang", None) or os.environ.get("PROOFREADER_LANG", "zh")
    return "en" if lang.lower().startswith("en") else "zh"


def open_db(path: str | None, must_exist: bool = False):
    """The store at ``path`` (or the default one), as a context manager."""
    from ..errors import StoreError
    from ..store import open_store

    if must_exist and path and not os.path.isfile(path):
        raise StoreError(f"找不到文件：{path}", f"file not found: {path}")
    return open_store(path)
