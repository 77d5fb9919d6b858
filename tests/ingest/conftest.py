"""Shared fixtures for the ingest tests: an isolated config, the sample corpus, a batch runner."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable

import pytest

from tocsin.config import Config, load_config
from tocsin.ingest import read_inputs
from tocsin.model import Article, Rejection

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture
def config(tmp_path: Path) -> Config:
    """Built-in defaults only: no user file, no environment."""
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    return load_config(user_file=empty, environ={})


@pytest.fixture
def samples() -> Path:
    return SAMPLES


Batch = Callable[..., tuple[list[Article], list[Rejection]]]


def _run(inputs: Iterable[str | Path], config: Config, **kwargs: Any) -> tuple[list[Article], list[Rejection]]:
    results = list(read_inputs([str(item) for item in inputs], config, **kwargs))
    assert all(isinstance(r, (Article, Rejection)) for r in results)
    return ([r for r in results if isinstance(r, Article)], [r for r in results if isinstance(r, Rejection)])


@pytest.fixture
def run() -> Batch:
    """Read a batch; split what came out into (articles, rejections)."""
    return _run
