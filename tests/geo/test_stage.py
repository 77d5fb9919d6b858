"""The geocoder stage on hand-made documents: locatives, actors, the thread, country-only events."""

from __future__ import annotations

import pytest

from tocsin.geo import Geocoder
from tocsin.model import Actor, Article, Evidence, Indicator, Mention, Plover, Span
from tocsin.pipeline import Document


def make_document(nlp, text: str, actor_words: dict[int, str] | None = None) -> Document:
    """One mention per sentence, its trigger the sentence's root verb, actors where asked."""
    doc = nlp(text)
    mentions = []
    for i, sent in enumerate(doc.sents):
        root = sent.root
        actor = None
        if actor_words and i in actor_words:
            word = actor_words[i]
            start = text.index(word, sent.start_char)
            actor = Actor(text=word, start=start, end=start + len(word))
        mentions.append(Mention(
            article_id="a1", sentence_index=i,
            trigger=Span(text=root.text, start=root.idx, end=root.idx + len(root.text)),
            plover=Plover(type="ASSAULT"), source_actor=actor,
            evidence=Evidence(article_id="a1", sentence=sent.text, start=sent.start_char, end=sent.end_char)))
    return Document(Article(id="a1", text=text), doc, mentions)


@pytest.fixture(scope="module")
def geocoder(config):
    return Geocoder(config)


def test_locative_in_the_event_sentence(nlp, geocoder):
    text = "Armed gangs set fire to homes in the southern city of Osh on Friday night."
    (doc,) = geocoder([make_document(nlp, text)])
    place = doc.mentions[0].location
    assert place.geonameid == 1527534 and place.precision == "place" and place.country == "KGZ"
    assert "locative" in place.basis and "Osh" in place.basis
    assert doc.mentions[0].reasons["location"] == place.basis


def test_metonymic_capital_is_an_actor_not_the_place(nlp, geocoder):
    text = ("Rioters looted shops in Osh overnight. "
            "Moscow said it would send no troops.")
    (doc,) = geocoder([make_document(nlp, text)])
    statement = doc.mentions[1].location
    assert statement.name != "Moscow"  # "Moscow said": the Russian government speaking
    assert statement.precision == "country" and statement.country == "RUS"


def test_names_inside_actor_spans_are_ignored(nlp, geocoder):
    text = "Police from Bishkek dispersed a crowd in Jalal-Abad."
    (doc,) = geocoder([make_document(nlp, text, {0: "Police from Bishkek"})])
    assert doc.mentions[0].location.geonameid in {1528249, 1529778}  # Jalal-Abad town or its region


def test_thread_carries_the_place_to_later_sentences(nlp, geocoder):
    text = ("Clashes broke out in the town of Kara-Suu near the border. "
            "Witnesses reported that three shops burned.")
    (doc,) = geocoder([make_document(nlp, text)])
    first, second = (m.location for m in doc.mentions)
    assert second.geonameid == first.geonameid and "thread" in second.basis


def test_country_only_precision_is_said_not_hidden(nlp, geocoder):
    text = "Kyrgyzstan declared a state of emergency. The government imposed a curfew."
    (doc,) = geocoder([make_document(nlp, text)])
    place = doc.mentions[1].location
    assert place.precision == "country" and place.country == "KGZ"
    assert "only the country is known" in place.basis


def test_no_place_at_all_leaves_location_empty_with_a_reason(nlp, geocoder):
    text = "Protesters marched for an hour and then went home."
    (doc,) = geocoder([make_document(nlp, text)])
    assert doc.mentions[0].location is None
    assert "unknown" in doc.mentions[0].reasons["location"]


def test_indicators_are_located_too(nlp, geocoder):
    text = "Food is running out in Osh, aid workers warned."
    document = make_document(nlp, text)
    sent = next(nlp(text).sents)
    document.indicators.append(Indicator(kind="food", evidence=Evidence(
        article_id="a1", sentence=sent.text, start=sent.start_char, end=sent.end_char)))
    (doc,) = geocoder([document])
    assert doc.indicators[0].location.geonameid == 1527534


def test_document_without_a_parse_is_parsed_on_demand(nlp, geocoder):
    text = "Shelling hit a market in Donetsk."
    document = make_document(nlp, text)
    document.doc = None
    (doc,) = geocoder([document])
    assert doc.mentions[0].location.country == "UKR"


def test_to_places_an_event_only_after_a_verb_of_motion(nlp, geocoder):
    text = ("Refugees gathered in Kabul on Monday. They appealed to Russia for help. "
            "The army sent troops to Kunduz.")
    (doc,) = geocoder([make_document(nlp, text)])
    appeal, deployment = doc.mentions[1].location, doc.mentions[2].location
    assert appeal.name == "Kabul" and "thread" in appeal.basis  # Russia is asked, not where it happened
    assert deployment.name == "Kunduz" and deployment.precision == "place"


def test_the_event_verbs_own_locative_beats_another_clauses(nlp, geocoder):
    text = "Hundreds rallied in Bishkek on Sunday to demand justice for the victims in Osh."
    (doc,) = geocoder([make_document(nlp, text)])
    assert doc.mentions[0].location.name == "Bishkek"


def test_recalled_background_does_not_move_the_thread(nlp, geocoder):
    text = ("Gunmen attacked a market in Maiduguri on Tuesday. "
            "The region saw a similar raid in Kano in 2014. "
            "The attack was the deadliest this year.")
    document = make_document(nlp, text)
    document.mentions[1].historical = True
    (doc,) = geocoder([document])
    assert doc.mentions[1].location.name == "Kano"
    latest = doc.mentions[2].location
    assert latest.name == "Maiduguri", latest.basis
