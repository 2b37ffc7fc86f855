"""Proofreaders' names, written one way everywhere.

"张三 ", "张三" and the full-width "ＺＨＡＮＧ　Ｓａｎ" typed on a Chinese keyboard must be the
same person, or a proofreader could approve their own table by adding a space.
"""

from __future__ import annotations

import unicodedata


def normalize_operator(name: str) -> str:
    """Trimmed, inner runs of spaces made one, full-width letters and digits made half-width."""
    return " ".join(unicodedata.normalize("NFKC", name or "").split())
