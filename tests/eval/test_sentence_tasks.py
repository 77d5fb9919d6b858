"""Sentence-level files are scored sentence by sentence, however short the sentence."""

from __future__ import annotations

from tocsin.config import load_config
from tocsin.eval import adapters


def test_a_short_sentence_is_not_rejected_as_an_empty_article():
    # regression: sentences under ingest.min_chars (80) were rejected as articles and read as "no event"
    item = {"id": "s1", "text": "Police arrested four men in Lucknow on Monday.", "published": "2020-05-12"}
    assert len(item["text"]) < load_config()["ingest"]["min_chars"]
    assert adapters.sent_detect([item], load_config())[0].get("ARREST") is True
