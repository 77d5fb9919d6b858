"""Geo fixtures: one gazetteer and one spaCy model per test session.

The gazetteer is the one the config names (built on first use: about a minute, once per machine).
"""

from __future__ import annotations

import pytest

from tocsin.config import load_config


@pytest.fixture(scope="session")
def config():
    return load_config()


@pytest.fixture(scope="session")
def gazetteer(config):
    from tocsin.geo.gazetteer import get_gazetteer

    return get_gazetteer(config)


@pytest.fixture(scope="session")
def nlp(config):
    from tocsin.nlp import load_nlp

    return load_nlp(config)
