"""Story mentions: the whole text's type becomes an event when no trigger sentence reports it."""

from __future__ import annotations

import pytest

import tocsin
from tocsin.config import load_config

PROTEST_AS_MODIFIER = ("Teachers of three state schools staged a protest demonstration outside the district office "
                       "in Mymensingh over unpaid salaries.")
SCENERY = ("The city's parks are at their best in spring, and many residents enjoy long evening walks along the "
           "river before dinner.")


@pytest.fixture(scope="module")
def extract():
    return lambda text: tocsin.extract(text, published="2020-05-12")


def test_a_story_is_coded_when_its_only_trigger_is_a_modifier(extract):
    # regression: "protest" modifying "demonstration" is a low-confidence mention that was
    # dropped later, and it used to stop the story mention too (no event at all)
    events = extract(PROTEST_AS_MODIFIER)
    assert [e.plover.type for e in events] == ["PROTEST"]
    event = events[0]
    assert event.reasons["type"].startswith("story typer: PROTEST")
    assert event.acled is not None and event.acled.event_type == "Protests"
    assert event.evidence[0].sentence == PROTEST_AS_MODIFIER
    assert event.confidence < 0.8  # a story mention is never as sure as a trigger


def test_a_description_gives_no_story_event(extract):
    assert extract(SCENERY) == []


def test_a_purpose_clause_anchors_at_the_act_that_happened(extract):
    # regression: "gathered ... to protest" anchored at the purpose ("to protest"), which is not
    # asserted, so the story gave no event; the gathering itself is the event
    text = ("On 7 May 2020, in Porto Alegre, nurses of a city hospital gathered in front of the building to "
            "protest against delays in wage payments.")
    events = extract(text)
    assert [e.plover.type for e in events] == ["PROTEST"]
    assert events[0].evidence[0].trigger.text == "gathered"
    assert events[0].date == "2020-05-07"


def test_a_negated_best_anchor_gives_way_to_the_next_sentence_that_asserts_the_event(extract):
    # regression: the best-supported lead sentence negated the event ("would not allow"), so the
    # story gave no event although the headline reports it
    text = ("President Drops Plans for Curfew in Capital\n\nThe president has promised that he would not allow "
            "the capital to be locked down by a new curfew. He dropped the plan on Sunday after talks with "
            "business leaders, his office said.")
    story = [e for e in extract(text) if e.reasons["type"].startswith("story typer")]
    assert [e.plover.type for e in story] == ["CONCEDE"]
    assert "would not allow" not in story[0].evidence[0].sentence


def test_a_story_event_takes_the_counts_of_its_sentence(extract):
    # regression: story mentions never carried counts ("the body of a woman was found": 1 killed)
    events = extract("Around 30 April 2020, in Macapa, Amapa, the dismembered body of a woman was found in a wooded "
                     "area. Circumstances of death are unknown.")
    story = [e for e in events if e.reasons["type"].startswith("story typer")]
    assert story and story[0].counts.killed is not None and story[0].counts.killed.best == 1


def test_a_reporting_verb_is_no_anchor_for_what_it_reports_as_not_done(extract):
    # regression: the typer read an assault into "said ... would never send troops to fight", and the
    # story anchored at "said", which is asserted; the event is the reported clause's, and it is negated
    text = ("The defence minister said on Monday that his country would never send troops to fight the rebels "
            "in the north.")
    assert [e for e in extract(text) if e.reasons["type"].startswith("story typer")] == []


def test_a_title_case_headline_verb_is_event_language(extract):
    # regression: spaCy tags title-case headline verbs as nouns ("Suspends"), and verbs whose CAMEO
    # code depends on their object ("suspend", "reject", "quit") are '---' in the typer's lexicon,
    # so a headline that reports the story's event was passed over as a description
    text = ("Island Nation Suspends Diplomatic Relations With Neighbour\n\nThe foreign ministry of the island "
            "nation said on Tuesday that all official contacts with its neighbour are over. Officials described "
            "the relationship as beyond repair.")
    story = [e for e in extract(text) if e.reasons["type"].startswith("story typer")]
    assert [e.plover.type for e in story] == ["SANCTION"]
    assert story[0].evidence[0].sentence.startswith("Island Nation Suspends")


@pytest.mark.parametrize("text, act", [
    ("Opposition Rejects Government Budget Plan", True),        # title-case verb tagged as a noun
    ("Rebels quit the talks in the capital.", True),             # '---' verb: its code depends on the object
    ("Two neighbours sign landmark peace agreement\n\nThe war was long.", True),  # a headline's noun
    ("Officials described the relationship as beyond repair.", False),
    ("The ministry said the talks were over.", False),           # statements only
])


def test_names_an_act(text, act):
    from tocsin.coding.coder import EventCoder
    from tocsin.nlp import load_nlp

    config = load_config(environ={})
    coder, doc = EventCoder(config), load_nlp(config)(text)
    assert coder._names_an_act(doc[:]) is act



@pytest.mark.parametrize("prob, kept", [(0.45, True), (0.35, False)])


def test_a_leading_reading_under_one_half_still_gives_the_story_event(prob, kept):
    # regression: the whole-text reading needed p >= 0.5, so a story whose type the typer reads first
    # but not by a majority lost its event; the mention's confidence (0.8 p) still meets min_confidence
    from dataclasses import replace

    from tocsin.coding import EventCoder
    from tocsin.ingest import article_from_text
    from tocsin.nlp import load_nlp
    from tocsin.pipeline import Document

    text = ("Prime Ministers Confer on Dam\n\nThe two prime ministers conferred by telephone on Sunday about "
            "the disputed dam, their offices said.")
    config = load_config(environ={})
    coder = EventCoder(config)
    real = coder.typer

    class Typer:
        lexicon = real.lexicon

        def predict(self, texts):
            return [replace(g, plover_prob=prob) if t == text else g for t, g in zip(texts, real.predict(texts))]

    coder.typer = Typer()
    article = article_from_text(text, published="2021-03-02")
    document = Document(article, load_nlp(config)(article.text))
    coder([document])
    story = [m for m in document.mentions if m.reasons["type"].startswith("story typer")]
    assert [m.plover.type for m in story] == (["CONSULT"] if kept else [])
    if kept:
        assert story[0].confidence == round(prob * 0.8, 3)


CLASH = ("Soldiers clashed with rebels near the border on Monday, killing four, and the army said the fighting "
         "went on into the night. The foreign ministry later summoned the ambassador of the neighbouring state.")


def test_a_headline_verb_the_parser_missed_is_the_main_event(extract):
    # "Decry" in a title-case headline is tagged as a name, so it was no trigger, and the body's clash
    # (the whole text's first reading) was the main event although the headline reports a protest
    from tocsin.coding.salience import main_event

    text = "Residents Decry New Curfew\n\n" + CLASH
    events = extract(text)
    headline = [e for e in events if e.reasons["type"].startswith("headline verb 'Decry'")]
    assert [e.plover.type for e in headline] == ["ACCUSE"]
    assert headline[0].confidence == 0.45
    assert main_event(events, text, load_config(environ={})).plover.type == "ACCUSE"


def test_no_headline_verb_event_when_the_text_is_sure_of_another_type(extract):
    events = extract("Opposition Decries Election Result\n\n" + CLASH)
    assert not any(e.reasons["type"].startswith("headline verb") for e in events)
