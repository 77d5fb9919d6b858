from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from serve_sample_db import build_sample_db
from tocsin.config import load_config
from tocsin.serve.app import create_app


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_db(tmp_path_factory.mktemp("serve") / "sample.duckdb")


def make_client(db: Path, **overrides: object) -> TestClient:
    config = load_config({"store.path": str(db), **overrides}, environ={})
    return TestClient(create_app(config), raise_server_exceptions=False)


@pytest.fixture(scope="session")
def client(sample_db: Path) -> TestClient:
    return make_client(sample_db)


@pytest.fixture(scope="session")
def dashboard_db(sample_db: Path) -> Path:
    """The database the browser test shows."""
    return sample_db
