"""Shared fixtures: repository paths and the ../shared data (skipped cleanly when absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TOCSIN_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return REPO / "samples"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared is absent (a user's clone): quality data not available")
    return SHARED


@pytest.fixture(scope="session")
def seed_article(shared_dir: Path) -> Path:
    path = shared_dir / "data" / "seed" / "osh_2010-06-12.txt"
    if not path.is_file():
        pytest.skip("founding article not in ../shared")
    return path
