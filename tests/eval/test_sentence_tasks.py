"""Sentence-level files are scored sentence by sentence, however short the sentence."""

from __future__ import annotations

from tocsin.config import load_config
from tocsin.eval import adapters


def test_a_short_sentence_is_not_rejected_as_an_empty_article():
    # regression: sentences under ingest.min_chars (80) were rejected as articles and read as "no event"
    item = {"id": "s1", "text": "Police arrested four men in Lucknow on Monday.", "published": "2020-05-12"}
    assert len(item["text"]) < load_config()["ingest"]["min_chars"]
    assert adapters.sent_detect([item], load_config())[0].get("ARREST") is True


def test_cameo_codes_what_a_sentence_reports_as_new_not_its_background():
    item = {"id": "s2", "text": "Police on Tuesday released the activist, who had been arrested in 2015 for leading a march.",
            "published": "2021-03-09"}
    events = adapters.run_events([item], adapters.sentence_config(load_config()))[0]
    assert any(e.historical and e.cameo and e.cameo.startswith("17") for e in events)  # the 2015 arrest is coded...
    assert [c["code"][:2] for c in adapters.cameo([item], load_config())[0]] == ["08"]  # ...but is not new
