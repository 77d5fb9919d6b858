"""The main event of an article: agrees with the whole text's type, then first reported."""

from __future__ import annotations

from tocsin.coding.salience import main_event
from tocsin.config import load_config
from tocsin.model import Acled, Event, Evidence, Plover

TEXT = ("Gunmen kill nine villagers in raid on northern hamlet. "
        "Armed men stormed the hamlet at dawn, shooting residents and burning houses, police said. "
        "The governor appealed for calm and called for more troops.")


def _event(eid: str, ptype: str, start: int, *, acled: Acled | None = None, historical: bool = False) -> Event:
    return Event(event_id=eid, plover=Plover(type=ptype), acled=acled, historical=historical,
                 evidence=[Evidence(article_id="a", sentence="s", start=start, end=start + 5)])


def test_main_event_agrees_with_the_text_not_only_the_first_mention():
    config = load_config(environ={})
    appeal = _event("appeal", "REQUEST", 0)
    raid = _event("raid", "ASSAULT", 60, acled=Acled(event_type="Violence against civilians", sub_event_type="Attack"))
    old = _event("old", "ASSAULT", 0, historical=True)
    assert main_event([appeal, raid, old], TEXT, config).event_id == "raid"
    assert main_event([old], TEXT, config) is None
    assert main_event([], TEXT, config) is None


def test_acled_typed_events_first_when_asked():
    config = load_config(environ={})
    appeal = _event("appeal", "REQUEST", 0)
    march = _event("march", "PROTEST", 90, acled=Acled(event_type="Protests", sub_event_type="Peaceful protest"))
    assert main_event([appeal, march], "The governor appealed for calm.", config, prefer_acled=True).event_id == "march"
