from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from serve_sample_db import build_sample_db
from tocsin.config import load_config
from tocsin.serve.app import create_app

REPO = Path(__file__).resolve().parents[2]


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
def dashboard_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample news, ingested by the real command: what `make run` users see."""
    db = tmp_path_factory.mktemp("dashboard") / "samples.duckdb"
    tocsin = Path(sys.executable).with_name("tocsin")
    done = subprocess.run([str(tocsin), "ingest", str(REPO / "samples"), "--db", str(db), "--quiet"],
                          capture_output=True, text=True, timeout=900)
    assert db.is_file() and done.returncode in (0, 1), done.stderr[-2000:]  # 1: some documents skipped
    return db
