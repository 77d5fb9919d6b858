import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "dedupe"))  # the shared event factory

from tocsin.config import load_config  # noqa: E402


@pytest.fixture
def config():
    return load_config(environ={}, user_file=None)
