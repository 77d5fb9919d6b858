"""Adapters: the mapping of Event records to each task's prediction."""

from __future__ import annotations

import pytest

from tocsin.config import load_config
from tocsin.eval import adapters
from tocsin.model import Acled, Actor, Count, Counts, Event, Evidence, Place, Plover


def _event(eid: str, ptype: str = "ASSAULT", *, acled: Acled | None = None, confidence: float = 0.5,
           start: int = 0, historical: bool = False, **fields) -> Event:
    evidence = [Evidence(article_id="a", sentence="invented sentence", start=start, end=start + 10)]
    return Event(event_id=eid, plover=Plover(type=ptype), acled=acled, confidence=confidence,
                 evidence=evidence, historical=historical, **fields)


CLASH = Acled(event_type="Battles", sub_event_type="Armed clash")


def test_doc_events_maps_event_fields(monkeypatch):
    killed = Counts(killed=Count(low=3, best=None, high=5, text="at least three killed"))
    event = _event("e", acled=CLASH, counts=killed, date="2021-05-02",
                   location=Place(name="Town", country="NGA", lat=9.5, lon=7.25))
    monkeypatch.setattr(adapters, "salient_events", lambda items, config, prefer_acled: [event, None])
    preds = adapters.doc_events([{"id": "1"}, {"id": "2"}], config=None)
    assert preds[1] is None
    assert preds[0]["sub_event_type"] == "Armed clash" and preds[0]["fatalities"] == 3  # best missing: low
    assert (preds[0]["lat"], preds[0]["lon"], preds[0]["iso3"], preds[0]["date"]) == (9.5, 7.25, "NGA", "2021-05-02")


def test_cameo_codings_use_iso3_plus_role(monkeypatch):
    coded = _event("c", "CONSULT", cameo="042", source_actor=Actor(text="US officials", country="USA", role="GOV"),
                   target_actor=Actor(text="Beijing", country="CHN"))
    uncoded = _event("u", "ASSAULT")
    monkeypatch.setattr(adapters, "run_events", lambda items, config: [[coded, uncoded]])
    assert adapters.cameo([{"id": "1"}], config=load_config()) == [[{"code": "042", "source": "USAGOV", "target": "CHN"}]]
    assert adapters.actor_code(None) == "---"
    assert adapters.actor_code(Actor(text="police", role="POL")) == "---POL"


def test_event_type_goes_through_the_shared_crosswalk(monkeypatch):
    pytest.importorskip("tocsin.coding.crosswalk")
    strike = _event("s", acled=Acled(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike"))
    monkeypatch.setattr(adapters, "salient_events", lambda items, config, prefer_acled: [strike, _event("m", "CONSULT")])
    assert adapters.event_type([{"id": "1"}, {"id": "2"}], config=None) == ["AIR_STRIKE", None]


def test_ner_label_map_covers_conll_classes_only():
    assert set(adapters.SPACY_TO_CONLL.values()) == {"PER", "LOC", "ORG", "MISC"}
    assert "DATE" not in adapters.SPACY_TO_CONLL and "CARDINAL" not in adapters.SPACY_TO_CONLL
