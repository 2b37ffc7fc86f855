"""The sample issues are the real seeds, unedited."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, SEEDS

SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.mark.parametrize("sample", SEEDS, ids=lambda p: p.name[:3])
def test_sample_is_the_seed_unedited(sample: Path):
    seed = SHARED_SEEDS / sample.name
    if not seed.exists():
        pytest.skip("the shared seeds are not beside this checkout")
    assert hashlib.sha256(sample.read_bytes()).hexdigest() == hashlib.sha256(seed.read_bytes()).hexdigest()


def test_samples_readme_names_every_sample():
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    for sample in SEEDS:
        assert sample.name in readme
