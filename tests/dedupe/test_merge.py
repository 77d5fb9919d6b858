import itertools

import pytest
from factory import PLACES, actor, article, corpus, count, event, mention

from tocsin.config import load_config
from tocsin.dedupe import MentionMerger, combine_events, merge_candidates, similarity
from tocsin.pipeline import Document


@pytest.fixture
def config():
    return load_config(environ={}, user_file=None)


def _report():
    art = article(
        "Sixty killed in Jalal-Abad violence. At least 60 people have been killed in clashes between armed youths "
        "and market traders in Jalal-Abad on Saturday, officials said. \"They came with iron bars,\" one trader "
        "said of the armed youths. Police arrested 14 people. Residents recalled the riots of 1990, when "
        "hundreds died in the same streets.", "2021-06-13")
    headline = mention(art, "Sixty killed in Jalal-Abad violence.", date="2021-06-12", place="Jalal-Abad",
                       counts={"killed": count("Sixty killed", 60, 60)})
    body = mention(art, "At least 60 people have been killed in clashes between armed youths and market traders "
                        "in Jalal-Abad on Saturday, officials said.", date="2021-06-12", place="Jalal-Abad",
                   source=actor("armed youths", "CVL"), target=actor("market traders", "CVL"), confidence=0.8,
                   counts={"killed": count("At least 60 people", 60, 60)})
    quote = mention(art, "\"They came with iron bars,\" one trader said of the armed youths.", date="2021-06-12",
                    source=actor("armed youths", "CVL"))
    arrest = mention(art, "Police arrested 14 people.", ptype="COERCE", date="2021-06-12", place="Jalal-Abad",
                     source=actor("Police", "POL"), counts={"arrested": count("14 people", 14, 14)})
    history = mention(art, "Residents recalled the riots of 1990, when hundreds died in the same streets.",
                      date="1990-06-04", place="Jalal-Abad", historical=True,
                      counts={"killed": count("hundreds", 200, None, 999)})
    return art, [headline, body, quote, arrest, history]


def test_headline_body_and_quote_become_one_event(config):
    art, mentions = _report()
    (doc,) = MentionMerger(config)([Document(art, mentions=mentions)])
    assert len(doc.events) == 3  # the attack, the arrests (COERCE, its own event), the 1990 riots
    attack = next(e for e in doc.events if e.plover.type == "ASSAULT" and not e.historical)
    assert attack.mentions == 3 and len(attack.evidence) == 3
    assert attack.counts.killed.best == 60 and attack.counts.killed.text == "At least 60 people"
    assert attack.source_actor.text == "armed youths" and attack.location.name == "Jalal-Abad"
    assert attack.sources == [art.id]
    history = next(e for e in doc.events if e.historical)
    assert history.date == "1990-06-04" and history.mentions == 1


def test_event_ids_are_stable_and_unique(config):
    art, mentions = _report()
    first = MentionMerger(config)([Document(art, mentions=mentions)])[0].events
    again = MentionMerger(config)([Document(art, mentions=list(reversed(mentions)))])[0].events
    assert [e.event_id for e in first] == [e.event_id for e in again]
    assert len({e.event_id for e in first}) == len(first)


def test_similarity_is_symmetric_and_vetoes(config):
    docs = corpus()
    events = [e for d in docs for e in d.events]
    for a, b in itertools.combinations(events, 2):
        ab = similarity(a, b, window_days=3, max_km=100)
        ba = similarity(b, a, window_days=3, max_km=100)
        assert ab.score == ba.score and (ab.veto is None) == (ba.veto is None)
    week_later = similarity(events[0], events[3], window_days=3, max_km=100)
    assert "days apart" in week_later.veto
    far = similarity(events[5], events[8], window_days=3, max_km=100)  # Mombasa vs Kisumu
    assert "km apart" in far.veto


def test_merge_candidates_targets_the_older_event(config):
    docs = corpus()
    first, second, claim = (d.events[0] for d in docs[:3])
    other_city = docs[3].events[0]
    decision = merge_candidates(second, [claim, first, other_city], config)
    assert decision.merge
    assert decision.target_id == min(first.event_id, claim.event_id)  # same date: the smaller id is older
    assert {m.event_id for m in decision.matches} == {first.event_id, claim.event_id}
    assert not merge_candidates(other_city, [first, second], config).merge


