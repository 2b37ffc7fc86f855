"""Cyclic garbage collection paused while the parser or the rules work through an issue.

Parsing and checking build millions of small objects (lines, cells, rows, the name
index's keys) that live until the work is done and hold no reference cycles worth
collecting sooner. CPython's cyclic collector would traverse that growing heap again
and again while it is built: a fifth of the time of a 100,000-row table. Collection is
switched off for the outermost pause and back on when it ends, in whichever thread;
nothing is kept longer but cycles, which the next collection frees.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause cyclic garbage collection for the block (nests; safe across threads).

    Also a decorator: ``@gc_paused()``."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
