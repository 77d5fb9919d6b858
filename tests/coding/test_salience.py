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


def test_for_acled_the_texts_sub_event_comes_before_its_plover_type():
    # an arrest (COERCE, like the typer's PLOVER reading of a raid story could be) reported
    # first must not beat the attack whose ACLED sub-event is the one the whole text reads
    from tocsin.coding.typing import EventTyper

    config = load_config(environ={})
    guess = EventTyper.load(config).predict([TEXT])[0]
    other_type = "COERCE" if guess.plover_type != "COERCE" else "PROTEST"
    arrest = _event("arrest", guess.plover_type, 0,
                    acled=Acled(event_type="Strategic developments", sub_event_type="Arrests"))
    raid = _event("raid", other_type, 60,
                  acled=Acled(event_type="Violence against civilians", sub_event_type=guess.acled_sub_event_type))
    assert guess.acled_sub_event_type not in {None, "Arrests"}
    assert main_event([arrest, raid], TEXT, config, prefer_acled=True).event_id == "raid"
    assert main_event([arrest, raid], TEXT, config).event_id == "arrest"


MEETING = ("Ministers Meet to Discuss Border Dispute\n\nSoldiers clashed with rebels near the border on Monday, "
           "killing four, a day before the two foreign ministers met in the capital.")


def test_the_headline_event_is_the_main_one_when_the_text_holds_its_type_possible():
    # the whole text reads ASSAULT first (the clash is told at length) and CONSULT second: the
    # headline's meeting is what the article reports
    config = load_config(environ={})
    meeting = _event("meeting", "CONSULT", 0)
    clash = _event("clash", "ASSAULT", 60, acled=Acled(event_type="Battles", sub_event_type="Armed clash"))
    assert main_event([clash, meeting], MEETING, config).event_id == "meeting"
    # ACLED's view still wants an ACLED event first
    assert main_event([clash, meeting], MEETING, config, prefer_acled=True).event_id == "clash"
    # a headline type the whole text gives no weight to is not enough
    aid = _event("aid", "AID", 0)
    assert main_event([clash, aid], MEETING, config).event_id == "clash"
    # one paragraph: no headline, the whole-text reading decides
    note = MEETING.replace("\n\n", ". ", 1)
    assert main_event([clash, meeting], note, config).event_id == "clash"


def test_headline_end():
    from tocsin.coding.salience import headline_end

    assert headline_end(MEETING) == len("Ministers Meet to Discuss Border Dispute")
    assert headline_end("Soldiers clashed near the border.\n\nFour were killed.") == 0  # a sentence, not a headline
    assert headline_end("Ministers Meet to Discuss Border Dispute") == 0  # no body follows
