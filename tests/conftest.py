"""Shared fixtures: the real sample issues, parsed once per session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_issues"
SEED_001 = SAMPLES / "001_e9dccd3c8dc8cdfa.txt"
SEED_002 = SAMPLES / "002_7bba585c8c284dc6.txt"
SEED_003 = SAMPLES / "003_a0efda9bb81cc2fd.txt"
SEED_004 = SAMPLES / "004_257ffbe288380f14.txt"
SEEDS = [SEED_001, SEED_002, SEED_003, SEED_004]

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The installation's signing key of the test run (never the user's own).
os.environ.setdefault("PROOFREADER_KEY_FILE", os.path.join(tempfile.mkdtemp(prefix="proofreader-key-"), "signing.key"))


@pytest.fixture(scope="session")
def parsed():
    """Parse a sample issue once per test session: ``parsed(SEED_002)``."""
    from proofreader.parse import parse_file

    cache: dict[Path, object] = {}

    def get(path: Path):
        if path not in cache:
            cache[path] = parse_file(str(path))
        return cache[path]

    return get


def seed_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")
