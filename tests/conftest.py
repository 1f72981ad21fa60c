"""Shared fixtures: a writable copy of the mini catalogue."""

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/mini in a temporary folder; returns the folder."""
    dest = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", dest)
    return dest
