"""Shared fixtures: a writable copy of the mini catalogue."""

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests are seeded (derandomised) so CI runs the same examples every time;
# set HYPOTHESIS_PROFILE=explore to search with fresh randomness.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("explore", derandomize=False, deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/mini in a temporary folder; returns the folder."""
    dest = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", dest)
    return dest
