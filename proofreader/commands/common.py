"""What the commands share: exit codes and the message language."""

from __future__ import annotations

import argparse
import os

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


def lang_of(args: argparse.Namespace) -> str:
    """"en" when asked for (--lang en or PROOFREADER_LANG=en), else "zh"."""
    lang = getattr(args, "lang", None) or os.environ.get("PROOFREADER_LANG", "zh")
    return "en" if lang.lower().startswith("en") else "zh"


def open_db(path: str | None, create: bool = False):
    """The store at ``path`` (or the default one), as a context manager.

    Only ``import`` passes ``create=True``: for every other command a path where there is
    no store yet is a mistake (a typo), refused rather than answered from an empty store.
    """
    from ..store import open_store

    return open_store(path, create=create)
