"""A blank line ends a sentence for the parser: a headline is not parsed into the lead."""

from __future__ import annotations

import pytest

from tocsin.config import load_config
from tocsin.nlp import load_nlp

HEADLINES = ["Island Nation Downgrades Ties Amid Ongoing Spat", "Minister Resigns After Corruption Scandal",
             "Rebels Quit Peace Talks Over Amnesty Row"]
LEAD = "Island President Anna Roe has downgraded diplomatic relations with the neighbouring state, the ministry said."


@pytest.mark.parametrize("headline", HEADLINES)
def test_no_word_of_the_headline_hangs_from_the_lead(headline):
    # regression: the stock parser read "Spat Island President Anna Roe" as one noun phrase and made
    # the headline's verb the subject of the lead's ("Downgrades" nsubj of "downgraded")
    text = f"{headline}\n\n{LEAD}"
    doc = load_nlp(load_config(environ={}))(text)
    body = len(headline) + 2
    assert [t.text for t in doc if not t.is_space and (t.idx < body) != (t.head.idx < body)] == []
    verb = next(t for t in doc if t.text == "downgraded")
    assert [c.text for c in verb.children if c.dep_ == "nsubj"] == ["Roe"]
    assert any(s.start_char == body for s in doc.sents)