def test_combined_event_does_not_depend_on_order():
    docs = corpus()
    members = [d.events[0] for d in docs[:3]]
    records = {combine_events(list(p), published={d.article.id: d.article.published for d in docs[:3]})
               .model_dump_json() for p in itertools.permutations(members)}
    assert len(records) == 1


def test_country_level_mention_joins_the_city_event(config):
    art = article("Deadly unrest in Kyrgyzstan. Twelve people were killed in Jalal-Abad when armed youths "
                  "attacked traders on Monday.", "2021-03-09")
    headline = mention(art, "Deadly unrest in Kyrgyzstan.", date="2021-03-08", place="Kyrgyzstan")
    body = mention(art, "Twelve people were killed in Jalal-Abad when armed youths attacked traders on Monday.",
                   date="2021-03-08", place="Jalal-Abad", counts={"killed": count("Twelve people", 12, 12)})
    (doc,) = MentionMerger(config)([Document(art, mentions=[headline, body])])
    assert len(doc.events) == 1 and doc.events[0].location == PLACES["Jalal-Abad"]


def test_same_type_day_and_place_is_one_event(config):
    art = article("Some 300 students rallied in Mombasa on Friday against fee increases. A lecturer who joined the "
                  "demonstration in Mombasa on Friday said it was peaceful.", "2022-07-02")
    rally = mention(art, "Some 300 students rallied in Mombasa on Friday against fee increases.", ptype="PROTEST",
                    date="2022-07-01", place="Mombasa", source=actor("students", "CVL"),
                    counts={"participants": count("Some 300 students", 300, 300)})
    lecturer = mention(art, "A lecturer who joined the demonstration in Mombasa on Friday said it was peaceful.",
                       ptype="PROTEST", date="2022-07-01", place="Mombasa", source=actor("A lecturer", "CVL"))
    (doc,) = MentionMerger(config)([Document(art, mentions=[rally, lecturer])])
    assert len(doc.events) == 1 and doc.events[0].mentions == 2
    elsewhere = lecturer.model_copy(update={"location": PLACES["Kisumu"]})
    (doc,) = MentionMerger(config)([Document(art, mentions=[rally, elsewhere])])
    assert len(doc.events) == 2



def test_content_words_cache_gives_the_uncached_words():
    from tocsin.dedupe.similarity import content_words

    for text in ("Police fired tear gas at protesters in Osh.", "  THE Protesters, the police  ", "", None):
        assert content_words(text) == content_words.__wrapped__(text)
        assert content_words(text) == content_words.__wrapped__(text)  # the second answer comes from the cache


def test_a_report_dated_only_by_its_publication_is_no_evidence_of_another_day():
    # regression: a headline ("Clashes leave 27 dead") carries no date of its own, so it takes the
    # publication day (Tuesday); the body dates the violence to Saturday, and the three days between
    # them scored as weak date evidence, which kept the headline's event apart from the body's
    from tocsin.dedupe.similarity import date_score

    art = article("Clashes leave 27 dead in Naryn. The violence began in Naryn on Saturday.", "2025-04-15")
    headline = event(art, "Clashes leave 27 dead in Naryn", date="2025-04-15", place="Naryn")
    headline.date_basis = "publication"
    body = event(art, "The violence began in Naryn on Saturday", date="2025-04-12", place="Naryn")
    body.date_basis = "relative"
    assert date_score(headline, body, 3) == (None, None)
    assert date_score(body, headline, 3) == (None, None)
    older = body.model_copy(update={"date": "2025-04-02"})
    assert date_score(headline, older, 3)[0] == 0.0  # beyond the window: still another event
    later = body.model_copy(update={"date": "2025-04-17"})
    assert date_score(headline, later, 3)[0] < 1.0  # an event after publication is not what it reports
    both = body.model_copy(update={"date_basis": "publication"})
    assert date_score(headline, both, 3)[0] < 1.0
