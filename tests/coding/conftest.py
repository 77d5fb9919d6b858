"""Fixtures shared by the coder's tests: the spaCy pipeline and the lexicon, loaded once."""

from __future__ import annotations

import pytest

from tocsin.config import load_config


@pytest.fixture(scope="session")
def nlp():
    from tocsin.nlp import load_nlp

    return load_nlp(load_config())


@pytest.fixture(scope="session")
def lex():
    from tocsin.coding.lexicon import load_lexicon

    return load_lexicon()
